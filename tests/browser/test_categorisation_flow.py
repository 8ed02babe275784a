"""The DoP holds a risk meeting, assesses three schools from their evidence panels (the
suggestion following the evidence as it is chosen; one decided against it with a rationale)
and sees the due list update; a headteacher reads their school's category."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login


def _assess(page, school, *, performance, qa, partnership, external):
    back = page.get_by_role("link", name="Back to the meeting")
    if back.count():  # a decision moves on to the next school: back to the meeting's list
        back.click()
    page.get_by_role("link", name=f"Assess {school}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(school)
    page.get_by_role("group", name=re.compile("Historic performance")).get_by_label(
        performance
    ).check()
    for group, value in (
        ("QA trust visits", qa),
        ("Partnership review", partnership),
        ("Other external reports", external),
    ):
        page.get_by_role("group", name=re.compile(group)).get_by_label(value).check()
    page.get_by_role("group", name=re.compile("Leadership capacity")).get_by_label(
        "Sufficient: secures"
    ).check()
    # The suggestion is live: no button to press (it serves pages without script).
    expect(page.get_by_role("button", name="Show the suggested category")).to_be_hidden()


def test_dop_holds_a_risk_meeting_and_the_due_list_updates(page, live):
    login(page, live, "dop@example.org")
    page.get_by_role("link", name="Categorisation", exact=True).click()
    expect(page.get_by_role("heading", name="Categorisation", level=1)).to_be_visible()
    assert_accessible(page)
    due_list = page.locator("#due-list")
    foxton_row = due_list.get_by_role("row", name=re.compile("^Foxton"))
    expect(foxton_row).to_contain_text("18 Dec 2026")

    page.get_by_role("link", name="Hold a risk meeting").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add the meeting").click()
    expect(page.get_by_role("status")).to_contain_text("risk meeting")
    assert_accessible(page)

    # 1. Foxton: the evidence suggests category 3 and the meeting agrees.
    _assess(
        page,
        "Foxton",
        performance="Variable",
        qa="Some issues",
        partnership="Minor issues",
        external="No issues",
    )
    suggestion = page.locator("#suggestion")
    expect(suggestion).to_contain_text("The evidence suggests Category 3")
    expect(suggestion).to_contain_text("historic performance (variable)")
    assert_accessible(page)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status")).to_contain_text("Foxton: category 3 recorded.")

    # 2. Thornton: suggested 3, decided 2; the rationale is required first.
    _assess(
        page,
        "Thornton",
        performance="Positive",
        qa="Minor issues",
        partnership="Some issues",
        external="No issues",
    )
    expect(page.locator("#suggestion")).to_contain_text("Category 3")
    page.get_by_label("2: stable and high performing").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("differs from the suggestion (category 3): record why")).to_be_visible()
    page.get_by_label("Rationale").fill("One new subject leader; support plan agreed in October.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status")).to_contain_text("Thornton: category 2 recorded")

    # 3. Thythorn Field, overdue since the summer: category 1.
    _assess(
        page,
        "Thythorn Field",
        performance="Positive",
        qa="No issues",
        partnership="No issues",
        external="No issues",
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status")).to_contain_text("Thythorn Field: category 1 recorded.")

    page.get_by_role("link", name="Back to the meeting").click()
    decisions = page.locator("#decisions")
    expect(decisions.get_by_role("row")).to_have_count(4)  # header and three schools
    expect(decisions.get_by_role("row", name=re.compile("^Thornton"))).to_contain_text("Override")
    assert_accessible(page)

    # The due list: assessed this term, so next due at the end of next term; nothing overdue.
    page.get_by_role("link", name="Categorisation", exact=True).first.click()
    expect(foxton_row).to_contain_text("26 Mar 2027")
    expect(due_list.get_by_role("row", name=re.compile("^Thythorn Field"))).not_to_contain_text(
        "Overdue"
    )
    expect(due_list.locator(".badge", has_text="Overdue")).to_have_count(0)

    # The school's timeline keeps the override and its rationale.
    due_list.get_by_role("link", name="Thornton").click()
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("One new subject leader")
    expect(timeline.locator("li").first).to_contain_text("from category 2")
    assert_accessible(page)


def test_a_head_reads_their_category_but_cannot_decide(page, live):
    login(page, live, "head.glenhills@example.org")
    page.get_by_role("link", name="Schools", exact=True).click()
    page.get_by_role("link", name="Glen Hills", exact=True).click()
    expect(page.get_by_role("heading", name="Symphony category")).to_be_visible()
    expect(page.get_by_text("Light-touch annual peer review")).to_be_visible()
    page.get_by_role("link", name="Category history").click()
    expect(page.locator("#timeline")).to_contain_text("Category 1")
    expect(page.get_by_role("link", name="Categorisation", exact=True)).to_have_count(0)
    assert_accessible(page)


def test_tablet_width_overview(page, live):
    page.set_viewport_size({"width": 768, "height": 1024})
    login(page, live, "ceo@example.org")
    page.goto(f"{live.url}/categorisation/")
    expect(page.get_by_role("heading", name="Capacity ratio")).to_be_visible()
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 768, "the page scrolls sideways on a tablet"


def test_the_suggestion_follows_the_evidence_as_it_is_chosen(page, live):
    login(page, live, "dop@example.org")
    page.get_by_role("link", name="Categorisation", exact=True).click()
    page.get_by_role("link", name="Hold a risk meeting").click()
    page.get_by_role("button", name="Add the meeting").click()
    page.get_by_role("link", name="Assess Thornton").click()
    # The evidence panels: figures beside national, the reviews with their issue levels,
    # the staffing issue the demo recorded.
    expect(page.locator("#performance-table")).to_contain_text("national")
    expect(page.locator("#qa-reviews")).to_contain_text("Minor issues")
    expect(page.locator("#school-issues")).to_contain_text("Long-term absence of a leader")
    suggestion = page.locator("#suggestion")
    for group, value in (
        ("Historic performance", "Positive"),
        ("QA trust visits", "No issues"),
        ("Partnership review", "No issues"),
        ("Other external reports", "No issues"),
    ):
        page.get_by_role("group", name=re.compile(group)).get_by_label(value).check()
    expect(suggestion).to_contain_text("The evidence suggests Category 1")
    expect(page.get_by_label("1: stable, high performing, able to offer support")).to_be_checked()
    # One criterion changes: the suggestion, the criterion that set it, and the decision.
    page.get_by_role("group", name=re.compile("Partnership review")).get_by_label(
        "Significant issues"
    ).check()
    expect(suggestion).to_contain_text("The evidence suggests Category 4")
    expect(suggestion).to_contain_text("set by partnership review (significant issues)")
    expect(suggestion.locator("tr.table-warning")).to_have_count(1)
    expect(page.get_by_label("4: high risk")).to_be_checked()
    expect(page.locator("#differs")).to_be_hidden()
    # The meeting decides otherwise: the page asks for the rationale.
    page.get_by_label("3: repairing, on a trajectory of improvement").check()
    expect(page.locator("#differs")).to_be_visible()
    assert_accessible(page)
