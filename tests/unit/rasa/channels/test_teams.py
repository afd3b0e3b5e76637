"""The Teams input channel without a server: credentials, and the webhook while unconfigured."""
from __future__ import annotations

import asyncio
import json

from bot.rasa.channels.teams import TeamsInput
from tests.teams.fake_bot_framework import APP_ID, TENANT_ID, message
from tests.unit.rasa.channels.conftest import FAKE


def test_empty_credentials_mean_unset_and_the_webhook_answers_503():
    channel = TeamsInput.from_credentials({
        "app_id": "", "app_password": "", "tenant_id": "", "openid_metadata_url": "", "login_url": None,
    })
    assert not channel.configured
    assert channel.keys.metadata_url == "https://login.botframework.com/v1/.well-known/openidconfiguration"
    assert channel.connector.token_url == "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"
    assert not TeamsInput.from_credentials(None).configured

    received = []

    async def on_new_message(message):
        received.append(message)

    status, body = asyncio.run(channel.handle(
        "Bearer x", json.dumps(message(FAKE, "hello")).encode(), on_new_message, {},
    ))
    assert status == 503 and "TEAMS_APP_ID" in body["error"]
    assert received == []


def test_configured_credentials():
    channel = TeamsInput.from_credentials({
        "app_id": APP_ID, "app_password": "p", "tenant_id": TENANT_ID,
        "openid_metadata_url": "http://127.0.0.1:1/meta", "login_url": "http://127.0.0.1:1/",
    })
    assert channel.configured
    assert channel.connector.token_url == f"http://127.0.0.1:1/{TENANT_ID}/oauth2/v2.0/token"
