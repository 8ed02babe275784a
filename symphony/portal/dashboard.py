"""The CEO/DoP's dashboard: every school the trust tracks on one screen, joining the
termly data with each school's category, SCC level, Ofsted and peer review, each headline
figure with its change since the term before and a sparkline of the last six. Schools that
need attention come first unless the reader orders them otherwise. A fixed number of
queries however many schools there are: the figures of every term shown come from one
query, the trust's from two."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.utils import timezone

from categorisation.scc import levels_by_school
from categorisation.selectors import due_rows
from reviews.models import PeerReview
from schools import access, kpis
from schools.calendar import Calendar
from schools.data.aggregates import compare, headline_figures, trust_figures_for
from schools.data.benchmarks import comparison, current_national
from schools.data.selectors import TRACKED, current_collection
from schools.models import Collection, OfstedInspection, School, Submission
from symphony import charts

# How many terms a sparkline shows. A summer outcome exists once a year, so its line is
# the last six summers'.
SERIES_LENGTH = 6
# The orders the reader can choose besides a measure; the first is the default.
ATTENTION, NAME = "attention", "name"
# Said on the page beside the order, so nobody has to guess why a school is at the top.
ATTENTION_RULE = (
    "Needs attention first: schools causing concern (highest SCC level first), then "
    "category 4, then category 3, then re-assessment overdue, then this term's data not "
    "submitted; then by name."
)
SUBMITTED = (Submission.State.SUBMITTED, Submission.State.ACCEPTED)


def dashboard_measures() -> list[tuple[str, str, str]]:
    """The dashboard's headline columns, from the KPI registry's ``DASHBOARD``: (measure,
    heading, which collection it comes from: this term's or the latest summer's)."""
    return [
        (kpi.key, kpi.heading, "summer" if kpi.period == kpis.SUMMER else "current")
        for kpi in kpis.where(kpis.DASHBOARD)
    ]


def orders() -> list[str]:
    """Every value the ``order`` parameter may take: attention (the default), name, or a
    headline measure (best first)."""
    return [ATTENTION, NAME, *(m for m, _, _ in dashboard_measures())]


@dataclass(frozen=True)
class Change:
    """A figure against the same figure a term (or, for a summer outcome, a year) before,
    rounded to the 0.1 it is shown at, so "no change" is what the reader would see."""

    amount: Decimal  # this figure less the one before; never negative (see direction)
    direction: str  # up / down / same
    verdict: str  # better / worse / same
    since: str  # the term compared with

    @property
    def words(self) -> str:
        """The change in words, for screen readers and anyone not reading the arrow."""
        if self.direction == "same":
            return f"no change since {self.since}"
        return f"{self.direction} {self.amount} points since {self.since}, {self.verdict}"


def change_since(value, previous, *, lower_is_better: bool, since: str) -> Change | None:
    """The change from ``previous`` to ``value``; None when either figure is missing."""
    if value is None or previous is None:
        return None
    difference = (Decimal(value) - Decimal(previous)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    if difference == 0:
        return Change(Decimal("0.0"), "same", "same", since)
    up = difference > 0
    better = not up if lower_is_better else up
    return Change(abs(difference), "up" if up else "down", "better" if better else "worse", since)


@dataclass
class Cell:
    value: Decimal | None
    national: Decimal | None
    trust: Decimal | None
    against_national: str  # better / about / worse / ""
    against_trust: str
    change: Change | None = None
    # (term label, figure or None) oldest first, the last being this cell's own term.
    trend: list[tuple[str, Decimal | None]] = field(default_factory=list)
    heading: str = ""  # the measure's column heading, which a card shows beside it

    @property
    def spark(self) -> dict:
        return charts.sparkline([value for _, value in self.trend])


@dataclass
class DashboardRow:
    school: School
    category: int | None
    scc_level: int | None
    due: object
    ofsted: OfstedInspection | None
    peer_review: object
    submission: Submission | None
    cells: list[Cell]
    data_missing: bool = False  # this term's collection is open and nothing counted yet

    @property
    def attention_key(self) -> tuple:
        return attention_key(self)


def attention_key(row: DashboardRow) -> tuple:
    """The "needs attention first" order (``ATTENTION_RULE``): a school in Schools Causing
    Concern first, highest level first; then category 4, then 3 (1 and 2 are alike); then
    re-assessment overdue; then this term's data missing; ties by name."""
    concern = row.category if row.category in (3, 4) else 0
    overdue = bool(row.due and row.due.overdue)
    return (-(row.scc_level or 0), -concern, not overdue, not row.data_missing, row.school.name)


def term_label(collection) -> str:
    term = collection.term
    return f"{term.get_season_display()[:3]} {term.academic_year.name}"


def _recent_collections(current) -> tuple[list, list]:
    """The last ``SERIES_LENGTH`` collections up to ``current`` and the last as many summer
    ones, each oldest first. One query."""
    if current is None:
        return [], []
    found = list(
        Collection.objects.select_related("term__academic_year")
        .filter(term__starts_on__lte=current.term.starts_on)
        .order_by("-term__starts_on")[: SERIES_LENGTH * 3]
    )
    terms = found[:SERIES_LENGTH][::-1]
    summers = [c for c in found if c.term.season == 3][:SERIES_LENGTH][::-1]
    return terms, summers


