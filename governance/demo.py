"""Demo governance: five members, a board of seven trustees with a Finance and Audit
Committee (up to five trustees) and its Management Accounts' Review group, a Local
Governing Body for each school, CoG liaison meetings, the headteachers' board, the working
groups and the annual conference, each with its meeting rule; interests, training and this
year's skills audit. Names are clearly synthetic. Idempotent."""

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from schools.calendar import academic_start_year, create_typical_year
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
# (name, cadence, number, month): "About the Trust"; School Improvement Strategy 2024-25;
# the school-improvement model (the Headboard meets every week, strategy and business in
# turn). The RDG's membership follows its current projects: no set cadence. The SLDG's and
# the conference's timing are the demo's choice.
WORKING_GROUPS = [
    ("EDG: Education Development Group", "every_weeks", 2, None),
    ("BDG: Business Development Group", "termly", None, None),
    ("TDG: Teaching Development Group", "termly", None, None),
    ("SDG: Subject Development Group", "termly", None, None),
    ("RDG: Research Development Group", "", None, None),
    ("SLDG: Senior Leadership Development Group", "termly", None, None),
    ("Headteachers' board", "every_weeks", 1, None),
    ("Annual conference", "in_month", None, 6),
]
LIAISON = "CoG liaison meetings"
ACCOUNTS_REVIEW = "Management Accounts' Review group"
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
        kind="members",
        name="Members",
        target_size=5,
        quorum=3,
        cadence="in_month",
        cadence_month=11,  # "at least once per year ..., late November"
    )
    board = Body.objects.create(
        kind="board", name="Board of Trustees", target_size=7, quorum=4, cadence="termly"
    )
    audit = Body.objects.create(
        kind="committee",
        name="Finance and Audit Committee",
        target_size=5,
        size_is=Body.SizeIs.MAXIMUM,  # "up to five trustees, CFO, CEO/Accounting Officer"
        quorum=3,
        cadence="per_year",
        cadence_number=4,
    )
    # A delegated group of the committee's (staff and the Chair of Trustees), not a governing
    # body of its own: its people are not asked for the governors' skills audit.
    accounts = Body.objects.create(
        kind="working_group",
        name=ACCOUNTS_REVIEW,
        quorum=2,
        cadence="every_weeks",
        cadence_number=4,  # "meets every 4 weeks" (Business Plan 2018-19)
    )
    liaison = Body.objects.create(kind="liaison", name=LIAISON, quorum=3, cadence="termly")
    groups = {
        name: Body.objects.create(
            kind="working_group",
            name=name,
            cadence=cadence,
            cadence_number=number,
            cadence_month=month,
            quorum=3,
        )
        for name, cadence, number, month in WORKING_GROUPS
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
            cadence="termly",
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
    # Strategy 2024-25); BDG: the CFO; the Management Accounts' Review group: the CFO, the
    # CEO and the Chair of Trustees (Business Plan 2018-19); CoG liaison: chaired by an
    # allocated trustee, a nominated governor from each school (here each LGB's chair), the
    # CEO attending (School Improvement Strategy 2024-25).
    edg, bdg = groups["EDG: Education Development Group"], groups["BDG: Business Development Group"]
    leaders = {}
    for email in ("ceo@example.org", "dop@example.org", "cfo@example.org"):
        user = User.objects.filter(email=email).first()
        if user:
            leaders[email] = person(user.full_name, user=user)
    for email, body, role in [
        ("ceo@example.org", edg, "chair"),
        ("dop@example.org", edg, "member"),
        ("cfo@example.org", bdg, "chair"),
        ("cfo@example.org", accounts, "member"),
        ("ceo@example.org", accounts, "member"),
        ("ceo@example.org", liaison, "member"),
    ]:
        if email in leaders:
            appoint(leaders[email], body, role, "ex_officio")
    appoint(trustees[1], accounts, "chair", ends=datetime.date(2028, 8, 31))  # Chair of Trustees
    appoint(trustees[0], liaison, "chair", ends=datetime.date(2028, 8, 31))
    for chair in Appointment.objects.filter(body__kind="lgb", role="chair").select_related(
        "person"
    ):
        appoint(chair.person, liaison, "member", starts=chair.starts_on, ends=chair.ends_on)
    headboard = groups["Headteachers' board"]
    for head in Person.objects.filter(full_name__startswith="Headteacher of "):
        appoint(head, edg, "member", "ex_officio")
        appoint(head, headboard, "member", "ex_officio")
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
    # Last year's terms, so the bodies' cadence is checked over this year and last.
    last_year = create_typical_year(year.start_year - 1)
    _seed_cadenced_meetings([last_year, year], today)
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


def _seed_cadenced_meetings(years, today) -> None:
    """Last year's and this year's meetings of the bodies beyond the board and the LGBs,
    each on its cadence but one: the Finance and Audit Committee met three times last
    year, short of its four, so the demo shows a body off its cadence."""
    from .models import Attendance, Meeting

    terms = [t for y in years for t in y.terms.order_by("starts_on")]
    halves = [h for t in terms for h in t.half_terms.order_by("starts_on")]
    held: dict[str, list[datetime.date]] = {}
    for body in Body.objects.exclude(kind__in=["board", "lgb"]):
        dates: list[datetime.date] = []
        if body.cadence == "termly":
            dates = [t.starts_on + datetime.timedelta(days=20) for t in terms]
        elif body.cadence == "every_weeks":  # from each half-term's first day
            step = datetime.timedelta(weeks=body.cadence_number)
            for half in halves:
                day = half.starts_on
                while day <= half.ends_on:
                    dates.append(day)
                    day += step
        elif body.cadence == "in_month":
            month = body.cadence_month
            for y in years:
                dates.append(datetime.date(y.start_year + (month < 9), month, 20))
        elif body.cadence == "per_year":
            per_term = [t.starts_on + datetime.timedelta(days=25) for t in terms]
            # Last year: autumn, spring and summer only (three of four); this year: autumn.
            dates = per_term[:3] + per_term[3:4]
        held[body.name] = [d for d in dates if d < today]  # held: none queues a reminder
    meetings = Meeting.objects.bulk_create(
        Meeting(
            body=body,
            held_on=held_on,
            decisions="Reports received.",
            minutes="Minutes agreed at the next meeting.",
        )
        for body in Body.objects.filter(name__in=held)
        for held_on in held[body.name]
    )
    people: dict[int, list] = {}
    for appointment in Appointment.objects.filter(body__name__in=held):
        people.setdefault(appointment.body_id, []).append(appointment)
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person_id=a.person_id,
            present=(n + meeting.held_on.toordinal()) % 7 != 0,
            apologies=(n + meeting.held_on.toordinal()) % 7 == 0,
        )
        for meeting in meetings
        for n, a in enumerate(people.get(meeting.body_id, []))
        if a.starts_on <= meeting.held_on and (a.ends_on is None or a.ends_on >= meeting.held_on)
    )
