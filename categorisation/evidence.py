"""The risk meeting's evidence: what the portal knows about a school under each of the five
criteria of the trust's table (School Improvement Strategy 2024-25, §5), gathered for the
assessment page, each with what changed since the school's last decision.

- Ofsted: the latest judgement (inspection or report card), its date, the two-RI rule and
  any report-card area of concern (read by ``rules.ofsted_evidence``, never converted).
- Historic performance: the headline measures (the KPI registry's ``TRENDS``) in the last
  three summers beside national (with the national figure's year) and the trust, and the
  reading ``performance_reading`` makes of them.
- QA trust visits and other intelligence: the curriculum-lead school reviews, safeguarding
  reviews and SIP visits since the last decision with the issues each found; this year's
  Core Plan by RAG; Schools Causing Concern; this term's data submitted or not.
- Partnership review: the latest, with the issues it found.
- Other external reports (staffing, finance, premises): finance's significant risks and KPIs
  off target, the LGB's gaps (read through ``schools.panels``, without importing
  governance), and the staffing and premises issues recorded here (``SchoolIssue``).

Where the evidence itself gives a reading (the trend rule; the issues the reviews recorded)
it is offered as the criterion's starting choice; the meeting may accept or change it. A
fixed number of queries, whatever the number of schools.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q

from finance import kpis as finance_kpis
from finance.selectors import significant_risks
from reviews.models import Action, CorePlan, Rag, SchoolReview
from schools import kpis, panels
from schools.calendar import academic_start_year
from schools.data.aggregates import headline_figures, trust_figures_for
from schools.data.benchmarks import comparison, current_national
from schools.data.selectors import current_collection
from schools.models import AcademicYear, Collection, LegacyGrade, School, Submission

from . import rules
from .models import Issues, Performance, SccCase, SchoolIssue
from .scc import levels_by_school
from .selectors import TRACKED

ISSUE_ORDER = [Issues.NONE, Issues.MINOR, Issues.SOME, Issues.SIGNIFICANT]
QA_KINDS = (
    SchoolReview.Kind.CURRICULUM,
    SchoolReview.Kind.SAFEGUARDING,
    SchoolReview.Kind.SIP,
    SchoolReview.Kind.SAFEGUARDING_AUDIT,
    SchoolReview.Kind.NLE,
)
YEARS = 3  # "historic performance": the last three summers' outcomes


def worst(levels) -> str | None:
    """The most serious of some issue levels ('' ignored), or None when there are none."""
    found = [level for level in levels if level]
    return max(found, key=ISSUE_ORDER.index) if found else None


# --- Historic performance ----------------------------------------------------------------


@dataclass
class MeasureRow:
    label: str
    lower_is_better: bool
    # One cell per year, oldest first: (school, national, national's year, trust).
    cells: list[dict] = field(default_factory=list)

    def gaps(self) -> list[Decimal]:
        """The school's gap to national in each year with both figures, oldest first, in
        points, positive when better than national."""
        out = []
        for cell in self.cells:
            if cell["school"] is None or cell["national"] is None:
                continue
            gap = Decimal(cell["school"]) - Decimal(cell["national"])
            out.append(-gap if self.lower_is_better else gap)
        return out


@dataclass(frozen=True)
class Reading:
    value: str | None  # a Performance value, or None: no figures to read
    why: str


def performance_reading(rows: list[MeasureRow]) -> Reading:
    """The trend rule, on the school's gap to national (points, positive = better) in each
    headline measure over the last three summers, with ``below`` =
    ``SYMPHONY_TREND_BELOW_POINTS`` (0) and ``decline`` = ``SYMPHONY_TREND_DECLINE_POINTS``
    (5):

    - declining: some measure is below national by more than ``below`` in the latest year
      and its gap is at least ``decline`` points worse than in the earliest year;
    - positive: otherwise, when no figure in any year is below national by more than
      ``below`` (a figure exactly ``below`` points under national still counts);
    - variable: otherwise (below national in some year, not falling by the rule);
    - no reading when no measure has both a school and a national figure in any year.
    """
    decline = Decimal(settings.SYMPHONY_TREND_DECLINE_POINTS)
    below = Decimal(settings.SYMPHONY_TREND_BELOW_POINTS)
    read = [(row, row.gaps()) for row in rows]
    read = [(row, gaps) for row, gaps in read if gaps]
    if not read:
        return Reading(None, "No figures beside a national one yet: the meeting judges.")
    for row, gaps in read:
        if len(gaps) >= 2 and gaps[-1] < -below and gaps[0] - gaps[-1] >= decline:
            return Reading(
                Performance.DECLINING,
                f"{row.label}: {_points(gaps[0])} against national, now {_points(gaps[-1])}.",
            )
    under = [(row, gap) for row, gaps in read for gap in gaps if gap < -below]
    if not under:
        within = "at or above national" if not below else f"within {below} points of national"
        return Reading(Performance.POSITIVE, f"Every figure {within}.")
    row, gap = under[0]
    return Reading(
        Performance.VARIABLE,
        f"{row.label}: {_points(gap)} against national in one of the years, not declining "
        "by the rule.",
    )


def _points(gap: Decimal) -> str:
    rounded = gap.quantize(Decimal("0.1"))
    return f"{'+' if rounded > 0 else ''}{rounded} points"


def performance_rows(school) -> tuple[list[MeasureRow], list[Collection]]:
    """The headline measures in the last three summers: the school's, national (with the
    national figure's year) and the trust's. Six queries."""
    collections = list(
        Collection.objects.select_related("term__academic_year")
        .filter(term__season=3)
        .order_by("-term__starts_on")[:YEARS]
    )[::-1]
    if not collections:
        return [], []
    mine = headline_figures(collections, [school])
    trust = trust_figures_for(collections, list(School.objects.filter(status__in=TRACKED)))
    national = current_national()
    rows = []
    for kpi in kpis.where(kpis.TRENDS):
        row = MeasureRow(kpi.title, kpi.lower_is_better)
        for c in collections:
            n = comparison(national, kpi.source, c)
            t = trust[c.pk].get(kpi.source)
            row.cells.append(
                {
                    "year": c.term.academic_year.name,
                    "school": mine.get((c.pk, school.pk), {}).get(kpi.source),
                    # None when older than the age rule allows: not read against.
                    "national": n.value,
                    "national_year": n.year if n.usable else "",
                    "national_figure": n,
                    "trust": t.value if t else None,
                }
            )
        if any(cell["school"] is not None for cell in row.cells):
            rows.append(row)
    return rows, collections


# --- The panels ------------------------------------------------------------------------


def _new(day, since) -> bool:
    return since is None or (day is not None and day > since)


def ofsted_panel(school, since) -> dict:
    inspections = list(school.inspections.all())  # prefetched by the view
    value, latest = rules.ofsted_evidence(inspections)
    judged = [i for i in inspections if not i.is_report_card and i.overall_grade is not None]
    ri = LegacyGrade.REQUIRES_IMPROVEMENT
    last_two = judged[:2]
    concerns = []
    if latest is not None and latest.is_report_card:
        concerns = [(label, grade) for label, grade, v in latest.area_grades() if v >= 4]
        if latest.safeguarding_met is False:
            concerns.insert(0, ("Safeguarding", "Not met"))
    day = latest.inspected_on if latest else None
    return {
        "value": value,
        "label": rules.OfstedEvidence(value).label,
        "row": rules.OFSTED_ROW[value],
        "inspection": latest,
        "new": latest is not None
        and since is not None
        and (day > since if day else latest.year > since.year),
        "two_ri": value == rules.OfstedEvidence.RI_TWICE,
        "last_two": last_two,
        "two_ri_possible": bool(last_two) and last_two[0].overall_grade == ri,
        "concerns": concerns,
    }


def qa_panel(school, since, today, reviews, year) -> dict:
    start = since or today - datetime.timedelta(days=365)
    qa = [r for r in reviews if r.kind in QA_KINDS and r.held_on > start]
    plan = (
        CorePlan.objects.filter(school=school, academic_year=year)
        .select_related("academic_year")
        .first()
        if year
        else None
    )
    rag = {}
    if plan is not None:
        open_actions = Action.objects.filter(core_plan=plan, closed_on__isnull=True)
        rag = open_actions.aggregate(
            red=Count("pk", filter=Q(rag=Rag.RED)),
            amber=Count("pk", filter=Q(rag=Rag.AMBER)),
            green=Count("pk", filter=Q(rag=Rag.GREEN)),
            overdue=Count("pk", filter=Q(deadline__lt=today)),
        )
    case = SccCase.objects.filter(school=school, closed_on__isnull=True).first()
    collection = current_collection(today)
    submission = (
        Submission.objects.filter(collection=collection, school=school).first()
        if collection
        else None
    )
    levels = [r.issue_level for r in qa]
    reading = worst(levels)
    return {
        "reviews": qa,
        "since": since,
        "start": start,
        "unrecorded": sum(1 for level in levels if not level),
        "reading": reading,
        "core_plan": plan,
        "rag": rag,
        "scc_case": case,
        "scc_level": levels_by_school([school]).get(school.pk) if case else None,
        "collection": collection,
        "submission": submission,
        "submitted": submission is not None
        and submission.state in (Submission.State.SUBMITTED, Submission.State.ACCEPTED),
    }


def partnership_panel(since, reviews) -> dict:
    latest = next((r for r in reviews if r.kind == SchoolReview.Kind.PARTNERSHIP), None)
    return {
        "review": latest,
        "new": latest is not None and _new(latest.held_on, since),
        "reading": latest.issue_level or None if latest else None,
    }


def external_panel(request, school, since, year) -> dict:
    risks = significant_risks(school)
    off_target = _finance_off_target(school, year)
    lgb = panels.context_for("lgb", request, school) or {}
    issues = list(SchoolIssue.objects.filter(school=school).select_related("recorded_by"))
    open_issues = [i for i in issues if i.is_open]
    recent = [i for i in issues if not i.is_open and _new(i.resolved_on, since)]
    lgb_found = []  # the LGB's effectiveness gaps, in words
    if lgb.get("body"):
        if lgb.get("vacancies"):
            n = lgb["vacancies"]
            lgb_found.append(f"{n} vacant seat{'s' if n != 1 else ''}")
        if lgb.get("training_gaps"):
            lgb_found.append(f"{lgb['training_gaps']} safeguarding training not in date")
        if lgb.get("gaps"):
            lgb_found.append("skills gaps: " + ", ".join(s.name for s in lgb["gaps"]))
    lgb_gaps = bool(lgb_found)
    # The recorded issues give the reading; finance's and the LGB's are for the meeting to
    # weigh, so with any of them and no recorded issue the portal offers no reading.
    if open_issues:
        reading = worst(i.level for i in open_issues)
    elif risks or off_target or lgb_gaps:
        reading = None
    else:
        reading = Issues.NONE
    return {
        "risks": risks,
        "register": getattr(school, "risk_register", None),
        "off_target": off_target,
        "lgb": lgb if lgb.get("body") else None,
        "lgb_gaps": lgb_gaps,
        "lgb_found": lgb_found,
        "issues": open_issues,
        "resolved": recent,
        "since": since,
        "reading": reading,
    }


def _finance_off_target(school, year) -> list[str]:
    """The financial KPIs not met (red) at the school this financial year."""
    if year is None:
        return []
    rows, _ = finance_kpis.kpis_for([school], year)
    row = next(r for r in rows if r.school is not None)
    target = finance_kpis.targets(year)
    return [
        kpi.heading
        for kpi in finance_kpis.finance_kpis()
        if kpi.rag(getattr(row, kpi.key), target) == "red"
    ]


def evidence_for(request, *, school, current, today) -> dict:
    """Every criterion's panel for ``school``, read against its current decision."""
    since = current.assessed_on if current else None
    reviews = list(SchoolReview.objects.filter(school=school))  # newest first
    rows, collections = performance_rows(school)
    # This academic year: the Core Plan's and the financial year (September to August).
    year = AcademicYear.objects.filter(start_year=academic_start_year(today)).first()
    return {
        "since": since,
        "ofsted": ofsted_panel(school, since),
        "performance": {
            "rows": rows,
            "years": [c.term.academic_year.name for c in collections],
            "reading": performance_reading(rows),
            "decline_points": settings.SYMPHONY_TREND_DECLINE_POINTS,
            "below_points": settings.SYMPHONY_TREND_BELOW_POINTS,
        },
        "qa_visits": qa_panel(school, since, today, reviews, year),
        "partnership": partnership_panel(since, reviews),
        "external": external_panel(request, school, since, year),
    }


