"""A school's termly figures as its data page lays them out: every expected row with the
value as people read it, set beside last term's figure and the trust's (``schools.data
.compare``), and the on-track figures as a heat map. Suppressed as each reader may see them
(``schools.data.suppression``). A fixed number of queries, however many schools."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from .. import access
from ..access import Perm
from ..models import Collection, Figure, School
from . import compare, selectors, suppression
from .aggregates import COUNTED, trust_by_row, trust_figures
from .measures import (
    BY_KEY,
    FAMILIES,
    FAMILY_OF,
    GROUP_LABELS,
    GROUPS,
    MEASURES,
    SUBJECTS,
    RowKey,
    as_typed,
    expected_rows,
    shown,
    year_groups_of,
)


def sees_exact(user, school) -> bool:
    """Who enters or checks a school's figures sees them exactly; read-only readers see
    small counts as "c" (schools/data/suppression.py)."""
    return access.allowed(user, Perm.SUBMIT_DATA, school) or access.allowed(
        user, Perm.MANAGE_COLLECTIONS
    )


def own_mask(user, school, collections):
    """The suppression a school's own figures get for ``user``: none for whoever may
    enter or check them."""
    return None if sees_exact(user, school) else suppression.mask_for(collections)


def visible(collection, school, figures, mask) -> dict[RowKey, tuple]:
    """{row key: (pupils, value)} of ``figures``, suppressed by ``mask`` (None: exact)."""
    have = {}
    for f in figures:
        value = f.value
        if mask is not None:
            value = suppression.hide_value(
                value,
                mask=mask,
                collection_id=collection.pk,
                school_id=school.pk,
                measure=f.measure,
            )
        have[RowKey(f.measure, f.year_group, f.subject, f.group)] = (f.pupils, value)
    return have


def figures_for(user, collection, school, submission) -> dict[RowKey, tuple]:
    """{row key: (pupils, value)} of the submission, as ``user`` may see them."""
    if submission is None:
        return {}
    return visible(
        collection, school, submission.figures.all(), own_mask(user, school, [collection])
    )


class Beside(NamedTuple):
    """What each figure is read beside: last term's (the school's previous collection,
    submitted or accepted) and the trust's this term, as ``user`` may see them."""

    previous: Collection | None
    last: dict[RowKey, tuple]
    trust: dict[RowKey, object]
    counted: int  # schools whose figures make the trust's
    tracked: int


def beside(user, collection, school) -> Beside:
    """Nine queries at most, however many schools."""
    previous = compare.previous_collection(collection)
    both = [c for c in (collection, previous) if c is not None]
    exact_here, exact_trust = sees_exact(user, school), suppression.exact_for(user)
    # One suppression pattern for both terms, worked out only if someone needs it.
    mask = None if exact_here and exact_trust else suppression.mask_for(both)
    last = {}
    if previous is not None:
        figures = Figure.objects.filter(
            submission__collection=previous,
            submission__school=school,
            submission__state__in=COUNTED,
        )
        last = visible(previous, school, figures, None if exact_here else mask)
    everyone = list(School.objects.filter(status__in=selectors.TRACKED))
    whole = trust_figures(collection, everyone)
    whole = suppression.hide_trust(whole, suppression.EXACT if exact_trust else mask, collection.pk)
    trust: dict[RowKey, object] = {RowKey(m, 0, "", "all"): f.value for m, f in whole.items()}
    by_year = [m.key for m in MEASURES if m.by_year_group]
    for key, figure in trust_by_row(collection, everyone, by_year).items():
        trust[RowKey(*key)] = figure.value
    missing = next(iter(whole.values())).missing if whole else everyone
    return Beside(previous, last, trust, len(everyone) - len(missing), len(everyone))


class GridRow(NamedTuple):
    """One row of the figures' table: the form's index, the row, what it is in words, the
    figures (as typed, if the form came back with problems), and the value as people read
    it (``shown``: "62.5%", "262"); beside it last term's figure, the trust's this term,
    the change since last term and, for the on-track figures, the heat map's band."""

    i: int
    key: RowKey
    label: str
    pupils: object
    value: object
    is_percent: bool
    family: str
    shown: str
    stored: object = None  # the value as saved (Decimal, Suppressed or None)
    last: object = None
    trust: object = None
    change: compare.Change | None = None
    band: compare.Band | None = None


def grid(collection, school, submission, data=None, *, user, beside=None) -> list[GridRow]:
    """Every expected row, in its family's order."""
    have = figures_for(user, collection, school, submission)
    last, trust = (beside.last, beside.trust) if beside else ({}, {})
    rows = []
    for i, key in enumerate(expected_rows(season=collection.season, phase=school.phase)):
        pupils, stored = have.get(key, (None, None))
        value = stored
        if data is not None:
            pupils, value = data.get(f"p{i}", ""), data.get(f"v{i}", "")
        elif isinstance(stored, Decimal):
            value = as_typed(stored)  # 262.00 reads as 262 and 62.50 as 62.5
        before = last.get(key, (None, None))[1]
        rows.append(
            GridRow(
                i,
                key,
                key.label(),
                pupils,
                value,
                BY_KEY[key.measure].kind == "percent",
                FAMILY_OF.get(key.measure, "Other figures"),
                shown(key.measure, stored) if isinstance(stored, Decimal) else "",
                stored=stored,
                last=before,
                trust=trust.get(key),
                change=compare.change(key.measure, stored, before),
                band=compare.band_of(key.measure, stored)
                if key.measure in compare.HEAT_MEASURES
                else None,
            )
        )
    order = {name: n for n, (name, _) in enumerate(FAMILIES)}
    return sorted(rows, key=lambda row: order.get(row.family, len(order)))


def heat_map(grid, phase) -> list[dict]:
    """The on-track figures by year group (rows) and subject (columns), one pair of
    tables (expected, greater depth) for all pupils and each group; [] when none is saved."""
    by_key = {row.key: row for row in grid if row.key.measure in compare.HEAT_MEASURES}
    if not any(row.shown for row in by_key.values()):
        return []
    years = year_groups_of(phase)
    return [
        {
            "group": group,
            "label": GROUP_LABELS[group],
            "tables": [
                {
                    "measure": BY_KEY[measure],
                    "rows": [
                        (year, [by_key.get(RowKey(measure, year, s, group)) for s in SUBJECTS])
                        for year in years
                    ],
                }
                for measure in compare.HEAT_MEASURES
            ],
        }
        for group in GROUPS
    ]
