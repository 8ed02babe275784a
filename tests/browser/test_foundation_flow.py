import re

import pytest
from playwright.sync_api import expect

from schools.models import School
from tests.browser.conftest import assert_accessible, assert_fits, login


def test_headteacher_sees_own_school_and_cannot_reach_another(page, live):
    login(page, live, "head.glenhills@example.org")
    expect(page.get_by_role("heading", name=re.compile("Welcome"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Schools", exact=True).click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Glen Hills")
    expect(rows.first).to_contain_text("Good 2024")
    assert_accessible(page)
    page.get_by_role("link", name="Glen Hills", exact=True).click()
    expect(page.get_by_role("heading", name="Glen Hills", level=1)).to_be_visible()
    assert_accessible(page)
    other = School.objects.get(name="Foxton")
    response = page.goto(f"{live.url}/schools/{other.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    assert "Foxton" not in page.content()


def test_ceo_sees_all_fifteen_schools_with_results(page, live):
    login(page, live, "ceo@example.org")
    page.get_by_role("link", name="Schools", exact=True).click()
    expect(page.locator("tbody tr")).to_have_count(15)
    newcroft = page.locator("tbody tr", has_text="Newcroft")
    expect(newcroft).to_contain_text("Outstanding 2025")
    expect(newcroft).to_contain_text("Outstanding 2024")
    assert_accessible(page)
    page.get_by_label("Hub").select_option(label="North Leicestershire")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tbody tr")).to_have_count(8)
    page.screenshot(path="test-results/ceo-schools.png", full_page=True)


def test_bad_login_gives_a_clear_message(page, live):
    login(page, live, "ceo@example.org", password="not-the-password")
    expect(page.get_by_role("alert")).to_contain_text(
        "Please enter a correct e-mail address and password"
    )
    assert_accessible(page)


def test_ceo_edits_a_school_and_bad_value_is_explained(page, live):
    login(page, live, "ceo@example.org")
    school = School.objects.get(name="Thornton")
    page.goto(f"{live.url}/schools/{school.pk}/edit/")
    assert_accessible(page)
    page.get_by_label("URN").fill("12ab")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("A URN is six digits")).to_be_visible()
    page.get_by_label("URN").fill("120456")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Thornton was updated.")
    expect(page.get_by_text("120456")).to_be_visible()


def test_pages_work_on_a_tablet(browser, live):
    context = browser.new_context(viewport={"width": 768, "height": 1024}, reduced_motion="reduce")
    page = context.new_page()
    login(page, live, "dop@example.org")
    # On a tablet the navigation folds behind its menu button.
    page.get_by_role("button", name="Show navigation").click()
    expect(page.locator("#nav-main.show")).to_be_visible()
    calendar = page.get_by_role("link", name="Calendar", exact=True)
    expect(calendar).to_be_visible()
    with page.expect_navigation(url="**/calendar/"):
        calendar.click()
    expect(page.get_by_role("heading", name="Academic calendar")).to_be_visible()
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 768, "the page scrolls sideways on a tablet"
    context.close()


@pytest.mark.parametrize("width", [768, 820])
def test_the_dashboard_fits_a_tablet(browser, live, width):
    """On a tablet the dashboard is a card per school, and the page never scrolls sideways
    (its visually hidden labels once escaped a scrolling box and widened the page)."""
    context = browser.new_context(
        viewport={"width": width, "height": 1024}, reduced_motion="reduce"
    )
    page = context.new_page()
    login(page, live, "trustee@example.org")
    expect(page.get_by_role("heading", name="Trust dashboard")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_the_accessibility_check_can_fail(page, live):
    page.set_content('<html lang="en"><body><main><img src="x.png"></main></body></html>')
    try:
        assert_accessible(page)
    except AssertionError as exc:
        assert "image-alt" in str(exc)
    else:
        raise AssertionError("axe-core did not report an image without alt text")


def test_the_no_overflow_check_can_fail(page, live):
    page.set_content(
        '<html lang="en"><body><main><div style="width: 1000px">wide</div></main></body></html>'
    )
    assert_fits(page, sizes=[(1366, 768)])  # fits a laptop
    try:
        assert_fits(page)
    except AssertionError as exc:
        assert "scrolls sideways at 820 px" in str(exc) and "div" in str(exc)
    else:
        raise AssertionError("a 1000 px box on an 820 px screen was not reported")


def test_a_governor_chooses_the_weekly_digest_from_the_account_menu(page, live):
    from schools.models import NotifyBy, User

    login(page, live, "governor.fairfield@example.org")
    page.get_by_role("button", name="Account").click()
    page.get_by_role("link", name="Notifications").click()
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile("A weekly digest")).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("you will have a weekly digest")).to_be_visible()
    assert_accessible(page)
    governor = User.objects.get(email="governor.fairfield@example.org")
    assert governor.notify_by == NotifyBy.WEEKLY
