"""Engines and schema migrations for the project's tables (bot.db.tables).

Nothing connects at import: `get_engine` builds one engine per URL on first use, and `migrate`
upgrades the project's tables to the newest Alembic revision (bot/db/migrations).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.engine.url import make_url
from sqlalchemy.pool import QueuePool, StaticPool

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Our own version table: the database is shared with Rasa, whose tables Alembic must not track.
# Named after the journal, whose migrations came first; existing databases record it.
VERSION_TABLE = "journal_alembic_version"
# Any fixed 64-bit number works; it only has to differ from other advisory locks in the database.
MIGRATION_LOCK_ID = 0x6A6F75726E616C  # "journal"


def include_name(name, type_, parent_names) -> bool:
    """Alembic filter: only the project's own tables (bot.db.tables) are ours to compare."""
    if type_ == "table":
        from bot.db.tables import metadata

        return name in metadata.tables
    return True


@lru_cache(maxsize=16)
def get_engine(database_url: str) -> Engine:
    """The process-wide engine for `database_url` (SQLite folders are created on first use)."""
    from bot.config import Settings

    Settings(database_url=database_url).prepare_storage()
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        # pre_ping: the action server lives for days and PostgreSQL may drop idle connections.
        return create_engine(url, future=True, pool_pre_ping=True)
    options = dict(SQLITE_FILE_POOL)
    if url.database in (None, "", ":memory:"):
        # Every new connection to :memory: is a new empty database, so share one connection.
        options = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    engine = create_engine(url, future=True, **options)
    use_sqlite_wal(engine)
    _use_real_sqlite_transactions(engine)
    return engine


# SQLAlchemy 1.4 opens and closes an SQLite file connection for every session (NullPool); closing
# the last one checkpoints the write-ahead log, which cost more than the turn's own writes. Keep a
# few open instead; they may move between threads (the servers' event loops and their executors).
# Two processes write the one file (Rasa's tracker store, the action server's journal): a writer
# waits up to SQLITE_BUSY_TIMEOUT_S for the other instead of failing the turn with "database is
# locked" (pysqlite waits 5 s by default, which a busy machine exceeds: the conversation fuzzer
# hit it with six leaders at once).
SQLITE_BUSY_TIMEOUT_S = 30
SQLITE_FILE_POOL = {"poolclass": QueuePool, "pool_size": 5,
                    "connect_args": {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_S}}


def use_sqlite_wal(engine: Engine) -> None:
    """SQLite in write-ahead-log mode with `synchronous=NORMAL`, for every connection of `engine`.

    The tracker store and the journal share one SQLite file and write on every turn. WAL lets
    readers carry on while one writes, and NORMAL syncs the log at checkpoints instead of on every
    commit: a committed turn survives the coach crashing or being killed, and only a power cut
    can lose the last moments (SQLite's recommended setting for WAL). PostgreSQL is the
    production database; this is the single-machine default.
    """
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return

    @event.listens_for(engine, "connect")
    def _wal(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        _ensure_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _ensure_wal(cursor, timeout_s: float = SQLITE_BUSY_TIMEOUT_S) -> None:
    """Put the file in WAL mode unless it is already (the mode is kept in the file). Switching
    needs the file to itself and SQLite does not wait for that: while another process migrates
    a new file, "database is locked" comes back at once, so wait here, as the busy timeout would."""
    import sqlite3
    import time

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
                return
            cursor.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error):
                raise
        if time.monotonic() > deadline:  # still not WAL: the default journal is slower, not wrong
            return
        time.sleep(0.05)


def _use_real_sqlite_transactions(engine: Engine) -> None:
    """Make SQLAlchemy, not pysqlite, emit BEGIN, so DDL and migrations are transactional.

    pysqlite only opens a transaction before INSERT/UPDATE/DELETE, which would leave a failed
    migration half-applied. This is SQLAlchemy's documented recipe. Foreign keys stay at SQLite's
    default (off): Alembic batch migrations rebuild tables, and with them on, dropping the old
    journal_reflections would null every commitment's reflection_id.
    """

    @event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_connection, connection_record):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection):
        # IMMEDIATE takes the write lock at once: concurrent migrations on one file queue up.
        if connection.get_execution_options().get("journal_immediate"):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


def alembic_config(database_url: str):
    """An Alembic Config built in code, pointing at this package's migrations."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser treats % as interpolation; URL-encoded passwords contain it.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def migrate(database_url: str) -> None:
    """Upgrade the project's tables to the newest revision; safe to run again, or concurrently.

    On PostgreSQL a transaction-level advisory lock makes replicas that start together take
    turns: the first creates the tables, the rest find them at head. On SQLite, BEGIN IMMEDIATE
    does the same. The lock is released when the migration's transaction commits.
    """
    from alembic import command

    engine = get_engine(database_url)
    config = alembic_config(database_url)
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection = connection.execution_options(journal_immediate=True)
        with connection.begin():
            if engine.dialect.name == "postgresql":
                connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK_ID)))
            # env.py runs the migrations on this connection, inside this transaction.
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
