"""The rest of a synthetic trust (see ``benchmarks.generator``): peer reviews with their
focus areas and teams, Core Plans with actions and progress notes, the other reviews,
governance (an LGB for every school, its people, meetings and skills audit) and finance
(budgets, monthly figures and a risk register per school)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from finance.models import (
    BudgetLine,
    FinanceTarget,
    Heading,
    MonthlyFigure,
    Risk,
    RiskRegister,
    RiskReview,
)
from governance.models import (
    Appointment,
    Attendance,
    Body,
    Meeting,
    MeetingAction,
    Person,
    Skill,
    SkillRating,
    Training,
)
from reviews.models import (
    Action,
    Area,
    CorePlan,
    FocusArea,
    Kind,
    PeerReview,
    ProgressNote,
    ReviewTeamMember,
    Scale,
    SchoolReview,
    Status,
)

from .generator import Trust, bulk

FOCUS = (Area.TEACHING, Area.BOOKS, Area.PHONICS, Area.ATTENDANCE)
LGB_SEATS = (
    ("chair", "appointed"),
    ("vice_chair", "appointed"),
    ("member", "elected_parent"),
    ("member", "elected_parent"),
    ("member", "elected_staff"),
    ("member", "co_opted"),
    ("member", "ex_officio"),
)
SKILLS = (
    "Education and school improvement",
    "Finance",
    "HR and employment",
    "Legal",
    "Safeguarding",
    "Estates and premises",
    "Audit and risk",
    "Data and performance",
)
BUDGET_SHARES = {
    Heading.GRANT_INCOME: Decimal("0.93"),
    Heading.OTHER_INCOME: Decimal("0.07"),
    Heading.CENTRAL_CHARGE: Decimal("0.05"),
    Heading.TEACHING_STAFF: Decimal("0.50"),
    Heading.SUPPORT_STAFF: Decimal("0.21"),
    Heading.PREMISES: Decimal("0.08"),
    Heading.SUPPLIES: Decimal("0.10"),
    Heading.OTHER_COSTS: Decimal("0.04"),
}


def build(trust: Trust, terms, *, rng, parts) -> None:
    years = sorted({t.academic_year_id: t.academic_year for t in terms}.values(), key=_start)
    if not years:
        return
    if "reviews" in parts:
        _peer_reviews(trust, years, rng=rng)
        _core_plans(trust, years[-2:], rng=rng)
        _school_reviews(trust, years[-1])
    if "governance" in parts:
        _governance(trust, terms, years[-1], rng=rng, skills="skills" in parts)
    if "budgets" in parts:
        _budgets(trust, years[-1])
    if "risks" in parts:
        _risk_registers(trust, terms, rng=rng)


def _start(year) -> int:
    return year.start_year


def _peer_reviews(trust: Trust, years, *, rng) -> None:
    """One review per school per year: published with findings in the past years, planned
    for the spring in the current one."""
    current = years[-1]
    reviews = []
    for year in years:
        for i, school in enumerate(trust.schools):
            published = year is not current
            reviewed_on = year.starts_on + datetime.timedelta(days=60 + (i % 90))
            reviews.append(
                PeerReview(
                    school=school,
                    academic_year=year,
                    year=reviewed_on.year,
                    status=Status.PUBLISHED if published else Status.PLANNED,
                    planned_on=reviewed_on if published else year.starts_on + _days(150 + i % 60),
                    reviewed_on=reviewed_on if published else None,
                    kind=Kind.FULL if trust.category.get(school.pk, 2) >= 3 else Kind.LIGHT_TOUCH,
                    scale=Scale.LEGACY,
                    school_priorities="Writing in Key Stage 2; attendance of disadvantaged pupils.",
                    proposed_outcome=2 if published else None,
                    summary_text="A well-led school where pupils are keen to learn."
                    if published
                    else "",
                    overall_outcome=(1 + rng.randrange(3)) if published else None,
                    created_by=trust.dop,
                    published_by=trust.dop if published else None,
                )
            )
    reviews = bulk(PeerReview, reviews, trust.counts)
    published = [r for r in reviews if r.status == Status.PUBLISHED]
    bulk(
        FocusArea,
        (
            FocusArea(
                review=r,
                area=area,
                observations=area == Area.TEACHING,
                book_scrutiny=area == Area.BOOKS,
                pupil_voice=True,
                evidence_notes="Lessons seen in every year group; books from Years 2, 4, 6.",
                strengths="Clear modelling and well-sequenced tasks.",
                areas_for_development="Use assessment in lessons to move pupils on sooner\n"
                "Share the Key Stage 1 approach across Key Stage 2",
                judgement=1 + rng.randrange(3),
            )
            for r in published
            for area in FOCUS
        ),
        trust.counts,
    )
    heads = [trust.heads[s.pk] for s in trust.schools]
    n = len(heads)
    if n > 1:
        bulk(
            ReviewTeamMember,
            (
                ReviewTeamMember(review=r, user=heads[(index % n + step) % n], is_lead=step == 1)
                for index, r in enumerate(reviews)
                for step in ((1, 2) if n > 2 else (1,))
            ),
            trust.counts,
        )


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _core_plans(trust: Trust, years, *, rng) -> None:
    plans = bulk(
        CorePlan,
        (CorePlan(school=s, academic_year=y) for y in years for s in trust.schools),
        trust.counts,
    )
    sources = (Action.Source.OFSTED, Action.Source.PARTNERSHIP_REVIEW, Action.Source.MONITORING)
    actions = bulk(
        Action,
        (
            Action(
                core_plan=plan,
                source=sources[k % 3],
                title=f"Improvement action {k + 1}",
                owner="Deputy headteacher",
                deadline=plan.academic_year.starts_on + _days(60 + 70 * k),
                support_deployed="Trust lead, half a day a fortnight",
                success_criteria="Measured at the next data collection point.",
                rag=("green", "amber", "red")[rng.randrange(3)],
            )
            for plan in plans
            for k in range(4)
        ),
        trust.counts,
    )
    bulk(
        ProgressNote,
        (
            ProgressNote(
                action=a,
                noted_on=a.deadline - _days(30 + 10 * k),
                rag=a.rag,
                note="Discussed with staff; next steps agreed.",
                by=trust.dop,
            )
            for a in actions
            for k in range(2)
        ),
        trust.counts,
    )


def _school_reviews(trust: Trust, year) -> None:
    kinds = (SchoolReview.Kind.SAFEGUARDING, SchoolReview.Kind.SIP, SchoolReview.Kind.PARTNERSHIP)
    bulk(
        SchoolReview,
        (
            SchoolReview(
                school=s,
                kind=kind,
                held_on=min(trust.today, year.starts_on + _days(14 + 7 * k + i % 20)),
                led_by="Trust lead",
                recorded_by=trust.dop,
            )
            for i, s in enumerate(trust.schools)
            for k, kind in enumerate(kinds)
        ),
        trust.counts,
    )


def _governance(trust: Trust, terms, year, *, rng, skills: bool) -> None:
    """An LGB per school with seven people; a meeting each of the last three terms with
    attendance; this term's meeting ahead for a quarter of them; an action from each last
    meeting (a sixth overdue); safeguarding training and this year's skills audit."""
    today = trust.today
    lgbs = bulk(
        Body,
        (
            Body(
                kind="lgb",
                name=f"{s.name} LGB",
                school=s,
                target_size=8,
                quorum=3,
                cadence="termly",
            )
            for s in trust.schools
        ),
        trust.counts,
    )
    people = bulk(
        Person,
        (
            Person(full_name=f"{lgb.school.name} Governor {k + 1}", email="")
            for lgb in lgbs
            for k in range(len(LGB_SEATS))
        ),
        trust.counts,
    )
    seats = len(LGB_SEATS)
    appointments = bulk(
        Appointment,
        (
            Appointment(
                person=people[b * seats + k],
                body=lgb,
                role=role,
                category=category,
                starts_on=datetime.date(year.start_year - 1 - k % 3, 9, 1),
                ends_on=datetime.date(year.start_year + 2 + k % 3, 8, 31),
            )
            for b, lgb in enumerate(lgbs)
            for k, (role, category) in enumerate(LGB_SEATS)
        ),
        trust.counts,
    )
    meetings = []
    for t in terms[-3:]:
        for i, lgb in enumerate(lgbs):
            held_on = t.starts_on + _days(30 + i % 10)
            if held_on > today:
                held_on = today + _days(1 + i % 7) if i % 4 == 0 else None
            if held_on:
                meetings.append(Meeting(body=lgb, held_on=held_on, minutes="Minutes agreed."))
    meetings = bulk(Meeting, meetings, trust.counts)
    by_body: dict[int, list] = {}
    for a in appointments:
        by_body.setdefault(a.body_id, []).append(a.person_id)
    bulk(
        Attendance,
        (
            Attendance(meeting=m, person_id=p, present=k != 5, apologies=k == 5)
            for m in meetings
            if m.held_on <= today
            for k, p in enumerate(by_body[m.body_id])
        ),
        trust.counts,
    )
    bulk(
        MeetingAction,
        (
            MeetingAction(
                meeting=m,
                description="Review the attendance policy against the trust's model",
                owner="Chair",
                due_on=m.held_on + _days(21 if i % 6 == 0 else 120),
            )
            for i, m in enumerate(meetings)
            if m.held_on <= today
        ),
        trust.counts,
    )
    skills = [
        Skill.objects.get_or_create(name=name, defaults={"order": n})[0]
        for n, name in enumerate(SKILLS)
    ]
    bulk(
        Training,
        (
            Training(
                person=p,
                kind="safeguarding",
                course="Safeguarding for governors",
                completed_on=datetime.date(today.year - rng.randrange(5), 10, 1),
            )
            for p in people
        ),
        trust.counts,
    )
    if not skills:
        return
    skills = [
        Skill.objects.get_or_create(name=name, defaults={"order": n})[0]
        for n, name in enumerate(SKILLS)
    ]
    bulk(
        SkillRating,
        (
            SkillRating(person=p, academic_year=year, skill=s, level=1 + rng.randrange(4))
            for p in people
            for s in skills
        ),
        trust.counts,
    )


