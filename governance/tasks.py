"""Reminders for governance through the portal's one mechanism: upcoming meetings to the
body's people, overdue meeting actions to the body's chair."""

import datetime
from collections import defaultdict

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from schools.reminders import absolute_link, compose, deliver_pending, due_message, remind, scan

from .models import Appointment, Meeting, MeetingAction

TOPIC = "governance"


def queue_governance_reminders(*, today=None) -> int:
    """Two queries for the bodies' current people, however many meetings and actions."""
    today = today or timezone.localdate()
    lead = datetime.timedelta(days=settings.SYMPHONY_GOVERNANCE_MEETING_REMINDER_DAYS)
    queued = 0
    current = Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    meetings = list(
        Meeting.objects.filter(held_on__gte=today, held_on__lte=today + lead).select_related("body")
    )
    overdue = list(
        MeetingAction.objects.filter(done_on__isnull=True, due_on__lt=today).select_related(
            "meeting__body"
        )
    )
    bodies = {m.body_id for m in meetings} | {a.meeting.body_id for a in overdue}
    people: dict[int, list[str]] = defaultdict(list)
    chairs: dict[int, list[str]] = defaultdict(list)
    appointments = Appointment.objects.filter(current, body__in=bodies).values_list(
        "body_id", "role", "person__email", "person__user__email"
    )
    for body_id, role, email, user_email in appointments:
        address = email or user_email or ""
        people[body_id].append(address)
        if role == Appointment.Role.CHAIR:
            chairs[body_id].append(address)
    with scan(TOPIC):
        for meeting in meetings:
            if remind(
                key=f"governance-meeting:{meeting.pk}:{meeting.held_on.isoformat()}",
                topic=TOPIC,
                recipients=people[meeting.body_id],
                subject=f"{meeting.body}: meeting on {meeting.held_on:%A %-d %B %Y}",
                body=compose(
                    f"The {meeting.body} meets on {meeting.held_on:%A %-d %B %Y}.",
                    "Agenda:",
                    meeting.agenda,
                    link=absolute_link("governance:meeting", pk=meeting.pk),
                ),
                due_on=meeting.held_on,
            ):
                queued += 1
        for action in overdue:
            subject, body = due_message(
                what=f"the {action.meeting.body}'s action '{action.description}'",
                due_on=action.due_on,
                overdue=True,
                details=[
                    f"Owner: {action.owner}. From the meeting of "
                    f"{action.meeting.held_on:%-d %B %Y}."
                ],
                link=absolute_link("governance:meeting", pk=action.meeting.pk),
            )
            if remind(
                key=f"governance-action:{action.pk}:{action.due_on.isoformat()}",
                topic=TOPIC,
                recipients=chairs[action.meeting.body_id],
                subject=subject,
                body=body,
                due_on=action.due_on,
            ):
                queued += 1
    return queued


@shared_task(name="governance.send_reminders", soft_time_limit=240, time_limit=300)
def send_reminders() -> dict[str, int]:
    return {"queued": queue_governance_reminders(), "sent": deliver_pending()}
