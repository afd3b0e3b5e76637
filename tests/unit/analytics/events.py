"""Write events the way Rasa's SQL tracker store does, for conversations scripted in tests.

The shapes are copied from a real coach's `events` table (see tests/integration/test_analytics_report.py,
which checks the same figures against the real assistant): user events carry `input_channel`,
`metadata` and `parse_data`; bot events carry `metadata.utter_action` for domain responses; slot
events keep the slot name in `action_name` and the value in `data.value`.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text
from sqlalchemy.engine import Engine

metadata = MetaData()
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


def create_events_table(engine: Engine) -> None:
    metadata.create_all(engine)


def ts(day: str, seconds: float = 0.0) -> float:
    """A timestamp `seconds` after midnight UTC of an ISO day."""
    return datetime.fromisoformat(day).replace(tzinfo=timezone.utc).timestamp() + seconds


class Conversation:
    """Appends one sender's events in order; `turn` advances the clock by a second."""

    def __init__(self, sender: str, day: str, channel: str = "rest", cohort: str | None = None):
        self.sender, self.channel, self.cohort = sender, channel, cohort
        self.clock = ts(day, 9 * 3600)
        self.rows: list[dict] = []
        self.action("action_session_start")
        self._add("session_started", data={"event": "session_started"})
        self.action("action_listen")

    def _add(self, type_name, intent=None, action=None, data=None):
        self.rows.append({"sender_id": self.sender, "type_name": type_name, "timestamp": self.clock,
                          "intent_name": intent, "action_name": action, "data": json.dumps(data or {})})
        self.clock += 0.01
        return self

    def user(self, text: str, intent: str, entities: list[dict] | None = None):
        self.clock += 1
        metadata = {"cohort": self.cohort} if self.cohort else {}
        return self._add("user", intent=intent, data={
            "event": "user", "text": text, "input_channel": self.channel,
            "metadata": {**metadata, "model_id": "m"},
            "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "entities": entities or [],
                           "text": text, "metadata": metadata},
        })

    def action(self, name: str):
        return self._add("action", action=name, data={"event": "action", "name": name})

    def bot(self, text: str, utter: str | None = None):
        metadata = {"utter_action": utter} if utter else {}
        return self._add("bot", data={"event": "bot", "text": text, "metadata": metadata})

    def answer(self, text: str, entry_id: str, kind: str = "answer"):
        """An answer (or recommendation) with its feedback offer, as Rasa stores a BotUttered."""
        custom = {"feedback": {"entry_id": entry_id, "kind": kind}}
        return self._add("bot", data={"event": "bot", "text": text, "metadata": {},
                                      "data": {"buttons": None, "custom": custom}})

    def feedback(self, entry_id: str, rating: str, reason: str | None = None, comment: str | None = None,
                 kind: str = "answer"):
        """Feedback as the channels store it (Rasa's `agent` event, bot.rasa.channels.feedback)."""
        given = {"entry_id": entry_id, "kind": kind, "rating": rating, "reason": reason, "comment": comment,
                 "channel": self.channel}
        self.clock += 1
        return self._add("agent", data={"event": "agent", "text": None, "data": {"feedback": given}})

    def slot(self, name: str, value):
        return self._add("slot", action=name, data={"event": "slot", "name": name, "value": value})

    def listen(self):
        return self.action("action_listen")

    def save(self, engine: Engine) -> None:
        with engine.begin() as connection:
            connection.execute(events.insert(), self.rows)
