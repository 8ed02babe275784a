"""Demo reviews and Core Plans for the demo trust, so the pages are not empty.

Built through the real services; idempotent: whatever exists is left as it is, so running
``seed_demo`` twice gives identical rows. The texts are illustrative, not the trust's.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from schools import access
from schools.calendar import academic_start_year
from schools.demo import DEMO_PASSWORD, SCHOOLS
from schools.models import AcademicYear, Role, School, User

from . import offer
from .models import Action, Area, IssueLevel, PeerReview, SchoolReview, Status, TdgDeployment
from .services import core_plans, peer_reviews, tdg

# Reviewers with no school in their name (the pages never show a linked user another
# school's name). Their home schools are the ones they may never review.
REVIEWERS = [
    ("tdg.maths@example.org", "Demo TDG Maths Lead", "Orchard"),
    ("tdg.phonics@example.org", "Demo TDG Phonics Lead", "Donisthorpe"),
]
# A reviewer from outside the trust (Trust Self-Evaluation 2025: external members join peer
# reviews for further QA), on the review in progress at this school.
EXTERNAL = ("external@example.org", "Demo External Reviewer", "Inspiring Leaders")
EXTERNAL_ON = "Foxton"
# The three schools that joined in September 2025 wait for their first categorisation
# before their first review is planned (the DoP plans them from the reviews page).
NEW_JOINERS = {"The Hall", "Hugglescote", "Thythorn Field"}

# (school, stage this year): at least one review at each step, so every home has its
# items: Glen Hills' head proposes priorities, the DoP agrees Ashby Hastings', the team
# records Foxton's, the DoP moderates The Meadow's and publishes Ashby Hill Top's, and the
# executive head accepts the actions Ashby Willesley's published review proposed.
PROPOSED = "proposed"  # planned, with the school's priorities proposed
STAGES = {
    "Thornton": Status.PUBLISHED,
    "Ashby Willesley": Status.PUBLISHED,
    "Ashby Hill Top": Status.MODERATED,
    "The Meadow": Status.DRAFT_REPORT,
    "Foxton": Status.IN_PROGRESS,
    "Old Mill": Status.PRIORITIES_AGREED,
    "Ashby Hastings": PROPOSED,
}
# Published reviews whose proposed actions the demo leaves for the head to accept.
LEFT_TO_ACCEPT = {"Ashby Willesley"}

FINDINGS = {
    Area.TEACHING: (
        "Lessons seen in every year group; clear modelling and well-sequenced tasks.",
        "Adaptive teaching is strong in Key Stage 1: pupils with SEND take a full part.",
        "Use assessment in lessons to move pupils on sooner in Years 5 and 6\n"
        "Share the Key Stage 1 approach to adaptive teaching across Key Stage 2",
        2,
    ),
    Area.BOOKS: (
        "Books from Years 2, 4 and 6 in English, mathematics and science.",
        "Presentation and pride in books are consistently good; feedback is acted on.",
        "Increase the volume of extended writing in Year 4",
        2,
    ),
    Area.PHONICS: (
        "Phonics lessons observed; screening data 2024-2026; pupils read to reviewers.",
        "The scheme is taught with fidelity and the lowest 20% read daily with an adult.",
        "Close the gap between disadvantaged pupils and others in the phonics screening",
        2,
    ),
    Area.ATTENDANCE: (
        "Attendance data by group; pupil voice with Year 5.",
        "Overall attendance is above the trust's 96% baseline.",
        "Reduce persistent absence among disadvantaged pupils",
        3,
    ),
}


@transaction.atomic
def seed_demo_review_history() -> None:
    """The published peer reviews of the trust's table (School Self-Evaluation, 2025):
    only the year and outcome are known."""
    for name, _hub, _joined, _ofsted, review in SCHOOLS:
        if review:
            outcome, review_year = review
            PeerReview.objects.update_or_create(
                school=School.objects.get(name=name),
                year=review_year,
                academic_year=None,
                defaults={
                    "overall_outcome": outcome,
                    "status": PeerReview.Status.PUBLISHED,
                    "scale": PeerReview.Scale.LEGACY,
                },
            )


@transaction.atomic
def seed_demo_reviews() -> None:
    today = timezone.localdate()
    year = AcademicYear.objects.filter(start_year=academic_start_year(today)).first()
    if year is None:
        return
    dop = User.objects.get(email="dop@example.org")
    reviewer = User.objects.get(email="reviewer@example.org")
    team = [reviewer, *(_reviewer(email, name, home) for email, name, home in REVIEWERS)]
    terms = list(year.terms.order_by("starts_on"))
    proposals = offer.offers_for(School.objects.all())
    schools = School.objects.filter(status=School.Status.MEMBER).exclude(name__in=NEW_JOINERS)
    for n, school in enumerate(schools.order_by("name")):
        if PeerReview.objects.filter(school=school, academic_year=year).exists():
            continue
        stage = STAGES.get(school.name, Status.PLANNED)
        if stage in (Status.PUBLISHED, Status.MODERATED, Status.DRAFT_REPORT):
            planned_on = terms[0].starts_on + datetime.timedelta(days=36 + n % 5)
        else:  # spread across spring and summer, on weekdays
            term = terms[1 + n % 2]
            planned_on = term.starts_on + datetime.timedelta(days=7 * (n % 5))
        proposal = proposals.get(school.pk)
        review = peer_reviews.plan_review(
            school=school,
            academic_year=year,
            by=dop,
            planned_on=planned_on,
            kind="" if proposal else PeerReview.Kind.LIGHT_TOUCH,
            kind_reason=""
            if proposal
            else "Demo data: no category decided yet; good or better at its last inspection.",
            school_priorities="From the school's SEF: writing in Key Stage 2; attendance of "
            "disadvantaged pupils.",
        )
        if stage == Status.PLANNED:
            continue
        if stage == PROPOSED:
            _propose(review, dop)
            continue
        for area in FINDINGS:
            peer_reviews.add_focus_area(review=review, area=area)
        peer_reviews.add_focus_area(
            review=review, area=Area.SCHOOL_PRIORITY, title="Writing in Key Stage 2"
        )
        members = [u for u in team if not u.schools.filter(pk=school.pk).exists()]
        for i, member in enumerate(members):
            peer_reviews.add_team_member(review=review, user=member, is_lead=i == 0)
        _advance(review, stage, dop)
    _external_reviewer(year)
    _core_plans(year, dop)
    _tdg_deployment(year, dop)
    _other_reviews(year, dop)


def _reviewer(email, name, home):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name)
    user.full_name, user.role = name, Role.TDG_PRACTITIONER
    user.save()
    user.schools.set([School.objects.get(name=home)])
    return user


def _external_reviewer(year):
    """The demo's external reviewer: an account like one the invitation makes (external,
    no school), with the demo password instead of the invitation's link."""
    email, name, organisation = EXTERNAL
    review = PeerReview.objects.filter(school__name=EXTERNAL_ON, academic_year=year).first()
    if review is None:
        return
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email,
            DEMO_PASSWORD,
            full_name=name,
            organisation=organisation,
            role=Role.EXTERNAL_REVIEWER,
        )
    if not review.team.filter(user=user).exists():
        peer_reviews.add_team_member(review=review, user=user)


