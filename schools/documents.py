"""The one way a document becomes a stored snapshot (``schools.models.Snapshot``): queue it
when the transaction that asked for it commits, render it in a Celery task outside any
transaction or row lock, and store it under a lock. Every kind of document (a published
review's report, an SCC letter) goes through here."""

from __future__ import annotations

import io
import logging

from celery import shared_task
from django.apps import apps
from django.contrib import messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils import timezone

from symphony.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)

# What a person is told when the task queue (Redis) was down as a document was asked for.
QUEUE_DOWN = (
    "Saved. The task queue is not answering just now, so the PDF is not being made yet: "
    "ask for it again in a few minutes."
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


@shared_task(name="schools.render_snapshot", soft_time_limit=120, time_limit=180)
def render_snapshot(label: str, pk: int) -> str:
    """Render one queued snapshot of the model ``label``. Idempotent: one already rendered,
    or gone, is left.

    The render (seconds of WeasyPrint) runs outside any transaction or row lock; only the
    store is locked. Race: a worker restart re-delivers the task while the first run is
    still rendering (acks_late); both render, the first to finish stores its file, and the
    other finds the snapshot ready and keeps nothing."""
    from pypdf import PdfReader

    model = apps.get_model(label)
    snapshot = model.objects.filter(pk=pk).first()
    if snapshot is None or snapshot.state == model.State.READY:
        return "nothing to do"
    try:
        pdf, error = snapshot.render_pdf(), ""
    except Exception as exc:  # recorded on the row and shown on the page that asked for it
        logger.exception("Rendering %s %s failed", label, pk)
        pdf, error = None, f"{type(exc).__name__}: {exc}"[:1000]
    with transaction.atomic():
        snapshot = model.objects.select_for_update(of=("self",)).filter(pk=pk).first()
        if snapshot is None or snapshot.state == model.State.READY:
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
