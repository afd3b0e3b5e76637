"""The journal's engines and migrations are the project's: they live in bot.db.engine.

These names stay importable from here for the journal's existing readers.
"""
from __future__ import annotations

from bot.db.engine import (  # noqa: F401  (re-exported)
    MIGRATION_LOCK_ID,
    MIGRATIONS_DIR,
    SQLITE_FILE_POOL,
    VERSION_TABLE,
    alembic_config,
    get_engine,
    include_name,
    migrate,
    use_sqlite_wal,
)
