"""Rasa's SQL tracker store, plus "forget me" that really forgets.

A leader's
"forget me" deletes their journal in the action server, but Rasa saves the conversation's events
after every turn, so deleting the tracker rows from the action would be undone a moment later.
The store is the one place that sees the turn's end: when a turn set the `forgotten` slot, it
deletes every stored event of that sender instead of saving.
"""
from __future__ import annotations

import logging

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.db.engine import SQLITE_FILE_POOL, use_sqlite_wal
from bot.names import FORGOTTEN_SLOT

logger = logging.getLogger(__name__)


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

    async def save(self, tracker: DialogueStateTracker) -> None:
        if not _asked_to_be_forgotten(tracker):
            await super().save(tracker)
            return
        with self.session_scope() as session:
            deleted = session.execute(
                sa.delete(self.SQLEvent).where(self.SQLEvent.sender_id == tracker.sender_id)
            ).rowcount
            session.commit()
        logger.info("Forgot a leader's conversation history (%d events deleted)", deleted)


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
