"""The trustees' KPI report for a term (Business Plan 2018-19, KPIs; Trust Self-Evaluation
2025): built once as plain data, then shown as a page, a PDF (the one WeasyPrint path) or a
CSV / XLSX."""

from __future__ import annotations

import io
from decimal import Decimal

from django.conf import settings

from categorisation.scc import levels_by_school
from categorisation.selectors import current_categories
from finance.report import finance_section
from schools import kpis
from schools.data.aggregates import trust_figures
from schools.data.benchmarks import National, comparison, current_national
from schools.data.selectors import TRACKED, latest_summer
from schools.data.suppression import explanation, hide_trust, is_suppressed, mask_for
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
    inputs = kpis.ReportInputs(trust=trust, outcomes=outcomes)
    kpi_rows = []
    for kpi in kpis.where(kpis.REPORT):
        if kpi.appears & {kpis.FINANCE}:
            continue  # finance's own section below, read from the same registry
        source = summer if kpi.period == kpis.SUMMER else collection
        value = kpi.value(inputs) if kpi.value else inputs.figure(kpi)
        benchmark = comparison(national, kpi.source, source) if kpi.national else None
        if benchmark is not None and kpi.attendance:
            benchmark = benchmark.as_attendance()  # 100% less national overall absence
        inputs.national = benchmark
        status = (
            kpi.status(inputs, value)
            if kpi.status
            else kpis.versus_national(
                value, benchmark, lower_is_better=kpi.lower_is_better, at_is_met=kpi.at_is_met
            )
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


def kpi_rows(report) -> list[list]:
    """The report as rows, from the same data as the page: figures stay numbers (Decimal),
    "c" where suppressed, None where missing; the CSV writes them as text, the XLSX as
    numbers."""
    rows = [
        # The national figure's words (year, status, coverage, unit, source) come last, so
        # the columns before keep their places.
        ["Section", "Item", "Target", "Trust", "National", "Status", "Period", "National figure"]
    ]
    for k in report["kpis"]:
        value = k["value"]
        n = k["national"]
        rows.append(
            [
                "KPI",
                k["kpi"],
                k["target"],
                value.symbol if is_suppressed(value) else value,
                n.value if isinstance(n, National) else n,
                k["status"],
                k["when"],
                n.words if isinstance(n, National) else "",
            ]
        )
    for s in report["schools"]:
        rows.append(
            [
                "School",
                s["school"].name,
                "",
                f"Category {s['category']}" if s["category"] else "Not categorised",
                None,
                f"SCC level {s['scc_level']}" if s["scc_level"] else "Not in SCC",
                "",
                "",
            ]
        )
    for j in report["judgements"]:
        rows.append(
            [
                "Self-evaluation",
                j.area,
                "",
                j.score if j.score is not None else j.words,
                None,
                j.band,
                j.academic_year.name,
                "",
            ]
        )
    return rows


def _as_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return f"{cell:.2f}"
    return safe_cell(cell)


def kpi_csv(report) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    for row in kpi_rows(report):
        writer.writerow([_as_text(c) for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx_cell(cell):
    if isinstance(cell, Decimal):
        return float(cell)
    if cell is None or isinstance(cell, int):
        return cell
    return safe_cell(cell)


def kpi_xlsx(report) -> bytes:
    """The report as a workbook Excel can sum and chart: figures are numbers with a number
    format, text is text (formula-looking text written as text)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "KPIs"
    for row in kpi_rows(report):
        sheet.append([_xlsx_cell(c) for c in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = "0.00"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
