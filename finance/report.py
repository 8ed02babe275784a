"""The finance section of the trustees' KPI report: the trust's financial KPIs against their
targets, the schools off target, the year's SCA, and what collective procurement saves. A
fixed number of queries, however many schools."""

from __future__ import annotations

from django.db.models import Q, Sum

from schools import kpis as registry
from schools.calendar import Calendar, academic_start_year
from schools.models import AcademicYear, School

from . import kpis, selectors
from .models import Contract, EstatesProject
from .selectors import sca_position


def _status(rag: str) -> str:
    return kpis.RAG_WORDS.get(rag, "Not recorded")


def finance_section(year) -> dict:
    schools = list(School.objects.filter(status=School.Status.MEMBER).order_by("name"))
    rows, total = kpis.kpis_for(schools, year)
    target = kpis.targets(year)
    measures = [kpi for kpi in kpis.finance_kpis() if registry.REPORT in kpi.appears]
    kpi_rows = [
        {
            "kpi": kpi.title,
            "target": kpi.target_text(target),
            "value": getattr(total, kpi.key),
            "unit": kpi.unit,
            "national": None,
            "status": _status(kpi.rag(getattr(total, kpi.key), target))
            if getattr(total, kpi.key) is not None
            else "Not recorded",
            "when": year.name,
        }
        for kpi in measures
    ]
    off_target = []
    for row in rows:
        if row.school is None:  # the central trust is not a school
            continue
        missed = [
            kpi.title.split(" across")[0].lower()
            for kpi in measures
            if kpi.rag(getattr(row, kpi.key), target) == "red"
        ]
        if missed:
            off_target.append({"name": row.label, "missed": missed})
    contracts = Contract.objects.filter(
        Q(starts_on__lte=year.ends_on) & Q(ends_on__gte=year.starts_on)
    ).aggregate(cost=Sum("annual_cost"), before=Sum("previous_cost"))
    saving = contracts["before"] - contracts["cost"] if contracts["cost"] is not None else None
    return {
        "kpis": kpi_rows,
        "off_target": off_target,
        "sca": sca_position(year),
        "procurement_saving": saving,
        "year": year,
    }


def estates_report(*, today, term=None) -> dict:
    """The termly estates report to trustees: the term that is running on ``today`` (or the
    last one that ended, or ``term``), its SCA position, the money spent in it, what was
    completed, and the urgent projects still without funding."""
    calendar = Calendar.load()
    term = (
        term
        or calendar.term_on(today)
        or max(
            (t for t in calendar.terms if t.ends_on < today), key=lambda t: t.ends_on, default=None
        )
    )
    if term is None:
        return {"term": None}
    calendar = Calendar.load()
    term = calendar.term_on(today) or max(
        (t for t in calendar.terms if t.ends_on < today), key=lambda t: t.ends_on, default=None
    )
    if term is None:
        return {"term": None}
    year = AcademicYear.objects.filter(start_year=academic_start_year(term.starts_on)).first()
    rows = list(
        selectors.with_money(
            EstatesProject.objects.select_related("school", "sca_year"),
            since=term.starts_on,
            until=term.ends_on,
        )
    )
    for row in rows:
        row.sca_spent = selectors.sca_spent(row)
    return {
        "term": term,
        "today": today,
        "position": selectors.sca_position(year) if year else None,
        "spent_in_term": [r for r in rows if r.spent_between],
        "spent_total": sum((r.spent_between for r in rows), 0),
        "completed": [
            r for r in rows if r.completed_on and term.starts_on <= r.completed_on <= term.ends_on
        ],
        "in_progress": [r for r in rows if r.status == EstatesProject.Status.IN_PROGRESS],
        "unfunded_urgent": [
            r
            for r in rows
            if r.priority == EstatesProject.Priority.URGENT
            and not r.sca_allocated
            and r.status not in (EstatesProject.Status.COMPLETED, EstatesProject.Status.DEFERRED)
        ],
    }
