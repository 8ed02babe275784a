"""A plausible category history for the demo trust: one risk meeting in each term of last
academic year, with every school assessed (one missed the summer meeting, so it shows as
overdue), a school that slipped to category 3, one that recovered, and an override with
its rationale. This term, Glen Hills was re-assessed early, at a meeting last week (its
head reads the decision on their home); the term's meeting for the other schools is left
for the CEO/DoP to hold. Idempotent.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from schools.calendar import Calendar, academic_start_year, create_typical_year
from schools.models import Role, School, User

from .models import Issues, LeadershipCapacity, Performance, RiskMeeting
from .services import decide_category, hold_meeting

P, V = Performance.POSITIVE, Performance.VARIABLE
N, MI, SO = Issues.NONE, Issues.MINOR, Issues.SOME

# school: one entry per meeting (autumn, spring, summer): (performance, QA visits,
# partnership review, external reports), or None where the school was not assessed;
# optionally a fifth item (category, rationale) where the meeting overrode the suggestion.
HISTORY = {
    "Ashby Hill Top": [(P, N, N, N)] * 3,
    "Newcroft": [(P, N, N, N)] * 3,
    "Glen Hills": [(P, N, N, N)] * 3,
    "Orchard": [(P, MI, N, N), (P, N, N, N), (P, N, N, N)],
    "Donisthorpe": [(P, N, N, N)] * 3,
    "Ashby Hastings": [(P, N, N, N)] * 3,
    "Fairfield": [(P, MI, N, N), (P, N, N, N), (P, N, N, N)],
    "Old Mill": [(P, N, N, MI), (P, N, N, N), (P, N, N, N)],
    "The Meadow": [(P, MI, MI, N)] * 3,
    "Ashby Willesley": [(P, MI, N, MI)] * 3,
    "Thornton": [
        (P, MI, MI, N),
        (P, MI, MI, N),
        (
            P,
            MI,
            SO,
            N,
            (
                2,
                "The partnership review's concerns are about one new subject leader, with a "
                "support plan already agreed; leadership capacity is secure.",
            ),
        ),
    ],
    "Foxton": [(P, MI, MI, N), (V, SO, MI, MI), (V, SO, SO, MI)],
    "The Hall": [(P, MI, N, MI)] * 3,
    "Hugglescote": [(V, SO, MI, MI), (P, MI, MI, N), (P, MI, N, N)],
    "Thythorn Field": [(P, MI, N, MI), (P, MI, N, N), None],
}
NOTES = {
    P: "KS2 combined above national for three years; phonics in line.",
    V: "KS2 writing dipped below national; maths in line; phonics up.",
}
# The meeting's judgement of leadership capacity beside each category decided, with its note.
CAPACITY = {
    1: (
        LeadershipCapacity.STRONG,
        "Senior leaders secure progress and lead support for other trust schools.",
    ),
    2: (LeadershipCapacity.SUFFICIENT, "Leaders secure the school's own progress."),
    3: (
        LeadershipCapacity.LIMITED,
        "Middle leadership of English is new; the head needs the trust's support to secure "
        "progress in writing.",
    ),
    4: (
        LeadershipCapacity.INSUFFICIENT,
        "Leaders cannot yet secure progress without the trust's intervention.",
    ),
}
MINUTES = (
    "Executive Group risk meeting. Each school's current QA information, data and "
    "partnership review findings were discussed; categories below."
)


@transaction.atomic
def seed_demo_categories() -> None:
    today = timezone.localdate()
    previous = academic_start_year(today) - 1
    create_typical_year(previous)
    calendar = Calendar.load()
    terms = [t for t in calendar.terms if t.academic_year.start_year == previous]
    dop = User.objects.get(email="dop@example.org")
    attendees = list(User.objects.filter(role__in=[Role.CEO, Role.DOP, Role.CFO]))
    schools = {s.name: s for s in School.objects.filter(name__in=HISTORY)}
    for index, term in enumerate(terms):
        second_half = [h for h in calendar.half_terms if h.term_id == term.pk][-1]
        held_on = second_half.starts_on + datetime.timedelta(days=14)
        meeting = RiskMeeting.objects.filter(held_on=held_on).first()
        if meeting is None:
            meeting = hold_meeting(held_on=held_on, attendees=attendees, minutes=MINUTES, by=dop)
        for name, entries in HISTORY.items():
            entry = entries[index]
            school = schools.get(name)
            if entry is None or school is None or meeting.assessments.filter(school=school):
                continue
            performance, qa, partnership, external, *override = entry
            category, rationale = override[0] if override else (None, "")
            _decide(
                school, meeting, dop, (performance, qa, partnership, external), category, rationale
            )
    _early_reassessment(schools.get(EARLY), terms[-1].ends_on, attendees, dop, today)


# Re-assessed at a meeting a week ago, with the evidence of its summer decision.
EARLY, EARLY_DAYS_AGO = "Glen Hills", 7


def _early_reassessment(school, last_year_ended, attendees, dop, today):
    if school is None or school.assessments.filter(assessed_on__gt=last_year_ended).exists():
        return
    held_on = today - datetime.timedelta(days=EARLY_DAYS_AGO)
    meeting = RiskMeeting.objects.filter(held_on=held_on).first() or hold_meeting(
        held_on=held_on, attendees=attendees, minutes=MINUTES, by=dop
    )
    _decide(school, meeting, dop, HISTORY[EARLY][-1][:4], None, "")
    # Its letter went to the head and the chair: the history page and the meeting's show it.
    from .letters import send_letters

    send_letters(meeting=meeting, by=dop)


def _decide(school, meeting, dop, evidence, category, rationale):
    from . import rules

    performance, qa, partnership, external = evidence
    fields = {
        "performance": performance,
        "qa_visits": qa,
        "partnership": partnership,
        "external": external,
    }
    ofsted, _ = rules.ofsted_evidence(list(school.inspections.all()))
    suggested = rules.suggest(ofsted=ofsted, **fields).category
    capacity, capacity_note = CAPACITY[category or suggested]
    decide_category(
        school=school,
        meeting=meeting,
        evidence=fields | {"performance_note": NOTES[performance]},
        category=category or suggested,
        leadership_capacity=capacity,
        leadership_capacity_note=capacity_note,
        rationale=rationale,
        by=dop,
        today=meeting.held_on,
    )


def seed_demo_scc() -> None:
    """Foxton: in Schools Causing Concern since the spring (trust concerns after it slipped
    to category 3), moved to level 2 at the summer monitoring review; its half-termly
    monitoring is now due, with the local authority involved. Idempotent."""
    from reviews.models import Action

    from . import scc
    from .models import SccCase, SccStep

    foxton = School.objects.filter(name="Foxton").first()
    if foxton is None or SccCase.objects.filter(school=foxton).exists():
        return
    calendar = Calendar.load()
    today = timezone.localdate()
    previous = academic_start_year(today) - 1
    terms = [t for t in calendar.terms if t.academic_year.start_year == previous]
    ceo = User.objects.get(email="ceo@example.org")
    case = scc.enter_scc(
        school=foxton,
        trigger=SccCase.Trigger.TRUST_CONCERN,
        reason="KS2 writing below national two years running and QA visits found "
        "inconsistent teaching in upper Key Stage 2.",
        by=ceo,
        opened_on=terms[1].starts_on + datetime.timedelta(days=70),
        plan={
            "agreed_headteacher": "Substantive head, supported by an executive head",
            "core_offer_support": "Curriculum: writing lead from the TDG weekly.\n"
            "Leadership: executive head coaching fortnightly.\n"
            "Governance: CoG liaison with the trust's governance lead each half-term.",
            "due_diligence_findings": "Writing in Years 5-6; assessment accuracy; "
            "middle leadership of English.",
        },
    )
    held_on = terms[2].starts_on + datetime.timedelta(days=45)
    step = {"who": "Demo CEO", "done_on": held_on}
    scc.record_monitoring(
        case=case,
        outcome="insufficient",
        held_on=held_on,
        notes="Writing outcomes in Year 6 mocks unchanged; plan actions behind schedule.",
        steps={
            SccStep.Key.CAUSES_DISCUSSED: step
            | {
                "evidence": "Met the head on the day: staffing turnover in Year 5 and weak "
                "moderation identified as the causes."
            },
            SccStep.Key.PLAN_AMENDED: step
            | {"evidence": "Plan amended: TDG writing lead moved to twice weekly."},
        },
        by=ceo,
    )
    # The local authority's school-improvement adviser has been involved since the move.
    scc.record_involvement(
        case=case,
        data={
            "body": "local_authority",
            "body_name": "the county council's school-improvement service",
            "started_on": held_on,
            "notes": "Adviser joins the half-termly monitoring of writing; contact via the "
            "council's school-improvement team.",
        },
        by=ceo,
    )
    if not Action.objects.filter(scc_case=case).exists():
        scc.add_plan_action(
            case=case,
            data={
                "title": "Weekly modelled writing in Years 5 and 6",
                "owner": "English lead",
                "support_deployed": "TDG writing lead",
            },
            by=ceo,
        )


def seed_demo_issues() -> None:
    """A staffing issue at Thornton (its deputy head on long-term absence since the autumn
    half-term) and a resolved premises one at Foxton, so the fifth criterion's evidence is
    full on first run. Idempotent."""
    from .issues import record_issue, resolve_issue
    from .models import SchoolIssue

    if SchoolIssue.objects.exists():
        return
    today = timezone.localdate()
    dop = User.objects.get(email="dop@example.org")
    schools = {s.name: s for s in School.objects.filter(name__in=["Thornton", "Foxton"])}
    if "Thornton" in schools:
        record_issue(
            school=schools["Thornton"],
            kind=SchoolIssue.Kind.LEADER_ABSENCE,
            level="minor",
            description="Deputy headteacher on long-term absence; the assistant head is "
            "acting up with support from the executive head.",
            started_on=today - datetime.timedelta(days=40),
            by=dop,
        )
    if "Foxton" in schools:
        closure = record_issue(
            school=schools["Foxton"],
            kind=SchoolIssue.Kind.BUILDING_CLOSURE,
            level="some",
            description="Key Stage 2 block closed after a roof leak; classes moved to the hall.",
            started_on=today - datetime.timedelta(days=60),
            by=dop,
        )
        resolve_issue(
            issue=closure,
            resolved_on=today - datetime.timedelta(days=30),
            resolution="Roof repaired from the School Condition Allocation.",
            by=dop,
        )
