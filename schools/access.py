"""The portal's one access layer. Every view asks here; nothing else decides access.

Default deny: a permission a role is not given below is refused, and a user with no role
(or an inactive one) gets nothing. Each grant has a scope:

- ``ALL``: every school, and the trust-level pages;
- ``OWN``: only the schools the user is linked to (``User.schools``);
- ``TEAM``: the schools of the peer reviews the user is on, from the day the team is named
  until ``SYMPHONY_REVIEW_TEAM_ACCESS_DAYS`` after the review is published;
- ``OWN_OR_TEAM``: both (a headteacher reviewing another school still sees their own);
- ``APPOINTED``: granted to those who sit on a governing body.

Reading a school's record outside the user's scope answers 404, so its existence does not
leak; a write the user may not make on a school they can see answers 403.

Views and selectors ask in one dialect: ``holds(user, perm)`` (may they open this kind of
page at all), ``allowed(user, perm)`` (trust-wide) or ``allowed(user, perm, school)``,
``require(perm)`` (a view decorator for trust-level pages), and ``schools_for`` /
``scoped`` / ``get_school`` for the rows. Nothing outside this module reads a role or a
scope (``tests/test_floors.py`` checks it).
"""

from __future__ import annotations

import datetime
import enum
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone

from .models import HEADTEACHER_ROLES, OUTSIDE_ROLES, SCHOOL_LINKED_ROLES, Role, School, User


class Perm(enum.StrEnum):
    VIEW_SCHOOL = "view_school"
    CHANGE_SCHOOL = "change_school"
    VIEW_CALENDAR = "view_calendar"
    # Reviews and Core Plans. Reading a school's published reviews and its Core Plan is
    # VIEW_SCHOOL: everyone entitled to see the school reads them.
    MANAGE_REVIEWS = "manage_reviews"  # plan, set type and team, moderate, publish
    RECORD_REVIEW = "record_review"  # record evidence, findings and judgements
    UPDATE_CORE_PLAN = "update_core_plan"  # add actions, progress notes, close with impact
    # The reviewed school's leaders: see its review from "planned", propose its priorities,
    # accept the Core Plan actions its publication proposes.
    PROPOSE_PRIORITIES = "propose_priorities"
    # TDG support deployed to schools (Strategy §5): the CEO and DoP record it; a school's
    # heads read their own school's.
    DEPLOY_TDG = "deploy_tdg"
    VIEW_TDG_DEPLOYMENTS = "view_tdg_deployments"
    # Categorisation. A school's current category and its history are read with VIEW_SCHOOL;
    # the trust-wide pages (due list, capacity ratio, risk meetings and their minutes, which
    # discuss every school) need VIEW_CATEGORISATION.
    VIEW_CATEGORISATION = "view_categorisation"
    DECIDE_CATEGORY = "decide_category"  # hold risk meetings, record category decisions
    MANAGE_SCC = "manage_scc"  # enter a school into SCC, monitor, escalate, step down, exit
    # The letter to the school after a category decision, as sent: to its heads and chair.
    READ_CATEGORY_LETTER = "read_category_letter"
    VIEW_REMINDERS = "view_reminders"  # the log of reminders the portal has sent
    # Termly data. A school's own figures are read with VIEW_SCHOOL.
    MANAGE_COLLECTIONS = "manage_collections"  # open collections, accept or return data
    SUBMIT_DATA = "submit_data"  # enter, upload and submit a school's termly figures
    VIEW_TRUST_DATA = "view_trust_data"  # every school's figures side by side, named
    SEND_BOARD_REPORT = "send_board_report"  # keep the term's KPI report as sent to trustees
    # Governance: trustees and members see every body; a governor their own LGB; the central
    # team maintains the records in the admin site.
    VIEW_GOVERNANCE = "view_governance"
    TAKE_SKILLS_AUDIT = "take_skills_audit"  # their own annual skills self-assessment
    # Finance: the CFO and Finance & Operations Lead edit; trustees read all; a headteacher
    # reads their own school's finance and reviews its risk register.
    VIEW_FINANCE = "view_finance"
    EDIT_FINANCE = "edit_finance"
    REVIEW_RISKS = "review_risks"
    # The audit trail: the CEO reads it; nobody edits it.
    VIEW_AUDIT = "view_audit"
    # A school's published peer reviews: everyone who may see the school, but a reviewer
    # from outside the trust, who reads only the review they are on.
    VIEW_REVIEWS = "view_reviews"
    # Those who hold the schools to account, to whom a published review's report is sent
    # and shown on their home until they open it: the trustees, and a school's local
    # governors (School Improvement Strategy 2024-25, peer reviews).
    RECEIVE_REVIEW_REPORTS = "receive_review_reports"
    # The trust improvement plan (Trust Self-Evaluation 2025, key priorities): its
    # priorities and their termly progress.
    VIEW_TRUST_PLAN = "view_trust_plan"
    RECORD_TRUST_PLAN = "record_trust_plan"  # record a term's RAG and evidence


