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
    """Render one queued report. Idempotent: a report already rendered, or gone, is left."""
    from pypdf import PdfReader

    from .reports import review_report_pdf

    with transaction.atomic():
        # Race: a worker restart re-delivers the task while the first run is still going
        # (acks_late); the lock makes the second wait, then find the report ready.
        report = (
            ReviewReport.objects.select_for_update(of=("self",))
            .select_related("review__school")
            .filter(pk=report_id)
            .first()
        )
        if report is None or report.state == ReviewReport.State.READY:
            return "nothing to do"
        try:
            pdf = review_report_pdf(report.review)
        except Exception as exc:  # recorded on the row and shown on the review page
            logger.exception("Rendering review report %s failed", report_id)
            report.state = ReviewReport.State.FAILED
            report.error = f"{type(exc).__name__}: {exc}"[:1000]
        else:
            name = f"peer-review-{report.review.school.name}-{report.review.period}.pdf"
            name = name.replace(" ", "-").replace("/", "-").lower()
            report.file.save(name, ContentFile(pdf), save=False)
            report.pages = len(PdfReader(io.BytesIO(pdf)).pages)
            report.state = ReviewReport.State.READY
            report.error = ""
        report.finished_at = timezone.now()
        report.save()
        return report.state
