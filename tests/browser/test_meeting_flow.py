"""The DoP holds a risk meeting school by school (School Improvement Strategy 2024-25, §5):
records who is present, reads each school's evidence on the meeting's list, goes through
three schools with the panels, moving from one to the next, decides one against the
suggestion with a rationale, and sends the letters; the head reads their school's letter."""

import re

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import assert_accessible, login


def _choose(page, *, performance, qa, partnership, external, capacity="Sufficient: secures"):
    page.get_by_role("group", name=re.compile("Historic performance")).get_by_label(
        performance
    ).check()
    for group, value in (
        ("QA trust visits", qa),
        ("Partnership review", partnership),
        ("Other external reports", external),
    ):
        page.get_by_role("group", name=re.compile(group)).get_by_label(value).check()
    page.get_by_role("group", name=re.compile("Leadership capacity")).get_by_label(capacity).check()


def test_dop_holds_a_meeting_school_by_school_and_sends_the_letters(page, live):
    login(page, live, "dop@example.org")
    page.get_by_role("link", name="Categorisation", exact=True).click()
    page.get_by_role("link", name="Hold a risk meeting").click()
    present = page.get_by_role("group", name=re.compile("Present"))
    present.get_by_label("Demo CEO").check()
    present.get_by_label("Demo CFO").check()
    page.get_by_role("button", name="Add the meeting").click()
    expect(page.get_by_role("status")).to_contain_text("risk meeting")

    # The meeting's page: who is present, every school with its evidence line by line.
    expect(page.locator("#present")).to_contain_text("Demo CEO")
    expect(page.locator("#present")).to_contain_text("Demo CFO")
    expect(page.locator("#present")).to_contain_text("Demo Director of Primaries")
    listed = page.locator("#to-assess > li")
    expect(listed).to_have_count(15)
    thornton = listed.filter(has_text="Thornton")
    expect(thornton).to_contain_text("Ofsted")
    expect(thornton).to_contain_text("open staffing or premises issue")
    expect(listed.filter(has_text="Foxton")).to_contain_text("SCC level")
    assert_accessible(page)

    # 1. The first school on the list: as the evidence suggests.
    page.get_by_role("link", name="Next school to assess: Ashby Hastings").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ashby Hastings")
    expect(page.locator("#meeting-nav")).to_contain_text("School 1 of 15")
    expect(page.get_by_role("link", name="Previous:")).to_have_count(0)
    expect(page.locator("#performance-table")).to_contain_text("national")
    _choose(
        page, performance="Positive", qa="No issues", partnership="No issues", external="No issues"
    )
    expect(page.locator("#suggestion")).to_contain_text("The evidence suggests Category 1")
    assert_accessible(page)
    page.get_by_role("button", name="Record the decision").click()

    # 2. On to the next: decided against the suggestion, with a rationale.
    expect(page.get_by_role("status")).to_contain_text("Ashby Hastings: category 1 recorded.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ashby Hill Top")
    expect(page.get_by_role("link", name="Previous: Ashby Hastings")).to_be_visible()
    _choose(
        page,
        performance="Positive",
        qa="Minor issues",
        partnership="Minor issues",
        external="No issues",
        capacity="Strong: secures",
    )
    expect(page.locator("#suggestion")).to_contain_text("The evidence suggests Category 2")
    page.get_by_label("1: stable, high performing, able to offer support").check()
    expect(page.locator("#differs")).to_be_visible()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("differs from the suggestion (category 2): record why")).to_be_visible()
    page.get_by_label("Rationale").fill(
        "Leads the trust's maths hub; the minor issues are <b>closed</b> since the review."
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status")).to_contain_text("Ashby Hill Top: category 1 recorded")

    # 3. The third school; then back to the meeting.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ashby Willesley")
    _choose(
        page,
        performance="Variable",
        qa="Some issues",
        partnership="Minor issues",
        external="No issues",
        capacity="Limited: needs",
    )
    expect(page.locator("#suggestion")).to_contain_text("The evidence suggests Category 3")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status")).to_contain_text("Ashby Willesley: category 3 recorded.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Donisthorpe")
    page.get_by_role("link", name="Back to the meeting").click()

    decisions = page.locator("#decisions")
    expect(decisions.get_by_role("row")).to_have_count(4)  # header and three schools
    expect(decisions.get_by_role("row", name=re.compile("^Ashby Hill Top"))).to_contain_text(
        "Override"
    )
    expect(listed.filter(has_text="Decided at this meeting")).to_have_count(3)
    expect(page.get_by_text("3 of 15 decided at this meeting")).to_be_visible()
    expect(page.get_by_role("link", name="Next school to assess: Donisthorpe")).to_be_visible()

    # The letters: one button for the meeting's decisions; pressing again sends none twice.
    expect(page.locator("#send-letters")).to_contain_text("3 decisions without a letter")
    page.get_by_role("button", name="Send letters").click()
    expect(page.get_by_role("status")).to_contain_text("3 letters sent")
    expect(page.get_by_role("button", name="Send letters")).to_be_disabled()
    expect(decisions.get_by_role("row", name=re.compile("^Ashby Hill Top"))).to_contain_text("Sent")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF of the letter to Ashby Hill Top").click()
    pdf = download.value
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf.path()).pages).split())
    assert "Ashby Hill Top: Symphony category 1" in text
    assert (
        "The meeting decided category 1 instead, for this reason: Leads the trust's maths hub"
        in text
    )
    assert "<b>closed</b>" in text  # the rationale as typed, not as markup
    assert "leadership capacity to ensure progress strong" in text
    assert "next by" in text


def test_the_head_reads_their_schools_letter(page, live):
    """The demo sent Glen Hills' letter after its re-assessment a week ago."""
    login(page, live, "head.glenhills@example.org")
    page.get_by_role("link", name="Schools", exact=True).click()
    page.get_by_role("link", name="Glen Hills", exact=True).click()
    page.get_by_role("link", name="Category history").click()
    letters = page.locator("#letters")
    expect(letters).to_contain_text("sent by Demo Director of Primaries")
    assert_accessible(page)
    with page.expect_download() as download:
        letters.get_by_role("link", name=re.compile("Download")).click()
    text = " ".join(
        "".join(p.extract_text() for p in PdfReader(download.value.path()).pages).split()
    )
    assert "Glen Hills: Symphony category" in text
