"""Every event names who and from where; an upload's outcome is the action's, not the
status code's; uploads and downloads name their school; and every change made in the admin
site is in the trail with each field from what to what, which the CEO reads beside the
record."""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from categorisation import scc
from schools.data.upload import template_csv
from schools.history import RecordsHistory
from schools.models import AuditEvent, Collection, School, User
from symphony.admin import ReadOnlyAdmin

Action = AuditEvent.Action


def last(action):
    return AuditEvent.objects.filter(action=action).order_by("-pk").first()


class _FormReader(HTMLParser):
    """What a browser would send for the page's change form, as it stands."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if a.get("type") in ("checkbox", "radio") else ""
            self.data.setdefault(name, []).append(a.get("value", default))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += (
                data.lstrip("\n") if not self.data[self._textarea][0] else data
            )


def _admin_post(client, url, **changes):
    """Post the admin change form as the page shows it, with ``changes`` made to it."""
    reader = _FormReader()
    reader.feed(client.get(url).content.decode())
    data = {k: v for k, v in reader.data.items() if k != "csrfmiddlewaretoken"}
    data.update({k: v for k, v in changes.items() if v is not None})
    for k in [k for k, v in changes.items() if v is None]:
        data.pop(k, None)  # an unticked box
    return client.post(url, data)


# Who and where


def test_a_change_to_an_account_in_the_admin_site_names_its_actor_and_address(client_for):
    head = User.objects.get(email="head.glenhills@example.org")
    client = client_for("cfo")
    url = reverse("admin:schools_user_change", args=[head.pk])
    response = _admin_post(client, url, is_active=None)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = last(Action.USER_CHANGED)
    assert event.detail == "head.glenhills@example.org: is_active: True to False"
    assert event.user_email == "cfo@example.org" and event.ip == "127.0.0.1"


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(client_for, settings):
    settings.SYMPHONY_PROXY_COUNT = 1
    settings.SYMPHONY_TRUSTED_PROXIES = ["127.0.0.1"]
    client = client_for("trustee")
    url = reverse("portal:kpi_report_download", args=["csv"])
    forged = "198.51.100.1, 203.0.113.7"
    client.get(url, HTTP_X_FORWARDED_FOR=forged, REMOTE_ADDR="127.0.0.1")
    assert last(Action.EXPORT).ip == "203.0.113.7"  # not the proxy's, nor what the client said
    client.get(url, HTTP_X_FORWARDED_FOR=forged, REMOTE_ADDR="192.0.2.5")  # not through it
    assert last(Action.EXPORT).ip == "192.0.2.5"


# Uploads: the outcome is the action's


def test_a_refused_scc_evidence_upload_is_recorded_as_refused_with_its_school(
    client_for, cast, school
):
    case = scc.enter_scc(
        school=school("Fairfield"), trigger="trust_concern", reason="x", by=cast["ceo"]
    )
    response = client_for("ceo").post(
        reverse("categorisation:scc_case", args=[case.pk]),
        {
            "action": "monitoring",
            "held_on": "",  # the form is shown again with its errors: a 200, nothing taken
            "causes_discussed-document": SimpleUploadedFile("minute.pdf", b"%PDF-1.7\n"),
        },
    )
    assert response.status_code == 200
    event = last(Action.UPLOAD)
    assert event.detail == "minute.pdf (refused: the form had errors)"
    assert event.school.name == "Fairfield"
    assert not case.moves.filter(kind="monitoring").exists()


def test_an_accepted_termly_upload_is_recorded_as_accepted_with_its_school(client_for):
    from tests.schools.data.test_upload import filled

    collection = Collection.objects.order_by("-term__starts_on").first()
    fresh = School.objects.exclude(submissions__collection=collection).first()
    figures = filled(phase=fresh.phase, season=collection.season)
    body = template_csv(phase=fresh.phase, season=collection.season, existing=figures)
    response = client_for("ceo").post(
        reverse("schools:submission", args=[collection.pk, fresh.pk]),
        {"action": "upload", "file": SimpleUploadedFile("figures.csv", body)},
    )
    assert response.status_code == 302
    event = last(Action.UPLOAD)
    assert event.detail == "figures.csv (accepted)" and event.school == fresh


def test_a_download_names_its_school(client_for, school):
    collection = Collection.objects.order_by("-term__starts_on").first()
    glen_hills = school("Glen Hills")
    url = reverse("schools:submission_template", args=[collection.pk, glen_hills.pk, "csv"])
    assert client_for("head").get(url).status_code == 200
    assert last(Action.EXPORT).school == glen_hills


def test_a_core_plan_pdf_names_its_school(client_for):
    from reviews.models import CorePlan

    plan = CorePlan.objects.select_related("school").first()
    response = client_for("dop").get(reverse("reviews:core_plan_pdf", args=[plan.pk]))
    assert response.status_code == 200
    assert last(Action.EXPORT).school == plan.school


# The history of what the admin site changes


OURS = {"schools", "categorisation", "reviews", "governance", "finance", "portal"}


def test_every_admin_that_can_change_a_record_keeps_its_history():
    forgetful = [
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if not isinstance(model_admin, ReadOnlyAdmin | RecordsHistory)
        and model_admin.model._meta.app_label in OURS
    ]
    assert forgetful == []


def test_a_change_in_the_admin_site_is_recorded_field_by_field(client_for, school):
    foxton = school("Foxton")
    client = client_for("cfo")
    url = reverse("admin:schools_school_change", args=[foxton.pk])
    response = _admin_post(client, url, name="Foxton Primary", phase="all_through")
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = last(Action.RECORD_CHANGED)
    assert event.user_email == "cfo@example.org" and event.ip == "127.0.0.1"
    assert event.school == foxton and event.record_type == "schools.school"
    assert event.record_id == str(foxton.pk)
    assert ["Name", "Foxton", "Foxton Primary"] in event.changes
    phase = [c for c in event.changes if c[0] == "Phase"]
    assert phase and phase[0][1] == "Primary" and phase[0][2] == "All-through"  # labels


def test_an_unchanged_save_records_nothing(client_for, school):
    foxton = school("Foxton")
    before = AuditEvent.objects.filter(action=Action.RECORD_CHANGED).count()
    client = client_for("cfo")
    response = _admin_post(client, reverse("admin:schools_school_change", args=[foxton.pk]))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=Action.RECORD_CHANGED).count() == before


def test_additions_and_deletions_are_recorded(client_for):
    client = client_for("cfo")
    response = client.post(reverse("admin:schools_hub_add"), {"name": "East"})
    assert response.status_code == 302
    hub = School._meta.get_field("hub").related_model.objects.get(name="East")
    assert last(Action.RECORD_CHANGED).detail == "Added hub “East”"
    response = client.post(reverse("admin:schools_hub_delete", args=[hub.pk]), {"post": "yes"})
    assert response.status_code == 302
    deleted = last(Action.RECORD_CHANGED)
    assert deleted.detail == "Deleted hub “East”" and deleted.record_id == str(hub.pk)


def test_a_password_set_in_the_admin_site_is_recorded_without_its_value(superuser_client):
    head = User.objects.get(email="head.glenhills@example.org")
    url = reverse("admin:auth_user_password_change", args=[head.pk])
    response = superuser_client.post(
        url, {"password1": "A-new-long-passphrase-1", "password2": "A-new-long-passphrase-1"}
    )
    assert response.status_code == 302
    event = last(Action.USER_CHANGED)
    assert event.detail == "head.glenhills@example.org: password changed"
    assert "passphrase" not in str(AuditEvent.objects.values_list("detail", "changes"))


@pytest.fixture
def superuser_client(client, demo):
    from tests.conftest import sign_in

    root = User.objects.create_superuser("root@example.org", "A-root-passphrase-1")
    sign_in(client, root)
    return client


# The CEO reads it beside the record


def test_the_ceo_reads_a_schools_admin_changes_on_its_page_and_nobody_else_does(client_for, school):
    foxton = school("Foxton")
    _admin_post(
        client_for("cfo"),
        reverse("admin:schools_school_change", args=[foxton.pk]),
        name="Foxton Primary",
    )
    page = reverse("schools:detail", args=[foxton.pk])
    ceo = client_for("ceo").get(page).content.decode()
    assert "Changes in the admin site" in ceo and "Foxton Primary" in ceo
    assert "cfo@example.org" in ceo
    for role in ("dop", "cfo", "trustee"):
        assert "Changes in the admin site" not in client_for(role).get(page).content.decode()


def test_the_audit_trail_shows_one_records_history(client_for, school):
    foxton = school("Foxton")
    _admin_post(
        client_for("cfo"),
        reverse("admin:schools_school_change", args=[foxton.pk]),
        name="Foxton Primary",
    )
    url = reverse("schools:audit") + f"?record=schools.school&id={foxton.pk}"
    response = client_for("ceo").get(url)
    events = list(response.context["page"].object_list)
    assert events and {e.record_id for e in events} == {str(foxton.pk)}
    assert "history of Foxton Primary" in response.content.decode()
    assert "Foxton → Foxton Primary" in response.content.decode()
