"""symphony.ical against RFC 5545 as a strict reader takes it: content lines end in CRLF
and nowhere else (a bare CR or LF is no line ending, §3.1), folded lines continue after one
space and no physical line passes 75 octets (§3.1), and TEXT escapes a backslash,
semicolon, comma and every line break (CRLF, a lone CR, a lone LF) as ``\\n`` (§3.3.11),
with no other control characters. There is no iCalendar library in the project, so the
reader (tests/symphony_core/ical_reader.py) is written from the RFC."""

import datetime

import pytest

from symphony.ical import Event, calendar

from .ical_reader import content_lines, read

DAY = datetime.date(2026, 11, 23)


@pytest.mark.parametrize(
    "written",
    ["Glen\r\nHills", "Glen\rHills", "Glen\nHills", "Glen\n\rHills", "Glen\r\rHills"],
    ids=["crlf", "lone-cr", "lone-lf", "lf-cr", "cr-cr"],
)
def test_every_line_break_is_one_escaped_newline(written):
    body = calendar(
        [Event(uid="x", day=DAY, summary=written, description=f"About {written}.")],
        name=f"Symphony: {written}",
    )
    expected = written.replace("\r\n", "\n").replace("\r", "\n")
    found = read(body)
    assert found["SUMMARY"] == [expected]
    assert found["DESCRIPTION"] == [f"About {expected}."]
    assert found["X-WR-CALNAME"] == [f"Symphony: {expected}"]


def test_other_control_characters_are_left_out():
    body = calendar([Event(uid="x", day=DAY, summary="Glen\x00\x0b\x1bHills\tLead")], name="T")
    assert read(body)["SUMMARY"] == ["GlenHills\tLead"]


def test_text_round_trips_through_escaping_and_folding():
    tricky = "Ann O'Neill; Glen Hills, Foxton\\Fairfield — École\r" * 6
    body = calendar([Event(uid="x", day=DAY, summary=tricky, description=tricky)], name=tricky)
    found = read(body)
    expected = tricky.replace("\r", "\n")
    assert found == {"X-WR-CALNAME": [expected], "SUMMARY": [expected], "DESCRIPTION": [expected]}


@pytest.mark.parametrize("length", range(70, 80))
def test_folding_at_the_boundary(length):
    summary = "x" * length
    body = calendar([Event(uid="x", day=DAY, summary=summary)], name="T")
    assert read(body)["SUMMARY"] == [summary]


def test_a_line_break_cannot_start_a_property_of_its_own():
    body = calendar(
        [Event(uid="x", day=DAY, summary="Meeting\rURL:https://evil.example", url="https://x/")],
        name="T",
    )
    urls = [line for line in content_lines(body.encode()) if line.startswith("URL")]
    assert urls == ["URL:https://x/"]