class Scope(enum.Enum):
    OWN = "own"
    ALL = "all"
    # The schools of the peer reviews the user is on the team of (a reviewer's own school
    # is never one of them: reviews refuse a reviewer linked to the reviewed school).
    TEAM = "team"
    # A headteacher's own school(s) and, while they review one, the reviewed school.
    OWN_OR_TEAM = "own_or_team"
    # Whoever sits (or sat) on one of the trust's governing bodies: the members, the board,
    # its committee, an LGB; not the working groups. Read from governance's appointments
    # by their relation's name (``User.governance_person``), so the ground imports no app.
    APPOINTED = "appointed"


ALL, OWN, TEAM, APPOINTED = Scope.ALL, Scope.OWN, Scope.TEAM, Scope.APPOINTED
OWN_OR_TEAM = Scope.OWN_OR_TEAM
GOVERNING_BODY_KINDS = ("members", "board", "committee", "lgb")

# Role -> {permission: scope}. Reading this table is reading the portal's access policy.
POLICY: dict[str, dict[Perm, Scope]] = {
    # CEO and DoP lead school improvement: see and change everything (School Improvement
    # Strategy 2024-25).
    Role.CEO: {Perm.VIEW_SCHOOL: ALL, Perm.CHANGE_SCHOOL: ALL, Perm.VIEW_CALENDAR: ALL},
    Role.DOP: {Perm.VIEW_SCHOOL: ALL, Perm.CHANGE_SCHOOL: ALL, Perm.VIEW_CALENDAR: ALL},
    # The central team reads every school here and maintains records in the admin site.
    Role.CFO: {Perm.VIEW_SCHOOL: ALL, Perm.VIEW_CALENDAR: ALL},
    Role.FINANCE_OPS: {Perm.VIEW_SCHOOL: ALL, Perm.VIEW_CALENDAR: ALL},
    Role.CENTRAL_ADMIN: {Perm.VIEW_SCHOOL: ALL, Perm.VIEW_CALENDAR: ALL},
    # Trustees and members hold the trust to account: they read, never write.
    Role.TRUSTEE: {Perm.VIEW_SCHOOL: ALL, Perm.VIEW_CALENDAR: ALL},
    Role.MEMBER: {Perm.VIEW_SCHOOL: ALL, Perm.VIEW_CALENDAR: ALL},
    # Headteachers see their own school(s) and, while they are on a review team, the
    # reviewed school (its page, termly data, Core Plan and earlier reviews: what the team
    # prepares from); local governors see their own school only.
    Role.HEADTEACHER: {Perm.VIEW_SCHOOL: OWN_OR_TEAM, Perm.VIEW_CALENDAR: ALL},
    Role.EXECUTIVE_HEADTEACHER: {Perm.VIEW_SCHOOL: OWN_OR_TEAM, Perm.VIEW_CALENDAR: ALL},
    Role.LOCAL_GOVERNOR: {Perm.VIEW_SCHOOL: OWN, Perm.VIEW_CALENDAR: ALL},
    # A TDG practitioner's home school gives no access (they never review it); the schools
    # they are deployed to review are read through the reviews they are on.
    Role.TDG_PRACTITIONER: {Perm.VIEW_SCHOOL: TEAM, Perm.VIEW_CALENDAR: ALL},
    # A reviewer from outside the trust (Trust Self-Evaluation 2025: external members join
    # peer reviews for further QA) reads the school of the review they are invited to, in
    # the same window as the rest of the team, and nothing else: no trust calendar, none of
    # the trust's lists (``holds`` below), no other review of that school.
    Role.EXTERNAL_REVIEWER: {Perm.VIEW_SCHOOL: TEAM},
}

