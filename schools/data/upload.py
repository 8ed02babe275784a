"""Reading and checking a school's termly upload, and the templates it starts from.

A school downloads the template for its phase and term, fills in the figures (aggregates
only: no pupil is ever named) and uploads it as CSV or Excel. This builds on
``symphony/uploads.py``, which refuses an unsafe or malformed file (its size, its real type,
zip bombs, formulas and CSV-injection text) and reads the rows before any figure is looked
at. Every figure is then checked here against ``measures.py`` and all the problems come
back together: a head fixing a file wants every mistake at once, not one per attempt. Row
numbers are the ones the person sees in their spreadsheet.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from symphony import uploads
from symphony.uploads import DATA_SHEET, FIRST_DATA_ROW, MB, Problem, UploadRejected

from .measures import (
    BY_KEY,
    COLUMNS,
    COUNT,
    DESCRIPTION,
    GROUP_LABELS,
    GROUPS,
    HEADINGS,
    MEASURES,
    PERCENT,
    SCORE,
    SCORE_RANGE,
    SUBJECTS,
    RowKey,
    as_typed,
    expected_rows,
    needs_pupils,
    year_groups_of,
)

# The database holds values as DECIMAL(7, 2) and pupils as an integer.
MAX_NUMBER = Decimal(99_999)
README_SHEET = "Read me"
TERM_NAMES = {1: "autumn", 2: "spring", 3: "summer"}


def read_upload(
    uploaded, *, columns: tuple[str, ...] = COLUMNS, problems: list[Problem] | None = None
) -> list[dict[str, str]]:
    """The rows of an uploaded termly template (``columns``: the template's), the file
    checked by ``symphony.uploads.read_upload``; ``validate`` then checks the figures. Given
    ``problems``, the cells that cannot be taken as typed (formulas) are collected there for
    ``validate`` to report with the rest."""
    return uploads.read_upload(
        uploaded, columns=columns, optional=(DESCRIPTION,), problems=problems
    )


# Checking the figures


def validate(
    rows: Iterable[dict[str, str]],
    *,
    phase: str,
    season: int,
    problems: Iterable[Problem] = (),
) -> dict[RowKey, tuple[int | None, Decimal | None]]:
    """Each row's (pupils, value), keyed by row, for a school of ``phase`` in ``season``.

    Blank pupils or value means "not yet entered" (None). Raises ``UploadRejected`` with
    every problem in every row, in row and column order, so one attempt shows them all:
    ``problems`` already found in the file's cells (``read_upload``) among them.
    """
    found_in_cells = list(problems)
    expected = set(expected_rows(season=season, phase=phase))
    figures: dict[RowKey, tuple[int | None, Decimal | None]] = {}
    row_of_key: dict[RowKey, int] = {}
    first_row_of: dict[tuple, int] = {}
    problems: list[Problem] = []
    for offset, raw in enumerate(rows):
        row_number = FIRST_DATA_ROW + offset
        cells = {name: str(raw.get(name) or "").strip() for name in COLUMNS}
        if not any(cells.values()):
            continue
        check = _RowCheck(row_number, cells, phase=phase, season=season, expected=expected)
        problems += check.problems
        identity = check.identity()
        if identity in first_row_of:
            problems.append(
                Problem(
                    row_number,
                    None,
                    f"This row repeats row {first_row_of[identity]} (same measure, year group, "
                    "subject and group).",
                )
            )
            continue
        first_row_of[identity] = row_number
        if check.key is not None:
            figures[check.key] = (check.pupils, check.value)
            row_of_key[check.key] = row_number
    problems += _groups_larger_than_whole(figures, row_of_key)
    problems = uploads.with_cell_problems(found_in_cells, problems)
    if problems:
        raise UploadRejected(sorted(problems, key=_reading_order))
    return figures


def _reading_order(problem: Problem) -> tuple[int, int]:
    column = COLUMNS.index(problem.column) if problem.column in COLUMNS else -1
    return (problem.row or 0, column)


class _RowCheck:
    """The checks on one row: its key, pupils and value, and what is wrong with them."""

    def __init__(self, row_number, cells, *, phase, season, expected):
        self.row_number = row_number
        self.cells = cells
        self.phase = phase
        self.problems: list[Problem] = []
        self.measure = self._measure(season)
        self.year_group = self._year_group()
        subject = self._subject()
        group = self._group()
        self.key = None
        if not self.problems:
            key = RowKey(self.measure.key, self.year_group, subject, group)
            if key in expected:
                self.key = key
            else:
                self._add(
                    "measure",
                    f"{self.measure.label} is not collected from this school ({phase} school).",
                )
        self.pupils = self._pupils()
        self.value = self._value()

    def identity(self) -> tuple:
        """What makes two rows the same row, even when one of its cells is invalid."""
        return (
            self.cells["measure"].lower(),
            (self.cells["year_group"] or "0") if self.year_group is None else self.year_group,
            self.cells["subject"].lower(),
            self.cells["group"].lower() or "all",
        )

    def _add(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.row_number, column, message))

    def _measure(self, season):
        text = self.cells["measure"]
        if not text:
            self._add("measure", "The measure is blank: copy it from the template.")
            return None
        measure = BY_KEY.get(text.lower())
        if measure is None:
            self._add("measure", f"'{text}' is not a measure in the template.")
            return None
        if season not in measure.terms:
            terms = " and ".join(TERM_NAMES[t] for t in measure.terms)
            self._add(
                "measure",
                f"{measure.label} is collected in the {terms} term only, not the "
                f"{TERM_NAMES.get(season, season)} term.",
            )
        return measure

    def _year_group(self) -> int | None:
        text = self.cells["year_group"]
        number = _number(text) if text else Decimal(0)
        if number is None or number != number.to_integral_value() or not 0 <= number <= 6:
            self._add(
                "year_group",
                f"'{text}' is not a year group: use 1 to 6, or 0 for the whole school.",
            )
            return None
        year = int(number)
        measure = self.measure
        if measure is not None and not measure.by_year_group and year != 0:
            self._add(
                "year_group",
                f"{measure.label} is for the whole school: the year group must be 0 or blank.",
            )
            return None
        if measure is not None and measure.by_year_group and year not in measure.year_groups:
            choices = ", ".join(str(y) for y in measure.year_groups)
            self._add(
                "year_group",
                f"{measure.label} is given for each year group: use one of {choices}.",
            )
            return None
        if year and year not in year_groups_of(self.phase):
            self._add("year_group", f"This school has no Year {year} ({self.phase} school).")
            return None
        return year

    def _subject(self) -> str | None:
        text = self.cells["subject"]
        subject = text.lower()
        measure = self.measure
        if measure is not None and not measure.by_subject:
            if subject:
                self._add("subject", f"{measure.label} has no subject: leave the subject blank.")
                return None
            return ""
        if subject in SUBJECTS or (measure is None and not subject):
            return subject
        shown = f"'{text}' is not a subject" if text else "The subject is blank"
        self._add("subject", f"{shown}: use {_choices(SUBJECTS)}.")
        return None

    def _group(self) -> str | None:
        text = self.cells["group"]
        group = text.lower()
        measure = self.measure
        if measure is not None and not measure.by_group:
            if group not in ("", "all"):
                self._add(
                    "group", f"{measure.label} is for all pupils only: the group must be 'all'."
                )
                return None
            return "all"
        if group in GROUPS:
            return group
        if measure is None and not group:
            return "all"
        shown = f"'{text}' is not a group" if text else "The group is blank"
        self._add("group", f"{shown}: use {_choices(GROUPS)}.")
        return None

    def _pupils(self) -> int | None:
        text = self.cells["pupils"]
        if not text:
            return None
        number = self._parse(text, "pupils")
        if number is None:
            return None
        if number < 0 or number != number.to_integral_value():
            self._add("pupils", f"{text} is not a number of pupils: use a whole number, 0 or more.")
            return None
        return int(number)

    def _value(self) -> Decimal | None:
        text = self.cells["value"]
        if not text:
            return None
        value = self._parse(text, "value")
        if value is None or self.measure is None:
            return value
        kind = self.measure.kind
        if kind == PERCENT and not 0 <= value <= 100:
            self._add("value", f"{text} is not a percentage (0 to 100).")
        elif kind == SCORE and not SCORE_RANGE[0] <= value <= SCORE_RANGE[1]:
            low, high = SCORE_RANGE
            self._add("value", f"{text} is not a standardised score ({low} to {high}).")
        elif kind == COUNT and (value < 0 or value != value.to_integral_value()):
            self._add("value", f"{text} is not a count: use a whole number, 0 or more.")
        if needs_pupils(self.key or RowKey(self.measure.key, 0, "", "all")):
            self._check_pupils_of_percentage(text, value)
        return value

    def _check_pupils_of_percentage(self, text: str, value: Decimal) -> None:
        if not self.cells["pupils"]:
            self._add("pupils", "Give the number of pupils this percentage is of.")
        elif self.pupils == 0 and value != 0:
            self._add("value", f"{text}% of 0 pupils is not possible: leave it blank or 0.")

    def _parse(self, text: str, column: str) -> Decimal | None:
        number = _number(text)
        if number is None:
            hint = ": type it without the % sign" if text.endswith("%") else ""
            self._add(column, f"'{text}' is not a number{hint}.")
        elif abs(number) > MAX_NUMBER:
            self._add(column, f"{text} is too large for a school's figures.")
            return None
        return number


def _number(text: str) -> Decimal | None:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _choices(options: Iterable[str]) -> str:
    *first, last = options
    return f"{', '.join(first)} or {last}"


def _groups_larger_than_whole(figures, row_of_key) -> list[Problem]:
    problems = []
    for key, (pupils, _) in figures.items():
        if key.group == "all" or pupils is None or not BY_KEY[key.measure].by_group:
            continue
        whole, _ = figures.get(
            RowKey(key.measure, key.year_group, key.subject, "all"), (None, None)
        )
        if whole is not None and pupils > whole:
            scope = "year group" if key.year_group else "school"
            problems.append(
                Problem(
                    row_of_key[key],
                    "pupils",
                    f"{_short_group_label(key.group)}: {pupils} pupils is more than the {whole} "
                    f"in the whole {scope}.",
                )
            )
    return problems


def _short_group_label(group: str) -> str:
    return GROUP_LABELS[group].split(" (")[0]


# Templates


TEMPLATE_COLUMNS = (*COLUMNS, DESCRIPTION)
# The template's headings in words; an upload may head its columns so or by their keys.
TEMPLATE_HEADINGS = [HEADINGS[name] for name in COLUMNS] + ["What this row is"]


def template_rows(
    *, phase: str, season: int, existing: dict[RowKey, tuple] | None = None
) -> list[dict]:
    """Every row the school submits this term, in template order, with any figures so far,
    and what each row is in words.

    Values keep their types (``year_group`` and ``pupils`` int, ``value`` Decimal, blanks
    None) so the Excel template holds numbers, not text that looks like numbers.
    """
    existing = existing or {}
    rows = []
    for key in expected_rows(season=season, phase=phase):
        pupils, value = existing.get(key, (None, None))
        rows.append(
            {
                "measure": key.measure,
                "year_group": key.year_group,
                "subject": key.subject,
                "group": key.group,
                "pupils": pupils,
                "value": value,
                DESCRIPTION: _in_words(key),
            }
        )
    return rows


def _in_words(key: RowKey) -> str:
    measure = BY_KEY[key.measure]
    what = key.label()
    if measure.kind == PERCENT:
        return f"{what}: % of pupils, with the number of pupils"
    if measure.kind == SCORE:
        return f"{what}: average standardised score"
    return f"{what}: a whole number"


def template_csv(*, phase: str, season: int, existing: dict[RowKey, tuple] | None = None) -> bytes:
    """The template as CSV, with a byte-order mark so Excel reads it as UTF-8."""
    rows = template_rows(phase=phase, season=season, existing=existing)
    frame = pd.DataFrame(
        [[as_typed(row[name]) for name in TEMPLATE_COLUMNS] for row in rows],
        columns=TEMPLATE_HEADINGS,
        dtype=str,
    )
    return ("\ufeff" + frame.to_csv(index=False, lineterminator="\r\n")).encode("utf-8")


def template_xlsx(*, phase: str, season: int, existing: dict[RowKey, tuple] | None = None) -> bytes:
    """The template as an Excel workbook: the figures on "Data", guidance on "Read me"."""
    rows = template_rows(phase=phase, season=season, existing=existing)
    for row in rows:
        if row["value"] is not None:
            row["value"] = float(row["value"])
    data = pd.DataFrame(
        [[row[name] for name in TEMPLATE_COLUMNS] for row in rows],
        columns=TEMPLATE_HEADINGS,
        dtype=object,
    )
    readme = pd.DataFrame({"Read me": _readme_lines(phase=phase, season=season)})
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        data.to_excel(writer, sheet_name=DATA_SHEET, index=False)
        readme.to_excel(writer, sheet_name=README_SHEET, index=False)
        sheet = writer.sheets[DATA_SHEET]
        for cells in sheet.iter_rows():
            for cell in cells:
                if cell.value == "":
                    cell.value = None  # A truly empty cell, not an empty piece of text.
        sheet.freeze_panes = "A2"
        for index, width in enumerate((34, 12, 10, 16, 10, 10, 70), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        _add_checks(sheet, rows)
        writer.sheets[README_SHEET].column_dimensions["A"].width = 110
    return buffer.getvalue()


def _add_checks(sheet, rows: list[dict]) -> None:
    """Excel's own data validation on the cells people fill in, so a mistake is caught as
    it is typed: pupils whole numbers, each value in its measure's range. (The upload
    checks them all again: a file can come from anywhere.)"""
    pupils_column = get_column_letter(COLUMNS.index("pupils") + 1)
    value_column = get_column_letter(COLUMNS.index("value") + 1)
    low, high = SCORE_RANGE
    rules = {
        "pupils": DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            error="The number of pupils is a whole number, 0 or more.",
        ),
        PERCENT: DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2="100",
            error="A percentage is 0 to 100: type 95.5 for 95.5%.",
        ),
        SCORE: DataValidation(
            type="decimal",
            operator="between",
            formula1=str(low),
            formula2=str(high),
            error=f"A standardised score is {low} to {high}.",
        ),
        COUNT: DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            error="A count is a whole number, 0 or more.",
        ),
    }
    for rule in rules.values():
        rule.allow_blank = True
        rule.showErrorMessage = True
        rule.errorTitle = "Not a figure this cell takes"
        sheet.add_data_validation(rule)
    for offset, row in enumerate(rows):
        number = FIRST_DATA_ROW + offset
        measure = BY_KEY[row["measure"]]
        rules[measure.kind].add(f"{value_column}{number}")
        if measure.kind == PERCENT:
            rules["pupils"].add(f"{pupils_column}{number}")


def _readme_lines(*, phase: str, season: int) -> list[str]:
    low, high = SCORE_RANGE
    limit = uploads.max_bytes()
    in_template = {key.measure for key in expected_rows(season=season, phase=phase)}
    kinds = {
        PERCENT: "a percentage, 0 to 100, with its pupils",
        SCORE: f"an average standardised score, {low} to {high}",
        COUNT: "a count, a whole number 0 or more",
    }
    return [
        f"Symphony termly data: {phase} school, {TERM_NAMES.get(season, season)} term.",
        "Fill in the 'Data' sheet: one row for each measure, year group, subject and group. "
        "'What this row is' says each row in words. Fill in Pupils and Value; keep the "
        "other columns as they are.",
        "Aggregate figures only: numbers of pupils and percentages for whole groups. "
        "No pupil names or any other pupil-level data belong in this file.",
        "Measure: the measure's code, as given in the template. Do not change it.",
        "Year group: 1 to 6, or 0 (or blank) for the whole school.",
        f"Subject: {_choices(SUBJECTS)}; blank where the measure has no subject.",
        f"Group: {_choices(GROUPS)}; 'all' where the measure has no groups.",
        "Pupils: the number of pupils a percentage is of, a whole number 0 or more. Needed "
        "for every percentage. A group cannot have more pupils than 'all' in its year group.",
        f"Value: percentages 0 to 100 (type 95.5, not 95.5% or 0.955); standardised scores "
        f"{low} to {high}; counts are whole numbers, 0 or more. Leave it blank if the figure "
        "is not ready yet.",
        "Type numbers, not formulas: cells starting with = are refused.",
        f"Save the file as Excel Workbook (.xlsx) or CSV (.csv), up to {limit / MB:.2g} "
        "MB, and upload it on the school's data page. Every problem in it is listed at once.",
        "",
        "The measures this term:",
        *(f"{m.key}: {m.label} ({kinds[m.kind]})" for m in MEASURES if m.key in in_template),
    ]
