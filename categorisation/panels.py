"""The school page's category panel: its category, support offer and SCC state
(registered with ``schools.panels``)."""

from django.utils import timezone

from schools import access
from schools.access import Perm

from . import selectors
from .models import SccCase
from .offer import support_offer
from .scc import levels_by_school, triggers_for


def category_panel(request, school):
    summary = selectors.school_summary(school=school, today=timezone.localdate())
    user = request.user
    case = SccCase.objects.filter(school=school, closed_on__isnull=True).first()
    category = summary.current.category if summary.current else None
    # Entry is always offered to the CEO/DoP on these triggers; it stays their decision.
    triggers = (
        triggers_for(school, category) if access.allowed(user, Perm.MANAGE_SCC) and not case else []
    )
    return {
        "scc_case": case,
        "scc_level": levels_by_school([school]).get(school.pk) if case else None,
        "scc_trigger": SccCase.Trigger(triggers[0]) if triggers else None,
        "school": school,
        "summary": summary,
        "offer": support_offer(summary.current.category) if summary.current else None,
        "sees_meetings": access.allowed(user, Perm.VIEW_CATEGORISATION),
    }
