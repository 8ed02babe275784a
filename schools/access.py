"""The portal's one access layer. Every view asks here; nothing else decides access.

Default deny: a permission a role is not given below is refused, and a user with no role
(or an inactive one) gets nothing. Each grant has a scope:

- ``ALL``: every school, and the trust-level pages;
- ``OWN``: only the schools the user is linked to (``User.schools``).

Reading a school's record outside the user's scope answers 404, so its existence does not
leak; a write the user may not make on a school they can see answers 403.
"""

from __future__ import annotations

import enum
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .models import Role, School


class Perm(enum.StrEnum):
    VIEW_SCHOOL = "view_school"
    CHANGE_SCHOOL = "change_school"
    VIEW_CALENDAR = "view_calendar"
    # Reviews and Core Plans (issue 4). Reading a school's published reviews and its Core
    # Plan is VIEW_SCHOOL: everyone entitled to see the school reads them.
    MANAGE_REVIEWS = "manage_reviews"  # plan, set type and team, moderate, publish
    RECORD_REVIEW = "record_review"  # record evidence, findings and judgements
    UPDATE_CORE_PLAN = "update_core_plan"  # add actions, progress notes, close with impact


class Scope(enum.Enum):
    OWN = "own"
    ALL = "all"
    # The schools of the peer reviews the user is on the team of (a reviewer's own school
    # is never one of them: reviews refuse a reviewer linked to the reviewed school).
    TEAM = "team"


ALL, OWN, TEAM = Scope.ALL, Scope.OWN, Scope.TEAM

# Role -> {permission: scope}. Reading this table is reading the portal's access policy.
POLICY: dict[str, dict[Perm, Scope]] = {
    # CEO and DoP lead school improvement: see and change everything (001).
    Role.CEO: {Perm.VIEW_SCHOOL: ALL, Perm.CHANGE_SCHOOL: ALL, Perm.VIEW_CALENDAR: ALL},
    Role.DOP: {Perm.VIEW_SCHOOL: ALL, Perm.CHANGE_SCHOOL: ALL, Perm.VIEW_CALENDAR: ALL},
    # The central team reads every school here and maintains records in the admin site.
    Role.CFO: {Perm.VIEW_SCHOOL: ALL, Perm.VIEW_CALENDAR: ALL},
    Role.FINANCE_OPS: {Perm.VIEW_SCHOOL: ALL, Perm.VIEW_CALENDAR: ALL},
    Role.CENTRAL_ADMIN: {Perm.VIEW_SCHOOL: ALL, Perm.VIEW_CALENDAR: ALL},
    # Trustees and members hold the trust to account: they read, never write.
    Role.TRUSTEE: {Perm.VIEW_SCHOOL: ALL, Perm.VIEW_CALENDAR: ALL},
    Role.MEMBER: {Perm.VIEW_SCHOOL: ALL, Perm.VIEW_CALENDAR: ALL},
    # Headteachers and local governors see their own school(s) only.
    Role.HEADTEACHER: {Perm.VIEW_SCHOOL: OWN, Perm.VIEW_CALENDAR: ALL},
    Role.EXECUTIVE_HEADTEACHER: {Perm.VIEW_SCHOOL: OWN, Perm.VIEW_CALENDAR: ALL},
    Role.LOCAL_GOVERNOR: {Perm.VIEW_SCHOOL: OWN, Perm.VIEW_CALENDAR: ALL},
    # A TDG practitioner's home school gives no access (they never review it); the schools
    # they are deployed to review grant access through the reviews they are on.
    Role.TDG_PRACTITIONER: {Perm.VIEW_CALENDAR: ALL},
}

# Reviews and Core Plans (issue 4; 001 section 5). The CEO and DoP run the reviews;
# reviewers (leaders of other schools, TDG practitioners) record the reviews they are on;
# a headteacher maintains progress on their own school's Core Plan.
for _role, _grants in {
    Role.CEO: {Perm.MANAGE_REVIEWS: ALL, Perm.RECORD_REVIEW: ALL, Perm.UPDATE_CORE_PLAN: ALL},
    Role.DOP: {Perm.MANAGE_REVIEWS: ALL, Perm.RECORD_REVIEW: ALL, Perm.UPDATE_CORE_PLAN: ALL},
    Role.HEADTEACHER: {Perm.RECORD_REVIEW: TEAM, Perm.UPDATE_CORE_PLAN: OWN},
    Role.EXECUTIVE_HEADTEACHER: {Perm.RECORD_REVIEW: TEAM, Perm.UPDATE_CORE_PLAN: OWN},
    Role.TDG_PRACTITIONER: {Perm.RECORD_REVIEW: TEAM},
}.items():
    POLICY[_role].update(_grants)


def scope_of(user, perm: Perm) -> Scope | None:
    """The scope in which ``user`` holds ``perm``, or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return ALL
    return POLICY.get(user.role, {}).get(perm)


def allowed(user, perm: Perm, school: School | None = None) -> bool:
    """May ``user`` do ``perm``: trust-wide (``school`` None, needs ALL) or on ``school``."""
    scope = scope_of(user, perm)
    if scope is ALL:
        return True
    if scope is OWN and school is not None:
        return school.pk in _linked_school_ids(user)
    if scope is TEAM and school is not None:
        return school.pk in _team_school_ids(user)
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
    # Cached per request on the user object: pages ask several times.
    cached = getattr(user, "_symphony_school_ids", None)
    if cached is None:
        cached = frozenset(user.schools.values_list("pk", flat=True))
        user._symphony_school_ids = cached
    return cached


def _team_school_ids(user) -> frozenset[int]:
    # The schools of the peer reviews the user is on (reviews.ReviewTeamMember).
    cached = getattr(user, "_symphony_team_school_ids", None)
    if cached is None:
        cached = frozenset(user.review_memberships.values_list("review__school_id", flat=True))
        user._symphony_team_school_ids = cached
    return cached
