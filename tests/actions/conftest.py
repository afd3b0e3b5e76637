"""Factories for real rasa_sdk Trackers and dispatchers (no servers)."""
from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def user_event(text: str, intent: str, confidence: float = 0.9) -> dict:
    return {
        "event": "user",
        "text": text,
        "parse_data": {"intent": {"name": intent, "confidence": confidence}, "entities": [], "text": text},
    }


def action_event(name: str) -> dict:
    return {"event": "action", "name": name}


def make_tracker(events: list[dict], sender_id: str = "leader-1", slots: dict | None = None) -> Tracker:
    latest = next((e["parse_data"] for e in reversed(events) if e["event"] == "user"), {})
    return Tracker(
        sender_id=sender_id,
        slots=slots or {},
        latest_message={**latest, "text": latest.get("text")},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name=None,
    )


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()
