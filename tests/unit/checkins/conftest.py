"""Fixtures: an empty database per test, SQLite (a tmp file) and PostgreSQL (a new database).

Tables are created from the project's SQLAlchemy metadata (bot.db.tables); PostgreSQL tests
create a uniquely named database and drop it afterwards, and are skipped if it is unreachable.
"""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text

from bot.db.tables import metadata
from bot.journal.repository import JournalRepository

# The journal tests' AUTOCOMMIT admin engine (skips when PostgreSQL is unreachable).
from tests.unit.journal.conftest import postgres_admin  # noqa: E402,F401  (a fixture)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / 'checkins.db'}", future=True)
        metadata.create_all(engine)
        yield engine
        engine.dispose()
        return
    admin = request.getfixturevalue("postgres_admin")
    name = f"checkins_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = create_engine(admin.url.set(database=name), future=True)
    try:
        metadata.create_all(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def repository(engine) -> JournalRepository:
    return JournalRepository(engine)
