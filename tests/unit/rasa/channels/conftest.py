"""Helpers for the channel tests: one aiohttp session in a fresh loop, the fake Bot Framework, and
a Sanic app serving a channel's blueprint on loopback (as Rasa mounts it, without Rasa's server).

The fake (tests/teams/fake_bot_framework.py) runs on loopback in this process; the coach's own
servers are never started here.
"""
from __future__ import annotations

import asyncio
import contextlib
import socket
import uuid

import aiohttp
import pytest
from sanic import Blueprint, Sanic

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


@contextlib.asynccontextmanager
async def serve(*blueprints: tuple[Blueprint, str], agent: object = None):
    """A Sanic app with these (blueprint, url prefix) pairs on a free loopback port; yields its URL.

    `agent`, when given, is what Rasa puts in `app.ctx.agent` (the channels read the domain there).
    """
    Sanic.test_mode = True  # as sanic-testing does: several apps in one process, each touched up afresh
    app = Sanic(f"channel_test_{uuid.uuid4().hex[:8]}")
    if agent is not None:
        app.ctx.agent = agent
    for blueprint, prefix in blueprints:
        app.blueprint(blueprint, url_prefix=prefix)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False)
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        yield app, f"http://127.0.0.1:{port}"
    finally:
        await server.before_stop()
        server.close()
        await server.wait_closed()
        await server.after_stop()
