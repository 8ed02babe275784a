"""The one way a document becomes a stored snapshot (``schools.models.Snapshot``): queue it
when the transaction that asked for it commits, render it in a Celery task outside any
transaction or row lock, and store it under a lock. Every kind of document (a published
review's report, an SCC letter) goes through here.

Nothing asked for is left pending: when the task queue was down as it was asked for (or
its task was lost), the sweep ``requeue_stale`` queues it again once it has waited
``SYMPHONY_DOCUMENT_REQUEUE_MINUTES``, for every kind of snapshot, found through the app
registry so the ground names no app. A worker claims a snapshot before it renders it
(``started_at``), so a re-queued or re-delivered task never renders it a second time while
the first is still at work."""

from __future__ import annotations

import datetime
import io
import logging

from celery import shared_task
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.utils import timezone

from symphony.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)

# What a person is told when the task queue (Redis) was down as a document was asked for.
QUEUE_DOWN = (
    "Saved. The task queue is not answering just now, so the PDF is not being made yet: "
    "the portal will try again on its own every few minutes, so there is no need to ask again."
)


def tell(request, snapshot, *, queued: str) -> None:
    """Tell the person who asked for ``snapshot`` how it went: ``queued`` when its task
    was queued, else that the task queue is down (their request is kept)."""
    if snapshot.enqueued.failed:
        messages.warning(request, QUEUE_DOWN)
    else:
        messages.success(request, queued)


def serve(snapshots, *, missing: str) -> FileResponse:
    """The newest ready snapshot of ``snapshots`` (a queryset the caller has already scoped
    to what the user may read) as a download, or 404 with ``missing``. Files are never
    served from storage directly."""
    ready = snapshots.filter(state="ready").exclude(file="").order_by("-requested_at", "-id")
    snapshot = ready.first()
    if snapshot is None:
        raise Http404(missing)
    return FileResponse(
        snapshot.file.open("rb"),
        as_attachment=True,
        filename=snapshot.file.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )


def request_snapshot(snapshot):
    """Save ``snapshot`` (a new, pending row) and queue its rendering once the transaction
    commits. ``snapshot.enqueued.failed`` tells the view when the task queue was down: the
    row stays pending (nothing the person asked for is lost) and they can ask again."""
    snapshot.save()
    snapshot.enqueued = enqueue_on_commit(render_snapshot, snapshot._meta.label, snapshot.pk)
    return snapshot


# The render task's hard time limit, in seconds: a claim older than this (and a margin) is
# a worker that was killed mid-render, and the snapshot may be taken again.
RENDER_TIME_LIMIT = 180
CLAIM_EXPIRES = datetime.timedelta(seconds=RENDER_TIME_LIMIT + 60)


def _unclaimed(queryset, now):
    return queryset.filter(Q(started_at__isnull=True) | Q(started_at__lt=now - CLAIM_EXPIRES))


@shared_task(name="schools.render_snapshot", soft_time_limit=120, time_limit=RENDER_TIME_LIMIT)
def render_snapshot(label: str, pk: int) -> str:
    """Render one queued snapshot of the model ``label``. Idempotent: one already made,
    gone, or being made by another worker is left.

    Race: the sweep re-queues a snapshot whose first task is still waiting in the queue, or
    a worker restart re-delivers a task while the first run still renders (acks_late). The
    claim (a conditional update of ``started_at`` on a pending, unclaimed row) lets one
    task render; the others find it claimed and do nothing. The render (seconds of
    WeasyPrint) runs outside any transaction or row lock; only the claim and the store
    touch the row, and the store keeps the file only if the claim is still this task's."""
    from pypdf import PdfReader

    model = apps.get_model(label)
    claim = timezone.now()
    pending = model.objects.filter(pk=pk, state=model.State.PENDING)
    if not _unclaimed(pending, claim).update(started_at=claim):
        return "nothing to do"
    snapshot = model.objects.get(pk=pk)
    logger.info("Making %s %s", label, pk)
    try:
        pdf, error = snapshot.render_pdf(), ""
    except Exception as exc:  # recorded on the row and shown on the page that asked for it
        logger.exception("Rendering %s %s failed", label, pk)
        pdf, error = None, f"{type(exc).__name__}: {exc}"[:1000]
    with transaction.atomic():
        snapshot = model.objects.select_for_update(of=("self",)).filter(pk=pk).first()
        if (
            snapshot is None
            or snapshot.state != model.State.PENDING
            or snapshot.started_at != claim  # taken over after this task's claim expired
        ):
            return "nothing to do"
        if pdf is None:
            snapshot.state, snapshot.error = model.State.FAILED, error
        else:
            snapshot.file.save(snapshot.file_name(), ContentFile(pdf), save=False)
            snapshot.pages = len(PdfReader(io.BytesIO(pdf)).pages)
            snapshot.state, snapshot.error = model.State.READY, ""
        snapshot.finished_at = timezone.now()
        snapshot.save()
        return snapshot.state


def snapshot_models() -> list:
    """Every kind of stored document: the models on ``Snapshot`` the apps define."""
    from .models import Snapshot

    return [model for model in apps.get_models() if issubclass(model, Snapshot)]


def requeue_stale(*, now: datetime.datetime | None = None) -> int:
    """Queue again every snapshot still pending ``SYMPHONY_DOCUMENT_REQUEUE_MINUTES`` after
    it was asked for and not being made by a worker (the task queue was down when it was
    asked for, or its task was lost). Returns how many were queued."""
    now = now or timezone.now()
    waited = now - datetime.timedelta(minutes=settings.SYMPHONY_DOCUMENT_REQUEUE_MINUTES)
    queued = 0
    for model in snapshot_models():
        stale = _unclaimed(
            model.objects.filter(state=model.State.PENDING, requested_at__lt=waited), now
        )
        for pk in stale.values_list("pk", flat=True):
            render_snapshot.delay(model._meta.label, pk)
            queued += 1
    if queued:
        logger.warning("Queued %s document(s) again that were still waiting to be made", queued)
    return queued
