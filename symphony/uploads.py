"""Reading an untrusted uploaded spreadsheet (CSV or XLSX) into rows of text.

The file is untrusted until proven otherwise, so it is refused, before any figure is read,
if it is too large, not one of the accepted types, another kind of file under a
spreadsheet's name (told by its first bytes, not its name), a zip bomb (the sizes its
directory declares, then what its members really inflate to), too many rows or columns, or
holds formulas or CSV-injection text in any cell; and its header must name exactly the
expected columns. Every problem comes back in one
``UploadRejected``, placed by row and column as the person sees them in their spreadsheet.

This module knows nothing of what the rows mean: the caller names the columns and checks
the figures itself. Its messages speak of "the template": the file each import gives people
to fill in. It imports no app.
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
from pathlib import PurePath

import openpyxl
import pandas as pd
from django.conf import settings
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 2 * MB
# An xlsx is a zip: these bound what opening one may cost, whatever its size on disk.
# The first is the default of the setting SYMPHONY_UPLOAD_MAX_UNCOMPRESSED_BYTES.
MAX_UNCOMPRESSED_BYTES = 20 * MB
MAX_COMPRESSION_RATIO = 100
# Far more than any import needs (the termly template's largest, a primary school in the
# summer term, has under 250 rows).
MAX_ROWS = 2000
MAX_COLUMNS = 26

ACCEPTED_TYPES = (".csv", ".xlsx")
ZIP_MAGIC = b"PK\x03\x04"
# Row numbers as the person sees them in their spreadsheet: the header, then the rows.
HEADER_ROW = 1
FIRST_DATA_ROW = HEADER_ROW + 1
# The sheet read from a workbook, if it has one of this name (any case); else the first.
DATA_SHEET = "Data"

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


def max_bytes() -> int:
    """The largest file accepted: the setting SYMPHONY_UPLOAD_MAX_BYTES."""
    return getattr(settings, "SYMPHONY_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)


def read_upload(uploaded, *, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of an uploaded CSV or XLSX as text keyed by column, in file order.

    Row ``i`` of the result is spreadsheet row ``FIRST_DATA_ROW + i``; blank rows are kept
    so that the row numbers the caller's own checks report match what the person sees.
    Raises ``UploadRejected`` for a file that is too large, not what its name says, unsafe
    to open, holds formulas, or does not have exactly the ``columns`` named (headings in
    any case and order).
    """
    limit = max_bytes()
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
