"""Rasa's SQL tracker store, plus "forget me" that really forgets.

A leader's
"forget me" deletes their journal in the action server, but Rasa saves the conversation's events
after every turn, so deleting the tracker rows from the action would be undone a moment later.
The store is the one place that sees the turn's end: when a turn set the `forgotten` slot, it
deletes every stored event of that sender instead of saving.

One query fewer per turn: Rasa's save first counts the session's stored events (a COUNT over
the sender's rows, with the latest session start as a subquery) to know which events are new.
A tracker this store read or saved already knows that number: it is noted on the tracker
(`STORED_EVENTS`), so saving it is one INSERT of the new events and a commit. A tracker that
did not come from this store (a new conversation, a full history over all sessions) is counted
as Rasa does. Rasa's lock store keeps one turn of a conversation at a time, so nothing else
writes that sender's events between the read and the save.
"""
from __future__ import annotations

import itertools
import logging

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.db.engine import SQLITE_FILE_POOL, use_sqlite_wal
from bot.names import FORGOTTEN_SLOT

logger = logging.getLogger(__name__)

# The number of the tracker's events (from its latest session start) stored in the database.
STORED_EVENTS = "_coach_stored_events"


class ForgettingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that deletes a sender's history when their turn asked to be forgotten.

    Its connections are checked before use (`pool_pre_ping`): after a PostgreSQL restart, the
    pool's dead connections are replaced instead of failing the leaders' next turns. While the
    database is down, errors are raised rather than hidden (`fail_loudly`, see bot/rasa/fixes.py):
    the leader hears "try again" instead of an answer out of context that is never stored.
    """

    fail_loudly = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        if self.engine.dialect.name == "sqlite":
            self.engine = sa.create_engine(url, **SQLITE_FILE_POOL)
            use_sqlite_wal(self.engine)
        else:
            self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        tracker = await super().retrieve(sender_id)
        if tracker is not None:
            setattr(tracker, STORED_EVENTS, len(tracker.events))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        if not _asked_to_be_forgotten(tracker):
            await super().save(tracker)
            setattr(tracker, STORED_EVENTS, len(tracker.events))
            return
        with self.session_scope() as session:
            deleted = session.execute(
                sa.delete(self.SQLEvent).where(self.SQLEvent.sender_id == tracker.sender_id)
            ).rowcount
            session.commit()
        setattr(tracker, STORED_EVENTS, 0)
        logger.info("Forgot a leader's conversation history (%d events deleted)", deleted)

    def _additional_events(self, session, tracker: DialogueStateTracker):
        """The tracker's events not stored yet: counted by the database only when unknown."""
        stored = getattr(tracker, STORED_EVENTS, None)
        if stored is None or stored > len(tracker.events):
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))


def _asked_to_be_forgotten(tracker: DialogueStateTracker) -> bool:
    # Only this turn's events: since the last user message.
    for event in reversed(tracker.events):
        if isinstance(event, SlotSet) and event.key == FORGOTTEN_SLOT and event.value:
            return True
        if event.type_name == "user":
            return False
    return False


def create_tables(database_url: str) -> None:
    """Create Rasa's tracker tables (events) on `database_url` if they are missing."""
    engine = sa.create_engine(database_url)
    try:
        SQLTrackerStore.Base.metadata.create_all(engine)
    finally:
        engine.dispose()
