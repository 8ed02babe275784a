"""Reading and checking a school's termly upload, and the templates it starts from.

A school downloads the template for its phase and term, fills in the figures (aggregates
only: no pupil is ever named) and uploads it as CSV or Excel. The file is untrusted until
proven otherwise, so its size, its real type, zip bombs, formulas and CSV-injection text are
refused before any figure is read. Every figure is then checked against ``measures.py`` and
all the problems come back together: a head fixing a file wants every mistake at once, not
one per attempt. Row numbers are the ones the person sees in their spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

import openpyxl
import pandas as pd
from django.conf import settings
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from .measures import (
    BY_KEY,
    COLUMNS,
    COUNT,
    GROUP_LABELS,
    GROUPS,
    MEASURES,
    PERCENT,
    SCORE,
    SCORE_RANGE,
    SUBJECTS,
    RowKey,
    expected_rows,
    needs_pupils,
    year_groups_of,
)

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 2 * MB
# An xlsx is a zip: these bound what opening one may cost, whatever its size on disk.
# The first is the default of the setting SYMPHONY_UPLOAD_MAX_UNCOMPRESSED_BYTES.
MAX_UNCOMPRESSED_BYTES = 20 * MB
MAX_COMPRESSION_RATIO = 100
# The largest template (a primary school in the summer term) has under 250 rows.
MAX_ROWS = 2000
MAX_COLUMNS = 26
# The database holds values as DECIMAL(7, 2) and pupils as an integer.
MAX_NUMBER = Decimal(99_999)

ACCEPTED_TYPES = (".csv", ".xlsx")
ZIP_MAGIC = b"PK\x03\x04"
HEADER_ROW = 1
FIRST_DATA_ROW = 2
DATA_SHEET = "Data"
README_SHEET = "Read me"
TERM_NAMES = {1: "autumn", 2: "spring", 3: "summer"}

FORMULA_MESSAGE = "Formulas are not accepted; type the number."
NOT_UTF8_MESSAGE = "The file is not UTF-8 text: save it as 'CSV UTF-8' and upload it again."
NOT_WORKBOOK_MESSAGE = (
    "The file is named .xlsx but is not an Excel workbook: save it from Excel as "
    "'Excel Workbook (.xlsx)' and upload it again."
)
_UNREADABLE_CSV_MESSAGE = (
    "The file could not be read as CSV: save it from the template as 'CSV UTF-8' and upload "
    "it again."
)
ZIP_BOMB_MESSAGE = (
    "The file unpacks to far more than a workbook of figures could hold (it may be a "
    "'zip bomb'), so it was not opened."
)
# Files people upload by mistake (or on purpose), told apart by their first bytes so the
# message says what the file is. Textual signatures also need a NUL byte near the start,
# so a CSV can never be taken for one.
_SIGNATURES = (
    (b"%PDF-", False, "a PDF document"),
    (b"MZ", True, "a Windows program"),
    (b"\x7fELF", False, "a program"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", False, "an old-style Office file (.xls or .doc)"),
    (b"\x89PNG", False, "an image"),
    (b"\xff\xd8\xff", False, "an image"),
    (b"GIF8", True, "an image"),
    (b"\x1f\x8b", False, "a compressed (gzip) file"),
    (b"Rar!", True, "a RAR archive"),
    (b"7z\xbc\xaf", False, "a 7-Zip archive"),
)
# What a spreadsheet would run rather than show: =SUM(..), +cmd|.., -cmd|.., -@.., @SUM(..).
_FORMULA_TEXT = re.compile(r"^(?:=|-@|[+\-@][A-Za-z])")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload, placed where the person will look for it."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"Row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}" if where else f"Column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class UploadRejected(Exception):
    """Nothing was saved; ``problems`` says everything that must be fixed first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _refuse(message: str) -> UploadRejected:
    return UploadRejected([Problem(None, None, message)])


# Reading a file


