"""The central team maintains every record of the portal's apps in the admin site: each
model's list opens, searches, and decisions appended in the portal are read-only there."""

import pytest
from django.contrib import admin
from django.urls import reverse

APPS = {"schools", "categorisation", "reviews", "governance", "finance"}
# The audit trail is the CEO's to read in the portal; the central team has no way into it.
HIDDEN = {("schools", "auditevent")}
MODELS = sorted(
    (m._meta.app_label, m._meta.model_name)
    for m in admin.site._registry
    if m._meta.app_label in APPS and (m._meta.app_label, m._meta.model_name) not in HIDDEN
)


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_the_central_team_opens_and_searches_every_list(client_for, app, model):
    client = client_for("cfo")
    changelist = reverse(f"admin:{app}_{model}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist + "?q=Foxton").status_code == 200


def test_the_central_team_cannot_read_the_audit_trail_in_the_admin(client_for):
    client = client_for("cfo")
    assert client.get(reverse("admin:schools_auditevent_changelist")).status_code == 403


# The central team's group holds exactly what its job needs (schools.staff), no more.

CENTRAL_TEAM = {
    "schools": {
        "user": "view add change",
        "hub": "view add change delete",
        "school": "view add change",
        "ofstedinspection": "view add change delete",
        "academicyear": "view add change delete",
        "term": "view add change delete",
        "halfterm": "view add change delete",
        "collection": "view add change",
        "submission": "view",
        "nationalbenchmark": "view add change delete",
        "trustjudgement": "view add change delete",
        "reminder": "view change",
    },
    "categorisation": {
        "riskmeeting": "view",
        "assessment": "view",
        "scccase": "view",
        "sccmove": "view",
        "sccletter": "view",
        "sccinvolvement": "view",
        "categoryletter": "view",
        "schoolissue": "view",
    },
    "reviews": {
        "peerreview": "view change",
        "reviewteammember": "view add change delete",
        "focusarea": "view add change delete",
        "reviewreport": "view",
        "coreplan": "view",
        "action": "view",
        "progressnote": "view",
        "schoolreview": "view",
        "trustpriority": "view add change delete",
        "priorityprogress": "view",
        "tdgdeployment": "view change",
    },
    "governance": {
        "body": "view add change delete",
        "person": "view add change delete",
        "appointment": "view add change delete",
        "interest": "view add change delete",
        "training": "view add change delete",
        "skill": "view add change delete",
        "skillrating": "view",
        "meeting": "view add change delete",
        "attendance": "view add change delete",
        "meetingaction": "view add change delete",
    },
    "finance": {
        "budgetline": "view add change delete",
        "monthlyfigure": "view add change delete",
        "financetarget": "view add change delete",
        "riskregister": "view add change delete",
        "risk": "view add change delete",
        "riskreview": "view add change delete",
        "balance": "view add change delete",
        "scafunding": "view add change delete",
        "estatesproject": "view add change delete",
        "projectentry": "view add change delete",
        "contract": "view add change delete",
        "estatesreportcopy": "view",
    },
    "portal": {"boardreport": "view"},
}


@pytest.mark.django_db
def test_the_central_team_group_holds_exactly_the_permissions_its_job_needs():
    from django.contrib.auth.models import Group

    expected = {
        (app, f"{action}_{model}")
        for app, models in CENTRAL_TEAM.items()
        for model, actions in models.items()
        for action in actions.split()
    }
    group = Group.objects.get(name="Central team")  # made by a migration, not the demo
    held = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert held == expected


@pytest.mark.django_db
def test_a_permission_added_to_the_group_by_hand_is_gone_at_the_next_migrate():
    from django.contrib.auth.models import Group, Permission
    from django.core.management import call_command

    group = Group.objects.get(name="Central team")
    group.permissions.add(Permission.objects.get(codename="change_user"))
    group.permissions.add(Permission.objects.get(codename="view_auditevent"))
    group.permissions.add(Permission.objects.get(codename="delete_school"))
    call_command("migrate", verbosity=0)
    held = set(group.permissions.values_list("codename", flat=True))
    assert "view_auditevent" not in held and "delete_school" not in held
    assert "change_user" in held


@pytest.mark.parametrize("model", ["assessment", "sccmove"])
def test_decisions_cannot_be_added_or_changed_in_the_admin(client_for, model):
    assert client_for("cfo").get(reverse(f"admin:categorisation_{model}_add")).status_code == 403


# No one raises privileges in the admin site but a superuser.


def _user(email):
    from schools.models import User

    return User.objects.get(email=email)


def test_the_central_team_cannot_raise_its_own_privileges(client_for):
    cfo = _user("cfo@example.org")
    url = reverse("admin:schools_user_change", args=[cfo.pk])
    response = client_for("cfo").post(
        url, {"email": cfo.email, "full_name": cfo.full_name, "role": "ceo", "is_superuser": "on"}
    )
    assert response.status_code == 403
    cfo.refresh_from_db()
    assert (cfo.role, cfo.is_superuser) == ("cfo", False)


@pytest.mark.parametrize("email", ["ceo@example.org", "dop@example.org", "trustee@example.org"])
def test_the_central_team_cannot_take_over_a_leaders_account(client_for, email):
    leader = _user(email)
    client = client_for("cfo")
    url = reverse("admin:schools_user_change", args=[leader.pk])
    page = client.get(url)  # the central team may read the account, never change it
    assert page.status_code == 200 and 'name="email"' not in page.content.decode()
    response = client.post(url, {"email": "cfo.owns.this@example.org", "full_name": "x"})
    assert response.status_code == 403
    password = reverse("admin:auth_user_password_change", args=[leader.pk])
    assert client.post(password, {"password1": "x" * 16, "password2": "x" * 16}).status_code == 403
    leader.refresh_from_db()
    assert leader.email == email and leader.check_password("symphony-demo")


def test_the_central_team_maintains_a_heads_account_but_not_its_role(client_for):
    head = _user("head.glenhills@example.org")
    url = reverse("admin:schools_user_change", args=[head.pk])
    page = client_for("cfo").get(url)
    assert page.status_code == 200
    assert 'name="role"' not in page.content.decode()  # shown, not editable
    response = client_for("cfo").post(
        url,
        {
            "email": head.email,
            "full_name": "Renamed Head",
            "schools": [s.pk for s in head.schools.all()],
            "is_active": "on",
            "role": "ceo",
            "is_staff": "on",
            "is_superuser": "on",
            "last_login_0": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    head.refresh_from_db()
    assert head.full_name == "Renamed Head"
    assert (head.role, head.is_staff, head.is_superuser) == ("headteacher", False, False)


def test_a_new_account_from_the_central_team_has_no_role_or_password(client_for):
    response = client_for("cfo").post(
        reverse("admin:schools_user_add"),
        {"email": "new.person@example.org", "full_name": "New Person", "role": "ceo"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    made = _user("new.person@example.org")
    assert (made.role, made.is_staff, made.has_usable_password()) == ("", False, False)


def test_a_superuser_still_sets_roles(client, cast):
    from schools.models import User
    from tests.conftest import sign_in

    root = User.objects.create_superuser("root@example.org", "a-long-password-here")
    sign_in(client, root)
    head = _user("head.glenhills@example.org")
    page = client.get(reverse("admin:schools_user_change", args=[head.pk]))
    assert 'name="role"' in page.content.decode()


# Governed records change only through the portal's rules: read-only here.


def test_a_published_review_cannot_be_rewritten_in_the_admin(client_for):
    from reviews.models import PeerReview

    review = PeerReview.objects.filter(status="published").first()
    client = client_for("cfo")
    url = reverse("admin:reviews_peerreview_change", args=[review.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="overall_outcome"' not in page.content.decode()
    before = review.overall_outcome
    response = client.post(url, {"overall_outcome": "outstanding", "status": "planned"})
    assert response.status_code == 403
    review.refresh_from_db()
    assert (review.overall_outcome, review.status) == (before, "published")
    assert client.get(reverse("admin:reviews_peerreview_add")).status_code == 403


def test_a_review_still_being_planned_can_be_corrected(client_for):
    from reviews.models import PeerReview

    review = PeerReview.objects.exclude(status__in=["moderated", "published"]).first()
    page = client_for("cfo").get(reverse("admin:reviews_peerreview_change", args=[review.pk]))
    assert 'name="planned_on"' in page.content.decode()


@pytest.mark.parametrize(
    "model", ["riskmeeting", "scccase", "sccletter", "assessment", "sccmove", "sccinvolvement"]
)
def test_meetings_cases_and_letters_are_not_made_in_the_admin(client_for, model):
    assert client_for("cfo").get(reverse(f"admin:categorisation_{model}_add")).status_code == 403


def test_a_risk_meeting_cannot_be_changed_in_the_admin(client_for):
    from categorisation.models import RiskMeeting

    meeting = RiskMeeting.objects.first()
    url = reverse("admin:categorisation_riskmeeting_change", args=[meeting.pk])
    response = client_for("cfo").post(url, {"held_on": "2020-01-01", "minutes": "rewritten"})
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.minutes != "rewritten"


def test_a_sent_reminder_is_kept_as_it_went(client_for):
    from schools.models import Reminder
    from tests.factories import ReminderFactory

    sent = ReminderFactory(state=Reminder.State.SENT)
    url = reverse("admin:schools_reminder_change", args=[sent.pk])
    assert client_for("cfo").post(url, {"subject": "rewritten"}).status_code == 403
    assert client_for("cfo").get(reverse("admin:schools_reminder_add")).status_code == 403
