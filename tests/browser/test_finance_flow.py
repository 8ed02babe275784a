"""The CFO imports a month of actuals from the finance system and sees the KPIs change;
then allocates SCA to an estates project and is stopped from overspending it."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from finance.models import EstatesProject, MonthlyFigure
from schools.calendar import academic_start_year
from schools.models import AcademicYear
from tests.browser.conftest import assert_accessible, login


def _row(page, name):
    return page.locator("#finance tbody tr").filter(
        has=page.get_by_role("link", name=name, exact=True)
    )


def test_the_cfo_imports_actuals_and_sees_the_kpis_change(page, live, tmp_path):
    year = AcademicYear.objects.get(start_year=academic_start_year(timezone.localdate()))
    login(page, live, "cfo@example.org")
    page.get_by_role("link", name="Finance", exact=True).click()
    surplus = _row(page, "Glen Hills").locator("td").nth(2)
    before = surplus.inner_text()
    assert "Not met" not in before
    assert_accessible(page)

    # A bad export first: every problem listed, nothing saved.
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"school,year,month,heading,actual,forecast\nGlen Hills,{year.name},13,support_staff,abc,\n"
    )
    page.get_by_role("link", name="Import monthly figures").click()
    page.get_by_label("Finance system export (CSV or Excel)").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    problems = page.locator("#problems")
    expect(problems).to_contain_text("Nothing was saved")
    expect(problems).to_contain_text("month")
    expect(problems).to_contain_text("'abc' is not an amount of money")
    assert_accessible(page)

    # November's actual support-staff cost comes in far over budget.
    good = tmp_path / "november.csv"
    good.write_text(
        "school,year,month,heading,actual,forecast\n"
        f"Glen Hills,{year.name},Nov,support_staff,250000,\n"
    )
    page.get_by_label("Finance system export (CSV or Excel)").set_input_files(str(good))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("status")).to_contain_text("1 monthly figures were imported")
    assert (
        MonthlyFigure.objects.get(
            school__name="Glen Hills", academic_year=year, month=3, heading="support_staff"
        ).actual
        == 250000
    )
    surplus = _row(page, "Glen Hills").locator("td").nth(2)
    expect(surplus).to_contain_text("Not met")
    expect(surplus).not_to_have_text(before)
    expect(surplus).to_have_text(re.compile(r"^-\d"))


def test_the_cfo_allocates_sca_within_the_years_funding(page, live):
    project = EstatesProject.objects.get(title="Window replacement, hall")
    login(page, live, "cfo@example.org")
    page.goto(f"{live.url}/finance/estates/")
    expect(page.locator("#annual-return")).to_contain_text("£77,000")  # not yet allocated
    assert_accessible(page)
    page.get_by_role("link", name=project.title).click()
    page.get_by_label("SCA allocated (£)").fill("90000")
    page.get_by_role("button", name="Save allocation").click()
    expect(page.get_by_text("more than the project's cost estimate")).to_be_visible()
    page.get_by_label("SCA allocated (£)").fill("38000")
    page.get_by_label("Score under the assessment model").fill("60")
    page.get_by_role("button", name="Save allocation").click()
    expect(page.locator("#project")).to_contain_text("£38,000 from")
    assert_accessible(page)
    page.get_by_role("link", name="Estates and SCA").click()
    expect(page.locator("#annual-return")).to_contain_text("£39,000")
