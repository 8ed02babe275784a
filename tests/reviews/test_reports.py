"""The review report: one HTML for browser and PDF, rendered through symphony.pdf in a
Celery task when a review is published, stored, and downloadable by those who may see it."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reviews import reports
from reviews.models import ReviewReport
from reviews.services import peer_reviews as services
from schools.documents import render_snapshot
from symphony import tasks
from tests.symphony_core.test_pdf import pdf_text

HOSTILE = '<img src="file:///etc/passwd"><script>alert(1)</script>'


@pytest.fixture
def published(review_at, django_capture_on_commit_callbacks):
    def make(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return review_at("published", **kwargs)

    return make


def render_review_report(pk):
    return render_snapshot("reviews.ReviewReport", pk)


def read(report: ReviewReport) -> bytes:
    with report.file.open("rb") as handle:
        return handle.read()


def test_publishing_stores_a_pdf_with_the_review(published):
    review = published(school_name="Glen Hills")
    report = review.reports.get()
    assert report.state == ReviewReport.State.READY
    pdf = read(report)
    assert pdf.startswith(b"%PDF")
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert 1 <= pages <= 4
    assert report.pages == pages
    text = pdf_text(pdf)
    for expected in [
        "Symphony Learning Trust",
        "Glen Hills",
        "Full",
        "Quality of teaching",
        "Year 1 phonics screening",
        "Good",  # the judgements and the overall outcome
        "Strong teaching in Year 1",
        "Sharpen feedback in Year 1",  # an action point
        "Phonics catch-up for Year 3",
        "Test Maths Lead",  # the team
        "Local Governing Body",  # the distribution list
        f"Page 1 of {pages}",  # print.css page numbers
    ]:
        assert expected in text, expected


def test_hostile_text_is_printed_as_text_and_fetches_nothing(published, caplog):
    review = published(text=HOSTILE)
    pdf = read(review.reports.get())
    text = pdf_text(pdf).replace("\n", "")
    assert '<img src="file:///etc/passwd">' in text
    assert "root:x:0:0" not in text
    assert "refused" not in caplog.text  # escaped: there was nothing to fetch
    html = reports.review_report_html(review)
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    assert HOSTILE not in html


def test_the_task_is_idempotent(published):
    review = published()
    report = review.reports.get()
    name = report.file.name
    assert render_review_report(report.pk) == "nothing to do"
    report.refresh_from_db()
    assert report.file.name == name
    assert render_review_report(999_999) == "nothing to do"


def test_a_failed_rendering_is_recorded(published, monkeypatch):
    review = published()

    def broken(review):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(reports, "review_report_pdf", broken)
    report = ReviewReport.objects.create(review=review)
    assert render_review_report(report.pk) == "failed"
    report.refresh_from_db()
    assert "no fonts" in report.error


def test_the_report_is_queued_only_after_commit(
    review_at, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        review = review_at("published")
    assert review.reports.get().state == ReviewReport.State.PENDING
    # Once committed: the report's rendering, and the delivery of the notices that the
    # review is published (schools.reminders.notify).
    queued = []
    monkeypatch.setattr(tasks, "enqueue", lambda task, *args, **kw: queued.append(task.name))
    for callback in callbacks:
        callback()
    assert queued == ["schools.render_snapshot", "schools.deliver_reminders"]


def test_a_head_downloads_their_report_and_not_anothers(published, client_for):
    own = published(school_name="Glen Hills")
    other = published(school_name="Foxton")
    client = client_for("head")
    response = client.get(reverse("reviews:report_pdf", args=[own.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    pdf = b"".join(response.streaming_content)
    assert "Glen Hills" in pdf_text(pdf)
    assert client.get(reverse("reviews:report_pdf", args=[other.pk])).status_code == 404
    assert client.get(reverse("reviews:report", args=[other.pk])).status_code == 404


def test_the_browser_shows_the_same_html(published, client_for):
    review = published(school_name="Glen Hills", text=HOSTILE)
    response = client_for("trustee").get(reverse("reviews:report", args=[review.pk]))
    content = response.content.decode()
    assert "Peer review" in content and "Glen Hills" in content
    assert "Sharpen feedback in Year 1" in content
    assert HOSTILE not in content
    assert "/static/css/print.css" in content


def test_the_dop_can_render_again(published, client_for, django_capture_on_commit_callbacks):
    review = published()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("dop").post(reverse("reviews:regenerate", args=[review.pk]))
    assert response.status_code == 302
    assert review.reports.filter(state="ready").count() == 2


def test_a_draft_shows_the_action_points_to_come(review_at):
    review = review_at("draft_report")
    html = reports.review_report_html(review)
    assert "draft, not published" in html
    assert "Sharpen feedback in Year 1" in html
    assert services.RECORDING  # drafts are still editable by the team


def test_the_pdf_is_rendered_outside_any_transaction_or_lock(published, monkeypatch):
    """WeasyPrint takes seconds: holding the report's row lock (and a transaction) while it
    runs would keep every other writer of that row waiting."""
    from django.db import connection

    review = published()
    outside = len(connection.savepoint_ids)  # the test's own transaction, nothing more
    depths, real = [], reports.review_report_pdf

    def watched(review):
        depths.append(len(connection.savepoint_ids))
        return real(review)

    monkeypatch.setattr(reports, "review_report_pdf", watched)
    report = ReviewReport.objects.create(review=review)
    assert render_review_report(report.pk) == "ready"
    assert depths == [outside]


def test_a_report_stored_meanwhile_by_another_run_is_kept(published, monkeypatch):
    review = published()
    report = ReviewReport.objects.create(review=review)

    def rendered_while_another_run_finished(review):
        ReviewReport.objects.filter(pk=report.pk).update(state=ReviewReport.State.READY)
        return b"%PDF-1.7 another"

    monkeypatch.setattr(reports, "review_report_pdf", rendered_while_another_run_finished)
    assert render_review_report(report.pk) == "nothing to do"
    report.refresh_from_db()
    assert report.state == ReviewReport.State.READY and not report.file
