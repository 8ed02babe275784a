"""A synthetic trust of any size, for the benchmarks and their smoke test.

``build_trust(schools=500)`` writes, through the project's own models and ``bulk_create``:
schools in hubs with their Ofsted history and a headteacher each; the calendar and a
termly data collection for every term of the last ``years`` academic years, each school's
submission with the full long table of figures (the same rows ``schools.data.measures``
asks for); a risk meeting each term with every school's category decision chained to the
one before; Schools Causing Concern cases for the category-4 schools; then
(``benchmarks.generator_more``) peer reviews, Core Plans, the other reviews, governance and
finance. Values come from a seeded random generator, so a build is repeatable.

It adds to whatever is in the database (the tests' demo trust, say): every name it writes
starts with ``prefix``. Emptying the benchmark database between sizes is the runner's job.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from categorisation.models import (
    Assessment,
    Category,
    Issues,
    OfstedEvidence,
    Performance,
    RiskMeeting,
    SccCase,
    SccMove,
)
from schools.calendar import Calendar, academic_start_year, create_typical_year
from schools.data import benchmarks
from schools.data.measures import BY_KEY, COUNT, SCORE, expected_rows
from schools.models import (
    Collection,
    Figure,
    Hub,
    LegacyGrade,
    OfstedInspection,
    Role,
    School,
    Submission,
    User,
)

BATCH = 5000
PASSWORD = "bench-password-not-secret"  # noqa: S105 - synthetic accounts in a scratch database
# Category mix of a large trust: mostly stable, a few repairing, a handful high risk.
CATEGORY_WEIGHTS = {1: 20, 2: 60, 3: 15, 4: 5}
GRADE_FOR_CATEGORY = {
    1: LegacyGrade.OUTSTANDING,
    2: LegacyGrade.GOOD,
    3: LegacyGrade.REQUIRES_IMPROVEMENT,
    4: LegacyGrade.INADEQUATE,
}
EVIDENCE_FOR_GRADE = {
    LegacyGrade.OUTSTANDING: OfstedEvidence.OUTSTANDING,
    LegacyGrade.GOOD: OfstedEvidence.GOOD,
    LegacyGrade.REQUIRES_IMPROVEMENT: OfstedEvidence.REQUIRES_IMPROVEMENT,
    LegacyGrade.INADEQUATE: OfstedEvidence.INADEQUATE,
}
ISSUES_FOR_CATEGORY = {1: Issues.NONE, 2: Issues.MINOR, 3: Issues.SOME, 4: Issues.SIGNIFICANT}
GROUP_SHARE = {"all": 1, "disadvantaged": 0.24, "send": 0.15, "eal": 0.1, "boys": 0.5, "girls": 0.5}
# What a build writes; the reminder scan's 10,000-school trust leaves out what it never
# reads (figures, reviews, skills audits, budgets) to build in a minute.
ALL_PARTS = frozenset(
    {"data", "categories", "scc", "reviews", "governance", "skills", "budgets", "risks"}
)


@dataclass
class Trust:
    """What a build made, for the benchmarks to pick their subjects from."""

    schools: list[School]
    ceo: User
    dop: User
    cfo: User
    trustee: User
    heads: dict[int, User]  # school pk -> its headteacher
    category: dict[int, int]  # school pk -> its current category
    today: datetime.date
    counts: dict[str, int] = field(default_factory=dict)


def build_trust(
    *,
    schools: int,
    years: int = 6,
    figures: bool = True,
    parts=ALL_PARTS,
    prefix: str = "Bench",
    seed: int = 9,
    today: datetime.date | None = None,
) -> Trust:
    """Build a trust of ``schools`` schools with ``years`` academic years of history."""
    from . import generator_more

    today = today or timezone.localdate()
    rng = random.Random(seed)  # noqa: S311 - synthetic data, repeatable on purpose
    with transaction.atomic():
        trust = _people_and_schools(schools, prefix=prefix, rng=rng, today=today)
        terms = _calendar(years, today)
        if "data" in parts:
            _data(trust, terms, rng=rng, figures=figures)
        if "categories" in parts:
            _categories(trust, terms, rng=rng)
        if "scc" in parts:
            _scc(trust, terms)
        generator_more.build(trust, terms, rng=rng, parts=parts)
    return trust


def bulk(model, rows, counts: dict[str, int] | None = None) -> list:
    """``bulk_create`` in batches; primary keys are set on the rows (PostgreSQL, SQLite)."""
    rows = list(rows)
    model.objects.bulk_create(rows, batch_size=BATCH)
    if counts is not None:
        counts[model._meta.label] = counts.get(model._meta.label, 0) + len(rows)
    return rows


def _calendar(years: int, today: datetime.date) -> list:
    """The terms of the last ``years`` academic years that have started, oldest first."""
    current = academic_start_year(today)
    for start in range(current - years + 1, current + 2):
        create_typical_year(start)
    calendar = Calendar.load()
    return [
        term
        for term in calendar.terms
        if current - years < term.academic_year.start_year <= current and term.starts_on <= today
    ]


def _people_and_schools(n: int, *, prefix: str, rng, today) -> Trust:
    counts: dict[str, int] = {}
    slug = prefix.lower()
    password = make_password(PASSWORD)  # hashed once: one PBKDF2 run, not one per account
    leaders = {}
    for role in (Role.CEO, Role.DOP, Role.CFO, Role.TRUSTEE):
        leaders[role] = User(
            email=f"{slug}.{role.value}@bench.example.org",
            full_name=f"{prefix} {role.label}",
            role=role,
            password=password,
            is_staff=role == Role.CFO,
        )
    bulk(User, leaders.values(), counts)
    hubs = bulk(
        Hub,
        (Hub(name=f"{prefix} hub {i + 1}") for i in range(max(2, n // 25))),
        counts,
    )
    schools = bulk(
        School,
        (
            School(
                name=f"{prefix} School {i + 1:05d}",
                urn=f"{900000 + i}",
                hub=hubs[i % len(hubs)],
                status=School.Status.MEMBER,
                phase=School.Phase.PRIMARY,
                joined_on=datetime.date(2016 + i % 9, 9, 1),
                pupils_on_roll=180 + rng.randrange(240),
                lgb_chair=f"Chair of {prefix} School {i + 1:05d}",
            )
            for i in range(n)
        ),
        counts,
    )
    heads = bulk(
        User,
        (
            User(
                email=f"{slug}.head{i + 1:05d}@bench.example.org",
                full_name=f"Headteacher {i + 1:05d}",
                role=Role.HEADTEACHER,
                password=password,
            )
            for i in range(n)
        ),
        counts,
    )
    bulk(
        User.schools.through,
        (
            User.schools.through(user_id=h.pk, school_id=s.pk)
            for h, s in zip(heads, schools, strict=True)
        ),
        counts,
    )
    weights = list(CATEGORY_WEIGHTS.values())
    category = {s.pk: rng.choices(list(CATEGORY_WEIGHTS), weights)[0] for s in schools}
    # The first school is always in category 4 and Schools Causing Concern: the benchmarks
    # time its page, the fullest, and it must be the same kind of page at every size.
    category[schools[0].pk] = Category.HIGH_RISK
    inspections = []
    for s in schools:
        grade = GRADE_FOR_CATEGORY[category[s.pk]]
        for year, g in (
            (2017 + rng.randrange(3), LegacyGrade.GOOD),
            (2021 + rng.randrange(4), grade),
        ):
            inspections.append(
                OfstedInspection(
                    school=s,
                    year=year,
                    inspected_on=datetime.date(year, 3 + rng.randrange(8), 1 + rng.randrange(27)),
                    framework=OfstedInspection.Framework.LEGACY,
                    inspection_type=OfstedInspection.Type.GRADED,
                    overall_grade=g,
                )
            )
    bulk(OfstedInspection, inspections, counts)
    return Trust(
        schools=schools,
        ceo=leaders[Role.CEO],
        dop=leaders[Role.DOP],
        cfo=leaders[Role.CFO],
        trustee=leaders[Role.TRUSTEE],
        heads={s.pk: h for s, h in zip(schools, heads, strict=True)},
        category=category,
        today=today,
        counts=counts,
    )


# --- Termly data -------------------------------------------------------------------------


def _data(trust: Trust, terms, *, rng, figures: bool) -> None:
    benchmarks.import_shipped()
    today = trust.today
    for term in terms:
        current = term.ends_on >= today
        opens_on = term.starts_on + datetime.timedelta(days=42)
        deadline = term.ends_on - datetime.timedelta(days=14)
        if current:  # open now, due within days: the collection reminders have work to do
            opens_on, deadline = min(opens_on, today), max(today, today + datetime.timedelta(3))
        collection, _ = Collection.objects.get_or_create(
            term=term, defaults={"opens_on": opens_on, "deadline": deadline}
        )
        submissions = []
        for i, school in enumerate(trust.schools):
            state = Submission.State.ACCEPTED
            if current:
                if i % 5 == 4:
                    continue  # not started: named as missing, chased by a reminder
                state = Submission.State.DRAFT if i % 5 == 3 else Submission.State.SUBMITTED
            submissions.append(
                Submission(
                    collection=collection,
                    school=school,
                    state=state,
                    submitted_by=trust.heads[school.pk],
                    submitted_at=timezone.now(),
                )
            )
        bulk(Submission, submissions, trust.counts)
        if figures:
            keys = list(expected_rows(season=term.season, phase=School.Phase.PRIMARY))
            written, rows = 0, []
            for submission in submissions:
                rows += _figures(submission, keys, rng)
                if len(rows) >= 20 * BATCH:  # a term at a time would hold millions in memory
                    written += copy_figures(rows)
                    rows = []
            written += copy_figures(rows)
            trust.counts["schools.Figure"] = trust.counts.get("schools.Figure", 0) + written


FIGURE_COLUMNS = ("submission_id", "measure", "year_group", "subject", "group", "pupils", "value")


def copy_figures(rows: list[tuple]) -> int:
    """Write figure rows (tuples in ``FIGURE_COLUMNS`` order). On PostgreSQL through COPY:
    millions of rows are most of a build, and COPY writes them ten times faster than
    ``bulk_create`` (which stays the way on SQLite, for the tests)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        bulk(Figure, (Figure(**dict(zip(FIGURE_COLUMNS, row, strict=True))) for row in rows))
        return len(rows)
    table = connection.ops.quote_name(Figure._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in FIGURE_COLUMNS)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {table} ({columns}) FROM STDIN"  # noqa: S608 - names from the model
        ) as copy,
    ):
        for row in rows:
            copy.write_row(row)
    return len(rows)


