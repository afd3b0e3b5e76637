"""Private reflection journal: leaders' saved reflections and commitments, kept per sender_id.

Importing this package connects to nothing. Call `get_journal()` when the journal is first
needed: it migrates the tables (bot.db) once per process and returns the same repository every
time.
"""
from __future__ import annotations

from functools import lru_cache

from bot.db import get_engine, migrate
from bot.journal.repository import Commitment, JournalRepository, Reflection, ReflectionSummary

__all__ = [
    "Commitment",
    "JournalRepository",
    "Reflection",
    "ReflectionSummary",
    "get_journal",
]


@lru_cache(maxsize=16)
def get_journal(database_url: str | None = None) -> JournalRepository:
    """The journal for `database_url` (default: the DATABASE_URL setting), migrated to head."""
    from bot.config import Settings

    url = database_url or Settings.from_environ().database_url
    migrate(url)
    return JournalRepository(get_engine(url))
