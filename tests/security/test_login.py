"""Sign-in: lock-out after repeated failures that nobody can use to lock a colleague out
for good, and messages that never reveal whether an address has an account."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from symphony.security import client_ip, lockout_message

LOGIN = reverse("login")
PASSWORD = "symphony-demo"
WRONG = "not-the-password"
INVALID = "Please enter a correct e-mail address and password"

pytestmark = pytest.mark.usefixtures("demo")


def sign_in(email, password, *, ip="203.0.113.7", client=None):
    client = client or Client(REMOTE_ADDR=ip)
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def fail(times, email, *, ip="203.0.113.7"):
    for _ in range(times):
        response = sign_in(email, WRONG, ip=ip)
        assert response.status_code in (200, 429)
    return response


def signed_in(response) -> bool:
    return response.status_code == 302 and response.url == reverse("home")


def test_the_invalid_sign_in_message():
    response = sign_in("ceo@example.org", WRONG)
    assert response.status_code == 200
    assert INVALID in response.content.decode()


def test_five_failures_lock_the_address_out_even_with_the_right_password(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    fail(4, "ceo@example.org")
    assert signed_in(sign_in("ceo@example.org", PASSWORD))  # four failures: not yet

    AccessAttempt.objects.all().delete()
    fifth = fail(5, "ceo@example.org")
    assert fifth.status_code == 429
    assert lockout_message() in fifth.content.decode()
    refused = sign_in("ceo@example.org", PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in refused.client.session


def test_changing_the_case_of_the_address_does_not_buy_more_attempts():
    fail(3, "ceo@example.org")
    fail(2, "  CEO@Example.ORG ")
    assert sign_in("ceo@example.org", PASSWORD).status_code == 429


def test_the_lock_out_ends_after_the_cool_off(settings):
    cool_off = settings.AXES_COOLOFF_TIME
    assert cool_off == timedelta(minutes=15)
    fail(5, "dop@example.org")
    assert sign_in("dop@example.org", PASSWORD).status_code == 429
    # Move the clock: the failures were 14 minutes ago, then 16.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert sign_in("dop@example.org", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert signed_in(sign_in("dop@example.org", PASSWORD))


def test_failing_while_locked_out_does_not_extend_the_lock_out():
    fail(5, "dop@example.org")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    fail(20, "dop@example.org")  # an attacker keeps trying
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert signed_in(sign_in("dop@example.org", PASSWORD))


def test_other_people_and_other_addresses_are_not_affected():
    fail(5, "ceo@example.org", ip="203.0.113.7")
    assert sign_in("ceo@example.org", PASSWORD, ip="203.0.113.7").status_code == 429
    # The same person from their own machine, and a colleague at the attacker's address.
    assert signed_in(sign_in("ceo@example.org", PASSWORD, ip="198.51.100.20"))
    assert signed_in(sign_in("dop@example.org", PASSWORD, ip="203.0.113.7"))


def test_a_successful_sign_in_clears_the_count():
    fail(4, "ceo@example.org")
    assert signed_in(sign_in("ceo@example.org", PASSWORD))
    fail(4, "ceo@example.org")
    assert signed_in(sign_in("ceo@example.org", PASSWORD))


def test_unknown_address_and_wrong_password_read_the_same():
    unknown = sign_in("nobody@example.org", WRONG)
    wrong = sign_in("ceo@example.org", WRONG)
    assert unknown.status_code == wrong.status_code == 200
    assert INVALID in unknown.content.decode()
    assert unknown.context["form"].non_field_errors() == wrong.context["form"].non_field_errors()


def test_a_deactivated_account_reads_like_a_wrong_password(cast):
    cast["trustee"].is_active = False
    cast["trustee"].save()
    inactive = sign_in("trustee@example.org", PASSWORD)
    wrong = sign_in("ceo@example.org", WRONG)
    assert inactive.status_code == 200
    assert inactive.context["form"].non_field_errors() == wrong.context["form"].non_field_errors()


def test_unknown_addresses_are_locked_out_like_real_ones():
    unknown = fail(5, "nobody@example.org", ip="192.0.2.1")
    known = fail(5, "ceo@example.org", ip="192.0.2.2")
    assert unknown.status_code == known.status_code == 429
    assert unknown.context["form"].non_field_errors() == known.context["form"].non_field_errors()
    assert "nobody@example.org" not in unknown.content.decode()


def test_the_lock_out_page_is_the_sign_in_page():
    response = fail(5, "ceo@example.org")
    page = response.content.decode()
    assert "Sign in to Symphony" in page
    assert "Forgotten your password?" in page


def test_the_admin_site_sign_in_is_locked_out_too():
    admin_login = reverse("admin:login")
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        client.post(admin_login, {"username": "cfo@example.org", "password": WRONG})
    response = client.post(admin_login, {"username": "cfo@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


class FakeRequest:
    def __init__(self, remote, forwarded=None):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_behind_one_proxy_the_address_it_saw_is_used_not_what_the_client_claims(settings):
    settings.SYMPHONY_PROXY_COUNT = 1
    settings.SYMPHONY_TRUSTED_PROXIES = ["172.16.0.0/12"]
    # A client claiming to be 10.0.0.1; the proxy appends the address it really saw.
    assert client_ip(FakeRequest("172.18.0.5", "10.0.0.1, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(FakeRequest("172.18.0.5", "203.0.113.7")) == "203.0.113.7"
    assert client_ip(FakeRequest("172.18.0.5")) == "172.18.0.5"


def test_without_a_proxy_forwarded_headers_are_ignored(settings):
    settings.SYMPHONY_PROXY_COUNT = 0
    assert client_ip(FakeRequest("203.0.113.7", "10.0.0.1")) == "203.0.113.7"


def test_forwarded_headers_count_only_from_a_trusted_proxy(settings):
    settings.SYMPHONY_PROXY_COUNT = 1
    settings.SYMPHONY_TRUSTED_PROXIES = ["127.0.0.1", "::1", "172.18.0.0/16"]
    assert client_ip(FakeRequest("127.0.0.1", "203.0.113.7")) == "203.0.113.7"
    assert client_ip(FakeRequest("::1", "203.0.113.7")) == "203.0.113.7"
    assert client_ip(FakeRequest("172.18.3.4", "203.0.113.7")) == "203.0.113.7"
    # A client reaching gunicorn directly names whatever address it likes: ignored.
    assert client_ip(FakeRequest("198.51.100.9", "203.0.113.7")) == "198.51.100.9"
    assert client_ip(FakeRequest("172.19.0.1", "203.0.113.7")) == "172.19.0.1"
    # A proxy that passes on rubbish does not make it an address.
    assert client_ip(FakeRequest("127.0.0.1", "not-an-address")) == "127.0.0.1"


@pytest.fixture
def behind_a_proxy(settings):
    """Production's shape: one proxy, on the same machine, in front of gunicorn."""
    settings.SYMPHONY_PROXY_COUNT = 1
    settings.SYMPHONY_TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    settings.AXES_CLIENT_IP_CALLABLE = "symphony.security.client_ip"


