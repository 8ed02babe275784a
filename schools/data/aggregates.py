"""Trust figures from the schools' own, pupil-weighted as the DfE computes national ones:
a percentage is averaged over the pupils it is a percentage of (a school of 400 counts
twice a school of 200); suspension and exclusion rates are the trust's total number over
its total roll. Schools that have not submitted are named as missing, never dropped
silently. Only submitted or accepted figures count; drafts do not."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, Sum, Value, When

from .. import kpis
from ..models import Figure, Submission
from .measures import BY_KEY, COUNT, MEASURES, PERCENT

COUNTED = (Submission.State.SUBMITTED, Submission.State.ACCEPTED)
# The rates derived from a count over the roll, as the KPI registry declares them.
RATES = {kpi.rate_of: kpi.key for kpi in kpis.rates()}  # count -> rate
# The measures that have whole-school rows. Naming them lets PostgreSQL find those rows
# through the (measure, year_group, group) index; without, it reads every figure of every
# school and term (a scan that grew with the trust: 250 ms of each dashboard, school page
# and KPI report request at 500 schools, benchmarks in docs/performance.md).
WHOLE_SCHOOL_MEASURES = tuple(m.key for m in MEASURES if not m.by_year_group)
RATE_LABELS = {kpi.key: kpi.title for kpi in kpis.rates()}


@dataclass
class TrustFigure:
    value: Decimal | None
    schools: int
    pupils: int
    missing: list[str] = field(default_factory=list)


def _whole_school(collections, schools):
    """(collection, school, measure, value, pupils) of the counted whole-school rows."""
    return Figure.objects.filter(
        submission__collection__in=collections,
        submission__school__in=schools,
        submission__state__in=COUNTED,
        measure__in=WHOLE_SCHOOL_MEASURES,
        year_group=0,
        group="all",
        value__isnull=False,
    ).values_list(
        "submission__collection_id", "submission__school_id", "measure", "value", "pupils"
    )


def headline_figures(collections, schools) -> dict[tuple[int, int], dict[str, Decimal]]:
    """{(collection pk, school pk): {measure: value}} for the whole-school, all-pupil rows,
    with the suspension and exclusion rates derived from the counts. One query."""
    out: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(dict)
    for collection_id, school_id, measure, value, _pupils in _whole_school(collections, schools):
        out[(collection_id, school_id)][measure] = value
    for figures in out.values():
        roll = figures.get("pupils_on_roll")
        for count, rate in RATES.items():
            if count in figures and roll:
                figures[rate] = figures[count] * 100 / roll
    return out


def trust_figures(collection, schools) -> dict[str, TrustFigure]:
    """{measure: the trust's pupil-weighted figure} for one collection, whole-school rows,
    with the schools that have not submitted named. Two queries."""
    return trust_figures_for([collection], schools)[collection.pk]


def trust_figures_for(collections, schools) -> dict[int, dict[str, TrustFigure]]:
    """``trust_figures`` for several collections at once, still in two queries."""
    schools = list(schools)
    ids = [c.pk for c in collections]
    submitted = defaultdict(set)
    for collection_id, school_id in Submission.objects.filter(
        collection__in=ids, state__in=COUNTED, school__in=schools
    ).values_list("collection_id", "school_id"):
        submitted[collection_id].add(school_id)
    # (collection, measure) -> [weighted sum, weight, schools]
    sums: dict[tuple[int, str], list] = defaultdict(lambda: [Decimal(0), 0, 0])
    rolls: dict[tuple[int, int], int] = {}
    counts: dict[tuple[int, str], dict[int, Decimal]] = defaultdict(dict)
    rows = _whole_school(ids, schools)
    for collection_id, school_id, measure, value, pupils in rows:
        kind = BY_KEY[measure].kind if measure in BY_KEY else None
        if measure == "pupils_on_roll":
            rolls[(collection_id, school_id)] = int(value)
        if kind == COUNT:
            counts[(collection_id, measure)][school_id] = value
            continue
        weight = pupils if kind == PERCENT and pupils else 1
        entry = sums[(collection_id, measure)]
        entry[0] += value * weight
        entry[1] += weight
        entry[2] += 1
    result: dict[int, dict[str, TrustFigure]] = {pk: {} for pk in ids}
    missing = {pk: [s.name for s in schools if s.pk not in submitted[pk]] for pk in ids}
    for (collection_id, measure), (weighted, weight, n) in sums.items():
        result[collection_id][measure] = TrustFigure(
            weighted / weight if weight else None, n, int(weight), missing[collection_id]
        )
    for (collection_id, measure), by_school in counts.items():
        total = sum(by_school.values())
        result[collection_id][measure] = TrustFigure(
            total, len(by_school), 0, missing[collection_id]
        )
        if measure in RATES:
            roll = sum(rolls.get((collection_id, pk), 0) for pk in by_school)
            rate = total * 100 / roll if roll else None
            result[collection_id][RATES[measure]] = TrustFigure(
                rate, len(by_school), roll, missing[collection_id]
            )
    return result


def trust_by_row(collection, schools, measures) -> dict[tuple, TrustFigure]:
    """{(measure, year group, subject, group): the trust's figure} for the rows of
    ``measures`` by year group (on track, PIRA and PUMA), pupil-weighted as
    ``trust_figures``: a percentage over the pupils it is a percentage of (a row without
    them counts once), a score as the mean of the schools'. Summed in the database: one
    query, however many schools."""
    weighted_value = Case(
        When(pupils__gt=0, then=F("value") * F("pupils")),
        default=F("value"),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )
    weight = Case(When(pupils__gt=0, then=F("pupils")), default=Value(1))
    rows = (
        Figure.objects.filter(
            submission__collection=collection,
            submission__school__in=schools,
            submission__state__in=COUNTED,
            measure__in=measures,
            value__isnull=False,
        )
        .values("measure", "year_group", "subject", "group")
        .annotate(
            weighted=Sum(weighted_value),
            weight=Sum(weight),
            plain=Sum("value"),
            n=Count("submission__school", distinct=True),
        )
        .order_by()
    )
    out = {}
    for row in rows:
        if BY_KEY[row["measure"]].kind == PERCENT:
            value, pupils = row["weighted"] / row["weight"], int(row["weight"])
        else:
            value, pupils = row["plain"] / row["n"], 0
        key = (row["measure"], row["year_group"], row["subject"], row["group"])
        out[key] = TrustFigure(value, row["n"], pupils)
    return out


def compare(value, national, *, lower_is_better: bool, band: Decimal = Decimal("1")) -> str:
    """The key of the Trust Self-Evaluation (2025): better than national, about national
    (within ``band`` points), or worse. '' when either figure is missing."""
    if value is None or national is None:
        return ""
    difference = Decimal(value) - Decimal(national)
    if abs(difference) <= band:
        return "about"
    better = difference < 0 if lower_is_better else difference > 0
    return "better" if better else "worse"
