"""The trustees' KPI report for a term (Business Plan 2018-19, KPIs; Trust Self-Evaluation
2025): built once as plain data, then shown as a page, a PDF (the one WeasyPrint path) or a
CSV / XLSX."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from categorisation.scc import levels_by_school
from categorisation.selectors import current_categories
from finance import kpis as finance_kpis
from finance.report import finance_section
from finance.selectors import significant_risks_between
from governance.selectors import boards_summary
from schools import kpis
from schools.calendar import Calendar, months_after
from schools.data.aggregates import headline_figures, trust_figures_for
from schools.data.benchmarks import comparison, current_national
from schools.data.selectors import TRACKED
from schools.data.suppression import explanation, hide_trust, is_suppressed, mask_for
from schools.models import AcademicYear, Collection, School, TrustJudgement
from symphony import charts
from symphony.spreadsheets import safe_cell

YEARS = 3  # the Trust Self-Evaluation's own view: the last three academic years
# Each line of a KPI's trend chart: the trust and national.
SERIES = (("trust", "#1f2a5c", ""), ("national", "#b42323", "4 3"))


def _year_name(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


def in_trust_long_enough(school, on: datetime.date) -> bool:
    """Whether ``school`` counts towards "above national in every school in the trust for
    at least eighteen months" (Business Plan 2018-19) for results of ``on`` (the end of the
    summer term they were sat in): a member that joined ``SYMPHONY_EVERY_SCHOOL_MONTHS``
    (18) months or more before. A member with no joining date recorded counts."""
    if school.status != School.Status.MEMBER:
        return False
    if school.joined_on is None:
        return True
    return months_after(school.joined_on, settings.SYMPHONY_EVERY_SCHOOL_MONTHS) <= on


def every_school(kpi, *, schools, figures: dict, national, on) -> dict:
    """``kpi`` school by school against national: which schools count, which are not
    better than national (named), and which are left out as too new to the trust."""
    counted, left_out, below, missing = [], [], [], []
    amber_only = True
    for school in schools:
        if not in_trust_long_enough(school, on):
            if school.status == School.Status.MEMBER:
                left_out.append(
                    {
                        "name": school.name,
                        "joined_on": school.joined_on,
                        "counts_from": months_after(
                            school.joined_on, settings.SYMPHONY_EVERY_SCHOOL_MONTHS
                        ),
                    }
                )
            continue
        value = figures.get(school.pk, {}).get(kpi.source)
        if value is None or is_suppressed(value):
            missing.append(school.name)
            continue
        counted.append(school.name)
        rag = kpis.rag_versus_national(value, national, lower_is_better=kpi.lower_is_better)
        if rag in (kpis.AMBER, kpis.RED):
            below.append({"name": school.name, "value": value})
            amber_only = amber_only and rag == kpis.AMBER
    months = settings.SYMPHONY_EVERY_SCHOOL_MONTHS
    if national is None:
        rag, words = "", "No national figure yet: the central team enters it when published"
    elif not counted:
        rag, words = "", "No figures submitted yet"
    elif below:
        rag = kpis.AMBER if amber_only else kpis.RED
        names = ", ".join(b["name"] for b in below)
        schools_word = "school" if len(below) == 1 else "schools"
        words = f"Not met: {len(below)} {schools_word} not above national ({names})"
    else:
        rag = kpis.GREEN
        words = f"Met: every school in the trust {months} months or more is above national"
    return {
        "rag": rag,
        "words": words,
        "counted": counted,
        "below": below,
        "left_out": left_out,
        "missing": missing,
    }


def _trend_chart(years: list[dict]):
    points = [
        {
            "label": y["label"],
            "trust": None if y["value"] is None or is_suppressed(y["value"]) else y["value"],
            "national": y["national"],
        }
        for y in years
    ]
    if not any(p["trust"] is not None or p["national"] is not None for p in points):
        return None
    chart = charts.line_chart(points, SERIES, width=300, height=150, left=32)
    # Each trust figure written beside its dot, so the chart reads without the table.
    for line in chart["lines"]:
        values = [p[line["key"]] for p in points if p[line["key"]] is not None]
        line["marks"] = [
            {"x": x, "y": round(y - 6, 1), "text": f"{float(v):.1f}", "anchor": anchor}
            for (x, y), v, anchor in zip(line["dots"], values, line["anchors"], strict=True)
        ]
    chart["points"] = points
    return chart


def _collections_for(collection) -> tuple[list, list]:
    """(the term collections, the summer collections) of the report's three years: for each
    of the last three academic years, its latest collection up to the report's term (the
    report's own for its year: year to date) and its summer (statutory outcomes). One
    query."""
    year = collection.term.academic_year.start_year
    found = list(
        Collection.objects.select_related("term__academic_year")
        .filter(
            term__academic_year__start_year__gt=year - YEARS - 1,
            term__starts_on__lte=collection.term.starts_on,
        )
        .order_by("term__starts_on")
    )
    latest: dict[int, Collection] = {}
    summers: dict[int, Collection] = {}
    for c in found:
        start = c.term.academic_year.start_year
        latest[start] = c
        if c.term.season == 3:
            summers[start] = c
    latest[year] = collection
    terms = [(_year_name(y), latest.get(y)) for y in range(year - YEARS + 1, year + 1)]
    last_summer = max(summers, default=year)
    outcomes = [
        (_year_name(y), summers.get(y)) for y in range(last_summer - YEARS + 1, last_summer + 1)
    ]
    return terms, outcomes


def _termly_kpis(collection, schools) -> tuple[list[dict], dict, list]:
    term_years, summer_years = _collections_for(collection)
    used = {c.pk: c for _, c in term_years + summer_years if c is not None}
    # The trustees' report leaves the portal (PDF, CSV, XLSX): small counts, and the rates
    # that reveal them, are always "c", whoever asks (schools/data/suppression.py).
    mask = mask_for(list(used.values()))
    figures = {
        pk: hide_trust(found, mask, pk)
        for pk, found in trust_figures_for(list(used.values()), schools).items()
    }
    summers = [c for _, c in summer_years if c is not None]
    by_school: dict[int, dict[int, dict]] = {}
    for (collection_id, school_id), values in headline_figures(summers, schools).items():
        by_school.setdefault(collection_id, {})[school_id] = values
    national = current_national()
    rows = []
    for kpi in kpis.where(kpis.REPORT):
        if kpi.appears & {kpis.FINANCE}:
            continue  # finance's own section below, read from the same registry
        years = []
        for label, source in summer_years if kpi.period == kpis.SUMMER else term_years:
            found = figures.get(source.pk, {}) if source else {}
            inputs = kpis.ReportInputs(
                trust=found if kpi.period != kpis.SUMMER else {},
                outcomes=found if kpi.period == kpis.SUMMER else {},
            )
            value = (kpi.value(inputs) if kpi.value else inputs.figure(kpi)) if source else None
            # The year's national figure with its provenance and age (schools.data.benchmarks):
            # one too old to judge against is shown, and not judged.
            benchmark = comparison(national, kpi.source, source) if kpi.national else None
            if benchmark is not None and kpi.attendance:
                benchmark = benchmark.as_attendance()  # 100% less national overall absence
            inputs.national = benchmark
            rag, words = kpis.judge(kpi, inputs, value, benchmark)
            schools_check = None
            if kpi.every_school and source is not None:
                schools_check = every_school(
                    kpi,
                    schools=schools,
                    figures=by_school.get(source.pk, {}),
                    national=benchmark.value if benchmark else None,
                    on=source.term.ends_on,
                )
                if value is not None and not is_suppressed(value):
                    rag, words = schools_check["rag"], schools_check["words"]
            years.append(
                {
                    "label": label,
                    "when": str(source.term) if source else "",
                    "value": value,
                    "national": benchmark.value if benchmark else None,
                    "benchmark": benchmark,
                    "rag": rag,
                    "rag_label": kpis.RAG_LABELS[rag],
                    "status": words,
                    "schools": schools_check,
                }
            )
        latest = years[-1]
        rows.append(
            {
                "key": kpi.key,
                "kpi": kpi.title,
                "target": kpi.target_text(kpis.ReportInputs(trust={}, outcomes={})),
                "unit": kpi.unit,
                "lower_is_better": kpi.lower_is_better,
                "value": latest["value"],
                "national": latest["national"],
                "benchmark": latest["benchmark"],
                "status": latest["status"],
                "rag": latest["rag"],
                "rag_label": latest["rag_label"],
                "when": latest["when"],
                "year_label": latest["label"],
                "schools": latest["schools"],
                "years": years,
                "chart": _trend_chart(years),
            }
        )
    current = figures.get(collection.pk, {})
    missing = next(iter(current.values())).missing if current else [s.name for s in schools]
    summer = next((c for _, c in reversed(summer_years) if c is not None), None)
    return rows, {"summer": summer}, missing


def _finance_kpis(year, finance) -> list[dict]:
    """The financial KPIs with the two years before: the same registry, each year judged
    on its own targets. A fixed number of queries per year."""
    members = list(School.objects.filter(status=School.Status.MEMBER).order_by("name"))
    earlier = {
        y.start_year: y
        for y in AcademicYear.objects.filter(
            start_year__gte=year.start_year - YEARS + 1, start_year__lt=year.start_year
        )
    }
    totals = {}
    for start, y in earlier.items():
        totals[start] = (finance_kpis.kpis_for(members, y)[1], finance_kpis.targets(y))
    target = finance_kpis.targets(year)
    measures = [k for k in finance_kpis.finance_kpis() if kpis.REPORT in k.appears]
    rows = []
    for kpi, row in zip(measures, finance["kpis"], strict=True):
        years = []
        for start in range(year.start_year - YEARS + 1, year.start_year):
            total, its_target = totals.get(start, (None, None))
            value = getattr(total, kpi.key) if total is not None else None
            rag = kpi.rag(value, its_target) if value is not None else ""
            years.append(
                {
                    "label": _year_name(start),
                    "value": value,
                    "national": None,
                    "benchmark": None,
                    "rag": rag,
                    "rag_label": kpis.RAG_LABELS[rag],
                    "status": finance_kpis.RAG_WORDS.get(rag, "Not recorded"),
                    "schools": None,
                }
            )
        rag = kpi.rag(row["value"], target) if row["value"] is not None else ""
        years.append(
            {
                "label": year.name,
                "value": row["value"],
                "national": None,
                "benchmark": None,
                "rag": rag,
                "rag_label": kpis.RAG_LABELS[rag],
                "status": row["status"],
                "schools": None,
            }
        )
        rows.append(
            row
            | {
                "key": kpi.key,
                "lower_is_better": kpi.lower_is_better,
                "benchmark": None,
                "rag": rag,
                "rag_label": kpis.RAG_LABELS[rag],
                "year_label": year.name,
                "schools": None,
                "years": years,
                "chart": None,  # money and days: the table's figures, not a percentage chart
            }
        )
    return rows


def _this_and_last_term(collection) -> tuple[datetime.date, datetime.date | None, str, str]:
    """The day this term's pack is as at (today while the term runs, else its end) and the
    end of the term before, with their names."""
    term = collection.term
    calendar = Calendar.load()
    before = max(
        (t for t in calendar.terms if t.ends_on < term.starts_on),
        key=lambda t: t.ends_on,
        default=None,
    )
    on = min(term.ends_on, timezone.localdate())
    return on, before.ends_on if before else None, str(term), str(before) if before else ""


def _trend(now, then) -> str:
    """This term against the last, in words, for a count where fewer is better (vacancies,
    training out of date, skills gaps, significant risks)."""
    if then is None:
        return "No earlier term to compare"
    if now == then:
        return "Same as last term"
    better = "better" if now < then else "worse"
    return f"{'Up' if now > then else 'Down'} {abs(now - then)} on last term ({then}): {better}"


def kpi_report(*, collection) -> dict:
    schools = list(School.objects.filter(status__in=TRACKED).order_by("name"))
    kpi_rows_, extra, missing = _termly_kpis(collection, schools)
    finance = finance_section(collection.term.academic_year)
    kpi_rows_ += _finance_kpis(collection.term.academic_year, finance)
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
    on, before, term_name, before_name = _this_and_last_term(collection)
    boards_now = boards_summary(on=on)
    boards_then = boards_summary(on=before) if before else None
    governance = []
    for key, label, where in (
        ("vacancies", "Seats vacant", boards_now.vacant_on),
        ("training_out_of_date", "People with safeguarding training out of date or missing", ()),
        (
            "skills_gaps",
            "Skills gaps (a skill no one on a board rates good or better)",
            boards_now.gaps_on,
        ),
    ):
        now = getattr(boards_now, key)
        then = getattr(boards_then, key) if boards_then else None
        governance.append(
            {"item": label, "now": now, "then": then, "trend": _trend(now, then), "where": where}
        )
    risks = significant_risks_between(on=on, before=before)
    return {
        "collection": collection,
        "summer": extra["summer"],
        "kpis": kpi_rows_,
        "schools": [
            {"school": s, "category": categories.get(s.pk), "scc_level": scc_levels.get(s.pk)}
            for s in schools
        ],
        "judgements": judgements,
        "judgement_year": judgements[0].academic_year if judgements else None,
        "report_year": collection.term.academic_year,
        "finance": finance,
        "governance": governance,
        "boards": boards_now,
        "boards_before": boards_then,
        "risks": risks,
        "risk_trend": _trend(len(risks.risks), risks.count_before),
        "this_term": term_name,
        "last_term": before_name,
        "as_at": on,
        "missing": missing,
        "trust_name": settings.SYMPHONY_TRUST_NAME,
        "suppressed": any(is_suppressed(y["value"]) for k in kpi_rows_ for y in k["years"]),
        "suppression_note": explanation(),
        "amber_points": settings.SYMPHONY_KPI_AMBER_POINTS,
        "every_school_months": settings.SYMPHONY_EVERY_SCHOOL_MONTHS,
        "significant_score": settings.SYMPHONY_SIGNIFICANT_RISK_SCORE,
    }


# The national figure's words (year, status, coverage, unit, source) come last, so the
# columns before keep their places.
HEADER = [
    "Section",
    "Item",
    "Target",
    "Trust",
    "National",
    "Status",
    "Period",
    "RAG",
    "National figure",
]


def _national_words(benchmark) -> str:
    return benchmark.words if benchmark is not None else ""


def _figure(value):
    return value.symbol if is_suppressed(value) else value


def kpi_rows(report) -> list[list]:
    """The report as rows, from the same data as the page and in its order: figures stay
    numbers (Decimal, int), "c" where suppressed, None where missing; the CSV writes them as
    text, the XLSX as numbers."""
    rows = [list(HEADER)]
    for k in report["kpis"]:
        rows.append(
            [
                "KPI",
                k["kpi"],
                k["target"],
                _figure(k["value"]),
                k["national"],
                k["status"],
                k["when"],
                k["rag_label"],
                _national_words(k["benchmark"]),
            ]
        )
    for k in report["kpis"]:
        for y in k["years"]:
            rows.append(
                [
                    "KPI trend",
                    k["kpi"],
                    "",
                    _figure(y["value"]),
                    y["national"],
                    y["status"],
                    y["label"],
                    y["rag_label"],
                    _national_words(y["benchmark"]),
                ]
            )
            check = y["schools"]
            for b in check["below"] if check else []:
                rows.append(
                    [
                        "Below national",
                        b["name"],
                        k["kpi"],
                        b["value"],
                        y["national"],
                        "Not above national",
                        y["label"],
                        "",
                    ]
                )
            for left in check["left_out"] if check else []:
                rows.append(
                    [
                        "Not yet counted",
                        left["name"],
                        k["kpi"],
                        None,
                        None,
                        _left_out_words(left, report["every_school_months"]),
                        y["label"],
                        "",
                    ]
                )
    for g in report["governance"]:
        where = f" Where: {', '.join(g['where'])}." if g["where"] else ""
        rows.append(
            [
                "Governance",
                g["item"],
                "",
                g["now"],
                None,
                g["trend"] + "." + where,
                report["this_term"],
                "",
            ]
        )
        rows.append(["Governance", g["item"], "", g["then"], None, "", report["last_term"], ""])
    risks = report["risks"]
    rows.append(
        [
            "Significant risks",
            "Significant open risks",
            "",
            len(risks.risks),
            None,
            report["risk_trend"],
            report["this_term"],
            "",
        ]
    )
    for r in risks.risks:
        rows.append(
            [
                "Significant risk",
                r.title,
                str(r.register.school or "The trust"),
                r.residual_score,
                None,
                f"Owner: {r.owner}",
                "",
                "",
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
    return [row + [""] * (len(HEADER) - len(row)) for row in rows]


def _left_out_words(left, months) -> str:
    joined = left["joined_on"]
    return (
        f"In the trust under {months} months (joined {joined:%-d %B %Y}; counts from "
        f"{left['counts_from']:%-d %B %Y})"
    )


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
