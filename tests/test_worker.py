"""A real Celery worker on the configured broker: the embedded filesystem broker on a
newcomer's machine, Redis in CI. Proves the queue wiring that every scheduled job uses."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import OperationalError

from finance.models import EstatesProject
from reviews.models import PriorityProgress, TrustPriority
from schools.models import AcademicYear, Collection
from symphony import celery_app


@pytest.fixture
def real_worker(settings, transactional_db):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
            yield
    finally:
        celery_app.conf.task_always_eager = True


@pytest.mark.worker
def test_calendar_task_runs_on_a_real_worker(real_worker):
    Collection.objects.all().delete()  # termly data protects its years
    EstatesProject.objects.all().delete()  # so do SCA-funded estates projects
    PriorityProgress.objects.all().delete()  # and the trust plan's termly progress
    TrustPriority.objects.all().delete()
    AcademicYear.objects.all().delete()
    celery_app.send_task("schools.ensure_calendar")
    deadline = time.monotonic() + 30
    while _years() < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert AcademicYear.objects.count() == 2


def _years():
    try:
        return AcademicYear.objects.count()
    except OperationalError:  # SQLite's shared in-memory test database: the worker writes
        return 0
