"""The production layout end to end: nginx -> two Rasa replicas -> two action servers, PostgreSQL, Redis.

One layout serves the whole session (conftest.py; the model must be trained; then about a minute).
"""
from __future__ import annotations

import json
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.production.servers import events, say

pytestmark = pytest.mark.production
CONVERSATION = [
    "Hello!",
    "What does system leadership actually mean?",
    '/start_reflection{"exercise": "failing-well"}',
    "We tried a joint discharge hub and it stalled",
    "I expected one shared waiting list",
    "stop",
]


def test_a_conversation_through_nginx_is_stored_in_order_in_postgresql(layout):
    sender = "prod-leader-1"
    for turn, text in enumerate(CONVERSATION):
        response = say(layout, sender, text, metadata={"turn": turn})
        assert response.status_code == 200, response.text
        assert response.json(), f"no reply to {text!r}"
    stored = events(layout, sender)
    users = [data for type_name, data in stored if type_name == "user"]
    assert [u["text"] for u in users] == CONVERSATION
    assert [u["metadata"]["turn"] for u in users] == list(range(len(CONVERSATION)))
    timestamps = [data["timestamp"] for _, data in stored]
    assert timestamps == sorted(timestamps)
    # every user message was answered before the next one
    kinds = [type_name for type_name, _ in stored]
    starts = [i for i, kind in enumerate(kinds) if kind == "user"] + [len(kinds)]
    assert all("bot" in kinds[a:b] for a, b in zip(starts, starts[1:], strict=False))


def test_both_rasa_replicas_and_both_action_servers_served_requests(layout):
    for i in range(8):
        assert say(layout, f"prod-spread-{i}", "Hello!").status_code == 200
    access = (layout.var_dir / "nginx-access.log").read_text()
    rasa = set(re.findall(r"POST /webhooks/rest/webhook .* upstream=127\.0\.0\.1:(\d+)", access))
    assert rasa == {str(layout.rasa_port), str(layout.rasa_port + 1)}
    actions = set(re.findall(r"upstream=127\.0\.0\.1:(\d+)", (layout.var_dir / "nginx-actions.log").read_text()))
    assert actions == {str(layout.action_port), str(layout.action_port + 1)}
    for replica in (1, 2):
        assert (layout.var_dir / f"rasa-{replica}.log").stat().st_size > 0


def test_concurrent_turns_of_one_conversation_on_two_replicas_do_not_interleave(layout):
    """The Redis lock store: each turn's events are saved whole, before or after the other's."""
    sender = "prod-concurrent"
    texts = [f"What does system leadership actually mean? ({i})" for i in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(lambda text: say(layout, sender, text), texts))
    assert all(r.status_code == 200 and r.json() for r in responses)
    stored = events(layout, sender)
    users = [data["text"] for type_name, data in stored if type_name == "user"]
    assert sorted(users) == sorted(texts)  # each stored exactly once
    kinds = [type_name for type_name, _ in stored]
    starts = [i for i, kind in enumerate(kinds) if kind == "user"] + [len(kinds)]
    assert all("bot" in kinds[a:b] for a, b in zip(starts, starts[1:], strict=False))


def test_a_300_character_sender_gets_a_4xx_or_a_polite_reply_not_a_500(layout):
    response = say(layout, "x" * 300, "Hello!")
    assert response.status_code < 500, response.text
    if response.status_code == 200:
        assert response.json()
    else:
        assert 400 <= response.status_code < 500
        assert "sender" in response.json()["error"]


def test_a_body_over_one_megabyte_is_refused_by_nginx(layout):
    response = say(layout, "prod-big", "word " * 300_000)
    assert response.status_code == 413


def test_the_web_app_is_served_and_its_widget_talks_to_nginx(layout):
    page = requests.get(f"{layout.url}/", timeout=10)
    assert page.status_code == 200
    assert f":{layout.prod_port}" in page.headers["Content-Security-Policy"]
    assert requests.get(f"{layout.url}/health", timeout=10).status_code == 200


def test_socket_io_polling_sessions_stick_to_one_replica(layout):
    origin = {"Origin": f"http://127.0.0.1:{layout.prod_port}"}
    handshake = requests.get(f"{layout.url}/socket.io/", params={"EIO": "4", "transport": "polling"},
                             headers=origin, timeout=10)
    assert handshake.status_code == 200, handshake.text
    sid = json.loads(handshake.text[handshake.text.index("{"):])["sid"]
    for _ in range(4):  # with no stickiness, half of these would reach the other replica: 400
        sent = requests.post(f"{layout.url}/socket.io/", params={"EIO": "4", "transport": "polling", "sid": sid},
                             data="40", headers=origin, timeout=10)
        assert sent.status_code == 200, sent.text
        time.sleep(0.1)


def test_the_public_port_refuses_rest_without_the_token(layout):
    body = {"sender": "prod-intruder", "message": "export my reflections"}
    missing = requests.post(f"{layout.url}/webhooks/rest/webhook", json=body, timeout=30)
    wrong = requests.post(f"{layout.url}/webhooks/rest/webhook", json=body, timeout=30,
                          headers={"Authorization": "Bearer guessed", "X-Coach-Public-Port": ""})
    assert (missing.status_code, wrong.status_code) == (401, 401)
    assert events(layout, "prod-intruder") == []


def test_nginx_limits_sign_in_attempts_per_client_with_retry_after(layout):
    """The production layout's first line against password spraying (deploy/nginx.conf.template):
    a burst of 5 sign-in POSTs, then 10 a minute; the form itself always loads."""
    statuses, refused = [], None
    for _ in range(9):
        response = requests.post(f"{layout.url}/analytics/login", data={"name": "x", "password": "y"}, timeout=10)
        statuses.append(response.status_code)
        if response.status_code == 429:
            refused = response
    assert statuses[:6] == [403] * 6  # reached the web app (no CSRF token: refused there)
    assert statuses[6:] == [429] * 3 and refused.headers["Retry-After"] == "60"
    assert requests.get(f"{layout.url}/analytics/login", timeout=10).status_code == 200


def test_no_answer_through_nginx_names_a_version(layout):
    for path in ("/", "/analytics/login", "/no-such-page", "/nginx-health"):
        response = requests.get(f"{layout.url}{path}", timeout=10)
        assert response.headers.get("Server") in ("nginx", None), (path, response.headers)
    assert requests.get(f"{layout.url}/webhooks/rest/", timeout=10).headers.get("Server") in ("nginx", None)