# Reviews and Core Plans (Strategy §5). The CEO and DoP run the reviews; reviewers (leaders
# of other schools, TDG practitioners) record the reviews they are on; a headteacher
# maintains progress on their own school's Core Plan.
for _role, _grants in {
    Role.CEO: {
        Perm.MANAGE_REVIEWS: ALL,
        Perm.RECORD_REVIEW: ALL,
        Perm.UPDATE_CORE_PLAN: ALL,
        Perm.DEPLOY_TDG: ALL,
        Perm.VIEW_TDG_DEPLOYMENTS: ALL,
    },
    Role.DOP: {
        Perm.MANAGE_REVIEWS: ALL,
        Perm.RECORD_REVIEW: ALL,
        Perm.UPDATE_CORE_PLAN: ALL,
        Perm.DEPLOY_TDG: ALL,
        Perm.VIEW_TDG_DEPLOYMENTS: ALL,
    },
    Role.HEADTEACHER: {
        Perm.RECORD_REVIEW: TEAM,
        Perm.UPDATE_CORE_PLAN: OWN,
        Perm.PROPOSE_PRIORITIES: OWN,
        Perm.VIEW_TDG_DEPLOYMENTS: OWN,
    },
    Role.EXECUTIVE_HEADTEACHER: {
        Perm.RECORD_REVIEW: TEAM,
        Perm.UPDATE_CORE_PLAN: OWN,
        Perm.PROPOSE_PRIORITIES: OWN,
        Perm.VIEW_TDG_DEPLOYMENTS: OWN,
    },
    Role.TDG_PRACTITIONER: {Perm.RECORD_REVIEW: TEAM},
    Role.EXTERNAL_REVIEWER: {Perm.RECORD_REVIEW: TEAM},
}.items():
    POLICY[_role].update(_grants)


# Categorisation (Strategy §5): the CEO and DoP decide at the Executive Group's risk
# meetings; the central team, trustees and members read the trust-wide picture; headteachers
# and governors read their own school's category on its pages.
for _role, _grants in {
    Role.CEO: {
        Perm.VIEW_CATEGORISATION: ALL,
        Perm.DECIDE_CATEGORY: ALL,
        Perm.MANAGE_SCC: ALL,
        Perm.VIEW_REMINDERS: ALL,
    },
    Role.DOP: {
        Perm.VIEW_CATEGORISATION: ALL,
        Perm.DECIDE_CATEGORY: ALL,
        Perm.MANAGE_SCC: ALL,
        Perm.VIEW_REMINDERS: ALL,
    },
    Role.CFO: {Perm.VIEW_CATEGORISATION: ALL, Perm.VIEW_REMINDERS: ALL},
    Role.FINANCE_OPS: {Perm.VIEW_CATEGORISATION: ALL, Perm.VIEW_REMINDERS: ALL},
    Role.CENTRAL_ADMIN: {Perm.VIEW_CATEGORISATION: ALL, Perm.VIEW_REMINDERS: ALL},
    Role.TRUSTEE: {Perm.VIEW_CATEGORISATION: ALL},
    Role.MEMBER: {Perm.VIEW_CATEGORISATION: ALL},
}.items():
    POLICY[_role].update(_grants)

# The letter after a category decision (Strategy §5) is addressed to the school's head(s)
# and the chair of its governors: the school's heads and its governors read their own
# school's letters (as they read its category history); the CEO and DoP, who send them,
# read every school's. Trustees and members read every school's records (VIEW_SCHOOL: ALL)
# and hold the trust to account for its categorisation, so they read the letters too. The
# central team's roles are not the letter's readers; a reviewer on a school's review team
# reads what the review needs, not this.
for _role, _scope in {
    Role.CEO: ALL,
    Role.DOP: ALL,
    Role.TRUSTEE: ALL,
    Role.MEMBER: ALL,
    Role.HEADTEACHER: OWN,
    Role.EXECUTIVE_HEADTEACHER: OWN,
    Role.LOCAL_GOVERNOR: OWN,
}.items():
    POLICY[_role][Perm.READ_CATEGORY_LETTER] = _scope


