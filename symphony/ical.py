"""A minimal iCalendar (RFC 5545) writer for the portal's calendar feed: all-day events
only, text escaped (every line break, CR as well as LF), lines folded at 75 octets."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Event:
    uid: str  # stable, so calendar programs update an event rather than duplicate it
    day: datetime.date
    summary: str
    description: str = ""
    url: str = ""


# RFC 5545 §3.1: content lines end in CRLF and nowhere else; §3.3.11: TEXT holds no control
# character but HTAB, and a line break in it is written "\n". A lone CR counts as a line
# break too (some programs end lines with it), so CRLF, CR and LF each become one "\n".
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # all but HTAB, CR and LF
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _escape(text: str) -> str:
    """A TEXT value (§3.3.11)."""
    text = _CONTROL.sub("", text)
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _LINE_BREAK.sub("\\\\n", text)


def _bare(value: str) -> str:
    """A value that is not TEXT (an address, an identifier): no control character at all,
    so nothing in it can end the line."""
    return _ANY_CONTROL.sub("", value)


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def calendar(events: list[Event], *, name: str, domain: str = "symphony") -> str:
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Symphony//School improvement portal//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for event in sorted(events, key=lambda e: (e.day, e.uid)):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_bare(event.uid)}@{_bare(domain)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{_escape(event.description)}")
        if event.url:
            lines.append(f"URL:{_bare(event.url)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
