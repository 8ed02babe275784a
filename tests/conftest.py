"""The fixed cast of users every access test runs through (habit 10).

``demo`` loads the demo trust (15 schools, one account per role); ``cast`` maps a role
key to that role's demo user, with ``anonymous`` for nobody signed in.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from schools.models import School, User
from symphony.portal.demo import seed_demo_trust

CAST = {
    "anonymous": None,
    "ceo": "ceo@example.org",
    "dop": "dop@example.org",
    "cfo": "cfo@example.org",
    "head": "head.glenhills@example.org",
    "exec_head": "exec.head@example.org",
    "trustee": "trustee@example.org",
    "governor": "governor.fairfield@example.org",
    "reviewer": "reviewer@example.org",
}
ROLES = list(CAST)

# The schools each school-linked demo user may see; every other school is hidden from them.
OWN_SCHOOLS = {
    "head": {"Glen Hills"},
    "exec_head": {"Ashby Willesley", "Ashby Hastings"},
    "governor": {"Fairfield"},
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the demo trust once; each test runs in a transaction that is rolled back."""
    with django_db_blocker.unblock():
        seed_demo_trust()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: throttle counts (the password reset's) live
    there, and every test client comes from the same address."""
    yield
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def demo(db):
    # Transactional tests (live_server, real workers) empty the tables afterwards.
    if not School.objects.exists():
        seed_demo_trust()


@pytest.fixture
def cast(demo):
    users = {key: User.objects.get(email=email) for key, email in CAST.items() if email}
    users["anonymous"] = AnonymousUser()
    return users


@pytest.fixture
def school(demo):
    return lambda name: School.objects.get(name=name)


@pytest.fixture
def client_for(client, cast):
    """``client_for("head")``: a test client signed in as that role's demo user."""

    def make(role):
        client.logout()
        if role != "anonymous":
            sign_in(client, cast[role])
        return client

    return make


def sign_in(client, user):
    """Sign ``user`` in on the test client with their second step done, as after entering
    an authenticator code (schools.mfa): a confirmed device and a verified session."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run tests that commit to the database (live server, real workers) last.

    They empty the tables when they finish, so every ordinary test after them would seed
    the demo trust again inside its own transaction. pytest-django orders them last, but
    pytest's grouping by session-scoped parameters (pytest-playwright's browser) can undo
    that, so this runs after both (stable: the order within each part is kept).
    """
    items.sort(key=lambda item: "transactional_db" in getattr(item, "fixturenames", ()))
