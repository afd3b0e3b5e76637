"""Retention: delete conversations (Rasa events) and everything else kept about the leader
(journal, check-in choices and claims, trainers' tags: bot.db.forget) once the leader has been
inactive for longer than the retention period.

A conversation is purged whole, when its LAST event is older than the cut-off: deleting only
old events of a leader who is still talking would corrupt the tracker Rasa rebuilds from them.
A journal with no conversation left (the `legacy:` journals set aside by migration journal_0005,
or a leader whose history Rasa no longer holds) goes when its newest row is older than the cut-off.
The production layout runs this daily when RETENTION_DAYS is set (bot/ops/production.py).
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Engine

from bot.analytics.privacy import analytics_secret
from bot.analytics.sql import EVENTS
from bot.db.forget import delete_leaders

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


def stale_journals(engine: Engine, older_than_days: int, now: datetime | None = None) -> list[str]:
    """Journal keys with no conversation in the tracker store whose newest row is older than the cut-off."""
    from bot.db.tables import CheckinPreferenceRow, CommitmentRow, ReflectionRow

    cutoff = (now or datetime.now(timezone.utc)) - timedelta(days=older_than_days)
    tables = set(inspect(engine).get_table_names())
    newest: dict[str, datetime] = {}
    with engine.connect() as connection:
        for row_type, moment in ((ReflectionRow, ReflectionRow.created_at), (CommitmentRow, CommitmentRow.created_at),
                                 (CheckinPreferenceRow, CheckinPreferenceRow.updated_at)):
            if row_type.__tablename__ not in tables:
                continue
            for key, latest in connection.execute(select(row_type.sender_id, func.max(moment))
                                                  .group_by(row_type.sender_id)):
                latest = latest if latest.tzinfo else latest.replace(tzinfo=timezone.utc)
                newest[key] = max(newest.get(key, latest), latest)
        talking = set()
        if "events" in tables and newest:
            keys = sorted(newest)
            for start in range(0, len(keys), CHUNK):
                talking.update(connection.execute(select(EVENTS.c.sender_id).distinct()
                                                  .where(EVENTS.c.sender_id.in_(keys[start:start + CHUNK]))).scalars())
    return sorted(key for key, latest in newest.items() if latest < cutoff and key not in talking)


def _not_linked_to_the_active(engine: Engine, senders: list[str]) -> list[str]:
    """Leave out a stale identity whose linked identities (bot.journal.links) are not all stale:
    the leader still uses the journal they share elsewhere."""
    from bot.db.tables import IDENTITY_LINKS
    from bot.journal.links import linked_identities

    if not inspect(engine).has_table(IDENTITY_LINKS.name):
        return senders
    stale = set(senders)
    with engine.connect() as connection:
        linked = set(connection.execute(select(IDENTITY_LINKS.c.identity)).scalars())
        linked |= set(connection.execute(select(IDENTITY_LINKS.c.journal_key)).scalars())
        return [s for s in senders if s not in linked or set(linked_identities(connection, s)) <= stale]


def purge(engine: Engine, older_than_days: int, now: datetime | None = None, dry_run: bool = False) -> dict[str, int]:
    """Forget every stale leader (bot.db.forget.delete_leaders); returns counts per table and
    "conversations", the number of leaders (conversations, and journals without one)."""
    senders = stale_senders(engine, older_than_days, now)
    senders += [key for key in stale_journals(engine, older_than_days, now) if key not in set(senders)]
    senders = _not_linked_to_the_active(engine, senders)
    counts = {"conversations": len(senders), "events": 0, "reflections": 0, "commitments": 0, "tags": 0,
              "views": 0, "links": 0, "claims": 0, "preferences": 0}
    if dry_run or not senders:
        return counts
    secret = analytics_secret()
    for start in range(0, len(senders), CHUNK):
        with engine.begin() as connection:  # each chunk is all-or-nothing
            for table, deleted in delete_leaders(connection, senders[start:start + CHUNK], secret).items():
                counts[table] += deleted
    return counts
