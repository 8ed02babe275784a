"""Fault tests: the portal under a killed worker, a stopped Redis, a dropped database
connection, two people at once, and a backup restored into an empty database.

Tests that need the real engines (PostgreSQL, a Redis server) skip on a newcomer's machine
(SQLite, the embedded broker) and say why; in CI (``CI=true``) they fail instead, so a
skipped fault test never counts as passing there. Redis tests start their own private
``redis-server`` on a free port (never the shared one: other runs use it) and every
subprocess they start is stopped in the fixture's teardown, even when the test fails.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = os.environ.get("CI", "").lower() == "true"


def on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def on_redis() -> bool:
    return os.environ.get("CELERY_BROKER_URL", "").startswith("redis://")


def require(*engines: str) -> None:
    """Skip unless the run is on these engines ("postgres", "redis"); fail in CI."""
    missing = []
    if "postgres" in engines and not on_postgres():
        missing.append("PostgreSQL (DATABASE_URL=postgres://...)")
    if "redis" in engines and not on_redis():
        missing.append("Redis (CELERY_BROKER_URL=redis://...)")
    if "redis" in engines and not shutil.which("redis-server"):
        missing.append("the redis-server program")
    if not missing:
        return
    message = f"needs {' and '.join(missing)}"
    if REQUIRED:
        pytest.fail(f"fault tests must run in CI: {message}")
    pytest.skip(f"fault test skipped: {message}")


@pytest.fixture
def postgres(transactional_db):
    """A committing test on PostgreSQL (skipped elsewhere, failed in CI): put it first, so
    a test that cannot run skips before it seeds anything."""
    require("postgres")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, *, timeout: float, interval: float = 0.1, what: str = "condition"):
    """Poll ``predicate`` until it returns something truthy; fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def _stop(process: subprocess.Popen | None, *, group: bool = False) -> None:
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        if group:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


class RedisServer:
    """A private redis-server on a free port: nothing persisted, stopped on teardown."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = open(self.workdir / f"redis-{self.port}.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        wait_for(self.answers, timeout=15, what=f"redis-server on port {self.port}")

    def client(self):
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2)

    def answers(self) -> bool:
        try:
            with self.client() as client:
                return client.ping()
        except redis.RedisError:
            return False

    def stop(self) -> None:
        _stop(self.process)
        self.process = None


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Worker:
    """A real ``celery worker`` subprocess in its own process group, on the test database
    and a private broker, with mail written to files (one file per message) so messages
    can be counted across processes."""

    def __init__(self, *, broker_url: str, workdir: Path, env: dict | None = None):
        self.broker_url = broker_url
        self.workdir = workdir
        self.mail_dir = workdir / "sent-mail"
        self.mail_dir.mkdir(exist_ok=True)
        self.extra_env = env or {}
        self.process: subprocess.Popen | None = None
        self.runs = 0

    def environment(self) -> dict:
        db = connection.settings_dict
        database_url = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": self.broker_url,
            "FAULT_MAIL_DIR": str(self.mail_dir),
            "FAULT_MARKER": str(self.workdir / "paused"),
            "PYTHONPATH": str(ROOT),
            **self.extra_env,
        }

    def start(self, *, pool: str = "solo") -> None:
        self.runs += 1
        self.log_path = self.workdir / f"worker-{self.runs}.log"
        log = open(self.log_path, "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "symphony",
                "worker",
                f"--pool={pool}",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
                f"--hostname=fault{self.runs}@%h",
            ],
            cwd=ROOT,
            env=self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGKILL reaches every child
        )
        log.close()
        wait_for(self._ready, timeout=60, interval=0.2, what="the Celery worker to start")

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            pytest.fail(f"the worker exited early:\n{self.log()}")
        return b" ready." in self.log_path.read_bytes()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and pool children) at once."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        _stop(self.process, group=True)

    def messages(self) -> list[str]:
        """The subjects of every message the worker handed to the mail backend."""
        subjects = []
        for path in sorted(self.mail_dir.glob("*.log")):
            for line in path.read_text().splitlines():
                if line.startswith("Subject: "):
                    subjects.append(line.removeprefix("Subject: "))
        return subjects


@pytest.fixture
def worker_factory(tmp_path):
    started: list[Worker] = []

    def make(**kwargs) -> Worker:
        worker = Worker(workdir=tmp_path, **kwargs)
        started.append(worker)
        return worker

    try:
        yield make
    finally:
        for worker in started:
            worker.stop()
