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


@pytest.fixture(scope="session")
def domain() -> dict:
    """The real domain, as the action server receives it."""
    import yaml

    from bot.config import ROOT

    return yaml.safe_load((ROOT / "domain.yml").read_text())


@pytest.fixture(scope="session")
def tiny_knowledge(tmp_path_factory):
    """A small knowledge base (tests/unit/knowledge fixtures) with its index, as get_knowledge returns."""
    from bot.knowledge import Knowledge
    from bot.knowledge.loader import load_knowledge
    from bot.knowledge.search import KnowledgeIndex
    from bot.nlp import build_pipeline, load_pipeline
    from tests.unit.knowledge.conftest import good_content, write_content

    folder = write_content(tmp_path_factory.mktemp("knowledge"), good_content())
    pipeline_dir = tmp_path_factory.mktemp("spacy")
    build_pipeline(folder / "glossary.yml", pipeline_dir)
    kb = load_knowledge(folder)
    return Knowledge(kb=kb, index=KnowledgeIndex.build(kb, load_pipeline(str(pipeline_dir))))


@pytest.fixture(scope="module")
def exercises():
    """The real exercises, loaded once per module."""
    from bot import coaching
    from bot.config import ROOT

    loaded = coaching.load_exercises(str(ROOT / "knowledge" / "reflections"))
    return lambda: loaded


@pytest.fixture
def journal(tmp_path):
    """A journal on a temporary SQLite database, as the actions' factory returns it."""
    from bot.journal import get_journal

    repository = get_journal(f"sqlite:///{tmp_path / 'journal.db'}")
    return lambda: repository
