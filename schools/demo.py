"""The demo trust: the fifteen real schools with their published results (Trust
Self-Evaluation 2025) and one clearly synthetic account per role: the schools, their
inspections and the accounts. ``symphony.portal.demo`` seeds every app on top of them for
``manage.py seed_demo``."""

import datetime

from django.db import transaction

from .calendar import ensure_current_and_next_year
from .models import CENTRAL_TEAM_ROLES, Hub, LegacyGrade, OfstedInspection, Role, School, User
from .staff import central_team_group

DEMO_PASSWORD = "symphony-demo"  # noqa: S105 - demo accounts only, listed in the README

NORTH = "North Leicestershire"
SOUTH = "South Leicestershire and Leicester City"
FOUNDED = datetime.date(2016, 9, 1)
GOOD, OUTSTANDING = LegacyGrade.GOOD, LegacyGrade.OUTSTANDING

# (name, hub, joined, (Ofsted grade, year), (peer-review outcome, year) or None).
# Results: the Trust Self-Evaluation (2025) table. Joining dates: the Business Plan 2018-19
# (founded 1 Sep 2016; Old Mill 2017) and the web page "About the Trust" (three schools in
# Sep 2025); the rest are not in the trust's documents.
# Hubs are not listed per school in the documents: the split below follows the schools'
# locations and is for the central team to correct.
SCHOOLS = [
    ("Glen Hills", SOUTH, FOUNDED, (GOOD, 2024), (GOOD, 2025)),
    ("Fairfield", SOUTH, FOUNDED, (GOOD, 2021), (GOOD, 2024)),
    ("The Meadow", SOUTH, FOUNDED, (GOOD, 2021), (GOOD, 2024)),
    ("Old Mill", SOUTH, datetime.date(2017, 9, 1), (GOOD, 2021), (GOOD, 2025)),
    ("Ashby Hastings", NORTH, None, (GOOD, 2024), (GOOD, 2025)),
    ("Ashby Willesley", NORTH, FOUNDED, (GOOD, 2022), (GOOD, 2024)),
    ("Orchard", NORTH, None, (GOOD, 2025), (GOOD, 2024)),
    ("Ashby Hill Top", NORTH, None, (OUTSTANDING, 2024), (OUTSTANDING, 2024)),
    ("Newcroft", NORTH, FOUNDED, (OUTSTANDING, 2025), (OUTSTANDING, 2024)),
    ("Thornton", NORTH, FOUNDED, (GOOD, 2023), (GOOD, 2024)),
    ("Donisthorpe", NORTH, None, (GOOD, 2025), (GOOD, 2024)),
    ("Foxton", SOUTH, None, (GOOD, 2023), (GOOD, 2025)),
    ("The Hall", SOUTH, datetime.date(2025, 9, 1), (GOOD, 2023), None),
    ("Hugglescote", NORTH, datetime.date(2025, 9, 1), (GOOD, 2022), None),
    ("Thythorn Field", SOUTH, datetime.date(2025, 9, 1), (GOOD, 2024), None),
]

# (email, name, role, schools, admin site)
ACCOUNTS = [
    ("ceo@example.org", "Demo CEO", Role.CEO, []),
    ("dop@example.org", "Demo Director of Primaries", Role.DOP, []),
    ("cfo@example.org", "Demo CFO", Role.CFO, []),
    ("head.glenhills@example.org", "Demo Head (Glen Hills)", Role.HEADTEACHER, ["Glen Hills"]),
    (
        "exec.head@example.org",
        "Demo Executive Head (Ashby)",
        Role.EXECUTIVE_HEADTEACHER,
        ["Ashby Willesley", "Ashby Hastings"],
    ),
    ("trustee@example.org", "Demo Trustee", Role.TRUSTEE, []),
    (
        "governor.fairfield@example.org",
        "Demo Governor (Fairfield)",
        Role.LOCAL_GOVERNOR,
        ["Fairfield"],
    ),
    (
        "reviewer@example.org",
        "Demo TDG Practitioner (Newcroft)",
        Role.TDG_PRACTITIONER,
        ["Newcroft"],
    ),
]


def _inspection_note(year):
    if year >= 2025:
        return (
            "From the trust's self-evaluation (2025). Single-word grades ended on 2 September "
            "2024, so this is an ungraded inspection confirming the grade."
        )
    return "From the trust's self-evaluation (2025); the exact date is not recorded."


@transaction.atomic
def seed_demo_schools() -> None:
    """The ground floor of the demo trust: hubs, schools, their Ofsted history and the
    demo accounts. The rest (``symphony.portal.demo``) builds on it."""
    ensure_current_and_next_year()
    hubs = {name: Hub.objects.get_or_create(name=name)[0] for name in (NORTH, SOUTH)}
    schools = {}
    for name, hub, joined, (grade, ofsted_year), _review in SCHOOLS:
        school, _ = School.objects.update_or_create(
            name=name,
            defaults={
                "hub": hubs[hub],
                "joined_on": joined,
                "status": School.Status.MEMBER,
                "phase": School.Phase.PRIMARY,
            },
        )
        schools[name] = school
        OfstedInspection.objects.update_or_create(
            school=school,
            year=ofsted_year,
            framework=OfstedInspection.Framework.LEGACY,
            defaults={
                "inspection_type": (
                    OfstedInspection.Type.UNGRADED
                    if ofsted_year >= 2025
                    else OfstedInspection.Type.GRADED
                ),
                "overall_grade": grade,
                "notes": _inspection_note(ofsted_year),
            },
        )
    group = central_team_group()
    for email, full_name, role, school_names in ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD)
        user.full_name = full_name
        user.role = role
        user.is_staff = role in CENTRAL_TEAM_ROLES
        user.save()
        user.schools.set([schools[n] for n in school_names])
        if user.is_staff:
            user.groups.add(group)
