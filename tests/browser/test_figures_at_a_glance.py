"""The pages people scan: a school's data page with its heat map, as the CEO and as the
school's head, and its finance page with the monthly chart, as the CFO; each passes axe
and fits a laptop's and a tablet's width (``assert_accessible``)."""

import re

from playwright.sync_api import expect

from schools.models import Collection, School
from tests.browser.conftest import assert_accessible, login


def _data_page(page, live, email):
    collection = Collection.objects.order_by("-term__starts_on").first()
    glen_hills = School.objects.get(name="Glen Hills")
    login(page, live, email)
    page.goto(f"{live.url}/data/collections/{collection.pk}/schools/{glen_hills.pk}/")
    heat = page.get_by_role("table", name="On track for age-related expectations: all pupils")
    expect(heat).to_be_visible()
    expect(heat.get_by_role("row", name="Year 1")).to_contain_text("Last term")
    # Every group opens without script; a closed one is read when opened.
    page.get_by_text("Disadvantaged (Pupil Premium)", exact=True).click()
    expect(
        page.get_by_role("table", name="On track for greater depth: disadvantaged (pupil premium)")
    ).to_be_visible()
    assert_accessible(page)


def test_the_ceo_reads_a_schools_data_page(page, live):
    _data_page(page, live, "ceo@example.org")


def test_the_head_reads_their_schools_data_page(page, live):
    _data_page(page, live, "head.glenhills@example.org")


def test_the_cfo_reads_a_schools_monthly_spending(page, live):
    glen_hills = School.objects.get(name="Glen Hills")
    login(page, live, "cfo@example.org")
    page.goto(f"{live.url}/finance/schools/{glen_hills.pk}/")
    chart = page.get_by_role("img", name="Spending each month")
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("aria-label", re.compile("Sep: budget £"))
    page.get_by_text("The chart's figures as a table").click()
    expect(page.locator("#spending tbody tr")).to_have_count(12)
    assert_accessible(page)