def _budgets(trust: Trust, year) -> None:
    """This year's budget and monthly figures (actuals to date, forecasts after), and the
    year's targets."""
    FinanceTarget.objects.get_or_create(academic_year=year)
    today = trust.today
    closed = max(0, (today.year - year.start_year) * 12 + today.month - 9)
    lines, months = [], []
    for s in trust.schools:
        income = Decimal(5200 * s.pupils_on_roll)
        for heading, share in BUDGET_SHARES.items():
            amount = (income * share).quantize(Decimal(1))
            lines.append(BudgetLine(school=s, academic_year=year, heading=heading, amount=amount))
            monthly = (amount / 12).quantize(Decimal(1))
            for month in range(1, 13):
                months.append(
                    MonthlyFigure(
                        school=s,
                        academic_year=year,
                        month=month,
                        heading=heading,
                        actual=monthly if month <= closed else None,
                        forecast=None if month <= closed else monthly,
                    )
                )
    bulk(BudgetLine, lines, trust.counts)
    bulk(MonthlyFigure, months, trust.counts)


def _risk_registers(trust: Trust, terms, *, rng) -> None:
    """A risk register per school, reviewed last term (a fifth a term earlier: overdue)."""
    today = trust.today
    registers = bulk(RiskRegister, (RiskRegister(school=s) for s in trust.schools), trust.counts)
    bulk(
        Risk,
        (
            Risk(
                register=r,
                title=title,
                category=category,
                likelihood=4,
                impact=4,
                owner="Headteacher",
                mitigations="Three-year plan; trust support.",
                residual_likelihood=1 + rng.randrange(4),
                residual_impact=1 + rng.randrange(4),
            )
            for r in registers
            for title, category in (
                ("Falling rolls reduce income", "finance"),
                ("Roof condition in the main block", "estates"),
                ("Recruitment of a qualified SENCO", "staffing"),
            )
        ),
        trust.counts,
    )
    past = [t for t in terms if t.ends_on < today]
    if len(past) >= 2:
        bulk(
            RiskReview,
            (
                RiskReview(
                    register=r,
                    reviewed_on=(past[-2] if i % 5 == 2 else past[-1]).ends_on - _days(20),
                    by=trust.cfo,
                    notes="Reviewed at the term's finance meeting.",
                )
                for i, r in enumerate(registers)
            ),
            trust.counts,
        )
