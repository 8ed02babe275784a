"""Reads for termly data, scoped by ``schools.access``. Every
function costs a fixed number of queries however many schools there are."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404
from django.utils import timezone

from .. import access
from ..access import Perm
from ..calendar import Calendar
from ..models import Collection, School
from .aggregates import compare, headline_figures, trust_figures_for
from .benchmarks import comparison, current_national
from .measures import BY_KEY
from .suppression import RATE_OF, SENSITIVE

# Measures whose figures can reveal a small count of pupils (schools/data/suppression.py).
RATE_MEASURES = frozenset(SENSITIVE) | frozenset(RATE_OF)

TRACKED = (School.Status.MEMBER, School.Status.DUE_DILIGENCE)


def get_collection(pk) -> Collection:
    """Collection ``pk`` with its term (every role that reads termly data may see every
    collection; what it holds is scoped by school), else 404."""
    try:
        return Collection.objects.select_related("term__academic_year").get(pk=pk)
    except (Collection.DoesNotExist, ValueError):
        raise Http404("No such collection.") from None


def current_collection(today=None, calendar=None) -> Collection | None:
    """This term's collection, or the latest one before it."""
    today = today or timezone.localdate()
    calendar = calendar or Calendar.load()
    term = calendar.term_on_or_next(today)
    collections = Collection.objects.select_related("term__academic_year")
    if term:
        found = collections.filter(term=term).first()
        if found:
            return found
    return collections.filter(term__starts_on__lte=today).order_by("-term__starts_on").first()


def latest_summer(before=None) -> Collection | None:
    qs = Collection.objects.select_related("term__academic_year").filter(term__season=3)
    if before is not None:
        qs = qs.filter(term__starts_on__lte=before.term.starts_on)
    return qs.order_by("-term__starts_on").first()


@dataclass
class BenchmarkRow:
    label: str
    school_id: int | None  # None where the school is not named to this user
    value: Decimal
    versus: str
    own: bool
    width: float = 0.0  # for the bar chart, 0-100
    ranked: bool = True  # False: suppressed, listed after the ranking


def benchmarking(*, user, collection, measure: str) -> dict:
    """Every submitted school's figure for one measure, ranked (best first), with the
    trust and national figures. Those who may compare schools see them named; anyone else
    sees their own schools named and the others as letters (unless the trust shares named
    comparisons: ``SYMPHONY_HEADS_SEE_NAMED_COMPARISONS``)."""
    from django.conf import settings

    from .suppression import explanation, hide_headline, hide_trust, is_suppressed, mask_for_user

    everyone = list(School.objects.filter(status__in=TRACKED).order_by("name"))
    # Small counts (and the rates that reveal them) are "c" unless the user sees exact ones.
    mask = mask_for_user(user, [collection]) if measure in RATE_MEASURES else None
    figures = headline_figures([collection], everyone)
    trust_all = trust_figures_for([collection], everyone)[collection.pk]
    if mask is not None:
        figures = hide_headline(figures, mask)
        trust_all = hide_trust(trust_all, mask, collection.pk)
    trust = trust_all.get(measure)
    benchmark = comparison(current_national(), measure, collection)
    national = benchmark.value  # None when none is young enough to compare with
    lower = BY_KEY[measure].lower_is_better if measure in BY_KEY else True
    named = (
        access.allowed(user, Perm.VIEW_TRUST_DATA) or settings.SYMPHONY_HEADS_SEE_NAMED_COMPARISONS
    )
    own = {s.pk for s in access.schools_for(user)}
    values = [
        (s, figures[(collection.pk, s.pk)][measure])
        for s in everyone
        if measure in figures.get((collection.pk, s.pk), {})
    ]
    # A suppressed figure is not ranked: its place among the others would bound it.
    hidden = [pair for pair in values if is_suppressed(pair[1])]
    values = [pair for pair in values if not is_suppressed(pair[1])]
    values.sort(key=lambda pair: pair[1], reverse=not lower)
    top = max([float(v) for _, v in values] + [float(benchmark.published or 0), 1.0])
    rows, letter = [], 0
    for school, value in values:
        shown = named or school.pk in own
        if not shown:
            letter += 1
        rows.append(
            BenchmarkRow(
                label=school.name if shown else f"School {_letters(letter)}",
                school_id=school.pk if shown else None,
                value=value,
                versus=compare(value, national, lower_is_better=lower),
                own=school.pk in own and not access.allowed(user, Perm.VIEW_TRUST_DATA),
                width=round(float(value) / top * 100, 1),
            )
        )
    for school, value in sorted(hidden, key=lambda pair: pair[0].name):
        shown = named or school.pk in own
        if not shown:
            letter += 1
        rows.append(
            BenchmarkRow(
                label=school.name if shown else f"School {_letters(letter)}",
                school_id=school.pk if shown else None,
                value=value,
                versus="",
                own=school.pk in own and not access.allowed(user, Perm.VIEW_TRUST_DATA),
                ranked=False,
            )
        )
    return {
        "rows": rows,
        "trust": trust.value if trust else None,
        "national": benchmark,
        "named": named,
        "lower_is_better": lower,
        "suppressed": bool(hidden) or bool(trust and is_suppressed(trust.value)),
        "suppression_note": explanation(),
    }


def _letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out