def readings(evidence: dict) -> dict[str, str]:
    """The starting choice the evidence offers for each criterion it can read."""
    offered = {
        "performance": evidence["performance"]["reading"].value,
        "qa_visits": evidence["qa_visits"]["reading"],
        "partnership": evidence["partnership"]["reading"],
        "external": evidence["external"]["reading"],
    }
    return {name: value for name, value in offered.items() if value}


# --- The risk meeting's list: a line per criterion for every school ----------------------


@dataclass(frozen=True)
class Summary:
    """A school's evidence in a few words per criterion, from the same readings as the
    panels, for the meeting's list of schools to assess."""

    ofsted: str
    performance: str
    qa_visits: str
    partnership: str
    external: str

    def lines(self) -> list[tuple[str, str]]:
        return [
            ("Ofsted", self.ofsted),
            ("Performance", self.performance),
            ("QA visits", self.qa_visits),
            ("Partnership review", self.partnership),
            ("Other reports", self.external),
        ]


def _level_word(level) -> str:
    return Issues(level).label.lower() if level else "no level recorded"


def summaries(schools, *, current: dict, today) -> dict[int, Summary]:
    """{school pk: Summary} for ``schools`` (their inspections prefetched or not): the
    Ofsted judgement and its date, the trend reading, the reviews' issue levels since the
    last decision, Schools Causing Concern, this term's data, the latest partnership review,
    the open staffing and premises issues and the significant financial risks. A fixed
    number of queries, whatever the number of schools."""
    from finance.models import Risk

    schools = list(schools)
    if not schools:
        return {}
    prefetch = [
        s for s in schools if "inspections" not in getattr(s, "_prefetched_objects_cache", {})
    ]
    if prefetch:
        from django.db.models import prefetch_related_objects

        prefetch_related_objects(prefetch, "inspections")
    ids = [s.pk for s in schools]
    reviews: dict[int, list] = {}
    for review in SchoolReview.objects.filter(school__in=ids):  # newest first
        reviews.setdefault(review.school_id, []).append(review)
    scc = levels_by_school(ids)
    collection = current_collection(today)
    submitted = (
        dict(
            Submission.objects.filter(collection=collection, school__in=ids).values_list(
                "school_id", "state"
            )
        )
        if collection
        else {}
    )
    issues: dict[int, list] = {}
    for issue in SchoolIssue.objects.filter(school__in=ids, resolved_on__isnull=True):
        issues.setdefault(issue.school_id, []).append(issue)
    risks: dict[int, int] = {}
    for risk in Risk.objects.filter(
        register__school__in=ids, closed_on__isnull=True
    ).select_related("register"):
        if risk.significant:
            risks[risk.register.school_id] = risks.get(risk.register.school_id, 0) + 1
    trends = _trend_readings(schools)
    out = {}
    for school in schools:
        decision = current.get(school.pk)
        since = decision.assessed_on if decision else None
        mine = reviews.get(school.pk, [])
        out[school.pk] = Summary(
            ofsted=_ofsted_line(list(school.inspections.all())),
            performance=trends.get(school.pk, "no summer figures yet"),
            qa_visits=_qa_line(
                mine, since, today, scc.get(school.pk), collection, submitted.get(school.pk)
            ),
            partnership=_partnership_line(mine),
            external=_external_line(issues.get(school.pk, []), risks.get(school.pk, 0)),
        )
    return out


