"""The CEO/DoP's dashboard: every school the trust tracks on one screen, joining the
termly data with each school's category, SCC level, Ofsted and peer review. A fixed number
of queries however many schools there are."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from categorisation.scc import levels_by_school
from categorisation.selectors import due_rows
from reviews.models import PeerReview
from schools import access, kpis
from schools.calendar import Calendar
from schools.data.aggregates import compare, headline_figures, trust_figures_for
from schools.data.benchmarks import current_national
from schools.data.selectors import TRACKED, current_collection, latest_summer, national_for
from schools.models import OfstedInspection, School, Submission


def dashboard_measures() -> list[tuple[str, str, str]]:
    """The dashboard's headline columns, from the KPI registry's ``DASHBOARD``: (measure,
    heading, which collection it comes from: this term's or the latest summer's)."""
    return [
        (kpi.key, kpi.heading, "summer" if kpi.period == kpis.SUMMER else "current")
        for kpi in kpis.where(kpis.DASHBOARD)
    ]


@dataclass
class Cell:
    value: Decimal | None
    national: Decimal | None
    trust: Decimal | None
    against_national: str  # better / about / worse / ""
    against_trust: str


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


def dashboard(*, user, hub=None, category=None, rank=None, today=None) -> dict:
    measures = dashboard_measures()
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
    summer = latest_summer(current) if current else None
    collections = [c for c in (current, summer) if c]
    figures = headline_figures(collections, schools)
    scc_levels = levels_by_school(schools)
    national = current_national()
    trust = trust_figures_for({c.pk: c for c in collections}.values(), schools)
    submissions = (
        {s.school_id: s for s in current.submissions.filter(school__in=schools)} if current else {}
    )
    rows = []
    for school in schools:
        cells = []
        for measure, _label, source in measures:
            collection = current if source == "current" else summer
            value = figures.get((collection.pk, school.pk), {}).get(measure) if collection else None
            benchmark = national_for(national, measure, collection)
            nat = benchmark.value if benchmark else None
            trust_value = trust[collection.pk].get(measure) if collection else None
            trust_value = trust_value.value if trust_value else None
            lower = kpis.get(measure).lower_is_better
            cells.append(
                Cell(
                    value,
                    nat,
                    trust_value,
                    compare(value, nat, lower_is_better=lower),
                    compare(value, trust_value, lower_is_better=lower),
                )
            )
        reviews = list(school.peer_reviews.all())
        inspection = school.latest_inspection()
        row = due[school.pk]
        rows.append(
            DashboardRow(
                school,
                row.current.category if row.current else None,
                scc_levels.get(school.pk),
                row.due,
                inspection,
                reviews[0] if reviews else None,
                submissions.get(school.pk),
                cells,
            )
        )
    if rank:
        index = [m for m, _, _ in measures].index(rank)
        lower = kpis.get(rank).lower_is_better
        present = [r for r in rows if r.cells[index].value is not None]
        absent = [r for r in rows if r.cells[index].value is None]
        present.sort(key=lambda r: r.cells[index].value, reverse=not lower)
        rows = present + absent
    headline_trust = []
    for measure, label, source in measures:
        collection = current if source == "current" else summer
        figure = trust[collection.pk].get(measure) if collection else None
        headline_trust.append(
            {
                "label": label,
                "trust": figure.value if figure else None,
                "national": national_for(national, measure, collection),  # with its year
                "collection": collection,
                "missing": figure.missing if figure else [],
            }
        )
    return {
        "rows": rows,
        "current": current,
        "summer": summer,
        "measures": measures,
        "headline_trust": headline_trust,
        "missing": [
            r.school.name
            for r in rows
            if not r.submission
            or r.submission.state not in (Submission.State.SUBMITTED, Submission.State.ACCEPTED)
        ],
    }
