"""The password reset e-mail: sent by a task, so the page does the same work whether or
not the address has an account, and throttled per address and per client address, with
the same words for every address and nothing sent (schools/password_reset.py)."""

import time

import pytest
from celery.signals import task_postrun, task_prerun
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schools.password_reset import throttled_message
from symphony.security import within_limit

RESET = reverse("password_reset")
DONE = reverse("password_reset_done")

pytestmark = pytest.mark.usefixtures("demo")


def ask(email, *, ip="203.0.113.7"):
    return Client(REMOTE_ADDR=ip).post(RESET, {"email": email})


def refused(response) -> bool:
    return response.status_code == 429 and throttled_message() in response.content.decode()


@pytest.fixture
def sent_by_task():
    """The e-mails each task run sent: (task name, how many)."""
    runs, started = [], {}

    def before(task_id, task, **kwargs):
        started[task_id] = len(mail.outbox)

    def after(task_id, task, **kwargs):
        runs.append((task.name, len(mail.outbox) - started.pop(task_id)))

    task_prerun.connect(before, weak=False)
    task_postrun.connect(after, weak=False)
    yield runs
    task_prerun.disconnect(before)
    task_postrun.disconnect(after)


def test_the_e_mail_is_sent_by_the_task_not_the_request(sent_by_task):
    response = ask("dop@example.org")
    assert response.status_code == 302 and response.url == DONE
    assert sent_by_task == [("schools.send_password_reset", 1)]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["dop@example.org"]
    assert "http://testserver/accounts/reset/" in mail.outbox[0].body


def test_an_unknown_address_gets_the_same_answer_and_the_same_work(sent_by_task):
    with CaptureQueriesContext(connection) as known:
        known_response = ask("dop@example.org")
    with CaptureQueriesContext(connection) as unknown:
        unknown_response = ask("nobody@example.org")
    assert known_response.status_code == unknown_response.status_code == 302
    assert known_response.url == unknown_response.url == DONE
    assert [q["sql"].split(" WHERE")[0] for q in known] == [
        q["sql"].split(" WHERE")[0] for q in unknown
    ]
    assert sent_by_task == [
        ("schools.send_password_reset", 1),
        ("schools.send_password_reset", 0),
    ]
    assert len(mail.outbox) == 1


def test_an_address_is_throttled_whatever_network_asks(settings):
    assert settings.SYMPHONY_PASSWORD_RESET_LIMIT == 5
    for n in range(5):
        assert ask("dop@example.org", ip=f"198.51.100.{n}").status_code == 302
    assert len(mail.outbox) == 5
    sixth = ask("DOP@example.org ", ip="198.51.100.99")
    assert refused(sixth)
    assert len(mail.outbox) == 5  # nothing sent


def test_a_client_address_is_throttled_whatever_address_it_asks_for():
    for n in range(5):
        assert ask(f"someone{n}@example.org", ip="203.0.113.50").status_code == 302
    assert refused(ask("dop@example.org", ip="203.0.113.50"))
    assert mail.outbox == []
    # Someone else, elsewhere, is not affected.
    assert ask("dop@example.org", ip="198.51.100.20").status_code == 302
    assert len(mail.outbox) == 1


def test_the_refusal_reads_the_same_for_unknown_and_known_addresses():
    for _ in range(5):
        ask("nobody@example.org", ip="192.0.2.1")
        ask("dop@example.org", ip="192.0.2.2")
    unknown = ask("nobody@example.org", ip="192.0.2.1")
    known = ask("dop@example.org", ip="192.0.2.2")
    assert refused(unknown) and refused(known)
    errors = unknown.context["form"].non_field_errors()
    assert errors == known.context["form"].non_field_errors()


def test_the_limit_and_window_are_settings(settings):
    settings.SYMPHONY_PASSWORD_RESET_LIMIT = 2
    settings.SYMPHONY_PASSWORD_RESET_WINDOW_MINUTES = 15
    assert ask("dop@example.org").status_code == 302
    assert ask("dop@example.org").status_code == 302
    third = ask("dop@example.org")
    assert refused(third) and "Wait 15 minutes" in third.content.decode()


def test_a_throttle_window_ends():
    assert within_limit("test", "k", limit=1, seconds=1)
    assert not within_limit("test", "k", limit=1, seconds=1)
    assert within_limit("test", "other", limit=1, seconds=1)  # counted apart
    time.sleep(1.1)
    assert within_limit("test", "k", limit=1, seconds=1)
