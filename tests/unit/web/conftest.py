"""Fixtures for the dashboard: a temporary SQLite database (journal and analytics tables migrated,
Rasa's `events` seeded with scripted conversations), two accounts, and the web app around it."""
from __future__ import annotations

import asyncio
import re
from datetime import datetime, timezone

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from argon2 import PasswordHasher

from bot.analytics.accounts import TrainerAccounts
from bot.config import Settings
from bot.db import get_engine, migrate
from bot.web import dashboard
from bot.web.app import common_headers
from tests.unit.analytics import scenario
from tests.unit.analytics.events import Conversation, create_events_table

SECRET = "unit-test-analytics-secret-0123456789"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
PASSWORD = "correct horse battery"
PERIOD = {"since": scenario.DAY, "until": scenario.DAY}
EMAIL, PHONE = "jane.doe@example.org", "07700 900123"
PRIVATE_QUESTION = f"Can {EMAIL} help me with my sourdough at {PHONE}?"
HOSTILE_COHORT = "<b>x"


def private_question(day: str = scenario.DAY) -> Conversation:
    c = Conversation("leader-private", day, channel="rest", cohort="gamma")
    c.user(PRIVATE_QUESTION, "nlu_fallback").action("action_handle_fallback")
    c.bot("outside my knowledge base", "utter_not_in_knowledge_base").listen()
    return c


@pytest.fixture(autouse=True)
def analytics_secret(monkeypatch):
    monkeypatch.setenv("ANALYTICS_SECRET", SECRET)


@pytest.fixture
def database_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    create_events_table(get_engine(url))
    migrate(url)
    engine = get_engine(url)
    for conversation in [*scenario.everyone(), private_question()]:
        conversation.save(engine)
    accounts = TrainerAccounts(engine, FAST_HASHER)
    accounts.add_trainer("tess", PASSWORD, "trainer")
    accounts.add_trainer("ada", PASSWORD, "admin")
    return url


@pytest.fixture
def app(database_url) -> web.Application:
    application = web.Application(middlewares=[common_headers])
    dashboard.setup(application, Settings.from_environ({"DATABASE_URL": database_url}), hasher=FAST_HASHER)
    return application


def run(app: web.Application, scenario_):
    """Run `await scenario_(client)` against the app on a real local port."""
    async def main():
        async with TestClient(TestServer(app)) as client:
            return await scenario_(client)
    return asyncio.run(main())


def csrf_in(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "the page has a CSRF field"
    return match.group(1)


async def login(client: TestClient, name: str = "tess", password: str = PASSWORD):
    page = await client.get("/analytics/login")
    token = csrf_in(await page.text())
    return await client.post("/analytics/login", data={"csrf": token, "name": name, "password": password},
                             allow_redirects=False)


async def signed_in(client: TestClient, name: str = "tess") -> str:
    """Sign in; returns the session's CSRF token (read from the overview's sign-out form)."""
    response = await login(client, name)
    assert response.status == 303, await response.text()
    page = await client.get("/analytics", params=PERIOD)
    assert page.status == 200
    return csrf_in(await page.text())


def now_day() -> str:
    return datetime.now(timezone.utc).date().isoformat()
