"""The school page's reviews panel (registered with ``schools.panels``)."""

from django.utils import timezone

from schools import access
from schools.access import Perm
from schools.calendar import academic_start_year

from . import selectors


def school_reviews(request, school):
    """Peer reviews and the Core Plan on the school page, as the user may see them."""
    user = request.user
    start_year = academic_start_year(timezone.localdate())
    reviews = [r for r in school.peer_reviews.all() if r.is_published]
    if not access.allowed(user, Perm.VIEW_REVIEWS, school):
        reviews = []  # a reviewer from outside the trust reads only the review they are on
    current = (
        selectors.visible_reviews(user=user)
        .filter(school=school, academic_year__start_year=start_year)
        .first()
    )
    plan = (
        selectors.visible_core_plans(user=user)
        .filter(school=school, academic_year__start_year=start_year)
        .first()
    )
    return {
        "school": school,
        "reviews": reviews,
        "current": current,
        "core_plan": plan,
        "manages": access.allowed(user, Perm.MANAGE_REVIEWS),
    }
