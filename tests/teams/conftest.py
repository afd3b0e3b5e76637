"""Fixtures: the fake Bot Framework, and the real coach with the Teams channel pointed at it.

The coach is started with the launcher's own commands (bot.ops.launch) and free ports
(tests.integration.servers), with a temporary credentials file registering the Teams
channel and, for the privacy tests (test_teams_privacy.py), REST and the widget's socket, filled from
TEAMS_* environment variables as credentials.yml does.
"""
from __future__ import annotations

import json
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from bot.config import Settings
from bot.ops.launch import Supervisor, action_server_command, rasa_server_command
from tests.integration.servers import free_port
from tests.teams.fake_bot_framework import APP_ID, APP_PASSWORD, TENANT_ID, FakeBotFramework

CREDENTIALS = """\
bot.rasa.channels.rest.SafeRestInput:
bot.rasa.channels.socketio.WidgetSocketIOInput:
  user_message_evt: user_uttered
  bot_message_evt: bot_uttered
  session_persistence: true
  metadata_key: customData
bot.rasa.channels.teams.TeamsInput:
  app_id: ${TEAMS_APP_ID}
  app_password: ${TEAMS_APP_PASSWORD}
  tenant_id: ${TEAMS_TENANT_ID}
  openid_metadata_url: ${TEAMS_OPENID_METADATA_URL}
  login_url: ${TEAMS_LOGIN_URL}
"""


@pytest.fixture(scope="session")
def fake_bf() -> Iterator[FakeBotFramework]:
    fake = FakeBotFramework().start()
    yield fake
    fake.stop()


class TeamsCoach:
    def __init__(self, url: str, database: Path, log: Path, fake: FakeBotFramework, web_port: int = 8000):
        self.url = url
        self.web_port = web_port  # whose origin the widget's socket must come from (tests.integration.servers)
        self.webhook = f"{url}/webhooks/teams/webhook"
        self.database = database
        self.log = log
        self.fake = fake

    def send(self, activity: dict | bytes, token: str | None = None, headers: dict | None = None) -> requests.Response:
        headers = self.fake.headers(token) if headers is None else headers
        if isinstance(activity, bytes):
            return requests.post(self.webhook, data=activity, headers=headers, timeout=30)
        return requests.post(self.webhook, json=activity, headers=headers, timeout=30)

    def wait_for_user_events(self, sender_id: str, count: int = 1, timeout_s: float = 15) -> None:
        """Rasa saves the tracker after the replies are sent: wait for it."""
        deadline = time.monotonic() + timeout_s
        while self.events(sender_id).count("user") < count and time.monotonic() < deadline:
            time.sleep(0.1)

    def events(self, sender_id: str) -> list[str]:
        """The tracker store's event types for a sender (the real SQLite database)."""
        with sqlite3.connect(self.database) as connection:
            try:
                rows = connection.execute(
                    "SELECT type_name FROM events WHERE sender_id = ? ORDER BY id", (sender_id,)
                ).fetchall()
            except sqlite3.OperationalError:  # no table yet: nothing was ever stored
                return []
        return [row[0] for row in rows]

    def intents(self, sender_id: str) -> list[str]:
        self.wait_for_user_events(sender_id)
        with sqlite3.connect(self.database) as connection:
            rows = connection.execute(
                "SELECT intent_name FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id",
                (sender_id,),
            ).fetchall()
        return [row[0] for row in rows]

    def user_metadata(self, sender_id: str) -> list[dict]:
        self.wait_for_user_events(sender_id)
        with sqlite3.connect(self.database) as connection:
            rows = connection.execute(
                "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (sender_id,)
            ).fetchall()
        return [json.loads(row[0]).get("metadata") or {} for row in rows]


@pytest.fixture(scope="session")
def teams_coach(fake_bf, tmp_path_factory) -> Iterator[TeamsCoach]:
    from bot.ops.training import MODELS_DIR, model_path

    model = model_path()
    if not model.exists():
        # The channel is what is under test: while data changes are being trained, the newest
        # model will do. `make train` first for the model of the current inputs.
        trained = sorted(MODELS_DIR.glob("coach-*.tar.gz"), key=lambda path: path.stat().st_mtime)
        if not trained:
            pytest.skip(f"no trained model in {MODELS_DIR}: run `make train` first")
        model = trained[-1]
    folder = tmp_path_factory.mktemp("teams-coach")
    database = folder / "coach.db"
    settings = Settings.from_environ({
        "RASA_PORT": str(free_port()), "ACTION_PORT": str(free_port()), "HOST": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{database}",
    })
    credentials = folder / "credentials.yml"
    credentials.write_text(CREDENTIALS)
    supervisor = Supervisor(settings)
    supervisor.env.update({
        "TEAMS_APP_ID": APP_ID, "TEAMS_APP_PASSWORD": APP_PASSWORD, "TEAMS_TENANT_ID": TENANT_ID,
        "TEAMS_OPENID_METADATA_URL": fake_bf.openid_metadata_url, "TEAMS_LOGIN_URL": fake_bf.url,
        "LOG_LEVEL": "INFO", "CHECKIN_POLL_SECONDS": "0.5",  # proactive check-ins: tests/teams/test_proactive.py
    })
    command = rasa_server_command(settings, model)
    command[command.index("--credentials") + 1] = str(credentials)
    log_path = folder / "coach.log"
    log = log_path.open("ab")
    try:
        supervisor.start(action_server_command(settings), stdout=log, stderr=subprocess.STDOUT)
        supervisor.start(command, stdout=log, stderr=subprocess.STDOUT)
        rasa_url = f"http://127.0.0.1:{settings.rasa_port}"
        try:
            supervisor.wait_until_ready([f"{rasa_url}/", f"http://127.0.0.1:{settings.action_port}/health"])
        except SystemExit as error:  # the launcher's way of failing; a test should fail, not exit
            pytest.fail(f"{error}; see {log_path}:\n{log_path.read_text()[-3000:]}")
        yield TeamsCoach(rasa_url, database, log_path, fake_bf, settings.web_port)
    finally:
        supervisor.stop()
        log.close()
