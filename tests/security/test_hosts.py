"""A request for a host the portal does not serve (not in ``ALLOWED_HOSTS``) is refused
with the bad-request page, not a server error, signed in or not."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import sign_in


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/api/v1/schools", "/no-such-page/"])
def test_a_bad_host_gets_the_bad_request_page(demo, settings, path):
    assert settings.DEBUG is False
    response = Client(HTTP_HOST="evil.example", raise_request_exception=False).get(path)
    assert response.status_code == 400
    assert "The request could not be understood." in response.content.decode()


def test_a_bad_host_is_refused_to_a_signed_in_session_too(cast):
    client = Client(raise_request_exception=False)
    sign_in(client, cast["ceo"])
    assert client.get(reverse("home")).status_code == 200
    response = client.get(reverse("home"), HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Dashboard" not in response.content.decode()  # no menu on the error page
