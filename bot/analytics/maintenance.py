"""Retention: delete conversations (Rasa events), their journal rows and their tags once the
leader has been inactive for longer than the retention period.

A conversation is purged whole, when its LAST event is older than the cut-off: deleting only
old events of a leader who is still talking would corrupt the tracker Rasa rebuilds from them.
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, func, inspect, select
from sqlalchemy.engine import Engine

from bot.analytics.accounts import tags_table
from bot.analytics.privacy import analytics_secret, pseudonym
from bot.analytics.sql import EVENTS
from bot.journal.models import CommitmentRow, ReflectionRow

RETENTION_ENV = "RETENTION_DAYS"
CHUNK = 500  # senders per DELETE ... IN (...), well under every driver's parameter limit


def retention_days(value: int | None = None, environ=None) -> int:
    """`value`, else RETENTION_DAYS; ValueError when neither is a positive whole number."""
    if value is None:
        raw = (os.environ if environ is None else environ).get(RETENTION_ENV, "")
        if not raw:
            raise ValueError(f"give --older-than-days N or set {RETENTION_ENV}")
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"{RETENTION_ENV} must be a whole number of days, not {raw!r}") from None
    if value < 1:
        raise ValueError("the retention period must be at least 1 day")
    return value


def stale_senders(engine: Engine, older_than_days: int, now: datetime | None = None) -> list[str]:
    """Senders whose latest event is older than the cut-off."""
    if not inspect(engine).has_table("events"):
        return []
    cutoff = ((now or datetime.now(timezone.utc)) - timedelta(days=older_than_days)).timestamp()
    query = (
        select(EVENTS.c.sender_id)
        .group_by(EVENTS.c.sender_id)
        .having(func.max(EVENTS.c.timestamp) < cutoff)
        .order_by(EVENTS.c.sender_id)
    )
    with engine.connect() as connection:
        return list(connection.execute(query).scalars())


def purge(engine: Engine, older_than_days: int, now: datetime | None = None, dry_run: bool = False) -> dict[str, int]:
    """Delete stale conversations with their journal rows and tags; returns counts per table."""
    senders = stale_senders(engine, older_than_days, now)
    counts = {"conversations": len(senders), "events": 0, "reflections": 0, "commitments": 0, "tags": 0}
    if dry_run or not senders:
        return counts
    tables = set(inspect(engine).get_table_names())
    secret = analytics_secret()
    for start in range(0, len(senders), CHUNK):
        chunk = senders[start:start + CHUNK]
        with engine.begin() as connection:  # each chunk is all-or-nothing
            if CommitmentRow.__tablename__ in tables:
                counts["commitments"] += connection.execute(
                    delete(CommitmentRow.__table__).where(CommitmentRow.__table__.c.sender_id.in_(chunk))).rowcount
            if ReflectionRow.__tablename__ in tables:
                counts["reflections"] += connection.execute(
                    delete(ReflectionRow.__table__).where(ReflectionRow.__table__.c.sender_id.in_(chunk))).rowcount
            if tags_table.name in tables:
                names = [pseudonym(sender, secret) for sender in chunk]
                counts["tags"] += connection.execute(
                    delete(tags_table).where(tags_table.c.pseudonym.in_(names))).rowcount
            counts["events"] += connection.execute(
                delete(EVENTS).where(EVENTS.c.sender_id.in_(chunk))).rowcount
    return counts
