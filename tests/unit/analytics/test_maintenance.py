"""Retention: which conversations are stale, and the purge that deletes them whole with their journal."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot.analytics.maintenance import purge, retention_days, stale_senders
from bot.analytics.privacy import pseudonym
from bot.db import get_engine, migrate
from bot.db.tables import ReflectionRow
from tests.unit.analytics import scenario
from tests.unit.analytics.events import Conversation, events
from tests.unit.analytics.test_review import scripted  # noqa: F401  (fixture)


def test_purge_deletes_inactive_conversations_whole_with_journal_and_tags(scripted, accounts):  # noqa: F811
    now = datetime(2025, 3, 10, 12, tzinfo=timezone.utc) + timedelta(days=40)
    recent = Conversation("leader-recent", (now - timedelta(days=1)).date().isoformat()).user("Hello!", "greet")
    recent.save(scripted)
    accounts.add_tag(pseudonym("leader-reflect"), "follow-up", "alice")
    accounts.add_tag(pseudonym("leader-recent"), "follow-up", "alice")
    assert len(stale_senders(scripted, 30, now)) == 8
    assert purge(scripted, 30, now, dry_run=True)["events"] == 0
    counts = purge(scripted, 30, now)
    assert counts["conversations"] == 8 and counts["reflections"] == 2 and counts["tags"] == 1
    with scripted.connect() as connection:
        assert connection.execute(select(events.c.sender_id).distinct()).scalars().all() == ["leader-recent"]
        assert connection.execute(select(func.count()).select_from(ReflectionRow.__table__)).scalar_one() == 0
    assert [t.pseudonym for t in accounts.list_tags()] == [pseudonym("leader-recent")]
    assert counts["events"] == sum(len(c.rows) for c in scenario.everyone())


def test_retention_days_come_from_the_argument_or_the_environment():
    assert retention_days(7, {}) == 7
    assert retention_days(None, {"RETENTION_DAYS": "365"}) == 365
    for bad in ({}, {"RETENTION_DAYS": "a year"}, {"RETENTION_DAYS": "0"}):
        with pytest.raises(ValueError):
            retention_days(None, bad)


def test_a_leader_still_talking_keeps_their_old_events_too(engine):
    now = datetime(2025, 6, 1, 12, tzinfo=timezone.utc)
    old = Conversation("leader-ongoing", "2025-01-02").user("Hello!", "greet").listen()
    old.save(engine)
    Conversation("leader-ongoing", "2025-05-31").user("Hello again", "greet").save(engine)
    Conversation("leader-gone", "2025-01-02").user("Hello!", "greet").save(engine)
    assert stale_senders(engine, 30, now) == ["leader-gone"]
    counts = purge(engine, 30, now)
    assert counts["conversations"] == 1
    with engine.connect() as connection:
        kept = connection.execute(select(func.count()).select_from(events)
                                  .where(events.c.sender_id == "leader-ongoing")).scalar_one()
    assert kept == len(old.rows) + 4  # the old conversation and the new one, untouched


def test_a_database_without_rasas_events_has_nothing_to_purge(database_url):
    migrate(database_url)  # the journal's tables only: Rasa has not stored a conversation yet
    engine = get_engine(database_url)
    assert stale_senders(engine, 1) == []
    assert purge(engine, 1) == {"conversations": 0, "events": 0, "reflections": 0, "commitments": 0, "tags": 0,
                                "views": 0, "links": 0, "claims": 0, "preferences": 0}


def test_the_period_must_be_a_positive_whole_number_and_says_so():
    with pytest.raises(ValueError, match="--older-than-days"):
        retention_days(None, {})
    with pytest.raises(ValueError, match="whole number of days, not 'a year'"):
        retention_days(None, {"RETENTION_DAYS": "a year"})
    with pytest.raises(ValueError, match="at least 1 day"):
        retention_days(-3, {"RETENTION_DAYS": "30"})
