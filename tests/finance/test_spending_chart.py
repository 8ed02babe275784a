"""The finance page's monthly chart: budget, actuals and forecast from the figures made
here, read out in its label and its table; the central trust's top-slice is income; who
may open the page; and the chart's geometry (symphony.charts)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from finance import selectors
from finance.models import Heading
from schools.calendar import academic_start_year
from schools.models import AcademicYear, Hub
from symphony import charts
from tests.conftest import ROLES
from tests.factories import (
    AcademicYearFactory,
    BudgetLineFactory,
    MonthlyFigureFactory,
    SchoolFactory,
)

D = Decimal


@pytest.fixture
def year(demo):
    return AcademicYear.objects.get(start_year=academic_start_year(timezone.localdate()))


@pytest.fixture
def brook(year):
    """A school with a spending budget of £120,000 (£10,000 a month), two closed months and
    a third forecast."""
    school = SchoolFactory(name="Brook", hub=Hub.objects.first())
    for heading, amount in (
        (Heading.GRANT_INCOME, 150000),
        (Heading.TEACHING_STAFF, 96000),
        (Heading.CENTRAL_CHARGE, 24000),  # a school's top-slice is spending
    ):
        BudgetLineFactory(school=school, academic_year=year, heading=heading, amount=amount)
    for month, heading, actual, forecast in (
        (1, Heading.TEACHING_STAFF, 7000, None),
        (1, Heading.CENTRAL_CHARGE, 2000, None),
        (1, Heading.GRANT_INCOME, 12500, None),  # income: not spending
        (2, Heading.TEACHING_STAFF, 9500, None),
        (2, Heading.CENTRAL_CHARGE, None, 2000),  # not in yet: its forecast counts
        (3, Heading.TEACHING_STAFF, None, 8000),
        (3, Heading.CENTRAL_CHARGE, None, 2000),
    ):
        MonthlyFigureFactory(
            school=school,
            academic_year=year,
            month=month,
            heading=heading,
            actual=actual,
            forecast=forecast,
        )
    return school


def test_the_chart_draws_budget_actuals_and_forecast_from_the_months(client_for, brook):
    response = client_for("cfo").get(reverse("finance:school", args=[brook.pk]))
    months = response.context["months"]
    assert [m.label for m in months[:3]] == ["Sep", "Oct", "Nov"] and len(months) == 12
    assert [m.budget for m in months] == [D(10000)] * 12
    assert [m.actual for m in months[:4]] == [D(9000), D(11500), None, None]
    assert [m.forecast for m in months[:4]] == [None, None, D(10000), None]
    assert [m.to_date for m in months[:3]] == [D(9000), D(20500), D(30500)]
    assert months[2].budget_to_date == D(30000)
    page = response.content.decode()
    assert (
        'aria-label="Spending each month: Sep: budget £10.0k, actual £9.0k; '
        "Oct: budget £10.0k, actual £11.5k; Nov: budget £10.0k, forecast £10.0k; "
        "Dec: budget £10.0k;" in page
    )
    assert "<td>£11,500</td>" in page and "<td>£30,500</td>" in page  # the table
    lines = {line["key"]: line for line in _chart(response)["lines"]}
    assert [len(lines[k]["dots"]) for k in ("budget", "actual", "forecast")] == [12, 2, 1]


def _chart(response):
    from finance.templatetags.finance_tags import spending_chart

    return spending_chart(response.context["months"])["chart"]


def test_a_school_without_monthly_figures_has_no_chart(client_for, year):
    school = SchoolFactory(name="Quiet", hub=Hub.objects.first())
    BudgetLineFactory(school=school, academic_year=year, heading=Heading.TEACHING_STAFF)
    response = client_for("cfo").get(reverse("finance:school", args=[school.pk]))
    assert response.context["months"] == []
    assert "No monthly figures have been imported for this year yet." in response.content.decode()


def test_the_central_trusts_top_slice_is_income_not_spending(db):
    year = AcademicYearFactory(start_year=2040)
    MonthlyFigureFactory(school=None, academic_year=year, heading=Heading.CENTRAL_CHARGE)
    MonthlyFigureFactory(
        school=None, academic_year=year, heading=Heading.SUPPORT_STAFF, actual=D(4000)
    )
    budget = {Heading.CENTRAL_CHARGE: D(60000), Heading.SUPPORT_STAFF: D(48000)}
    central = selectors.monthly_spending(school=None, year=year, budget=budget, central=True)
    assert (central[0].actual, central[0].budget) == (D(4000), D(4000))
    assert selectors.monthly_spending(school=None, year=year, budget=budget)[0].actual == D(14000)


# anon, ceo, dop, cfo, head, exec_head, trustee, governor, reviewer
GLEN_HILLS = (302, 200, 200, 200, 200, 404, 200, 403, 403)


@pytest.mark.parametrize(("role", "status"), zip(ROLES, GLEN_HILLS, strict=True))
def test_who_reads_glen_hills_finance_page_and_its_chart(client_for, school, role, status):
    response = client_for(role).get(reverse("finance:school", args=[school("Glen Hills").pk]))
    assert response.status_code == status
    if status == 200:
        assert len(response.context["months"]) == 12
        assert 'id="spending-caption"' in response.content.decode()


def test_every_month_is_labelled_and_the_ticks_formatted():
    points = [{"label": f"M{i}", "a": i * 10, "b": None if i > 2 else 5} for i in range(1, 7)]
    chart = charts.line_chart(
        points, [("a", "#000", ""), ("b", "#111", "2 3")], every_label=True, tick_format=str
    )
    assert [label["text"] for label in chart["labels"]] == [f"M{i}" for i in range(1, 7)]
    assert [label["anchor"] for label in chart["labels"]][:2] == ["start", "middle"]
    assert all(isinstance(t["label"], str) and "." in t["label"] for t in chart["ticks"])
    default = charts.line_chart(points, [("a", "#000", "")])
    assert [label["text"] for label in default["labels"]] == ["M1", "M6"]


def test_read_out_names_each_series_a_point_has():
    points = [{"label": "Sep", "a": 1, "b": None}, {"label": "Oct", "a": None, "b": None}]
    assert charts.read_out(points, [("a", "budget"), ("b", "actual")], str) == "Sep: budget 1"
