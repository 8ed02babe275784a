"""The CEO enters a school into Schools Causing Concern and escalates it from level 1 to 2
through the UI; a move without its steps is refused first."""

import re

from playwright.sync_api import expect

from tests import files
from tests.browser.conftest import assert_accessible, login


def test_ceo_escalates_a_school_from_level_1_to_2(page, live):
    login(page, live, "ceo@example.org")
    page.get_by_role("link", name="SCC", exact=True).click()
    expect(page.locator("#scc-list")).to_contain_text("Foxton")
    assert_accessible(page)
    page.get_by_role("link", name="Enter a school into SCC").click()
    page.get_by_label("School").select_option(label="Fairfield")
    page.get_by_label("Trigger").select_option("trust_concern")
    page.get_by_label("Reason").fill("Safeguarding records incomplete at the autumn audit.")
    assert_accessible(page)
    page.get_by_role("button", name="Enter the school at level 1").click()
    expect(page.get_by_role("status")).to_contain_text("Fairfield entered Schools Causing Concern")
    expect(page.locator("#level")).to_have_text("Level 1")

    page.get_by_label("Insufficient progress").check()
    page.get_by_role("button", name="Record the review").click()
    expect(
        page.get_by_text(re.compile("Moving Fairfield to level 2 needs these steps"))
    ).to_be_visible()
    expect(page.locator("#level")).to_have_text("Level 1")

    page.get_by_label("Insufficient progress").check()
    page.get_by_label("Notes").fill("Records still incomplete at the follow-up visit.")
    for step in ("Causes identified and discussed", "Individual School Action Plan amended"):
        group = page.get_by_role("group", name=re.compile(step))
        group.get_by_label("Who").fill("Demo CEO")
        group.get_by_label("When").fill("2026-11-20")
        group.get_by_label("Evidence").fill("Discussed with the head; minute on file.")
    group.get_by_label("Letter or minute").set_input_files(
        {"name": "minute.pdf", "mimeType": "application/pdf", "buffer": files.pdf()}
    )
    assert_accessible(page)
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("status")).to_contain_text("Fairfield is now at level 2.")
    expect(page.locator("#level")).to_have_text("Level 2")
    expect(page.locator("#scc-timeline")).to_contain_text("level 1 → 2")
    expect(page.locator("#scc-timeline")).to_contain_text("(document attached)")
    assert_accessible(page)
