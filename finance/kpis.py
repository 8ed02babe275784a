"""Financial KPIs per school, for the central trust and for the trust as a whole (002, 003):
in-year surplus as % of income (target: at least 1% across the trust), staff costs as % of
expenditure (target set each year), forecast variance against budget, and the central
services charge. The outturn of a heading is its actuals for closed months plus the
forecast for the rest; with no monthly figures yet it is the budget. Two queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from .models import INCOME, STAFF, BudgetLine, FinanceTarget, Heading, MonthlyFigure

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
    def central_charge(self) -> Decimal:
        """Paid by a school, or received by the central trust."""
        return self.budget.get(Heading.CENTRAL_CHARGE, ZERO)


def rag_surplus(value, target) -> str:
    if value is None:
        return ""
    return "green" if value >= target else "amber" if value >= target - 1 else "red"


def rag_staff(value, target) -> str:
    if value is None:
        return ""
    return "green" if value <= target else "amber" if value <= target + 2 else "red"


def rag_variance(value) -> str:
    if value is None:
        return ""
    size = abs(value)
    return "green" if size <= 1 else "amber" if size <= 3 else "red"


def kpis_for(schools, year) -> tuple[list[Kpis], Kpis]:
    """One ``Kpis`` per school and for the central trust, and the trust total."""
    rows = {s.pk: Kpis(s.name, s) for s in schools}
    rows[None] = Kpis("Central trust", None, central=True)
    entities = Q(school__in=[s.pk for s in schools]) | Q(school__isnull=True)
    for line in BudgetLine.objects.filter(entities, academic_year=year):
        if line.school_id in rows:
            rows[line.school_id].budget[line.heading] = line.amount
    months: dict[tuple, dict[str, Decimal]] = defaultdict(dict)
    for figure in MonthlyFigure.objects.filter(entities, academic_year=year):
        value = figure.actual if figure.actual is not None else figure.forecast
        if value is not None and figure.school_id in rows:
            bucket = months[figure.school_id]
            bucket[figure.heading] = bucket.get(figure.heading, ZERO) + value
    for key, row in rows.items():
        row.outturn = dict(months[key]) if months.get(key) else dict(row.budget)
    total = Kpis("Whole trust", None)
    for row in rows.values():
        for target, source in ((total.budget, row.budget), (total.outturn, row.outturn)):
            for heading, value in source.items():
                # The top-slice moves money inside the trust: it is not trust spending.
                if heading == Heading.CENTRAL_CHARGE:
                    continue
                target[heading] = target.get(heading, ZERO) + value
    ordered = [rows[s.pk] for s in schools] + [rows[None]]
    return ordered, total


def targets(year) -> FinanceTarget:
    found = FinanceTarget.objects.filter(academic_year=year).first()
    return found or FinanceTarget(academic_year=year)
