"""Programs reading as a person are in the audit trail: a row per API token, and per
calendar feed, for each day it is used, not one per request."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from schools.models import ApiToken, AuditEvent, CalendarFeed, User

API_READ = AuditEvent.Action.API_READ
FEED_READ = AuditEvent.Action.FEED_READ


def test_api_reads_are_a_row_per_token_per_day(cast):
    token, key = ApiToken.issue(user=cast["head"], name="Power BI")
    other, other_key = ApiToken.issue(user=cast["head"], name="Excel")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}", REMOTE_ADDR="198.51.100.4")
    for endpoint in ("portal:api_schools", "portal:api_measures", "portal:api_collections"):
        assert api.get(reverse(endpoint)).status_code == 200
    Client(HTTP_AUTHORIZATION=f"Bearer {other_key}").get(reverse("portal:api_schools"))
    rows = list(AuditEvent.objects.filter(action=API_READ).order_by("pk"))
    assert [r.detail for r in rows] == [
        f"API token Power BI ({token.hint}…)",
        f"API token Excel ({other.hint}…)",
    ]
    first = rows[0]
    assert first.user == cast["head"] and first.user_email == cast["head"].email
    assert first.path == reverse("portal:api_schools") and first.ip == "198.51.100.4"

    # The next day the token's first read is recorded again.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(days=1))
    api.get(reverse("portal:api_schools"))
    assert AuditEvent.objects.filter(action=API_READ).count() == 3


def test_a_refused_token_records_no_read(cast):
    # An account with no role reads no school's data (access denies by default).
    nobody = User.objects.create_user(email="nobody@example.org", password="x", full_name="No role")
    token, key = ApiToken.issue(user=nobody, name="No data")
    assert (
        Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(reverse("portal:api_schools")).status_code
        == 403
    )
    assert not AuditEvent.objects.filter(action=API_READ).exists()


def test_feed_fetches_are_a_row_per_feed_per_day_without_its_secret(cast):
    feed = CalendarFeed.objects.create(user=cast["head"])
    url = reverse("schools:feed_ics", kwargs={"token": feed.token})
    for _ in range(3):
        assert Client(REMOTE_ADDR="198.51.100.5").get(url).status_code == 200
    rows = list(AuditEvent.objects.filter(action=FEED_READ))
    assert len(rows) == 1
    assert rows[0].user == cast["head"] and rows[0].ip == "198.51.100.5"
    assert feed.token not in rows[0].path and rows[0].path.endswith(".ics")
    feed.refresh_from_db()
    assert feed.last_read_at is not None

    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now() - timedelta(days=1))
    Client().get(url)
    assert AuditEvent.objects.filter(action=FEED_READ).count() == 2


def test_a_wrong_feed_address_records_nothing(demo):
    url = reverse("schools:feed_ics", kwargs={"token": "not-a-feed"})
    assert Client().get(url).status_code == 404
    assert not AuditEvent.objects.filter(action=FEED_READ).exists()


def test_the_feed_page_says_when_it_was_last_read(client_for, cast):
    client = client_for("head")
    assert "Last read by a calendar program: never" in (
        client.get(reverse("schools:calendar_feed")).content.decode()
    )
    feed = CalendarFeed.objects.get(user=cast["head"])
    Client().get(reverse("schools:feed_ics", kwargs={"token": feed.token}))
    page = client.get(reverse("schools:calendar_feed")).content.decode()
    assert "Last read by a calendar program: never" not in page
    assert f"Last read by a calendar program: {timezone.localtime():%-d %b %Y}" in page
