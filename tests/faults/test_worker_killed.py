"""A Celery worker killed in the middle of a reminder run (SIGKILL: out of memory, a
redeploy) loses nothing and sends nothing twice: late acknowledgement puts the task back,
the reminder rows (one per key, sent under a row lock, marked sent in the same
transaction) make the rerun skip what already went."""

import importlib
import os
import signal
import warnings

import pytest
from celery.app.task import Task
from celery.exceptions import AlwaysEagerIgnored
from django.apps import apps
from django.conf import settings

from schools.models import Reminder
from schools.reminders import remind
from symphony import celery_app

from .conftest import require, wait_for

REMINDERS = 40
PAUSE_AFTER = 15  # the worker is killed while handing over reminder 16


def test_the_celery_settings_survive_a_killed_worker():
    conf = celery_app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    for app in apps.get_app_configs():  # register every task, as the worker does
        if importlib.util.find_spec(f"{app.name}.tasks"):
            importlib.import_module(f"{app.name}.tasks")
    # Every task's hard limit stays below Redis's visibility timeout, or a slow task would
    # be handed to a second worker while the first still runs it.
    longest = max(
        task.time_limit or conf.task_time_limit
        for name, task in celery_app.tasks.items()
        if isinstance(task, Task) and not name.startswith("celery.")
    )
    assert longest <= conf.task_time_limit
    if settings.CELERY_BROKER_URL.startswith("redis://"):
        assert conf.broker_transport_options["visibility_timeout"] > longest


def _queue_reminders():
    Reminder.objects.all().delete()  # only this run's reminders (the demo trust has some)
    for number in range(1, REMINDERS + 1):
        remind(
            key=f"fault:{number}",
            topic="fault",
            recipients=["head@example.org"],
            subject=f"Fault reminder {number:02d}",
            body="Sent once, whatever happens to the worker.",
        )
    return sorted(f"Fault reminder {number:02d}" for number in range(1, REMINDERS + 1))


def _start_run(redis_server):
    """What beat does every 15 minutes: queue one delivery run, on the private Redis."""
    with (
        warnings.catch_warnings(category=AlwaysEagerIgnored, action="ignore"),
        celery_app.connection_for_write(redis_server.url) as connection,
    ):
        celery_app.send_task("schools.deliver_reminders", connection=connection)


def _sent():
    return Reminder.objects.filter(state=Reminder.State.SENT).count()


@pytest.mark.worker
def test_a_worker_killed_mid_run_sends_every_reminder_exactly_once(
    transactional_db, redis_server, worker_factory, tmp_path
):
    require("postgres", "redis")
    expected = _queue_reminders()
    worker = worker_factory(
        broker_url=redis_server.url,
        env={"FAULT_PAUSE_AFTER": str(PAUSE_AFTER), "FAULT_VISIBILITY_TIMEOUT": "5"},
    )
    worker.start()
    _start_run(redis_server)
    wait_for((tmp_path / "paused").exists, timeout=60, what="the run to reach its middle")
    assert _sent() == PAUSE_AFTER
    assert len(worker.messages()) == PAUSE_AFTER

    worker.kill()
    # Not acknowledged: Redis still holds the message for the next worker.
    with redis_server.client() as client:
        assert client.hlen("unacked") == 1
    assert Reminder.objects.filter(state=Reminder.State.PENDING).count() == REMINDERS - PAUSE_AFTER

    worker.start()  # the killed run's message comes back after the visibility timeout
    wait_for(lambda: _sent() == REMINDERS, timeout=60, interval=0.3, what="every reminder")
    wait_for(lambda: _idle(redis_server), timeout=30, what="the rerun to be acknowledged")
    assert sorted(worker.messages()) == expected  # each exactly once
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()


@pytest.mark.worker
def test_a_pool_process_killed_mid_run_is_retried_at_once(
    transactional_db, redis_server, worker_factory, tmp_path
):
    """The worker survives but the process running the task dies: the task is rejected
    back onto the queue (task_reject_on_worker_lost) and runs again straight away."""
    require("postgres", "redis")
    expected = _queue_reminders()
    worker = worker_factory(broker_url=redis_server.url, env={"FAULT_PAUSE_AFTER": "10"})
    worker.start(pool="prefork")
    _start_run(redis_server)
    marker = tmp_path / "paused"
    wait_for(marker.exists, timeout=60, what="the run to reach its middle")
    child = int(wait_for(marker.read_text, timeout=5, what="the pool process id"))
    assert child != worker.process.pid
    os.kill(child, signal.SIGKILL)
    wait_for(lambda: _sent() == REMINDERS, timeout=60, interval=0.3, what="every reminder")
    wait_for(lambda: _idle(redis_server), timeout=30, what="the rerun to be acknowledged")
    assert sorted(worker.messages()) == expected
    assert worker.process.poll() is None  # the worker itself carried on
    assert "WorkerLostError" in worker.log()


def _idle(redis_server) -> bool:
    with redis_server.client() as client:
        return client.hlen("unacked") == 0 and client.llen("celery") == 0
