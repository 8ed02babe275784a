"""Demo governance: five members, a board of seven trustees with a Finance and Audit
Committee, a Local Governing Body for each school, the working groups, interests,
training and this year's skills audit. Names are clearly synthetic. Idempotent."""

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from schools.calendar import academic_start_year
from schools.models import AcademicYear, School, User

from .models import Appointment, Body, Interest, Person, Skill, SkillRating, Training

SKILLS = [
    "Education and school improvement",
    "Finance",
    "HR and employment",
    "Legal",
    "Safeguarding",
    "Estates and premises",
    "Audit and risk",
    "Governance and compliance",
    "Data and performance",
    "Communications and community",
]
WORKING_GROUPS = [
    ("EDG: Education Development Group", "fortnightly"),
    ("BDG: Business Development Group", "termly"),
    ("TDG: Teaching Development Group", "termly"),
    ("SDG: Subject Development Group", "termly"),
    ("CoG liaison", "termly"),
]
LGB_SEATS = [
    ("chair", "appointed"),
    ("vice_chair", "appointed"),
    ("member", "elected_parent"),
    ("member", "elected_parent"),
    ("member", "elected_staff"),
    ("member", "co_opted"),
]


def _n(*parts) -> int:
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:6], 16)


@transaction.atomic
def seed_demo_governance() -> None:
    if Body.objects.exists():
        return
    today = timezone.localdate()
    year = AcademicYear.objects.get(start_year=academic_start_year(today))
    skills = [Skill.objects.create(name=name, order=i) for i, name in enumerate(SKILLS)]
    members = Body.objects.create(
        kind="members", name="Members", target_size=5, quorum=3, meets="annually, late November"
    )
    board = Body.objects.create(
        kind="board", name="Board of Trustees", target_size=7, quorum=4, meets="termly"
    )
    audit = Body.objects.create(
        kind="committee",
        name="Finance and Audit Committee",
        target_size=5,
        quorum=3,
        meets="four times a year",
    )
    groups = {
        name: Body.objects.create(kind="working_group", name=name, meets=meets, quorum=3)
        for name, meets in WORKING_GROUPS
    }
    start = datetime.date(2022, 9, 1)

    def person(name, email="", user=None):
        if not email and not user:  # clearly synthetic addresses, as the demo accounts
            email = name.lower().replace(" ", ".").replace("(", "").replace(")", "") + (
                "@governors.example.org"
            )
        return Person.objects.create(full_name=name, email=email, user=user)

    def appoint(p, body, role="member", category="appointed", starts=start, ends=None):
        Appointment.objects.create(
            person=p, body=body, role=role, category=category, starts_on=starts, ends_on=ends
        )

    for i in range(5):
        appoint(
            person(f"Demo Member {chr(65 + i)}"),
            members,
            "chair" if i == 0 else "member",
            ends=datetime.date(2027, 8, 31),
        )
    trustee_user = User.objects.filter(email="trustee@example.org").first()
    trustees = []
    for i in range(7):
        p = person(
            "Demo Trustee" if i == 0 else f"Demo Trustee {chr(65 + i)}",
            user=trustee_user if i == 0 else None,
        )
        trustees.append(p)
        # One trustee's four-year term ends within three months: flagged for renewal.
        ends = today + datetime.timedelta(days=45) if i == 3 else datetime.date(2028, 8, 31)
        appoint(p, board, "chair" if i == 1 else "vice_chair" if i == 2 else "member", ends=ends)
        if i < 4:
            appoint(p, audit, "chair" if i == 1 else "member", ends=ends)
    governor_user = User.objects.filter(email="governor.fairfield@example.org").first()
    for school in School.objects.filter(status=School.Status.MEMBER).order_by("name"):
        lgb = Body.objects.create(
            kind="lgb",
            name=f"{school.name} LGB",
            school=school,
            target_size=7,
            quorum=3,
            meets="termly",
        )
        appoint(person(f"Headteacher of {school.name}"), lgb, category="ex_officio")
        for i, (role, category) in enumerate(LGB_SEATS):
            if school.name == "Old Mill" and i == 5:
                continue  # a vacancy
            # The demo governor chairs Fairfield's LGB, so the notices the chair is sent
            # (a category decided, an SCC move) reach a demo account.
            is_demo = school.name == "Fairfield" and i == 0
            p = person(
                "Demo Governor (Fairfield)" if is_demo else f"{school.name} Governor {i + 1}",
                user=governor_user if is_demo else None,
            )
            appoint(
                p,
                lgb,
                role,
                category,
                starts=datetime.date(2023 + i % 3, 9, 1),
                ends=datetime.date(2027 + i % 3, 8, 31),
            )
    # EDG: the CEO and DoP with the headteachers ("About the Trust"; School Improvement
    # Strategy 2024-25); BDG: the CFO.
    edg, bdg = groups["EDG: Education Development Group"], groups["BDG: Business Development Group"]
    for email, body, role in [
        ("ceo@example.org", edg, "chair"),
        ("dop@example.org", edg, "member"),
        ("cfo@example.org", bdg, "chair"),
    ]:
        user = User.objects.filter(email=email).first()
        if user:
            appoint(person(user.full_name, user=user), body, role, "ex_officio")
    for head in Person.objects.filter(full_name__startswith="Headteacher of "):
        appoint(head, edg, "member", "ex_officio")
    for p in Person.objects.all():
        n = _n(p.full_name)
        # Most trained in the last three years; a few out of date, a few with none.
        if n % 11:
            years_ago = 4 if n % 7 == 0 else n % 3
            Training.objects.create(
                person=p,
                kind="safeguarding",
                course="Safeguarding for governors",
                completed_on=datetime.date(today.year - years_ago, 10, 1),
            )
        ratings = []
        for s in skills:
            level = 1 + _n(p.full_name, s.name) % 4
            if "The Meadow" in p.full_name and s.name == "Estates and premises":
                level = min(level, 2)  # a gap in that LGB
            ratings.append(SkillRating(person=p, academic_year=year, skill=s, level=level))
        if "Fairfield" not in p.full_name or "Governor 2" in p.full_name:
            SkillRating.objects.bulk_create(ratings)
    for p, org, nature, kind in [
        (trustees[1], "Leicestershire building society", "Non-executive director", "business"),
        (trustees[2], "A local accountancy practice", "Partner", "pecuniary"),
        (trustees[4], "Another multi-academy trust", "Trustee", "governance"),
    ]:
        Interest.objects.create(
            person=p,
            organisation=org,
            nature=nature,
            kind=kind,
            declared_on=datetime.date(2025, 9, 15),
        )


