"""Exports: a name or note a spreadsheet would run as a formula is shown as text in every
CSV and Excel file the portal writes (OWASP "CSV injection")."""

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest

from schools.models import Collection
from symphony.spreadsheets import safe_cell

ROOT = Path(__file__).resolve().parent.parent.parent
HOSTILE = '=HYPERLINK("http://x","click")'
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (HOSTILE, "'" + HOSTILE),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-5", "-5"),
        ("+4.5", "+4.5"),
        ("- 5", "'- 5"),
        ("-5 ", "'-5 "),
        ("Glen Hills", "Glen Hills"),
        (12, "12"),
        (-3.5, "-3.5"),
    ],
)
def test_safe_cell(value, shown):
    assert safe_cell(value) == shown


def unsafe(cell: str) -> bool:
    if not cell.startswith(DANGEROUS):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return cell.strip() != cell


def csv_cells(body: bytes) -> list[str]:
    return [c for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for c in row]


def xlsx_cells(body: bytes) -> list[str]:
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    cells = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"a formula in {sheet.title}!{cell.coordinate}"
                if cell.value is not None:
                    cells.append(str(cell.value))
    return cells


def cells_of(response) -> list[str]:
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "csv" in response["Content-Type"]:
        return csv_cells(body)
    return xlsx_cells(body)


@pytest.fixture
def hostile_names(demo, school):
    glen_hills = school("Glen Hills")
    glen_hills.name = HOSTILE
    glen_hills.save()
    from governance.models import Interest

    interest = Interest.objects.filter(ended_on__isnull=True).select_related("person").first()
    interest.person.full_name = HOSTILE
    interest.person.save()
    interest.nature = "@SUM(1+1)*cmd|' /C calc'!A0"
    interest.organisation = "\t=1+1"
    interest.save()
    return glen_hills


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_kpi_report(client_for, hostile_names, fmt):
    collection = Collection.objects.order_by("-term__starts_on").first()
    response = client_for("ceo").get(f"/data/kpi-report.{fmt}?collection={collection.pk}")
    cells = cells_of(response)
    assert "'" + HOSTILE in cells, "the school's name is in the report"
    assert not [c for c in cells if unsafe(c)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_kpi_packs_new_rows(client_for, hostile_names, fmt):
    """The school named below national, a board with a seat vacant and a significant risk,
    each with a name a spreadsheet would run."""
    from finance.models import Risk
    from governance.models import Body
    from schools.data.selectors import latest_summer
    from schools.models import Figure

    collection = Collection.objects.order_by("-term__starts_on").first()
    Figure.objects.filter(
        submission__collection=latest_summer(collection),
        submission__school=hostile_names,
        measure="ks2_rwm_expected",
        year_group=0,
        group="all",
    ).update(value=1)
    Body.objects.filter(name="Old Mill LGB").update(name="@SUM(1+1)")
    Risk.objects.filter(title="Turnover of Year 5 and 6 teachers").update(
        title="+cmd|' /C calc'!A0", owner="-2+3+cmd|' /C calc'!A0"
    )
    response = client_for("trustee").get(f"/data/kpi-report.{fmt}?collection={collection.pk}")
    rows = [
        r
        for r in (
            csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
            if fmt == "csv"
            else openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
                values_only=True
            )
        )
    ]
    below = [r for r in rows if r[0] == "Below national"]
    assert [r[1] for r in below] == ["'" + HOSTILE]
    assert any(r[0] == "Governance" and "@SUM(1+1)" in str(r[5]) for r in rows)
    risk = next(r for r in rows if r[0] == "Significant risk")
    assert (risk[1], risk[5]) == ("'+cmd|' /C calc'!A0", "Owner: -2+3+cmd|' /C calc'!A0")
    cells = cells_of(
        client_for("trustee").get(f"/data/kpi-report.{fmt}?collection={collection.pk}")
    )
    assert not [c for c in cells if unsafe(c)]


def test_the_register_of_interests(client_for, hostile_names):
    cells = cells_of(client_for("ceo").get("/governance/interests.csv"))
    assert "'" + HOSTILE in cells
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
    assert "'\t=1+1" in cells
    assert not [c for c in cells if unsafe(c)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_data_templates(client_for, hostile_names, fmt):
    collection = Collection.objects.order_by("-term__starts_on").first()
    url = f"/data/collections/{collection.pk}/schools/{hostile_names.pk}/template.{fmt}"
    cells = cells_of(client_for("head").get(url))
    assert cells
    assert not [c for c in cells if unsafe(c)]


def test_the_finance_import_template(client_for, hostile_names):
    cells = cells_of(client_for("cfo").get("/finance/import/template.csv"))
    assert "'" + HOSTILE in cells
    assert not [c for c in cells if unsafe(c)]


# Every export is one of the above: a new one must be added here (and use safe_cell).
KNOWN_EXPORTS = {
    "governance/views.py",  # register of interests (csv)
    "symphony/portal/report.py",  # KPI report (csv, xlsx)
    "symphony/portal/views.py",  # serves the KPI report
    "schools/data/views.py",  # serves the data templates
    "schools/data/upload.py",  # the data templates (csv, xlsx): fixed measure codes
    "finance/services.py",  # the finance import's template (csv): school names through safe_cell
    "finance/views.py",  # serves the finance import's template
    # The category letter (PDF, no cells): its user text is escaped, tested below and in
    # tests/categorisation/test_letters.py.
    "categorisation/letters.py",
}
WRITES_SPREADSHEETS = re.compile(
    r"csv\.writer|DictWriter|to_excel|to_csv|text/csv|spreadsheetml|Workbook\(\)"
)
APPS = ["symphony", "schools", "categorisation", "reviews", "governance", "finance"]


def test_every_export_is_known():
    found = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            if WRITES_SPREADSHEETS.search(path.read_text()):
                found.add(path.relative_to(ROOT).as_posix())
    # These name spreadsheet types without writing any: the download types the audit
    # records, and the content type of the workbooks the upload checks read.
    found -= {"schools/audit.py", "symphony/uploads.py"}
    assert found <= KNOWN_EXPORTS, f"new export(s) to test here: {found - KNOWN_EXPORTS}"


def test_the_category_letter_shows_user_text_as_text(demo, school):
    """The one PDF with free text the meeting types (notes, rationale): markup in it is
    escaped in the letter's HTML, so WeasyPrint draws it as text and fetches nothing."""
    from django.template.loader import render_to_string
    from django.utils import timezone

    from categorisation import letters, services
    from schools.models import User

    dop = User.objects.get(email="dop@example.org")
    meeting = services.hold_meeting(held_on=timezone.localdate(), attendees=[dop], by=dop)
    hostile = '<img src="http://example.com/x.png">' + HOSTILE
    assessment = services.decide_category(
        school=school("Glen Hills"),
        meeting=meeting,
        evidence={
            "performance": "positive",
            "qa_visits": "none",
            "partnership": "none",
            "external": "none",
            "external_note": hostile,
        },
        category=2,
        leadership_capacity="sufficient",
        rationale=hostile,
        by=dop,
    )
    html = render_to_string(
        "categorisation/letter.html", letters.letter_context(assessment, on=meeting.held_on)
    )
    assert "<img" not in html and "&lt;img src=&quot;http://example.com/x.png&quot;&gt;" in html
