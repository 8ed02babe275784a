"""Demo finance: budgets for this year and the next two (the three-year plan) for every
school and the central trust, the closed months with actuals and forecasts for the rest
of the year, the year's targets, month-end reserves and cash, the year's SCA with an
estates plan of projects (allocated, part spent, one completed this term, an urgent one
unfunded), the central contracts with their savings, and a risk register per school and
the trust, most reviewed last term. Amounts are plausible, not the trust's. Idempotent."""

import datetime
import hashlib
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from schools.calendar import Calendar, academic_start_year
from schools.data.demo import _roll
from schools.models import AcademicYear, Role, School, User

from .models import (
    Balance,
    BudgetLine,
    Contract,
    EstatesProject,
    FinanceTarget,
    Heading,
    MonthlyFigure,
    Risk,
    RiskRegister,
    RiskReview,
    ScaFunding,
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


# Two schools spend more of their budget on staff (amber and red against an 80% target),
# and one overspends its plan (red variance and an in-year deficit), so every RAG state
# shows in the demo.
STAFF_HEAVY = {"Newcroft": ("0.56", "0.24", "0.045"), "Glen Hills": ("0.58", "0.255", "0.05")}
OVERSPENDING = {"Foxton": Decimal("0.05")}


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
    teaching, support, other_staff = STAFF_HEAVY.get(school.name, ("0.52", "0.22", "0.04"))
    staff = Decimal(teaching) + Decimal(support) + Decimal(other_staff)
    non_staff = (1 - staff) / Decimal("0.22")  # premises, supplies, other in proportion
    lines = {
        Heading.GRANT_INCOME: grant,
        Heading.OTHER_INCOME: other,
        Heading.CENTRAL_CHARGE: charge,
        Heading.TEACHING_STAFF: rest * Decimal(teaching),
        Heading.SUPPORT_STAFF: rest * Decimal(support),
        Heading.OTHER_STAFF: rest * Decimal(other_staff),
        Heading.PREMISES: rest * Decimal("0.08") * non_staff,
        Heading.SUPPLIES: rest * Decimal("0.10") * non_staff,
        Heading.OTHER_COSTS: rest * Decimal("0.04") * non_staff,
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
        drift = OVERSPENDING.get(getattr(school, "name", None), drift)
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
    _balances(schools, year, start, closed)
    _estates(schools, year, today)
    _contracts(schools, start)
    _registers(schools, today)


def _balances(schools, year, start, closed):
    """Reserves from a few per cent of income (one school in deficit) and cash from two
    weeks to three months of spending: every RAG state appears."""
    month_end = datetime.date(start, 9, 1)
    if closed:
        last = datetime.date(start + (8 + closed) // 12, (8 + closed) % 12 + 1, 1)
        month_end = last - datetime.timedelta(days=1)
    for i, school in enumerate([*schools, None]):
        lines = BudgetLine.objects.filter(school=school, academic_year=year)
        received = (Heading.GRANT_INCOME, Heading.OTHER_INCOME)
        if school is None:
            received = (*received, Heading.CENTRAL_CHARGE)
        income = sum((b.amount for b in lines if b.heading in received), Decimal(0))
        reserves_pct = Decimal([8, 6, 4, 12, 2, 7, 5, 9, -1, 6, 3, 10, 7, 5, 8, 6][i % 16])
        cash_days = [45, 60, 25, 90, 14, 40, 35, 70, 20, 50, 30, 65, 42, 38, 55, 48][i % 16]
        for back, scale in ((1, Decimal("0.97")), (0, Decimal(1))):
            on = month_end - datetime.timedelta(days=31 * back) if closed else month_end
            if back and not closed:
                continue
            Balance.objects.create(
                school=school,
                on=on,
                reserves=(income * reserves_pct / 100 * scale).quantize(Decimal(1)),
                cash=(income * cash_days / 365 * scale).quantize(Decimal(1)),
            )


PROJECTS = [
    # title, priority, cost, status, share of cost allocated, share spent, score
    ("Replace the main block roof", 1, 180000, EstatesProject.Status.IN_PROGRESS, 1, 0.4, 92),
    ("Fire doors and compartmentation", 1, 45000, EstatesProject.Status.COMPLETED, 1, 1, 95),
    ("Boiler replacement", 2, 70000, EstatesProject.Status.APPROVED, 1, 0, 80),
    ("Rewire the Key Stage 1 wing", 2, 60000, EstatesProject.Status.IN_PROGRESS, 0.8, 0.3, 74),
    ("Window replacement, hall", 3, 38000, EstatesProject.Status.PROPOSED, 0, 0, 55),
    ("Playground resurfacing", 3, 25000, EstatesProject.Status.PROPOSED, 0, 0, 40),
    ("Asbestos removal, boiler house", 1, 30000, EstatesProject.Status.PROPOSED, 0, 0, None),
    ("Extend the early years outdoor area", 4, 50000, EstatesProject.Status.DEFERRED, 0, 0, 30),
]


def _estates(schools, year, today):
    if not schools:
        return
    ScaFunding.objects.create(
        academic_year=year,
        amount=Decimal(420000),
        assessment_model=(
            "Each project is scored out of 100: condition survey grade (40), health and "
            "safety or legal duty (30), impact on teaching and learning (20), value for "
            "money (10). Priority 1 projects are funded first, then by score, until the "
            "year's SCA is allocated; the Finance and Audit Committee approves the list."
        ),
    )
    calendar = Calendar.load()
    term = calendar.term_on(today)
    spent_on = max(today - datetime.timedelta(days=10), term.starts_on if term else today)
    for i, (title, priority, cost, status, allocated, spent, score) in enumerate(PROJECTS):
        school = schools[(i * 4) % len(schools)]
        project = EstatesProject.objects.create(
            school=school,
            title=title,
            description=f"From the {year.name} condition survey of {school.name}.",
            priority=priority,
            cost_estimate=Decimal(cost),
            status=status,
            sca_year=year if allocated else None,
            sca_allocated=(Decimal(cost) * Decimal(str(allocated))).quantize(Decimal(1)),
            assessment_score=score,
            assessment_notes="Scored at the autumn Finance and Audit Committee." if score else "",
            completed_on=spent_on if status == EstatesProject.Status.COMPLETED else None,
        )
        if spent:
            project.entries.create(
                on=spent_on,
                kind="expenditure",
                amount=(Decimal(cost) * Decimal(str(spent))).quantize(Decimal(1)),
                description="Contractor's invoice",
            )
        if i == 0:
            project.entries.create(
                on=spent_on,
                kind="income",
                amount=Decimal(15000),
                description="School's own contribution from reserves",
            )


CONTRACTS = [
    ("Grounds maintenance", "grounds", "Greenway Grounds Ltd", 38000, 52000),
    ("School meals", "catering", "Fenland Catering", 310000, 342000),
    ("Broadband, filtering and telephony", "it", "EastNet Schools", 41000, 58500),
    ("Asbestos and legionella surveys", "health_safety", "SafeSite Compliance", 9500, 16800),
    ("Fire alarm and extinguisher servicing", "health_safety", "Anglia Fire", 7200, 11900),
]


def _contracts(schools, start):
    for i, (title, category, supplier, cost, before) in enumerate(CONTRACTS):
        contract = Contract.objects.create(
            title=title,
            category=category,
            supplier=supplier,
            starts_on=datetime.date(start - 1 - i % 2, 9, 1),
            ends_on=datetime.date(start + 1 + i % 3, 8, 31)
            if i != 3
            else datetime.date(start + 1, 1, 31),
            annual_cost=Decimal(cost),
            previous_cost=Decimal(before),
        )
        contract.schools.set(schools if i != 1 else schools[:-2])


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
                raised_on=today - datetime.timedelta(days=30),  # new this term
            )
        # A few registers (Glen Hills' among them) missed last term's review: overdue.
        if len(terms) >= 2 and cfo:
            late = i % 5 == 2 or getattr(school, "name", "") == "Glen Hills"
            reviewed_in = terms[-2] if late else terms[-1]
            RiskReview.objects.create(
                register=register,
                reviewed_on=reviewed_in.ends_on - datetime.timedelta(days=20),
                by=cfo,
                notes="Reviewed at the term's finance meeting.",
            )
