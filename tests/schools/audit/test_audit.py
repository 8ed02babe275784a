"""The audit trail: what is recorded, who reads it, and that nobody can edit or
delete it through the portal."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from categorisation import scc
from categorisation.models import SccCase
from schools.models import AuditEvent, Role, User
from tests.factories import AuditEventFactory

Action = AuditEvent.Action


def last(action):
    return AuditEvent.objects.filter(action=action).order_by("-pk").first()


def test_a_sign_in_and_a_failed_one_are_recorded(client, cast):
    client.post(reverse("login"), {"username": "dop@example.org", "password": "wrong"})
    failed = last(Action.LOGIN_FAILED)
    assert failed.user is None and failed.user_email == "dop@example.org"
    assert "wrong" not in failed.detail
    client.post(reverse("login"), {"username": "dop@example.org", "password": "symphony-demo"})
    signed_in = last(Action.LOGIN)
    assert signed_in.user == cast["dop"] and signed_in.ip == "127.0.0.1"
    assert signed_in.at.tzinfo is not None  # stored in UTC


def test_refused_access_is_recorded_with_the_page(client_for, school):
    foxton = school("Foxton")
    assert client_for("head").get(reverse("schools:detail", args=[foxton.pk])).status_code == 404
    refused = last(Action.REFUSED)
    assert refused.user_email == "head.glenhills@example.org"
    assert refused.path == f"/schools/{foxton.pk}/" and refused.detail == "HTTP 404"
    assert client_for("head").get(reverse("finance:import")).status_code == 403
    assert last(Action.REFUSED).detail == "HTTP 403"


def test_a_path_that_is_no_page_is_not_a_refusal(client_for):
    before = AuditEvent.objects.filter(action=Action.REFUSED).count()
    assert client_for("dop").get("/favicon.ico").status_code == 404
    assert AuditEvent.objects.filter(action=Action.REFUSED).count() == before


def test_downloads_are_recorded(client_for):
    response = client_for("trustee").get(reverse("portal:kpi_report_download", args=["csv"]))
    assert response.status_code == 200
    export = last(Action.EXPORT)
    assert export.user_email == "trustee@example.org" and export.detail == "text/csv"
    assert export.path == "/data/kpi-report.csv"


def test_an_upload_is_recorded_whether_accepted_or_refused(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("export.csv", b"school,year\n=1+1,x\n")
    response = client_for("cfo").post(reverse("finance:import"), {"file": bad})
    assert response.status_code == 422
    upload = last(Action.UPLOAD)
    assert (
        upload.detail == "export.csv (refused: 5 problems)"
        and upload.user_email == "cfo@example.org"
    )


def test_decisions_are_recorded_when_they_commit(
    decide, school, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decide(school("Thornton"), 3)
    event = last(Action.CATEGORY_DECISION)
    assert event.school.name == "Thornton" and event.school_name == "Thornton"
    assert event.user == cast["dop"] and event.detail == (
        "Category 3 (suggested 3); leadership capacity limited"
    )
    with django_capture_on_commit_callbacks(execute=True):
        scc.enter_scc(
            school=school("Thornton"),
            trigger=SccCase.Trigger.TRUST_CONCERN,
            reason="Writing fell two years running.",
            by=cast["ceo"],
        )
    move = last(Action.SCC_MOVE)
    assert move.user == cast["ceo"] and "level 1" in move.detail


def test_a_role_change_and_a_deactivation_are_recorded(cast, django_capture_on_commit_callbacks):
    head = cast["head"]
    with django_capture_on_commit_callbacks(execute=True):
        head.role = Role.EXECUTIVE_HEADTEACHER
        head.save()
    assert "role: headteacher to executive_headteacher" in last(Action.USER_CHANGED).detail
    with django_capture_on_commit_callbacks(execute=True):
        head.is_active = False
        head.save()
    assert "is_active: True to False" in last(Action.USER_CHANGED).detail
    with django_capture_on_commit_callbacks(execute=True):
        head.save()  # nothing changed: nothing recorded
    assert "is_active" in last(Action.USER_CHANGED).detail


def test_an_event_cannot_be_changed_or_deleted(cast):
    event = AuditEventFactory(action=Action.LOGIN, user=cast["ceo"])
    event.detail = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="tampered")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == ""


def test_the_admin_site_shows_the_trail_read_only(cast):
    admin = site._registry[AuditEvent]
    request = RequestFactory().get(reverse("admin:index"))
    request.user = User.objects.filter(is_superuser=True).first() or cast["ceo"]
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)


LOGIN = 302


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", LOGIN),
        ("ceo", 200),
        ("dop", 403),
        ("cfo", 403),
        ("head", 403),
        ("exec_head", 403),
        ("trustee", 403),
        ("governor", 403),
        ("reviewer", 403),
    ],
)
def test_only_the_ceo_reads_the_trail(client_for, role, status):
    assert client_for(role).get(reverse("schools:audit")).status_code == status


def test_the_trail_page_filters_and_escapes(client_for, cast):
    AuditEventFactory(
        action=Action.UPLOAD,
        user=cast["head"],
        user_email="head.glenhills@example.org",
        detail="<script>alert(1)</script>.csv (refused)",
    )
    page = client_for("ceo").get(reverse("schools:audit") + "?action=upload")
    body = page.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.csv" in body and "<script>alert" not in body
    assert all(e.action == "upload" for e in page.context["page"].object_list)


def test_the_trail_page_costs_the_same_however_long_the_trail(
    client_for, cast, django_assert_max_num_queries
):
    client = client_for("ceo")
    AuditEvent.objects.bulk_create(
        AuditEvent(action=Action.LOGIN, user=cast["dop"], user_email="dop@example.org")
        for _ in range(200)
    )
    with django_assert_max_num_queries(12):
        assert client.get(reverse("schools:audit")).status_code == 200


def test_times_show_in_utc(client_for, cast):
    from django.db import connection

    event = AuditEventFactory(action=Action.LOGIN, user=cast["ceo"])
    summer = datetime.datetime(2026, 7, 1, 9, 30, tzinfo=datetime.UTC)
    with connection.cursor() as cursor:  # the model refuses changes; set the time directly
        cursor.execute("UPDATE schools_auditevent SET at = %s WHERE id = %s", [summer, event.pk])
    body = client_for("ceo").get(reverse("schools:audit") + "?action=login").content.decode()
    # London is on summer time (10:30) that day; the trail prints UTC.
    assert timezone.get_current_timezone_name() == "Europe/London"
    assert "2026-07-01 09:30:00" in body


def test_publication_and_accepted_data_are_recorded(cast, django_capture_on_commit_callbacks):
    from reviews.models import PeerReview
    from schools.data import services as data_services
    from schools.models import Submission

    review = PeerReview.objects.exclude(status="published").first()
    with django_capture_on_commit_callbacks(execute=True):
        review.status = "published"
        review.published_by = cast["dop"]
        review.save()
    published = last(Action.REVIEW_PUBLISHED)
    assert published.user == cast["dop"] and published.school == review.school
    submitted = Submission.objects.filter(state=Submission.State.SUBMITTED).first()
    if submitted is None:
        submitted = Submission.objects.filter(state=Submission.State.ACCEPTED).first()
        Submission.objects.filter(pk=submitted.pk).update(state=Submission.State.SUBMITTED)
        submitted.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        data_services.review_submission(submission=submitted, accept=True, by=cast["dop"])
    accepted = last(Action.SUBMISSION_ACCEPTED)
    assert accepted.school == submitted.school and accepted.user == cast["dop"]


def test_a_sign_in_reads_no_old_user_row_for_the_trail(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    before = AuditEvent.objects.filter(action=Action.USER_CHANGED).count()
    with CaptureQueriesContext(connection) as queries:
        client.post(
            reverse("login"),
            {"username": "head.glenhills@example.org", "password": "symphony-demo"},
        )
    # update_last_login saves last_login only: the trail's look-up of the watched fields
    # (a SELECT of role, is_staff... without the password) is skipped, nothing recorded.
    lookups = [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT")
        and '"is_staff"' in q["sql"]
        and '"password"' not in q["sql"]
    ]
    assert lookups == []
    assert AuditEvent.objects.filter(action=Action.USER_CHANGED).count() == before
