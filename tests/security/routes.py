"""Every route in the URL conf as a concrete path, for tests that must cover them all."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

# A value for each kind of path parameter; a route whose object does not exist still
# resolves, which is all the CSRF check (it runs before the view) needs.
CONVERTER_VALUES = {"int": "1", "path": "1", "slug": "x", "uuid": "0" * 32, "str": "csv"}
NAMED_VALUES = {"token": "x", "uidb64": "x", "fmt": "csv"}
REGEX_CANDIDATES = ("schools", "1", "x", "csv")


@dataclass(frozen=True)
class Route:
    pattern: str  # the URL conf's pattern, e.g. "reviews/<int:pk>/"
    path: str  # a concrete path for it, e.g. "/reviews/1/"
    name: str | None

    @property
    def parameterless(self) -> bool:
        return "<" not in self.pattern and "(?P" not in self.pattern


def all_routes() -> list[Route]:
    routes = []
    _walk(get_resolver().url_patterns, "", "", routes)
    return routes


def _walk(patterns, pattern_prefix, path_prefix, routes):
    for entry in patterns:
        text = str(entry.pattern)
        path = _concrete(entry.pattern)
        if isinstance(entry, URLResolver):
            _walk(entry.url_patterns, pattern_prefix + text, path_prefix + path, routes)
        elif isinstance(entry, URLPattern):
            routes.append(Route(pattern_prefix + text, "/" + path_prefix + path, entry.name))


def _concrete(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return re.sub(
            r"<(?:(\w+):)?(\w+)>",
            lambda m: NAMED_VALUES.get(m.group(2), CONVERTER_VALUES[m.group(1) or "str"]),
            str(pattern),
        )
    assert isinstance(pattern, RegexPattern)
    regex = str(pattern).lstrip("^").rstrip("$")
    while (start := regex.find("(?P<")) >= 0:
        end = _closing_parenthesis(regex, start)
        group = regex[start : end + 1]
        value = next(c for c in REGEX_CANDIDATES if re.fullmatch(group, c) and c not in ("",))
        regex = regex[:start] + value + regex[end + 1 :]
    return regex


def _closing_parenthesis(text, start) -> int:
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "(" and text[index - 1 : index] != "\\":
            depth += 1
        elif text[index] == ")" and text[index - 1 : index] != "\\":
            depth -= 1
            if depth == 0:
                return index
    raise ValueError(text)
