"""The widget's web app and the socket channel's settings, without servers or a browser (fast).

The real-browser tests are tests/browser/widget.test.mjs (`npm run test:browser`).
"""
from __future__ import annotations

import asyncio

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import Settings
from bot.rasa.channels.socketio import default_origins, parse_origins
from bot.web.app import SOCKET_IO_CLIENT, content_security_policy, create_app

needs_npm = pytest.mark.skipif(not SOCKET_IO_CLIENT.is_file(), reason="run `npm ci` first")


def fetch(settings: Settings, path: str, headers: dict | None = None):
    async def go():
        async with TestClient(TestServer(create_app(settings))) as client:
            response = await client.get(path, headers=headers or {})
            return response.status, dict(response.headers), await response.text()

    return asyncio.run(go())


@needs_npm
def test_widget_js_bundles_the_client_and_the_servers_defaults():
    status, headers, body = fetch(Settings(rasa_port=5123, max_message_chars=1500), "/widget.js")
    assert status == 200
    assert headers["Content-Type"].startswith("application/javascript")
    assert "Socket.IO v4." in body and "@@SOCKET_IO_CLIENT@@" not in body and "sourceMappingURL" not in body
    assert 'var SERVER = {"rasaPort": 5123, "maxMessageChars": 1500};' in body


@needs_npm
@pytest.mark.parametrize(
    "host, expected",
    [
        ("localhost:8000", "connect-src 'self' http://localhost:5005 ws://localhost:5005"),
        ("127.0.0.1:8000", "connect-src 'self' http://127.0.0.1:5005 ws://127.0.0.1:5005"),
        ('bad"host', "connect-src 'self' http://127.0.0.1:5005 ws://127.0.0.1:5005"),
    ],
)
def test_demo_page_allows_only_itself_and_the_coach(host, expected):
    status, headers, body = fetch(Settings(), "/", {"Host": host})
    assert status == 200
    csp = headers["Content-Security-Policy"]
    assert expected in csp
    assert "default-src 'none'" in csp and "unsafe" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert '<script src="/widget.js"' in body and "http://" not in body and "https://" not in body


@needs_npm
def test_health():
    assert fetch(Settings(), "/health")[::2] == (200, '{"status": "ok"}')


def test_content_security_policy_has_no_wildcards():
    assert "*" not in content_security_policy(["http://h:1", "ws://h:1"])


@pytest.mark.parametrize(
    "configured, environ, expected",
    [
        (None, {}, ["http://localhost:8000", "http://127.0.0.1:8000"]),
        (None, {"WEB_PORT": "9000"}, default_origins(9000)),
        (None, {"WIDGET_ORIGINS": "https://a.example, https://b.example/"}, ["https://a.example", "https://b.example"]),
        ("https://c.example", {"WIDGET_ORIGINS": "https://a.example"}, ["https://c.example"]),
        (["https://d.example"], {}, ["https://d.example"]),
        ("", {"WIDGET_ORIGINS": ""}, ["http://localhost:8000", "http://127.0.0.1:8000"]),
    ],
)
def test_allowed_origins(configured, environ, expected):
    assert parse_origins(configured, environ) == expected