def _propose(review, dop):
    """The school's head proposes the priorities (the DoP where the school has no head's
    account in the demo)."""
    heads = access.heads_of(review.school)
    areas = [a.area for a in review.focus_areas.all() if a.area != Area.SCHOOL_PRIORITY]
    own = [a.title for a in review.focus_areas.all() if a.area == Area.SCHOOL_PRIORITY]
    return peer_reviews.propose_priorities(
        review=review,
        areas=areas or [Area.TEACHING, Area.ATTENDANCE],
        school_priorities=own or ["Writing in Key Stage 2"],
        by=heads[0] if heads else dop,
    )


def _advance(review, stage, dop):
    steps = list(Status)
    for step in steps[1 : steps.index(stage) + 1]:
        if step == Status.PRIORITIES_AGREED:
            _propose(review, dop)
        if step == Status.DRAFT_REPORT:
            for area in review.focus_areas.all():
                evidence, strengths, development, judgement = FINDINGS.get(
                    area.area,
                    (
                        "Writing from Years 3 to 6; pupil voice.",
                        "Pupils write at length with growing control of grammar.",
                        "Model editing and redrafting explicitly in Year 3",
                        2,
                    ),
                )
                peer_reviews.record_findings(
                    focus_area=area,
                    data={
                        "observations": area.area == Area.TEACHING,
                        "book_scrutiny": area.area in (Area.BOOKS, Area.SCHOOL_PRIORITY),
                        "pupil_voice": True,
                        "data": area.area in (Area.PHONICS, Area.ATTENDANCE),
                        "evidence_notes": evidence,
                        "strengths": strengths,
                        "areas_for_development": development,
                        "judgement": judgement,
                    },
                )
            peer_reviews.record_overall(
                review=review,
                proposed_outcome=2,
                summary_text="A well-led school where pupils are keen to learn. Leaders know "
                "their school well; the review confirms their self-evaluation.",
            )
        review = peer_reviews.advance_review(
            review=review, to=step, by=dop, note="Judgements agreed at moderation."
        )
    return review


