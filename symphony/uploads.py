"""The one place an untrusted upload is checked: a spreadsheet read into rows of text
(``read_upload``), and a document kept as a file, a letter, minutes or evidence
(``check_document``, and ``DocumentValidator`` on a model's file field).

A file is untrusted until proven otherwise, and what its first bytes say proves nothing:
each is opened as what its name says it is and refused unless it opens as one. An Office
file is opened as the zip it is (bounded in members and in the bytes they really inflate
to, none encrypted or a program) and then as its package: the main part its relationships
name, of the content type its suffix promises, present and well-formed; no macros. A PDF
is parsed to its pages with pypdf; an image decoded to its last pixel with Pillow.

A spreadsheet is refused, before any figure is read, if it is too large, not one of the
accepted types, another kind of file under a spreadsheet's name, not a workbook as above,
or has too many rows or columns; its header must name exactly the expected columns. A
cell holding a formula or CSV-injection text is never taken: it is a problem of that cell,
which the caller reports with the problems it finds in the figures, so the person sees
every problem at once. Each comes back in one ``UploadRejected``, placed by row and column
as the person sees them in their spreadsheet.
A document's one problem comes back as a ``ValidationError`` naming the file.

This module knows nothing of what the rows or documents mean: the caller names the
columns and checks the figures itself. Its spreadsheet messages speak of "the template":
the file each import gives people to fill in. It imports no app.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import struct
import warnings
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath, PurePosixPath

import openpyxl
import pandas as pd
from defusedxml import ElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from PIL import Image
from pypdf import PdfReader

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
NOT_UTF8_MESSAGE = "The file is not text: save it as 'CSV UTF-8' and upload it again."
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
# UTF-8's byte-order mark read as Windows-1252 text.
_MISREAD_BOM = "\ufeff".encode().decode("cp1252")


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


def read_upload(
    uploaded,
    *,
    columns: tuple[str, ...],
    optional: tuple[str, ...] = (),
    problems: list[Problem] | None = None,
) -> list[dict[str, str]]:
    """The rows of an uploaded CSV or XLSX as text keyed by column, in file order.

    Row ``i`` of the result is spreadsheet row ``FIRST_DATA_ROW + i``; blank rows are kept
    so that the row numbers the caller's own checks report match what the person sees.
    Raises ``UploadRejected`` for a file that is too large, not what its name says, unsafe
    to open, or does not have exactly the ``columns`` named (headings in any case and
    order, with spaces or underscores), besides any of the ``optional`` ones.

    A cell that cannot be taken as typed (a formula, a number shown as a percentage) is a
    problem of that cell only: given a ``problems`` list, the caller collects them there,
    finds the rest of the file's problems too and reports them all at once; the cells come
    back blank. Without one, they are raised here.
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
        grid, cell_problems = _read_xlsx(data)
    else:
        grid, cell_problems = _read_csv(data)
    rows, column_problems = _rows_from_grid(grid, columns, optional)
    if column_problems:
        raise UploadRejected(cell_problems + column_problems)
    if problems is None:
        if cell_problems:
            raise UploadRejected(cell_problems)
        return rows
    for problem in cell_problems:
        index = problem.row - FIRST_DATA_ROW
        if 0 <= index < len(rows) and problem.column in rows[index]:
            rows[index][problem.column] = ""
    problems += cell_problems
    return rows


def with_cell_problems(cell_problems: Iterable[Problem], later: Iterable[Problem]) -> list[Problem]:
    """A file's problems in one list: those ``read_upload`` found in its cells, and those
    the caller found ``later`` in the rows, except where a cell's own problem already
    explains it (the blank a formula left is not also "blank")."""
    cell_problems = list(cell_problems)
    flagged = {(problem.row, problem.column) for problem in cell_problems}
    return cell_problems + [p for p in later if (p.row, p.column) not in flagged]


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
    text = _decoded(data)
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


