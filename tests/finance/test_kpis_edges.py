"""Financial KPIs at their edges: no income, no spending, deficits, negative
reserves, a part-closed year, which balances count, the RAG boundaries for reserves and
cash, and the benchmark across the trust's schools."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from finance import kpis
from finance.models import Heading
from schools.calendar import academic_start_year
from schools.models import AcademicYear, Hub, School
from tests.factories import BalanceFactory, BudgetLineFactory, MonthlyFigureFactory, SchoolFactory

D = Decimal


def _kpis(outturn, *, budget=None, reserves=None, cash=None, central=False):
    k = kpis.Kpis("Test", None, central=central)
    k.outturn = outturn
    k.budget = budget if budget is not None else dict(outturn)
    k.reserves, k.cash = reserves, cash
    return k


# Zero income, zero or negative spending


def test_no_income_gives_no_percentages_of_income_and_no_error():
    k = _kpis(
        {Heading.TEACHING_STAFF: D(600), Heading.PREMISES: D(400)}, reserves=D(50), cash=D(10)
    )
    assert k.income == 0
    assert k.surplus == D(-1000)
    assert k.surplus_pct is None
    assert k.reserves_pct is None
    assert kpis.rag_surplus(k.surplus_pct, D(1)) == ""
    assert kpis.rag_reserves(k.reserves_pct, D(5)) == ""
    # Spending is still there, so the other KPIs are.
    assert k.staff_pct == D(60)
    assert k.cash_days == D(10) * 365 / D(1000)


def test_nothing_at_all_gives_no_kpis_and_no_error():
    k = _kpis({}, reserves=D(0), cash=D(0))
    assert (k.income, k.expenditure, k.surplus) == (0, 0, 0)
    for name in ("surplus_pct", "staff_pct", "variance_pct", "reserves_pct", "cash_days"):
        assert getattr(k, name) is None, name
    assert k.central_charge == 0


def test_no_spending_gives_no_cash_days_or_staff_share():
    k = _kpis({Heading.GRANT_INCOME: D(1000)}, reserves=D(100), cash=D(500))
    assert k.cash_days is None
    assert k.staff_pct is None
    assert k.variance_pct is None  # nothing budgeted to spend
    assert k.surplus_pct == D(100)
    assert k.reserves_pct == D(10)


def test_negative_spending_gives_no_cash_days():
    # A refund larger than the year's spending: days of spending mean nothing.
    k = _kpis({Heading.GRANT_INCOME: D(1000), Heading.PREMISES: D(-200)}, cash=D(500))
    assert k.expenditure == D(-200)
    assert k.cash_days is None


def test_no_balances_gives_no_reserves_or_cash_kpis():
    k = _kpis({Heading.GRANT_INCOME: D(1000), Heading.PREMISES: D(900)})
    assert k.reserves_pct is None and k.cash_days is None


# Deficits and negative reserves


def test_a_deficit_is_a_negative_surplus_and_red():
    k = _kpis({Heading.GRANT_INCOME: D(1000), Heading.TEACHING_STAFF: D(1100)})
    assert k.surplus == D(-100)
    assert k.surplus_pct == D(-10)
    assert kpis.rag_surplus(k.surplus_pct, D(1)) == "red"


def test_negative_reserves_are_a_negative_percentage_and_red():
    k = _kpis({Heading.GRANT_INCOME: D(2000), Heading.PREMISES: D(1000)}, reserves=D(-100))
    assert k.reserves_pct == D(-5)
    assert kpis.rag_reserves(k.reserves_pct, D(5)) == "red"


def test_the_central_trust_counts_the_top_slice_as_income():
    figures = {
        Heading.OTHER_INCOME: D(100),
        Heading.CENTRAL_CHARGE: D(900),
        Heading.SUPPORT_STAFF: D(800),
    }
    central = _kpis(figures, central=True)
    school = _kpis(figures)
    assert central.income == D(1000) and central.expenditure == D(800)
    assert school.income == D(100) and school.expenditure == D(1700)
    assert central.central_charge == D(900)


def test_variance_against_the_spending_budget_either_way():
    budget = {Heading.GRANT_INCOME: D(1000), Heading.PREMISES: D(800)}
    over = _kpis({Heading.GRANT_INCOME: D(1000), Heading.PREMISES: D(840)}, budget=budget)
    under = _kpis({Heading.GRANT_INCOME: D(5000), Heading.PREMISES: D(760)}, budget=budget)
    assert over.variance_pct == D(5)
    assert under.variance_pct == D(-5)  # income does not count towards the variance
    assert kpis.rag_variance(over.variance_pct) == kpis.rag_variance(under.variance_pct) == "red"


# RAG boundaries


@pytest.mark.parametrize(
    ("value", "rag"),
    [
        (D(12), "green"),
        (D(5), "green"),  # the target exactly
        (D("4.95"), "green"),  # shown as 5.0%: judged as people read it
        (D("4.94"), "amber"),  # shown as 4.9%, just below
        (D(3), "amber"),  # the 2-point margin exactly
        (D("2.94"), "red"),  # shown as 2.9%, just below the margin
        (D(-1), "red"),
        (None, ""),
    ],
)
def test_reserves_rag_at_its_boundaries(value, rag):
    assert kpis.rag_reserves(value, D(5)) == rag


@pytest.mark.parametrize(
    ("value", "rag"),
    [
        (D(90), "green"),
        (D(30), "green"),  # the target exactly
        (D("29.5"), "green"),  # shown as 30 days
        (D("29.49"), "amber"),  # shown as 29 days
        (D(20), "amber"),  # the 10-day margin exactly
        (D("19.49"), "red"),  # shown as 19 days
        (D(0), "red"),
        (None, ""),
    ],
)
def test_cash_rag_at_its_boundaries(value, rag):
    assert kpis.rag_cash(value, 30) == rag


@pytest.mark.parametrize(
    ("value", "target", "margin", "rag"),
    [
        (D(10), D(10), D(0), "green"),
        (D("9.94"), D(10), D(0), "red"),  # no margin: no amber
        (D(0), D(0), D(5), "green"),
        (D(-5), D(0), D(5), "amber"),
        (D("-5.05"), D(0), D(5), "red"),  # shown as -5.1%
        (D("-5.04"), D(0), D(5), "amber"),  # shown as -5.0%
    ],
)
def test_rag_at_least(value, target, margin, rag):
    assert kpis.rag_at_least(value, target, margin) == rag


# kpis_for: how the outturn is built from budgets and monthly figures


@pytest.fixture
def year(demo):
    return AcademicYear.objects.get(start_year=academic_start_year(timezone.localdate()))


@pytest.fixture
def new_school(demo):
    return SchoolFactory(name="Edge Primary", hub=Hub.objects.first())


def _budget(school, year, **amounts):
    for heading, amount in amounts.items():
        BudgetLineFactory(school=school, academic_year=year, heading=heading, amount=D(amount))


def _month(school, year, month, heading, *, actual=None, forecast=None):
    MonthlyFigureFactory(
        school=school,
        academic_year=year,
        month=month,
        heading=heading,
        actual=None if actual is None else D(actual),
        forecast=None if forecast is None else D(forecast),
    )


def _row(school, year):
    rows, _total = kpis.kpis_for([school], year)
    assert rows[-1].central and rows[-1].school is None  # the central trust comes last
    return rows[0]


def test_with_no_monthly_figures_the_outturn_is_the_budget(year, new_school):
    _budget(new_school, year, grant_income=12000, teaching_staff=9000, premises=1200)
    k = _row(new_school, year)
    assert k.outturn == k.budget
    assert k.surplus == D(1800)
    assert k.surplus_pct == D(15)
    assert k.variance_pct == 0


def test_a_part_closed_year_adds_actuals_and_forecasts(year, new_school):
    _budget(new_school, year, grant_income=12000, teaching_staff=9000, premises=1200)
    for month in range(1, 13):
        if month <= 3:  # closed months: actuals
            _month(new_school, year, month, "grant_income", actual=1000)
        else:
            _month(new_school, year, month, "grant_income", forecast=1100)
    # An actual wins over a forecast left on a closed month.
    _month(new_school, year, 1, "teaching_staff", actual=800, forecast=750)
    for month in range(2, 13):
        _month(new_school, year, month, "teaching_staff", forecast=700)
    # A month with neither an actual nor a forecast adds nothing, nor do months with no row.
    _month(new_school, year, 1, "premises", actual=100)
    _month(new_school, year, 2, "premises")
    k = _row(new_school, year)
    assert k.outturn[Heading.GRANT_INCOME] == D(3000 + 9 * 1100)
    assert k.outturn[Heading.TEACHING_STAFF] == D(800 + 11 * 700)
    assert k.outturn[Heading.PREMISES] == D(100)
    assert k.income == D(12900)
    assert k.expenditure == D(8600)
    assert k.surplus_pct == D(4300) * 100 / D(12900)
    assert k.variance_pct == (D(8600) - D(10200)) * 100 / D(10200)
    assert k.budget[Heading.PREMISES] == D(1200)  # the budget itself is untouched


def test_a_school_whose_figures_are_all_empty_keeps_its_budget(year, new_school):
    _budget(new_school, year, grant_income=1000, premises=900)
    _month(new_school, year, 1, "premises")  # a row with neither figure
    k = _row(new_school, year)
    assert k.outturn == k.budget


def test_a_heading_with_no_monthly_figures_falls_back_to_its_budget(year, new_school):
    """kpis.py's docstring: "The outturn of a heading is its actuals for closed months plus
    the forecast for the rest; with no monthly figures yet it is the budget."

    BUG (finance/kpis.py, kpis_for): the fallback is per school, not per heading
    (``row.outturn = dict(months[key]) if months.get(key) else dict(row.budget)``), so once
    any heading has a monthly figure every other budgeted heading drops out of the outturn:
    here income vanishes and the school shows no surplus % and no reserves %. Fails until
    that is fixed (start from the budget and overwrite the headings that have figures)."""
    _budget(new_school, year, grant_income=12000, teaching_staff=9000, premises=1200)
    for month in range(1, 13):
        _month(new_school, year, month, "teaching_staff", forecast=800)
    k = _row(new_school, year)
    assert k.outturn[Heading.TEACHING_STAFF] == D(9600)
    assert k.outturn.get(Heading.GRANT_INCOME) == D(12000)
    assert k.outturn.get(Heading.PREMISES) == D(1200)
    assert k.surplus_pct == D(1200) * 100 / D(12000)


def test_monthly_figures_of_another_year_do_not_count(year, new_school):
    _budget(new_school, year, grant_income=1000, premises=900)
    previous = AcademicYear.objects.get(start_year=year.start_year - 1)
    _month(new_school, previous, 1, "premises", actual=5000)
    assert _row(new_school, year).outturn == {
        Heading.GRANT_INCOME: D(1000),
        Heading.PREMISES: D(900),
    }


# kpis_for: which balances count


def _balance(school, on, reserves, cash):
    return BalanceFactory(school=school, on=on, reserves=D(reserves), cash=D(cash))


def test_the_latest_balance_in_the_financial_year_counts(year, new_school):
    _budget(new_school, year, grant_income=10000, premises=7300)
    start = year.start_year
    # Entered out of order: the date decides, not the order of entry.
    _balance(new_school, datetime.date(start, 10, 31), 1000, 400)
    _balance(new_school, datetime.date(start, 9, 1), 200, 100)  # the first day of the year
    k = _row(new_school, year)
    assert (k.reserves, k.cash, k.balances_on) == (D(1000), D(400), datetime.date(start, 10, 31))
    assert k.reserves_pct == D(10)
    assert k.cash_days == D(20)  # £400 of £7,300 a year = 20 days


def test_a_balance_from_another_financial_year_does_not_count(year, new_school):
    _budget(new_school, year, grant_income=10000, premises=7300)
    start = year.start_year
    _balance(new_school, datetime.date(start, 8, 31), 5000, 5000)  # last year's year end
    _balance(new_school, datetime.date(start + 1, 9, 1), 6000, 6000)  # next year's first day
    k = _row(new_school, year)
    assert k.reserves is None and k.cash is None and k.balances_on is None
    assert k.reserves_pct is None and k.cash_days is None
    _balance(new_school, datetime.date(start + 1, 8, 31), -500, 0)  # this year's last day
    k = _row(new_school, year)
    assert (k.reserves, k.cash) == (D(-500), D(0))
    assert k.reserves_pct == D(-5)
    assert k.cash_days == 0
    assert kpis.rag_cash(k.cash_days, 30) == "red"


def test_the_trust_total_adds_the_balances_it_has(year, demo):
    hub = Hub.objects.first()
    first = SchoolFactory(name="Edge One", hub=hub)
    second = SchoolFactory(name="Edge Two", hub=hub)
    third = SchoolFactory(name="Edge Three", hub=hub)  # no balances
    start = year.start_year
    _balance(first, datetime.date(start, 9, 30), 100, 10)
    _balance(second, datetime.date(start, 10, 31), -40, 5)
    rows, total = kpis.kpis_for([first, second, third], year)
    central = rows[-1]
    assert rows[2].reserves is None
    central_reserves = central.reserves or 0
    central_cash = central.cash or 0
    assert total.reserves == D(60) + central_reserves
    assert total.cash == D(15) + central_cash
    assert total.balances_on >= datetime.date(start, 10, 31)


# Benchmark across the trust's schools


def _bench_row(name, **values):
    fields = dict.fromkeys(k.key for k in kpis.finance_kpis())
    fields.update({k: None if v is None else D(str(v)) for k, v in values.items()})
    return SimpleNamespace(label=name, school=name, rank={}, **fields)


def test_benchmark_median_range_and_ranks():
    a = _bench_row("A", surplus_pct=3, staff_pct=70, reserves_pct=5, cash_days=40, variance_pct=-4)
    b = _bench_row(
        "B", surplus_pct=1, staff_pct=85, reserves_pct=None, cash_days=60, variance_pct=2
    )
    c = _bench_row(
        "C", surplus_pct=-2, staff_pct=75, reserves_pct=8, cash_days=None, variance_pct="0.5"
    )
    central = _bench_row(
        "Central trust", surplus_pct=50, staff_pct=1, reserves_pct=90, cash_days=999
    )
    central.school = None
    spreads = kpis.benchmark([a, b, c, central])

    surplus = spreads["surplus_pct"]
    assert (surplus.median, surplus.lowest, surplus.highest, surplus.count) == (1, -2, 3, 3)
    assert [a.rank["surplus_pct"], b.rank["surplus_pct"], c.rank["surplus_pct"]] == [1, 2, 3]

    staff = spreads["staff_pct"]  # lower is better
    assert (staff.median, staff.lowest, staff.highest) == (75, 70, 85)
    assert [a.rank["staff_pct"], c.rank["staff_pct"], b.rank["staff_pct"]] == [1, 2, 3]

    reserves = spreads["reserves_pct"]  # B has none: left out of the count and unranked
    assert reserves.count == 2
    assert reserves.median == D("6.5")
    assert (c.rank["reserves_pct"], a.rank["reserves_pct"]) == (1, 2)
    assert "reserves_pct" not in b.rank

    cash = spreads["cash_days"]
    assert (cash.count, cash.median) == (2, 50)
    assert (b.rank["cash_days"], a.rank["cash_days"]) == (1, 2)
    assert "cash_days" not in c.rank

    variance = spreads["variance_pct"]  # ranked by size: over and under are both off plan
    assert (variance.median, variance.lowest, variance.highest) == (D("0.5"), -4, 2)
    assert [c.rank["variance_pct"], b.rank["variance_pct"], a.rank["variance_pct"]] == [1, 2, 3]

    # The central trust is not a school: not ranked and not in the spread.
    assert central.rank == {}
    assert surplus.highest == 3 and cash.highest == 60


def test_benchmark_with_no_schools_or_no_values():
    spreads = kpis.benchmark([])
    assert set(spreads) == {k.key for k in kpis.finance_kpis()}
    for spread in spreads.values():
        assert (spread.median, spread.lowest, spread.highest, spread.count) == (
            None,
            None,
            None,
            0,
        )
    lonely = _bench_row("A")
    assert kpis.benchmark([lonely])["surplus_pct"].count == 0
    assert lonely.rank == {}


def test_benchmark_works_on_real_rows(year, demo):
    schools = list(School.objects.filter(status=School.Status.MEMBER).order_by("name"))
    rows, _ = kpis.kpis_for(schools, year)
    spreads = kpis.benchmark(rows)
    surplus = [r.surplus_pct for r in rows if r.school is not None]
    assert spreads["surplus_pct"].count == len(schools)
    assert spreads["surplus_pct"].highest == max(surplus)
    best = next(r for r in rows if r.rank.get("surplus_pct") == 1)
    assert best.surplus_pct == max(surplus)
    assert rows[-1].rank == {}
    ranks = sorted(r.rank["staff_pct"] for r in rows if r.school is not None)
    assert ranks == list(range(1, len(schools) + 1))


def test_two_schools_showing_the_same_variance_share_its_colour():
    # -1.03% and -0.98% both read "-1.0%": both green, never one amber.
    assert kpis.rag_variance(D("-1.03")) == kpis.rag_variance(D("-0.98")) == "green"
    assert kpis.rag_variance(D("1.05")) == "amber"  # reads 1.1%


@pytest.mark.parametrize(
    "today, closed",
    [
        (datetime.date(2026, 9, 1), (2025, 12)),  # August closes the year before
        (datetime.date(2026, 9, 30), (2025, 12)),
        (datetime.date(2026, 10, 1), (2026, 1)),  # September is the new year's first
        (datetime.date(2027, 1, 15), (2026, 4)),  # December
        (datetime.date(2027, 8, 31), (2026, 11)),  # July
    ],
)
def test_the_last_closed_month_is_the_one_before_todays(today, closed):
    from finance.selectors import last_closed_month

    assert last_closed_month(today) == closed
