"""Migrations: idempotent, concurrent-safe, matching every project table, nothing runs on import.

The revisions are named journal_000N and record themselves in `journal_alembic_version`, as
they did when they lived in bot/journal: a database migrated then upgrades unchanged.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import datetime, timezone

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from bot.config import ROOT
from bot.db import get_engine, migrate
from bot.db.engine import VERSION_TABLE, include_name
from bot.db.tables import metadata
from bot.journal import get_journal

HEAD = "journal_0005"
PROJECT_TABLES = {"journal_reflections", "journal_commitments", "checkin_preferences", "checkin_claims",
                  "analytics_trainers", "analytics_tags", "identity_links", "identity_link_codes",
                  "analytics_sessions", "analytics_trainer_cohorts", "analytics_transcript_views"}


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


TENANT, AAD = "72f988bf-86f1-41af-91ab-2d7cd011db47", "6b3a1c52-7f55-4d3b-9d1a-1b2c3d4e5f60"


def test_journal_0005_moves_teams_journals_to_the_new_keys_and_sets_the_others_aside(database_url):
    """Teams ids were verified, so their journals move; widget and REST ids were chosen by the
    caller, so no new session inherits them (kept as legacy:<id> until retention purges them)."""
    from alembic import command

    from bot.db.engine import alembic_config
    from bot.rasa.tracker_store import create_tables

    engine = get_engine(database_url)
    config = alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "journal_0004")
    create_tables(database_url)
    old_teams, other_teams = f"teams:{AAD}:a:1personal-chat", "teams:29:1unknown:a:1chat"
    widget, rest = "0123456789abcdef0123456789abcdef", "leader-1"
    reference = json.dumps({"tenant_id": TENANT, "user_aad_object_id": AAD, "conversation_id": "a:1personal-chat"})
    with engine.begin() as connection:
        for key in (old_teams, other_teams, widget, rest):
            connection.execute(text(
                "INSERT INTO journal_reflections (sender_id, exercise_id, title, summary, answers, created_at, "
                "shared_with_trainer) VALUES (:k, 'grow', 'T', 'S', '{}', :now, false)"),
                {"k": key, "now": datetime.now(timezone.utc)})
        connection.execute(text(
            "INSERT INTO checkin_preferences (sender_id, checkins_enabled, teams_reminders, teams_reference, "
            "updated_at) VALUES (:k, true, true, :r, :now)"), {"k": old_teams, "r": reference,
                                                               "now": datetime.now(timezone.utc)})
        connection.execute(text(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (:k, 'user', 1, '{}')"),
            {"k": old_teams})

    migrate(database_url)

    assert _version(database_url) == [HEAD]
    journal = get_journal(database_url)
    person = f"teams:{TENANT}:{AAD}"
    assert [r.title for r in journal.list_reflections(person)] == ["T"]
    assert journal.get_preferences(person).teams_reminders
    for old in (old_teams, other_teams, widget, rest, f"web:{widget}", f"rest:{rest}"):
        assert journal.list_reflections(old) == [], old
    for legacy in (other_teams, widget, rest):
        assert len(journal.list_reflections(f"legacy:{legacy}")) == 1, legacy
    with engine.connect() as connection:
        assert connection.execute(text("SELECT sender_id FROM events")).scalars().all() == [person]