def _decoded(data: bytes) -> str:
    """The text of a CSV as Excel or LibreOffice saves it: UTF-8 with or without a
    byte-order mark, else Windows-1252 (Excel's "CSV (Comma delimited)" on a UK Windows
    machine)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # bytes no Windows-1252 text holds: not a CSV at all
        raise _refuse(NOT_UTF8_MESSAGE) from None


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
    try:
        _check_office(data, ".xlsx")
    except _NotIt:
        raise _refuse(NOT_WORKBOOK_MESSAGE) from None
    except _Bomb:
        raise _refuse(ZIP_BOMB_MESSAGE) from None
    except _Refused as refusal:
        raise _refuse(f"The file {refusal}.") from None
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


# --- Office files: the zip they are, then the package inside it --------------------------
#
# An Office file (ECMA-376 / ISO/IEC 29500, Open Packaging Conventions) is a zip holding a
# [Content_Types].xml, a _rels/.rels naming the main part, and the parts themselves. Its
# first bytes say only "zip": any zip, a program inside included, starts the same way.


class _NotIt(Exception):
    """The file is not the kind its name says: it could not be opened as one."""


class _Bomb(Exception):
    """The file would unpack to far more than any document could hold."""


class _Refused(Exception):
    """The file is refused for the reason given, which ends a sentence that begins with
    the file (e.g. "holds a program (setup.exe), so it was not accepted")."""


OFFICE_MAIN_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
# A letter with its letterhead and a few photographs has a few dozen members.
MAX_ZIP_MEMBERS = 1000
_CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# The transitional and the strict form of ECMA-376 name the main part's relationship so.
_MAIN_RELATIONSHIP = "/officeDocument"
# What Windows, macOS or a shell would run if someone unpacked the file and opened it.
_PROGRAM_SUFFIXES = frozenset(
    {
        ".app",
        ".bat",
        ".cmd",
        ".com",
        ".cpl",
        ".dll",
        ".dylib",
        ".exe",
        ".hta",
        ".jar",
        ".js",
        ".jse",
        ".lnk",
        ".msi",
        ".msp",
        ".pif",
        ".ps1",
        ".scr",
        ".sh",
        ".so",
        ".vbe",
        ".vbs",
        ".wsf",
        ".wsh",
    }
)
_PROGRAM_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")
# Macros and ActiveX controls run code when the document is opened; a .docx or .xlsx
# (unlike a .docm or .xlsm) is the form of each that holds none.
_CODE_MARKERS = ("vbaproject", "macroenabled", "activex", "vbadata")
_PROGRAM_MESSAGE = "holds a program ({}), so it was not accepted"
_MACRO_MESSAGE = (
    "holds macros or ActiveX controls, so it was not accepted: save it as a plain "
    "document (not macro-enabled) and upload it again"
)
_ENCRYPTED_MESSAGE = (
    "is protected by a password, so it could not be checked: save it without one and "
    "upload it again"
)


def _check_office(data: bytes, suffix: str) -> None:
    """Refuse ``data`` unless it is a safe Office file of the kind ``suffix`` names: a zip
    within the bounds of ``_check_zip``, whose package names a main part of the right
    content type, present and well-formed XML, and holds no macros or ActiveX."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # Office saves a password-protected file as an OLE2 compound file, not a zip.
        raise _Refused(_ENCRYPTED_MESSAGE)
    if not data.startswith(ZIP_MAGIC):
        raise _NotIt
    members = _check_zip(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = _xml(archive, members, "[content_types].xml")
            declared = [
                element.get("ContentType", "")
                for element in types
                if element.tag in (f"{_CONTENT_TYPES}Default", f"{_CONTENT_TYPES}Override")
            ]
            if any(
                marker in name.lower() for name in [*declared, *members] for marker in _CODE_MARKERS
            ):
                raise _Refused(_MACRO_MESSAGE)
            main = _main_part(_xml(archive, members, "_rels/.rels"))
            if main not in members or _content_type(types, main) != OFFICE_MAIN_TYPES[suffix]:
                raise _NotIt
            _xml(archive, members, main)
    except (_NotIt, _Refused):
        raise
    except Exception:  # Whatever a malformed package raises, the answer is the same.
        raise _NotIt from None


def _xml(archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], name: str):
    """A member parsed as XML, with no DTD or entities (defusedxml). Its size is bounded
    by ``_check_zip`` before anything is read."""
    if name not in members:
        raise _NotIt
    return ElementTree.fromstring(archive.read(members[name]))


