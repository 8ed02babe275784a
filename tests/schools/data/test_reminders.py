"""Headteachers with missing figures are reminded before the deadline and after it, once."""

import datetime

from django.core import mail
from django.utils import timezone

from schools.data.reminders import queue_collection_reminders
from schools.models import Collection, Reminder
from schools.reminders import deliver_pending
from schools.tasks import send_collection_reminders


def _open(demo):
    return Collection.objects.order_by("-term__starts_on").first()


def test_missing_schools_are_reminded_before_the_deadline_once(demo, settings, school):
    settings.SYMPHONY_COLLECTION_REMINDER_DAYS = 5
    collection = _open(demo)
    collection.submissions.filter(school=school("Ashby Hastings")).update(state="draft")
    day = collection.deadline - datetime.timedelta(days=5)
    queue_collection_reminders(today=day)
    reminders = list(Reminder.objects.filter(topic="data_collection"))
    # Glen Hills and Ashby Willesley have submitted; Ashby Hastings is back in draft. The
    # demo's other missing schools have no linked headteacher, so nobody to remind.
    assert [r.school.name for r in reminders] == ["Ashby Hastings"]
    assert reminders[0].recipient_list == ["exec.head@example.org"]
    assert queue_collection_reminders(today=day + datetime.timedelta(days=1)) == 0
    assert not Reminder.objects.filter(school__name="Glen Hills").exists()


def test_too_early_no_reminder(demo, settings):
    settings.SYMPHONY_COLLECTION_REMINDER_DAYS = 5
    collection = _open(demo)
    assert queue_collection_reminders(today=collection.deadline - datetime.timedelta(days=6)) == 0


def test_the_day_after_the_deadline_a_second_reminder(demo, settings, school):
    collection = _open(demo)
    glen_hills = school("Glen Hills")
    collection.submissions.filter(school=glen_hills).delete()
    queue_collection_reminders(today=collection.deadline)
    queue_collection_reminders(today=collection.deadline + datetime.timedelta(days=1))
    subjects = list(
        Reminder.objects.filter(school=glen_hills, topic="data_collection").values_list(
            "subject", flat=True
        )
    )
    assert len(subjects) == 2 and subjects[0].startswith("Overdue")
    deliver_pending()
    assert {tuple(m.to) for m in mail.outbox} == {("head.glenhills@example.org",)}


def test_the_task_sends_each_reminder_once(demo, school):
    collection = _open(demo)
    collection.submissions.filter(school=school("Glen Hills")).delete()
    collection.deadline = timezone.localdate()
    collection.save()
    send_collection_reminders.delay()
    send_collection_reminders.delay()
    assert len(mail.outbox) == Reminder.objects.filter(topic="data_collection").count() >= 1