@transaction.atomic
def seed_demo_meetings() -> None:
    """This year's autumn meetings: the board and each LGB, with attendance; the CEO or
    DoP at most LGBs so far; one LGB meeting not quorate; a few actions, one overdue; the
    board's and two LGBs' next meetings."""
    from schools.models import Role

    from .models import Attendance, Meeting, MeetingAction

    if Meeting.objects.exists():
        return
    today = timezone.localdate()
    year = AcademicYear.objects.get(start_year=academic_start_year(today))
    autumn = year.terms.order_by("starts_on").first()
    leaders = list(User.objects.filter(role__in=[Role.CEO, Role.DOP]).order_by("role"))
    last_year = AcademicYear.objects.filter(start_year=year.start_year - 1).first()
    if last_year:  # last year: termly meetings, the CEO or DoP at one of each LGB's
        for i, body in enumerate(Body.objects.filter(kind__in=["board", "lgb"]).order_by("name")):
            for t, term in enumerate(last_year.terms.order_by("starts_on")):
                meeting = Meeting.objects.create(
                    body=body,
                    held_on=term.starts_on + datetime.timedelta(days=30 + i % 10),
                    decisions="Reports received; policies approved.",
                    minutes="Minutes agreed at the next meeting.",
                )
                people = [a.person for a in body.appointments.filter(ends_on__gte=meeting.held_on)]
                for n, p in enumerate(people):
                    Attendance.objects.create(
                        meeting=meeting,
                        person=p,
                        present=(n + t) % 6 != 5,
                        apologies=(n + t) % 6 == 5,
                    )
                if body.kind == "lgb" and t == i % 3:
                    meeting.trust_leaders.add(leaders[i % len(leaders)])
    for i, body in enumerate(Body.objects.filter(kind__in=["board", "lgb"]).order_by("name")):
        held_on = min(autumn.starts_on + datetime.timedelta(days=35 + i % 10), today)
        meeting = Meeting.objects.create(
            body=body,
            held_on=held_on,
            agenda="Headteacher's report\nSafeguarding\nData and the Core Plan\nPolicies",
            decisions="Policies approved as circulated.",
            minutes="Minutes agreed at the next meeting.",
        )
        people = [a.person for a in body.appointments.filter(ends_on__gte=held_on)]
        short = body.name == "Old Mill LGB"  # only two came: not quorate
        for n, person in enumerate(people):
            present = n < 2 if short else n % 5 != 4
            Attendance.objects.create(
                meeting=meeting, person=person, present=present, apologies=not present
            )
        if body.kind == "lgb" and i % 4 != 3:  # most LGBs have had the CEO or DoP so far
            meeting.trust_leaders.add(leaders[i % len(leaders)])
        MeetingAction.objects.create(
            meeting=meeting,
            description="Review the attendance policy against the trust's model policy",
            owner="Chair",
            due_on=held_on + datetime.timedelta(days=21 if i % 6 == 0 else 90),
        )
    # The next meetings, with their agendas out: on the homes of the board's and these LGBs'
    # people and heads; beyond the week of reminders, so the demo queues none on seeding.
    for name, days in [("Board of Trustees", 10), ("Fairfield LGB", 12), ("Glen Hills LGB", 17)]:
        held_on = today + datetime.timedelta(days=days)
        while held_on.weekday() >= 5:  # bodies meet on weekdays
            held_on += datetime.timedelta(days=1)
        Meeting.objects.create(
            body=Body.objects.get(name=name),
            held_on=held_on,
            agenda="Headteacher's report\nSafeguarding\nData and the Core Plan",
        )