# Termly data (Strategy §5): the central team opens collections and checks what comes in;
# headteachers submit their own schools' figures; the trust's leaders, central team and
# trustees compare schools by name. Headteachers see the trust and national averages but not
# other schools' figures unless the trust chooses to share named comparisons.
for _role, _grants in {
    Role.CEO: {Perm.MANAGE_COLLECTIONS: ALL, Perm.SUBMIT_DATA: ALL, Perm.VIEW_TRUST_DATA: ALL},
    Role.DOP: {Perm.MANAGE_COLLECTIONS: ALL, Perm.SUBMIT_DATA: ALL, Perm.VIEW_TRUST_DATA: ALL},
    Role.CFO: {Perm.MANAGE_COLLECTIONS: ALL, Perm.SUBMIT_DATA: ALL, Perm.VIEW_TRUST_DATA: ALL},
    Role.FINANCE_OPS: {Perm.MANAGE_COLLECTIONS: ALL, Perm.VIEW_TRUST_DATA: ALL},
    Role.CENTRAL_ADMIN: {
        Perm.MANAGE_COLLECTIONS: ALL,
        Perm.SUBMIT_DATA: ALL,
        Perm.VIEW_TRUST_DATA: ALL,
    },
    Role.TRUSTEE: {Perm.VIEW_TRUST_DATA: ALL},
    Role.MEMBER: {Perm.VIEW_TRUST_DATA: ALL},
    Role.HEADTEACHER: {Perm.SUBMIT_DATA: OWN},
    Role.EXECUTIVE_HEADTEACHER: {Perm.SUBMIT_DATA: OWN},
}.items():
    POLICY[_role].update(_grants)


for _role, _scope in {
    Role.CEO: ALL,
    Role.DOP: ALL,
    Role.CFO: ALL,
    Role.FINANCE_OPS: ALL,
    Role.CENTRAL_ADMIN: ALL,
    Role.TRUSTEE: ALL,
    Role.MEMBER: ALL,
    Role.HEADTEACHER: OWN,
    Role.EXECUTIVE_HEADTEACHER: OWN,
    Role.LOCAL_GOVERNOR: OWN,
}.items():
    POLICY[_role][Perm.VIEW_GOVERNANCE] = _scope

# The skills audit is for the people of the governing bodies, whatever their role.
for _grants in POLICY.values():
    _grants[Perm.TAKE_SKILLS_AUDIT] = APPOINTED


for _role, _grants in {
    Role.CEO: {Perm.VIEW_FINANCE: ALL, Perm.REVIEW_RISKS: ALL},
    Role.DOP: {Perm.VIEW_FINANCE: ALL},
    Role.CFO: {Perm.VIEW_FINANCE: ALL, Perm.EDIT_FINANCE: ALL, Perm.REVIEW_RISKS: ALL},
    Role.FINANCE_OPS: {Perm.VIEW_FINANCE: ALL, Perm.EDIT_FINANCE: ALL, Perm.REVIEW_RISKS: ALL},
    Role.CENTRAL_ADMIN: {Perm.VIEW_FINANCE: ALL},
    Role.TRUSTEE: {Perm.VIEW_FINANCE: ALL},
    Role.MEMBER: {Perm.VIEW_FINANCE: ALL},
    Role.HEADTEACHER: {Perm.VIEW_FINANCE: OWN, Perm.REVIEW_RISKS: OWN},
    Role.EXECUTIVE_HEADTEACHER: {Perm.VIEW_FINANCE: OWN, Perm.REVIEW_RISKS: OWN},
}.items():
    POLICY[_role].update(_grants)

POLICY[Role.CEO][Perm.VIEW_AUDIT] = ALL

# The CEO and DoP report to the Board of Trustees (School Improvement Strategy 2024-25).
for _role in (Role.CEO, Role.DOP):
    POLICY[_role][Perm.SEND_BOARD_REPORT] = ALL

# Published reviews are read by whoever may see the school; not by people from outside.
for _role, _grants in POLICY.items():
    if _role not in OUTSIDE_ROLES and Perm.VIEW_SCHOOL in _grants:
        _grants[Perm.VIEW_REVIEWS] = _grants[Perm.VIEW_SCHOOL]

POLICY[Role.TRUSTEE][Perm.RECEIVE_REVIEW_REPORTS] = ALL

# The trust improvement plan (Trust Self-Evaluation 2025, key priorities): the CEO and DoP
# record its termly progress; the central team, trustees and members read it. It is the
# trust's plan, not a school's record, and names no school: headteachers (responsible for
# its outcomes priorities) and governors read it too. Reviewers (TDG practitioners, people
# from outside) do not: it is not what a review needs.
for _role in (Role.CEO, Role.DOP):
    POLICY[_role][Perm.RECORD_TRUST_PLAN] = ALL
