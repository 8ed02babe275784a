"""Queueing Celery tasks from a web request without hanging when the broker is down.

Celery's own ``task.delay()`` retries a failed publish (and kombu retries the connection
under it) for many seconds; a person who has just published a review would watch the page
spin for ~20 s and then see an error. Every request that queues a task goes through
``enqueue`` instead: one attempt on a fresh connection with a short connect timeout, and
``False`` if the broker cannot be reached, so the view can say "saved; the work will be
done when the task queue is back". Whatever the request saved stays saved: the task only
does work the database already records as pending (a queued report, a pending reminder),
so nothing is lost, only late.

Workers and beat keep Celery's normal reconnecting behaviour; only web publishing is
short-circuited.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnavailable

logger = logging.getLogger(__name__)

# Seconds to wait for the broker's TCP connection before telling the person it is down.
CONNECT_TIMEOUT = 1.0
# No reconnection attempts and no publish retries: the first failure is the answer.
_NO_RETRIES = {"max_retries": 0, "socket_connect_timeout": CONNECT_TIMEOUT}


def enqueue(task, *args, **kwargs) -> bool:
    """Publish ``task(*args, **kwargs)`` once. True if the broker took it, False if the
    broker could not be reached (logged; the caller tells the person)."""
    app = task.app
    if app.conf.task_always_eager:  # unit tests: run inline, errors surface
        task.apply_async(args, kwargs)
        return True
    try:
        with app.connection_for_write(
            connect_timeout=CONNECT_TIMEOUT, transport_options=_NO_RETRIES
        ) as connection:
            task.apply_async(args, kwargs, connection=connection, retry=False)
    except (BrokerUnavailable, OSError) as exc:
        logger.warning("Task queue unavailable; %s not queued: %s", task.name, exc)
        return False
    return True


@dataclass
class Queued:
    """The outcome of ``enqueue_on_commit``: ``ok`` is None until the transaction commits,
    then whether the broker took the task."""

    task_name: str
    ok: bool | None = None

    @property
    def failed(self) -> bool:
        return self.ok is False


def enqueue_on_commit(task, *args, **kwargs) -> Queued:
    """``enqueue`` once the current transaction commits (a worker must find the rows the
    task reads). Outside a transaction it publishes at once."""
    queued = Queued(task.name)

    def publish():
        queued.ok = enqueue(task, *args, **kwargs)

    transaction.on_commit(publish)
    return queued
