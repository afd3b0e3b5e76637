"""Faults in the production layout: crashed servers, a PostgreSQL restart, Redis down.

Each test leaves the layout healthy again (the supervisor restarts crashed servers; the private
PostgreSQL and Redis are started again), so the tests after it see a working coach.
"""
from __future__ import annotations

import threading
import time

import pytest

from tests.integration.servers import Widget
from tests.production.servers import events, say

pytestmark = pytest.mark.production
QUESTION = "What does system leadership actually mean?"


def texts(response) -> str:
    return "\n".join(message.get("text") or "" for message in response.json())


def answered(response) -> bool:
    """A real, sourced answer from the knowledge base (needs the action server)."""
    return response.status_code == 200 and "Source:" in texts(response)


def test_one_crashed_action_server_goes_unnoticed_and_is_started_again(layout):
    pid = layout.kill(layout.action_port)
    for i in range(4):  # nginx sends every call to the action server that is still up
        response = say(layout, f"fault-one-action-{i}", QUESTION)
        assert answered(response), response.text
    layout.wait_until_serving(layout.action_port, pid, "/health")


def test_with_no_action_server_the_leader_is_asked_to_try_again_and_the_coach_recovers(layout):
    sender = "fault-no-action-server"
    assert answered(say(layout, sender, QUESTION))
    pids = {port: layout.kill(port) for port in (layout.action_port, layout.action_port + 1)}
    response = say(layout, sender, "Tell me about the six characteristics of system leaders")
    assert response.status_code == 200, response.text
    reply = texts(response)
    assert "having trouble" in reply and "try again" in reply, reply
    for port, pid in pids.items():
        layout.wait_until_serving(port, pid, "/health")
    assert answered(say(layout, sender, QUESTION))
    bot_texts = [data.get("text") or "" for kind, data in events(layout, sender) if kind == "bot"]
    assert any("having trouble" in text for text in bot_texts)  # the apology is in the history too


def test_a_rasa_replica_killed_under_load_loses_no_acknowledged_message(layout):
    leaders, turns = 12, 6
    results: dict[str, list[tuple[str, int]]] = {f"fault-load-{i:02d}": [] for i in range(leaders)}

    def converse(sender: str) -> None:
        for turn in range(turns):
            marker = f"{sender}-t{turn}"
            try:
                status = say(layout, sender, QUESTION, metadata={"marker": marker}).status_code
            except Exception:  # a dropped connection is an unacknowledged turn
                status = 0
            results[sender].append((marker, status))
            time.sleep(0.2)

    threads = [threading.Thread(target=converse, args=(sender,)) for sender in results]
    for thread in threads:
        thread.start()
    time.sleep(2)
    pid = layout.kill(layout.rasa_port)
    for thread in threads:
        thread.join(timeout=300)
    statuses = [status for turns_ in results.values() for _, status in turns_]
    assert 500 not in statuses
    assert statuses.count(200) >= len(statuses) * 0.8, statuses
    for sender, sent in results.items():
        stored = [data.get("metadata", {}).get("marker") for kind, data in events(layout, sender) if kind == "user"]
        for marker, status in sent:
            if status == 200:  # acknowledged: stored exactly once, and answered
                assert stored.count(marker) == 1, (marker, stored)
        kinds = [kind for kind, _ in events(layout, sender)]
        starts = [i for i, kind in enumerate(kinds) if kind == "user"] + [len(kinds)]
        answered_turns = ["bot" in kinds[a:b] for a, b in zip(starts, starts[1:], strict=False)]
        assert answered_turns.count(True) >= sum(1 for _, status in sent if status == 200)
    layout.wait_until_serving(layout.rasa_port, pid, "/")


def test_redis_down_gives_a_clear_503_and_no_half_stored_turn(layout, services):
    _, redis = services
    sender = "fault-redis"
    assert answered(say(layout, sender, QUESTION))
    before = events(layout, sender)
    redis.stop()
    try:
        started = time.monotonic()
        response = say(layout, sender, QUESTION, timeout_s=30)
        assert response.status_code == 503, response.text
        assert "try again" in response.json()["error"]
        assert time.monotonic() - started < 15  # a prompt answer, not a hang
        assert events(layout, sender) == before  # nothing of the refused turn was stored
        # the web widget, through nginx: told, not left in silence
        widget = Widget(layout, origin=f"http://127.0.0.1:{layout.prod_port}")
        try:
            assert "try again" in widget.say(QUESTION)
            assert not events(layout, widget.tracker_id)
        finally:
            widget.close()
    finally:
        redis.start()
    assert answered(say(layout, sender, QUESTION))
    assert len(events(layout, sender)) > len(before)


def test_a_postgresql_restart_is_survived_without_restarting_the_coach(layout, services):
    postgres, _ = services
    sender = "fault-postgres"
    replicas = [layout.server_pid(port) for port in (layout.rasa_port, layout.rasa_port + 1)]
    assert answered(say(layout, sender, QUESTION))
    postgres.stop()
    try:
        response = say(layout, sender, QUESTION, timeout_s=30)
        assert response.status_code == 503, response.text  # while it is down: a clear answer
    finally:
        postgres.start()
    for i in range(3):  # both replicas' pools had connections to the old server
        assert answered(say(layout, f"{sender}-{i}", QUESTION))
    assert answered(say(layout, sender, QUESTION))
    assert [layout.server_pid(port) for port in (layout.rasa_port, layout.rasa_port + 1)] == replicas
