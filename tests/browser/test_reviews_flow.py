"""The DoP plans a peer review, the school's head proposes its priorities and the DoP
agrees them; the team's judgements are recorded, moderated with a comment and published
after a confirmation page; the head accepts a proposed action; the PDF is downloaded."""

import io
import re
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from schools.models import Role, School, User
from tests.browser.conftest import assert_accessible, login


def test_dop_plans_records_publishes_and_downloads(page, live):
    login(page, live, "dop@example.org")
    page.get_by_role("link", name="Peer reviews", exact=True).click()
    expect(page.get_by_role("heading", name="Peer reviews", level=1)).to_be_visible()
    assert_accessible(page)

    # Plan: The Hall is in category 2, so the portal proposes a light-touch review; the
    # DoP chooses a full one, which needs a reason.
    page.get_by_role("link", name="Plan the peer review of The Hall").click()
    expect(page.get_by_role("note")).to_contain_text("in category 2")
    assert_accessible(page)
    page.get_by_label("Type of review").select_option(label="Full")
    page.get_by_role("button", name="Plan the review").click()
    expect(page.get_by_text("give the reason")).to_be_visible()
    page.get_by_label("Reason for the type").fill("First peer review since joining the trust.")
    page.get_by_role("button", name="Plan the review").click()
    expect(page.get_by_role("status")).to_contain_text("The peer review of The Hall is planned.")
    assert_accessible(page)

    page.get_by_role("link", name="Add a focus area").click()
    page.get_by_label("Focus area").select_option("phonics")
    assert_accessible(page)
    page.get_by_role("button", name="Add").click()

    # Reviewers come from other trust schools or the TDG.
    page.get_by_role("link", name="Add a reviewer").click()
    maths_lead = User.objects.get(email="tdg.maths@example.org")
    page.get_by_label("Reviewer", exact=False).and_(page.locator("select")).select_option(
        str(maths_lead.pk)
    )
    page.get_by_role("button", name="Add to the team").click()
    expect(page.get_by_role("status")).to_contain_text("joined the review team")

    # The school's head proposes the priorities; the DoP agrees them.
    review_url = page.url
    the_hall = School.objects.get(name="The Hall")
    head = User.objects.create_user(
        "head.thehall@example.org",
        "symphony-demo",
        full_name="Hallie Head",
        role=Role.HEADTEACHER,
    )
    head.schools.set([the_hall])
    page.context.clear_cookies()
    login(page, live, "head.thehall@example.org")
    page.get_by_role("link", name="Propose the priorities for your peer review").click()
    expect(page.get_by_role("heading", name="Propose the review's priorities")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Attendance", exact=True).check()
    page.get_by_label("The school's own priorities").fill("Reading for pleasure")
    page.get_by_role("button", name="Propose").click()
    expect(page.get_by_role("status")).to_contain_text("Your priorities were proposed")
    expect(page.get_by_role("heading", name="Reading for pleasure")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, live, "dop@example.org")
    page.get_by_role("link", name="Agree the priorities for the peer review of The Hall").click()
    assert page.url == review_url
    page.get_by_role("button", name="Priorities agreed with the school").click()
    expect(page.get_by_text("agreed by Demo Director of Primaries")).to_be_visible()
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_role("status")).to_contain_text("in progress")

    for n in range(3):  # phonics, attendance, reading for pleasure
        page.get_by_role("link", name=re.compile("Record findings")).nth(n).click()
        if n == 0:
            assert_accessible(page)
        page.get_by_label("Lesson observations").check()
        page.get_by_label("Strengths").fill("Phonics is taught with fidelity; pupils read daily.")
        if n == 0:
            page.get_by_label("Areas for development").fill("Extend catch-up to Year 2")
        page.get_by_label("Judgement").select_option(label="Good")
        page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Record the overall judgement").click()
    page.get_by_label("Overall judgement").select_option(label="Good")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("button", name="Submit the draft report").click()
    # Moderation needs a comment; publishing says first what it will do.
    page.get_by_label("Moderation comment (required)").fill("Judgements match the evidence.")
    page.get_by_role("button", name="Moderate the report").click()
    expect(page.get_by_role("status")).to_contain_text("moderated")
    page.get_by_role("link", name="Publish the review…").click()
    expect(page.get_by_role("heading", name="Send the report to")).to_be_visible()
    expect(page.get_by_text("The school's headteachers: Hallie Head")).to_be_visible()
    expect(page.get_by_text("Extend catch-up to Year 2")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publish the review").click()
    expect(page.get_by_role("status")).to_contain_text("published")
    assert_accessible(page)

    page.reload()
    expect(page.get_by_role("link", name="Download the PDF report").first).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF report").first.click()
    pdf = Path(download_info.value.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "The Hall" in text
    assert "Extend catch-up to Year 2" in text
    assert "Good" in text

    # The published outcome shows on the school page beside the Ofsted history.
    page.get_by_role("link", name="Schools", exact=True).click()
    page.get_by_role("link", name="The Hall", exact=True).click()
    expect(page.get_by_text(re.compile(r"Good 20\d\d")).last).to_be_visible()
    assert_accessible(page)

    # The head accepts the action the review proposed, with an owner and a deadline.
    page.context.clear_cookies()
    login(page, live, "head.thehall@example.org")
    page.get_by_role("link", name=re.compile("Accept 1 Core Plan action")).click()
    expect(page.get_by_role("heading", name="Accept the proposed action")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Or the owner's name").fill("Phonics lead")
    page.get_by_label("Deadline").fill("2027-03-31")
    page.get_by_role("button", name="Accept the action").click()
    expect(page.get_by_role("status")).to_contain_text("accepted into the Core Plan")
    expect(page.get_by_text("Phonics lead")).to_be_visible()


def test_head_reads_core_plan_and_adds_a_progress_note(page, live):
    login(page, live, "head.glenhills@example.org")
    page.get_by_role("link", name="Core Plans", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Glen Hills", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Core Plan"), level=1)).to_be_visible()
    assert_accessible(page)
    # The action, in the plan's list (the TDG support it serves links to it too, further down).
    page.get_by_role("link", name=re.compile("Embed the new mathematics")).first.click()
    assert_accessible(page)
    page.get_by_label("RAG status").select_option("green")
    page.get_by_label("Progress note").fill("Consistent in every Year 3 and 4 class.")
    page.get_by_role("button", name="Add the note").click()
    expect(page.get_by_role("status")).to_contain_text("The progress note was added.")
    expect(page.get_by_text("Consistent in every Year 3 and 4 class.")).to_be_visible()


def test_trust_wide_review_pages_are_accessible(page, live):
    login(page, live, "dop@example.org")
    page.goto(f"{live.url}/reviews/due/")
    expect(page.get_by_role("heading", name=re.compile("Reviews due"), level=1)).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="test-results/reviews-due.png", full_page=True)
    page.goto(f"{live.url}/core-plans/overdue/")
    expect(page.get_by_role("cell", name=re.compile("Raise attendance")).first).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live.url}/reviews/")
    # The demo has two published reviews (Thornton's and Ashby Willesley's): open Thornton's.
    page.get_by_role("row", name=re.compile("Thornton")).get_by_role(
        "link", name=re.compile(r"Light-touch: published|Full: published")
    ).click()
    expect(page.get_by_role("heading", name=re.compile("Peer review: Thornton"))).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="test-results/review-detail.png", full_page=True)
    page.get_by_role("link", name="View the report").click()
    expect(page.get_by_role("heading", name=re.compile("Thornton: peer review"))).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="test-results/review-report.png", full_page=True)
