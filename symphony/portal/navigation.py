from django.conf import settings
from django.urls import reverse

from schools import access, work
from schools.access import Perm


def _holds(*perms):
    return lambda user: any(access.holds(user, perm) for perm in perms)


def _trust_wide(perm):
    return lambda user: access.allowed(user, perm)


# The main menu after the home page, in order: (label, URL name, who sees it).
MENU = [
    ("Schools", "schools:list", _holds(Perm.VIEW_SCHOOL)),
    ("Categorisation", "categorisation:overview", _trust_wide(Perm.VIEW_CATEGORISATION)),
    ("SCC", "categorisation:scc", _trust_wide(Perm.VIEW_CATEGORISATION)),
    ("Peer reviews", "reviews:list", _holds(Perm.VIEW_SCHOOL, Perm.RECORD_REVIEW)),
    ("Core Plans", "reviews:core_plans", _holds(Perm.VIEW_SCHOOL)),
    ("Termly data", "schools:collections", _holds(Perm.VIEW_SCHOOL)),
    ("KPI report", "portal:kpi_report", _trust_wide(Perm.VIEW_TRUST_DATA)),
    ("Finance", "finance:overview", _holds(Perm.VIEW_FINANCE)),
    ("Governance", "governance:overview", _holds(Perm.VIEW_GOVERNANCE)),
    ("Calendar", "schools:calendar", _holds(Perm.VIEW_CALENDAR)),
]


def navigation(request):
    """The navigation a role may use; nothing it may not (default deny).

    An error page rendered before the authentication middleware ran (a request refused
    for its Host header) has no ``request.user``: it gets no menu, not a second error."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or _second_step_pending(user):
        return {"nav_items": [], "trust_name": settings.SYMPHONY_TRUST_NAME}
    items = [
        (
            "Dashboard" if access.allowed(user, Perm.VIEW_TRUST_DATA) else "Overview",
            reverse("home"),
        )
    ]
    items += [(label, reverse(name)) for label, name, may in MENU if may(user)]
    account = []
    if access.allowed(user, Perm.VIEW_AUDIT):
        account.append(("Audit trail", reverse("schools:audit")))
    account.append(("Notifications", reverse("schools:notifications")))
    account.append(("Privacy and your data", reverse("schools:privacy")))
    return {
        "nav_items": items,
        "work_count": work.count_for(user),
        "account_items": account,
        "trust_name": settings.SYMPHONY_TRUST_NAME,
    }


def _second_step_pending(user) -> bool:
    """Signed in with the password but not yet through two-step sign-in that the role
    requires (schools.mfa): the pages behind the links would only send them back."""
    from schools.mfa import requires_mfa

    is_verified = getattr(user, "is_verified", None)
    return is_verified is not None and not is_verified() and requires_mfa(user)
