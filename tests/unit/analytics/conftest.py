"""Fixtures: the journal's empty SQLite and PostgreSQL databases, migrated, with Rasa's `events`.

`database_url` and `postgres_admin` are the journal tests' fixtures (tests/unit/journal/conftest.py):
every test gets a fresh database on both engines.
"""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from bot.analytics.accounts import TrainerAccounts
from bot.journal import get_engine, migrate
from tests.unit.analytics.events import create_events_table
from tests.unit.journal.conftest import database_url, postgres_admin  # noqa: F401  (fixtures)

SECRET = "unit-test-analytics-secret-0123456789"
# Cheap argon2 parameters keep the account tests fast; one test checks the production defaults.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def analytics_secret(monkeypatch):
    monkeypatch.setenv("ANALYTICS_SECRET", SECRET)
    return SECRET


@pytest.fixture
def engine(database_url):  # noqa: F811
    """A migrated database (journal and analytics tables) that also has Rasa's `events` table."""
    create_events_table(get_engine(database_url))
    migrate(database_url)
    return get_engine(database_url)


@pytest.fixture
def accounts(engine) -> TrainerAccounts:
    return TrainerAccounts(engine, FAST_HASHER)
