"""The widget's web app: assets built at start-up, the demo page's CSP, headers on every answer."""
from __future__ import annotations

import asyncio
import json
import re

import pytest

from bot.config import Settings
from bot.web.app import (
    CLIENT_PLACEHOLDER,
    CONFIG_PLACEHOLDER,
    SOCKET_IO_CLIENT,
    WidgetBuildError,
    build_widget_js,
    create_app,
    socket_io_client_source,
)
from tests.unit.web.conftest import run


def test_the_web_app_serves_the_widget_and_the_dashboard(database_url):
    app = create_app(Settings.from_environ({"DATABASE_URL": database_url}))

    async def scenario_(client):
        assert (await client.get("/health")).status == 200
        demo = await client.get("/")
        assert demo.status == 200 and "form-action 'none'" in demo.headers["Content-Security-Policy"]
        assert (await client.get("/widget.js")).status == 200
        login = await client.get("/analytics/login")
        assert login.status == 200 and "form-action 'self'" in login.headers["Content-Security-Policy"]
        assert login.headers["Referrer-Policy"] == "no-referrer"

    run(app, scenario_)


VERSION_BANNER = re.compile(r"python|aiohttp|\d+\.\d+", re.IGNORECASE)


def test_no_answer_of_the_web_app_names_its_software_or_versions(database_url):
    """Not the pages, not a 404, not the 400 aiohttp sends before any middleware for a request it
    cannot parse."""
    app = create_app(Settings.from_environ({"DATABASE_URL": database_url}))

    async def scenario_(client):
        answers = [await client.get(path) for path in ("/", "/health", "/widget.js", "/analytics/login", "/nope")]
        assert [answer.status for answer in answers] == [200, 200, 200, 200, 404]
        for answer in answers:
            assert answer.headers.get("Server") == "coach"
        reader, writer = await asyncio.open_connection(client.host, client.port)
        writer.write(b"GARBAGE / NOT-HTTP\r\n\r\n")
        raw = (await reader.read(4096)).decode("latin-1")
        writer.close()
        status, headers = raw.split("\r\n\r\n")[0].split("\r\n", 1)
        assert status.split()[1] == "400"
        assert "Server: coach" in headers and not VERSION_BANNER.search(headers)

    run(app, scenario_)


def test_the_widget_carries_the_servers_defaults_and_the_client_without_its_source_map(tmp_path):
    client = tmp_path / "socket.io.min.js"
    client.write_text("var io = 1;\n//# sourceMappingURL=socket.io.min.js.map\n", encoding="utf-8")
    assert "sourceMappingURL" not in socket_io_client_source(client)
    widget = build_widget_js(Settings.from_environ({"RASA_PORT": "6123", "MAX_MESSAGE_CHARS": "700"}), client)
    assert CLIENT_PLACEHOLDER not in widget and CONFIG_PLACEHOLDER not in widget
    assert "var io = 1;" in widget and "sourceMappingURL" not in widget
    config = re.search(r'\{"rasaPort": \d+, "maxMessageChars": \d+\}', widget).group(0)
    assert json.loads(config) == {"rasaPort": 6123, "maxMessageChars": 700}


def test_without_npm_ci_the_widget_cannot_be_built_and_says_why(tmp_path):
    with pytest.raises(WidgetBuildError, match="run `npm ci`"):
        build_widget_js(Settings.from_environ({}), tmp_path / "missing.js")


@pytest.fixture
def app(tmp_path):
    if not SOCKET_IO_CLIENT.is_file():
        pytest.fail(f"{SOCKET_IO_CLIENT} is missing: run `npm ci`")
    return create_app(Settings.from_environ({"DATABASE_URL": f"sqlite:///{tmp_path / 'coach.db'}",
                                             "RASA_PORT": "5005", "HOST": "127.0.0.1"}))


@pytest.mark.parametrize("host, origin", [
    ("coach.example.org:8000", "coach.example.org"),
    ("[::1]:8000", "[::1]"),
    ("localhost", "localhost"),
    ("evil.example'; script-src *", "127.0.0.1"),  # not a host name: the server's own HOST instead
])
def test_the_demo_page_lets_the_widget_connect_to_the_pages_host_on_rasas_port(app, host, origin):
    async def scenario_(client):
        page = await client.get("/", headers={"Host": host})
        assert page.status == 200
        policy = page.headers["Content-Security-Policy"]
        connect = next(part for part in policy.split("; ") if part.startswith("connect-src"))
        assert connect == f"connect-src 'self' http://{origin}:5005 ws://{origin}:5005"
        assert page.headers["X-Frame-Options"] == "DENY"

    run(app, scenario_)


def test_any_site_may_load_the_widget_and_every_answer_has_the_common_headers(app):
    async def scenario_(client):
        widget = await client.get("/widget.js")
        assert widget.headers["Access-Control-Allow-Origin"] == "*"
        assert widget.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
        assert widget.content_type == "application/javascript"
        assert (await client.get("/widget.css")).content_type == "text/css"
        health = await client.get("/health")
        assert await health.json() == {"status": "ok"}
        missing = await client.get("/no-such-page")
        assert missing.status == 404
        for answer in (widget, health, missing):
            assert answer.headers["X-Content-Type-Options"] == "nosniff"
            assert answer.headers["Referrer-Policy"] == "no-referrer"

    run(app, scenario_)
