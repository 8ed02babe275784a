"""Every form needs its CSRF token, and GET never changes anything: both checked on every
route in the URL conf, so a new page is covered the day it is added."""

import hashlib
import re
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.http import HttpResponseForbidden
from django.test import Client
from django.urls import Resolver404, resolve

from tests.conftest import sign_in
from tests.security.routes import all_routes

CSRF_REFUSED = "csrf-refused-by-the-middleware"


def csrf_failure(request, reason=""):
    return HttpResponseForbidden(CSRF_REFUSED)


@pytest.fixture
def strict_client(cast, settings):
    settings.CSRF_FAILURE_VIEW = "tests.security.test_csrf_and_get.csrf_failure"
    client = Client(enforce_csrf_checks=True)
    sign_in(client, cast["ceo"])
    return client


ROUTES = all_routes()


def test_the_walk_covers_every_app():
    patterns = {route.pattern for route in ROUTES}
    for expected in (
        "accounts/login/",
        "admin/schools/school/<path:object_id>/change/",
        "schools/<int:pk>/edit/",
        "categorisation/meetings/<int:pk>/assess/<int:school_pk>/",
        "reviews/<int:pk>/advance/",
        "governance/skills-audit/",
        "finance/import/",
        "data/collections/<int:pk>/schools/<int:school_pk>/",
    ):
        assert expected in patterns
    assert not [r for r in ROUTES if getattr(resolve(r.path).func, "csrf_exempt", False)]


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.pattern)
def test_a_post_without_a_csrf_token_is_refused(strict_client, route):
    response = strict_client.post(route.path, {"name": "x", "username": "ceo@example.org"})
    assert response.status_code == 403, route
    assert response.content.decode() == CSRF_REFUSED, route


def test_the_same_post_with_its_token_gets_through(strict_client):
    page = strict_client.get("/schools/")
    token = strict_client.cookies["csrftoken"].value
    response = strict_client.post("/reviews/due/", {"csrfmiddlewaretoken": token})
    assert response.content.decode() != CSRF_REFUSED
    assert page.status_code == 200


# GET never changes the database


def database_state() -> dict[str, str]:
    """A digest of every row of every table, so an update shows as well as an insert."""
    state = {}
    for model in apps.get_models():
        rows = model._default_manager.order_by("pk").values_list()
        digest = hashlib.sha256()
        count = 0
        for row in rows.iterator():
            digest.update(repr(row).encode())
            count += 1
        state[model._meta.label] = f"{count}:{digest.hexdigest()[:16]}"
    return state


HREF = re.compile(r'href="(/[^"#]*)"')


def walk(client, *, under="/", depth=2) -> dict[str, int]:
    """GET every parameterless route under ``under``, then, for each route with
    parameters, one page linked from those (and from the pages found so, ``depth`` links
    deep), so its pk is a real one from the demo trust. Each page is read once; returns
    each path's status."""
    statuses: dict[str, int] = {}
    to_read = [r.path for r in ROUTES if r.parameterless and r.path.startswith(under)]
    seen_routes = set()
    for level in range(depth + 1):
        found = []
        for path in to_read:
            response = client.get(path)
            statuses[path] = response.status_code
            if (
                level == depth
                or response.status_code != 200
                or "text/html" not in response["Content-Type"]
            ):
                continue
            for link in HREF.findall(response.content.decode()):
                link = urlsplit(link.replace("&amp;", "&")).path
                try:
                    match = resolve(link)
                except Resolver404:
                    continue
                if match.kwargs and link.startswith(under) and match.route not in seen_routes:
                    seen_routes.add(match.route)
                    found.append(link)
        to_read = found
    return statuses


# The writes a GET may make, and why they are harmless:
# - opening the calendar feed page creates the person's own private feed address the
#   first time (get_or_create, one per user, tested in tests/categorisation/test_feed.py);
#   changing it (reset) needs a POST;
# - the audit trail records downloads and refused access: rows are only
#   ever added, never changed, and change nothing a person sees elsewhere.
GET_MAY_CREATE = {"schools.CalendarFeed", "schools.AuditEvent"}


# The CEO reaches every portal page; the CFO (central team) the admin site's.
@pytest.mark.parametrize(("role", "under", "depth"), [("ceo", "/", 2), ("cfo", "/admin/", 1)])
def test_get_never_changes_the_database(client_for, cast, role, under, depth):
    from schools.models import CalendarFeed

    client = client_for(role)
    before = database_state()
    statuses = walk(client, under=under, depth=depth)
    after = database_state()
    changed = {
        label: (before[label], after[label])
        for label in before
        if before[label] != after[label] and label not in GET_MAY_CREATE
    }
    assert changed == {}
    for label in GET_MAY_CREATE & set(before):  # added to, never changed
        assert int(after[label].split(":")[0]) >= int(before[label].split(":")[0])
    assert set(CalendarFeed.objects.values_list("user", flat=True)) <= {cast[role].pk}
    # The walk really reached the portal's pages, with real objects.
    assert sum(status == 200 for status in statuses.values()) > 50, statuses
    assert len([p for p in statuses if re.search(r"/\d+/", p)]) > 15, statuses
