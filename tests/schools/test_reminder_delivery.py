"""Delivery never jams: a reminder that cannot be sent fails on its own (tried again later,
then given up with an error logged and shown on the reminders page), never stops the
reminders after it, and never makes a delivery run fail. Sent through a real SMTP
conversation (tests/smtp.py) where a refused address matters."""

import datetime
import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from schools.models import Reminder
from schools.reminders import deliver_pending, remind
from schools.tasks import deliver_reminders
from tests.factories import ReminderFactory
from tests.smtp import SmtpServer

pytestmark = pytest.mark.django_db

GONE = "left-the-trust@example.org"


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        settings.MAILERS = server.mailer()
        yield server


@pytest.fixture(autouse=True)
def only_these_reminders():
    Reminder.objects.all().delete()  # the demo trust's own queue is not under test


def queue(number: int, *, to: str = "head@example.org", subject: str = "") -> Reminder:
    return remind(
        key=f"delivery:{number}",
        topic="test",
        recipients=[to],
        subject=subject or f"Reminder {number}",
        body="Something is due.",
    )


def make_due(reminder: Reminder) -> None:
    """The wait before its next attempt has passed."""
    Reminder.objects.filter(pk=reminder.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def test_a_refused_address_does_not_stop_the_reminders_after_it(smtp):
    smtp.refuse = {GONE}
    first = queue(1)
    bad = queue(2, to=GONE)
    last = queue(3)

    assert deliver_pending() == 2  # no exception: the run goes on past the bad row
    assert sorted(smtp.subjects) == ["Reminder 1", "Reminder 3"]
    for reminder in (first, last):
        reminder.refresh_from_db()
        assert reminder.state == Reminder.State.SENT
    bad.refresh_from_db()
    assert bad.state == Reminder.State.PENDING
    assert bad.attempts == 1
    assert f"The mail server refused the address {GONE}" in bad.last_error
    wait = bad.next_attempt_at - timezone.now()
    assert datetime.timedelta(minutes=14) < wait <= datetime.timedelta(minutes=15)


def test_the_delivery_task_does_not_fail_because_of_one_reminder(smtp):
    smtp.refuse = {GONE}
    queue(1, to=GONE)
    queue(2)
    assert deliver_reminders.delay().get() == 1  # eager, errors propagate: none does


def test_a_reminder_is_tried_again_later_and_given_up_after_the_last_attempt(
    smtp, settings, caplog
):
    settings.SYMPHONY_REMINDER_MAX_ATTEMPTS = 3
    smtp.refuse = {GONE}
    bad = queue(1, to=GONE)

    deliver_pending()
    deliver_pending()  # too soon: its next attempt is not due yet
    bad.refresh_from_db()
    assert (bad.attempts, bad.state) == (1, Reminder.State.PENDING)

    make_due(bad)
    deliver_pending()
    bad.refresh_from_db()
    assert (bad.attempts, bad.state) == (2, Reminder.State.PENDING)
    wait = bad.next_attempt_at - timezone.now()
    assert datetime.timedelta(minutes=29) < wait <= datetime.timedelta(minutes=30)

    make_due(bad)
    with caplog.at_level(logging.ERROR, logger="schools.reminders"):
        deliver_pending()
    bad.refresh_from_db()
    assert (bad.attempts, bad.state) == (3, Reminder.State.GIVEN_UP)
    assert bad.next_attempt_at is None
    given_up = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(given_up) == 1
    assert "Gave up" in given_up[0].getMessage()
    assert "Reminder 1" in given_up[0].getMessage()

    # Given up is final: later runs leave it alone.
    Reminder.objects.filter(pk=bad.pk).update(next_attempt_at=None)
    smtp.refuse = set()
    assert deliver_pending() == 0
    assert smtp.subjects == []


def test_a_reminder_that_goes_through_on_a_later_attempt_is_sent(smtp):
    smtp.refuse = {GONE}
    reminder = queue(1, to=GONE)
    deliver_pending()
    smtp.refuse = set()  # the address was fixed at the mail server
    make_due(reminder)
    assert deliver_pending() == 1
    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.SENT
    assert reminder.sent_at is not None


def test_the_wait_doubles_from_the_first_and_is_capped(settings):
    from schools.reminders import retry_delay

    settings.SYMPHONY_REMINDER_RETRY_MINUTES = 15
    settings.SYMPHONY_REMINDER_RETRY_MAX_MINUTES = 120
    minutes = [retry_delay(n) / datetime.timedelta(minutes=1) for n in range(1, 7)]
    assert minutes == [15, 30, 60, 120, 120, 120]


def test_a_mail_server_that_cannot_be_reached_counts_against_no_reminder(settings, caplog):
    with SmtpServer() as server:
        settings.MAILERS = server.mailer()  # its port, then nothing listening there
    reminders = [queue(1), queue(2)]
    with caplog.at_level(logging.ERROR, logger="schools.reminders"):
        assert deliver_pending() == 0  # and no exception
    assert any("mail server" in r.getMessage() for r in caplog.records)
    for reminder in reminders:
        reminder.refresh_from_db()
        assert (reminder.state, reminder.attempts) == (Reminder.State.PENDING, 0)


# --- Header-unsafe text -------------------------------------------------------------------


def test_a_line_break_in_a_subject_cannot_break_the_message(smtp):
    queue(1, subject="Overdue: Glen\r\nHills's\rrisk\nregister")
    assert deliver_pending() == 1
    assert smtp.subjects == ["Overdue: Glen Hills's risk register"]
    reminder = Reminder.objects.get()
    assert reminder.subject == "Overdue: Glen Hills's risk register"
    assert reminder.state == Reminder.State.SENT


def test_a_reminder_queued_with_a_line_break_before_the_cleaning_still_goes(mailoutbox):
    ReminderFactory(subject="Due: Glen\nHills")  # written straight to the table
    assert deliver_pending() == 1
    assert [m.subject for m in mailoutbox] == ["Due: Glen Hills"]


def test_an_address_with_a_line_break_is_not_two_addresses(mailoutbox):
    remind(
        key="delivery:split",
        topic="test",
        recipients=["head@example.org\nBcc: everyone@example.org", " dop@example.org "],
        subject="Due",
        body="Something is due.",
    )
    reminder = Reminder.objects.get()
    assert reminder.recipient_list == [
        "dop@example.org",
        "head@example.org Bcc: everyone@example.org",
    ]


# --- What people see ----------------------------------------------------------------------


def test_the_reminders_page_shows_what_could_not_be_sent_and_why(smtp, settings, client_for):
    settings.SYMPHONY_REMINDER_MAX_ATTEMPTS = 2
    smtp.refuse = {GONE}
    retrying = queue(1, to=GONE, subject="Retrying reminder")
    deliver_pending()
    given_up = queue(2, to=GONE, subject="Given-up reminder")
    deliver_pending()
    make_due(given_up)
    deliver_pending()
    queue(3, subject="Sent reminder")
    deliver_pending()
    assert Reminder.objects.get(pk=given_up.pk).state == Reminder.State.GIVEN_UP
    assert Reminder.objects.get(pk=retrying.pk).state == Reminder.State.PENDING

    url = reverse("schools:reminders")
    page = client_for("dop").get(url).content.decode()
    assert "1 reminder could not be sent" in page
    assert "Not sent" in page
    assert f"The mail server refused the address {GONE}" in page
    assert "will be tried again" in page

    page = client_for("dop").get(url, {"state": "given_up"}).content.decode()
    assert "Given-up reminder" in page
    assert "Sent reminder" not in page and "Retrying reminder" not in page


def test_the_reminders_page_says_nothing_of_failures_when_there_are_none(client_for):
    ReminderFactory(state=Reminder.State.SENT, sent_at=timezone.now())
    page = client_for("dop").get(reverse("schools:reminders")).content.decode()
    assert "could not be sent" not in page


def test_the_central_team_sends_a_given_up_reminder_again_from_the_admin_site(client_for):
    given_up = ReminderFactory(
        state=Reminder.State.GIVEN_UP, attempts=5, last_error="The mail server refused ..."
    )
    sent = ReminderFactory(state=Reminder.State.SENT, sent_at=timezone.now())
    changelist = reverse("admin:schools_reminder_changelist")
    client = client_for("cfo")
    assert "Not sent (given up)" in client.get(changelist).content.decode()  # the filter
    response = client.post(
        changelist, {"action": "send_again", "_selected_action": [given_up.pk, sent.pk]}
    )
    assert response.status_code == 302
    given_up.refresh_from_db()
    assert (given_up.state, given_up.attempts, given_up.last_error) == ("pending", 0, "")
    sent.refresh_from_db()
    assert sent.state == Reminder.State.SENT
