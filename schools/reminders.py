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
3. A reminder that cannot be sent (the mail server refuses its address, its message cannot
   be made) fails on its own: the attempt is counted, its reason kept in plain words, and
   it is tried again after a wait that doubles from ``SYMPHONY_REMINDER_RETRY_MINUTES``
   (at most ``SYMPHONY_REMINDER_RETRY_MAX_MINUTES``), then given up after
   ``SYMPHONY_REMINDER_MAX_ATTEMPTS`` with an error in the log; the reminders page shows
   it. The reminders after it go out as usual and the run never fails because of it. A
   mail server that cannot be reached at all is no reminder's fault: the run stops, logs
   an error, and counts against none of them.

Every reminder's words come from here, so they read alike whatever they are about:
``header_safe`` keeps a subject and its addresses on one line (a school or person name
with a line break in it cannot break a message),
``due_message`` for something due by a date or overdue since it, ``compose`` for the body
(greeting, what it is about, the page to act on, and who sent it), ``absolute_link`` for
the page's address.

Notices ("told when it changes") go through the same rows: ``notify(event_key, people,
...)`` queues one reminder per person and event (key ``notice:<event>:<person>``, so an
event is told once however often its service runs), worded for that person ("Dear ...",
a plain-text and an HTML part, an absolute link). Each person chooses (``User.notify_by``,
at Account, Notifications) to have them straight away, sent by ``deliver_pending`` like any
reminder, or in a weekly digest: such a row is marked ``digest`` and left for
``deliver_digests``, which sends each person's waiting notices as one e-mail, a line each
with its link. Inside ``with quietly():`` (the demo seeding) nothing is queued.

Sent reminders stay as rows, shown on the reminders page.
"""

from __future__ import annotations

import contextvars
import datetime
import logging
import re
from contextlib import contextmanager
from smtplib import SMTPDataError, SMTPRecipientsRefused

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import NotifyBy, Reminder, User

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
    html: str = "",
    link: str = "",
    digest: bool = False,
) -> Reminder | None:
    """Queue a reminder unless one with ``key`` exists. Returns the new row (inside a
    ``scan``, saved when the scan ends), or None. ``html`` is an HTML part to send beside
    the plain ``body``; ``digest`` leaves it for the weekly digest (``deliver_digests``)."""
    recipients = sorted({header_safe(r) for r in recipients if r} - {""})
    if not recipients:
        return None
    reminder = Reminder(
        key=key,
        topic=topic,
        school=school,
        due_on=due_on,
        recipients="\n".join(recipients),
        subject=header_safe(subject)[:200],
        body=body,
        html=html,
        link=link[:500],
        digest=digest,
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


# A line break (or any other control character) in a header would end it: the mail library
# refuses the whole message, and a hand-made one could carry a header of its own.
_CONTROLS = re.compile(r"\s*[\x00-\x1f\x7f]+\s*")


def header_safe(text: str) -> str:
    """``text`` on one line, for a subject or an address: every run of line breaks and other
    control characters becomes one space."""
    return _CONTROLS.sub(" ", text).strip()


def absolute_link(viewname: str, **kwargs) -> str:
    """The page's address as a person opens it from an e-mail (``SYMPHONY_BASE_URL``)."""
    return settings.SYMPHONY_BASE_URL + reverse(viewname, kwargs=kwargs or None)