for _role in (
    Role.CEO,
    Role.DOP,
    Role.CFO,
    Role.FINANCE_OPS,
    Role.CENTRAL_ADMIN,
    Role.TRUSTEE,
    Role.MEMBER,
    Role.HEADTEACHER,
    Role.EXECUTIVE_HEADTEACHER,
    Role.LOCAL_GOVERNOR,
):
    POLICY[_role][Perm.VIEW_TRUST_PLAN] = ALL
POLICY[Role.LOCAL_GOVERNOR][Perm.RECEIVE_REVIEW_REPORTS] = OWN

# The kinds of page someone from outside the trust opens: the list of the reviews they are
# on. Every other list or trust page (schools, termly data, benchmarking, Core Plans, the
# API's tokens) is refused them, though they read the reviewed school's own records.
OUTSIDERS_OPEN = frozenset({Perm.RECORD_REVIEW})


def scope_of(user, perm: Perm) -> Scope | None:
    """The scope in which ``user`` holds ``perm``, or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return ALL
    return POLICY.get(user.role, {}).get(perm)


def holds(user, perm: Perm) -> bool:
    """Does ``user`` hold ``perm`` in any scope: may they open this kind of page at all
    (which rows it shows is ``schools_for`` / ``scoped``)? Someone from outside the trust
    opens only the kinds in ``OUTSIDERS_OPEN``."""
    if scope_of(user, perm) is None:
        return False
    return perm in OUTSIDERS_OPEN or not is_outsider(user)


def is_outsider(user) -> bool:
    """Is ``user`` from outside the trust (an external reviewer)?"""
    return getattr(user, "role", "") in OUTSIDE_ROLES


def allowed(user, perm: Perm, school: School | None = None) -> bool:
    """May ``user`` do ``perm``: trust-wide (``school`` None, needs ALL) or on ``school``."""
    scope = scope_of(user, perm)
    if scope is ALL:
        return True
    if scope is APPOINTED:
        return _sits_on_governing_body(user)
    if scope is OWN and school is not None:
        return school.pk in _linked_school_ids(user)
    if scope is TEAM and school is not None:
        return school.pk in _team_school_ids(user)
    if scope is OWN_OR_TEAM and school is not None:
        return school.pk in _linked_school_ids(user) | _team_school_ids(user)
    return False


def schools_for(user, perm: Perm = Perm.VIEW_SCHOOL) -> QuerySet[School]:
    """The schools on which ``user`` holds ``perm``: the base of every school-scoped list."""
    scope = scope_of(user, perm)
    if scope is ALL:
        return School.objects.all()
    if scope is OWN:
        return School.objects.filter(pk__in=_linked_school_ids(user))
    if scope is TEAM:
        return School.objects.filter(pk__in=_team_school_ids(user))
    if scope is OWN_OR_TEAM:
        return School.objects.filter(pk__in=_linked_school_ids(user) | _team_school_ids(user))
    return School.objects.none()


def scoped(
    user, queryset: QuerySet, *, school_field: str = "school", perm: Perm = Perm.VIEW_SCHOOL
) -> QuerySet:
    """Restrict any queryset of school-owned rows to the schools ``user`` may see."""
    scope = scope_of(user, perm)
    if scope is ALL:
        return queryset
    if scope is OWN:
        return queryset.filter(**{f"{school_field}__in": list(_linked_school_ids(user))})
    if scope is TEAM:
        return queryset.filter(**{f"{school_field}__in": list(_team_school_ids(user))})
    if scope is OWN_OR_TEAM:
        ids = _linked_school_ids(user) | _team_school_ids(user)
        return queryset.filter(**{f"{school_field}__in": list(ids)})
    return queryset.none()


def get_school(user, pk, *, change: bool = False, queryset: QuerySet | None = None) -> School:
    """The school ``pk`` if ``user`` may see it (else 404); with ``change``, also 403 unless
    the user may change it."""
    base = queryset if queryset is not None else School.objects.all()
    visible = base.filter(pk__in=schools_for(user, Perm.VIEW_SCHOOL).values("pk"))
    try:
        school = visible.get(pk=pk)
    except (School.DoesNotExist, ValueError, TypeError):
        raise Http404("No such school.") from None
    if change and not allowed(user, Perm.CHANGE_SCHOOL, school):
        raise PermissionDenied("Your role can read this school's record but not change it.")
    return school


def require(perm: Perm):
    """View decorator for trust-level pages: 403 unless the user holds ``perm`` for ALL."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if scope_of(request.user, perm) is not ALL:
                raise PermissionDenied("Your role does not give access to this page.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _linked_school_ids(user) -> frozenset[int]:
    return _school_ids(user)[0]


def _team_school_ids(user) -> frozenset[int]:
    return _school_ids(user)[1]


def _school_ids(user) -> tuple[frozenset[int], frozenset[int]]:
    """The user's own schools (``User.schools``) and their team's: the schools of the peer
    reviews they are on (reviews.ReviewTeamMember, read by its relation's name), from the
    day the team is named until the set number of days after publication (day N still
    reads, day N + 1 does not). One query for both, cached per request on the user object:
    pages ask several times."""
    cached = getattr(user, "_symphony_school_ids", None)
    if cached is None:
        since = timezone.localdate() - datetime.timedelta(
            days=settings.SYMPHONY_REVIEW_TEAM_ACCESS_DAYS
        )
        current = ~Q(review__status="published") | Q(review__published_at__date__gte=since)
        own = (
            User.schools.through.objects.filter(user_id=user.pk)
            .annotate(kind=Value(0, output_field=IntegerField()))
            .values_list("school_id", "kind")
            .order_by()
        )
        team = (
            user.review_memberships.filter(current)
            .annotate(kind=Value(1, output_field=IntegerField()))
            .values_list("review__school_id", "kind")
            .order_by()  # a compound statement takes no ordering (ReviewTeamMember has one)
        )
        rows = list(own.union(team, all=True))
        cached = (
            frozenset(pk for pk, kind in rows if kind == 0),
            frozenset(pk for pk, kind in rows if kind == 1),
        )
        user._symphony_school_ids = cached
    return cached


def _sits_on_governing_body(user) -> bool:
    person = getattr(user, "governance_person", None)  # governance.Person, if any
    return person is not None and (
        person.appointments.filter(body__kind__in=GOVERNING_BODY_KINDS).exists()
    )


# People to tell (schools.reminders.notify): who a change at a school concerns, by role.
# Portal accounts only, active ones: a notice's link is a page they sign in to read.


def heads_of(school: School) -> list[User]:
    """The school's headteacher(s) and executive head(s)."""
    return list(User.objects.filter(schools=school, role__in=HEADTEACHER_ROLES, is_active=True))


def governors_of(school: School) -> list[User]:
    """The local governors of the school (its LGB's members with an account)."""
    return list(User.objects.filter(schools=school, role=Role.LOCAL_GOVERNOR, is_active=True))


def trustees() -> list[User]:
    return list(User.objects.filter(role=Role.TRUSTEE, is_active=True))


def trust_leaders() -> list[User]:
    """The CEO and the Director of Primaries."""
    return list(User.objects.filter(role__in=(Role.CEO, Role.DOP), is_active=True))


# Who chairs a school's LGB is governance's record (its appointments); governance provides
# the lookup from its AppConfig.ready, so the ground imports no app.
_chair_lookups: list = []


def provide_chair_lookup(lookup) -> None:
    """Register ``lookup(school) -> [User]``: the accounts of the chair of its LGB."""
    if lookup not in _chair_lookups:
        _chair_lookups.append(lookup)


def chair_of(school: School) -> list[User]:
    """The account(s) of the chair of the school's governing body (none if the chair has
    no portal account, or nothing provides the lookup)."""
    found = {user.pk: user for lookup in _chair_lookups for user in lookup(school)}
    return [user for user in found.values() if user.is_active]


# Accounts in the admin site. The central team maintains the accounts of the people in the
# schools (headteachers, governors, TDG practitioners); only a superuser changes anyone's
# role, admin access, groups or permissions, or the account of a trust leader, the central
# team or a trustee (whose password reset would hand over what they may see). Creating a
# superuser is a command-line act (``manage.py createsuperuser``).
PRIVILEGE_FIELDS = ("role", "is_staff", "is_superuser", "groups", "user_permissions")
MAINTAINED_ROLES = frozenset(SCHOOL_LINKED_ROLES | {Role.TDG_PRACTITIONER, ""})


def maintains_account(user, account=None) -> bool:
    """May ``user`` change ``account`` in the admin site (any account, with None)?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if account is None:
        return user.has_perm("schools.change_user")
    return (
        user.has_perm("schools.change_user")
        and account.pk != user.pk
        and not account.is_staff
        and not account.is_superuser
        and (account.role or "") in MAINTAINED_ROLES
    )


def grants_privileges(user) -> bool:
    """May ``user`` set roles, admin access, groups and permissions? Superusers only."""
    return bool(getattr(user, "is_superuser", False) and user.is_active)