def _main_part(relationships) -> str:
    for relationship in relationships.iter(f"{_RELATIONSHIPS}Relationship"):
        if relationship.get("Type", "").endswith(_MAIN_RELATIONSHIP) and (
            relationship.get("TargetMode", "Internal") == "Internal"
        ):
            return posixpath.normpath(relationship.get("Target", "").lstrip("/")).lower()
    raise _NotIt


def _content_type(types, part: str) -> str:
    """The part's content type: its Override, else the Default for its extension (part
    names compare without regard to case, ECMA-376 Part 2 §9.1.1)."""
    for override in types.iter(f"{_CONTENT_TYPES}Override"):
        if override.get("PartName", "").lstrip("/").lower() == part:
            return override.get("ContentType", "")
    extension = PurePosixPath(part).suffix.lstrip(".")
    for default in types.iter(f"{_CONTENT_TYPES}Default"):
        if default.get("Extension", "").lower() == extension:
            return default.get("ContentType", "")
    return ""


def _check_zip(data: bytes) -> dict[str, zipfile.ZipInfo]:
    """The zip's members by lower-case name, once it is known safe to open: not too many,
    none encrypted, named inside the zip and once only, no program among them, and
    within the bytes they may unpack to. Refused before any parser unpacks it: first by
    the sizes the zip's directory declares, then by really inflating every member,
    counting, and stopping at the limit, since a forged directory can declare any size
    it likes."""
    limit = getattr(settings, "SYMPHONY_UPLOAD_MAX_UNCOMPRESSED_BYTES", MAX_UNCOMPRESSED_BYTES)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _NotIt from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise _Bomb
    by_name: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
            raise _Bomb
        if member.flag_bits & 0x1:
            raise _Refused(_ENCRYPTED_MESSAGE)
        name = member.filename.replace("\\", "/")
        if name.startswith("/") or ":" in name or ".." in name.split("/"):
            raise _NotIt  # a member meant to land outside wherever it is unpacked
        if name.lower() in by_name:
            raise _NotIt  # two of one name: readers disagree on which one they read
        if PurePosixPath(name).suffix.lower() in _PROGRAM_SUFFIXES:
            raise _Refused(_PROGRAM_MESSAGE.format(PurePosixPath(name).name))
        by_name[name.lower()] = member
    if total > limit:
        raise _Bomb
    unpacked = 0
    for member in members:
        size, head = _inflated(data, member, budget=limit - unpacked)
        if head.startswith(_PROGRAM_MAGIC):
            raise _Refused(_PROGRAM_MESSAGE.format(PurePosixPath(member.filename).name))
        unpacked += size
    return by_name


_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature ... file name length, extra length
_CHUNK = 64 * 1024


def _inflated(data: bytes, member: zipfile.ZipInfo, *, budget: int) -> tuple[int, bytes]:
    """The bytes ``member`` really inflates to, and its first few; refuses past
    ``budget`` without going on."""
    start = member.header_offset
    try:
        signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, start)
    except struct.error:
        raise _NotIt from None
    if signature != ZIP_MAGIC:
        raise _NotIt
    begin = start + _LOCAL_HEADER.size + name_length + extra_length
    compressed = data[begin : begin + member.compress_size]
    if member.compress_type == zipfile.ZIP_STORED:
        size, head = len(compressed), compressed[:8]
    elif member.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        size, head = 0, b""
        try:
            for offset in range(0, len(compressed), _CHUNK):
                pending = compressed[offset : offset + _CHUNK]
                while pending:
                    out = inflater.decompress(pending, _CHUNK)
                    head = head or out[:8]
                    size += len(out)
                    if size > budget:
                        raise _Bomb
                    pending = inflater.unconsumed_tail
        except zlib.error:
            raise _NotIt from None
    else:  # Office writes only stored and deflated members.
        raise _NotIt
    if size > budget:
        raise _Bomb
    return size, head


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


