"""Django's standard /accounts/ pages: password change and reset by e-mail."""

import re

from django.core import mail
from django.test import RequestFactory
from django.urls import reverse


def test_password_change(client_for, cast):
    client = client_for("trustee")
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "symphony-demo",
            "new_password1": "a-much-longer-passphrase-9",
            "new_password2": "a-much-longer-passphrase-9",
        },
    )
    assert response.status_code == 302
    cast["trustee"].refresh_from_db()
    assert cast["trustee"].check_password("a-much-longer-passphrase-9")


def test_weak_new_password_is_explained(client_for):
    response = client_for("trustee").post(
        reverse("password_change"),
        {
            "old_password": "symphony-demo",
            "new_password1": "123",
            "new_password2": "123",
        },
    )
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()


def test_password_reset_by_email(client, demo):
    response = client.post(reverse("password_reset"), {"email": "dop@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "a-much-longer-passphrase-9",
            "new_password2": "a-much-longer-passphrase-9",
        },
    )
    assert response.status_code == 302
    assert client.login(
        request=RequestFactory().post(reverse("login")),
        username="dop@example.org",
        password="a-much-longer-passphrase-9",
    )


def test_logout_is_a_post_and_shows_a_page(client_for):
    response = client_for("head").post(reverse("logout"))
    assert response.status_code == 302  # LOGOUT_REDIRECT_URL: back to sign in
