"""Financial KPIs per school, for the central trust and for the trust as a whole (Trust
Self-Evaluation 2025; Business Plan 2018-19): in-year surplus as % of income (target: at
least 1% across the trust), staff costs as % of expenditure (target set each year), revenue
reserves as % of income and cash in days of spending (targets the trust sets each year),
forecast variance against budget, and the central services charge. The outturn of a heading
is its actuals for closed months plus the forecast for the rest; with no monthly figures yet
it is the budget. Reserves and cash are the latest balances taken in the financial year.
Three queries."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from schools import kpis as registry

from .models import INCOME, STAFF, Balance, BudgetLine, FinanceTarget, Heading, MonthlyFigure

ZERO = Decimal(0)


@dataclass
class Kpis:
    """For a school the central services charge is spending; for the central trust it is
    the top-slice received (income); across the whole trust it cancels out."""

    label: str
    school: object | None  # None: central trust, or the whole trust
    central: bool = False
    budget: dict[str, Decimal] = field(default_factory=dict)
    outturn: dict[str, Decimal] = field(default_factory=dict)
    reserves: Decimal | None = None
    cash: Decimal | None = None
    balances_on: datetime.date | None = None
    rank: dict[str, int] = field(default_factory=dict)  # among the trust's schools, 1 best

    def _sum(self, figures, headings=None, exclude=()):
        return sum(
            (
                v
                for h, v in figures.items()
                if (headings is None or h in headings) and h not in exclude
            ),
            ZERO,
        )

    @property
    def _income_headings(self):
        return (*INCOME, Heading.CENTRAL_CHARGE) if self.central else INCOME

    @property
    def income(self) -> Decimal:
        return self._sum(self.outturn, self._income_headings)

    @property
    def expenditure(self) -> Decimal:
        return self._sum(self.outturn, exclude=self._income_headings)

    @property
    def surplus(self) -> Decimal:
        return self.income - self.expenditure

    @property
    def surplus_pct(self) -> Decimal | None:
        return self.surplus * 100 / self.income if self.income else None

    @property
    def staff_pct(self) -> Decimal | None:
        staff = self._sum(self.outturn, STAFF)
        return staff * 100 / self.expenditure if self.expenditure else None

    @property
    def variance_pct(self) -> Decimal | None:
        budgeted = self._sum(self.budget, exclude=self._income_headings)
        return (self.expenditure - budgeted) * 100 / budgeted if budgeted else None

    @property
    def reserves_pct(self) -> Decimal | None:
        if self.reserves is None or not self.income:
            return None
        return self.reserves * 100 / self.income

    @property
    def cash_days(self) -> Decimal | None:
        """Days of this year's spending the cash would pay for."""
        if self.cash is None or self.expenditure <= 0:
            return None
        return self.cash * 365 / self.expenditure

    @property
    def central_charge(self) -> Decimal:
        """Paid by a school, or received by the central trust."""
        return self.budget.get(Heading.CENTRAL_CHARGE, ZERO)


# What each RAG state says in words, wherever it is shown: a colour is never alone.
RAG_WORDS = {"green": "Met", "amber": "Close", "red": "Not met"}


def as_shown(value, places: int = 1):
    """``value`` rounded as the pages show it (percentages to one place, days to none):
    each KPI is judged on the figure people read, so two schools showing -1.0% are never
    one green and one amber."""
    if value is None:
        return None
    # Half up, as the templates' floatformat rounds.
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def rag_at_least(value, target, margin, *, places: int = 1) -> str:
    """Green at or above the target, amber within ``margin`` below it, red further off."""
    value = as_shown(value, places)
    if value is None:
        return ""
    return "green" if value >= target else "amber" if value >= target - margin else "red"


def rag_surplus(value, target) -> str:
    return rag_at_least(value, target, 1)


def rag_staff(value, target) -> str:
    value = as_shown(value)
    if value is None:
        return ""
    return "green" if value <= target else "amber" if value <= target + 2 else "red"


def rag_variance(value) -> str:
    value = as_shown(value)
    if value is None:
        return ""
    size = abs(value)
    return "green" if size <= 1 else "amber" if size <= 3 else "red"


def rag_reserves(value, target) -> str:
    return rag_at_least(value, target, 2)


def rag_cash(value, target) -> str:
    return rag_at_least(value, target, 10, places=0)


# The financial KPIs, declared once in the portal's KPI registry (``schools.kpis``, from
# ``FinanceConfig.ready``). ``key`` is the attribute of ``Kpis``; ``rag`` judges a value
# against the year's ``FinanceTarget``; ``label`` names the trust-wide row of the trustees'
# report and ``short_label`` the KPI where schools are compared.
IN_REPORT = frozenset({registry.FINANCE, registry.REPORT})


def _kpi(key, label, *, appears=IN_REPORT, **options) -> registry.Kpi:
    """A financial KPI: read for the financial year, judged against the year's target
    (no national figure)."""
    return registry.Kpi(
        key, label, period=registry.YEAR, national=False, appears=appears, **options
    )


