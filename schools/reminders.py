"""The one reminder mechanism. Every reminder the portal sends, whatever it is about, goes
through here:

1. ``remind(key=..., ...)`` queues a reminder once per key. The key names the thing and
   the occasion ("reassessment:<school>:<due date>:<stage>"); a second call with the same
   key does nothing, so a scan may run as often as it likes.
2. ``deliver_pending()`` sends each queued reminder and marks it sent, one row per
   transaction under a row lock: two workers never send the same row, and a worker that
   dies before its transaction commits leaves the row pending for the next run (no
   reminder is lost). The one window left is a crash between the mail server accepting a
   message and the commit; then that one message may go twice. Mail cannot join a
   database transaction, so "never lost" is the side this errs on.

Sent reminders stay as rows, shown on the reminders page.
"""

from __future__ import annotations

import datetime
import logging

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Reminder

logger = logging.getLogger(__name__)


def remind(
    *,
    key: str,
    topic: str,
    recipients: list[str],
    subject: str,
    body: str,
    school=None,
    due_on: datetime.date | None = None,
) -> Reminder | None:
    """Queue a reminder unless one with ``key`` exists. Returns the new row, or None."""
    recipients = sorted({r for r in recipients if r})
    if not recipients or Reminder.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            return Reminder.objects.create(
                key=key,
                topic=topic,
                school=school,
                due_on=due_on,
                recipients="\n".join(recipients),
                subject=subject[:200],
                body=body,
            )
    except IntegrityError:  # race: another scan queued the same key a moment ago
        return None


def deliver_pending() -> int:
    """Send every pending reminder once. Returns how many this call sent."""
    sent = 0
    for pk in Reminder.objects.filter(state=Reminder.State.PENDING).values_list("pk", flat=True):
        with transaction.atomic():
            # Race: two workers (or a re-delivered task) deliver at once; the lock makes
            # one send, the other skip the row.
            reminder = (
                Reminder.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, state=Reminder.State.PENDING)
                .first()
            )
            if reminder is None:
                continue
            send_mail(reminder.subject, reminder.body, None, reminder.recipient_list)
            reminder.state = Reminder.State.SENT
            reminder.sent_at = timezone.now()
            reminder.save(update_fields=["state", "sent_at"])
            sent += 1
    if sent:
        logger.info("Sent %s reminder(s)", sent)
    return sent
