"""The benchmark's own PostgreSQL database: created if missing, migrated, emptied between
sizes. It never touches the databases CI and development use."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/symphony_bench"
# CI and the developers' PostgreSQL databases: the benchmark empties its database, so it
# refuses these outright, and anything whose name does not say it is for benchmarks.
FORBIDDEN = {"symphony", "test_symphony", "postgres", "template0", "template1"}
# Tables emptying would break: Django's own bookkeeping, refilled only by migrate.
KEEP = {"django_migrations", "django_content_type", "auth_permission"}


class UnsafeDatabase(Exception):
    pass


def bench_url() -> str:
    """``BENCH_DATABASE_URL``, or the default; never ``DATABASE_URL``, which in CI names
    the suite's own database."""
    url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    name = urlsplit(url).path.lstrip("/")
    if not url.startswith(("postgres://", "postgresql://")):
        raise UnsafeDatabase(f"The benchmarks run on PostgreSQL; {url!r} is not a postgres:// URL.")
    if name in FORBIDDEN or "bench" not in name:
        raise UnsafeDatabase(
            f"Refusing database {name!r}: the benchmarks empty their database, so its name "
            "must contain 'bench' (default symphony_bench)."
        )
    return url


def ensure_database(url: str) -> bool:
    """Create the database if it does not exist; True if it was created."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return not exists


def empty_tables() -> None:
    """TRUNCATE every table of the project's apps (and users, sessions...)."""
    from django.db import connection

    tables = [
        t for t in connection.introspection.django_table_names(only_existing=True) if t not in KEEP
    ]
    if not tables:
        return
    quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")  # noqa: S608 - table names from introspection


def analyze() -> None:
    """Fresh planner statistics after a bulk load, as autovacuum would give in production."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
