"""Fixtures: every test gets an empty database, SQLite (a tmp file) and PostgreSQL (a new database).

PostgreSQL tests create a uniquely named database through the `test` database and drop it
afterwards, so parallel or interrupted runs never see each other's rows. They are skipped only
when the server cannot be reached (the reason is printed and shown in pytest's summary).
"""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import OperationalError

from bot.db import get_engine
from bot.journal import JournalRepository, get_journal

POSTGRES_ADMIN_URL = os.environ.get(
    "JOURNAL_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(scope="session")
def postgres_admin():
    """An AUTOCOMMIT engine on the `test` database, for CREATE/DROP DATABASE."""
    engine = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
    try:
        with engine.connect():
            pass
    except OperationalError as error:
        engine.dispose()
        reason = f"PostgreSQL unreachable at {POSTGRES_ADMIN_URL}: {str(error).strip().splitlines()[0]}"
        print(reason)
        pytest.skip(reason)
    yield engine
    engine.dispose()


def _forget_cached(url: str) -> None:
    """Close pooled connections so the database can be dropped, and empty the factories' caches."""
    get_engine(url).dispose()
    get_journal.cache_clear()
    get_engine.cache_clear()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A URL of an empty database; the SQLite file sits in a folder that does not exist yet."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'var' / 'journal.db'}"
        yield url
        _forget_cached(url)
        return
    admin = request.getfixturevalue("postgres_admin")
    name = admin.dialect.identifier_preparer.quote(f"journal_test_{uuid.uuid4().hex[:12]}")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    url = admin.url.set(database=name.strip('"')).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        _forget_cached(url)
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture
def journal(database_url) -> JournalRepository:
    """A migrated journal on the test's empty database."""
    return get_journal(database_url)


@contextmanager
def refusing(engine, statement: str):
    """Within the block, the database fails every statement starting with `statement` (e.g.
    "INSERT INTO journal_commitments"), as a lost connection or a full disk would."""

    def refuse(conn, cursor, sql, parameters, context, executemany):
        if sql.lstrip().upper().startswith(statement.upper()):
            raise RuntimeError("the database went away")

    event.listen(engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", refuse)
