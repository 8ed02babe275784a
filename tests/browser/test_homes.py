"""Each person's home, as they see it: signed in through the real pages, what needs them
from the demo trust is listed (each kind of item for their role), one link leads to the
place to act, and no page they visit scrolls sideways on a laptop or a tablet; axe finds
nothing serious."""

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, assert_fits, login

# Role: (demo account, the kinds of item its home lists from the demo trust).
HOMES = {
    "ceo": ("ceo@example.org", {"Category", "Schools Causing Concern", "Core Plan", "Termly data"}),
    "head": ("head.glenhills@example.org", {"Category", "Core Plan", "Peer review", "Governance"}),
    "governor": ("governor.fairfield@example.org", {"Governance"}),
    "reviewer": ("reviewer@example.org", {"Peer review"}),
    "trustee": ("trustee@example.org", {"Governance"}),
    "cfo": ("cfo@example.org", {"Governance", "Termly data"}),
}


@pytest.mark.parametrize("width", [1366, 820])
@pytest.mark.parametrize("role", list(HOMES))
def test_each_home_lists_what_needs_the_person_and_leads_to_it(browser, live, role, width):
    email, kinds = HOMES[role]
    context = browser.new_context(viewport={"width": width, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    login(page, live, email)
    work = page.locator("#work-heading").locator("xpath=..")
    expect(work).to_be_visible()
    assert_accessible(page)  # and it fits a laptop and a tablet (assert_fits)
    listed = set(page.locator(".work-list .badge.text-bg-light").all_inner_texts())
    assert kinds <= listed, f"{role}'s home lacks {kinds - listed}"
    links = page.locator(".work-list a")
    if kinds:
        first = links.first
        target = first.get_attribute("href")
        with page.expect_navigation():
            first.click()
        assert page.url.endswith(target)
        expect(page.locator("h1").first).to_be_visible()
        assert_fits(page)
    else:
        expect(page.get_by_text("Nothing needs you today.")).to_be_visible()
    context.close()