def _figures(submission, keys, rng) -> list[tuple]:
    roll = submission.school.pupils_on_roll
    cohort = max(20, roll // 7)
    out = []
    for key in keys:
        m = key.measure
        kind = BY_KEY[m].kind
        if m == "pupils_on_roll":
            pupils, value = None, roll
        elif kind == COUNT:
            pupils, value = None, rng.randrange(8 if m == "suspensions" else 2)
        elif kind == SCORE:
            pupils, value = cohort, 95 + rng.random() * 14
        elif "absence" in m:
            pupils = round(roll * 0.24) if m.startswith("disadvantaged") else roll
            value = 4 if m in ("overall_absence", "disadvantaged_absence") else 12
            value = value + rng.random() * 4
        else:
            pupils = max(1, int(cohort * GROUP_SHARE[key.group]))
            value = 40 + rng.random() * 50
        out.append(
            (
                submission.pk,
                m,
                key.year_group,
                key.subject,
                key.group,
                pupils,
                Decimal(f"{value:.2f}"),
            )
        )
    return out


# --- Categorisation and Schools Causing Concern --------------------------------------------


def _categories(trust: Trust, terms, *, rng) -> None:
    """A risk meeting in each term's second half; every school decided at each, chained to
    its previous decision. A few schools missed the latest meeting, so they are overdue."""
    calendar = Calendar.load()
    halves = {h.term_id: h for h in calendar.half_terms if h.number == 2}
    inspections = {}
    for inspection in OfstedInspection.objects.filter(school__in=trust.schools).order_by(
        "school_id", "-year"
    ):
        inspections.setdefault(inspection.school_id, inspection)
    previous: dict[int, Assessment] = {}
    meetings = [t for t in terms if halves[t.pk].starts_on + datetime.timedelta(14) <= trust.today]
    for index, term in enumerate(meetings):
        held_on = halves[term.pk].starts_on + datetime.timedelta(days=14)
        meeting = RiskMeeting.objects.create(
            held_on=held_on, term=term, half_term=halves[term.pk], created_by=trust.dop
        )
        meeting.attendees.set([trust.ceo, trust.dop, trust.cfo])
        trust.counts["categorisation.RiskMeeting"] = index + 1
        last = index == len(meetings) - 1
        rows = []
        for i, school in enumerate(trust.schools):
            if last and i % 14 == 13:
                continue  # missed the latest meeting: overdue for re-assessment
            final = trust.category[school.pk]
            # Earlier terms wander a category either side of where the school ends up.
            category = (
                final
                if index >= len(meetings) - 2
                else min(4, max(1, final + rng.choice((-1, 0, 0, 1))))
            )
            inspection = inspections[school.pk]
            issues = ISSUES_FOR_CATEGORY[category]
            rows.append(
                Assessment(
                    school=school,
                    meeting=meeting,
                    assessed_on=held_on,
                    kind=Assessment.Kind.REASSESSMENT
                    if school.pk in previous
                    else Assessment.Kind.START_OF_YEAR,
                    previous=previous.get(school.pk),
                    ofsted=EVIDENCE_FOR_GRADE[inspection.overall_grade],
                    ofsted_inspection=inspection,
                    performance=Performance.POSITIVE if category <= 2 else Performance.DECLINING,
                    performance_note="KS2 combined against national, three years.",
                    qa_visits=issues,
                    partnership=issues,
                    external=Issues.NONE,
                    suggested_category=category,
                    suggestion_reason=f"Every criterion fits category {category} or better.",
                    category=category,
                    decided_by=trust.dop,
                )
            )
        for assessment in bulk(Assessment, rows, trust.counts):
            previous[assessment.school_id] = assessment
    trust.category = {pk: a.category for pk, a in previous.items()}


def _scc(trust: Trust, terms) -> None:
    """Every category-4 school is in Schools Causing Concern: entered at level 1 two terms
    ago, moved to level 2 at last term's monitoring review for insufficient progress."""
    concern = [s for s in trust.schools if trust.category.get(s.pk) == Category.HIGH_RISK]
    if not concern or len(terms) < 3:
        return
    entered_on = terms[-3].starts_on + datetime.timedelta(days=20)
    reviewed_on = terms[-2].starts_on + datetime.timedelta(days=20)
    cases = bulk(
        SccCase,
        (
            SccCase(
                school=s,
                trigger=SccCase.Trigger.CATEGORY_4,
                reason="Placed in category 4 at the risk meeting.",
                opened_on=entered_on,
                opened_by=trust.ceo,
                agreed_headteacher="Substantive head, supported by an executive head",
                core_offer_support="Curriculum, leadership and governance support weekly.",
            )
            for s in concern
        ),
        trust.counts,
    )
    entries = bulk(
        SccMove,
        (
            SccMove(case=c, kind=SccMove.Kind.ENTER, to_level=1, held_on=entered_on, by=trust.ceo)
            for c in cases
        ),
        trust.counts,
    )
    bulk(
        SccMove,
        (
            SccMove(
                case=e.case,
                previous=e,
                kind=SccMove.Kind.MONITORING,
                outcome=SccMove.Outcome.INSUFFICIENT,
                from_level=1,
                to_level=2,
                held_on=reviewed_on,
                notes="Plan actions behind schedule.",
                by=trust.ceo,
            )
            for e in entries
        ),
        trust.counts,
    )
