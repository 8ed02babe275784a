"""A strict reader of iCalendar (RFC 5545) for the tests: it refuses what the RFC does not
allow (a bare CR or LF, a physical line over 75 octets, a fold inside a character, an
unescaped ";" or ",", an escape the RFC has not, a control character in TEXT) and returns
the TEXT values unescaped."""

import re

ESCAPES = {"\\\\": "\\", "\\;": ";", "\\,": ",", "\\n": "\n", "\\N": "\n"}


def content_lines(body: bytes) -> list[str]:
    """The unfolded content lines, refusing what RFC 5545 §3.1 does not allow."""
    assert body.endswith(b"\r\n")
    physical = body[:-2].split(b"\r\n")
    for line in physical:
        assert b"\r" not in line and b"\n" not in line, f"a bare line break in {line!r}"
        assert len(line) <= 75, f"{len(line)} octets: {line!r}"
        line.decode("utf-8")  # a fold never splits a character
    lines: list[str] = []
    for line in physical:
        text = line.decode()
        if text.startswith((" ", "\t")):
            assert lines, "a continuation before any line"
            lines[-1] += text[1:]
        else:
            lines.append(text)
    return lines


def text_value(value: str) -> str:
    """A TEXT value unescaped (§3.3.11): only the RFC's escapes, and no control character
    but HTAB."""
    assert not re.search(r"[\x00-\x08\x0a-\x1f\x7f]", value), repr(value)
    assert not re.search(r"(?<!\\)(?:\\\\)*[;,]", value), f"an unescaped ; or , in {value!r}"
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            pair = value[i : i + 2]
            assert pair in ESCAPES, f"no such escape {pair!r}"
            out.append(ESCAPES[pair])
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def read(body: str) -> dict[str, list[str]]:
    """{property name: [unescaped TEXT values]} of the calendar."""
    properties: dict[str, list[str]] = {}
    for line in content_lines(body.encode()):
        name, value = line.split(":", 1)
        if name.split(";")[0] in ("SUMMARY", "DESCRIPTION", "X-WR-CALNAME"):
            properties.setdefault(name.split(";")[0], []).append(text_value(value))
    return properties
