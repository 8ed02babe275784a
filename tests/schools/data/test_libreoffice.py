"""The termly template after a round trip through a real spreadsheet program: LibreOffice
opens it and saves it again, as people do, and the file uploads with the same figures.

Where LibreOffice is not installed these skip and say why; in CI (``CI=true``) a missing
LibreOffice fails the run instead (``.ci/run`` installs it)."""

import os
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from schools.data.measures import SUMMER
from schools.data.upload import read_upload, template_csv, template_xlsx, validate
from tests.schools.data.test_upload import filled

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# LibreOffice's CSV filter options: separator 44 (,), quote 34 ("), then the character set:
# 76 is UTF-8, 1 is Windows-1252.
UTF8, WINDOWS_1252 = "44,34,76", "44,34,1"


@pytest.fixture
def round_trip(tmp_path):
    if SOFFICE is None:
        message = "no LibreOffice (apt-get install -y libreoffice-calc-nogui)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(f"LibreOffice test skipped: {message}")

    def convert(name: str, body: bytes, *, to: str, read_as: str = "") -> bytes:
        source = tmp_path / "in" / name
        source.parent.mkdir(exist_ok=True)
        source.write_bytes(body)
        out = tmp_path / "out"
        command = [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            *([f"--infilter=CSV:{read_as}"] if read_as else []),
            "--convert-to",
            to,
            "--outdir",
            str(out),
            str(source),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        [saved] = out.iterdir()
        return saved.read_bytes()

    return convert


def uploads_as(name: str, body: bytes, figures):
    rows = read_upload(SimpleUploadedFile(name, body))
    assert validate(rows, phase="primary", season=SUMMER) == figures


def test_the_excel_template_saved_again_by_libreoffice_uploads(round_trip):
    figures = filled()
    body = round_trip(
        "figures.xlsx", template_xlsx(phase="primary", season=SUMMER, existing=figures), to="xlsx"
    )
    uploads_as("figures.xlsx", body, figures)


def test_the_csv_template_saved_again_by_libreoffice_uploads(round_trip):
    figures = filled()
    body = round_trip(
        "figures.csv", template_csv(phase="primary", season=SUMMER, existing=figures), to="csv"
    )
    uploads_as("figures.csv", body, figures)


def test_the_csv_template_misread_as_windows_1252_and_saved_as_utf8_uploads(round_trip):
    figures = filled()
    body = round_trip(
        "figures.csv",
        template_csv(phase="primary", season=SUMMER, existing=figures),
        to=f"csv:Text - txt - csv (StarCalc):{UTF8}",
        read_as=WINDOWS_1252,
    )
    assert body.startswith("\u00ef\u00bb\u00bfMeasure".encode())  # the mark, misread, is kept
    uploads_as("figures.csv", body, figures)


def test_the_excel_template_saved_as_a_windows_1252_csv_uploads(round_trip):
    figures = filled()
    body = round_trip(
        "figures.xlsx",
        template_xlsx(phase="primary", season=SUMMER, existing=figures),
        to=f"csv:Text - txt - csv (StarCalc):{WINDOWS_1252}",
    )
    uploads_as("figures.csv", body, figures)
