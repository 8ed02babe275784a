"""The audit trail's one way in. ``record`` writes an ``AuditEvent``; the
receivers below record sign-ins, failed sign-ins and sign-outs, category decisions, SCC
moves, review publication, accepted termly data and changes to users and roles; the
middleware records what only the request shows: refused access (403, or 404 for a
signed-in user), uploads, and downloads (exports, PDFs).

Every event names who and from where: an event recorded while a request is served (a
receiver fired by an admin-site save, say) takes its actor and address from that request,
the address read by ``symphony.security.client_ip`` (through the configured proxies only).
An upload's outcome is what the view says it was (``upload_outcome``), never guessed from
the status code; a view that serves or takes a school's file names the school (``about``).

Recording never breaks the user's request: a failure to write is logged, not raised."""

from __future__ import annotations

import contextvars
import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from symphony.security import client_ip

from .models import AuditEvent, Submission, User

logger = logging.getLogger(__name__)
Action = AuditEvent.Action

DOWNLOAD_TYPES = ("application/pdf", "text/csv", "application/vnd.openxmlformats", "text/calendar")


# The request being served, so receivers (which Django calls without one) know who and where.
_current = contextvars.ContextVar("audit_request", default=None)


def _ip(request):
    return client_ip(request) if request is not None else None


def about(request, school) -> None:
    """Say which school the file this request takes or serves belongs to."""
    request.audit_school = school


def upload_outcome(request, *, accepted: bool, reason: str = "", problems: int = 0) -> None:
    """Say what became of the files this request brought: taken, or refused and why (a
    reason, or the number of problems found in them)."""
    if problems and not reason:
        reason = f"{problems} problem{'s' if problems != 1 else ''}"
    request.audit_upload = (accepted, reason)


def record(
    action, *, request=None, user=None, school=None, detail="", email="", about=None, changes=()
):
    if request is None:
        request = _current.get()
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        user = candidate if getattr(candidate, "is_authenticated", False) else None
    try:
        with transaction.atomic():  # a savepoint: a failed write leaves the caller's intact
            AuditEvent.objects.create(
                action=action,
                user=user,
                user_email=(user.email if user is not None else email)[:254],
                school=school,
                school_name=school.name if school is not None else "",
                detail=str(detail)[:300],
                path=(request.get_full_path() if request is not None else "")[:300],
                ip=_ip(request),
                record_type=about._meta.label_lower if about is not None else "",
                record_id=str(about.pk) if about is not None else "",
                record_name=str(about)[:200] if about is not None else "",
                changes=[list(c) for c in changes],
            )
    except Exception:  # the trail must not take the page down with it
        logger.exception("Could not record the audit event %s", action)


# Signing in and out


