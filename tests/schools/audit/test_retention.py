"""Retention: what is past the schedule in SYMPHONY_RETENTION_DAYS goes, with the
clock moved forward; what is not, stays. And a person's data can be exported or erased."""

import datetime
import json
from io import StringIO

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from schools.models import ApiToken, AuditEvent, Reminder
from schools.retention import apply_retention
from tests.factories import AuditEventFactory, ReminderFactory

NOW = timezone.now()
DAYS = {
    "audit_events": 100,
    "reminders": 50,
    "sessions": 0,
    "api_tokens": 30,
    "inactive_users": 200,
}


def later(days):
    return NOW + datetime.timedelta(days=days)


@override_settings(SYMPHONY_RETENTION_DAYS=DAYS)
def test_audit_events_go_after_their_age_and_not_before(cast):
    event = AuditEventFactory(action=AuditEvent.Action.LOGIN, user=cast["ceo"])
    assert apply_retention(now=later(99))["audit_events"] == 0
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert apply_retention(now=later(101))["audit_events"] >= 1
    assert not AuditEvent.objects.filter(pk=event.pk).exists()


@override_settings(SYMPHONY_RETENTION_DAYS=DAYS)
def test_sent_and_given_up_reminders_go_and_waiting_ones_stay(demo):
    sent = ReminderFactory(
        key="t:sent",
        topic="t",
        recipients="a@example.org",
        subject="s",
        body="b",
        state=Reminder.State.SENT,
        sent_at=NOW,
    )
    waiting = ReminderFactory(
        key="t:waiting", topic="t", recipients="a@example.org", subject="s", body="b"
    )
    given_up = ReminderFactory(state=Reminder.State.GIVEN_UP, attempts=5)
    apply_retention(now=later(49))
    assert Reminder.objects.filter(pk=sent.pk).exists()
    assert Reminder.objects.filter(pk=given_up.pk).exists()
    apply_retention(now=later(51))
    assert not Reminder.objects.filter(pk=sent.pk).exists()
    assert not Reminder.objects.filter(pk=given_up.pk).exists()  # its addresses go too
    assert Reminder.objects.filter(pk=waiting.pk).exists()  # never lost while waiting


@override_settings(SYMPHONY_RETENTION_DAYS=DAYS)
def test_expired_sessions_and_revoked_tokens_go(cast):
    store = SessionStore()
    store["x"] = 1
    store.set_expiry(60)
    store.create()
    token, _key = ApiToken.issue(user=cast["ceo"], name="Power BI")
    live, _ = ApiToken.issue(user=cast["ceo"], name="Still used")
    token.revoked_at = NOW
    token.save()
    apply_retention(now=NOW)
    assert Session.objects.filter(session_key=store.session_key).exists()
    apply_retention(now=later(31))
    assert not Session.objects.filter(session_key=store.session_key).exists()
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert ApiToken.objects.filter(pk=live.pk).exists()


@override_settings(SYMPHONY_RETENTION_DAYS=DAYS)
def test_expired_tokens_go_after_the_age_of_revoked_ones(cast):
    expired, _key = ApiToken.issue(user=cast["ceo"], name="Old script")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=NOW)
    live, _ = ApiToken.issue(user=cast["ceo"], name="Still used")
    apply_retention(now=later(29))
    assert ApiToken.objects.filter(pk=expired.pk).exists()
    apply_retention(now=later(31))
    assert not ApiToken.objects.filter(pk=expired.pk).exists()
    assert ApiToken.objects.filter(pk=live.pk).exists()


@override_settings(SYMPHONY_RETENTION_DAYS=DAYS)
def test_a_deactivated_account_is_anonymised_after_its_age(cast):
    head = cast["head"]
    head.last_login = NOW
    head.is_active = False
    head.save()
    active = cast["dop"]
    active.last_login = NOW
    active.save()
    assert apply_retention(now=later(199))["inactive_users"] == 0
    assert apply_retention(now=later(201))["inactive_users"] == 1
    head.refresh_from_db()
    assert head.email == f"former-user-{head.pk}@invalid.example"
    assert head.full_name == "Former user" and not head.has_usable_password()
    assert not head.schools.exists()
    active.refresh_from_db()
    assert active.email == "dop@example.org"  # still active: untouched
    assert apply_retention(now=later(400))["inactive_users"] == 0  # done once


def test_the_nightly_task_runs_the_schedule(demo):
    from schools.tasks import apply_retention as task

    result = task.apply().get()
    assert set(result) == {"audit_events", "reminders", "sessions", "api_tokens", "inactive_users"}


def test_a_persons_data_is_exported_without_secrets(cast):
    ApiToken.issue(user=cast["trustee"], name="Power BI")
    out = StringIO()
    call_command("person_data", "export", "trustee@example.org", stdout=out)
    data = json.loads(out.getvalue())
    assert data["user"]["fields"]["email"] == "trustee@example.org"
    assert "password" not in data["user"]["fields"]
    tokens = data["records"]["schools.ApiToken"]
    assert tokens and all("key_hash" not in t["fields"] for t in tokens)


def test_a_governor_is_erased_and_their_governance_record_anonymised(cast):
    from governance.models import Person

    governor = cast["governor"]
    person = Person.objects.filter(user=governor).first()
    out = StringIO()
    call_command("person_data", "erase", governor.email, stdout=out)
    governor.refresh_from_db()
    assert governor.full_name == "Former user" and not governor.is_active
    if person is not None:
        person.refresh_from_db()
        assert person.full_name == "Former governor" and person.email == ""


def test_an_unknown_address_is_a_clear_error(demo):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No account has the address nobody@example.org"):
        call_command("person_data", "export", "nobody@example.org")


def test_the_privacy_page_states_the_schedule(client_for):
    body = client_for("head").get(reverse("schools:privacy")).content.decode()
    assert "No pupil records" in body
    assert "2190 days" in body  # the audit trail, six years by default
    assert "manage.py person_data export" in body
