"""The portal's one reminder mechanism: every e-mail reminder, whatever it is about, is a
``Reminder`` row with a unique key, queued by ``schools.reminders.remind`` and sent by
``schools.reminders.deliver_pending``."""

import secrets

from django.conf import settings
from django.db import models


class Reminder(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        GIVEN_UP = "given_up", "Not sent (given up)"

    # Once per key, ever: e.g. "reassessment:12:2026-12-18:overdue". The unique key is the
    # idempotency guard: a second scan (or a re-delivered task) finds the row and stops.
    key = models.CharField(max_length=200, unique=True)
    topic = models.CharField(max_length=40, db_index=True)
    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    recipients = models.TextField(help_text="E-mail addresses, one per line.")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # The HTML part, where the reminder has one (notices do; schools.reminders.notify).
    html = models.TextField(blank=True)
    # The page the reminder is about, as an absolute address (a digest lists it).
    link = models.CharField(max_length=500, blank=True)
    # A notice for someone who chose the weekly digest: left for the weekly run
    # (schools.reminders.deliver_digests), which sends each person's in one e-mail.
    digest = models.BooleanField("waits for the weekly digest", default=False)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # A reminder that cannot be sent fails on its own: each failed attempt is counted, its
    # reason kept in words a person reads, and the next attempt waits longer, until it is
    # given up after SYMPHONY_REMINDER_MAX_ATTEMPTS (schools.reminders.deliver_pending).
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="Not before this time (empty: at the next run)."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self):
        return self.subject

    @property
    def recipient_list(self) -> list[str]:
        return [line for line in self.recipients.splitlines() if line.strip()]


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's private iCalendar feed address. Resetting it replaces the token, so an old
    address stops working at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)
    # When a calendar program last fetched it (schools.credentials.mark_used).
    last_read_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"
