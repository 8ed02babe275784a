"""A person's API tokens and calendar-feed address end with their password and their
account (schools/credentials.py), and a re-hash of the same password ends nothing."""

import re

import pytest
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse

from schools.models import ApiToken, AuditEvent, CalendarFeed

NEW = "a-much-longer-passphrase-9"


@pytest.fixture
def credentials(cast):
    """The head's token and feed, both working."""
    head = cast["head"]
    _token, key = ApiToken.issue(user=head, name="Power BI")
    feed = CalendarFeed.objects.create(user=head)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get(reverse("portal:api_schools")).status_code == 200
    assert Client().get(feed_url(feed.token)).status_code == 200
    return head, api, feed.token


def feed_url(token):
    return reverse("schools:feed_ics", kwargs={"token": token})


def ended(head, api, old_feed) -> bool:
    refused = api.get(reverse("portal:api_schools"))
    feed = CalendarFeed.objects.get(user=head)
    return (
        refused.status_code == 401
        and "password change" in refused.json()["error"]
        and Client().get(feed_url(old_feed)).status_code == 404
        and feed.token != old_feed
        and Client().get(feed_url(feed.token)).status_code == 200
    )


def test_changing_the_password_ends_tokens_and_the_feed_address(client_for, credentials):
    head, api, old_feed = credentials
    client = client_for("head")
    form = client.get(reverse("password_change")).content.decode()
    assert "also ends your API tokens and gives your calendar feed a new address" in form
    response = client.post(
        reverse("password_change"),
        {"old_password": "symphony-demo", "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "Your API tokens no longer work" in response.content.decode()
    assert ended(head, api, old_feed)
    event = AuditEvent.objects.filter(action=AuditEvent.Action.USER_CHANGED).first()
    assert event.detail == (
        f"{head.email}: password changed; 1 API token revoked and calendar feed address reset"
    )


def test_a_password_reset_ends_them_too(client, credentials, django_capture_on_commit_callbacks):
    head, api, old_feed = credentials
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": head.email})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    assert "also ends your API tokens" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "Your API tokens no longer work" in done.content.decode()
    assert ended(head, api, old_feed)


def test_deactivating_the_account_ends_them_for_good(credentials):
    head, api, old_feed = credentials
    head.is_active = False
    head.save()
    head.is_active = True  # reactivated: the old token and address stay dead
    head.save()
    assert ApiToken.objects.get(user=head).revoked_at is not None
    assert ended(head, api, old_feed)


def test_a_save_that_changes_neither_ends_nothing(credentials):
    head, api, old_feed = credentials
    head.full_name = "Someone Else"
    head.save()
    head.save(update_fields=["last_login"])
    assert api.get(reverse("portal:api_schools")).status_code == 200
    assert CalendarFeed.objects.get(user=head).token == old_feed


def test_upgrading_the_password_hash_at_sign_in_is_no_change(settings, credentials):
    head, api, old_feed = credentials
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    before = head.password
    assert before.startswith("md5$")
    assert Client().login(
        request=RequestFactory().post(reverse("login")),
        username=head.email,
        password="symphony-demo",
    )
    head.refresh_from_db()
    assert head.password.startswith("pbkdf2_sha256$")  # re-hashed, same password
    assert api.get(reverse("portal:api_schools")).status_code == 200
    assert CalendarFeed.objects.get(user=head).token == old_feed
