"""Reminders for category re-assessments and risk meetings, through the portal's one
reminder mechanism (``schools.reminders``). Beat runs the scan daily (settings)."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from schools.calendar import Calendar
from schools.models import Role, School, User
from schools.reminders import absolute_link, compose, deliver_pending, due_message, remind, scan

from . import selectors
from .models import RiskMeeting
from .selectors import MEETING_TOPIC, REASSESSMENT_TOPIC, TRACKED, due_rows

SCC_TOPIC = "scc_monitoring"
# What the reminder says is due, by the kind of the school's next judgement.
WHAT = {
    selectors.DUE_DILIGENCE: "category judgement at due diligence",
    selectors.INITIAL: "initial category judgement",
    selectors.START_OF_YEAR: "start-of-year category judgement",
    selectors.REASSESSMENT: "category re-assessment",
}


def _leaders() -> list[str]:
    return list(
        User.objects.filter(is_active=True, role__in=[Role.CEO, Role.DOP]).values_list(
            "email", flat=True
        )
    )


def queue_reminders(*, today: datetime.date | None = None) -> int:
    """Queue every reminder that is due today; returns how many were new. Safe to run any
    number of times: each reminder's key is unique (one per school per due date and stage;
    one per meeting and date)."""
    with scan(REASSESSMENT_TOPIC, MEETING_TOPIC, SCC_TOPIC):
        return _queue_reminders(today=today)


def _queue_reminders(*, today: datetime.date | None) -> int:
    today = today or timezone.localdate()
    lead = datetime.timedelta(days=settings.SYMPHONY_REASSESSMENT_REMINDER_DAYS)
    leaders = _leaders()
    schools = list(
        School.objects.filter(status__in=TRACKED).prefetch_related("people").order_by("name")
    )
    queued = 0
    link = absolute_link("categorisation:overview")
    for row in due_rows(schools, today=today, calendar=Calendar.load()):
        due_on = row.due.due_on
        if due_on is None or due_on - today > lead:
            continue
        stage = "overdue" if row.due.overdue else "due"
        heads = [p.email for p in row.school.headteachers() if p.is_active]
        what = WHAT[row.judgement]
        details = []
        if row.current:
            details.append(
                f"Current category: {row.current.category}, decided "
                f"{row.current.assessed_on:%-d %B %Y}."
            )
        details.append("It is decided at a risk meeting of the Executive Group.")
        subject, body = due_message(
            what=f"{row.school.name}'s {what} for {row.due.period_label}",
            due_on=due_on,
            overdue=stage == "overdue",
            details=details,
            link=link,
        )
        if remind(
            key=f"reassessment:{row.school.pk}:{due_on.isoformat()}:{stage}",
            topic=REASSESSMENT_TOPIC,
            recipients=leaders + heads,
            subject=subject,
            body=body,
            school=row.school,
            due_on=due_on,
        ):
            queued += 1
    queued += _queue_scc_monitoring(today=today, lead=lead, leaders=leaders)
    meeting_lead = datetime.timedelta(days=settings.SYMPHONY_RISK_MEETING_REMINDER_DAYS)
    upcoming = RiskMeeting.objects.filter(
        held_on__gte=today, held_on__lte=today + meeting_lead
    ).prefetch_related("attendees")
    for meeting in upcoming:
        if remind(
            key=f"risk-meeting:{meeting.pk}:{meeting.held_on.isoformat()}",
            topic=MEETING_TOPIC,
            recipients=[u.email for u in meeting.attendees.all() if u.is_active],
            subject=f"Risk meeting on {meeting.held_on:%A %-d %B %Y}",
            body=compose(
                f"The Executive Group's risk meeting is on {meeting.held_on:%A %-d %B %Y} "
                f"({meeting.term_label}).",
                "The schools due for re-assessment are on the meeting's page:",
                link=absolute_link("categorisation:meeting", pk=meeting.pk),
            ),
            due_on=meeting.held_on,
        ):
            queued += 1
    return queued


def _queue_scc_monitoring(*, today, lead, leaders) -> int:
    """SCC monitoring falling due (or overdue), once per school per due date and stage."""
    from .scc import every_open_case

    queued = 0
    for state in every_open_case(today=today):
        due_on = state.due.due_on
        if due_on is None or due_on - today > lead:
            continue
        stage = "overdue" if state.due.overdue else "due"
        school = state.case.school
        subject, body = due_message(
            what=f"SCC monitoring of {school.name} (level {state.level})",
            due_on=due_on,
            overdue=stage == "overdue",
            details=[f"{school.name} is at level {state.level} of Schools Causing Concern."],
            link=absolute_link("categorisation:scc_case", pk=state.case.pk),
        )
        if remind(
            key=f"scc-monitoring:{state.case.pk}:{due_on.isoformat()}:{stage}",
            topic=SCC_TOPIC,
            recipients=leaders,
            subject=subject,
            body=body,
            school=school,
            due_on=due_on,
        ):
            queued += 1
    return queued


@shared_task(name="categorisation.send_reminders", soft_time_limit=240, time_limit=300)
def send_reminders() -> dict[str, int]:
    """Queue what is due, then send whatever is pending (including rows a crashed run
    queued but did not send)."""
    queued = queue_reminders()
    return {"queued": queued, "sent": deliver_pending()}
