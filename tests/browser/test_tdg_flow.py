"""The DoP reads the TDG deployments and records one (a refusal first); the Maths Lead
finds theirs on their home; every page accessible and fitting."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login


def test_dop_records_tdg_support_and_the_practitioner_sees_it(page, live):
    login(page, live, "dop@example.org")
    page.goto(f"{live}/tdg/")
    expect(page.get_by_role("heading", name="TDG deployments", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Glen Hills")).to_contain_text("4 days in")
    assert_accessible(page)

    page.get_by_role("link", name="Record TDG support").click()
    assert_accessible(page)
    page.locator("#id_school").select_option(label="Thornton")
    page.get_by_label("System leader").fill("A. Specialist")
    page.get_by_label("Specialism").select_option(label="SEN")
    page.locator("#id_days").fill("0")
    page.get_by_label("Starts on").fill("2026-12-01")
    page.get_by_label("Ends on").fill("2026-12-02")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_text("Days must be more than 0.")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_days").fill("2")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_role("status")).to_contain_text("The deployment was recorded.")
    expect(page.get_by_role("heading", name="Thornton")).to_be_visible()

    page.context.clear_cookies()
    login(page, live, "tdg.maths@example.org")
    expect(page.get_by_role("link", name="Maths support, 4 days")).to_be_visible()
    page.get_by_role("link", name="Maths support, 4 days").click()
    expect(page.get_by_role("cell", name="Glen Hills")).to_be_visible()
    assert_accessible(page)
