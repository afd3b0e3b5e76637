"""Feedback in Teams with the real coach: every answer is followed by a card (Helpful; Not helpful
opens the reasons), submitting it is thanked and stored with the entry id and the channel, and a
card forged for an answer the person was not given is ignored."""
from __future__ import annotations

import json
import sqlite3
import time

import pytest

from bot.config import ROOT
from bot.knowledge.loader import load_knowledge
from tests.teams.fake_bot_framework import message, tracker_id

pytestmark = pytest.mark.integration
ADAPTIVE = "application/vnd.microsoft.card.adaptive"


def feedback_events(coach, sender: str) -> list[dict]:
    with sqlite3.connect(coach.database) as connection:
        rows = connection.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = 'agent' ORDER BY id",
                                  (sender,)).fetchall()
    return [json.loads(data)["data"]["feedback"] for (data,) in rows]


def wait_for(check, timeout_s: float = 15):
    deadline = time.monotonic() + timeout_s
    while not check() and time.monotonic() < deadline:
        time.sleep(0.1)
    return check()


def test_an_answer_gets_a_feedback_card_and_a_not_helpful_with_a_reason_is_stored(teams_coach, fake_bf):
    question = message(fake_bf, "What does system leadership actually mean?")
    conversation = question["conversation"]["id"]
    assert teams_coach.send(question).status_code == 200
    posts = fake_bf.wait_for_posts(conversation, count=2)
    assert "Source:" in posts[0].text
    card = next(a["content"] for p in posts for a in p.activity.get("attachments", []) if a["contentType"] == ADAPTIVE)
    helpful, not_helpful = card["actions"]
    assert (helpful["title"], not_helpful["title"]) == ("Helpful", "Not helpful")
    reasons = not_helpful["card"]["body"][0]
    assert [c["title"] for c in reasons["choices"]] == ["Wrong topic", "Too general", "Out of date", "Other"]

    # Teams posts a card submission as a message whose value is the action's data plus the inputs.
    send = not_helpful["card"]["actions"][0]
    submitted = message(fake_bf, None, conversation_id=conversation,
                        value={**send["data"], "reason": "too_general", "comment": "call me on 07700 900123"})
    assert teams_coach.send(submitted).status_code == 200
    sender = tracker_id(question)
    assert wait_for(lambda: feedback_events(teams_coach, sender))
    stored = feedback_events(teams_coach, sender)
    assert stored == [{"entry_id": helpful["data"]["feedback"]["entry_id"], "kind": "answer", "rating": "not_helpful",
                       "reason": "too_general", "comment": "call me on 07700 900123", "channel": "teams"}]
    thanks = fake_bf.wait_for_posts(conversation, count=len(posts) + 1)[-1]
    assert thanks.text.startswith("Thanks")
    assert teams_coach.events(sender).count("user") == 1  # the card never reached the model

    answered = helpful["data"]["feedback"]["entry_id"]
    other = next(entry for entry in load_knowledge(str(ROOT / "knowledge")).entries if entry != answered)
    forged = message(fake_bf, None, conversation_id=conversation,
                     value={"feedback": {"entry_id": other, "kind": "answer", "rating": "not_helpful"},
                            "reason": "out_of_date"})
    assert teams_coach.send(forged).status_code == 200
    time.sleep(2)
    assert len(feedback_events(teams_coach, sender)) == 1
