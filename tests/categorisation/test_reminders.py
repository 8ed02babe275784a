"""Re-assessment and risk-meeting reminders through the one reminder mechanism: each sent
once, recorded, and sent on a later run if a run died before sending."""

import datetime
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import OperationalError
from django.utils import timezone

from categorisation import services
from categorisation.demo import EARLY_DAYS_AGO
from categorisation.models import Assessment, CategoryLetter, RiskMeeting, SccCase
from categorisation.selectors import due_list
from categorisation.tasks import queue_reminders, send_reminders
from finance.models import EstatesProject
from schools.models import AcademicYear, Reminder
from schools.reminders import deliver_pending
from symphony import celery_app


@pytest.fixture(autouse=True)
def _no_scc_cases(demo):
    """These tests count re-assessment reminders; SCC monitoring reminders, which go
    through the same mechanism, are tested in tests/categorisation/scc. The demo's early
    re-assessment of Glen Hills this term is set aside too, so every school but Thythorn
    Field falls due at the end of this term."""
    SccCase.objects.update(closed_on=timezone.localdate())
    early = timezone.localdate() - datetime.timedelta(days=EARLY_DAYS_AGO)
    CategoryLetter.objects.filter(assessment__meeting__held_on=early).delete()  # its letter
    Assessment.objects.filter(meeting__held_on=early).delete()
    RiskMeeting.objects.filter(held_on=early).delete()


def _due_date(cast):
    """The date most demo schools are next due by (the end of this term)."""
    rows = due_list(user=cast["ceo"])
    return max(row.due.due_on for row in rows)


def test_a_reminder_goes_once_per_school_per_due_date(cast, settings):
    settings.SYMPHONY_REASSESSMENT_REMINDER_DAYS = 14
    due_on = _due_date(cast)
    day = due_on - datetime.timedelta(days=14)
    queued = queue_reminders(today=day)
    assert queued == 15  # 14 due at the end of term, and Thythorn Field already overdue
    assert queue_reminders(today=day) == 0
    assert queue_reminders(today=day + datetime.timedelta(days=3)) == 0
    assert deliver_pending() == 15
    assert deliver_pending() == 0
    assert len(mail.outbox) == 15


def test_outside_the_lead_time_only_overdue_schools_are_reminded(cast, settings):
    settings.SYMPHONY_REASSESSMENT_REMINDER_DAYS = 14
    day = _due_date(cast) - datetime.timedelta(days=15)
    assert queue_reminders(today=day) == 1
    reminder = Reminder.objects.get()
    assert reminder.subject.startswith("Overdue: Thythorn Field")


def test_the_lead_time_is_a_setting(cast, settings):
    settings.SYMPHONY_REASSESSMENT_REMINDER_DAYS = 30
    assert queue_reminders(today=_due_date(cast) - datetime.timedelta(days=30)) == 15


def test_leaders_and_the_schools_head_receive_it(cast, settings, school):
    settings.SYMPHONY_REASSESSMENT_REMINDER_DAYS = 14
    queue_reminders(today=_due_date(cast) - datetime.timedelta(days=1))
    reminder = Reminder.objects.get(school=school("Glen Hills"))
    assert set(reminder.recipient_list) == {
        "ceo@example.org",
        "dop@example.org",
        "head.glenhills@example.org",
    }
    assert "Glen Hills" in reminder.subject
    assert "Glen Hills" not in Reminder.objects.get(school=school("Foxton")).body


def test_overdue_is_a_second_stage_of_the_same_due_date(cast, settings, school):
    settings.SYMPHONY_REASSESSMENT_REMINDER_DAYS = 14
    due_on = _due_date(cast)
    queue_reminders(today=due_on - datetime.timedelta(days=1))
    queue_reminders(today=due_on + datetime.timedelta(days=1))
    subjects = list(
        Reminder.objects.filter(school=school("Foxton")).values_list("subject", flat=True)
    )
    assert len(subjects) == 2
    assert any(s.startswith("Overdue") for s in subjects)


def test_a_new_decision_moves_the_due_date_and_its_reminder(cast, school, decide, settings):
    settings.SYMPHONY_REASSESSMENT_REMINDER_DAYS = 14
    due_on = _due_date(cast)
    decide(school("Foxton"), 3)  # assessed this term: next due at the end of next term
    queue_reminders(today=due_on - datetime.timedelta(days=1))
    assert not Reminder.objects.filter(school=school("Foxton")).exists()


def test_attendees_are_reminded_ahead_of_a_risk_meeting(cast, settings):
    settings.SYMPHONY_RISK_MEETING_REMINDER_DAYS = 3
    today = timezone.localdate()
    meeting = services.hold_meeting(
        held_on=today + datetime.timedelta(days=3),
        attendees=[cast["ceo"], cast["cfo"]],
        by=cast["dop"],
    )
    queue_reminders(today=today - datetime.timedelta(days=1))  # 4 days ahead: too early
    assert not Reminder.objects.filter(topic="risk_meeting").exists()
    queue_reminders(today=today)
    queue_reminders(today=today + datetime.timedelta(days=1))
    reminder = Reminder.objects.get(topic="risk_meeting")
    assert set(reminder.recipient_list) == {"ceo@example.org", "cfo@example.org"}
    assert reminder.due_on == meeting.held_on


def test_a_reminder_queued_but_not_sent_goes_on_the_next_run(cast, settings):
    settings.SYMPHONY_REASSESSMENT_REMINDER_DAYS = 14
    queue_reminders(today=_due_date(cast) - datetime.timedelta(days=1))  # then the run "died"
    assert len(mail.outbox) == 0
    assert Reminder.objects.filter(state="pending").count() == 15
    send_reminders.delay()
    assert len(mail.outbox) == 15
    assert not Reminder.objects.filter(state="pending").exists()


def _exists(start_year):
    try:
        return AcademicYear.objects.filter(start_year=start_year).exists()
    except OperationalError:  # SQLite's shared in-memory test database: the worker writes
        return False


@pytest.fixture
def worker_settings(settings, transactional_db):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


@pytest.mark.worker
def test_the_reminder_task_on_a_real_worker_sends_no_duplicate(worker_settings, cast, settings):
    settings.SYMPHONY_REASSESSMENT_REMINDER_DAYS = 400  # every school falls within it
    expected = len(due_list(user=cast["ceo"]))
    next_year = AcademicYear.objects.order_by("start_year").last()
    EstatesProject.objects.filter(sca_year=next_year).delete()  # SCA protects its year
    next_year.delete()  # the sentinel task below puts it back
    with start_worker(celery_app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
        for _ in range(2):  # the second run must send nothing new
            celery_app.send_task("categorisation.send_reminders")
        # One worker takes tasks in order: once the sentinel has run, both scans have.
        celery_app.send_task("schools.ensure_calendar")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not _exists(next_year.start_year):
            time.sleep(0.2)
    assert len(mail.outbox) == expected
    assert Reminder.objects.count() == expected
    assert Reminder.objects.filter(state="sent").count() == expected
