"""Feedback through the real coach over REST: every answer offers it, rating an answer in the
middle of a reflection leaves the reflection waiting for its answer, a payload for an answer the
conversation was not given is refused, the report counts it, and "forget me" removes it."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
import requests

from bot.config import ROOT
from bot.identity import rest_sender
from tests.integration.test_running_coach import SECOND_FAILING_WELL_QUESTION, texts

pytestmark = pytest.mark.integration
QUESTION = "What does system leadership actually mean?"


def post(coach, sender: str, message: str) -> requests.Response:
    return requests.post(f"{coach.url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60)


def stored(coach, sender: str) -> list[dict]:
    with sqlite3.connect(coach.database_url.removeprefix("sqlite:///")) as connection:
        rows = connection.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = 'agent' ORDER BY id",
                                  (rest_sender(sender),)).fetchall()
    return [json.loads(data)["data"]["feedback"] for (data,) in rows]


def test_rating_an_answer_mid_reflection_leaves_the_reflection_waiting(coach):
    sender = "leader-feedback"
    answer = coach.say(sender, QUESTION)
    offered = next(message["feedback"] for message in answer if "feedback" in message)
    assert "Source:" in next(message["text"] for message in answer if "feedback" in message)
    not_helpful = next(r["payload"] for r in offered["reasons"] if r["title"] == "Out of date")

    coach.say(sender, '/start_reflection{"exercise": "failing-well"}')
    reply = post(coach, sender, not_helpful)
    assert reply.status_code == 200 and reply.json()[0]["custom"] == {"feedback": "recorded"}
    # The reflection's first question is still the one waiting: this is its answer.
    assert SECOND_FAILING_WELL_QUESTION in texts(coach.say(sender, "We tried a joint discharge hub and it stalled"))
    assert stored(coach, sender) == [{"entry_id": offered["entry_id"], "kind": "answer", "rating": "not_helpful",
                                      "reason": "out_of_date", "comment": None, "channel": "rest"}]

    # Another conversation cannot rate it (it was never given that answer).
    forged = post(coach, "leader-forger", not_helpful)
    assert forged.status_code == 400 and stored(coach, "leader-forger") == []

    report = subprocess.run([sys.executable, "-m", "bot", "analytics", "--database-url", coach.database_url, "report"],
                            capture_output=True, text=True, cwd=ROOT, timeout=120, check=True)
    figures = json.loads(report.stdout)["feedback"]
    assert figures["not_helpful"] >= 1 and figures["by_entry"][offered["entry_id"]]["reasons"]["out_of_date"] >= 1

    coach.say(sender, "stop")
    assert "Are you sure" in texts(coach.say(sender, "forget me"))
    assert "deleted" in texts(coach.say(sender, "yes"))
    assert stored(coach, sender) == []