def _series(collections, value_in) -> list[tuple[str, Decimal | None]]:
    return [(term_label(c), value_in(c)) for c in collections]


def _change(trend, collections, *, lower_is_better) -> Change | None:
    if len(trend) < 2:
        return None
    return change_since(
        trend[-1][1],
        trend[-2][1],
        lower_is_better=lower_is_better,
        since=str(collections[-2].term),
    )


def dashboard(*, user, hub=None, category=None, order=None, today=None) -> dict:
    measures = dashboard_measures()
    order = order or ATTENTION
    today = today or timezone.localdate()
    calendar = Calendar.load()
    schools = (
        access.schools_for(user)
        .filter(status__in=TRACKED)
        .select_related("hub")
        .prefetch_related(
            Prefetch("inspections", queryset=OfstedInspection.objects.all()),
            Prefetch(
                "peer_reviews",
                queryset=PeerReview.objects.filter(status="published").order_by("-year"),
            ),
        )
        .order_by("name")
    )
    if hub:
        schools = schools.filter(hub_id=hub)
    schools = list(schools)
    due = {row.school.pk: row for row in due_rows(schools, today=today, calendar=calendar)}
    if category:
        schools = [
            s for s in schools if due[s.pk].current and due[s.pk].current.category == int(category)
        ]
    current = current_collection(today, calendar)
    terms, summers = _recent_collections(current)
    summer = summers[-1] if summers else None
    shown = list({c.pk: c for c in terms + summers}.values())
    figures = headline_figures(shown, schools)
    scc_levels = levels_by_school(schools)
    national = current_national()
    trust = trust_figures_for(shown, schools)
    submissions = (
        {s.school_id: s for s in current.submissions.filter(school__in=schools)} if current else {}
    )
    rows = []
    for school in schools:
        cells = []
        for measure, label, source in measures:
            collection = current if source == "current" else summer
            series = terms if source == "current" else summers
            lower = kpis.get(measure).lower_is_better
            trend = _series(
                series,
                lambda c, m=measure, s=school: figures.get((c.pk, s.pk), {}).get(m),
            )
            value = trend[-1][1] if trend else None
            # None when no national figure is young enough to compare with (the age rule).
            nat = comparison(national, measure, collection).value
            trust_value = trust[collection.pk].get(measure) if collection else None
            trust_value = trust_value.value if trust_value else None
            cells.append(
                Cell(
                    value,
                    nat,
                    trust_value,
                    compare(value, nat, lower_is_better=lower),
                    compare(value, trust_value, lower_is_better=lower),
                    _change(trend, series, lower_is_better=lower),
                    trend,
                    label,
                )
            )
        reviews = list(school.peer_reviews.all())
        inspection = school.latest_inspection()
        row = due[school.pk]
        submission = submissions.get(school.pk)
        rows.append(
            DashboardRow(
                school,
                row.current.category if row.current else None,
                scc_levels.get(school.pk),
                row.due,
                inspection,
                reviews[0] if reviews else None,
                submission,
                cells,
                data_missing=current is not None
                and (submission is None or submission.state not in SUBMITTED),
            )
        )
    rows = ordered(rows, order, measures)
    headline_trust = []
    for measure, label, source in measures:
        collection = current if source == "current" else summer
        series = terms if source == "current" else summers
        figure = trust[collection.pk].get(measure) if collection else None

        def trust_in(c, m=measure):
            found = trust[c.pk].get(m)
            return found.value if found else None

        trend = _series(series, trust_in)
        headline_trust.append(
            {
                "label": label,
                "trust": figure.value if figure else None,
                "national": comparison(national, measure, collection),  # with its year
                "collection": collection,
                "missing": figure.missing if figure else [],
                "change": _change(trend, series, lower_is_better=kpis.get(measure).lower_is_better),
                "trend": trend,
                "period": "summers" if source == "summer" else "terms",
                "spark": charts.sparkline([v for _, v in trend], width=120, height=32),
            }
        )
    return {
        "rows": rows,
        "current": current,
        "summer": summer,
        "measures": measures,
        "headline_trust": headline_trust,
        "order": order,
        "attention_rule": ATTENTION_RULE,
        "missing": sorted(r.school.name for r in rows if r.data_missing or current is None),
    }


def ordered(rows: list[DashboardRow], order: str, measures) -> list[DashboardRow]:
    """The rows in the reader's order: needs attention first (the default), by name, or by
    a measure, best first, with the schools that have no figure for it last."""
    if order == NAME:
        return sorted(rows, key=lambda r: r.school.name)
    keys = [m for m, _, _ in measures]
    if order not in keys:
        return sorted(rows, key=attention_key)
    index = keys.index(order)
    lower = kpis.get(order).lower_is_better
    present = [r for r in rows if r.cells[index].value is not None]
    absent = [r for r in rows if r.cells[index].value is None]
    present.sort(key=lambda r: r.cells[index].value, reverse=not lower)
    return present + absent
