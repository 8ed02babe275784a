"""Reads for finance, scoped by ``schools.access``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, F, Max, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from schools import access
from schools.access import Perm
from schools.calendar import TERMLY, Calendar, Due, due_after

from .models import (
    INCOME,
    Contract,
    EstatesProject,
    Heading,
    MonthlyFigure,
    ProjectEntry,
    Risk,
    RiskRegister,
    RiskReview,
    ScaFunding,
)

ZERO = Decimal(0)


def registers(*, user):
    visible = RiskRegister.objects.filter(school__in=access.schools_for(user, Perm.VIEW_FINANCE))
    if access.allowed(user, Perm.VIEW_FINANCE):
        visible = visible | RiskRegister.objects.filter(school__isnull=True)
    return visible.select_related("school")


def get_register(*, user, pk) -> RiskRegister:
    try:
        return registers(user=user).get(pk=pk)
    except (RiskRegister.DoesNotExist, ValueError, TypeError):
        raise Http404("No such risk register.") from None


@dataclass
class RegisterRow:
    register: RiskRegister
    last_review: RiskReview | None
    due: Due
    significant: int
    open_risks: int


def register_rows(registers_, *, today=None, with_risks=True) -> list[RegisterRow]:
    """Each register with its last review and when the next is due (each term, Business Plan
    2018-19), overdue first. Three queries and the calendar, however many registers (two
    without the risk counts, which the reminder scan does not need)."""
    today = today or timezone.localdate()
    calendar = Calendar.load()
    registers_ = list(registers_)
    last: dict[int, RiskReview] = {}
    for review in RiskReview.objects.filter(register__in=registers_).order_by("reviewed_on"):
        last[review.register_id] = review
    risks: dict[int, list[Risk]] = {}
    if with_risks:
        for risk in Risk.objects.filter(register__in=registers_, closed_on__isnull=True):
            risks.setdefault(risk.register_id, []).append(risk)
    rows = []
    for register in registers_:
        review = last.get(register.pk)
        due = due_after(
            frequency=TERMLY,
            last_on=review.reviewed_on if review else None,
            today=today,
            calendar=calendar,
        )
        mine = risks.get(register.pk, [])
        rows.append(
            RegisterRow(register, review, due, sum(1 for r in mine if r.significant), len(mine))
        )
    return sorted(rows, key=lambda r: (not r.due.overdue, r.due.due_on or today, str(r.register)))


def reviews_due(registers_, *, today) -> list[RegisterRow]:
    """The registers whose termly review is overdue or falls due within the reminder lead
    (``SYMPHONY_RISK_REVIEW_REMINDER_DAYS``): what the reminders are sent for and what
    their owners' homes list. Two queries and the calendar."""
    lead = datetime.timedelta(days=settings.SYMPHONY_RISK_REVIEW_REMINDER_DAYS)
    return [
        row
        for row in register_rows(registers_, today=today, with_risks=False)
        if row.due.due_on is not None and row.due.due_on - today <= lead
    ]


# The monthly figures (Business Plan 2018-19: monthly cash-flow and budget monitoring): a
# month's actuals come from the finance system once it closes, by this day of the next.
MONTHLY_IMPORT_DAY = 10


@dataclass
class ImportDue:
    """The first closed month whose actuals are not imported yet."""

    start_year: int  # of the academic (financial) year the month belongs to
    month: int  # 1 is September
    month_start: datetime.date
    due_on: datetime.date
    latest: int | None  # the latest month with actuals in that year, if any


