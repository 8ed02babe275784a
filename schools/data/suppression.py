"""Small numbers: the DfE's statistical confidentiality practice for
termly data, applied where figures are presented, never to the stored figures.

What is suppressed
    The counts of pupils' events, ``suspensions`` and ``permanent_exclusions`` (not
    ``pupils_on_roll``: a whole-school count the DfE itself publishes), and the rates
    derived from them (``suspension_rate``, ``exclusion_rate``: a rate times the roll is
    the count). A count from 1 to ``SYMPHONY_SUPPRESS_BELOW`` - 1 (1 and 2 by default) is
    shown as "c", the DfE's symbol for confidential; 0 is shown, as the DfE shows zeros.

Secondary suppression
    Each school's count and the trust's total are one relation: total = sum of the parts.
    Where exactly one cell of a relation is suppressed it could be recovered by
    subtraction, so the next smallest part is suppressed too (a non-zero one first, as the
    DfE does), or the total where there is no other part. ``suppress`` repeats this until
    every relation has none or at least two suppressed cells. The pattern is worked out
    once per collection over every tracked school (``mask_for``), the set every trust
    figure is computed over, so every page, export and the API hide the same cells and
    two outputs cannot be combined to undo it. Every "c" carries the same explanation, so
    a reader cannot tell a small count from a cell hidden to protect one.

Who sees exact figures (the choice made here)
    - The submission form of a school: whoever may enter or check its figures (its
      headteacher; the central team who accept or return them) sees them exactly; they
      know them already and could not enter or check them otherwise. Read-only readers
      (trustees, members, local governors) see "c". The upload template follows the form:
      for read-only readers a suppressed cell is left blank.
    - Everything that leaves the portal (the KPI report's PDF, CSV and XLSX, and the JSON
      API) and the trustees' KPI report page: always suppressed, whoever asks.
    - Operational comparison pages (benchmarking, a collection's trust figures): exact
      for the trust's leaders and central data team, i.e. whoever runs
      the collections across the trust (``Perm.MANAGE_COLLECTIONS``: CEO, DoP, CFO, the
      finance and central teams). They are entitled to the schools' data; DfE suppression
      governs publication. Heads, trustees and governors see "c". A trust that wants its
      leaders to see suppressed figures there too sets ``SYMPHONY_SUPPRESS_FOR_LEADERS``.
    - The CEO/DoP dashboard and the school page's trend charts show percentages only, no
      counts or rates from counts (a test keeps it so); anything added must come through
      ``hide_headline`` / ``hide_trust`` here.

Not covered yet: percentages of very small groups (a "pupils" of 1 or 2, or a percentage
that is 1 or 2 pupils of its denominator) are shown as entered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.html import format_html

from .. import kpis

# The counts that can identify pupils, and the rates that reveal them (a rate times the roll
# is the count: it is hidden with its count), as the KPI registry declares them.
SENSITIVE = tuple(kpi.rate_of for kpi in kpis.rates() if kpi.suppressible)
RATE_OF = {kpi.key: kpi.rate_of for kpi in kpis.rates() if kpi.suppressible}  # rate -> count
TRUST = None  # the school key of the trust's total in a Mask


def threshold() -> int:
    """Counts from 1 to this less one are suppressed (DfE: fewer than 3)."""
    value = getattr(settings, "SYMPHONY_SUPPRESS_BELOW", 3)
    if not isinstance(value, int) or value < 1:
        raise ImproperlyConfigured("SYMPHONY_SUPPRESS_BELOW must be a whole number, 1 or more.")
    return value


def suppress_for_leaders() -> bool:
    return bool(getattr(settings, "SYMPHONY_SUPPRESS_FOR_LEADERS", False))


def explanation() -> str:
    return (
        f"fewer than {threshold()}, or a figure from which one could be worked out: "
        "suppressed to protect pupils' identities"
    )


class Suppressed:
    """A withheld figure: "c" in pages (with its explanation for every reader), CSV and
    XLSX; ``null`` with ``"suppressed": true`` in the API. Never a number, so nothing
    downstream can format, compare or add it by mistake."""

    suppressed = True
    symbol = "c"

    def __str__(self) -> str:
        return self.symbol

    def __repr__(self) -> str:
        return "SUPPRESSED"

    @property
    def html(self) -> str:
        """For templates: ``{% if v.suppressed %}{{ v.html }}{% endif %}`` ("c", with the
        reason as a title and as text for screen readers)."""
        return format_html(
            '<abbr class="suppressed" title="{}">c</abbr><span class="visually-hidden"> ({})'
            "</span>",
            explanation(),
            explanation(),
        )

    def __eq__(self, other) -> bool:
        return isinstance(other, Suppressed)

    def __hash__(self) -> int:
        return hash(Suppressed)


SUPPRESSED = Suppressed()


def is_suppressed(value) -> bool:
    return isinstance(value, Suppressed)


def is_small(value) -> bool:
    """A count that could identify a pupil: 1 to threshold - 1. Zero is not."""
    return value is not None and not is_suppressed(value) and 0 < value < threshold()


def suppress(values: dict[Hashable, object], relations: Iterable[tuple]) -> set:
    """The keys of ``values`` to hide: the small ones, then, for each relation
    ``(total, [parts])`` (total = sum of parts) with exactly one hidden cell, the smallest
    visible part (non-zero first), or the total where no part is left; until stable."""
    relations = [
        (total, [p for p in parts if p in values]) for total, parts in relations if total in values
    ]
    hidden = {key for key, value in values.items() if is_small(value)}
    changed = True
    while changed:
        changed = False
        for total, parts in relations:
            if sum(cell in hidden for cell in (total, *parts)) != 1:
                continue
            visible = sorted(
                (p for p in parts if p not in hidden),
                key=lambda p: (values[p] == 0, values[p], repr(p)),
            )
            if visible:
                hidden.add(visible[0])
            elif total not in hidden:
                hidden.add(total)
            else:
                continue  # a total with no parts shown: nothing to subtract from
            changed = True
    return hidden


@dataclass
class Mask:
    """Which cells to hide: {(collection pk, count measure, school pk or TRUST)}."""

    hidden: set = field(default_factory=set)
    exact: bool = False  # True: show everything (a leader on an operational page)

    def school(self, collection_id, school_id, measure) -> bool:
        return (collection_id, RATE_OF.get(measure, measure), school_id) in self.hidden

    def trust(self, collection_id, measure) -> bool:
        return self.school(collection_id, TRUST, measure)


EXACT = Mask(exact=True)


def mask_for(collections) -> Mask:
    """The suppression pattern of each collection's counts over every tracked school (the
    trust set every trust figure is computed over). One query."""
    from ..models import School
    from .aggregates import _whole_school
    from .selectors import TRACKED

    ids = [getattr(c, "pk", c) for c in collections]
    if not ids:
        return Mask()
    rows = _whole_school(ids, School.objects.filter(status__in=TRACKED)).filter(
        measure__in=SENSITIVE
    )
    by_set: dict[tuple, dict] = defaultdict(dict)
    for collection_id, school_id, measure, value, _pupils in rows:
        by_set[(collection_id, measure)][school_id] = value
    hidden = set()
    for (collection_id, measure), by_school in by_set.items():
        values = {(collection_id, measure, pk): v for pk, v in by_school.items()}
        total = (collection_id, measure, TRUST)
        values[total] = sum(by_school.values())
        hidden |= suppress(values, [(total, [k for k in values if k != total])])
    return Mask(hidden)


def exact_for(user) -> bool:
    """Whether ``user`` sees exact figures on the operational comparison pages."""
    from .. import access
    from ..access import Perm

    return not suppress_for_leaders() and access.allowed(user, Perm.MANAGE_COLLECTIONS)


def mask_for_user(user, collections) -> Mask:
    """The mask an operational page applies for ``user``: none for leaders (see above)."""
    return EXACT if exact_for(user) else mask_for(collections)


def hide_trust(figures: dict, mask: Mask, collection_id) -> dict:
    """A copy of ``{measure: TrustFigure}`` with the hidden values suppressed."""
    if mask.exact:
        return figures
    return {
        measure: replace(figure, value=SUPPRESSED)
        if mask.trust(collection_id, measure) or (measure in SENSITIVE and is_small(figure.value))
        else figure
        for measure, figure in figures.items()
    }


def hide_headline(figures: dict, mask: Mask) -> dict:
    """A copy of ``headline_figures`` ({(collection, school): {measure: value}}) with the
    hidden values suppressed."""
    if mask.exact:
        return figures
    out = {}
    for (collection_id, school_id), values in figures.items():
        out[(collection_id, school_id)] = {
            measure: SUPPRESSED
            if mask.school(collection_id, school_id, measure)
            or (measure in SENSITIVE and is_small(value))
            else value
            for measure, value in values.items()
        }
    return out


def hide_value(value, *, mask: Mask, collection_id, school_id, measure):
    """One school's figure, suppressed where it must be."""
    if mask.exact or (measure not in SENSITIVE and measure not in RATE_OF):
        return value
    if mask.school(collection_id, school_id, measure) or (measure in SENSITIVE and is_small(value)):
        return SUPPRESSED
    return value


def as_text(value, digits: int = 2) -> str:
    """A figure for CSV / XLSX: "c" when suppressed, blank when missing."""
    if value is None:
        return ""
    if is_suppressed(value):
        return value.symbol
    return f"{value:.{digits}f}"