def test_rotating_x_forwarded_for_does_not_dodge_the_lock_out(behind_a_proxy):
    client = Client(REMOTE_ADDR="198.51.100.9")  # straight to gunicorn, no proxy
    for n in range(5):
        client.post(
            LOGIN,
            {"username": "ceo@example.org", "password": WRONG},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    response = client.post(
        LOGIN,
        {"username": "ceo@example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_behind_the_trusted_proxy_each_client_is_counted_apart(behind_a_proxy):
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for _ in range(5):
        proxy.post(
            LOGIN,
            {"username": "ceo@example.org", "password": WRONG},
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    locked = proxy.post(
        LOGIN,
        {"username": "ceo@example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert locked.status_code == 429
    elsewhere = Client(REMOTE_ADDR="127.0.0.1").post(
        LOGIN,
        {"username": "ceo@example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert signed_in(elsewhere)


@pytest.fixture
def https_behind_a_proxy(behind_a_proxy, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True


def test_only_the_trusted_proxy_can_say_a_request_came_over_https(https_behind_a_proxy):
    from_proxy = Client(REMOTE_ADDR="127.0.0.1").get(LOGIN, HTTP_X_FORWARDED_PROTO="https")
    assert from_proxy.status_code == 200
    direct = Client(REMOTE_ADDR="198.51.100.9").get(LOGIN, HTTP_X_FORWARDED_PROTO="https")
    assert direct.status_code == 301
    assert direct["Location"].startswith("https://")