@receiver(user_logged_in, dispatch_uid="audit-login")
def _logged_in(sender, request, user, **kwargs):
    record(Action.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="audit-logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Action.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # The address typed, never the password (Django masks it in ``credentials`` anyway).
    typed = credentials.get("username") or credentials.get("email") or ""
    record(
        Action.LOGIN_FAILED, request=request, email=str(typed), detail="Wrong e-mail or password"
    )


# Decisions and changes


# Each app that keeps governed records registers what the trail watches from its
# ``AppConfig.ready`` (categorisation: decisions and SCC moves; reviews: publication), so the
# ground records them without importing the app.


def on_create(model_label, action, describe):
    """Record ``action`` when a row of ``model_label`` is created, in the same transaction:
    a decision rolled back leaves no event behind. ``describe(row)`` gives (user, school,
    detail)."""

    def handler(sender, instance, created, raw=False, **kwargs):
        if created and not raw:
            user, school, detail = describe(instance)
            record(action, user=user, school=school, detail=detail)

    post_save.connect(handler, sender=model_label, weak=False, dispatch_uid=f"audit-{model_label}")


def on_change(model_label, field, value, action, describe):
    """Record ``action`` when ``field`` of an existing row becomes ``value``."""

    def untouched(update_fields) -> bool:
        return update_fields is not None and field not in update_fields

    def before(sender, instance, raw=False, update_fields=None, **kwargs):
        if raw or instance.pk is None or untouched(update_fields):
            instance._audit_was = None
            return
        instance._audit_was = (
            sender.objects.filter(pk=instance.pk).values_list(field, flat=True).first()
        )

    def after(sender, instance, created, raw=False, update_fields=None, **kwargs):
        if raw or untouched(update_fields):
            return
        was = getattr(instance, "_audit_was", None)
        if getattr(instance, field) == value and (created or was != value):
            user, school, detail = describe(instance)
            record(action, user=user, school=school, detail=detail)

    pre_save.connect(
        before, sender=model_label, weak=False, dispatch_uid=f"audit-pre-{model_label}"
    )
    post_save.connect(
        after, sender=model_label, weak=False, dispatch_uid=f"audit-post-{model_label}"
    )


on_change(
    "schools.Submission",
    "state",
    Submission.State.ACCEPTED,
    Action.SUBMISSION_ACCEPTED,
    lambda s: (s.reviewed_by, s.school, str(s.collection)),
)


# Users and roles (the admin site is where they change)

# A password change is recorded by ``schools.credentials``, which also ends what it must.
WATCHED = ("role", "is_active", "is_staff", "is_superuser", "email")


@receiver(pre_save, sender=User, dispatch_uid="audit-user-before")
def _user_before(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._audit_was = None
    # A save of other fields only (the last_login of every sign-in) has nothing to record.
    if update_fields is not None and not set(WATCHED) & set(update_fields):
        return
    if not raw and instance.pk is not None:
        instance._audit_was = sender.objects.filter(pk=instance.pk).values(*WATCHED).first()


@receiver(post_save, sender=User, dispatch_uid="audit-user-after")
def _user_after(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        detail = f"Created {instance.email} as {instance.get_role_display()}"
    else:
        was = getattr(instance, "_audit_was", None) or {}
        changes = [
            f"{name}: {was[name]} to {getattr(instance, name)}"
            for name in WATCHED
            if name in was and was[name] != getattr(instance, name)
        ]
        if not changes:
            return
        detail = f"{instance.email}: " + "; ".join(changes)
    record(Action.USER_CHANGED, user=None, detail=detail)


@receiver(m2m_changed, sender=User.schools.through, dispatch_uid="audit-user-schools")
def _user_schools(sender, instance, action, pk_set, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, User):
        verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
        detail = f"{instance.email}: schools {verb} {sorted(pk_set or [])}"
        record(Action.USER_CHANGED, user=None, detail=detail)


# What only the request shows


class AuditMiddleware:
    """After the view: refused access, uploads and downloads."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        try:
            self._record(request, response)
        except Exception:
            logger.exception("Could not audit %s", request.path)
        return response

    def _record(self, request, response):
        user = getattr(request, "user", None)
        signed_in = getattr(user, "is_authenticated", False)
        # A 404 counts when a page was asked for a record it would not show (another
        # school's, say), not for a path that is no page at all (a stray favicon).
        page = getattr(request, "resolver_match", None) is not None
        school = getattr(request, "audit_school", None)
        if response.status_code == 403 or (response.status_code == 404 and signed_in and page):
            record(Action.REFUSED, request=request, detail=f"HTTP {response.status_code}")
        elif request.method == "POST" and request.FILES and response.status_code < 500:
            names = ", ".join(f.name for f in request.FILES.values())
            # Taken only when the view says so: a form shown again with its errors is a 200.
            accepted, reason = getattr(request, "audit_upload", (False, ""))
            outcome = "accepted" if accepted else f"refused{': ' + reason if reason else ''}"
            record(
                Action.UPLOAD, request=request, school=school, detail=f"{names[:150]} ({outcome})"
            )
        elif response.status_code == 200 and "attachment" in response.get(
            "Content-Disposition", ""
        ):
            kind = response.get("Content-Type", "").split(";")[0]
            record(Action.EXPORT, request=request, school=school, detail=kind)
