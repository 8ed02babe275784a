"""Hostile uploads, through the pages people use (termly data, finance import): every one
is refused with a clear message and saves nothing. tests/schools/data/test_upload.py covers the
reader's ordinary refusals (size, text that is not text, declared zip bombs, formulas); these
add forged zips, XML entity bombs, other kinds of file and binary junk."""

import io
import struct
import zipfile
import zlib

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from schools.data.measures import AUTUMN
from schools.data.upload import read_upload, template_xlsx
from schools.models import Collection
from symphony.uploads import (
    NOT_UTF8_MESSAGE,
    NOT_WORKBOOK_MESSAGE,
    ZIP_BOMB_MESSAGE,
    Problem,
    UploadRejected,
)
from tests import files
from tests.security.test_csrf_and_get import database_state

MB = 1024 * 1024
# Rows a refused upload may add: the audit trail records the attempt.
AUDIT = {"schools.AuditEvent"}


def refused(name, body) -> list[Problem]:
    with pytest.raises(UploadRejected) as caught:
        read_upload(SimpleUploadedFile(name, body))
    return caught.value.problems


def forged_zip(*, real_bytes: int, declared_bytes: int) -> bytes:
    """A zip whose one member inflates to ``real_bytes`` but whose headers say
    ``declared_bytes``: what a bomb built to pass a size check looks like."""
    payload = bytes(real_bytes)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    deflated = compressor.compress(payload) + compressor.flush()
    name = b"xl/worksheets/sheet1.xml"
    crc = zlib.crc32(payload)
    local = (
        struct.pack(
            "<4sHHHHHIIIHH",
            b"PK\x03\x04",
            20,
            0,
            8,
            0,
            0,
            crc,
            len(deflated),
            declared_bytes,
            len(name),
            0,
        )
        + name
    )
    central = (
        struct.pack(
            "<4sHHHHHHIIIHHHHHII",
            b"PK\x01\x02",
            20,
            20,
            0,
            8,
            0,
            0,
            crc,
            len(deflated),
            declared_bytes,
            len(name),
            0,
            0,
            0,
            0,
            0,
            0,
        )
        + name
    )
    body = local + deflated
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(central), len(body), 0)
    return body + central + end


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_a_zip_that_lies_about_its_size_is_measured_by_what_it_inflates_to(settings):
    settings.SYMPHONY_UPLOAD_MAX_UNCOMPRESSED_BYTES = 1 * MB
    bomb = forged_zip(real_bytes=3 * MB, declared_bytes=200 * 1024)
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:  # the directory passes a size check
        assert sum(m.file_size for m in archive.infolist()) < 1 * MB
    assert len(bomb) < 10 * 1024
    assert refused("figures.xlsx", bomb) == [Problem(None, None, ZIP_BOMB_MESSAGE)]


def test_the_default_cap_is_twenty_megabytes():
    bomb = forged_zip(real_bytes=21 * MB, declared_bytes=300 * 1024)
    assert refused("figures.xlsx", bomb) == [Problem(None, None, ZIP_BOMB_MESSAGE)]


def test_an_honest_zip_under_the_cap_is_not_taken_for_a_bomb(settings):
    settings.SYMPHONY_UPLOAD_MAX_UNCOMPRESSED_BYTES = 1 * MB
    body = template_xlsx(phase="primary", season=AUTUMN)
    assert read_upload(SimpleUploadedFile("figures.xlsx", body))


def test_an_xml_entity_bomb_in_a_workbook_is_refused():
    workbook = io.BytesIO(template_xlsx(phase="primary", season=AUTUMN))
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
        + "]>"
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(workbook) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                if text.startswith("<?xml"):
                    text = text.split("?>", 1)[1]
                content = (laughs + text).encode()
                content = content.replace(b"<v>", b"<v>&lol9;", 1)
            target.writestr(item, content)
    assert refused("figures.xlsx", out.getvalue()) == [Problem(None, None, NOT_WORKBOOK_MESSAGE)]


def _with_member(workbook: bytes, name: str, body: bytes) -> bytes:
    out = io.BytesIO(workbook)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, body)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "body", "why"),
    [
        (
            "xl/setup.exe",
            files.PROGRAM,
            "The file holds a program (setup.exe), so it was not accepted.",
        ),
        ("xl/media/image1.png", files.PROGRAM, "The file holds a program (image1.png)"),
        ("xl/vbaProject.bin", bytes(64), "The file holds macros or ActiveX controls"),
    ],
)
def test_a_workbook_that_carries_a_program_or_macros_is_refused(name, body, why):
    workbook = _with_member(template_xlsx(phase="primary", season=AUTUMN), name, body)
    (problem,) = refused("figures.xlsx", workbook)
    assert problem.message.startswith(why)