# Core Plans: actions from every source in every RAG state, some closed, one overdue.
PLAN_ACTIONS = [
    # (title, source, owner, months from the start of the year, support, notes (rag, text))
    (
        "Raise attendance of disadvantaged pupils to the trust's 96% baseline",
        Action.Source.OFSTED,
        "Deputy headteacher",
        2,
        "Trust attendance lead, half a day a fortnight",
        [
            ("amber", "First-day calling in place; persistent absence still 14%."),
            ("red", "Absence rose after half-term; escalated to the DoP."),
        ],
    ),
    (
        "Moderate Year 6 writing with partner schools each term",
        Action.Source.PARTNERSHIP_REVIEW,
        "English lead",
        9,
        "",
        [("green", "Autumn moderation held; judgements agreed.")],
    ),
    (
        "Embed the new mathematics calculation policy in Years 3 and 4",
        Action.Source.MONITORING,
        "Mathematics lead",
        6,
        "Demo TDG Maths Lead, 4 days (school-funded)",
        [("amber", "Policy launched; consistency varies between classes.")],
    ),
    (
        "Refresh the early reading scheme's decodable books",
        Action.Source.MONITORING,
        "Reading lead",
        1,
        "",
        [("green", "Books bought and banded.")],
    ),
]


def _core_plans(year, dop):
    for name in ("Glen Hills", "Thornton"):
        school = School.objects.get(name=name)
        plan = core_plans.core_plan_for(school=school, academic_year=year)
        head = next(iter(school.headteachers()), dop)
        for title, source, owner, months, support, notes in PLAN_ACTIONS:
            if plan.actions.filter(title=title).exists():
                continue
            action = core_plans.add_action(
                core_plan=plan,
                data={
                    "title": title,
                    "source": source,
                    "owner": owner,
                    "deadline": _deadline(year, months),
                    "support_deployed": support,
                    "school_funded": bool(support),
                    "success_criteria": "Measured at the next data collection point.",
                },
            )
            for i, (rag, text) in enumerate(notes):
                core_plans.add_progress_note(
                    action=action,
                    rag=rag,
                    note=text,
                    by=head,
                    noted_on=year.starts_on + datetime.timedelta(days=20 + 21 * i),
                )
            if title.startswith("Refresh the early reading"):
                core_plans.close_action(
                    action=action,
                    impact_evaluation="All Reception and Year 1 pupils read books matched to "
                    "the sounds they know.",
                    by=head,
                    closed_on=year.starts_on + datetime.timedelta(days=40),
                )
        _review_actions_progress(plan, head)


def _tdg_deployment(year, dop):
    """The Maths Lead's days for the calculation policy action (Strategy §5: TDG support
    is funded by the school)."""
    action = Action.objects.filter(
        core_plan__school__name="Glen Hills",
        core_plan__academic_year=year,
        title__startswith="Embed the new mathematics",
    ).first()
    lead = User.objects.filter(email="tdg.maths@example.org").first()
    if action is None or lead is None or action.tdg_deployments.exists():
        return
    starts = year.starts_on + datetime.timedelta(days=30)
    tdg.record_deployment(
        school=action.core_plan.school,
        practitioner=lead,
        specialism=TdgDeployment.Specialism.MATHS,
        days=4,
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=120),
        school_funded=True,
        action=action,
        notes="Demo data: coaching Years 3 and 4 teachers on the calculation policy.",
        by=dop,
    )


def _deadline(year, months):
    deadline = year.starts_on + datetime.timedelta(days=30 * months)
    if months == 2:  # the red action is always overdue, whenever the demo is seeded
        deadline = min(deadline, timezone.localdate() - datetime.timedelta(days=14))
    return deadline


def _review_actions_progress(plan, head):
    """The head accepts the actions a published review proposed, and reports progress."""
    states = ["green", "amber", "red"]
    for i, action in enumerate(plan.actions.filter(source=Action.Source.PEER_REVIEW)):
        if not action.proposed or action.notes.exists():
            continue
        core_plans.accept_action(
            action=action,
            owner="Headteacher",
            deadline=plan.academic_year.starts_on + datetime.timedelta(days=120 + 30 * i),
            by=head,
        )
        core_plans.update_action(
            action=action,
            data={"success_criteria": "Seen in the next review's observations and books."},
        )
        core_plans.add_progress_note(
            action=action,
            rag=states[i % 3],
            note="Discussed with staff; first steps taken.",
            by=head,
            noted_on=plan.academic_year.starts_on + datetime.timedelta(days=60),
        )


