"""The tracker store: turns are saved as Rasa saves them, and a turn that asked to be forgotten
deletes that leader's whole history instead, on SQLite and PostgreSQL (real databases)."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import make_url

from bot.rasa.tracker_store import FORGOTTEN_SLOT, ForgettingSQLTrackerStore
from tests.unit.journal.conftest import database_url, postgres_admin  # noqa: F401  (fixtures)

DOMAIN = Domain.from_yaml(f"""
version: "3.1"
slots:
  {FORGOTTEN_SLOT}:
    type: bool
    influence_conversation: false
    mappings:
      - type: custom
""")


@pytest.fixture
def store(database_url):  # noqa: F811
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        store = ForgettingSQLTrackerStore(DOMAIN, dialect="sqlite", db=url.database)
    else:
        store = ForgettingSQLTrackerStore(DOMAIN, dialect="postgresql", host=url.host, port=url.port,
                                          db=url.database, username=url.username)
    yield store
    store.engine.dispose()


def turn(text: str, *events) -> list:
    return [UserUttered(text, {"name": "greet", "confidence": 1.0}), ActionExecuted("utter_greet"),
            BotUttered("Hello"), *events, ActionExecuted("action_listen")]


def save(store, sender: str, events: list) -> None:
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, events, DOMAIN.slots)))


def stored(store, sender: str) -> list[str]:
    with store.engine.connect() as connection:
        return list(connection.execute(
            sa.select(store.SQLEvent.type_name).where(store.SQLEvent.sender_id == sender)
            .order_by(store.SQLEvent.id)).scalars())


def test_ordinary_turns_are_saved_and_read_back(store):
    save(store, "leader", turn("hi"))
    save(store, "leader", turn("hi") + turn("hello again"))
    assert stored(store, "leader") == ["user", "action", "bot", "action"] * 2
    tracker = asyncio.run(store.retrieve("leader"))
    assert [event.text for event in tracker.events if isinstance(event, UserUttered)] == ["hi", "hello again"]


def test_a_turn_that_sets_forgotten_deletes_the_leaders_history_and_nobody_elses(store):
    save(store, "leader", turn("hi"))
    save(store, "other", turn("hi"))
    save(store, "leader", turn("hi") + turn("forget me", SlotSet(FORGOTTEN_SLOT, True)))
    assert stored(store, "leader") == []
    assert asyncio.run(store.retrieve("leader")) is None
    assert stored(store, "other") == ["user", "action", "bot", "action"]


def test_only_this_turns_slot_counts(store):
    """Forgotten in an earlier turn (the history was deleted then): the leader's next turns are kept."""
    earlier = turn("forget me", SlotSet(FORGOTTEN_SLOT, True))
    save(store, "leader", earlier + turn("hello, new start"))
    assert stored(store, "leader").count("user") == 2
    save(store, "quiet", turn("keep me", SlotSet(FORGOTTEN_SLOT, False)))
    assert stored(store, "quiet") == ["user", "action", "bot", "slot", "action"]


def test_the_engine_is_rebuilt_for_the_database(store):
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    else:
        assert store.engine.pool._pre_ping  # dead connections after a restart are replaced


def _statements(store) -> list[str]:
    """The SQL statements the store sends from now on (SQLAlchemy's own hook, a real database)."""
    sent: list[str] = []
    sa.event.listen(store.engine, "before_cursor_execute",
                    lambda conn, cursor, statement, *args: sent.append(statement.split()[0].upper()))
    return sent


def test_a_turn_on_a_stored_conversation_is_one_read_and_one_write_without_a_count(store):
    save(store, "leader", turn("hi"))
    sent = _statements(store)
    tracker = asyncio.run(store.retrieve("leader"))
    for event in turn("and again"):
        tracker.update(event)
    asyncio.run(store.save(tracker))
    # One SELECT to read the conversation; saving writes the new events without counting first.
    assert sent.count("SELECT") == 1
    assert "INSERT" in sent
    assert stored(store, "leader") == ["user", "action", "bot", "action"] * 2
    # The same tracker saved again after more events stores only those, once each, uncounted.
    sent.clear()
    for event in turn("a third time"):
        tracker.update(event)
    asyncio.run(store.save(tracker))
    assert "SELECT" not in sent
    assert stored(store, "leader") == ["user", "action", "bot", "action"] * 3


def test_a_tracker_the_store_did_not_read_is_counted_as_rasa_does(store):
    save(store, "leader", turn("hi"))
    # A tracker built elsewhere with the stored turn and one more: only the new turn is stored.
    save(store, "leader", turn("hi") + turn("hello again"))
    assert stored(store, "leader") == ["user", "action", "bot", "action"] * 2


def test_after_forgetting_the_same_tracker_starts_again_from_nothing(store):
    save(store, "leader", turn("hi"))
    tracker = asyncio.run(store.retrieve("leader"))
    for event in turn("forget me", SlotSet(FORGOTTEN_SLOT, True)):
        tracker.update(event)
    asyncio.run(store.save(tracker))
    assert stored(store, "leader") == []
    assert asyncio.run(store.retrieve("leader")) is None