def compose(*lines: str, link: str = "", greeting: str = "Hello,", note: str = "") -> str:
    """A reminder's body: the greeting, ``lines``, the page to act on, and the sign-off
    (after ``note``, if any)."""
    body = [greeting, "", *lines]
    if link:
        body += ["", link]
    if note:
        body += ["", note]
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


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long a reminder waits after its ``attempts``-th failed attempt: doubling from
    ``SYMPHONY_REMINDER_RETRY_MINUTES``, at most ``SYMPHONY_REMINDER_RETRY_MAX_MINUTES``."""
    minutes = settings.SYMPHONY_REMINDER_RETRY_MINUTES * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(minutes=min(minutes, settings.SYMPHONY_REMINDER_RETRY_MAX_MINUTES))


def _mail_server_down(exc: Exception) -> bool:
    """The mail server could not be reached, or would take no mail from us (connection,
    sign-in, sender): the same for every reminder, so none is counted against. (smtplib's
    errors are OSErrors; a refused address or message is the one reminder's.)"""
    return isinstance(exc, OSError) and not isinstance(exc, (SMTPRecipientsRefused, SMTPDataError))


def _in_plain_words(exc: Exception) -> str:
    """Why a reminder could not be sent, for the reminders page."""
    if isinstance(exc, SMTPRecipientsRefused):
        refused = sorted(exc.recipients)
        code, said = exc.recipients[refused[0]]
        said = said.decode(errors="replace") if isinstance(said, bytes) else said
        noun = "address" if len(refused) == 1 else "addresses"
        return f"The mail server refused the {noun} {', '.join(refused)} (it said: {code} {said})."
    if isinstance(exc, SMTPDataError):
        said = exc.smtp_error.decode(errors="replace")
        return f"The mail server refused the message (it said: {exc.smtp_code} {said})."
    if isinstance(exc, ValueError):  # the mail library's checks of headers and addresses
        return f"The message could not be made: {exc}"
    return f"The message could not be sent: {type(exc).__name__}: {exc}"


def _log_mail_down(what: str, exc: Exception) -> None:
    logger.error(
        "The mail server could not be reached; the %s not sent wait for the next run: %s: %s",
        what,
        type(exc).__name__,
        exc,
    )


def _record_failure(reminder: Reminder, exc: Exception) -> None:
    reminder.attempts += 1
    reminder.last_error = _in_plain_words(exc)[:1000]
    if reminder.attempts >= settings.SYMPHONY_REMINDER_MAX_ATTEMPTS:
        reminder.state, reminder.next_attempt_at = Reminder.State.GIVEN_UP, None
        logger.error(
            "Gave up on reminder %s (%r) after %s attempts: %s",
            reminder.pk,
            reminder.subject,
            reminder.attempts,
            reminder.last_error,
        )
    else:
        reminder.next_attempt_at = timezone.now() + retry_delay(reminder.attempts)
        logger.warning(
            "Reminder %s (%r) not sent (attempt %s), tried again at %s: %s",
            reminder.pk,
            reminder.subject,
            reminder.attempts,
            f"{reminder.next_attempt_at:%Y-%m-%d %H:%M}",
            reminder.last_error,
        )
    reminder.save(update_fields=["state", "attempts", "last_error", "next_attempt_at"])


def deliver_pending() -> int:
    """Send every pending reminder whose next attempt is due, oldest first, each once.
    Returns how many this call sent. One that fails is recorded on its row (see 3. above)
    and the run goes on; it raises for none of them."""
    sent, mail_down = 0, None
    due = Reminder.objects.filter(state=Reminder.State.PENDING, digest=False).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())
    )
    for pk in due.order_by("created_at", "pk").values_list("pk", flat=True):
        with transaction.atomic():
            # Race: two workers (or a re-delivered task) deliver at once; the lock makes
            # one send, the other skip the row.
            reminder = (
                Reminder.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, state=Reminder.State.PENDING, digest=False)
                .first()
            )
            if reminder is None:
                continue
            try:
                send_mail(
                    header_safe(reminder.subject),  # rows queued before subjects were cleaned
                    reminder.body,
                    None,
                    reminder.recipient_list,
                    html_message=reminder.html or None,
                )
            except Exception as exc:  # this row's failure is recorded; the run goes on
                if _mail_server_down(exc):
                    mail_down = exc
                    break
                _record_failure(reminder, exc)
                continue
            reminder.state = Reminder.State.SENT
            reminder.sent_at = timezone.now()
            reminder.save(update_fields=["state", "sent_at"])
            sent += 1
    if mail_down is not None:
        _log_mail_down("reminders", mail_down)
    if sent:
        logger.info("Sent %s reminder(s)", sent)
    return sent


# --- Notices: told when it changes ---------------------------------------------------

NOTICE = "notice"  # the topic of every notice on the reminders page

_quiet: contextvars.ContextVar[bool] = contextvars.ContextVar("notices_quiet", default=False)


