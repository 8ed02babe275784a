from django.conf import settings
from django.urls import reverse

from . import access
from .access import Perm


def navigation(request):
    """The navigation a role may use; nothing it may not (default deny)."""
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": [], "trust_name": settings.SYMPHONY_TRUST_NAME}
    items = [("Overview", reverse("home"))]
    if access.scope_of(user, Perm.VIEW_SCHOOL) is not None:
        items.append(("Schools", reverse("schools:list")))
    if (
        access.scope_of(user, Perm.VIEW_SCHOOL) is not None
        or access.scope_of(user, Perm.RECORD_REVIEW) is not None
    ):
        items.append(("Peer reviews", reverse("reviews:list")))
    if access.scope_of(user, Perm.VIEW_SCHOOL) is not None:
        items.append(("Core Plans", reverse("reviews:core_plans")))
    if access.scope_of(user, Perm.VIEW_CALENDAR) is not None:
        items.append(("Calendar", reverse("schools:calendar")))
    if user.is_staff:
        items.append(("Admin site", reverse("admin:index")))
    return {"nav_items": items, "trust_name": settings.SYMPHONY_TRUST_NAME}
