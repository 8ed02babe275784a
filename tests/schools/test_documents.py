"""Nothing asked for is left pending: a stored document still waiting to be made (the task
queue was down when it was asked for, or its task was lost) is queued again by the sweep,
for every kind of document, and is never made twice at once (schools.documents)."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from categorisation.models import CategoryLetter, SccLetter
from finance.models import EstatesReportCopy
from reviews.models import ReviewReport
from schools.documents import CLAIM_EXPIRES, render_snapshot, snapshot_models
from schools.models import Term
from schools.tasks import requeue_documents
from symphony.portal.models import BoardReport

LABEL = "finance.EstatesReportCopy"


@pytest.fixture
def asked(cast):
    """``asked(minutes_ago)``: an estates report asked for that long ago and never queued
    (as when the task queue was down)."""

    def make(minutes_ago, **fields):
        copy = EstatesReportCopy.objects.create(
            term=Term.objects.order_by("starts_on").last(), sent_by=cast["cfo"]
        )
        requested = timezone.now() - datetime.timedelta(minutes=minutes_ago)
        EstatesReportCopy.objects.filter(pk=copy.pk).update(requested_at=requested, **fields)
        copy.refresh_from_db()
        return copy

    return make


def test_the_sweep_knows_every_kind_of_document():
    assert set(snapshot_models()) == {
        ReviewReport,
        SccLetter,
        CategoryLetter,
        BoardReport,
        EstatesReportCopy,
    }


def test_a_document_left_waiting_is_made_by_the_sweep(asked, settings):
    settings.SYMPHONY_DOCUMENT_REQUEUE_MINUTES = 5
    left = asked(6)
    just_asked = asked(1)  # its own task may still be on its way
    assert requeue_documents.delay().get() == 1
    left.refresh_from_db()
    assert left.state == EstatesReportCopy.State.READY
    assert left.file and left.pages >= 1
    just_asked.refresh_from_db()
    assert just_asked.state == EstatesReportCopy.State.PENDING
    assert requeue_documents.delay().get() == 0  # made: nothing left to queue


def test_a_document_a_worker_is_making_is_not_made_again(asked, caplog):
    being_made = asked(10, started_at=timezone.now())
    assert requeue_documents.delay().get() == 0
    with caplog.at_level("INFO", logger="schools.documents"):
        assert render_snapshot(LABEL, being_made.pk) == "nothing to do"  # a re-delivery
    assert "Making" not in caplog.text
    being_made.refresh_from_db()
    assert being_made.state == EstatesReportCopy.State.PENDING and not being_made.file


def test_a_document_whose_worker_died_is_taken_again(asked):
    dead_claim = timezone.now() - CLAIM_EXPIRES - datetime.timedelta(seconds=1)
    orphan = asked(10, started_at=dead_claim)
    assert requeue_documents.delay().get() == 1
    orphan.refresh_from_db()
    assert orphan.state == EstatesReportCopy.State.READY


def test_the_beat_runs_the_sweep_as_often_as_it_waits(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["requeue-documents"]
    assert entry["task"] == "schools.requeue_documents"
    assert entry["schedule"] == settings.SYMPHONY_DOCUMENT_REQUEUE_MINUTES * 60


def test_the_page_says_a_waiting_document_is_retried_not_silently_pending(asked, settings):
    settings.SYMPHONY_DOCUMENT_REQUEUE_MINUTES = 5
    fresh = render_to_string("includes/snapshot_state.html", {"snapshot": asked(1)})
    assert "being made, usually within a minute" in fresh
    waiting = render_to_string("includes/snapshot_state.html", {"snapshot": asked(6)})
    assert "not made yet" in waiting
    assert "tries again every few minutes on its own" in waiting
