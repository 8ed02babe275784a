"""Credentials that stand in for a signed-in person end when the person's intent does.

A person's API tokens and the private address of their calendar feed let a program act
as them without a password. Changing the password (on the page, by the reset e-mail, in
the admin site or ``manage.py changepassword``) says "whoever knew the old one must stop":
every live token is revoked and the feed gets a new address. Deactivating the account
does the same, so reactivating it later brings none of the old credentials back.

Django re-hashing an unchanged password at sign-in (a hasher upgrade) is not a change
(``AbstractBaseUser.check_password`` clears ``_password`` for it), so it ends nothing.

While they live, their use is kept: ``mark_used`` moves a token's "last used" (a feed's
"last read") on, at most once a minute, and the first use of each day is a row in the
audit trail, so the trail shows which programs read as whom without a row per request."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from . import audit, services
from .models import ApiToken, AuditEvent, CalendarFeed, User

NEW_PASSWORD = "password changed"  # noqa: S105 (a reason, not a password)
DEACTIVATED = "account deactivated"


def end_credentials(user, *, reason: str) -> None:
    """Revoke ``user``'s live API tokens and give their calendar feed a new address."""
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is not None:
        services.reset_calendar_feed(feed=feed)
    # A password change is always recorded (never the password); a deactivation is already
    # recorded as the change of is_active, so only what it ended is added.
    ended = []
    if revoked or feed is not None:
        ended = [f"{revoked} API token{'s' if revoked != 1 else ''} revoked"]
        if feed is not None:
            ended.append("calendar feed address reset")
    if ended or reason == NEW_PASSWORD:
        detail = f"{user.email}: {reason}" + (f"; {' and '.join(ended)}" if ended else "")
        audit.record(AuditEvent.Action.USER_CHANGED, user=None, detail=detail)


EVERY = datetime.timedelta(minutes=1)


class _Masked:
    """A request as the audit trail reads it (its address, its path), with the path given:
    a feed's path is its secret and must not be written down."""

    user = None

    def __init__(self, request, path):
        self.META = request.META
        self._path = path

    def get_full_path(self):
        return self._path


def mark_used(row, *, field: str, action, request, detail: str, path: str | None = None):
    """Note that ``row`` (an API token or a calendar feed, with a ``user``) was just used:
    its ``field`` moves on at most once a ``EVERY``; the first use of the day (local time)
    records ``action`` in the audit trail. The conditional update makes that first use one
    row however many requests arrive at once. ``path`` replaces the request's own in the
    trail when that holds a secret."""
    now = timezone.now()
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    rows = type(row).objects.filter(pk=row.pk)
    last = getattr(row, field)
    if last is None or last < midnight:
        # Perhaps the day's first use: the update that moves it past midnight decides.
        unused_today = Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": midnight})
        if rows.filter(unused_today).update(**{field: now}):
            seen = request if path is None else _Masked(request, path)
            audit.record(action, request=seen, user=row.user, detail=detail)
            setattr(row, field, now)
            return
    if last is None or now - last >= EVERY:
        rows.update(**{field: now})
    setattr(row, field, now)


def _password_changed(user, stored_hash: str) -> bool:
    if user.password == stored_hash:
        return False
    # set_password() was called (not a re-hash of the same password), or the password
    # was made unusable (an account closed or anonymised).
    return user._password is not None or not user.has_usable_password()


@receiver(pre_save, sender=User, dispatch_uid="credentials-before")
def _before(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._credentials_end = None
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return  # the last_login of every sign-in, say
    was = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if was is None:
        return
    if was["is_active"] and not instance.is_active:
        instance._credentials_end = DEACTIVATED
    elif _password_changed(instance, was["password"]):
        instance._credentials_end = NEW_PASSWORD


@receiver(post_save, sender=User, dispatch_uid="credentials-after")
def _after(sender, instance, created, raw=False, **kwargs):
    reason = getattr(instance, "_credentials_end", None)
    if reason and not raw:
        instance._credentials_end = None
        end_credentials(instance, reason=reason)
