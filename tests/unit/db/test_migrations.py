"""Migrations: idempotent, concurrent-safe, matching every project table, nothing runs on import.

The revisions are named journal_000N and record themselves in `journal_alembic_version`, as
they did when they lived in bot/journal: a database migrated then upgrades unchanged.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from bot.config import ROOT
from bot.db import get_engine, migrate
from bot.db.engine import VERSION_TABLE, include_name
from bot.db.tables import metadata
from bot.journal import get_journal

HEAD = "journal_0003"
PROJECT_TABLES = {"journal_reflections", "journal_commitments", "checkin_preferences", "checkin_claims",
                  "analytics_trainers", "analytics_tags"}


def _version(url: str) -> list[str]:
    with get_engine(url).connect() as connection:
        return list(connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())


def test_migrate_twice_is_idempotent(database_url):
    migrate(database_url)
    migrate(database_url)
    tables = set(inspect(get_engine(database_url)).get_table_names())
    assert tables == PROJECT_TABLES | {VERSION_TABLE}
    assert "alembic_version" not in tables  # Alembic's default name is left free for others
    assert _version(database_url) == [HEAD]


def test_the_metadata_names_every_project_table_and_the_migrations_build_exactly_it(database_url):
    assert set(metadata.tables) == PROJECT_TABLES
    migrate(database_url)
    with get_engine(database_url).connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": include_name, "version_table": VERSION_TABLE}
        )
        assert compare_metadata(context, metadata) == []


def test_a_database_migrated_by_the_journal_package_upgrades_unchanged(database_url):
    """Revision ids and the version table are those bot/journal/migrations wrote before the move."""
    engine = get_engine(database_url)
    from alembic import command

    from bot.db.engine import alembic_config

    config = alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "journal_0002")  # a database from before the check-ins
    assert _version(database_url) == ["journal_0002"]
    migrate(database_url)
    assert _version(database_url) == [HEAD]
    assert set(inspect(engine).get_table_names()) == PROJECT_TABLES | {VERSION_TABLE}


def test_concurrent_migrations_from_two_processes(database_url, tmp_path):
    # Both processes import first, then start together, so their migrations really overlap.
    script = textwrap.dedent(
        """
        import pathlib, sys, time
        from bot.db import migrate
        folder, me, other = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
        (folder / me).touch()
        deadline = time.monotonic() + 20
        while not (folder / other).exists() and time.monotonic() < deadline:
            time.sleep(0.005)
        migrate(sys.argv[4])
        """
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path), me, other, database_url],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for me, other in (("a", "b"), ("b", "a"))
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 0, stderr
    assert _version(database_url) == [HEAD]


def test_get_journal_migrates_once_and_returns_the_same_repository(database_url):
    first = get_journal(database_url)
    assert get_journal(database_url) is first
    assert _version(database_url) == [HEAD]


def test_get_journal_defaults_to_the_database_url_setting(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'nested' / 'coach.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_journal.cache_clear()
    try:
        journal = get_journal()
        assert journal.engine is get_engine(url)
        assert (tmp_path / "nested" / "coach.db").is_file()
    finally:
        get_engine(url).dispose()
        get_journal.cache_clear()


def test_importing_the_packages_connects_to_nothing_and_imports_no_rasa():
    check = (
        "import sys, bot.db.forget, bot.journal as journal; "
        "assert journal.get_engine.cache_info().currsize == 0; "
        "assert journal.get_journal.cache_info().currsize == 0; "
        "assert not any(name == 'rasa' or name.startswith('rasa.') for name in sys.modules); "
        "assert 'alembic' not in sys.modules"
    )
    result = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