def _ofsted_line(inspections) -> str:
    value, latest = rules.ofsted_evidence(inspections)
    label = rules.OfstedEvidence(value).label
    if latest is None:
        return label
    when = f"{latest.inspected_on:%-d %b %Y}" if latest.inspected_on else str(latest.year)
    return f"{label}, {when}"


def _trend_readings(schools) -> dict[int, str]:
    """The trend rule's reading for each school, from the last three summers (the same
    figures as the performance panel, read for every school at once)."""
    collections = list(
        Collection.objects.select_related("term__academic_year")
        .filter(term__season=3)
        .order_by("-term__starts_on")[:YEARS]
    )[::-1]
    if not collections:
        return {}
    figures = headline_figures(collections, schools)
    national = current_national()
    found = {}
    for school in schools:
        rows = []
        for kpi in kpis.where(kpis.TRENDS):
            row = MeasureRow(kpi.title, kpi.lower_is_better)
            for c in collections:
                # The panel's own national figure: None when older than the age rule allows.
                n = comparison(national, kpi.source, c)
                row.cells.append(
                    {
                        "school": figures.get((c.pk, school.pk), {}).get(kpi.source),
                        "national": n.value,
                    }
                )
            rows.append(row)
        reading = performance_reading(rows)
        if reading.value is None:
            found[school.pk] = "no reading: no figures beside a national one yet"
        else:
            found[school.pk] = f"{Performance(reading.value).label.lower()}: {reading.why}"
    return found


