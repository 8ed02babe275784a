"""Documents kept as a record or sent to people (a published review's report, a letter to a
Local Governing Body): each is a snapshot, a stored row with its state, rendered in the
background through the one PDF path and downloaded when ready. Each app's document is a
model of its own on this base, naming what it is of; ``schools.documents`` renders every
one of them the same way."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


def snapshot_upload_to(instance, filename: str) -> str:
    return f"{instance.UPLOAD_TO}/{timezone.now():%Y}/{filename}"


class Snapshot(models.Model):
    """A rendering of a document. Each rendering is a new row: the newest ready one is the
    one people download; older ones stay as the record of what was sent."""

    UPLOAD_TO = "documents"  # a subfolder of the media storage, per kind of document

    class State(models.TextChoices):
        PENDING = "pending", "Queued"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    file = models.FileField(upload_to=snapshot_upload_to, blank=True)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    # When a worker took it to render: the claim that keeps a second worker (a re-queued
    # or re-delivered task) from rendering it at the same time (schools.documents).
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at", "-id"]

    @property
    def overdue(self) -> bool:
        """Still pending after the sweep's wait: the task queue was down or is slow, and
        the sweep (``schools.documents.requeue_stale``) is queueing it again."""
        waited = timezone.now() - self.requested_at
        return self.state == self.State.PENDING and waited > datetime.timedelta(
            minutes=settings.SYMPHONY_DOCUMENT_REQUEUE_MINUTES
        )

    # What each kind of document says: the subclass renders its PDF (through symphony.pdf)
    # and names its file.
    def render_pdf(self) -> bytes:
        raise NotImplementedError

    def file_name(self) -> str:
        raise NotImplementedError
