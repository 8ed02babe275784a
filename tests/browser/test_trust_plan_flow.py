"""The trust improvement plan in the browser: the DoP records this term's progress on a
priority the demo left open, and the page reads (and reflows) with its RAG words."""

from tests.browser.conftest import assert_accessible, login


def test_the_dop_records_a_priority_in_the_browser(page, live):
    login(page, live, "dop@example.org")
    page.goto(f"{live.url}/reviews/trust-plan/")
    assert_accessible(page)
    summary = page.locator("details summary").first
    summary.click()
    form = page.locator("details[open] form")
    form.get_by_label("Amber: at risk").check()
    form.get_by_label("Evidence").fill("Estates Lead appointed; Health & Safety Lead advertised.")
    with page.expect_navigation():
        form.get_by_role("button", name="Record progress").click()
    assert "progress recorded" in page.locator(".alert").first.inner_text()
    assert "Estates Lead appointed" in page.content()
    assert_accessible(page)
