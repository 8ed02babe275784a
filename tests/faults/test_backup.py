"""make backup / make restore: a backup of the database and the uploaded files, restored
into an empty database, gives back every table's rows, the sequences, and every file."""

import os
import subprocess

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from .conftest import ROOT


def _connect(dbname):
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    )


def _url(dbname):
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{dbname}"


def _snapshot(dbname) -> dict:
    """Every table's row count and a checksum of all its rows, and every sequence."""
    with _connect(dbname) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        snapshot = {}
        for table in tables:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                "FROM {} AS t"
            ).format(sql.Identifier(table))
            snapshot[table] = conn.execute(query).fetchone()
        for (sequence,) in conn.execute(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall():
            query = sql.SQL("SELECT last_value FROM {}").format(sql.Identifier(sequence))
            snapshot[f"sequence {sequence}"] = conn.execute(query).fetchone()
    return snapshot


def _files(root):
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


@pytest.fixture
def empty_database(postgres):
    name = f"symphony_backup_dst_{os.getpid()}"
    maintenance = connection.settings_dict.get("OPTIONS", {}).get("dbname", "postgres")
    with _connect(maintenance) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        with _connect(maintenance) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _run(script, *args, database, media, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "symphony.settings.dev",
        "DATABASE_URL": _url(database),
        "MEDIA_ROOT": str(media),
        "BACKUP_DIR": str(tmp_path / "backups"),
        "SYMPHONY_VAR_DIR": str(tmp_path / "var"),
        "PYTHON": str(ROOT / ".venv" / "bin" / "python")
        if (ROOT / ".venv" / "bin" / "python").exists()
        else "python3",
    }
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_backup_restored_into_an_empty_database_gives_everything_back(
    postgres, empty_database, demo, tmp_path
):
    source = connection.settings_dict["NAME"]  # the test database, with the demo trust
    media = tmp_path / "media"
    (media / "reviews" / "reports" / "2026").mkdir(parents=True)
    (media / "reviews" / "reports" / "2026" / "peer-review.pdf").write_bytes(b"%PDF-1.7 demo")
    (media / "scc" / "letter to the LGB.docx").parent.mkdir(parents=True)
    (media / "scc" / "letter to the LGB.docx").write_bytes(b"PK\x03\x04 demo")

    made = _run("backup", database=source, media=media, tmp_path=tmp_path)
    assert made.returncode == 0, made.stderr
    (backup,) = (tmp_path / "backups").iterdir()
    assert {p.name for p in backup.iterdir()} == {"database.dump", "media.tar.gz", "MANIFEST"}

    restored_media = tmp_path / "restored-media"
    restored = _run(
        "restore", str(backup), database=empty_database, media=restored_media, tmp_path=tmp_path
    )
    assert restored.returncode == 0, restored.stderr

    before, after = _snapshot(source), _snapshot(empty_database)
    assert before["schools_school"][0] == 15  # the demo trust really was there
    assert set(after) == set(before)
    different = [name for name in before if before[name] != after[name]]
    assert not different, different
    assert _files(restored_media) == _files(media)

    again = _run(
        "restore", str(backup), database=empty_database, media=restored_media, tmp_path=tmp_path
    )
    assert again.returncode != 0
    assert "is not empty" in again.stderr
