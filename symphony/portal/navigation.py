from django.conf import settings
from django.urls import reverse

from schools import access
from schools.access import Perm


def navigation(request):
    """The navigation a role may use; nothing it may not (default deny)."""
    user = request.user
    if not user.is_authenticated or _second_step_pending(user):
        return {"nav_items": [], "trust_name": settings.SYMPHONY_TRUST_NAME}
    items = [
        (
            "Dashboard" if access.allowed(user, Perm.VIEW_TRUST_DATA) else "Overview",
            reverse("home"),
        )
    ]
    if access.holds(user, Perm.VIEW_SCHOOL):
        items.append(("Schools", reverse("schools:list")))
    if access.holds(user, Perm.VIEW_SCHOOL) or access.holds(user, Perm.RECORD_REVIEW):
        items.append(("Peer reviews", reverse("reviews:list")))
    if access.holds(user, Perm.VIEW_SCHOOL):
        items.append(("Core Plans", reverse("reviews:core_plans")))
    if access.holds(user, Perm.VIEW_SCHOOL):
        items.append(("Termly data", reverse("schools:collections")))
    if access.allowed(user, Perm.VIEW_CATEGORISATION):
        items.insert(2, ("Categorisation", reverse("categorisation:overview")))
        items.insert(3, ("SCC", reverse("categorisation:scc")))
    if access.allowed(user, Perm.VIEW_TRUST_DATA):
        items.append(("KPI report", reverse("portal:kpi_report")))
    if access.holds(user, Perm.VIEW_FINANCE):
        items.append(("Finance", reverse("finance:overview")))
    if access.holds(user, Perm.VIEW_GOVERNANCE):
        items.append(("Governance", reverse("governance:overview")))
    if access.holds(user, Perm.VIEW_CALENDAR):
        items.append(("Calendar", reverse("schools:calendar")))
    account = []
    if access.allowed(user, Perm.VIEW_AUDIT):
        account.append(("Audit trail", reverse("schools:audit")))
    account.append(("Privacy and your data", reverse("schools:privacy")))
    return {
        "nav_items": items,
        "account_items": account,
        "trust_name": settings.SYMPHONY_TRUST_NAME,
    }


def _second_step_pending(user) -> bool:
    """Signed in with the password but not yet through two-step sign-in that the role
    requires (schools.mfa): the pages behind the links would only send them back."""
    from schools.mfa import requires_mfa

    is_verified = getattr(user, "is_verified", None)
    return is_verified is not None and not is_verified() and requires_mfa(user)
