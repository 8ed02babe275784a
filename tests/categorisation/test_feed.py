"""The private iCalendar feed: its address, its contents per role, and its token."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from categorisation.models import RiskMeeting
from categorisation.services import hold_meeting
from schools import access
from schools.models import CalendarFeed, School
from symphony.ical import Event, calendar
from tests.conftest import OWN_SCHOOLS


def feed_token(client_for, role):
    """Sign in as ``role``, open the feed page (which creates the feed) and return the token."""
    response = client_for(role).get(reverse("schools:calendar_feed"))
    assert response.status_code == 200
    match = re.search(r"/calendar/feed/([^/\"<>\s]+)\.ics", response.content.decode())
    assert match, "the feed page shows the feed's address"
    return match.group(1)


def fetch(token):
    # A calendar program: nobody signed in.
    return Client().get(reverse("schools:feed_ics", args=[token]))


def unfold(body):
    return body.replace("\r\n ", "")


def events_of(body):
    """[{property: value}] for every VEVENT, on the unfolded lines."""
    events, current = [], None
    for line in unfold(body).split("\r\n"):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None and ":" in line:
            key, value = line.split(":", 1)
            current[key.split(";")[0]] = value
    return events


def test_feed_page_creates_the_feed_and_shows_its_address(client_for, cast):
    assert not CalendarFeed.objects.filter(user=cast["ceo"]).exists()
    token = feed_token(client_for, "ceo")
    feed = CalendarFeed.objects.get(user=cast["ceo"])
    assert feed.token == token
    # Opening the page again keeps the same address.
    assert feed_token(client_for, "ceo") == token


def test_ceo_feed_is_valid_icalendar_with_due_dates_and_meetings(client_for):
    response = fetch(feed_token(client_for, "ceo"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    events = events_of(body)
    summaries = [e["SUMMARY"] for e in events]
    assert any(s.startswith("Foxton") for s in summaries), summaries
    assert "SUMMARY:Foxton" in unfold(body)
    # Every risk meeting of the last year is in the CEO's feed.
    year_ago = timezone.localdate() - datetime.timedelta(days=365)
    meetings = RiskMeeting.objects.filter(held_on__gte=year_ago)
    assert meetings.exists()
    uids = {e["UID"] for e in events}
    for meeting in meetings:
        assert f"risk-meeting-{meeting.pk}@symphony" in uids
    assert all(e["DTSTART"] and e["DTEND"] for e in events)


def test_every_line_is_folded_and_ends_with_crlf(client_for):
    body = fetch(feed_token(client_for, "ceo")).content
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    too_long = [line for line in lines if len(line) > 75]
    assert not too_long


def test_ceo_feed_has_a_meeting_they_do_not_attend_and_cfo_only_theirs(client_for, cast):
    meeting = hold_meeting(
        held_on=timezone.localdate() + datetime.timedelta(days=7),
        attendees=[cast["dop"]],
        by=cast["dop"],
    )
    uid = f"risk-meeting-{meeting.pk}@symphony"
    ceo_uids = {e["UID"] for e in events_of(fetch(feed_token(client_for, "ceo")).content.decode())}
    assert uid in ceo_uids
    cfo_uids = {e["UID"] for e in events_of(fetch(feed_token(client_for, "cfo")).content.decode())}
    assert uid not in cfo_uids
    # The demo meetings the CFO attended are there.
    attended = RiskMeeting.objects.filter(
        attendees=cast["cfo"], held_on__gte=timezone.localdate() - datetime.timedelta(days=365)
    )
    assert attended.exists()
    assert {f"risk-meeting-{m.pk}@symphony" for m in attended} <= cfo_uids


def test_head_feed_has_only_glen_hills_and_no_meetings(client_for):
    body = fetch(feed_token(client_for, "head")).content.decode()
    events = events_of(body)
    assert events
    assert all(e["SUMMARY"].startswith("Glen Hills") for e in events)
    assert not any(e["UID"].startswith("risk-meeting") for e in events)
    assert "risk meeting" not in body.lower()


@pytest.mark.parametrize("role", [*sorted(OWN_SCHOOLS), "reviewer"])
def test_linked_roles_feed_never_names_another_school(client_for, cast, role):
    own = OWN_SCHOOLS.get(role, set())
    if role == "reviewer":  # the schools of the reviews they are on (the team's access)
        own = set(access.schools_for(cast[role]).values_list("name", flat=True))
        assert own
    others = set(School.objects.values_list("name", flat=True)) - own
    body = unfold(fetch(feed_token(client_for, role)).content.decode())
    # The calendar's name is the user's own name (the reviewer's names their home school);
    # the events are what must stay within the user's schools.
    events = body.split("BEGIN:VEVENT", 1)[1] if "BEGIN:VEVENT" in body else ""
    leaked = [name for name in others if name in events]
    assert not leaked, f"the feed of {role} shows {leaked}"
    named = {name for name in own if name in events}
    assert named == {n for n in own if School.objects.get(name=n).assessments.exists()}


def test_wrong_token_is_404(client_for):
    feed_token(client_for, "ceo")
    assert fetch("not-a-real-token").status_code == 404
    assert Client().get("/calendar/feed/.ics").status_code == 404


def test_reset_replaces_the_token(client_for):
    old = feed_token(client_for, "ceo")
    assert fetch(old).status_code == 200
    response = client_for("ceo").post(reverse("schools:calendar_feed"))
    assert response.status_code == 302
    new = feed_token(client_for, "ceo")
    assert new != old
    assert fetch(old).status_code == 404
    assert fetch(new).status_code == 200


def test_inactive_users_token_is_404(client_for, cast):
    token = feed_token(client_for, "head")
    assert fetch(token).status_code == 200
    head = cast["head"]
    head.is_active = False
    head.save(update_fields=["is_active"])
    assert fetch(token).status_code == 404


def test_feed_needs_no_sign_in(client_for):
    token = feed_token(client_for, "governor")
    client = Client()
    assert not client.session.get("_auth_user_id")
    response = client.get(reverse("schools:feed_ics", args=[token]))
    assert response.status_code == 200
    assert response.content.startswith(b"BEGIN:VCALENDAR")


def test_feed_page_needs_sign_in(client):
    response = client.get(reverse("schools:calendar_feed"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- symphony.ical ------------------------------------------------------------------------


def test_text_is_escaped():
    text = "a, b; c\\d\nnext"
    body = calendar(
        [Event(uid="x", day=datetime.date(2026, 11, 23), summary=text, description=text)],
        name="Test",
    )
    lines = unfold(body).split("\r\n")
    assert "SUMMARY:a\\, b\\; c\\\\d\\nnext" in lines
    assert "DESCRIPTION:a\\, b\\; c\\\\d\\nnext" in lines


def test_crlf_inside_text_is_one_escaped_newline():
    body = calendar(
        [Event(uid="x", day=datetime.date(2026, 11, 23), summary="one\r\ntwo")], name="Test"
    )
    assert "SUMMARY:one\\ntwo" in unfold(body).split("\r\n")


def test_long_multibyte_lines_fold_at_75_octets_without_splitting_characters():
    summary = "École " * 40  # two-byte characters straddle the fold
    body = calendar([Event(uid="x", day=datetime.date(2026, 11, 23), summary=summary)], name="T")
    raw_lines = body.encode().split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in raw_lines)
    assert all(line.startswith(b" ") for line in raw_lines if line.startswith(b" "))
    for line in raw_lines:
        line.decode()  # each physical line is whole UTF-8
    assert f"SUMMARY:{summary}" in unfold(body).split("\r\n")


def test_events_are_all_day():
    body = calendar([Event(uid="u", day=datetime.date(2026, 12, 31), summary="S")], name="T")
    lines = body.split("\r\n")
    assert "DTSTART;VALUE=DATE:20261231" in lines
    assert "DTEND;VALUE=DATE:20270101" in lines
    assert "UID:u@symphony" in lines


def test_an_invited_executive_head_sees_the_meeting_they_attend(client_for, cast):
    # The meeting form invites executive headteachers (categorisation.forms.ATTENDEE_ROLES),
    # the meeting reminder goes to every attendee, and the feed promises "the risk meetings
    # you attend": an attended meeting belongs in their feed.
    meeting = hold_meeting(
        held_on=timezone.localdate() + datetime.timedelta(days=7),
        attendees=[cast["dop"], cast["exec_head"]],
        by=cast["dop"],
    )
    body = fetch(feed_token(client_for, "exec_head")).content.decode()
    uids = {e["UID"] for e in events_of(body)}
    assert f"risk-meeting-{meeting.pk}@symphony" in uids
    # Its text names no school.
    others = set(School.objects.values_list("name", flat=True)) - OWN_SCHOOLS["exec_head"]
    assert not [name for name in others if name in unfold(body).split("BEGIN:VEVENT", 1)[1]]


def test_a_user_without_a_role_has_no_feed(client_for, cast):
    token = feed_token(client_for, "governor")
    governor = cast["governor"]
    governor.role = ""
    governor.save(update_fields=["role"])
    assert fetch(token).status_code == 404


def test_a_lone_carriage_return_in_a_name_cannot_break_the_feed(client_for, cast):
    from tests.symphony_core.ical_reader import read

    ceo = cast["ceo"]
    ceo.full_name = "Ann\rMarie Smith\r\nJones"
    ceo.save(update_fields=["full_name"])
    body = fetch(feed_token(client_for, "ceo")).content.decode()
    assert read(body)["X-WR-CALNAME"] == ["Symphony: Ann\nMarie Smith\nJones"]
