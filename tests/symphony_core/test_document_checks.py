"""A document kept as a file (a letter, minutes, evidence) is opened as what its name says
it is and refused unless it opens as one (symphony.uploads.check_document): its first bytes
prove nothing. Real files from the programs people use pass; each hostile one is refused
with a message naming the file and what is wrong."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from symphony.pdf import render_pdf
from symphony.uploads import MAX_ZIP_MEMBERS, MB, DocumentValidator, check_document
from tests import files

EVERY_KIND = (".pdf", ".docx", ".xlsx", ".png", ".jpg", ".jpeg")


def refusal(name, body, *, accepted=EVERY_KIND, max_bytes=5 * MB) -> str:
    with pytest.raises(ValidationError) as caught:
        check_document(SimpleUploadedFile(name, body), accepted=accepted, max_bytes=max_bytes)
    (message,) = caught.value.messages
    return message


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("minutes.pdf", files.pdf),
        ("three-pages.pdf", lambda: files.pdf(pages=3)),
        ("letter.pdf", lambda: render_pdf("<h1>Letter to the LGB</h1><p>Concerns.</p>")),
        ("minutes.docx", files.docx),
        ("actions.xlsx", files.xlsx),
        ("photo.png", files.png),
        ("scan.jpg", files.jpeg),
        ("scan.JPEG", files.jpeg),
    ],
)
def test_real_documents_are_accepted_and_left_to_be_stored(name, build):
    upload = SimpleUploadedFile(name, build())
    check_document(upload, accepted=EVERY_KIND)
    assert upload.tell() == 0  # the caller stores it from its start


# The three files the first-bytes check let through.


def test_a_zip_holding_a_program_is_not_a_word_document():
    assert refusal("minutes.docx", files.program_zip()) == (
        "minutes.docx holds a program (invoice.exe), so it was not accepted."
    )


def test_a_pdf_header_followed_by_a_web_page_is_not_a_pdf():
    assert refusal("minutes.pdf", files.pdf_then_html()) == (
        "minutes.pdf is not a PDF: it could not be opened as one."
    )


def test_a_png_signature_followed_by_a_web_page_is_not_an_image():
    assert refusal("evidence.png", files.png_then_html()) == (
        "evidence.png is not a PNG image: it could not be opened as one."
    )


# Office files: the zip, then the package.


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (files.xlsx(), "is not a Word document: it could not be opened as one"),
        (files.zipped({"word/document.xml": b"<w:document/>"}), "could not be opened as one"),
        (b"PK\x03\x04 and nothing of a zip after it", "could not be opened as one"),
        (
            files.docx(main_type="application/vnd.ms-word.document.macroEnabled.main+xml"),
            "holds macros or ActiveX controls",
        ),
        (files.docx(extra={"word/vbaProject.bin": b"\x00" * 64}), "holds macros"),
        (
            files.docx(extra={"word/media/image1.png": files.PROGRAM}),
            "holds a program (image1.png)",
        ),
        (files.docx(extra={"../../startup/evil.xml": b"<x/>"}), "could not be opened as one"),
        (files.docx_bomb(), "it may be a 'zip bomb'"),
        (
            files.docx(extra={f"word/media/{n}.xml": b"<x/>" for n in range(MAX_ZIP_MEMBERS)}),
            "it may be a 'zip bomb'",
        ),
        (files.encrypted_zip(), "is protected by a password"),
        # Office saves a password-protected .docx as an OLE2 compound file.
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "is protected by a password"),
    ],
)
def test_a_word_document_is_its_package_with_nothing_that_runs(body, why):
    assert why in refusal("minutes.docx", body)


def test_a_word_document_whose_text_is_not_xml_is_refused():
    broken = files.docx(extra={"word/document.xml": b"<w:document><w:body>"})
    assert "could not be opened as one" in refusal("minutes.docx", broken)


# PDFs: parsed to their pages.


def _pdf(build) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    build(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (files.pdf(pages=0), "minutes.pdf has no pages."),
        (_pdf(lambda w: w.encrypt("secret")), "minutes.pdf is protected by a password"),
        (_pdf(lambda w: w.add_open_action(JavaScript("app.alert(1);"))), "holds JavaScript or"),
        (_pdf(lambda w: w.add_attachment("run.exe", files.PROGRAM)), "holds JavaScript"),
        (files.pdf()[: len(files.pdf()) // 3], "is not a PDF: it could not be opened as one"),
        (files.png(), "is not a PDF: it could not be opened as one"),
    ],
)
def test_a_pdf_must_parse_to_pages_and_run_nothing(body, why):
    assert why in refusal("minutes.pdf", body)


def test_a_pdf_restricted_but_not_locked_is_accepted():
    body = _pdf(lambda w: w.encrypt(user_password="", owner_password="owner"))
    check_document(SimpleUploadedFile("minutes.pdf", body), accepted=(".pdf",))


# Images: decoded to the last pixel.


def test_an_image_is_decoded_as_what_its_name_says():
    assert "is not a PNG image" in refusal("photo.png", files.jpeg())
    assert "is not a JPEG image" in refusal("photo.jpg", files.png())
    assert "is not a PNG image" in refusal("photo.png", files.png()[:-30])  # cut short


def test_an_image_too_large_to_decode_safely_is_refused():
    out = io.BytesIO()
    Image.new("1", (8000, 6000)).save(out, "PNG")  # 48 megapixels in a few kilobytes
    assert refusal("photo.png", out.getvalue()) == (
        "photo.png is 8000 x 6000 pixels, more than a document needs: scale it down and "
        "upload it again."
    )


# Everything else.


def test_anything_else_is_refused_by_name_first():
    assert refusal("minutes.doc", b"\xd0\xcf\x11\xe0", accepted=(".pdf", ".docx")) == (
        "minutes.doc: .doc files are not accepted; upload a PDF or a Word document (.docx)."
    )
    assert refusal("run.exe", files.PROGRAM, accepted=(".pdf", ".docx", ".png", ".jpg")) == (
        "run.exe: .exe files are not accepted; upload a PDF, a Word document (.docx) or an "
        "image (.png, .jpg)."
    )
    assert "files without a type are not accepted" in refusal("minutes", files.pdf())


def test_too_large_and_empty_files_are_refused():
    assert refusal("minutes.pdf", files.pdf() + bytes(MB), max_bytes=MB) == (
        "minutes.pdf is 1.0 MB; files up to 1 MB are accepted."
    )
    assert refusal("minutes.pdf", b"") == "minutes.pdf is empty."


def test_the_model_field_validator_checks_what_arrives_and_names_its_kinds():
    validator = DocumentValidator((".pdf", ".docx"))
    with pytest.raises(ValidationError, match="could not be opened"):
        validator(SimpleUploadedFile("minutes.pdf", files.pdf_then_html()))
    validator(SimpleUploadedFile("minutes.docx", files.docx()))
    with pytest.raises(ValueError, match=".doc documents"):
        DocumentValidator((".pdf", ".doc"))
