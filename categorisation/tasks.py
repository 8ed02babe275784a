"""Reminders for category re-assessments and risk meetings, through the portal's one
reminder mechanism (``schools.reminders``). Beat runs the scan daily (settings)."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from schools.calendar import Calendar
from schools.models import Role, School, User
from schools.reminders import deliver_pending, remind, scan

from .models import RiskMeeting
from .selectors import MEETING_TOPIC, REASSESSMENT_TOPIC, TRACKED, due_rows

SCC_TOPIC = "scc_monitoring"


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
    link = settings.SYMPHONY_BASE_URL + reverse("categorisation:overview")
    for row in due_rows(schools, today=today, calendar=Calendar.load()):
        due_on = row.due.due_on
        if due_on is None or due_on - today > lead:
            continue
        stage = "overdue" if row.due.overdue else "due"
        heads = [p.email for p in row.school.headteachers() if p.is_active]
        what = "initial category judgement" if row.current is None else "category re-assessment"
        if stage == "overdue":
            subject = f"Overdue: {row.school.name}'s {what} (due {due_on:%-d %B %Y})"
        else:
            subject = f"Due by {due_on:%-d %B %Y}: {row.school.name}'s {what}"
        body = (
            f"{row.school.name}'s {what} for {row.due.period_label} is "
            f"{'overdue since' if stage == 'overdue' else 'due by'} {due_on:%A %-d %B %Y}.\n"
        )
        if row.current:
            body += (
                f"Current category: {row.current.category}, decided "
                f"{row.current.assessed_on:%-d %B %Y}.\n"
            )
        body += (
            f"\nIt is decided at a risk meeting of the Executive Group.\nCategorisation: {link}\n"
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
        url = settings.SYMPHONY_BASE_URL + reverse(
            "categorisation:meeting", kwargs={"pk": meeting.pk}
        )
        if remind(
            key=f"risk-meeting:{meeting.pk}:{meeting.held_on.isoformat()}",
            topic=MEETING_TOPIC,
            recipients=[u.email for u in meeting.attendees.all() if u.is_active],
            subject=f"Risk meeting on {meeting.held_on:%A %-d %B %Y}",
            body=(
                f"The Executive Group's risk meeting is on {meeting.held_on:%A %-d %B %Y} "
                f"({meeting.term_label}).\nSchools due for re-assessment and the meeting's page: "
                f"{url}\n"
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
        url = settings.SYMPHONY_BASE_URL + reverse(
            "categorisation:scc_case", kwargs={"pk": state.case.pk}
        )
        if remind(
            key=f"scc-monitoring:{state.case.pk}:{due_on.isoformat()}:{stage}",
            topic=SCC_TOPIC,
            recipients=leaders,
            subject=f"{'Overdue' if stage == 'overdue' else 'Due'}: SCC monitoring of "
            f"{school.name} (level {state.level}, by {due_on:%-d %B %Y})",
            body=f"{school.name} is at level {state.level} of Schools Causing Concern. Its "
            f"monitoring review is {'overdue since' if stage == 'overdue' else 'due by'} "
            f"{due_on:%A %-d %B %Y}.\n{url}\n",
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
