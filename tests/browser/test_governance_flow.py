"""A governor completes their skills self-assessment and sees their LGB's matrix."""

from playwright.sync_api import expect

from governance.models import Skill
from tests.browser.conftest import assert_accessible, login


def test_a_governor_completes_their_skills_audit(page, live):
    login(page, live, "governor.fairfield@example.org")
    page.get_by_role("link", name="Governance").click()
    expect(page.locator("#bodies")).to_contain_text("Fairfield LGB")
    assert_accessible(page)
    page.get_by_role("link", name="Your skills audit").click()
    assert_accessible(page)
    for skill in Skill.objects.all():
        page.get_by_role("group", name=skill.name).get_by_label("3: good, could lead").check()
    page.get_by_role("group", name="Estates and premises").get_by_label("1: none").check()
    page.get_by_role("button", name="Save my skills audit").click()
    expect(page.get_by_role("status")).to_contain_text("Your skills audit for")
    page.get_by_role("link", name="Fairfield LGB").click()
    matrix = page.locator("#matrix")
    expect(matrix.get_by_role("row", name="Demo Governor (Fairfield)")).not_to_contain_text(
        "not yet"
    )
    assert_accessible(page)
