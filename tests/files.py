"""Real files to upload in tests, built the way the programs people use build them, and
the hostile ones that only look like them from their first bytes."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from django.core.files.storage import default_storage
from PIL import Image
from pypdf import PdfWriter

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)  # A4 in points
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "navy").save(out, "PNG")
    return out.getvalue()


def jpeg(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, "JPEG")
    return out.getvalue()


def xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Minute", "Owner"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def docx(*, main_type: str = DOCX_TYPE, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal Word document as ECMA-376 lays one out (the parts Word itself needs)."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>'
            "</Types>"
        ).encode(),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            b"</Relationships>"
        ),
        "word/document.xml": (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body><w:p><w:r><w:t>Minutes of the meeting</w:t></w:r></w:p></w:body>"
            b"</w:document>"
        ),
        **(extra or {}),
    }
    return zipped(parts)


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            # A fixed timestamp: the same parts always make the same bytes, however
            # the clock's second falls between two builds.
            entry = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            archive.writestr(entry, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def stored_files(path=""):
    """Every file in the media storage (in memory in tests) under ``path``."""
    try:
        folders, names = default_storage.listdir(path)
    except FileNotFoundError:
        return set()
    inside = {f"{path}/{name}".lstrip("/") for name in names}
    for folder in folders:
        inside |= stored_files(f"{path}/{folder}".lstrip("/"))
    return inside


# --- Hostile files that pass a first-bytes check ------------------------------------------

PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(56) + b"This program cannot be run in DOS mode."


def program_zip() -> bytes:
    """A zip holding a Windows program: what a '.docx' from a phishing email is."""
    return zipped({"invoice.exe": PROGRAM})


def pdf_then_html() -> bytes:
    return b"%PDF-1.7\n" + HTML


def png_then_html() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + HTML


def docx_bomb() -> bytes:
    """A well-formed Word document padded with a member that inflates a thousandfold."""
    return docx(extra={"word/media/padding.xml": bytes(30 * 1024 * 1024)})


def encrypted_zip() -> bytes:
    """A Word document whose members are marked encrypted (the flag is all a reader sees
    before it asks for a password)."""
    data = bytearray(docx())
    at = 0
    while (at := data.find(b"PK\x03\x04", at)) >= 0:  # local headers: flags at +6
        data[at + 6] |= 0x1
        at += 4
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:  # central directory: flags at +8
        data[at + 8] |= 0x1
        at += 4
    return bytes(data)
