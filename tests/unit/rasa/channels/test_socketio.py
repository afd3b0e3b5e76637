"""The widget's allowed origins: credentials, else WIDGET_ORIGINS, else the web app's own."""
from __future__ import annotations

import pytest

from bot.rasa.channels.socketio import default_origins, parse_origins


@pytest.mark.parametrize("configured, environ, origins", [
    (["https://intranet.example.org/", " http://a.example "], {"WIDGET_ORIGINS": "http://ignored"},
     ["https://intranet.example.org", "http://a.example"]),
    ("https://a.example, https://b.example/", {}, ["https://a.example", "https://b.example"]),
    (None, {"WIDGET_ORIGINS": "https://c.example/, ,https://d.example"}, ["https://c.example", "https://d.example"]),
    ([], {"WEB_PORT": "8123"}, ["http://localhost:8123", "http://127.0.0.1:8123"]),
    ("", {}, ["http://localhost:8000", "http://127.0.0.1:8000"]),
])
def test_origins(configured, environ, origins):
    assert parse_origins(configured, environ) == origins


def test_the_default_is_the_web_apps_own_origins():
    assert default_origins(9000) == ["http://localhost:9000", "http://127.0.0.1:9000"]
