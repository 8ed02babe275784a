"""The finance section of the trustees' KPI report: the trust's financial KPIs against their
targets, the schools off target, the year's SCA, and what collective procurement saves. A
fixed number of queries, however many schools."""

from __future__ import annotations

from django.db.models import Q, Sum

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
    measures = [
        (
            "In-year surplus across the trust (forecast)",
            f"At least {target.surplus_min_pct:.0f}% of income (Business Plan 2018-19)",
            total.surplus_pct,
            "%",
            lambda k: kpis.rag_surplus(k.surplus_pct, target.surplus_min_pct),
        ),
        (
            "Staff costs across the trust (forecast)",
            f"At most {target.staff_cost_max_pct:.0f}% of expenditure",
            total.staff_pct,
            "%",
            lambda k: kpis.rag_staff(k.staff_pct, target.staff_cost_max_pct),
        ),
        (
            "Revenue reserves across the trust",
            f"At least {target.reserves_min_pct:.0f}% of income",
            total.reserves_pct,
            "%",
            lambda k: kpis.rag_reserves(k.reserves_pct, target.reserves_min_pct),
        ),
        (
            "Cash across the trust",
            f"At least {target.cash_min_days} days of spending",
            total.cash_days,
            " days",
            lambda k: kpis.rag_cash(k.cash_days, target.cash_min_days),
        ),
    ]
    kpi_rows = [
        {
            "kpi": label,
            "target": wanted,
            "value": value,
            "unit": unit,
            "national": None,
            "status": _status(rag(total)) if value is not None else "Not recorded",
            "when": year.name,
        }
        for label, wanted, value, unit, rag in measures
    ]
    off_target = []
    for row in rows:
        if row.school is None:  # the central trust is not a school
            continue
        missed = [
            label.split(" across")[0].lower()
            for label, _w, _v, _u, rag in measures
            if rag(row) == "red"
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