def read_upload(uploaded, *, columns: tuple[str, ...] = COLUMNS) -> list[dict[str, str]]:
    """The rows of an uploaded CSV or XLSX as text keyed by column, in file order.

    Row ``i`` of the result is spreadsheet row ``i + 2``; blank rows are kept so that the
    numbers ``validate`` reports match what the person sees. Raises ``UploadRejected`` for
    a file that is too large, not what its name says, unsafe to open, holds formulas, or
    does not have exactly the template's columns (``columns``: the termly data template's
    by default; other imports, such as finance, name their own).
    """
    limit = getattr(settings, "SYMPHONY_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)
    if uploaded.size is not None and uploaded.size > limit:
        raise _refuse(_too_big_message(uploaded.size, limit))
    suffix = PurePath(uploaded.name or "").suffix.lower()
    if suffix not in ACCEPTED_TYPES:
        shown = f"{suffix} files are" if suffix else "Files without a type are"
        raise _refuse(f"{shown} not accepted: upload the template as a .csv or .xlsx file.")
    uploaded.seek(0)
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise _refuse(_too_big_message(len(data), limit))
    _check_not_another_kind_of_file(data)
    if suffix == ".xlsx":
        grid, problems = _read_xlsx(data)
    else:
        grid, problems = _read_csv(data)
    rows, column_problems = _rows_from_grid(grid, columns)
    problems += column_problems
    if problems:
        raise UploadRejected(problems)
    return rows


def _too_big_message(size: int, limit: int) -> str:
    return (
        f"The file is {size / MB:.1f} MB; files up to {limit / MB:.2g} MB are accepted. "
        "A term's template is far smaller: check this is the right file."
    )


def _check_not_another_kind_of_file(data: bytes) -> None:
    for signature, needs_nul, kind in _SIGNATURES:
        if data.startswith(signature) and (not needs_nul or b"\x00" in data[:512]):
            raise _refuse(
                f"The file is {kind}, not a spreadsheet: upload the template as a .csv or "
                ".xlsx file."
            )


def _read_csv(data: bytes) -> tuple[list[list[str]], list[Problem]]:
    if data.startswith(ZIP_MAGIC):
        raise _refuse(
            "The file is named .csv but is an Excel workbook: rename it to .xlsx, or save it "
            "as 'CSV UTF-8', and upload it again."
        )
    if b"\x00" in data:
        raise _refuse(NOT_UTF8_MESSAGE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(NOT_UTF8_MESSAGE) from None
    last_filled, width = _extent(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            header=None,
            names=range(width),
            usecols=range(min(width, MAX_COLUMNS)),
            nrows=last_filled + 1,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, ValueError):
        raise _refuse(_UNREADABLE_CSV_MESSAGE) from None
    grid = _grid(frame)
    header = grid[0]
    problems = [
        Problem(row_number, _column_name(header, index), FORMULA_MESSAGE)
        for row_number, cells in enumerate(grid, start=HEADER_ROW)
        for index, cell in enumerate(cells)
        if _FORMULA_TEXT.match(cell)
    ]
    return grid, problems


def _extent(text: str) -> tuple[int, int]:
    """The index of the last record with an entry, and the most fields up to it.

    pandas must be told every column up front, or it misreads rows longer than the first;
    blank records after the last entry (Excel writes them for formatted cells) are ignored.
    """
    last_filled, width, widest = -1, 0, 0
    try:
        for index, record in enumerate(csv.reader(io.StringIO(text))):
            widest = max(widest, len(record))
            if not any(map(str.strip, record)):
                continue
            if index > MAX_ROWS or any(map(str.strip, record[MAX_COLUMNS:])):
                raise _refuse(_too_many_message())
            last_filled, width = index, widest
    except csv.Error:
        raise _refuse(_UNREADABLE_CSV_MESSAGE) from None
    if last_filled < 0:
        raise _refuse("The file is empty: fill in the template and upload it again.")
    return last_filled, width


def _read_xlsx(data: bytes) -> tuple[list[list[str]], list[Problem]]:
    if not data.startswith(ZIP_MAGIC):
        raise _refuse(NOT_WORKBOOK_MESSAGE)
    _check_not_zip_bomb(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=False, read_only=True)
        try:
            sheet_name = next(
                (name for name in workbook.sheetnames if name.lower() == DATA_SHEET.lower()),
                workbook.sheetnames[0],
            )
            problems = _cell_problems(workbook[sheet_name])
        finally:
            workbook.close()
        frame = pd.read_excel(
            io.BytesIO(data),
            sheet_name=sheet_name,
            header=None,
            dtype=str,
            keep_default_na=False,
            engine="openpyxl",
        )
    except UploadRejected:
        raise
    except Exception:  # Whatever a malformed workbook raises, the answer is the same.
        raise _refuse(NOT_WORKBOOK_MESSAGE) from None
    grid = _grid(frame)
    if not grid:
        raise _refuse(
            f"The '{sheet_name}' sheet is empty: fill in the template and upload it again."
        )
    return grid, problems


def _check_not_zip_bomb(data: bytes) -> None:
    """Refuse before any parser unpacks it: first by the sizes the zip's directory
    declares, then by really inflating every member, counting, and stopping at the limit,
    since a forged directory can declare any size it likes."""
    limit = getattr(settings, "SYMPHONY_UPLOAD_MAX_UNCOMPRESSED_BYTES", MAX_UNCOMPRESSED_BYTES)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse(NOT_WORKBOOK_MESSAGE) from None
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
            raise _refuse(ZIP_BOMB_MESSAGE)
    if total > limit:
        raise _refuse(ZIP_BOMB_MESSAGE)
    unpacked = 0
    for member in members:
        unpacked += _inflated_size(data, member, budget=limit - unpacked)


_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature ... file name length, extra length
_CHUNK = 64 * 1024


def _inflated_size(data: bytes, member: zipfile.ZipInfo, *, budget: int) -> int:
    """The bytes ``member`` really inflates to; refuses past ``budget`` without going on."""
    start = member.header_offset
    try:
        signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, start)
    except struct.error:
        raise _refuse(NOT_WORKBOOK_MESSAGE) from None
    if signature != ZIP_MAGIC:
        raise _refuse(NOT_WORKBOOK_MESSAGE)
    begin = start + _LOCAL_HEADER.size + name_length + extra_length
    compressed = data[begin : begin + member.compress_size]
    if member.compress_type == zipfile.ZIP_STORED:
        size = len(compressed)
    elif member.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        size = 0
        try:
            for offset in range(0, len(compressed), _CHUNK):
                pending = compressed[offset : offset + _CHUNK]
                while pending:
                    size += len(inflater.decompress(pending, _CHUNK))
                    if size > budget:
                        raise _refuse(ZIP_BOMB_MESSAGE)
                    pending = inflater.unconsumed_tail
        except zlib.error:
            raise _refuse(NOT_WORKBOOK_MESSAGE) from None
    else:  # Excel writes only stored and deflated members.
        raise _refuse(NOT_WORKBOOK_MESSAGE)
    if size > budget:
        raise _refuse(ZIP_BOMB_MESSAGE)
    return size


def _cell_problems(sheet) -> list[Problem]:
    """Formulas, and numbers Excel stores as fractions because the cell shows a percentage.

    pandas reads a formula's last calculated value (or nothing), so the formula itself is
    only visible here. A cell formatted as a percentage holds 0.95 for "95%", which would
    pass as a percentage of under 1.
    """
    problems = []
    header: list[str] = []
    sheet.reset_dimensions()  # The stored dimensions may be wrong, or made up.
    for row_number, cells in enumerate(sheet.iter_rows(), start=HEADER_ROW):
        if row_number == HEADER_ROW:
            header = [str(cell.value or "").strip() for cell in cells]
        for index, cell in enumerate(cells):
            value = cell.value
            if value is None or value == "":
                continue
            if row_number > MAX_ROWS + HEADER_ROW or index >= MAX_COLUMNS:
                raise _refuse(_too_many_message())
            if isinstance(value, ArrayFormula | DataTableFormula) or (
                isinstance(value, str) and _FORMULA_TEXT.match(value.strip())
            ):
                problems.append(Problem(row_number, _column_name(header, index), FORMULA_MESSAGE))
            elif isinstance(value, int | float) and "%" in (cell.number_format or ""):
                problems.append(
                    Problem(
                        row_number,
                        _column_name(header, index),
                        "The cell is formatted as a percentage, so Excel saves 95% as 0.95: "
                        "format the column as Number and type 95.",
                    )
                )
    return problems


def _grid(frame: pd.DataFrame) -> list[list[str]]:
    grid = [[str(cell).strip() for cell in row] for row in frame.fillna("").to_numpy().tolist()]
    while grid and not any(grid[-1]):
        grid.pop()
    return grid


def _too_many_message() -> str:
    return (
        f"The file has entries beyond row {MAX_ROWS + HEADER_ROW} or column "
        f"{get_column_letter(MAX_COLUMNS)}; a term's template is far smaller: check this is "
        "the right file."
    )


def _column_name(header: list[str], index: int) -> str:
    """The heading the person typed, or the column's letter where it has none."""
    name = header[index].strip().lower() if index < len(header) else ""
    return name or get_column_letter(index + 1)


def _rows_from_grid(
    grid: list[list[str]], columns: tuple[str, ...]
) -> tuple[list[dict[str, str]], list[Problem]]:
    header = [cell.lower() for cell in grid[0]]
    body = grid[1:]
    problems = _column_problems(header, body, columns)
    rows = [
        {name: cells[index] for index, name in enumerate(header) if name in columns}
        for cells in body
    ]
    if not problems and not any(any(row.values()) for row in rows):
        raise _refuse("The file has no figures: fill in the template and upload it again.")
    return rows, problems


def _column_problems(
    header: list[str], body: list[list[str]], columns: tuple[str, ...]
) -> list[Problem]:
    named = [name for name in header if name]
    if len(named) == 1 and ";" in named[0]:
        return [
            Problem(
                None,
                None,
                "The columns are separated by semicolons, not commas: save the file as "
                "'CSV UTF-8 (Comma delimited)' and upload it again.",
            )
        ]
    expected = ", ".join(columns)
    problems = [
        Problem(None, None, f"The column '{name}' is missing; the columns are {expected}.")
        for name in columns
        if name not in named
    ]
    seen = set()
    for index, name in enumerate(header):
        if not name:
            if any(index < len(cells) and cells[index] for cells in body):
                letter = get_column_letter(index + 1)
                problems.append(Problem(None, None, f"Column {letter} has entries but no heading."))
        elif name not in columns:
            problems.append(
                Problem(
                    None,
                    None,
                    f"The column '{name}' is not one of the template's; the columns are "
                    f"{expected}.",
                )
            )
        elif name in seen:
            problems.append(Problem(None, None, f"The column '{name}' appears more than once."))
        seen.add(name)
    return problems


# Checking the figures


def validate(
    rows: Iterable[dict[str, str]], *, phase: str, season: int
) -> dict[RowKey, tuple[int | None, Decimal | None]]:
    """Each row's (pupils, value), keyed by row, for a school of ``phase`` in ``season``.

    Blank pupils or value means "not yet entered" (None). Raises ``UploadRejected`` with
    every problem in every row, in row and column order, so one attempt shows them all.
    """
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


def template_rows(
    *, phase: str, season: int, existing: dict[RowKey, tuple] | None = None
) -> list[dict]:
    """Every row the school submits this term, in template order, with any figures so far.

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
            }
        )
    return rows


def template_csv(*, phase: str, season: int, existing: dict[RowKey, tuple] | None = None) -> bytes:
    """The template as CSV, with a byte-order mark so Excel reads it as UTF-8."""
    rows = template_rows(phase=phase, season=season, existing=existing)
    frame = pd.DataFrame(
        [{name: _as_text(row[name]) for name in COLUMNS} for row in rows],
        columns=COLUMNS,
        dtype=str,
    )
    return ("\ufeff" + frame.to_csv(index=False, lineterminator="\r\n")).encode("utf-8")


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def template_xlsx(*, phase: str, season: int, existing: dict[RowKey, tuple] | None = None) -> bytes:
    """The template as an Excel workbook: the figures on "Data", guidance on "Read me"."""
    rows = template_rows(phase=phase, season=season, existing=existing)
    for row in rows:
        if row["value"] is not None:
            row["value"] = float(row["value"])
    data = pd.DataFrame(rows, columns=COLUMNS, dtype=object)
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
        for index, width in enumerate((34, 12, 10, 16, 10, 10), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        writer.sheets[README_SHEET].column_dimensions["A"].width = 110
    return buffer.getvalue()


def _readme_lines(*, phase: str, season: int) -> list[str]:
    low, high = SCORE_RANGE
    limit = getattr(settings, "SYMPHONY_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)
    in_template = {key.measure for key in expected_rows(season=season, phase=phase)}
    kinds = {
        PERCENT: "a percentage, 0 to 100, with its pupils",
        SCORE: f"an average standardised score, {low} to {high}",
        COUNT: "a count, a whole number 0 or more",
    }
    return [
        f"Symphony termly data: {phase} school, {TERM_NAMES.get(season, season)} term.",
        "Fill in the 'Data' sheet: one row for each measure, year group, subject and group. "
        "Keep the columns as they are.",
        "Aggregate figures only: numbers of pupils and percentages for whole groups. "
        "No pupil names or any other pupil-level data belong in this file.",
        "measure: the measure's code, as given in the template. Do not change it.",
        "year_group: 1 to 6, or 0 (or blank) for the whole school.",
        f"subject: {_choices(SUBJECTS)}; blank where the measure has no subject.",
        f"group: {_choices(GROUPS)}; 'all' where the measure has no groups.",
        "pupils: the number of pupils a percentage is of, a whole number 0 or more. Needed "
        "for every percentage. A group cannot have more pupils than 'all' in its year group.",
        f"value: percentages 0 to 100 (type 95.5, not 95.5% or 0.955); standardised scores "
        f"{low} to {high}; counts are whole numbers, 0 or more. Leave it blank if the figure "
        "is not ready yet.",
        "Type numbers, not formulas: cells starting with = are refused.",
        f"Save the file as Excel Workbook (.xlsx) or CSV UTF-8 (.csv), up to {limit / MB:.2g} "
        "MB, and upload it on the school's data page.",
        "",
        "The measures this term:",
        *(f"{m.key}: {m.label} ({kinds[m.kind]})" for m in MEASURES if m.key in in_template),
    ]