def month_start(start_year: int, month: int) -> datetime.date:
    """The first day of month ``month`` (1 is September) of the year starting ``start_year``."""
    return datetime.date(start_year + (8 + month - 1) // 12, (8 + month - 1) % 12 + 1, 1)


def last_closed_month(today) -> tuple[int, int]:
    """(academic year's start year, month of that year, 1 for September) of the last
    closed month: the month before ``today``'s."""
    last = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    start = last.year if last.month >= 9 else last.year - 1
    return start, (last.year - start) * 12 + last.month - 8


def monthly_import_due(today) -> ImportDue | None:
    """The month to import next, if the latest imported month is behind the last closed
    one (``last_closed_month``); one query."""
    start, closed = last_closed_month(today)
    latest = MonthlyFigure.objects.filter(
        academic_year__start_year=start, actual__isnull=False
    ).aggregate(latest=Max("month"))["latest"]
    if latest is not None and latest >= closed:
        return None
    month = (latest or 0) + 1
    begins = month_start(start, month)
    following = (begins + datetime.timedelta(days=32)).replace(day=1)
    return ImportDue(start, month, begins, following.replace(day=MONTHLY_IMPORT_DAY), latest)


MONTH_NAMES = ("Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug")


@dataclass
class MonthSpending:
    """One month's spending (``month`` 1 is September): the budget's share of it (the
    year's spending budget spread evenly), its actuals once the month is closed, else its
    forecast; and the year to date of both, as the outturn counts it (finance/kpis.py)."""

    month: int
    label: str
    budget: Decimal | None
    actual: Decimal | None
    forecast: Decimal | None
    budget_to_date: Decimal | None
    to_date: Decimal  # actuals of the closed months and forecasts of the rest


def monthly_spending(*, school, year, budget: dict, central: bool = False) -> list[MonthSpending]:
    """Each month's spending for ``school`` (None: the central trust) in ``year``, beside
    ``budget`` ({heading: the year's budget}); [] before any monthly figure. A month is
    closed once any spending heading has its actual; a heading whose actual is not in yet
    counts its forecast, as the outturn does. The central services charge is spending for a
    school and income for the central trust. One query."""
    income = (*INCOME, Heading.CENTRAL_CHARGE) if central else INCOME
    rows = (
        MonthlyFigure.objects.filter(school=school, academic_year=year)
        .exclude(heading__in=income)
        .values("month")
        .annotate(
            actuals=Sum("actual"),
            rest=Sum("forecast", filter=Q(actual__isnull=True)),
            closed=Count("pk", filter=Q(actual__isnull=False)),
        )
        .order_by()
    )
    by_month = {r["month"]: r for r in rows}
    if not by_month:
        return []
    planned = sum((v for h, v in budget.items() if h not in income), ZERO) if budget else None
    out, to_date = [], ZERO
    for month in range(1, 13):
        row = by_month.get(month)
        spent = None
        if row is not None:
            spent = (row["actuals"] or ZERO) + (row["rest"] or ZERO)
            to_date += spent
        closed = bool(row and row["closed"])
        out.append(
            MonthSpending(
                month=month,
                label=MONTH_NAMES[month - 1],
                budget=(planned / 12).quantize(Decimal(1)) if planned else None,
                actual=spent if closed else None,
                forecast=None if closed else spent,
                budget_to_date=(planned * month / 12).quantize(Decimal(1)) if planned else None,
                to_date=to_date,
            )
        )
    return out


def significant_risks(school) -> list[Risk]:
    """A school's significant open risks, for the categorisation evidence (a link, not a
    copy)."""
    return [
        r
        for r in Risk.objects.filter(register__school=school, closed_on__isnull=True)
        if r.significant
    ]


def open_on(risk: Risk, day: datetime.date) -> bool:
    """Whether ``risk`` was on its register and not closed on ``day`` (a risk closed on a
    day is closed that day)."""
    raised = risk.raised_on is None or risk.raised_on <= day
    return raised and (risk.closed_on is None or risk.closed_on > day)


@dataclass(frozen=True)
class SignificantRisks:
    """The significant risks across every register, the trust's and each school's, on one
    day and on an earlier one (the trustees' termly pack: this term against the last).
    Significance is the residual score as the register scores the risk today: the register
    keeps no history of scores, so a risk rescored since counts as it is scored now."""

    on: datetime.date
    before: datetime.date | None
    risks: list  # significant and open on ``on``, highest residual score first
    count_before: int | None
    raised_since: int
    closed_since: int


def significant_risks_between(*, on: datetime.date, before: datetime.date | None):
    """One query, however many registers."""
    rows = list(
        Risk.objects.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=before or on))
        .select_related("register__school")
        .order_by("title")
    )
    significant = [r for r in rows if r.significant]
    now = [r for r in significant if open_on(r, on)]
    now.sort(key=lambda r: (-r.residual_score, str(r.register.school or ""), r.title))
    then = [r for r in significant if before and open_on(r, before)]
    return SignificantRisks(
        on=on,
        before=before,
        risks=now,
        count_before=len(then) if before else None,
        raised_since=sum(1 for r in now if before and not open_on(r, before)),
        closed_since=sum(1 for r in then if not open_on(r, on)),
    )