def heading_key(text: str) -> str:
    """A heading as the column it names: "Year group", "year_group" and "YEAR GROUP" all
    name ``year_group``. A byte-order mark read as Windows-1252 text ("ï»¿", how a CSV
    UTF-8 file comes back from a spreadsheet that took it for another encoding) is not
    part of it."""
    text = text.replace(_MISREAD_BOM, "").replace("\ufeff", "")
    return re.sub(r"[\s_]+", "_", text.strip().lower())


def _column_name(header: list[str], index: int) -> str:
    """The column a heading names, or the column's letter where it has none."""
    name = heading_key(header[index]) if index < len(header) else ""
    return name or get_column_letter(index + 1)


def _rows_from_grid(
    grid: list[list[str]], columns: tuple[str, ...], optional: tuple[str, ...] = ()
) -> tuple[list[dict[str, str]], list[Problem]]:
    header = [heading_key(cell) for cell in grid[0]]
    body = grid[1:]
    problems = _column_problems(header, body, columns, optional)
    rows = [
        {name: cells[index] for index, name in enumerate(header) if name in columns}
        for cells in body
    ]
    if not problems and not any(any(row.values()) for row in rows):
        raise _refuse("The file has no figures: fill in the template and upload it again.")
    return rows, problems


def _column_problems(
    header: list[str], body: list[list[str]], columns: tuple[str, ...], optional=()
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
        elif name in optional:
            pass
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


# --- Documents: letters, minutes and evidence kept as files -------------------------------
#
# Each is opened as what its name says it is, and refused unless it opens as one: an
# Office file as its package (above), a PDF parsed to its pages, an image decoded to its
# last pixel. Its first bytes alone prove nothing: "%PDF-" or a PNG signature can be
# followed by a web page, and every zip starts as a .docx does.

DOCUMENT_KINDS = {
    ".pdf": "a PDF",
    ".docx": "a Word document",
    ".xlsx": "an Excel workbook",
    ".png": "a PNG image",
    ".jpg": "a JPEG image",
    ".jpeg": "a JPEG image",
}
DOCUMENT_MAX_BYTES = 10 * MB
# Far more than a scanned page or a phone's photograph (12 megapixels) holds; Pillow's
# own warning comes at 89 million.
MAX_IMAGE_PIXELS = 40_000_000
_IMAGE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
# The kinds as a list of what to upload instead, in this order.
_LISTED = (
    ((".pdf",), "a PDF"),
    ((".docx",), "a Word document (.docx)"),
    ((".xlsx",), "an Excel workbook (.xlsx)"),
    ((".png", ".jpg", ".jpeg"), "an image"),
)


def check_document(uploaded, *, accepted: Iterable[str], max_bytes: int = DOCUMENT_MAX_BYTES):
    """Raise ``ValidationError``, naming the file and what is wrong with it, unless
    ``uploaded`` is one of the ``accepted`` kinds (suffixes from ``DOCUMENT_KINDS``), no
    larger than ``max_bytes``, and opens as what its name says. Reads the file and puts
    it back at its start, for the caller to store."""
    accepted = tuple(suffix.lower() for suffix in accepted)
    name = PurePath(uploaded.name or "").name or "The file"
    suffix = PurePath(name).suffix.lower()
    if suffix not in accepted:
        shown = f"{suffix} files are" if suffix else "files without a type are"
        raise ValidationError(
            f"{name}: {shown} not accepted; upload {_listing(accepted)}.", code="document_type"
        )
    size = uploaded.size
    if size is not None and size > max_bytes:
        raise ValidationError(_too_big(name, size, max_bytes), code="document_size")
    uploaded.seek(0)
    data = uploaded.read(max_bytes + 1)
    uploaded.seek(0)
    if len(data) > max_bytes:
        raise ValidationError(_too_big(name, len(data), max_bytes), code="document_size")
    if not data:
        raise ValidationError(f"{name} is empty.", code="document_empty")
    try:
        if suffix == ".pdf":
            _check_pdf(data)
        elif suffix in OFFICE_MAIN_TYPES:
            _check_office(data, suffix)
        else:
            _check_image(data, suffix)
    except _NotIt:
        raise ValidationError(
            f"{name} is not {DOCUMENT_KINDS[suffix]}: it could not be opened as one.",
            code="document_content",
        ) from None
    except _Bomb:
        raise ValidationError(
            f"{name} unpacks to far more than a document could hold (it may be a 'zip "
            "bomb'), so it was not opened.",
            code="document_bomb",
        ) from None
    except _Refused as refusal:
        raise ValidationError(f"{name} {refusal}.", code="document_refused") from None


@deconstructible
class DocumentValidator:
    """``check_document`` as a model field's validator, so every form that stores the
    field (the admin site's included) refuses what the services refuse. A file already
    stored is not read back: it was checked when it arrived."""

    def __init__(self, accepted: Iterable[str], max_bytes: int = DOCUMENT_MAX_BYTES):
        self.accepted = tuple(accepted)
        self.max_bytes = max_bytes
        unknown = set(self.accepted) - DOCUMENT_KINDS.keys()
        if unknown:
            raise ValueError(f"No check for {', '.join(sorted(unknown))} documents.")

    def __call__(self, value) -> None:
        if getattr(value, "_committed", False):
            return
        check_document(value, accepted=self.accepted, max_bytes=self.max_bytes)

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, DocumentValidator)
            and self.accepted == other.accepted
            and self.max_bytes == other.max_bytes
        )