def test_a_word_document_named_xlsx_is_not_a_workbook():
    assert refused("figures.xlsx", files.docx()) == [Problem(None, None, NOT_WORKBOOK_MESSAGE)]


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200)
XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)


@pytest.mark.parametrize(
    ("name", "body", "kind"),
    [
        ("figures.xlsx", PDF, "a PDF document"),
        ("figures.csv", PDF, "a PDF document"),
        ("figures.xlsx", EXE, "a Windows program"),
        ("figures.csv", EXE, "a Windows program"),
        ("figures.xlsx", XLS, "an old-style Office file (.xls or .doc)"),
        ("figures.csv", b"\x89PNG\r\n\x1a\n" + bytes(100), "an image"),
    ],
)
def test_another_kind_of_file_renamed_is_named_for_what_it_is(name, body, kind):
    assert refused(name, body) == [
        Problem(
            None,
            None,
            f"The file is {kind}, not a spreadsheet: upload the template as a .csv or .xlsx file.",
        )
    ]


def test_a_csv_in_windows_1252_is_read_not_refused():
    body = "measure,year_group,subject,group,pupils,value\r\ncaf\xe9,,,all,,1\r\n"
    [row] = read_upload(SimpleUploadedFile("figures.csv", body.encode("cp1252")))
    assert row["measure"] == "caf\xe9"


@pytest.mark.parametrize(
    "body",
    [
        bytes(range(256)) * 8,
        b"measure,year_group\r\n\xff\xfe\x00\x00junk",
        "measure,year_group\r\n".encode("utf-16"),
    ],
    ids=["every byte", "nul bytes", "utf-16"],
)
def test_binary_junk_named_csv_is_refused(body):
    assert refused("figures.csv", body) == [Problem(None, None, NOT_UTF8_MESSAGE)]


def test_the_ordinary_template_is_still_read():
    assert read_upload(
        SimpleUploadedFile("figures.xlsx", template_xlsx(phase="primary", season=AUTUMN))
    )


# Through the pages: a clear message, status 422, nothing saved


HOSTILE = [
    ("bomb.xlsx", lambda: forged_zip(real_bytes=25 * MB, declared_bytes=300 * 1024)),
    ("report.xlsx", lambda: PDF),
    ("setup.csv", lambda: EXE),
    ("figures.csv", lambda: "measure\r\ncaf\xe9\r\n".encode("latin-1")),
    ("big.csv", lambda: b"measure\r\n" + b"1\r\n" * (MB + 1)),
]


@pytest.mark.parametrize(("name", "make"), HOSTILE, ids=[n for n, _ in HOSTILE])
def test_a_hostile_termly_upload_saves_nothing(client_for, school, name, make):
    collection = Collection.objects.order_by("-term__starts_on").first()
    glen_hills = school("Glen Hills")
    url = f"/data/collections/{collection.pk}/schools/{glen_hills.pk}/"
    client = client_for("head")
    before = database_state()
    response = client.post(url, {"action": "upload", "file": SimpleUploadedFile(name, make())})
    assert response.status_code == 422
    assert response.context["problems"]
    assert escape(str(response.context["problems"][0])) in response.content.decode()
    after = database_state()
    assert {k for k in before if before[k] != after[k]} <= AUDIT


def test_a_refused_upload_does_not_even_start_a_draft(client_for):
    from schools.models import School, Submission

    collection = Collection.objects.order_by("-term__starts_on").first()
    school = School.objects.exclude(submissions__collection=collection).first()
    assert school is not None
    response = client_for("ceo").post(
        f"/data/collections/{collection.pk}/schools/{school.pk}/",
        {"action": "upload", "file": SimpleUploadedFile("figures.csv", PDF)},
    )
    assert response.status_code == 422
    assert not Submission.objects.filter(collection=collection, school=school).exists()


@pytest.mark.parametrize(("name", "make"), HOSTILE, ids=[n for n, _ in HOSTILE])
def test_a_hostile_finance_import_saves_nothing(client_for, name, make):
    client = client_for("cfo")
    before = database_state()
    response = client.post("/finance/import/", {"file": SimpleUploadedFile(name, make())})
    assert response.status_code == 422
    assert response.context["problems"]
    after = database_state()
    assert {k for k in before if before[k] != after[k]} <= AUDIT
