"""Signing in and staying signed in: the lock-out's key and page, and session lifetimes.

django-axes counts failed sign-ins per e-mail address and IP address (settings
``AXES_*``); this module tells it how to read the address (``client_ip``, believing a
proxy's X-Forwarded-For only from ``SYMPHONY_TRUSTED_PROXIES``) and what to show once
locked out. ``SessionTimeoutMiddleware`` ends sessions on the server: after
``SESSION_COOKIE_AGE`` idle, ``SESSION_ABSOLUTE_AGE`` after signing in, and at once for
a user who has been deactivated. ``within_limit`` is the throttle the password reset uses.
"""

import functools
import hashlib
import ipaddress
import math
import time

from django.apps import AppConfig
from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.utils import timezone

LOGIN_AT = "symphony_login_at"
SEEN_AT = "symphony_seen_at"


# Lock-out (django-axes)


def lockout_username(request, credentials) -> str | None:
    """The address as sign-in matches it (case-insensitively), so changing its case or
    padding it does not buy an attacker another five attempts."""
    username = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if username is None:
        username = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return username.strip().lower() if username else username


@functools.lru_cache(maxsize=8)
def _networks(addresses: tuple[str, ...]):
    # Production refuses to start with an entry that is neither (settings/production.py).
    return tuple(ipaddress.ip_network(a.strip(), strict=False) for a in addresses)


def _ip(value):
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def from_trusted_proxy(request) -> bool:
    """Whether the direct peer (the socket's address) is one of ``SYMPHONY_TRUSTED_PROXIES``:
    only then are the X-Forwarded-* headers the proxy's, not whatever a client sent."""
    peer = _ip(request.META.get("REMOTE_ADDR", ""))
    trusted = _networks(tuple(getattr(settings, "SYMPHONY_TRUSTED_PROXIES", ())))
    return peer is not None and any(peer in network for network in trusted)


def client_ip(request) -> str | None:
    """The client's address, and the one place that reads it: the socket's, or, when the
    socket is a trusted proxy (``SYMPHONY_TRUSTED_PROXIES``) and ``SYMPHONY_PROXY_COUNT``
    proxies stand in front of the portal, the X-Forwarded-For entry the outermost of them
    added (entries left of it are whatever the client sent, so never trusted). A client
    reaching gunicorn directly cannot choose its address, so cannot dodge the lock-out."""
    peer = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "SYMPHONY_PROXY_COUNT", 0)
    if not proxies or not from_trusted_proxy(request):
        return peer
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) >= proxies and _ip(forwarded[-proxies]) is not None:
        return forwarded[-proxies]
    return peer


FORWARDED_HEADERS = ("HTTP_FORWARDED", "HTTP_X_FORWARDED_")


class ProxyHeadersMiddleware:
    """First of all middleware: a request whose direct peer is not a trusted proxy loses
    its Forwarded and X-Forwarded-* headers, so neither ``SECURE_PROXY_SSL_HEADER`` (is
    this HTTPS?) nor anything after it can be told a story by a client that reached
    gunicorn directly."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not from_trusted_proxy(request):
            for name in [k for k in request.META if k.startswith(FORWARDED_HEADERS)]:
                del request.META[name]
        return self.get_response(request)


# Throttles (password reset)


def within_limit(scope: str, key: str, *, limit: int, seconds: int) -> bool:
    """Count a request for ``key`` in ``scope``; True while there have been at most
    ``limit`` in the window of ``seconds`` that began with the first of them. Counts live in
    the default cache (in production the database's, shared by every gunicorn worker). Two
    requests at the same instant may both be counted as one: a throttle, not a ledger."""
    name = "symphony:limit:" + hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()
    now = time.time()
    count, ends = cache.get(name) or (0, now + seconds)
    if ends <= now:
        count, ends = 0, now + seconds
    count += 1
    cache.set(name, (count, ends), timeout=max(1, math.ceil(ends - now)))
    return count <= limit


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    # The same words whether or not the address has an account: nothing is revealed.
    return (
        "Too many unsuccessful attempts to sign in. Wait "
        f"{minutes} minute{'s' if minutes != 1 else ''} and try again, or reset your password."
    )


def locked_out(request, original_response=None, credentials=None):
    """The sign-in page again, empty, with the lock-out message (HTTP 429)."""
    from django.contrib.auth.forms import AuthenticationForm
    from django.forms.utils import ErrorDict
    from django.shortcuts import render

    form = AuthenticationForm(request)
    form.cleaned_data = {}
    form._errors = ErrorDict()
    form.add_error(None, lockout_message())
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    return render(
        request,
        "registration/login.html",
        {"form": form, "next": next_url},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


# Sessions


def _now() -> float:
    return timezone.now().timestamp()


def _record_login_time(sender, request, user, **kwargs):
    # login() has already given the session a new key (no session fixation).
    if request is not None and hasattr(request, "session"):
        now = _now()
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


class SessionTimeoutMiddleware:
    """Ends a signed-in session that has been idle too long, is too old, or whose user can
    no longer sign in (deactivated or deleted): the session is deleted on the server, so
    its cookie is worthless, and LoginRequiredMiddleware then asks for a sign-in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.get(SESSION_KEY) is not None:
            self._check(request, session)
        return self.get_response(request)

    def _check(self, request, session):
        if not request.user.is_authenticated:
            # The session names a user the backend refuses (is_active false, or gone).
            session.flush()
            return
        now = _now()
        login_at = session.setdefault(LOGIN_AT, now)
        seen_at = session.get(SEEN_AT, now)
        if now - seen_at > settings.SESSION_COOKIE_AGE:
            self._end(request, "Your session ended after a period without activity.")
        elif now - login_at > settings.SESSION_ABSOLUTE_AGE:
            hours = settings.SESSION_ABSOLUTE_AGE / 3600
            self._end(request, f"Sessions last {hours:g} hours at most: sign in again.")
        elif now - seen_at >= settings.SESSION_TOUCH_SECONDS or SEEN_AT not in session:
            # Saving the session moves its expiry (cookie and database) on by
            # SESSION_COOKIE_AGE; doing so once a minute, not on every request, saves a
            # database write per page.
            session[SEEN_AT] = now

    @staticmethod
    def _end(request, message):
        from django.contrib import messages

        logout(request)
        messages.info(request, message)


class SecurityConfig(AppConfig):
    """Installed (``INSTALLED_APPS``) so the login time is recorded from the first
    sign-in, before any request has loaded the middleware. Holds no models."""

    name = "symphony"
    label = "symphony_security"
    verbose_name = "Symphony security"
    default = False

    def ready(self):
        user_logged_in.connect(_record_login_time, dispatch_uid="symphony.security.login_time")
