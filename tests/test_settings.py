"""Configuration comes from the environment; production refuses to start without it, in
one clear line, and passes ``check --deploy`` with no warnings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "symphony.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-" + "x7Q9" * 12,
    "ALLOWED_HOSTS": "portal.symphony.example",
    "DATABASE_URL": "sqlite:////tmp/symphony-deploy-check.sqlite3",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_HOST": "smtp.symphony.example",
}


def manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION
        and k not in ("DEBUG", "SECRET_KEY_FILE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_HOST"]
)
def test_production_names_the_missing_variable_in_one_line(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"Symphony cannot start: The environment variable {missing} must be set" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("file-secret-" + "k" * 50)
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", env={**env, "SECRET_KEY_FILE": str(secret)})
    assert result.returncode == 0, result.stderr


def test_a_malformed_boolean_is_named():
    result = manage("check", env={**PRODUCTION, "DEBUG": "maybe"})
    assert "DEBUG='maybe' is not a boolean" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_refuses_debug():
    result = manage("check", env={**PRODUCTION, "DEBUG": "true"})
    assert "DEBUG must be false in production settings." in result.stderr


def python(code, *, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION and k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


SETTINGS_IN_USE = "from django.conf import settings; print(settings.SETTINGS_MODULE)"
WITHOUT_MODULE = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SETTINGS_MODULE"}


@pytest.mark.parametrize(
    "entry",
    [
        "import symphony.wsgi",  # gunicorn symphony.wsgi
        "import symphony.asgi",
        "from symphony.celery import app; app.loader.import_default_modules()",  # celery -A
    ],
)
def test_servers_and_workers_run_production_unless_told_otherwise(entry):
    result = python(f"{entry}; {SETTINGS_IN_USE}", env=WITHOUT_MODULE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "symphony.settings.production"


def test_without_production_variables_a_server_refuses_to_start_rather_than_run_dev():
    result = python(f"import symphony.wsgi; {SETTINGS_IN_USE}", env={})
    assert result.returncode != 0
    assert "Symphony cannot start: The environment variable SECRET_KEY must be set" in (
        result.stderr
    )


def test_development_is_chosen_explicitly():
    # manage.py, and scripts/run-dev for its Celery worker, ask for the development settings.
    assert "symphony.settings.dev" in (ROOT / "manage.py").read_text()
    assert "DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-symphony.settings.dev}" in (
        (ROOT / "scripts" / "run-dev").read_text()
    )
    result = python(
        f"import symphony.celery; {SETTINGS_IN_USE}",
        env={"DJANGO_SETTINGS_MODULE": "symphony.settings.dev"},
    )
    assert result.stdout.strip().splitlines()[-1] == "symphony.settings.dev", result.stderr


def test_a_bad_trusted_proxy_is_named():
    result = manage("check", env={**PRODUCTION, "SYMPHONY_TRUSTED_PROXIES": "127.0.0.1,proxy"})
    assert "SYMPHONY_TRUSTED_PROXIES: 'proxy' is not an IP address or CIDR block." in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_the_compose_file_publishes_the_portal_to_this_machine_only():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert '"8000:8000"' not in compose
    assert "${SYMPHONY_PUBLISH:-127.0.0.1:8000}:8000" in compose


def test_production_throttles_count_across_workers_without_redis():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    result = python(code, env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == ("django.core.cache.backends.db.DatabaseCache")
    assert "manage.py createcachetable" in (ROOT / "docker-compose.yml").read_text()
