"""A headteacher uploads the term's figures with three errors, sees all, fixes them and
submits; the DoP's dashboard then shows the school as submitted with its figures."""

import csv
import io
import re
from pathlib import Path

from playwright.sync_api import expect

from schools.data.measures import expected_rows
from schools.data.upload import template_rows
from schools.models import Collection, School, Submission
from tests.browser.conftest import assert_accessible, login


def _filled_csv(school, season, *, bad=False) -> bytes:
    rows = template_rows(phase=school.phase, season=season)
    for row in rows:
        measure, group = row["measure"], row["group"]
        if measure == "pupils_on_roll":
            row["value"] = 310
        elif measure in ("suspensions", "permanent_exclusions"):
            row["value"] = 0
        elif measure in ("pira_average", "puma_average"):
            row["pupils"], row["value"] = 44, 103
        else:
            row["pupils"] = 310 if row["year_group"] == 0 else (44 if group == "all" else 10)
            row["value"] = "3.1" if measure == "overall_absence" else 70
    if bad:
        rows[1]["value"] = "104"  # overall absence: not a percentage
        rows[2]["value"] = "n/a"  # persistent absence: text in a number cell
        rows[3]["value"] = "=1+1"  # a formula: reported with the others, not instead
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_head_uploads_fixes_and_submits_and_the_dop_sees_it(page, live):
    collection = Collection.objects.order_by("-term__starts_on").first()
    glen_hills = School.objects.get(name="Glen Hills")
    Submission.objects.filter(collection=collection, school=glen_hills).delete()
    assert len(expected_rows(season=collection.season, phase=glen_hills.phase)) > 100

    login(page, live, "head.glenhills@example.org")
    page.get_by_role("link", name="Termly data").click()
    page.get_by_role("link", name="Glen Hills", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Glen Hills")
    expect(page.get_by_text("Never enter pupil names")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (.xlsx)").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    upload = {"name": "glen-hills.csv", "mimeType": "text/csv"}
    page.get_by_label("CSV or Excel file").set_input_files(
        {**upload, "buffer": _filled_csv(glen_hills, collection.season, bad=True)}
    )
    page.get_by_role("button", name="Upload and check").click()
    problems = page.locator("#problems")
    expect(problems).to_contain_text("Nothing was saved: 3 problems to fix.")
    expect(problems).to_contain_text("Row 3")
    expect(problems).to_contain_text("Row 4")
    expect(problems).to_contain_text("Row 5, column value: Formulas are not accepted")
    expect(problems).to_be_focused()  # a keyboard or screen-reader user lands on the list
    assert_accessible(page)

    page.get_by_label("CSV or Excel file").set_input_files(
        {**upload, "buffer": _filled_csv(glen_hills, collection.season)}
    )
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("status")).to_contain_text("saved as a draft")
    page.get_by_role("button", name=re.compile("Submit Glen Hills")).click()
    expect(page.get_by_role("status")).to_contain_text("Glen Hills's figures were submitted.")
    page.get_by_role("button", name="Account").click()
    page.get_by_role("button", name="Sign out").click()

    login(page, live, "dop@example.org")
    row = page.locator("#dashboard").get_by_role("row", name=re.compile("^Glen Hills"))
    expect(row).to_contain_text("Submitted")
    expect(row).to_contain_text("3.1%")
    assert_accessible(page)


def test_trustee_opens_the_kpi_report_and_downloads_its_pdf(page, live):
    login(page, live, "trustee@example.org")
    page.get_by_role("link", name="KPI report", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trustees' KPI report")
    expect(page.locator(".kpi-report")).to_contain_text("96% baseline, 97% aspiration")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator("#dashboard")).to_be_visible()
    assert_accessible(page)


def test_a_head_sees_where_their_school_ranks(page, live):
    login(page, live, "head.glenhills@example.org")
    page.goto(f"{live.url}/data/benchmarking/?measure=overall_absence")
    expect(page.locator("#ranking")).to_contain_text("Glen Hills")
    assert_accessible(page)
    page.goto(f"{live.url}/schools/{School.objects.get(name='Glen Hills').pk}/")
    expect(page.get_by_role("heading", name="Trends")).to_be_visible()
    assert_accessible(page)
