"""The retention schedule: what is past its age in
``settings.SYMPHONY_RETENTION_DAYS`` is removed, or, for a deactivated account, anonymised
(the decisions it made stay, signed by "Former user"). Run nightly by
``schools.apply_retention``; ``now`` moves the clock in tests."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import person_data
from .models import ApiToken, AuditEvent, Reminder, User


def _before(kind: str, now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=settings.SYMPHONY_RETENTION_DAYS[kind])


def anonymise(user: User) -> None:
    """Keep the row (decisions point at it), drop everything that names the person."""
    user.email = f"former-user-{user.pk}@invalid.example"
    user.full_name = "Former user"
    user.is_active = False
    user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.schools.clear()
    user.api_tokens.all().delete()
    for holder in person_data.holders():  # what other apps hold about the person
        holder.anonymise(user)


@transaction.atomic
def apply_retention(*, now: datetime.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    done = {
        "audit_events": AuditEvent.objects.purge_before(_before("audit_events", now)),
        # A given-up reminder is kept as long as a sent one, counted from when it was queued.
        "reminders": Reminder.objects.filter(
            Q(state=Reminder.State.SENT, sent_at__lt=_before("reminders", now))
            | Q(state=Reminder.State.GIVEN_UP, created_at__lt=_before("reminders", now))
        ).delete()[0],
        "sessions": Session.objects.filter(expire_date__lt=_before("sessions", now)).delete()[0],
        "api_tokens": ApiToken.objects.filter(
            Q(revoked_at__lt=_before("api_tokens", now))
            | Q(expires_at__lt=_before("api_tokens", now))
        ).delete()[0],
    }
    stale = _before("inactive_users", now)
    inactive = (
        User.objects.filter(is_active=False)
        .exclude(email__startswith="former-user-")
        .filter(Q(last_login__lt=stale) | Q(last_login__isnull=True, date_joined__lt=stale))
    )
    done["inactive_users"] = 0
    for user in inactive:
        anonymise(user)
        done["inactive_users"] += 1
    return done