def _qa_line(reviews, since, today, scc_level, collection, state) -> str:
    start = since or today - datetime.timedelta(days=365)
    qa = [r for r in reviews if r.kind in QA_KINDS and r.held_on > start]
    level = worst(r.issue_level for r in qa)
    count = f"{len(qa)} review{'s' if len(qa) != 1 else ''}"
    parts = [f"{count} since {start:%-d %b %Y}" + (f", worst: {_level_word(level)}" if qa else "")]
    parts.append(f"SCC level {scc_level}" if scc_level else "not in SCC")
    if collection is not None:
        done = state in (Submission.State.SUBMITTED, Submission.State.ACCEPTED)
        parts.append(f"{collection.term} data {'submitted' if done else 'not submitted'}")
    return "; ".join(parts)


def _partnership_line(reviews) -> str:
    latest = next((r for r in reviews if r.kind == SchoolReview.Kind.PARTNERSHIP), None)
    if latest is None:
        return "none recorded"
    return f"{latest.held_on:%-d %b %Y}: {_level_word(latest.issue_level)}"


def _external_line(open_issues, significant_risks) -> str:
    parts = []
    if open_issues:
        n = len(open_issues)
        level = worst(i.level for i in open_issues)
        parts.append(
            f"{n} open staffing or premises issue{'s' if n != 1 else ''} ({_level_word(level)})"
        )
    if significant_risks:
        n = significant_risks
        parts.append(f"{n} significant financial risk{'s' if n != 1 else ''}")
    return "; ".join(parts) or "no open issues or significant financial risks"
