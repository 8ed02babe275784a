"""Reminders for governance through the portal's one mechanism: upcoming meetings to the
body's people, overdue meeting actions to the body's chair."""

import datetime

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from schools.reminders import deliver_pending, remind

from .models import Appointment, Meeting, MeetingAction

TOPIC = "governance"


def _emails(appointments) -> list[str]:
    return [a.person.email or (a.person.user.email if a.person.user else "") for a in appointments]


def queue_governance_reminders(*, today=None) -> int:
    today = today or timezone.localdate()
    lead = datetime.timedelta(days=settings.SYMPHONY_GOVERNANCE_MEETING_REMINDER_DAYS)
    queued = 0
    current = Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    for meeting in Meeting.objects.filter(held_on__gte=today, held_on__lte=today + lead):
        people = Appointment.objects.filter(current, body=meeting.body).select_related(
            "person__user"
        )
        if remind(
            key=f"governance-meeting:{meeting.pk}:{meeting.held_on.isoformat()}",
            topic=TOPIC,
            recipients=_emails(people),
            subject=f"{meeting.body}: meeting on {meeting.held_on:%A %-d %B %Y}",
            body=f"The {meeting.body} meets on {meeting.held_on:%A %-d %B %Y}.\n"
            f"Agenda:\n{meeting.agenda}\n",
            due_on=meeting.held_on,
        ):
            queued += 1
    overdue = MeetingAction.objects.filter(done_on__isnull=True, due_on__lt=today).select_related(
        "meeting__body"
    )
    for action in overdue:
        chairs = Appointment.objects.filter(
            current, body=action.meeting.body, role=Appointment.Role.CHAIR
        ).select_related("person__user")
        if remind(
            key=f"governance-action:{action.pk}:{action.due_on.isoformat()}",
            topic=TOPIC,
            recipients=_emails(chairs),
            subject=f"Overdue action, {action.meeting.body}: {action.description}"[:200],
            body=f"'{action.description}' (owner: {action.owner}) was due on "
            f"{action.due_on:%-d %B %Y}, from the meeting of {action.meeting.held_on:%-d %B %Y}.\n",
            due_on=action.due_on,
        ):
            queued += 1
    return queued


@shared_task(name="governance.send_reminders", soft_time_limit=240, time_limit=300)
def send_reminders() -> dict[str, int]:
    return {"queued": queue_governance_reminders(), "sent": deliver_pending()}
