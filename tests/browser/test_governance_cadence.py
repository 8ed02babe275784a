"""The CEO finds the Finance and Audit Committee off its cadence on the bodies list and
reads which year it missed; a governor sees their own LGB keeping its cadence."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login


def test_the_ceo_finds_a_body_off_its_cadence(page, live):
    login(page, live, "ceo@example.org")
    page.goto(f"{live.url}/governance/")
    row = page.locator("#bodies").get_by_role("row", name="Finance and Audit Committee")
    expect(row).to_contain_text("Off its cadence")
    expect(row).to_contain_text("(up to 5)")
    assert_accessible(page)
    row.get_by_role("link", name="Finance and Audit Committee").click()
    expect(page.locator("#cadence")).to_contain_text("3 of 4 held")
    assert_accessible(page)


def test_a_governor_sees_their_lgb_on_its_cadence(page, live):
    login(page, live, "governor.fairfield@example.org")
    page.goto(f"{live.url}/governance/")
    row = page.locator("#bodies").get_by_role("row", name="Fairfield LGB")
    expect(row).to_contain_text("On its cadence")
    expect(page.locator("#bodies")).not_to_contain_text("Finance and Audit Committee")
    row.get_by_role("link", name="Fairfield LGB").click()
    expect(page.locator("#cadence")).to_contain_text("Met")
    assert_accessible(page)
