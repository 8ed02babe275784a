"""Every role's main pages, as they read them on a laptop (1366 px) and on a tablet
(820 px): each page in their menu, their home and one of their schools' pages fits the
width without scrolling sideways, and axe finds nothing serious at either width. The
dashboard's columns are all on screen, not in a box that scrolls."""

import pytest
from playwright.sync_api import expect

from .conftest import SIZES, assert_fits, login, visit

ROLES = {
    "ceo": "ceo@example.org",
    "head": "head.glenhills@example.org",
    "governor": "governor.fairfield@example.org",
    "trustee": "trustee@example.org",
    "reviewer": "reviewer@example.org",
    "cfo": "cfo@example.org",
}


def _menu(page) -> list[str]:
    """The addresses in the person's main menu (the first is their home)."""
    hrefs = page.locator("#nav-main .navbar-nav.me-auto a.nav-link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return list(dict.fromkeys(hrefs))


@pytest.mark.parametrize("role", list(ROLES))
def test_every_main_page_fits_a_laptop_and_a_tablet(browser, live, role):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, reduced_motion="reduce")
    page = context.new_page()
    login(page, live, ROLES[role])
    pages = _menu(page)
    assert pages, f"{role} has no menu"
    visit(page, f"{live.url}/schools/")
    school = page.locator("main table a[href^='/schools/']").first
    if school.count():
        pages.append(school.get_attribute("href"))
    for path in pages:
        visit(page, f"{live.url}{path}", axe=True)
        expect(page.locator("h1").first).to_be_visible()
    context.close()


@pytest.mark.parametrize("width,height", SIZES)
def test_the_dashboard_shows_every_column_on_screen(browser, live, width, height):
    context = browser.new_context(
        viewport={"width": width, "height": height}, reduced_motion="reduce"
    )
    page = context.new_page()
    login(page, live, "ceo@example.org")
    assert_fits(page, sizes=[(width, height)])
    # Nothing of the schools' table lies beyond the screen or in a box that scrolls.
    hidden = page.evaluate(
        """() => [...document.querySelectorAll('#dashboard tbody tr > *')]
          .filter(cell => {
            const box = cell.getBoundingClientRect();
            return box.right > window.innerWidth || box.left < 0
              || cell.closest('.table-responsive');
          }).length"""
    )
    assert hidden == 0, f"{hidden} dashboard cells off screen at {width} px"
    expect(page.locator("#order-rule")).to_contain_text("Needs attention first")
    # The filters live in the address: the back button brings them back.
    page.get_by_label("Category", exact=True).select_option("3")
    page.get_by_label("Order", exact=True).select_option("name")
    with page.expect_navigation():
        page.get_by_role("button", name="Show", exact=True).click()
    assert "category=3" in page.url and "order=name" in page.url
    expect(page.locator("#dashboard tbody th")).to_have_count(1)
    visit(page, f"{live.url}/calendar/")
    page.go_back()
    expect(page.get_by_label("Category", exact=True)).to_have_value("3")
    expect(page.get_by_label("Order", exact=True)).to_have_value("name")
    context.close()