# Estates and SCA


def projects(*, user):
    """The estates projects of the schools the user may see the finance of."""
    # Spelt out: a query with totals (``with_money``) does not use Meta.ordering.
    return (
        EstatesProject.objects.filter(school__in=access.schools_for(user, Perm.VIEW_FINANCE))
        .select_related("school", "sca_year")
        .order_by("priority", F("assessment_score").desc(nulls_last=True), "school__name", "title")
    )


def get_project(*, user, pk) -> EstatesProject:
    """One project the user may see, with its income and spending (``with_money``)."""
    try:
        return with_money(projects(user=user)).get(pk=pk)
    except (EstatesProject.DoesNotExist, ValueError, TypeError):
        raise Http404("No such estates project.") from None


def _money_sum(kind, **extra):
    return Coalesce(
        Sum("entries__amount", filter=Q(entries__kind=kind, **extra)),
        Value(ZERO),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def with_money(queryset, *, since=None, until=None):
    """Each project with its income and expenditure to date (and, given dates, the
    expenditure between them), in the same query."""
    queryset = queryset.annotate(
        income=_money_sum(ProjectEntry.Kind.INCOME),
        spent=_money_sum(ProjectEntry.Kind.EXPENDITURE),
    )
    if since and until:
        queryset = queryset.annotate(
            spent_between=_money_sum(
                ProjectEntry.Kind.EXPENDITURE, entries__on__gte=since, entries__on__lte=until
            )
        )
    return queryset


def sca_spent(project) -> Decimal:
    """SCA pays for a project's spending up to its allocation; the rest comes from its other
    income or the school's budget."""
    return min(project.spent, project.sca_allocated)


@dataclass
class ScaPosition:
    """A year's SCA and where it went: the figures of the annual return."""

    year: object
    funding: ScaFunding | None
    allocated: Decimal
    spent: Decimal
    other_income: Decimal
    projects: int
    completed: int

    @property
    def received(self) -> Decimal:
        return self.funding.amount if self.funding else ZERO

    @property
    def unallocated(self) -> Decimal:
        return self.received - self.allocated

    @property
    def carried_forward(self) -> Decimal:
        return self.received - self.spent


def sca_position(year) -> ScaPosition:
    """Two queries."""
    funding = ScaFunding.objects.filter(academic_year=year).first()
    funded = list(with_money(EstatesProject.objects.filter(sca_year=year)))
    return ScaPosition(
        year=year,
        funding=funding,
        allocated=sum((p.sca_allocated for p in funded), ZERO),
        spent=sum((sca_spent(p) for p in funded), ZERO),
        other_income=sum((p.income for p in funded), ZERO),
        projects=len(funded),
        completed=sum(1 for p in funded if p.status == EstatesProject.Status.COMPLETED),
    )


# Collective procurement

CONTRACT_NOTICE_DAYS = 90  # a contract ending this soon is renewed or retendered now


def contracts(*, user):
    """Central contracts covering a school the user may see; the trust's leaders see all."""
    found = Contract.objects.annotate(school_count=Count("schools", distinct=True))
    if not access.allowed(user, Perm.VIEW_FINANCE):
        found = found.filter(schools__in=access.schools_for(user, Perm.VIEW_FINANCE)).distinct()
    return found
