"""Sessions: a new key at sign-in, ended on the server by signing out, by deactivation, by
idleness and by age; and the password rules."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

LOGIN = reverse("login")
HOME = reverse("home")
PASSWORD = "symphony-demo"

pytestmark = pytest.mark.usefixtures("demo")


class Clock:
    """Moves ``timezone.now`` (which sessions and the timeout middleware read) on."""

    def __init__(self):
        self.offset = timedelta()
        self._real = timezone.now

    def advance(self, **delta):
        self.offset += timedelta(**delta)

    def now(self):
        return self._real() + self.offset


@pytest.fixture
def clock():
    clock = Clock()
    with mock.patch("django.utils.timezone.now", clock.now):
        yield clock


def signed_in_client(email="ceo@example.org"):
    client = Client()
    response = client.post(LOGIN, {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def is_signed_in(client) -> bool:
    response = client.get(HOME)
    if response.status_code == 302:
        if response.url.startswith("/accounts/mfa/"):
            return True  # signed in; the second step (schools.mfa) comes next
        assert response.url.startswith(LOGIN)
        return False
    assert response.status_code == 200
    return True


def session_key(client):
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def replay(key) -> Client:
    """A new browser presenting an old session cookie, as an attacker who copied it would."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    return client


def test_signing_in_gives_a_new_session_key():
    client = Client()
    client.get(LOGIN)
    client.session["planted"] = True  # an anonymous session, as a fixation attack plants
    anonymous = client.session
    anonymous.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = anonymous.session_key
    client.post(LOGIN, {"username": "ceo@example.org", "password": PASSWORD})
    assert session_key(client) != anonymous.session_key
    assert not Session.objects.filter(session_key=anonymous.session_key).exists()
    assert is_signed_in(client)
    assert not is_signed_in(replay(anonymous.session_key))


def test_signing_out_ends_the_session_on_the_server():
    client = signed_in_client()
    key = session_key(client)
    assert is_signed_in(replay(key))
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert not is_signed_in(replay(key))


def test_deactivating_a_user_ends_their_session(cast):
    client = signed_in_client("trustee@example.org")
    key = session_key(client)
    assert is_signed_in(client)
    trustee = cast["trustee"]
    trustee.is_active = False
    trustee.save()
    assert not is_signed_in(client)
    assert not Session.objects.filter(session_key=key).exists()
    trustee.is_active = True
    trustee.save()
    assert not is_signed_in(replay(key))  # reactivated: the old session is still gone


def test_the_idle_timeout(clock):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is False
    client = signed_in_client()
    clock.advance(minutes=29)
    assert is_signed_in(client)
    clock.advance(minutes=29)  # activity at 29 minutes kept it alive
    assert is_signed_in(client)
    clock.advance(minutes=31)
    assert not is_signed_in(client)


def test_an_idle_session_is_refused_by_the_server_whatever_the_browser_keeps(clock):
    client = signed_in_client()
    key = session_key(client)
    clock.advance(minutes=31)
    assert not is_signed_in(replay(key))


def test_activity_moves_the_expiry_on_without_writing_on_every_request(clock):
    client = signed_in_client()
    key = session_key(client)
    first_expiry = Session.objects.get(session_key=key).expire_date
    clock.advance(seconds=10)
    client.get(HOME)
    assert Session.objects.get(session_key=key).expire_date == first_expiry
    clock.advance(minutes=5)
    client.get(HOME)
    assert Session.objects.get(session_key=key).expire_date > first_expiry


def test_the_absolute_timeout(clock):
    assert settings.SESSION_ABSOLUTE_AGE == 12 * 60 * 60
    client = signed_in_client()
    for _ in range(11 * 4):  # busy all day: a page every 15 minutes for 11 hours
        clock.advance(minutes=15)
        assert is_signed_in(client)
    for _ in range(4):
        clock.advance(minutes=15)
        client.get(HOME)
    clock.advance(minutes=1)
    assert not is_signed_in(client)
    follow = client.get(HOME, follow=True)
    assert "Sessions last 12 hours at most" in follow.content.decode()


def test_the_timeouts_are_settings(clock, settings):
    settings.SESSION_ABSOLUTE_AGE = 60 * 60
    client = signed_in_client()
    clock.advance(minutes=25)
    assert is_signed_in(client)
    clock.advance(minutes=25)
    assert is_signed_in(client)
    clock.advance(minutes=11)
    assert not is_signed_in(client)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Tr0ub4dor&3x", None),  # 12 characters: enough
        ("Tr0ub4dor&3", "too short"),  # 11
        ("password1234", "too common"),
        ("123456789012", "entirely numeric"),
        ("ceo-example-org", "too similar"),
    ],
)
def test_password_rules(cast, password, reason):
    if reason is None:
        validate_password(password, user=cast["ceo"])
        return
    with pytest.raises(ValidationError) as caught:
        validate_password(password, user=cast["ceo"])
    assert reason in " ".join(caught.value.messages)


def test_the_demo_password_meets_the_rules(cast):
    validate_password(PASSWORD, user=cast["ceo"])
