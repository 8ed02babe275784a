"""Two-step sign-in (schools.mfa): who must use it, setting it up, verifying at sign-in,
recovery codes, and the pages an unverified session can reach."""

import re
import time
from base64 import b32decode

import pytest
from django.test import Client
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from schools import mfa
from schools.models import Role


def password_only(user) -> Client:
    """Signed in with the password, second step not done."""
    client = Client()
    client.force_login(user)
    return client


def key_on(page) -> bytes:
    found = re.search(r'id="mfa-key"[^>]*>([A-Z2-7 ]+)<', page.content.decode())
    return b32decode(found.group(1).replace(" ", ""))


def code(key: bytes, *, steps_on=0) -> str:
    clock = TOTP(key)
    clock.time = time.time() + 30 * steps_on
    return f"{clock.token():06d}"


@pytest.mark.parametrize(
    ("role", "required"),
    [
        ("ceo", True),
        ("dop", True),
        ("cfo", True),
        ("head", False),
        ("exec_head", False),
        ("trustee", False),
        ("governor", False),
        ("reviewer", False),
    ],
)
def test_who_must_use_it(cast, role, required):
    assert mfa.requires_mfa(cast[role]) is required


def test_any_admin_site_account_must_use_it(cast):
    trustee = cast["trustee"]
    trustee.is_staff = True
    assert mfa.requires_mfa(trustee)


def test_the_required_roles_are_a_setting(cast, settings):
    settings.SYMPHONY_MFA_REQUIRED_ROLES = [Role.TRUSTEE]
    assert mfa.requires_mfa(cast["trustee"]) and not mfa.requires_mfa(cast["dop"])


@pytest.mark.parametrize("path", ["/", "/categorisation/", "/finance/", "/admin/", "/audit/"])
def test_before_setting_it_up_a_leader_reaches_only_the_set_up_page(cast, path):
    response = password_only(cast["ceo"]).get(path)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/mfa/setup/?next=")


def test_a_headteacher_without_it_goes_straight_in(cast):
    assert password_only(cast["head"]).get("/").status_code == 200


def test_a_wrong_code_turns_nothing_on_and_a_right_one_does(cast):
    client = password_only(cast["dop"])
    page = client.get("/accounts/mfa/setup/")
    assert page.status_code == 200 and 'aria-label="QR code' in page.content.decode()
    key = key_on(page)
    wrong = client.post("/accounts/mfa/setup/", {"code": "000000"})
    assert "That code did not match" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=cast["dop"], confirmed=True).exists()
    time.sleep(1.1)  # a wrong code makes the next wait a second
    done = client.post("/accounts/mfa/setup/", {"code": code(key), "next": "/finance/"})
    codes = re.findall(r"<li>([0-9a-f]{4}-[0-9a-f]{4})</li>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=cast["dop"]).confirmed
    assert client.get("/finance/").status_code == 200  # the session is verified


def test_with_it_on_every_sign_in_asks_for_a_code(cast):
    device = TOTPDevice.objects.create(user=cast["head"], name="app", confirmed=True)
    client = password_only(cast["head"])
    response = client.get("/schools/")
    assert response.status_code == 302 and response.url == "/accounts/mfa/?next=/schools/"
    bad = client.post("/accounts/mfa/", {"code": "123456", "next": "/schools/"})
    assert "That code did not work" in bad.content.decode()
    time.sleep(1.1)
    good = client.post(
        "/accounts/mfa/", {"code": f"{totp(device.bin_key):06d}", "next": "/schools/"}
    )
    assert good.status_code == 302 and good.url == "/schools/"
    assert client.get("/schools/").status_code == 200


def test_a_code_is_not_accepted_twice(cast):
    device = TOTPDevice.objects.create(user=cast["head"], name="app", confirmed=True)
    now = f"{totp(device.bin_key):06d}"
    first = password_only(cast["head"])
    assert first.post("/accounts/mfa/", {"code": now}).status_code == 302
    second = password_only(cast["head"])
    assert "did not work" in second.post("/accounts/mfa/", {"code": now}).content.decode()


def test_a_recovery_code_works_once_and_new_codes_replace_old(cast):
    TOTPDevice.objects.create(user=cast["cfo"], name="app", confirmed=True)
    codes = mfa.new_recovery_codes(cast["cfo"])
    client = password_only(cast["cfo"])
    assert client.post("/accounts/mfa/", {"code": codes[0]}).status_code == 302
    again = password_only(cast["cfo"])
    assert "did not work" in again.post("/accounts/mfa/", {"code": codes[0]}).content.decode()
    replaced = client.post("/accounts/mfa/recovery-codes/")
    assert replaced.status_code == 200
    assert not StaticToken.objects.filter(token=codes[1]).exists()
    assert StaticToken.objects.filter(device__user=cast["cfo"]).count() == 10


def test_the_next_page_stays_on_the_portal(cast):
    device = TOTPDevice.objects.create(user=cast["head"], name="app", confirmed=True)
    client = password_only(cast["head"])
    response = client.post(
        "/accounts/mfa/", {"code": f"{totp(device.bin_key):06d}", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response.url == "/"


def test_an_unverified_session_can_still_sign_out(cast):
    client = password_only(cast["ceo"])
    assert client.post("/accounts/logout/").status_code in (200, 302)
    assert client.get("/").url.startswith("/accounts/login/")


def test_the_setup_key_is_the_devices(cast):
    client = password_only(cast["ceo"])
    key = key_on(client.get("/accounts/mfa/setup/"))
    assert TOTPDevice.objects.get(user=cast["ceo"], confirmed=False).bin_key == key
    # Reloading shows the same key until it is confirmed.
    assert key_on(client.get("/accounts/mfa/setup/")) == key


def test_after_too_many_wrong_codes_it_says_to_wait(cast):
    TOTPDevice.objects.create(user=cast["head"], name="app", confirmed=True)
    client = password_only(cast["head"])
    client.post("/accounts/mfa/", {"code": "000000"})
    body = client.post("/accounts/mfa/", {"code": "000001"}).content.decode()
    assert "Too many wrong codes in a row" in body


def test_the_set_up_page_shows_no_navigation_it_would_only_refuse(cast, client_for):
    page = password_only(cast["ceo"]).get("/accounts/mfa/setup/")
    assert page.context["nav_items"] == []
    assert client_for("ceo").get("/").context["nav_items"]  # once verified, all of it


def test_without_a_device_the_pages_do_not_ask_for_one_each_time(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = password_only(cast["head"])
    client.get("/")  # the first page of the session looks
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [q for q in queries if "otp_" in q["sql"]]


def test_a_device_removed_mid_session_lets_the_user_on(cast):
    device = TOTPDevice.objects.create(user=cast["head"], name="app", confirmed=True)
    client = password_only(cast["head"])
    assert client.get("/schools/").url == "/accounts/mfa/?next=/schools/"
    device.delete()  # the central team reset it in the admin site
    assert client.get("/accounts/mfa/?next=/schools/").url == "/schools/"
    assert client.get("/schools/").status_code == 200


def test_the_page_asked_for_comes_back_with_its_query_string(cast):
    device = TOTPDevice.objects.create(user=cast["head"], name="app", confirmed=True)
    client = password_only(cast["head"])
    asked = client.get("/finance/?year=2026&x=1")
    assert asked.url == "/accounts/mfa/?next=/finance/%3Fyear%3D2026%26x%3D1"
    done = client.post(asked.url, {"code": f"{totp(device.bin_key):06d}"})
    assert done.url == "/finance/?year=2026&x=1"
