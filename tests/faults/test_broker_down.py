"""Redis down: a request that would queue a task answers at once with a clear "saved, try
again" message instead of hanging in Celery's retries; pages that queue nothing don't
notice; reminders wait in the database and go out once Redis is back, and so does a PDF
asked for meanwhile (the sweep queues it again)."""

import datetime
import time

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from reviews.models import PeerReview, ReviewReport, Status
from schools.models import Reminder
from schools.reminders import remind
from schools.tasks import deliver_reminders, ensure_calendar, requeue_documents
from symphony import celery_app
from symphony.tasks import enqueue

from .conftest import free_port, require, wait_for

REQUIREMENT = 2.0  # seconds: the bound for a request while the queue is down


@pytest.fixture
def publish_to(monkeypatch):
    """``publish_to(url)``: this process's Celery publishes to ``url`` for real (not
    inline) until the test ends."""

    def point(url):
        monkeypatch.setenv("CELERY_BROKER_URL", url)  # Celery reads the variable first
        monkeypatch.setitem(celery_app.conf, "broker_url", url)
        monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
        return url

    return point


@pytest.fixture
def broker_down(publish_to):
    """A broker address where nothing listens (Redis stopped)."""
    return publish_to(f"redis://127.0.0.1:{free_port()}/0")


@pytest.fixture
def published_review(demo):
    # This year's published review (older demo reviews predate the Core Plans).
    return PeerReview.objects.filter(
        school__name="Thornton", status=Status.PUBLISHED, academic_year__isnull=False
    ).latest("academic_year__start_year")


def _timed(call):
    start = time.monotonic()
    result = call()
    return result, time.monotonic() - start


def test_enqueue_answers_at_once_when_the_broker_is_down(broker_down):
    queued, seconds = _timed(lambda: enqueue(ensure_calendar))
    assert queued is False
    assert seconds < REQUIREMENT


def test_enqueue_publishes_when_the_broker_is_up(redis_server, publish_to):
    require("redis")
    publish_to(redis_server.url)
    assert enqueue(ensure_calendar) is True
    with redis_server.client() as client:
        assert client.llen("celery") == 1


def _queue_down_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_request_that_queues_a_task_while_redis_is_down_saves_and_says_so(
    transactional_db, broker_down, client_for, published_review
):
    """Committed for real (transactional): the task is published when the transaction
    commits, inside the request, as in production."""
    review = published_review
    client = client_for("dop")

    # Publishing: the review is published (outcome, Core Plan actions, a pending report).
    PeerReview.objects.filter(pk=review.pk).update(status=Status.MODERATED)
    reports = review.reports.count()
    url = reverse("reviews:advance", args=[review.pk])
    confirmed = {"to": Status.PUBLISHED, "confirmed": "yes"}  # after the confirmation page
    response, seconds = _timed(lambda: client.post(url, confirmed))
    assert seconds < REQUIREMENT
    assert response.status_code == 302
    shown = _queue_down_messages(response)
    assert "The review is now: published." in shown
    assert any("task queue is not answering" in m for m in shown), shown
    review.refresh_from_db()
    assert review.status == Status.PUBLISHED
    assert review.reports.count() == reports + 1
    assert review.reports.first().state == ReviewReport.State.PENDING

    # Asking for the PDF again: recorded, and the person is told to try again shortly.
    url = reverse("reviews:regenerate", args=[review.pk])
    response, seconds = _timed(lambda: client.post(url))
    assert seconds < REQUIREMENT
    shown = _queue_down_messages(response)
    assert any("try" in m and "few minutes" in m for m in shown), shown
    assert "A new PDF report was queued." not in shown
    assert review.reports.count() == reports + 2

    # And the page the person lands on still loads.
    assert client.get(reverse("reviews:detail", args=[review.pk])).status_code == 200


def test_the_web_pages_do_not_depend_on_redis(broker_down, client_for, school):
    for cache in settings.CACHES.values():
        assert "redis" not in cache["BACKEND"].lower()
    assert "redis" not in settings.SESSION_ENGINE.lower()
    client = client_for("ceo")
    pages = [
        reverse("home"),
        reverse("schools:list"),
        reverse("schools:detail", args=[school("Glen Hills").pk]),
        reverse("schools:reminders"),
        reverse("reviews:list"),
    ]
    for page in pages:
        response, seconds = _timed(lambda page=page: client.get(page))
        assert response.status_code == 200, page
        assert seconds < REQUIREMENT, page


@pytest.mark.worker
def test_reminders_wait_while_redis_is_down_and_go_out_once_it_is_back(
    transactional_db, redis_server, worker_factory, publish_to
):
    require("postgres", "redis")
    Reminder.objects.all().delete()
    worker = worker_factory(broker_url=redis_server.url)
    worker.start()
    redis_server.stop()

    # Beat's tick while Redis is down: the scan queues rows in the database, the delivery
    # run cannot be published (and says so), nothing is lost.
    for number in range(1, 11):
        remind(
            key=f"outage:{number}",
            topic="fault",
            recipients=["head@example.org"],
            subject=f"Outage reminder {number:02d}",
            body="Waits for Redis.",
        )
    publish_to(redis_server.url)
    queued, seconds = _timed(lambda: enqueue(deliver_reminders))
    assert queued is False and seconds < REQUIREMENT
    assert Reminder.objects.filter(state=Reminder.State.PENDING).count() == 10

    redis_server.start()  # same port: the worker reconnects on its own
    wait_for(
        lambda: worker.log().count("Connected to redis") >= 2,
        timeout=60,
        interval=0.3,
        what="the worker to reconnect",
    )
    assert enqueue(deliver_reminders) is True  # beat's next tick
    wait_for(
        lambda: not Reminder.objects.filter(state=Reminder.State.PENDING).exists(),
        timeout=60,
        interval=0.3,
        what="the reminders to go out",
    )
    assert sorted(worker.messages()) == [f"Outage reminder {n:02d}" for n in range(1, 11)]


@pytest.mark.worker
def test_a_pdf_asked_for_while_redis_is_down_is_made_once_it_is_back(
    transactional_db, redis_server, worker_factory, publish_to, client_for, published_review
):
    require("postgres", "redis")
    publish_to(f"redis://127.0.0.1:{free_port()}/0")  # Redis down as the PDF is asked for
    response = client_for("dop").post(reverse("reviews:regenerate", args=[published_review.pk]))
    shown = _queue_down_messages(response)
    assert any("try again on its own" in m for m in shown), shown
    report = published_review.reports.first()
    assert report.state == ReviewReport.State.PENDING
    # Its wait is over (SYMPHONY_DOCUMENT_REQUEUE_MINUTES) by the sweep's next tick.
    ReviewReport.objects.filter(pk=report.pk).update(
        requested_at=timezone.now() - datetime.timedelta(minutes=30)
    )

    worker = worker_factory(broker_url=redis_server.url)  # Redis is back
    worker.start()
    publish_to(redis_server.url)
    assert enqueue(requeue_documents) is True  # beat's tick
    wait_for(
        lambda: ReviewReport.objects.get(pk=report.pk).state != ReviewReport.State.PENDING,
        timeout=90,
        interval=0.5,
        what="the sweep to have the PDF made",
    )
    report.refresh_from_db()
    assert report.state == ReviewReport.State.READY, report.error
    assert report.pages >= 1
