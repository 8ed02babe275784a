"""Demo finance: budgets for this year and the next two (the three-year plan) for every
school and the central trust, September and October closed with actuals, forecasts for
the rest of the year, the year's targets, and a risk register per school and the trust,
most reviewed last term. Amounts are plausible, not the trust's. Idempotent."""

import datetime
import hashlib
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from schools.calendar import Calendar, academic_start_year
from schools.data.demo import _roll
from schools.models import AcademicYear, Role, School, User

from .models import (
    BudgetLine,
    FinanceTarget,
    Heading,
    MonthlyFigure,
    Risk,
    RiskRegister,
    RiskReview,
)

PER_PUPIL = Decimal(5200)
TOP_SLICE = Decimal("0.05")
RISKS = [
    (
        "Falling rolls in Reception reduce income",
        "finance",
        3,
        3,
        "Admissions marketing; three-year plan with staffing at 2 forms",
        2,
        3,
    ),
    ("Roof condition in the main block", "estates", 3, 4, "SCA bid; annual survey", 2, 3),
    ("Recruitment of a qualified SENCO", "staffing", 3, 3, "Trust-wide SENCO network", 2, 2),
]


def _n(*parts) -> int:
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:6], 16)


def _budget(school, year_offset: int) -> dict[str, Decimal]:
    roll = _roll(school, 2026)
    grant = PER_PUPIL * roll * (Decimal("1.02") ** year_offset)
    other = Decimal(40000 + _n(school.name) % 30000)
    income = grant + other
    # Spending close to income: most schools a small surplus, a few a small deficit.
    margin = Decimal((_n(school.name, "m") % 30) + 5) / 1000  # 0.5% .. 3.4% planned surplus
    spend = income * (1 - margin)
    charge = (grant * TOP_SLICE).quantize(Decimal(1))
    rest = spend - charge
    lines = {
        Heading.GRANT_INCOME: grant,
        Heading.OTHER_INCOME: other,
        Heading.CENTRAL_CHARGE: charge,
        Heading.TEACHING_STAFF: rest * Decimal("0.52"),
        Heading.SUPPORT_STAFF: rest * Decimal("0.22"),
        Heading.OTHER_STAFF: rest * Decimal("0.04"),
        Heading.PREMISES: rest * Decimal("0.08"),
        Heading.SUPPLIES: rest * Decimal("0.10"),
        Heading.OTHER_COSTS: rest * Decimal("0.04"),
    }
    return {k: v.quantize(Decimal(1)) for k, v in lines.items()}


@transaction.atomic
def seed_demo_finance() -> None:
    if BudgetLine.objects.exists():
        return
    today = timezone.localdate()
    start = academic_start_year(today)
    years = {y.start_year: y for y in AcademicYear.objects.filter(start_year__gte=start)}
    schools = list(School.objects.filter(status=School.Status.MEMBER).order_by("name"))
    for offset in range(3):
        year = years.get(start + offset)
        if year is None:
            from schools.calendar import create_typical_year

            year = create_typical_year(start + offset)
        total_charge = Decimal(0)
        for school in schools:
            for heading, amount in _budget(school, offset).items():
                BudgetLine.objects.create(
                    school=school, academic_year=year, heading=heading, amount=amount
                )
                if heading == Heading.CENTRAL_CHARGE:
                    total_charge += amount
        central = {
            Heading.CENTRAL_CHARGE: total_charge,  # received by the central trust
            Heading.OTHER_INCOME: Decimal(60000),
            Heading.SUPPORT_STAFF: (total_charge * Decimal("0.78")).quantize(Decimal(1)),
            Heading.SUPPLIES: (total_charge * Decimal("0.2")).quantize(Decimal(1)),
            Heading.PREMISES: Decimal(30000),
        }
        for heading, amount in central.items():
            BudgetLine.objects.create(
                school=None, academic_year=year, heading=heading, amount=amount
            )
        FinanceTarget.objects.create(academic_year=year, surplus_min_pct=1, staff_cost_max_pct=80)
    year = years.get(start) or AcademicYear.objects.get(start_year=start)
    closed = max(0, (today.year - start) * 12 + today.month - 9)  # whole months since Sep
    for school in [*schools, None]:
        lines = {
            b.heading: b.amount
            for b in BudgetLine.objects.filter(school=school, academic_year=year)
        }
        drift = Decimal((_n(str(school), "d") % 5) - 2) / 100  # -2% .. +2% on spending
        for month in range(1, 13):
            for heading, amount in lines.items():
                monthly = (amount / 12).quantize(Decimal(1))
                spending = heading not in (Heading.GRANT_INCOME, Heading.OTHER_INCOME) and not (
                    school is None and heading == Heading.CENTRAL_CHARGE
                )
                forecast = (monthly * (1 + drift)).quantize(Decimal(1)) if spending else monthly
                MonthlyFigure.objects.create(
                    school=school,
                    academic_year=year,
                    month=month,
                    heading=heading,
                    actual=forecast if month <= closed else None,
                    forecast=None if month <= closed else forecast,
                )
    _registers(schools, today)


def _registers(schools, today):
    calendar = Calendar.load()
    terms = [t for t in calendar.terms if t.ends_on < today]
    cfo = User.objects.filter(role=Role.CFO).first()
    for i, school in enumerate([*schools, None]):
        register = RiskRegister.objects.create(school=school)
        for title, category, li, im, mitigation, rl, ri in RISKS[: 2 + i % 2]:
            Risk.objects.create(
                register=register,
                title=title,
                category=category,
                likelihood=li,
                impact=im,
                owner="Headteacher" if school else "CFO",
                mitigations=mitigation,
                residual_likelihood=rl,
                residual_impact=ri,
            )
        if school is not None and school.name == "Foxton":
            Risk.objects.create(
                register=register,
                title="Turnover of Year 5 and 6 teachers",
                category="staffing",
                likelihood=5,
                impact=4,
                owner="Headteacher",
                mitigations="Executive head support; recruitment with the trust's HR lead",
                residual_likelihood=4,
                residual_impact=4,
            )
        if len(terms) >= 2 and cfo:  # three registers missed last term's review: overdue
            reviewed_in = terms[-2] if i % 5 == 2 else terms[-1]
            RiskReview.objects.create(
                register=register,
                reviewed_on=reviewed_in.ends_on - datetime.timedelta(days=20),
                by=cfo,
                notes="Reviewed at the term's finance meeting.",
            )
