"""Helpers for the channel tests: one aiohttp session in a fresh loop, and the fake Bot Framework.

The fake (tests/teams/fake_bot_framework.py) runs on loopback in this process; the coach's own
servers are never started here.
"""
from __future__ import annotations

import asyncio

import aiohttp
import pytest

from tests.teams.fake_bot_framework import FakeBotFramework

FAKE = FakeBotFramework()  # addresses only; not started


def run(coroutine_function):
    """Run `coroutine_function(session_getter)` in a fresh loop with one aiohttp session."""
    async def main():
        async with aiohttp.ClientSession() as session:
            async def getter():
                return session
            return await coroutine_function(getter)
    return asyncio.run(main())


@pytest.fixture
def fake():
    fake = FakeBotFramework().start()
    yield fake
    fake.stop()
