"""The Bot Connector client: reply URLs, Retry-After, tokens and retries against the fake Bot Framework."""
from __future__ import annotations

import asyncio

import pytest

from bot.rasa.channels.teams_connector import (
    BotConnector,
    ConnectorError,
    activities_url,
    retry_after_seconds,
)
from tests.teams.fake_bot_framework import APP_ID, APP_PASSWORD, TENANT_ID
from tests.unit.rasa.channels.conftest import run


def test_reply_urls_encode_teams_ids():
    url = activities_url("https://smba.trafficmanager.net/amer/", "19:abc@thread.tacv2;messageid=17", "17")
    assert str(url) == (
        "https://smba.trafficmanager.net/amer/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D17/activities/17"
    )


@pytest.mark.parametrize("header, seconds", [
    ("1", 1.0), ("0", 0.0), ("2.5", 2.5), ("9999", 30.0), (None, None), ("soon", None),
])
def test_retry_after(header, seconds):
    assert retry_after_seconds(header) == seconds


def test_retry_after_as_an_http_date():
    assert retry_after_seconds("Thu, 01 Jan 2026 00:00:10 GMT", now=1767225600.0) == 10.0


def test_one_token_for_many_posts_and_single_tenant_authority(fake):
    async def scenario(session):
        connector = BotConnector(APP_ID, APP_PASSWORD, TENANT_ID, fake.url, session)
        await asyncio.gather(*[
            connector.post_activity(fake.service_url, "a:1conv", {"type": "message", "text": str(i)}, "act")
            for i in range(5)
        ])
    run(scenario)
    assert len(fake.token_requests) == 1 and fake.token_requests[0]["tenant"] == TENANT_ID
    assert len(fake.posts_to("a:1conv")) == 5
    assert {p.reply_to_id for p in fake.posts} == {"act"}


def test_multi_tenant_uses_botframework_com(fake):
    async def scenario(session):
        connector = BotConnector(APP_ID, APP_PASSWORD, "", fake.url, session)
        await connector.token()
    run(scenario)
    assert fake.token_requests[0]["tenant"] == "botframework.com"


def test_5xx_and_429_are_retried_with_bounded_attempts(fake):
    sleeps = []

    async def sleep(seconds):
        sleeps.append(seconds)

    fake.fail_next_messages.extend([(503, {}), (429, {"Retry-After": "2"})])

    async def deliver(session):
        connector = BotConnector(APP_ID, APP_PASSWORD, TENANT_ID, fake.url, session, sleep=sleep)
        await connector.post_activity(fake.service_url, "a:1c", {"type": "message", "text": "x"})
        fake.fail_next_messages.extend([(500, {})] * 4)
        with pytest.raises(ConnectorError, match="after 4 attempts"):
            await connector.post_activity(fake.service_url, "a:1c", {"type": "message", "text": "y"})
    run(deliver)
    assert sleeps[1] == 2.0  # Retry-After honoured
    assert len(sleeps) == 2 + 3
    assert [p.status for p in fake.posts] == [503, 429, 200, 500, 500, 500, 500]


def test_a_client_error_is_not_retried_and_a_bad_secret_fails_cleanly(fake):
    fake.fail_next_messages.append((404, {}))

    async def scenario(session):
        connector = BotConnector(APP_ID, APP_PASSWORD, TENANT_ID, fake.url, session)
        with pytest.raises(ConnectorError, match="404"):
            await connector.post_activity(fake.service_url, "a:1c", {"type": "message"})
        wrong = BotConnector(APP_ID, "wrong", TENANT_ID, fake.url, session)
        with pytest.raises(ConnectorError, match="token"):
            await wrong.post_activity(fake.service_url, "a:1c", {"type": "message"})
    run(scenario)


