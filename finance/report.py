"""The finance section of the trustees' KPI report: the trust's financial KPIs against their
targets, the schools off target, the year's SCA, and what collective procurement saves. A
fixed number of queries, however many schools."""

from __future__ import annotations

from django.db.models import Q, Sum

from schools import kpis as registry
from schools.models import School

from . import kpis
from .models import Contract
from .selectors import sca_position


def _status(rag: str) -> str:
    return {"green": "Met", "amber": "Close", "red": "Not met"}.get(rag, "Not recorded")


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
