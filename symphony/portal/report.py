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
from schools.data.aggregates import trust_figures
from schools.data.benchmarks import current_national
from schools.data.selectors import TRACKED, latest_summer, national_for
from schools.data.suppression import as_text, explanation, hide_trust, is_suppressed, mask_for
from schools.models import School, TrustJudgement
from symphony.spreadsheets import safe_cell


def _versus_national(value, national, *, lower_is_better=False):
    if value is None:
        return "No figures submitted yet"
    if is_suppressed(value):
        return "Suppressed (c) to protect pupils' identities"
    if national is None:
        return "No national figure yet: the central team enters it when published"
    better = value < national if lower_is_better else value > national
    return (
        "Met: " + ("below" if lower_is_better else "above") + " national"
        if better
        else ("Not met: " + ("above" if lower_is_better else "below") + " national")
    )


def kpi_report(*, collection) -> dict:
    schools = list(School.objects.filter(status__in=TRACKED).order_by("name"))
    # The trustees' report leaves the portal (PDF, CSV, XLSX): small counts, and the rates
    # that reveal them, are always "c", whoever asks (schools/data/suppression.py).
    trust = hide_trust(trust_figures(collection, schools), mask_for([collection]), collection.pk)
    summer = latest_summer(collection)
    outcomes = trust_figures(summer, schools) if summer else {}
    national = current_national()

    def value(figures, measure):
        figure = figures.get(measure)
        return figure.value if figure else None

    def nat(measure, source):
        found = national_for(national, measure, source) if source else None
        return found.value if found else None

    absence = value(trust, "overall_absence")
    attendance = Decimal(100) - absence if absence is not None else None
    baseline = Decimal(str(settings.SYMPHONY_ATTENDANCE_BASELINE))
    aspiration = Decimal(str(settings.SYMPHONY_ATTENDANCE_ASPIRATION))
    if attendance is None:
        attendance_status = "No figures submitted yet"
    elif attendance >= aspiration:
        attendance_status = "Met the aspiration"
    elif attendance >= baseline:
        attendance_status = "Met the baseline, below the aspiration"
    else:
        attendance_status = "Below the baseline"
    ks2 = value(outcomes, "ks2_rwm_expected")
    ks2_higher = value(outcomes, "ks2_rwm_higher")
    kpis = [
        {
            "kpi": "Attendance",
            "target": f"{baseline}% baseline, {aspiration}% aspiration (Business Plan 2018-19)",
            "value": attendance,
            "national": None,
            "status": attendance_status,
            "when": str(collection.term),
        },
        {
            "kpi": "KS2 reading, writing and maths combined, expected standard",
            "target": "Above national in every school (Business Plan 2018-19)",
            "value": ks2,
            "national": nat("ks2_rwm_expected", summer),
            "status": _versus_national(ks2, nat("ks2_rwm_expected", summer)),
            "when": str(summer.term) if summer else "",
        },
        {
            "kpi": "KS2 combined, higher standard",
            "target": "Above national (Business Plan 2018-19)",
            "value": ks2_higher,
            "national": nat("ks2_rwm_higher", summer),
            "status": _versus_national(ks2_higher, nat("ks2_rwm_higher", summer)),
            "when": str(summer.term) if summer else "",
        },
        {
            "kpi": "Suspensions (% of pupils on roll)",
            "target": "Below national",
            "value": value(trust, "suspension_rate"),
            "national": None,
            "status": _versus_national(value(trust, "suspension_rate"), None, lower_is_better=True),
            "when": str(collection.term),
        },
        {
            "kpi": "Permanent exclusions (% of pupils on roll)",
            "target": "Below national",
            "value": value(trust, "exclusion_rate"),
            "national": None,
            "status": _versus_national(value(trust, "exclusion_rate"), None, lower_is_better=True),
            "when": str(collection.term),
        },
    ]
    finance = finance_section(collection.term.academic_year)
    kpis += finance["kpis"]
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
        "kpis": kpis,
        "schools": [
            {"school": s, "category": categories.get(s.pk), "scc_level": scc_levels.get(s.pk)}
            for s in schools
        ],
        "judgements": judgements,
        "finance": finance,
        "missing": missing,
        "trust_name": settings.SYMPHONY_TRUST_NAME,
        "suppressed": any(is_suppressed(k["value"]) for k in kpis),
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
