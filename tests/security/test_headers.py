"""Response headers and cookies: what ``check --deploy`` (tests/test_settings.py) does not
look at, under the production settings where they differ, and CSP in every environment."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from tests.test_settings import PRODUCTION, ROOT, manage

# Serves the sign-in page (no database needed) under the production settings and reports
# what a browser would see. Static files are served plainly: production's manifest exists
# only after collectstatic, which is not what this checks.
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
storages = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=storages):
    client = Client(HTTP_HOST="portal.symphony.example")
    page = client.get("/accounts/login/", secure=True)
    plain = client.get("/accounts/login/")
    stranger = Client(HTTP_HOST="evil.example", raise_request_exception=False)
    try:
        bad_host = stranger.get("/accounts/login/", secure=True)
        bad_host = (bad_host.status_code, bad_host.content.decode())
    except Exception as exc:  # the error page itself failing
        bad_host = (500, repr(exc))
cookies = {
    name: {key: morsel[key] for key in ("secure", "path", "domain", "httponly", "samesite")}
    for name, morsel in page.cookies.items()
}
print(json.dumps({
    "status": page.status_code,
    "headers": dict(page.headers),
    "cookies": cookies,
    "body": page.content.decode(),
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
    "bad_host_status": bad_host[0],
    "bad_host_body": bad_host[1],
    "settings": {name: getattr(settings, name) for name in (
        "SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME", "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE", "SESSION_COOKIE_AGE", "SESSION_ABSOLUTE_AGE",
        "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_DOMAIN", "SESSION_COOKIE_PATH",
        "AXES_FAILURE_LIMIT", "SECURE_HSTS_SECONDS")},
}))
"""


@pytest.fixture(scope="module")
def production():
    env = {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "symphony.settings.production"}
    clean = manage("check", env=env)  # the same clean environment the settings tests use
    assert clean.returncode == 0, clean.stderr
    base = {k: v for k, v in os.environ.items() if k not in PRODUCTION and k != "DEBUG"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_for_a_year_with_subdomains(production):
    assert production["status"] == 200
    hsts = production["headers"]["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts


def test_production_redirects_plain_http_to_https(production):
    assert production["plain_status"] == 301
    assert production["plain_location"] == "https://portal.symphony.example/accounts/login/"


def test_production_frame_sniff_and_referrer_headers(production):
    headers = production["headers"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_production_csp(production):
    csp = production["headers"]["Content-Security-Policy"]
    assert_strict_csp(csp)
    assert_scripts_allowed_by(csp, production["body"])


def test_production_cookies_are_host_only_and_secure(production):
    values = production["settings"]
    assert values["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert values["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_DOMAIN"] is None and values["SESSION_COOKIE_PATH"] == "/"
    # The sign-in page sets the CSRF cookie: a browser accepts __Host- only like this.
    csrf = production["cookies"]["__Host-csrftoken"]
    assert csrf["secure"] is True
    assert csrf["path"] == "/"
    assert csrf["domain"] == ""
    assert csrf["samesite"] == "Lax"


def test_production_session_lifetimes_and_lock_out(production):
    values = production["settings"]
    assert values["SESSION_COOKIE_AGE"] == 30 * 60
    assert values["SESSION_ABSOLUTE_AGE"] == 12 * 60 * 60
    assert values["AXES_FAILURE_LIMIT"] == 5
    assert values["SECURE_HSTS_SECONDS"] == 365 * 24 * 60 * 60


def test_check_deploy_stays_clean_with_the_security_settings():
    # tests/test_settings.py runs check --deploy; this adds the third-party checks (axes's
    # configuration checks) at the strictest level, under the same settings.
    result = manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


# Every environment


def assert_strict_csp(csp: str) -> None:
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert not any(s.startswith(("http:", "https:", "*")) for s in directives["script-src"])
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]


def assert_scripts_allowed_by(csp: str, body: str) -> None:
    """Every script on the page runs under the policy: one of our static files, or inline
    code carrying this response's nonce (and the policy names that nonce)."""
    nonce = re.search(r"'nonce-([^']+)'", csp)
    scripts = re.findall(r"<script\b([^>]*)>", body)
    assert scripts, "expected the page's scripts"
    for attributes in scripts:
        src = re.search(r'src="([^"]*)"', attributes)
        given = re.search(r'nonce="([^"]*)"', attributes)
        if given:
            assert nonce and given.group(1) == nonce.group(1), attributes
        else:
            static = "/" + settings.STATIC_URL.lstrip("/")
            assert src and src.group(1).startswith(static), attributes
    assert not re.search(r"\son[a-z]+\s*=", body, re.IGNORECASE), "inline event handler"


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("anonymous", reverse("login")),
        ("ceo", reverse("home")),
        ("head", reverse("home")),
        ("ceo", "/schools/"),
    ],
)
def test_every_page_carries_a_strict_csp_and_only_allowed_scripts(client_for, role, url):
    response = client_for(role).get(url, follow=True)
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert_strict_csp(csp)
    assert_scripts_allowed_by(csp, response.content.decode())
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_a_host_not_in_allowed_hosts_is_a_bad_request_not_an_error(production):
    assert production["bad_host_status"] == 400
    assert "The request could not be understood." in production["bad_host_body"]
