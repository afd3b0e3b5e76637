"""Outbound calls to the Bot Connector service: an app token, and posting activities with retries.

The token comes from {login_url}/{tenant or botframework.com}/oauth2/v2.0/token (client
credentials, scope https://api.botframework.com/.default) and is cached until shortly before it
expires, so many replies share one token request. Posts retry on 429 (honouring Retry-After), on
5xx and on network errors, a bounded number of times; a 401 drops the cached token and retries once.
"""
from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

import aiohttp
from yarl import URL

logger = logging.getLogger(__name__)

DEFAULT_LOGIN_URL = "https://login.microsoftonline.com"
MULTI_TENANT = "botframework.com"
SCOPE = "https://api.botframework.com/.default"
MAX_ATTEMPTS = 4
BACKOFF_BASE_S = 0.5
MAX_RETRY_AFTER_S = 30.0
TOKEN_REFRESH_MARGIN_S = 300.0

SessionGetter = Callable[[], Awaitable[aiohttp.ClientSession]]


class ConnectorError(Exception):
    """An activity could not be delivered (after retries) or no token could be had."""


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), capped."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)


def activities_url(service_url: str, conversation_id: str, reply_to_id: str | None = None) -> URL:
    """{serviceUrl}/v3/conversations/{id}/activities[/{replyToId}], ids percent-encoded."""
    url = f"{service_url.rstrip('/')}/v3/conversations/{quote(conversation_id, safe='')}/activities"
    if reply_to_id:
        url += "/" + quote(reply_to_id, safe="")
    return URL(url, encoded=True)


class BotConnector:
    """Sends activities to the Bot Connector with an app token (shared by all conversations)."""

    def __init__(
        self,
        app_id: str,
        app_password: str,
        tenant_id: str,
        login_url: str,
        session: SessionGetter,
        max_attempts: int = MAX_ATTEMPTS,
        backoff_base_s: float = BACKOFF_BASE_S,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app_id = app_id
        self.app_password = app_password
        self.token_url = f"{login_url.rstrip('/')}/{tenant_id or MULTI_TENANT}/oauth2/v2.0/token"
        self._session = session
        self.max_attempts = max_attempts
        self.backoff_base_s = backoff_base_s
        self._sleep = sleep
        self._clock = clock
        self._token: str | None = None
        self._token_valid_until = 0.0
        self._token_lock = asyncio.Lock()

    async def token(self) -> str:
        """The cached app token, fetched again shortly before it expires."""
        async with self._token_lock:
            if self._token and self._clock() < self._token_valid_until:
                return self._token
            session = await self._session()
            form = {
                "grant_type": "client_credentials", "client_id": self.app_id,
                "client_secret": self.app_password, "scope": SCOPE,
            }
            try:
                async with session.post(self.token_url, data=form) as response:
                    if response.status != 200:
                        raise ConnectorError(f"the token endpoint answered {response.status}")
                    data = await response.json(content_type=None)
                token = data["access_token"]
                lifetime = float(data.get("expires_in", 3600))
            except (aiohttp.ClientError, asyncio.TimeoutError, KeyError, TypeError, ValueError) as error:
                raise ConnectorError(f"could not get a Bot Framework token: {type(error).__name__}") from None
            if not isinstance(token, str) or not token:
                raise ConnectorError("the token endpoint returned no access_token")
            self._token = token
            self._token_valid_until = self._clock() + lifetime - min(TOKEN_REFRESH_MARGIN_S, lifetime / 2)
            return token

    def forget_token(self) -> None:
        self._token = None
        self._token_valid_until = 0.0

    async def post_activity(
        self, service_url: str, conversation_id: str, activity: dict[str, Any],
        reply_to_id: str | None = None, max_attempts: int | None = None,
    ) -> dict[str, Any]:
        """POST the activity (as a reply when reply_to_id is given); retries; raises ConnectorError."""
        url = activities_url(service_url, conversation_id, reply_to_id)
        attempts = max_attempts or self.max_attempts
        reauthenticated = False
        attempt = 0
        while True:
            attempt += 1
            token = await self.token()
            session = await self._session()
            wait: float | None = None
            try:
                async with session.post(url, json=activity, headers={"Authorization": f"Bearer {token}"}) as response:
                    status = response.status
                    if 200 <= status < 300:
                        try:
                            body = await response.json(content_type=None)
                        except ValueError:
                            body = None
                        return body if isinstance(body, dict) else {}
                    if status == 401 and not reauthenticated:
                        # The token may have been revoked or rotated early: get a new one, once.
                        self.forget_token()
                        reauthenticated = True
                        attempt -= 1
                        continue
                    if status == 429:
                        wait = retry_after_seconds(response.headers.get("Retry-After"))
                    elif status < 500:
                        raise ConnectorError(f"the Bot Connector refused the activity: {status}")
                    reason = f"status {status}"
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                reason = type(error).__name__
            if attempt >= attempts:
                raise ConnectorError(f"could not deliver the activity after {attempt} attempts ({reason})")
            if wait is None:
                wait = self.backoff_base_s * (2 ** (attempt - 1)) * (1 + random.random() / 2)
            logger.info("Bot Connector: %s; retrying in %.1f s", reason, wait)
            await self._sleep(wait)
