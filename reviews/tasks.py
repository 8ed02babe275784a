"""Report rendering in the background: snapshot, render, store (habit 8)."""

import io
import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .models import ReviewReport

logger = logging.getLogger(__name__)


@shared_task(name="reviews.render_review_report", soft_time_limit=120, time_limit=180)
def render_review_report(report_id: int) -> str:
    """Render one queued report. Idempotent: a report already rendered, or gone, is left.

    The render (seconds of WeasyPrint) runs outside any transaction or row lock; only the
    store is locked. Race: a worker restart re-delivers the task while the first run is
    still rendering (acks_late); both render, the first to finish stores its file, and the
    other finds the report ready and keeps nothing."""
    from pypdf import PdfReader

    from .reports import review_report_pdf

    report = ReviewReport.objects.select_related("review__school").filter(pk=report_id).first()
    if report is None or report.state == ReviewReport.State.READY:
        return "nothing to do"
    try:
        pdf, error = review_report_pdf(report.review), ""
    except Exception as exc:  # recorded on the row and shown on the review page
        logger.exception("Rendering review report %s failed", report_id)
        pdf, error = None, f"{type(exc).__name__}: {exc}"[:1000]
    with transaction.atomic():
        report = (
            ReviewReport.objects.select_for_update(of=("self",))
            .select_related("review__school")
            .filter(pk=report_id)
            .first()
        )
        if report is None or report.state == ReviewReport.State.READY:
            return "nothing to do"
        if pdf is None:
            report.state, report.error = ReviewReport.State.FAILED, error
        else:
            name = f"peer-review-{report.review.school.name}-{report.review.period}.pdf"
            name = name.replace(" ", "-").replace("/", "-").lower()
            report.file.save(name, ContentFile(pdf), save=False)
            report.pages = len(PdfReader(io.BytesIO(pdf)).pages)
            report.state, report.error = ReviewReport.State.READY, ""
        report.finished_at = timezone.now()
        report.save()
        return report.state