FINANCE_KPIS = (
    _kpi(
        "surplus_pct",
        "In-year surplus across the trust (forecast)",
        short_label="In-year surplus, % of income",
        target=lambda t: f"At least {t.surplus_min_pct:.0f}% of income (Business Plan 2018-19)",
        rag=lambda value, t: rag_surplus(value, t.surplus_min_pct),
    ),
    _kpi(
        "staff_pct",
        "Staff costs across the trust (forecast)",
        short_label="Staff costs, % of expenditure",
        lower_is_better=True,
        target=lambda t: f"At most {t.staff_cost_max_pct:.0f}% of expenditure",
        rag=lambda value, t: rag_staff(value, t.staff_cost_max_pct),
    ),
    _kpi(
        "reserves_pct",
        "Revenue reserves across the trust",
        short_label="Revenue reserves, % of income",
        target=lambda t: f"At least {t.reserves_min_pct:.0f}% of income",
        rag=lambda value, t: rag_reserves(value, t.reserves_min_pct),
    ),
    _kpi(
        "cash_days",
        "Cash across the trust",
        short_label="Cash, days of spending",
        unit=" days",
        target=lambda t: f"At least {t.cash_min_days} days of spending",
        rag=lambda value, t: rag_cash(value, t.cash_min_days),
    ),
    # Over- and underspending are both off the plan: ranked by its size.
    _kpi(
        "variance_pct",
        "Spending against budget, %",
        lower_is_better=True,
        rag=lambda value, _t: rag_variance(value),
        appears=frozenset({registry.FINANCE}),
    ),
)


def finance_kpis() -> list[registry.Kpi]:
    return registry.where(registry.FINANCE)


def rags(row: Kpis, target) -> dict[str, str]:
    """{"surplus": "green", "staff": …}: each financial KPI's RAG for one row."""
    return {
        kpi.key.removesuffix("_pct").removesuffix("_days"): kpi.rag(getattr(row, kpi.key), target)
        for kpi in finance_kpis()
    }


@dataclass
class Spread:
    label: str
    median: Decimal | None
    lowest: Decimal | None
    highest: Decimal | None
    count: int


def benchmark(rows: list[Kpis]) -> dict[str, Spread]:
    """Each KPI's median and range across the trust's schools (the central trust is not a
    school), and each school's rank on it, 1 best, stored on the row. Variance ranks by its
    size: over- and underspending are both off the plan."""
    spreads = {}
    schools = [r for r in rows if r.school is not None]
    for kpi in finance_kpis():
        name, label, higher_is_better = kpi.key, kpi.heading, not kpi.lower_is_better
        values = [(getattr(r, name), r) for r in schools if getattr(r, name) is not None]
        if name == "variance_pct":
            order = sorted(values, key=lambda pair: abs(pair[0]))
        else:
            order = sorted(values, key=lambda pair: pair[0], reverse=higher_is_better)
        for position, (_, row) in enumerate(order, start=1):
            row.rank[name] = position
        numbers = [v for v, _ in values]
        spreads[name] = Spread(
            label,
            statistics.median(numbers) if numbers else None,
            min(numbers) if numbers else None,
            max(numbers) if numbers else None,
            len(numbers),
        )
    return spreads


def kpis_for(schools, year) -> tuple[list[Kpis], Kpis]:
    """One ``Kpis`` per school and for the central trust, and the trust total."""
    rows = {s.pk: Kpis(s.name, s) for s in schools}
    rows[None] = Kpis("Central trust", None, central=True)
    entities = Q(school__in=[s.pk for s in schools]) | Q(school__isnull=True)
    for line in BudgetLine.objects.filter(entities, academic_year=year):
        if line.school_id in rows:
            rows[line.school_id].budget[line.heading] = line.amount
    # Summed in the database: a month's actual once closed, else its forecast.
    months: dict[int | None, dict[str, Decimal]] = defaultdict(dict)
    sums = (
        MonthlyFigure.objects.filter(entities, academic_year=year)
        .values("school_id", "heading")
        .annotate(total=Sum(Coalesce("actual", "forecast")))
        .order_by()
    )
    for line in sums:
        if line["total"] is not None and line["school_id"] in rows:
            months[line["school_id"]][line["heading"]] = line["total"]
    for key, row in rows.items():
        # Heading by heading: the monthly figures where there are any, else the budget.
        row.outturn = {**row.budget, **months.get(key, {})}
    in_year = Balance.objects.filter(
        entities,
        on__gte=datetime.date(year.start_year, 9, 1),
        on__lte=datetime.date(year.start_year + 1, 8, 31),
    ).order_by("on")
    for balance in in_year:  # the latest in the year wins
        row = rows.get(balance.school_id)
        if row is not None:
            row.reserves, row.cash, row.balances_on = balance.reserves, balance.cash, balance.on
    total = Kpis("Whole trust", None)
    for row in rows.values():
        for target, source in ((total.budget, row.budget), (total.outturn, row.outturn)):
            for heading, value in source.items():
                # The top-slice moves money inside the trust: it is not trust spending.
                if heading == Heading.CENTRAL_CHARGE:
                    continue
                target[heading] = target.get(heading, ZERO) + value
    with_balances = [r for r in rows.values() if r.reserves is not None]
    if with_balances:
        total.reserves = sum((r.reserves for r in with_balances), ZERO)
        total.cash = sum((r.cash for r in with_balances), ZERO)
        total.balances_on = max(r.balances_on for r in with_balances)
    ordered = [rows[s.pk] for s in schools] + [rows[None]]
    return ordered, total


def targets(year) -> FinanceTarget:
    found = FinanceTarget.objects.filter(academic_year=year).first()
    return found or FinanceTarget(academic_year=year)
