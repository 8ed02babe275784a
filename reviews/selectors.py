"""Reads, scoped by ``schools.access``: each returns only what the user may see.

A review is visible to the CEO and DoP always; to its team members while the team's window
lasts; to anyone who may see the school once it is published (``VIEW_REVIEWS``: not a
reviewer from outside the trust, who reads only the review they are on). Anything else
answers 404; a write the user may not make on a visible review answers 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from schools import access
from schools.access import Perm
from schools.models import OUTSIDE_ROLES

from .models import Action, CorePlan, FocusArea, PeerReview, ReportRecipient, ReviewTeamMember


def visible_reviews(*, user) -> QuerySet[PeerReview]:
    reviews = PeerReview.objects.select_related("school", "academic_year")
    if access.allowed(user, Perm.MANAGE_REVIEWS):
        return reviews
    if not getattr(user, "is_authenticated", False):
        return reviews.none()
    published = access.scoped(
        user, reviews.filter(status=PeerReview.Status.PUBLISHED), perm=Perm.VIEW_REVIEWS
    )
    ids = set(published.values_list("pk", flat=True))
    if access.holds(user, Perm.RECORD_REVIEW):
        # The reviews they are on, while the access layer's team window lasts.
        on_team = access.scoped(user, reviews.filter(team__user=user), perm=Perm.RECORD_REVIEW)
        ids |= set(on_team.values_list("pk", flat=True))
    if access.holds(user, Perm.PROPOSE_PRIORITIES):
        # The school's own leaders follow its review from "planned".
        own = access.scoped(user, reviews, perm=Perm.PROPOSE_PRIORITIES)
        ids |= set(own.values_list("pk", flat=True))
    return reviews.filter(pk__in=ids)


def is_on_team(user, review: PeerReview) -> bool:
    return ReviewTeamMember.objects.filter(review=review, user=user).exists()


def can_record(user, review: PeerReview) -> bool:
    """CEO/DoP, or a team member whose role records reviews (access: TEAM scope)."""
    if access.allowed(user, Perm.MANAGE_REVIEWS):
        return True
    return access.allowed(user, Perm.RECORD_REVIEW, review.school) and is_on_team(user, review)


def can_propose(user, review: PeerReview) -> bool:
    """The reviewed school's own leaders propose its priorities."""
    return access.allowed(user, Perm.PROPOSE_PRIORITIES, review.school)


def get_review(*, user, pk, record: bool = False, manage: bool = False) -> PeerReview:
    try:
        review = visible_reviews(user=user).get(pk=pk)
    except (PeerReview.DoesNotExist, ValueError, TypeError):
        raise Http404("No such review.") from None
    if manage and not access.allowed(user, Perm.MANAGE_REVIEWS):
        raise PermissionDenied("Only the CEO and the Director of Primaries manage peer reviews.")
    if record and not can_record(user, review):
        raise PermissionDenied("Only the review team and trust leaders record this review.")
    return review


def get_focus_area(*, user, review_pk, pk) -> FocusArea:
    review = get_review(user=user, pk=review_pk, record=True)
    try:
        return review.focus_areas.get(pk=pk)
    except (FocusArea.DoesNotExist, ValueError):
        raise Http404("No such focus area.") from None


def review_detail(review: PeerReview) -> dict:
    team = list(review.team.select_related("user"))
    return {
        "team": team,
        "external_count": sum(1 for member in team if member.user.is_external),
        "sent_to": list(review.sent_to.select_related("user", "sent_by"))
        if review.is_published
        else [],
        "areas": list(review.focus_areas.all()),
        "report": review.reports.filter(state="ready").first(),
        "latest_report": review.reports.first(),
    }


def mark_opened(*, user, review: PeerReview) -> None:
    """The first time a person the report went to opens the review (it leaves their home)."""
    if review.is_published and getattr(user, "is_authenticated", False):
        ReportRecipient.objects.filter(review=review, user=user, opened_at=None).update(
            opened_at=timezone.now()
        )


def external_reviewer_count(academic_year) -> int:
    """How many reviewers from outside the trust joined the year's peer reviews (Trust
    Self-Evaluation 2025: external members build in further QA); each person once."""
    return (
        ReviewTeamMember.objects.filter(
            review__academic_year=academic_year, user__role__in=OUTSIDE_ROLES
        )
        .values("user")
        .distinct()
        .count()
    )


# --- Core Plans ------------------------------------------------------------------------


def visible_core_plans(*, user) -> QuerySet[CorePlan]:
    return access.scoped(user, CorePlan.objects.select_related("school", "academic_year"))


def get_core_plan(*, user, pk, update: bool = False) -> CorePlan:
    try:
        plan = visible_core_plans(user=user).get(pk=pk)
    except (CorePlan.DoesNotExist, ValueError, TypeError):
        raise Http404("No such Core Plan.") from None
    if update and not access.allowed(user, Perm.UPDATE_CORE_PLAN, plan.school):
        raise PermissionDenied("Your role can read this Core Plan but not change it.")
    return plan


def get_action(*, user, pk, update: bool = False) -> Action:
    actions = access.scoped(
        user,
        Action.objects.select_related("core_plan__school", "core_plan__academic_year"),
        school_field="core_plan__school",
    )
    try:
        action = actions.get(pk=pk)
    except (Action.DoesNotExist, ValueError, TypeError):
        raise Http404("No such action.") from None
    if update and not access.allowed(user, Perm.UPDATE_CORE_PLAN, action.core_plan.school):
        raise PermissionDenied("Your role can read this action but not change it.")
    return action


def overdue_actions(*, user, today=None) -> QuerySet[Action]:
    today = today or timezone.localdate()
    return (
        access.scoped(user, Action.objects.all(), school_field="core_plan__school")
        .filter(Q(closed_on__isnull=True) & Q(deadline__lt=today))
        .select_related("core_plan__school", "core_plan__academic_year")
        .order_by("deadline", "core_plan__school__name")
    )