@contextmanager
def quietly():
    """Queue no notices inside the block: the demo seeding records decisions, reviews and
    accepted figures that are history, not news to anyone."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def _first_name(user) -> str:
    return header_safe(user.get_short_name()) or "colleague"


def _choose_link() -> str:
    return absolute_link("schools:notifications")


def _choose_note() -> str:
    """The line under every notice and digest saying where to choose how one is told."""
    return f"Straight away or in a weekly digest: choose how you are told at {_choose_link()}"


def notify(event_key: str, users, subject: str, lines, link: str, school=None) -> list[Reminder]:
    """Tell each of ``users`` (portal accounts) that something changed: one notice per
    person for the event ``event_key`` ("review-published:<pk>"), queued once ever, so a
    service run twice (or a retried task) tells nobody twice. ``lines`` say what changed;
    ``link`` is the page's absolute address (``absolute_link``). Whoever chose the weekly
    digest gets it in that; everyone else by e-mail as soon as the change is committed.
    Inactive accounts and accounts without an address are skipped. Returns the new rows."""
    if _quiet.get():
        return []
    lines = [str(line) for line in lines if line]
    queued, seen = [], set()
    for user in users:
        if user is None or user.pk in seen or not user.is_active or not user.email:
            continue
        seen.add(user.pk)
        name = _first_name(user)
        context = {
            "subject": subject,
            "name": name,
            "lines": lines,
            "link": link,
            "trust": settings.SYMPHONY_TRUST_NAME,
            "settings_link": _choose_link(),
        }
        reminder = remind(
            key=f"{NOTICE}:{event_key}:{user.pk}",
            topic=NOTICE,
            recipients=[user.email],
            subject=subject,
            body=compose(
                *lines,
                link=link,
                greeting=f"Dear {name},",
                note=_choose_note(),
            ),
            html=render_to_string("schools/email/notice.html", context),
            link=link,
            school=school,
            digest=user.notify_by == NotifyBy.WEEKLY,
        )
        if reminder is not None:
            queued.append(reminder)
    if any(not reminder.digest for reminder in queued):
        deliver_soon()
    return queued


def deliver_soon() -> None:
    """Send what is queued once the current transaction commits (the 15-minute delivery
    run sends it anyway if the task queue is down)."""
    from symphony.tasks import enqueue_on_commit

    from .tasks import deliver_reminders

    enqueue_on_commit(deliver_reminders)


def deliver_digests(*, retries_only: bool = False) -> int:
    """Send each person's waiting digest notices as one e-mail, a line each with its link,
    and mark them sent (the weekly run). A digest the mail server refuses counts as a
    failed attempt of each of its notices, tried again as any reminder is (``retries_only``:
    only those, for the 15-minute run). Returns how many e-mails went."""
    waiting = Reminder.objects.filter(state=Reminder.State.PENDING, digest=True).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now())
    )
    if retries_only:
        waiting = waiting.filter(attempts__gt=0)
    addresses = sorted(set(waiting.values_list("recipients", flat=True)))
    names = {user.email: _first_name(user) for user in User.objects.filter(email__in=addresses)}
    sent = 0
    for address in addresses:
        with transaction.atomic():
            # Race: two digest runs at once; the locks make one send each person's notices.
            notices = list(
                Reminder.objects.select_for_update(skip_locked=True)
                .filter(state=Reminder.State.PENDING, digest=True, recipients=address)
                .order_by("created_at", "pk")
            )
            if not notices:
                continue
            try:
                _send_digest(address, names.get(address, "colleague"), notices)
            except Exception as exc:  # this person's failure is recorded; the run goes on
                if _mail_server_down(exc):
                    _log_mail_down("digests", exc)
                    break
                for notice in notices:
                    _record_failure(notice, exc)
                continue
            Reminder.objects.filter(pk__in=[n.pk for n in notices]).update(
                state=Reminder.State.SENT, sent_at=timezone.now()
            )
            sent += 1
    if sent:
        logger.info("Sent %s weekly digest(s)", sent)
    return sent


def _send_digest(address: str, name: str, notices: list[Reminder]) -> None:
    count = len(notices)
    subject = f"Symphony: this week's {count} change{'s' if count != 1 else ''}"
    intro = f"{count} thing{'s' if count != 1 else ''} changed since your last digest:"
    lines = [f"- {n.subject}" + (f": {n.link}" if n.link else "") for n in notices]
    context = {
        "subject": subject,
        "name": name,
        "intro": intro,
        "notices": notices,
        "trust": settings.SYMPHONY_TRUST_NAME,
        "settings_link": _choose_link(),
    }
    send_mail(
        header_safe(subject),
        compose(
            intro,
            "",
            *lines,
            greeting=f"Dear {name},",
            note=_choose_note(),
        ),
        None,
        [address],
        html_message=render_to_string("schools/email/digest.html", context),
    )
