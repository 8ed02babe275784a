"""Staffing and premises issues: who may record and resolve them, the audit trail, and bad
input refused with a clear message and nothing saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from categorisation.issues import record_issue, resolve_issue
from categorisation.models import SchoolIssue
from schools.models import AuditEvent, School

DAY = datetime.timedelta(days=1)


def _form(**extra):
    return {
        "kind": "head_vacancy",
        "level": "some",
        "started_on": (timezone.localdate() - DAY).isoformat(),
        "description": "Head leaves at Easter; the post is advertised.",
        **extra,
    }


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ceo", 200),
        ("dop", 200),
        ("cfo", 403),
        ("trustee", 403),
        ("head", 403),
        ("exec_head", 403),
        ("governor", 403),
        ("reviewer", 403),
    ],
)
def test_only_the_ceo_and_dop_open_the_issues_page(client_for, school, role, status):
    url = reverse("categorisation:school_issues", args=[school("Glen Hills").pk])
    assert client_for(role).get(url).status_code == status
    assert client_for(role).post(url, _form()).status_code in (status, 302)
    assert SchoolIssue.objects.filter(school__name="Glen Hills").exists() == (status == 200)


def test_the_anonymous_visitor_is_sent_to_sign_in(client, school):
    url = reverse("categorisation:school_issues", args=[school("Glen Hills").pk])
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_recording_an_issue_is_audited_and_returns_to_the_assessment(client_for, school):
    glen = school("Glen Hills")
    back = f"/categorisation/meetings/1/assess/{glen.pk}/"
    response = client_for("dop").post(
        reverse("categorisation:school_issues", args=[glen.pk]) + f"?next={back}", _form()
    )
    assert response.status_code == 302 and response["Location"] == back
    issue = SchoolIssue.objects.get(school=glen)
    assert issue.recorded_by.email == "dop@example.org"
    event = AuditEvent.objects.filter(action=AuditEvent.Action.SCHOOL_ISSUE, school=glen).get()
    assert event.detail == "Recorded: Headteacher vacancy, some issues"


def test_an_outside_next_address_is_ignored(client_for, school):
    glen = school("Glen Hills")
    url = reverse("categorisation:school_issues", args=[glen.pk])
    response = client_for("dop").post(url + "?next=https://evil.example/", _form())
    assert response["Location"] == url


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("description", "", "Describe the issue."),
        ("started_on", "", "Say since when."),
        ("level", "", "Say how serious it is: minor, some or significant."),
        ("level", "none", "Select a valid choice."),  # "no issues" is not an issue
        ("kind", "fire", "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_and_saves_nothing(client_for, school, field, value, message):
    glen = school("Glen Hills")
    audited = AuditEvent.objects.filter(action=AuditEvent.Action.SCHOOL_ISSUE).count()
    response = client_for("dop").post(
        reverse("categorisation:school_issues", args=[glen.pk]), _form(**{field: value})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SchoolIssue.objects.filter(school=glen).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SCHOOL_ISSUE).count() == audited


def test_resolving_is_audited_and_refused_twice(client_for, cast, school):
    glen = school("Glen Hills")
    today = timezone.localdate()
    issue = record_issue(
        school=glen,
        kind="building_closure",
        level="minor",
        description="Boiler failure: two classrooms closed.",
        started_on=today - 5 * DAY,
        by=cast["dop"],
    )
    url = reverse("categorisation:resolve_school_issue", args=[issue.pk])
    prefix = f"i{issue.pk}"
    client = client_for("ceo")
    client.post(url, {f"{prefix}-resolved_on": today.isoformat(), f"{prefix}-resolution": "Fixed"})
    issue.refresh_from_db()
    assert issue.resolved_on == today and issue.resolved_by.email == "ceo@example.org"
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.SCHOOL_ISSUE, detail__startswith="Resolved"
    ).exists()
    with pytest.raises(ValidationError, match="already resolved"):
        resolve_issue(issue=issue, resolved_on=today, by=cast["dop"])


def test_resolving_before_it_began_or_in_the_future_is_refused(cast, school):
    today = timezone.localdate()
    issue = record_issue(
        school=school("Glen Hills"),
        kind="staffing",
        level="minor",
        description="Two teachers on long-term sick leave.",
        started_on=today - 2 * DAY,
        by=cast["dop"],
    )
    with pytest.raises(ValidationError, match="before it began"):
        resolve_issue(issue=issue, resolved_on=today - 3 * DAY, by=cast["dop"])
    with pytest.raises(ValidationError, match="not in the future"):
        resolve_issue(issue=issue, resolved_on=today + DAY, by=cast["dop"])
    issue.refresh_from_db()
    assert issue.is_open


def test_resolving_by_others_is_refused(client_for, cast, school):
    issue = record_issue(
        school=school("Glen Hills"),
        kind="staffing",
        level="minor",
        description="Vacancy for a Year 6 teacher.",
        started_on=timezone.localdate(),
        by=cast["dop"],
    )
    url = reverse("categorisation:resolve_school_issue", args=[issue.pk])
    data = {f"i{issue.pk}-resolved_on": timezone.localdate().isoformat()}
    for role in ("head", "trustee", "cfo", "governor"):
        assert client_for(role).post(url, data).status_code == 403
    issue.refresh_from_db()
    assert issue.is_open


def test_issues_are_recorded_only_for_tracked_schools(cast):
    closed = School.objects.create(
        name="Gone Primary", hub=School.objects.first().hub, status=School.Status.LEFT
    )
    with pytest.raises(ValidationError, match="member schools and schools in due diligence"):
        record_issue(
            school=closed,
            kind="staffing",
            level="minor",
            description="x",
            started_on=timezone.localdate(),
            by=cast["dop"],
        )


def test_the_form_offers_the_three_levels_of_an_issue():
    from categorisation.forms import SchoolIssueForm

    assert [v for v, _ in SchoolIssueForm().fields["level"].choices] == [
        "minor",
        "some",
        "significant",
    ]
