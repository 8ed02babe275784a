"""Events for the user's calendar feed: due category re-assessments of the schools they
may see, and the risk meetings they attend (all of them for the CEO and DoP)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from schools import access
from schools.access import Perm
from symphony.ical import Event

from . import selectors
from .models import RiskMeeting


def events(user) -> list[Event]:
    base = settings.SYMPHONY_BASE_URL
    found = []
    for row in selectors.due_list(user=user, today=timezone.localdate()):
        if row.due.due_on is None:
            continue
        what = "initial category judgement" if row.current is None else "category re-assessment"
        found.append(
            Event(
                uid=f"reassessment-{row.school.pk}-{row.due.due_on:%Y%m%d}",
                day=row.due.due_on,
                summary=f"{row.school.name}: {what} due",
                description=f"{row.school.name}'s {what} for {row.due.period_label}.",
                url=base + reverse("categorisation:school", kwargs={"pk": row.school.pk}),
            )
        )
    # The CEO and DoP see every meeting; anyone else the meetings they attend, linked only
    # where they may open the meeting's page.
    sees_meetings = access.allowed(user, Perm.VIEW_CATEGORISATION)
    meetings = RiskMeeting.objects.select_related("term__academic_year")
    if not access.allowed(user, Perm.DECIDE_CATEGORY):
        meetings = meetings.filter(attendees=user)
    since = timezone.localdate() - datetime.timedelta(days=365)
    for meeting in meetings.filter(held_on__gte=since):
        url = reverse("categorisation:meeting", kwargs={"pk": meeting.pk})
        found.append(
            Event(
                uid=f"risk-meeting-{meeting.pk}",
                day=meeting.held_on,
                summary="Executive Group risk meeting",
                description=f"Category risk meeting ({meeting.term_label}).",
                url=base + url if sees_meetings else "",
            )
        )
    return found
