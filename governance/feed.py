"""Events for the user's calendar feed: meetings of the bodies they sit on (and, for the
CEO and DoP, every LGB meeting, since they attend one per school each year)."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from schools import access
from schools.access import Perm
from symphony.ical import Event

from .models import Meeting


def events(user) -> list[Event]:
    today = timezone.localdate()
    mine = Q(body__appointments__person__user=user)
    if access.allowed(user, Perm.DECIDE_CATEGORY):
        mine |= Q(body__kind="lgb")
    meetings = (
        Meeting.objects.filter(mine, held_on__gte=today - datetime.timedelta(days=365))
        .select_related("body")
        .distinct()
    )
    return [
        Event(
            uid=f"governance-meeting-{m.pk}",
            day=m.held_on,
            summary=f"{m.body.name} meeting",
            description=m.agenda,
            url=settings.SYMPHONY_BASE_URL + reverse("governance:meeting", kwargs={"pk": m.pk}),
        )
        for m in meetings
    ]
