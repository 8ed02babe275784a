"""Production (docker-compose, gunicorn). Refuses to start without real configuration."""

import ipaddress
import os

os.environ.setdefault("DEBUG", "false")

from symphony.env import env_bool, env_int, env_list, env_str  # noqa: E402

from .base import *  # noqa: E402,F403
from .base import DEBUG  # noqa: E402

if DEBUG:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DEBUG must be false in production settings.")

# Fail at start-up, with the variable's name, rather than at the first request.
env_str("DATABASE_URL", required=True)
env_str("CELERY_BROKER_URL", required=True)
env_str("EMAIL_HOST", required=True)  # reminders must really go out
if not os.environ.get("ALLOWED_HOSTS"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "The environment variable ALLOWED_HOSTS must be set (comma-separated host names)."
    )

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# One cache for every gunicorn worker, so a throttle (the password reset's) counts all
# their requests together: in the database, like the sessions, so no page depends on
# Redis. Its table: manage.py createcachetable (docker-compose's web runs it at start).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "symphony_cache",
    }
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# __Host- cookies are only accepted over HTTPS, for this exact host and path "/", so
# neither a sibling subdomain nor plain HTTP can set or overwrite them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_PATH = "/"
CSRF_COOKIE_PATH = "/"
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None

# The lock-out counts failures per client address. Behind the TLS proxy every request
# comes from the proxy, so the address is read from X-Forwarded-For, trusting only the
# entries the SYMPHONY_PROXY_COUNT proxies in front of gunicorn appended (0: no proxy), and
# only when the request really came from one of SYMPHONY_TRUSTED_PROXIES (by default a
# proxy on the same machine). From any other peer X-Forwarded-For and X-Forwarded-Proto
# are dropped (symphony.security.ProxyHeadersMiddleware).
SYMPHONY_PROXY_COUNT = env_int("SYMPHONY_PROXY_COUNT", 1)
SYMPHONY_TRUSTED_PROXIES = env_list("SYMPHONY_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
for _proxy in SYMPHONY_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"SYMPHONY_TRUSTED_PROXIES: {_proxy!r} is not an IP address or CIDR block."
        ) from None
