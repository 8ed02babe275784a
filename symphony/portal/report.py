"""The trustees' KPI report for a term (Business Plan 2018-19, KPIs; Trust Self-Evaluation
2025): built once as plain data, then shown as a page, a PDF (the one WeasyPrint path) or a
CSV / XLSX."""

from __future__ import annotations

import io

from django.conf import settings

from categorisation.scc import levels_by_school
from categorisation.selectors import current_categories
from finance.report import finance_section
from schools import kpis
from schools.data.aggregates import trust_figures
from schools.data.benchmarks import current_national
from schools.data.selectors import TRACKED, latest_summer, national_for
from schools.data.suppression import as_text, explanation, hide_trust, is_suppressed, mask_for
from schools.models import School, TrustJudgement
from symphony.spreadsheets import safe_cell


def kpi_report(*, collection) -> dict:
    schools = list(School.objects.filter(status__in=TRACKED).order_by("name"))
    # The trustees' report leaves the portal (PDF, CSV, XLSX): small counts, and the rates
    # that reveal them, are always "c", whoever asks (schools/data/suppression.py).
    trust = hide_trust(trust_figures(collection, schools), mask_for([collection]), collection.pk)
    summer = latest_summer(collection)
    outcomes = trust_figures(summer, schools) if summer else {}
    national = current_national()

    def nat(measure, source):
        found = national_for(national, measure, source) if source else None
        return found.value if found else None

    inputs = kpis.ReportInputs(trust=trust, outcomes=outcomes)
    kpi_rows = []
    for kpi in kpis.where(kpis.REPORT):
        if kpi.appears & {kpis.FINANCE}:
            continue  # finance's own section below, read from the same registry
        source = summer if kpi.period == kpis.SUMMER else collection
        value = kpi.value(inputs) if kpi.value else inputs.figure(kpi)
        benchmark = nat(kpi.source, source) if kpi.national else None
        status = (
            kpi.status(inputs, value)
            if kpi.status
            else kpis.versus_national(value, benchmark, lower_is_better=kpi.lower_is_better)
        )
        kpi_rows.append(
            {
                "kpi": kpi.title,
                "target": kpi.target_text(inputs),
                "value": value,
                "national": benchmark,
                "status": status,
                "when": str(source.term) if source else "",
            }
        )
    finance = finance_section(collection.term.academic_year)
    kpi_rows += finance["kpis"]
    categories = current_categories(schools)
    scc_levels = levels_by_school(schools)
    year = collection.term.academic_year.start_year
    judgements = list(
        TrustJudgement.objects.filter(academic_year__start_year__lte=year)
        .select_related("academic_year")
        .order_by("-academic_year__start_year", "order")
    )
    if judgements:
        latest = judgements[0].academic_year_id
        judgements = [j for j in judgements if j.academic_year_id == latest]
    missing = next(iter(trust.values())).missing if trust else [s.name for s in schools]
    return {
        "collection": collection,
        "summer": summer,
        "kpis": kpi_rows,
        "schools": [
            {"school": s, "category": categories.get(s.pk), "scc_level": scc_levels.get(s.pk)}
            for s in schools
        ],
        "judgements": judgements,
        "finance": finance,
        "missing": missing,
        "trust_name": settings.SYMPHONY_TRUST_NAME,
        "suppressed": any(is_suppressed(k["value"]) for k in kpi_rows),
        "suppression_note": explanation(),
    }


def kpi_rows(report) -> list[list[str]]:
    rows = [["Section", "Item", "Target", "Trust", "National", "Status", "Period"]]
    for k in report["kpis"]:
        rows.append(
            [
                "KPI",
                k["kpi"],
                k["target"],
                as_text(k["value"]),
                "" if k["national"] is None else f"{k['national']:.2f}",
                k["status"],
                k["when"],
            ]
        )
    for s in report["schools"]:
        rows.append(
            [
                "School",
                s["school"].name,
                "",
                f"Category {s['category']}" if s["category"] else "Not categorised",
                "",
                "SCC level: not recorded",
                "",
            ]
        )
    for j in report["judgements"]:
        rows.append(
            [
                "Self-evaluation",
                j.area,
                "",
                str(j.score or j.words),
                "",
                j.band,
                j.academic_year.name,
            ]
        )
    return rows


def kpi_csv(report) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    for row in kpi_rows(report):
        writer.writerow([safe_cell(c) for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def kpi_xlsx(report) -> bytes:
    import pandas as pd

    rows = kpi_rows(report)
    frame = pd.DataFrame([[safe_cell(c) for c in r] for r in rows[1:]], columns=rows[0])
    out = io.BytesIO()
    frame.to_excel(out, index=False, sheet_name="KPIs", engine="openpyxl")
    return out.getvalue()
