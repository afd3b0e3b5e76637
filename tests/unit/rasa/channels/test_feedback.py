"""Feedback through the channels on a real Sanic app and real tracker and lock stores: an answer's
REST reply carries its feedback payloads, sending one back is stored as a tracker event with the
entry id and the channel without running the model, feedback on an answer the conversation was
not given is refused, and "forget me" removes it with the rest of the conversation."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path
from types import SimpleNamespace

import aiohttp
import pytest
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from sqlalchemy.engine import make_url

from bot import feedback, identity
from bot.config import ROOT
from bot.rasa.channels.feedback import record
from bot.rasa.channels.rest import SafeRestInput
from bot.rasa.tracker_store import FORGOTTEN_SLOT, ForgettingSQLTrackerStore
from tests.unit.journal.conftest import database_url, postgres_admin  # noqa: F401  (fixtures)
from tests.unit.rasa.channels.conftest import serve

DOMAIN = Domain.load(ROOT / "domain.yml")
ANSWERED = "what-is-system-leadership"


class Coach:
    """What Rasa does with a question: answers it with a feedback offer and keeps the turn."""

    def __init__(self, store):
        self.store, self.received = store, []

    async def __call__(self, message):
        self.received.append(message.text)
        tracker = await self.store.get_or_create_tracker(message.sender_id)
        answer = BotUttered("System leadership is ...", {"custom": feedback.offer(ANSWERED)})
        for event in (UserUttered(message.text), ActionExecuted("action_answer_question"), answer,
                      ActionExecuted("action_listen")):
            tracker.update(event)
        await self.store.save(tracker)
        await message.output_channel.send_response(message.sender_id, answer.message())


def talk(store, *bodies):
    agent = SimpleNamespace(domain=DOMAIN, tracker_store=store, lock_store=InMemoryLockStore())
    coach = Coach(store)

    async def main():
        async with serve((SafeRestInput().blueprint(coach), "/webhooks/rest"), agent=agent) as (_, url):
            async with aiohttp.ClientSession() as session:
                answers = []
                for body in bodies:
                    reply = await session.post(f"{url}/webhooks/rest/webhook", json=body)
                    answers.append((reply.status, await reply.json(content_type=None)))
                return answers
    return asyncio.run(main()), coach


def stored_feedback(store, sender):
    tracker = asyncio.run(store.retrieve(sender))
    return [e.data["feedback"] for e in tracker.events if e.type_name == "agent"]


def test_the_answer_carries_its_payloads_and_feedback_is_stored_without_the_model():
    store = InMemoryTrackerStore(DOMAIN)
    (answer,), coach = talk(store, {"sender": "l1", "message": "what is system leadership"})
    status, messages = answer
    assert status == 200 and len(messages) == 1  # the offer rides in the answer's own message
    offer = messages[0]["feedback"]
    assert offer["question"] == "Was this helpful?" and offer["entry_id"] == ANSWERED
    too_general = next(r["payload"] for r in offer["reasons"] if r["title"] == "Too general")

    replies, coach = talk(store, {"sender": "l1", "message": too_general},
                          {"sender": "l1", "message": offer["ratings"][0]["payload"]})
    assert [status for status, _ in replies] == [200, 200]
    assert replies[0][1] == [{"recipient_id": "rest:l1", "custom": {"feedback": "recorded"}}]
    assert coach.received == []  # never reached the model: whatever step was waiting still waits
    assert stored_feedback(store, identity.rest_sender("l1")) == [
        {"entry_id": ANSWERED, "kind": "answer", "rating": "not_helpful", "reason": "too_general", "comment": None,
         "channel": "rest"},
        {"entry_id": ANSWERED, "kind": "answer", "rating": "helpful", "reason": None, "comment": None, "channel": "rest"},
    ]


@pytest.mark.parametrize("entry_id", ["peer-support", ANSWERED])
def test_a_typed_payload_cannot_rate_an_answer_the_conversation_was_not_given(entry_id):
    store = InMemoryTrackerStore(DOMAIN)
    forged = feedback.payload(entry_id, "answer", "not_helpful", "out_of_date")
    # l2 asked and got ANSWERED; l3 never asked anything
    replies, coach = talk(store, {"sender": "l2", "message": "what is system leadership"},
                          {"sender": "l3" if entry_id == ANSWERED else "l2", "message": forged})
    status, body = replies[1]
    assert status == 400 and "not about an answer this conversation was given" in body["error"]
    assert coach.received == ["what is system leadership"]
    assert stored_feedback(store, "rest:l2") == []


def test_malformed_feedback_gets_a_400_and_never_reaches_the_model():
    store = InMemoryTrackerStore(DOMAIN)
    replies, coach = talk(store, {"sender": "l4", "message": '/feedback{"entry_id": "x", "rating": "great"}'})
    assert replies[0][0] == 400 and coach.received == []


def sql_store(url_text):
    url = make_url(url_text)
    if url.get_backend_name() == "sqlite":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        return ForgettingSQLTrackerStore(DOMAIN, dialect="sqlite", db=url.database)
    return ForgettingSQLTrackerStore(DOMAIN, dialect="postgresql", host=url.host, port=url.port,
                                     db=url.database, username=url.username)


def test_feedback_is_a_stored_event_and_forget_me_removes_it(database_url):  # noqa: F811
    store = sql_store(database_url)
    try:
        sender = "web:abc"
        tracker = asyncio.run(store.get_or_create_tracker(sender))
        for event in (UserUttered("what is system leadership"), BotUttered("...", {"custom": feedback.offer(ANSWERED)}),
                      ActionExecuted("action_listen")):
            tracker.update(event)
        asyncio.run(store.save(tracker))
        agent = SimpleNamespace(tracker_store=store, lock_store=InMemoryLockStore())
        given = feedback.Feedback(ANSWERED, "answer", "not_helpful", "wrong_topic", "about PCNs")
        assert asyncio.run(record(agent, sender, given, "socketio"))
        with store.engine.connect() as connection:
            rows = [json.loads(data) for (data,) in connection.exec_driver_sql(
                "SELECT data FROM events WHERE type_name = 'agent' AND sender_id = 'web:abc'")]
        assert [row["data"]["feedback"]["channel"] for row in rows] == ["socketio"]
        assert rows[0]["data"]["feedback"]["entry_id"] == ANSWERED

        tracker = asyncio.run(store.retrieve(sender))  # the leader says "forget me" and confirms
        for event in (UserUttered("forget me"), SlotSet(FORGOTTEN_SLOT, True)):
            tracker.update(event)
        asyncio.run(store.save(tracker))
        with store.engine.connect() as connection:
            left = connection.exec_driver_sql("SELECT count(*) FROM events WHERE sender_id = 'web:abc'").scalar()
        assert left == 0
    finally:
        store.engine.dispose()