def _listing(accepted: tuple[str, ...]) -> str:
    kinds = []
    for suffixes, kind in _LISTED:
        present = [suffix for suffix in suffixes if suffix in accepted and suffix != ".jpeg"]
        if present and kind == "an image":
            kinds.append(f"{kind} ({', '.join(present)})")
        elif present:
            kinds.append(kind)
    return kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} or {kinds[-1]}"


def _too_big(name: str, size: int, limit: int) -> str:
    return f"{name} is {size / MB:.1f} MB; files up to {limit / MB:.2g} MB are accepted."


def _check_pdf(data: bytes) -> None:
    """Parsed with pypdf to its page tree, leniently (real PDFs from scanners and older
    software often carry small faults that every reader forgives); refused if it cannot
    be, needs a password, has no page, or would run something or carry files of its own
    when opened (JavaScript, a launch action, attachments)."""
    if not data.startswith(b"%PDF-"):
        raise _NotIt
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # a PDF restricted but not locked opens so
            except Exception:
                opened = False
            if not opened:
                raise _Refused(_ENCRYPTED_MESSAGE)
        pages = len(reader.pages)
        catalog = reader.trailer["/Root"].get_object()
        names = catalog.get("/Names")
        names = names.get_object() if names is not None else {}
        action = catalog.get("/OpenAction")
        action = action.get_object() if action is not None else None
        runs = (
            "/JavaScript" in names
            or "/EmbeddedFiles" in names
            or "/AA" in catalog
            or (hasattr(action, "get") and action.get("/S") in ("/JavaScript", "/Launch"))
        )
    except _Refused:
        raise
    except Exception:  # Whatever a malformed PDF raises, the answer is the same.
        raise _NotIt from None
    if runs:
        raise _Refused(
            "holds JavaScript or attached files, so it was not accepted: print it to a new "
            "PDF and upload that"
        )
    if pages < 1:
        raise _Refused("has no pages")


def _check_image(data: bytes, suffix: str) -> None:
    """Decoded with Pillow as the format its name says: its structure and checksums
    (``verify``), then every pixel (``load``), since ``verify`` alone passes an image cut
    short."""
    formats = [_IMAGE_FORMATS[suffix]]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=formats) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise _Refused(
                        f"is {width} x {height} pixels, more than a document needs: scale it "
                        "down and upload it again"
                    )
                image.verify()
            with Image.open(io.BytesIO(data), formats=formats) as image:
                image.load()
    except _Refused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _Bomb from None
    except Exception:  # Whatever a malformed image raises, the answer is the same.
        raise _NotIt from None
