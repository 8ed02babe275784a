"""Multi-factor authentication (the DfE's cyber security standards for schools): a time-based
one-time code (TOTP, any authenticator app) after the password, with ten single-use recovery
codes. django-otp keeps the devices and marks a session verified.

Required for the roles that reach the whole trust's sensitive data and for people from
outside the trust (``SYMPHONY_MFA_REQUIRED_ROLES``: by default the CEO, DoP, CFO, Finance &
Operations Lead, central admin and external reviewers) and for every account that can use
the admin site; anyone else may turn it on, and once on it is asked for at every sign-in.
``MfaMiddleware`` is the one place that enforces it: a signed-in session that is not
verified reaches only the MFA pages and sign-out."""

from __future__ import annotations

import secrets
from urllib.parse import quote

from django.conf import settings
from django.shortcuts import redirect
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
ENROLLED = "symphony_mfa_enrolled"
OPEN_PATHS = ("/accounts/mfa/", "/accounts/logout/", "/static/", "/healthz")


def requires_mfa(user) -> bool:
    return bool(
        user.is_staff or user.is_superuser or user.role in settings.SYMPHONY_MFA_REQUIRED_ROLES
    )


def has_device(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def enrolled(request) -> bool:
    """Whether the signed-in user has a second factor: asked of the database once per
    session, not on every page of someone who has none."""
    value = request.session.get(ENROLLED)
    if value is None:
        value = request.session[ENROLLED] = has_device(request.user)
    return value


def totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with ten new ones (shown once)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [f"{secrets.token_hex(2)}-{secrets.token_hex(2)}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


class MfaMiddleware:
    """After django-otp's OTPMiddleware: an unverified session of a user who has (or must
    have) a second factor is sent to verify (or set up) before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PATHS)
        ):
            # The page asked for comes back after the code, query string and all.
            after = quote(request.get_full_path(), safe="/")
            if requires_mfa(user):
                # Stuck here until verified, so asking the database each time costs little.
                step = "" if has_device(user) else "setup/"
                return redirect(f"/accounts/mfa/{step}?next={after}")
            if enrolled(request):
                return redirect(f"/accounts/mfa/?next={after}")
        return self.get_response(request)
