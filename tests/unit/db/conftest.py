"""Fixtures: an empty database per test, SQLite and PostgreSQL (the journal tests' fixtures)."""
from __future__ import annotations

from tests.unit.journal.conftest import database_url, journal, postgres_admin  # noqa: F401  (fixtures)
