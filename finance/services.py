"""Writes for finance: the monthly import from the finance system (strict: every problem
with its row and column, nothing saved on any), balances, the allocation of SCA to estates
projects and the money in and out of each, and the termly review of a risk register."""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from schools.documents import request_snapshot
from schools.models import AcademicYear, School
from symphony.spreadsheets import safe_cell
from symphony.uploads import (
    FIRST_DATA_ROW,
    Problem,
    UploadRejected,
    read_upload,
    with_cell_problems,
)

from .models import (
    Balance,
    EstatesProject,
    EstatesReportCopy,
    Heading,
    MonthlyFigure,
    ProjectEntry,
    RiskRegister,
    RiskReview,
    ScaFunding,
)
from .selectors import last_closed_month, month_start, monthly_import_due

COLUMNS = ("school", "year", "month", "heading", "actual", "forecast")
CENTRAL = "central trust"
MONTHS = ["sep", "oct", "nov", "dec", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug"]


def read_monthly(uploaded) -> list[dict]:
    """Read and check a finance-system export; raises ``UploadRejected`` listing every
    problem. Each row: school (its name, or "Central trust"), year (2026/27), month (1-12
    from September, or Sep..Aug), heading (key or label), actual, forecast."""
    in_cells: list[Problem] = []  # formulas, reported with every other problem
    rows = read_upload(uploaded, columns=COLUMNS, problems=in_cells)
    schools = {s.name.lower(): s for s in School.objects.all()}
    years = {y.name: y for y in AcademicYear.objects.all()}
    headings = {h.value: h.value for h in Heading} | {h.label.lower(): h.value for h in Heading}
    problems, clean, seen = [], [], {}
    for index, row in enumerate(rows):
        number = FIRST_DATA_ROW + index
        if not any(row.values()):
            continue

        def bad(column, message, number=number):
            problems.append(Problem(number, column, message))

        name = row["school"].strip().lower()
        school = None
        if name != CENTRAL:
            school = schools.get(name)
            if school is None:
                bad(
                    "school",
                    f"'{row['school']}' is not one of the trust's schools (or 'Central trust').",
                )
        year = years.get(row["year"].strip())
        if year is None:
            bad("year", f"'{row['year']}' is not an academic year in the calendar (e.g. 2026/27).")
        month_text = row["month"].strip().lower()[:3]
        month = MONTHS.index(month_text) + 1 if month_text in MONTHS else None
        if month is None and month_text.isdigit() and 1 <= int(month_text) <= 12:
            month = int(month_text)
        if month is None:
            bad("month", f"'{row['month']}' is not a month: use 1-12 (1 is September) or Sep..Aug.")
        heading = headings.get(row["heading"].strip().lower())
        if heading is None:
            bad("heading", f"'{row['heading']}' is not a budget heading.")
        amounts = {}
        for column in ("actual", "forecast"):
            text = row[column].strip().replace(",", "").replace("£", "")
            if not text:
                amounts[column] = None
                continue
            try:
                amounts[column] = Decimal(text)
            except InvalidOperation:
                bad(column, f"'{row[column]}' is not an amount of money.")
                continue
            if abs(amounts[column]) >= Decimal("1e10"):
                bad(column, f"{row[column]} is too large for one month's figure.")
        key = (name, row["year"].strip(), month, heading)
        if None not in key[2:] and key in seen:
            bad(None, f"This row repeats row {seen[key]} (same school, year, month and heading).")
        seen.setdefault(key, number)
        clean.append((school, year, month, heading, amounts))
    problems = with_cell_problems(in_cells, problems)
    if problems:
        raise UploadRejected(sorted(problems, key=lambda problem: problem.row or 0))
    return clean


def import_template(today) -> tuple[str, bytes]:
    """(file name, CSV) of the import's template for the month to import next (or the last
    closed one): a row for each school and the central trust under each budget heading,
    filled with what is already imported, so uploading it unchanged changes nothing."""
    due = monthly_import_due(today)
    start, month = last_closed_month(today) if due is None else (due.start_year, due.month)
    year = AcademicYear.objects.filter(start_year=start).first()
    name = year.name if year else f"{start}/{(start + 1) % 100:02d}"
    have = {
        (f.school_id, f.heading): f
        for f in MonthlyFigure.objects.filter(academic_year__start_year=start, month=month)
    }
    schools = [(s.pk, s.name) for s in School.objects.filter(status=School.Status.MEMBER)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for pk, school in [*sorted(schools, key=lambda s: s[1]), (None, "Central trust")]:
        for heading in Heading:
            figure = have.get((pk, heading.value))
            writer.writerow(
                [
                    safe_cell(school),
                    name,
                    MONTHS[month - 1].title(),
                    heading.value,
                    "" if figure is None or figure.actual is None else figure.actual,
                    "" if figure is None or figure.forecast is None else figure.forecast,
                ]
            )
    begins = month_start(start, month)
    return f"finance-{begins:%Y-%m}.csv", out.getvalue().encode("utf-8")


@transaction.atomic
def import_monthly(uploaded) -> int:
    # A row with neither figure (the template's, for a heading not in yet) imports nothing.
    rows = [row for row in read_monthly(uploaded) if any(v is not None for v in row[4].values())]
    for school, year, month, heading, amounts in rows:
        MonthlyFigure.objects.update_or_create(
            school=school,
            academic_year=year,
            month=month,
            heading=heading,
            defaults={"actual": amounts.get("actual"), "forecast": amounts.get("forecast")},
        )
    return len(rows)


@transaction.atomic
def review_register(*, register: RiskRegister, notes: str, by, reviewed_on=None) -> RiskReview:
    reviewed_on = reviewed_on or timezone.localdate()
    if reviewed_on > timezone.localdate():
        raise ValidationError("A review cannot be dated in the future.")
    return RiskReview.objects.create(
        register=register, reviewed_on=reviewed_on, by=by, notes=notes.strip()
    )


@transaction.atomic
def record_balance(*, school, on, reserves, cash) -> Balance:
    """Reserves and cash at a month end; a second entry for the same day replaces the
    first (the finance system's figure was corrected)."""
    if on > timezone.localdate():
        raise ValidationError("Balances cannot be dated in the future.")
    balance, _ = Balance.objects.update_or_create(
        school=school, on=on, defaults={"reserves": reserves, "cash": cash}
    )
    return balance


def _money(amount) -> str:
    return f"£{amount:,.0f}"


@transaction.atomic
def allocate_sca(
    *, project: EstatesProject, year, amount: Decimal, score=None, notes=""
) -> EstatesProject:
    """Allocate (or, with 0, withdraw) a year's SCA to a project. The year's allocations
    never add up to more than its SCA, and a project never gets more than its cost
    estimate. The funding row is locked so two allocations at once cannot both take the
    last of it."""
    funding = ScaFunding.objects.select_for_update().filter(academic_year=year).first()
    if funding is None:
        raise ValidationError(f"No SCA is recorded for {year.name}: record it first.")
    project = EstatesProject.objects.select_for_update().get(pk=project.pk)
    if amount < 0:
        raise ValidationError("An allocation cannot be negative.")
    if amount > project.cost_estimate:
        raise ValidationError(
            f"{_money(amount)} is more than the project's cost estimate of "
            f"{_money(project.cost_estimate)}."
        )
    others = (
        EstatesProject.objects.filter(sca_year=year)
        .exclude(pk=project.pk)
        .aggregate(total=Sum("sca_allocated"))["total"]
        or 0
    )
    free = funding.amount - others
    if amount > free:
        raise ValidationError(
            f"Only {_money(free)} of {year.name}'s SCA of {_money(funding.amount)} is not yet "
            f"allocated; {_money(amount)} would overspend it."
        )
    project.sca_year = year if amount else None
    project.sca_allocated = amount
    project.assessment_score = score
    project.assessment_notes = notes.strip()
    if amount and project.status == EstatesProject.Status.PROPOSED:
        project.status = EstatesProject.Status.APPROVED
    project.save()
    return project


@transaction.atomic
def record_entry(*, project: EstatesProject, on, kind, amount, description) -> ProjectEntry:
    if on > timezone.localdate():
        raise ValidationError("Money in or out cannot be dated in the future.")
    if amount <= 0:
        raise ValidationError("The amount must be more than £0.")
    return ProjectEntry.objects.create(
        project=project, on=on, kind=kind, amount=amount, description=description.strip()
    )


@transaction.atomic
def send_estates_report(*, term, by):
    """Keep the term's estates report as it goes to the trustees: a snapshot made in the
    background, listed on the report's page with who sent it and when."""
    return request_snapshot(EstatesReportCopy(term=term, sent_by=by))
