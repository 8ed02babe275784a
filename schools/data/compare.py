"""What a school's data page sets beside each figure so people can read it at a glance:
last term's figure (the school's previous collection), the trust's figure this term, the
change in words, and, for the on-track figures, the heat map's band.

Every figure is compared as people read it (``measures.shown``: one decimal place), so a
change is never "up 0.0" and a value shown as 65% is never in the band below 65%.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ..models import Collection
from .measures import BY_KEY, COUNT, PERCENT
from .suppression import is_suppressed

# The on-track measures the heat map shows, by year group and subject.
HEAT_MEASURES = ("on_track_expected", "on_track_greater_depth")
# The heat map's bands; their colours (static/css/symphony.css, .heat-1 to .heat-4) are one
# blue from light to dark, so the order reads without telling red from green.
BAND_COUNT = 4


def as_read(value) -> Decimal:
    """``value`` rounded to one place as ``shown`` prints it (format rounds half-even)."""
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class Band:
    index: int  # 1 (lowest) to BAND_COUNT
    low: Decimal | None  # None: from 0
    high: Decimal | None  # the next band's low (not included); None: to 100
    label: str


def bands(measure: str) -> list[Band]:
    """The heat map's bands for ``measure``, from ``SYMPHONY_ON_TRACK_BANDS``."""
    bounds = settings.SYMPHONY_ON_TRACK_BANDS.get(measure)
    if (
        bounds is None
        or len(bounds) != BAND_COUNT - 1
        or list(bounds) != sorted(set(bounds))
        or not all(0 < b < 100 for b in bounds)
    ):
        raise ImproperlyConfigured(
            f"SYMPHONY_ON_TRACK_BANDS[{measure!r}] must be {BAND_COUNT - 1} ascending "
            "percentages between 0 and 100."
        )
    edges = [None, *(Decimal(str(b)) for b in bounds), None]
    out = []
    for i in range(BAND_COUNT):
        low, high = edges[i], edges[i + 1]
        if low is None:
            label = f"below {low_text(high)}%"
        elif high is None:
            label = f"{low_text(low)}% or more"
        else:
            label = f"{low_text(low)}% to {low_text(high - Decimal('0.1'))}%"
        out.append(Band(i + 1, low, high, label))
    return out


def low_text(value: Decimal) -> str:
    return f"{value:.1f}".removesuffix(".0")


def band_of(measure: str, value) -> Band | None:
    """The band of a figure as shown; None for none or a suppressed one."""
    if value is None or value == "" or is_suppressed(value):
        return None
    read = as_read(value)
    for band in bands(measure):
        if band.high is None or read < band.high:
            return band
    return None  # unreachable: the last band has no top


@dataclass(frozen=True)
class Change:
    """Since last term, in words (never an arrow alone): ``arrow`` is decoration,
    ``words`` says it ("up 4.5 points"), ``verdict`` whether that is better or worse."""

    arrow: str
    words: str
    verdict: str  # "better", "worse" or "" (no change, or a measure with no better)

    def __str__(self) -> str:
        return f"{self.words}, {self.verdict}" if self.verdict else self.words


def change(measure: str, now, before) -> Change | None:
    """The change from ``before`` to ``now``; None where either is missing or suppressed
    (a change would reveal a hidden figure)."""
    if now is None or before is None or now == "" or before == "":
        return None
    if is_suppressed(now) or is_suppressed(before):
        return None
    m = BY_KEY[measure]
    digits = 0 if m.kind == COUNT else 1
    difference = (as_read(now) - as_read(before)).quantize(Decimal(1).scaleb(-digits))
    if not difference:
        return Change("→", "no change", "")
    size = f"{abs(difference):,.{digits}f}".removesuffix(".0")
    unit = " points" if m.kind == PERCENT else ""
    if m.kind == PERCENT and size == "1":
        unit = " point"
    up = difference > 0
    verdict = "" if m.neutral else "better" if up != m.lower_is_better else "worse"
    return Change("↑" if up else "↓", f"{'up' if up else 'down'} {size}{unit}", verdict)


def previous_collection(collection) -> Collection | None:
    """The collection before ``collection``: last term's. One query."""
    return (
        Collection.objects.select_related("term__academic_year")
        .filter(term__starts_on__lt=collection.term.starts_on)
        .order_by("-term__starts_on")
        .first()
    )
