"""Termly risk-register reviews falling due or overdue, reminded to their owners (the
school's headteacher; the CFO and Finance & Operations Lead for the trust's register)
through the portal's one reminder mechanism."""

from collections import defaultdict

from celery import shared_task
from django.utils import timezone

from schools.models import HEADTEACHER_ROLES, Role, User
from schools.reminders import absolute_link, deliver_pending, due_message, remind, scan

from .models import RiskRegister
from .selectors import reviews_due

TOPIC = "risk_register"


def queue_risk_reminders(*, today=None) -> int:
    with scan(TOPIC):
        return _queue(today=today)


def _queue(*, today) -> int:
    today = today or timezone.localdate()
    finance = list(
        User.objects.filter(is_active=True, role__in=[Role.CFO, Role.FINANCE_OPS]).values_list(
            "email", flat=True
        )
    )
    queued = 0
    registers = RiskRegister.objects.select_related("school")
    rows = reviews_due(registers, today=today)
    heads: dict[int, list[str]] = defaultdict(list)
    for school_id, email in User.objects.filter(
        is_active=True,
        role__in=HEADTEACHER_ROLES,
        schools__in=[r.register.school_id for r in rows if r.register.school_id],
    ).values_list("schools", "email"):
        heads[school_id].append(email)
    for row in rows:
        due_on = row.due.due_on
        school = row.register.school
        owners = heads[school.pk] if school else finance
        stage = "overdue" if row.due.overdue else "due"
        name = school.name if school else "The trust"
        subject, body = due_message(
            what=f"{name}'s risk register review",
            due_on=due_on,
            overdue=stage == "overdue",
            details=["Each risk register is reviewed every term."],
            link=absolute_link("finance:register", pk=row.register.pk),
        )
        if remind(
            key=f"risk-register:{row.register.pk}:{due_on.isoformat()}:{stage}",
            topic=TOPIC,
            recipients=owners,
            subject=subject,
            body=body,
            school=school,
            due_on=due_on,
        ):
            queued += 1
    return queued


@shared_task(name="finance.send_reminders", soft_time_limit=240, time_limit=300)
def send_reminders() -> dict[str, int]:
    return {"queued": queue_risk_reminders(), "sent": deliver_pending()}
