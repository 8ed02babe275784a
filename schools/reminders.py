"""The one reminder mechanism. Every reminder the portal sends, whatever it is about, goes
through here:

1. ``remind(key=..., ...)`` queues a reminder once per key. The key names the thing and
   the occasion ("reassessment:<school>:<due date>:<stage>"); a second call with the same
   key does nothing, so a scan may run as often as it likes. Inside ``with scan(topic, ...)``
   the keys already queued are read once and the new reminders written together when the
   block ends: a daily scan of thousands of schools costs a few queries, not one or two
   per school.
2. ``deliver_pending()`` sends each queued reminder and marks it sent, one row per
   transaction under a row lock: two workers never send the same row, and a worker that
   dies before its transaction commits leaves the row pending for the next run (no
   reminder is lost). The one window left is a crash between the mail server accepting a
   message and the commit; then that one message may go twice. Mail cannot join a
   database transaction, so "never lost" is the side this errs on.

Every reminder's words come from here, so they read alike whatever they are about:
``due_message`` for something due by a date or overdue since it, ``compose`` for the body
(greeting, what it is about, the page to act on, and who sent it), ``absolute_link`` for
the page's address.

Sent reminders stay as rows, shown on the reminders page.
"""

from __future__ import annotations

import contextvars
import datetime
import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from .models import Reminder

logger = logging.getLogger(__name__)


class _Scan:
    def __init__(self, known: set[str]):
        self.known = known
        self.new: list[Reminder] = []


_current_scan: contextvars.ContextVar[_Scan | None] = contextvars.ContextVar(
    "reminder_scan", default=None
)


@contextmanager
def scan(*topics: str):
    """Batch the ``remind`` calls of one scan of ``topics``: one query for the keys already
    queued, one insert for the new reminders (a key queued meanwhile by another scan is
    skipped by the unique constraint)."""
    known = set(Reminder.objects.filter(topic__in=topics).values_list("key", flat=True))
    batch = _Scan(known)
    token = _current_scan.set(batch)
    try:
        yield batch
    finally:
        _current_scan.reset(token)
    if batch.new:
        Reminder.objects.bulk_create(batch.new, ignore_conflicts=True, batch_size=1000)


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
    """Queue a reminder unless one with ``key`` exists. Returns the new row (inside a
    ``scan``, saved when the scan ends), or None."""
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return None
    reminder = Reminder(
        key=key,
        topic=topic,
        school=school,
        due_on=due_on,
        recipients="\n".join(recipients),
        subject=subject[:200],
        body=body,
    )
    batch = _current_scan.get()
    if batch is not None:
        if key in batch.known:
            return None
        batch.known.add(key)
        batch.new.append(reminder)
        return reminder
    if Reminder.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            reminder.save()
            return reminder
    except IntegrityError:  # race: another scan queued the same key a moment ago
        return None


def absolute_link(viewname: str, **kwargs) -> str:
    """The page's address as a person opens it from an e-mail (``SYMPHONY_BASE_URL``)."""
    return settings.SYMPHONY_BASE_URL + reverse(viewname, kwargs=kwargs or None)


def compose(*lines: str, link: str = "") -> str:
    """A reminder's body: the greeting, ``lines``, the page to act on, and the sign-off."""
    body = ["Hello,", "", *lines]
    if link:
        body += ["", link]
    body += ["", f"Symphony, {settings.SYMPHONY_TRUST_NAME}'s school-improvement portal"]
    return "\n".join(body) + "\n"


def due_message(
    *, what: str, due_on: datetime.date, overdue: bool, details=(), link: str = ""
) -> tuple[str, str]:
    """(subject, body) of a reminder that ``what`` is due by ``due_on`` or overdue since
    it: one wording for every reminder. ``details`` are lines added after the first."""
    date = f"{due_on:%-d %B %Y}"
    subject = f"Overdue: {what} (due {date})" if overdue else f"Due by {date}: {what}"
    stage = "overdue since" if overdue else "due by"
    first = f"{what[:1].upper()}{what[1:]} is {stage} {due_on:%A %-d %B %Y}."
    return subject, compose(first, *details, link=link)


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
