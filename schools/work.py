"""What needs a person now: the items on their home page, from every app.

Each app registers a source from its ``AppConfig.ready``: a function ``items(user, today)``
that returns the ``Item``s that need this user (already within what the access layer lets
them see), and the words for what it would list (``explains(user)``, or None when it lists
nothing for this user), so an empty home can say what will appear there. The home (the roof)
gathers them, soonest first; the navigation shows how many there were when it last did.

A source costs a fixed number of queries however many schools there are."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.cache import cache

logger = logging.getLogger(__name__)

COUNT_SECONDS = 300  # how long the navigation's count may lag behind the home page


@dataclass(frozen=True)
class Item:
    """One thing that needs the person: what, where to act, and by when (or since when)."""

    title: str
    url: str
    when: datetime.date | None = None  # the date it is due, or the day it happened
    detail: str = ""
    school: str = ""
    kind: str = ""  # the heading it is listed under ("Termly data", "Core Plan", ...)
    overdue: bool = False  # past its date, or sent back: shown first and marked


@dataclass(frozen=True)
class Source:
    name: str
    items: Callable[..., Iterable[Item]]
    explains: Callable[..., str | None]


_SOURCES: dict[str, Source] = {}


def register(name: str, *, items: Callable, explains: Callable) -> None:
    """Called from an app's ``ready``; registering ``name`` again replaces it."""
    _SOURCES[name] = Source(name, items, explains)


def sources() -> list[Source]:
    return list(_SOURCES.values())


def _order(item: Item):
    far = datetime.date.max
    return (not item.overdue, item.when or far, item.school, item.title)


def items_for(user, today: datetime.date) -> list[Item]:
    """Everything that needs ``user``: overdue first, then soonest first."""
    found = []
    for source in sources():
        found.extend(source.items(user, today))
    found.sort(key=_order)
    return found


def remember_count(user, items: list[Item]) -> None:
    """Keep how many items the home just listed, for the navigation's count."""
    cache.set(_count_key(user), len(items), COUNT_SECONDS)


def what_appears(user) -> list[str]:
    """What this user's home would list, in words, for an empty one."""
    return [words for s in sources() if (words := s.explains(user))]


def count_for(user) -> int | None:
    """How many items needed ``user`` when their home last listed them (``remember_count``;
    for the navigation; other pages never gather, so their query counts stay their own)."""
    return cache.get(_count_key(user))


def _count_key(user) -> str:
    return f"symphony:work-count:{user.pk}"
