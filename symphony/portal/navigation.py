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
            "Dashboard"
            if access.scope_of(user, Perm.VIEW_TRUST_DATA) is access.ALL
            else "Overview",
            reverse("home"),
        )
    ]
    if access.scope_of(user, Perm.VIEW_SCHOOL) is not None:
        items.append(("Schools", reverse("schools:list")))
    if (
        access.scope_of(user, Perm.VIEW_SCHOOL) is not None
        or access.scope_of(user, Perm.RECORD_REVIEW) is not None
    ):
        items.append(("Peer reviews", reverse("reviews:list")))
    if access.scope_of(user, Perm.VIEW_SCHOOL) is not None:
        items.append(("Core Plans", reverse("reviews:core_plans")))
    if access.scope_of(user, Perm.VIEW_SCHOOL) is not None:
        items.append(("Termly data", reverse("schools:collections")))
    if access.scope_of(user, Perm.VIEW_CATEGORISATION) is access.ALL:
        items.insert(2, ("Categorisation", reverse("categorisation:overview")))
        items.insert(3, ("SCC", reverse("categorisation:scc")))
    if access.scope_of(user, Perm.VIEW_TRUST_DATA) is access.ALL:
        items.append(("KPI report", reverse("portal:kpi_report")))
    if access.scope_of(user, Perm.VIEW_FINANCE) is not None:
        items.append(("Finance", reverse("finance:overview")))
    if access.scope_of(user, Perm.VIEW_GOVERNANCE) is not None:
        items.append(("Governance", reverse("governance:overview")))
    if access.scope_of(user, Perm.VIEW_CALENDAR) is not None:
        items.append(("Calendar", reverse("schools:calendar")))
    account = []
    if access.scope_of(user, Perm.VIEW_AUDIT) is access.ALL:
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
