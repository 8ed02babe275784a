"""PostgreSQL restarted or a connection dropped while the portal serves: the next request
reconnects (persistent connections with CONN_HEALTH_CHECKS), and a save interrupted half
way leaves nothing half-written (every save is one transaction)."""

import io
import os
import subprocess
import sys
from wsgiref.util import setup_testing_defaults

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection

from categorisation import services as categorisation
from categorisation.models import Assessment, RiskMeeting
from schools.data import services as data
from schools.data.measures import RowKey
from schools.models import Submission

from .conftest import ROOT, on_postgres


def test_production_keeps_connections_and_checks_them_before_use():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "symphony.settings.production",
        "DATABASE_URL": "postgres://symphony:pw@db.example:5432/symphony",
        "CELERY_BROKER_URL": "redis://redis.example:6379/0",
        "SECRET_KEY": "a-production-like-secret-key-for-this-test-only-0123456789",
        "ALLOWED_HOSTS": "portal.example.org",
        "EMAIL_HOST": "smtp.example.org",
    }
    env.pop("DATABASE_CONN_MAX_AGE", None)
    script = (
        "import django; from django.conf import settings; django.setup(); "
        "db = settings.DATABASES['default']; print(db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    max_age, health_checks = out.stdout.split()[-2:]
    assert int(max_age) > 0
    assert health_checks == "True"


def _admin_connection():
    """A second connection to the test database, as the DBA's psql would be."""
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
        autocommit=True,
    )


def _terminate_others():
    """What a PostgreSQL restart does to the portal's connections."""
    with _admin_connection() as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def _request(path: str) -> str:
    """One request through Django's real WSGI entry point (the test client skips the
    request_started handler that checks connections)."""
    environ = {"PATH_INFO": path, "HTTP_HOST": "testserver", "wsgi.input": io.BytesIO()}
    setup_testing_defaults(environ)
    statuses = []
    response = WSGIHandler()(environ, lambda status, headers, *exc: statuses.append(status))
    b"".join(response)
    response.close()  # request_finished: the connection is kept (CONN_MAX_AGE)
    return statuses[0]


def _backend_pid():
    return connection.connection.info.backend_pid if connection.connection else None


def test_the_next_request_after_the_database_drops_its_connection_succeeds(postgres):
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert _request("/healthz").startswith("200")
    before = _backend_pid()
    assert before is not None  # kept open for the next request
    _terminate_others()
    assert _request("/healthz").startswith("200")
    assert _backend_pid() not in (None, before)  # a fresh connection


def test_without_health_checks_the_same_drop_fails_a_request(postgres, monkeypatch):
    """The control: proves the test above exercises the health check."""
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", False)
    connection.close()
    assert _request("/healthz").startswith("200")
    _terminate_others()
    assert _request("/healthz").startswith("500")
    connection.close()


class DropAfterFirstWrite:
    """An execute wrapper: once the first write of a save has run, the connection is lost
    (on PostgreSQL really terminated from a second connection; elsewhere an error), so
    the rest of the save and its commit never happen."""

    def __init__(self):
        self.dropped = False

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not self.dropped and sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            self.dropped = True
            if on_postgres():
                pid = connection.connection.info.backend_pid
                with _admin_connection() as admin:
                    admin.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
            else:
                raise OperationalError("server closed the connection unexpectedly")
        return result


def _save_interrupted(save):
    drop = DropAfterFirstWrite()
    with pytest.raises(OperationalError), connection.execute_wrapper(drop):
        save()
    assert drop.dropped
    connection.close()  # what the next request's health check does


def test_a_data_submission_interrupted_half_way_leaves_the_old_figures(transactional_db, cast):
    submission = Submission.objects.filter(figures__isnull=False).distinct().first()
    Submission.objects.filter(pk=submission.pk).update(state=Submission.State.DRAFT)
    before = sorted(submission.figures.values_list("measure", "year_group", "value"))
    changed = {
        RowKey(f.measure, f.year_group, f.subject, f.group): (f.pupils, 1)
        for f in submission.figures.all()
    }
    # save_figures deletes the old figures, then inserts the new: dropped in between.
    _save_interrupted(
        lambda: data.save_figures(submission=submission, figures=changed, by=cast["head"])
    )
    after = sorted(submission.figures.values_list("measure", "year_group", "value"))
    assert after == before


def test_a_category_decision_interrupted_before_commit_saves_nothing(
    transactional_db, cast, school
):
    foxton = school("Foxton")
    meeting = RiskMeeting.objects.order_by("-held_on").first()
    current = Assessment.objects.get(school=foxton, successor__isnull=True)
    count = Assessment.objects.count()
    evidence = {
        "performance": "variable",
        "qa_visits": "some",
        "partnership": "some",
        "external": "some",
    }
    _save_interrupted(
        lambda: categorisation.decide_category(
            school=foxton,
            meeting=meeting,
            evidence=evidence,
            category=3,
            leadership_capacity="limited",
            by=cast["dop"],
            expected_current_id=current.pk,
        )
    )
    assert Assessment.objects.count() == count
    assert Assessment.objects.get(school=foxton, successor__isnull=True) == current