def _other_reviews(year, dop):
    """Safeguarding, school, SIP, partnership and governance reviews held so far."""
    today = timezone.localdate()
    halves = [h for t in year.terms.order_by("starts_on") for h in t.half_terms.order_by("number")]
    kind = SchoolReview.Kind
    for n, school in enumerate(School.objects.filter(status=School.Status.MEMBER).order_by("name")):
        if SchoolReview.objects.filter(school=school).exists():
            # A demo trust seeded before reviews recorded their level gets one now.
            for review in SchoolReview.objects.filter(school=school, issue_level=""):
                review.issue_level = _issue_level(school.name, review.kind)
                review.save(update_fields=["issue_level"])
            continue
        held = [
            (
                kind.SAFEGUARDING,
                halves[0].starts_on + datetime.timedelta(days=14),
                "Trust safeguarding lead",
            ),
            (
                kind.SIP,
                halves[0].starts_on + datetime.timedelta(days=21 + n),
                "School Improvement Partner",
            ),
        ]
        if n % 3:  # a third of the schools are behind on their second safeguarding review
            held.append(
                (
                    kind.SAFEGUARDING,
                    halves[1].starts_on + datetime.timedelta(days=7),
                    "Trust safeguarding lead",
                )
            )
        if n % 2:  # half the schools have had this year's safeguarding audit
            held.append(
                (
                    kind.SAFEGUARDING_AUDIT,
                    halves[0].starts_on + datetime.timedelta(days=30),
                    "Trust safeguarding lead",
                )
            )
        if n % 5 == 0:
            held.append(
                (kind.NLE, halves[0].starts_on + datetime.timedelta(days=10), "National leader")
            )
        if n % 4 == 0:
            held.append(
                (
                    kind.PARTNERSHIP,
                    halves[0].starts_on + datetime.timedelta(days=28),
                    "Partner school headteacher",
                )
            )
        if n % 2 == 0:
            held.append(
                (
                    kind.CURRICULUM,
                    halves[1].starts_on + datetime.timedelta(days=n % 10),
                    "Curriculum lead",
                )
            )
        if school.name in NEW_JOINERS:  # commissioned on joining (School-improvement model)
            held.append(
                (kind.GOVERNANCE, datetime.date(2025, 11, 12), "National Governance Association")
            )
        else:  # spread so that some fall due for their three-yearly review this year
            held.append(
                (
                    kind.GOVERNANCE,
                    datetime.date(year.start_year - 1 - n % 3, 3, 10),
                    "Trust governance lead",
                )
            )
        for review_kind, held_on, led_by in held:
            if held_on <= today:
                SchoolReview.objects.create(
                    school=school,
                    kind=review_kind,
                    held_on=held_on,
                    led_by=led_by,
                    recorded_by=dop,
                    issue_level=_issue_level(school.name, review_kind),
                    summary=REVIEW_FINDINGS[_issue_level(school.name, review_kind)],
                    # The SIP reports to the LGB at its next meeting, a fortnight on.
                    reported_on=(
                        held_on + datetime.timedelta(days=14)
                        if review_kind == kind.SIP
                        and held_on + datetime.timedelta(days=14) <= today
                        else None
                    ),
                )


# The level of issues the demo's reviews found, so the risk meeting's evidence panels are
# full on first run: Foxton (in Schools Causing Concern) still has some issues; a few
# schools have minor ones; safeguarding reviews found none except at Foxton.
ISSUE_LEVELS = {
    "Foxton": IssueLevel.SOME,
    "Thornton": IssueLevel.MINOR,
    "The Meadow": IssueLevel.MINOR,
    "Ashby Willesley": IssueLevel.MINOR,
    "Hugglescote": IssueLevel.MINOR,
}
REVIEW_FINDINGS = {
    IssueLevel.NONE: "No issues found; practice in line with the trust's expectations.",
    IssueLevel.MINOR: "Minor issues: two actions agreed with the head for the next visit.",
    IssueLevel.SOME: "Some issues: writing in upper Key Stage 2 inconsistent; actions added "
    "to the Core Plan.",
    IssueLevel.SIGNIFICANT: "Significant issues: raised with the CEO the same day.",
}


def _issue_level(name: str, kind: str) -> str:
    level = ISSUE_LEVELS.get(name, IssueLevel.NONE)
    if kind == SchoolReview.Kind.SAFEGUARDING:
        return IssueLevel.MINOR if level == IssueLevel.SOME else IssueLevel.NONE
    return level
