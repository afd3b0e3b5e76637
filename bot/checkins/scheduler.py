"""Persistent claims of due proactive check-ins, so two replicas never send the same one twice.

`checkin_claims` holds one row per commitment that has ever been due (commitment_id is its
primary key). A claim is taken by setting `claimed_at`, only where it is still NULL:

- PostgreSQL: candidate claim rows are locked with `SELECT ... FOR UPDATE OF checkin_claims
  SKIP LOCKED`, so concurrent replicas take disjoint batches without waiting, and the guarded
  UPDATE re-checks `claimed_at IS NULL` on the locked row.
- SQLite (one writer at a time): the transaction starts with a write, so a second process waits
  for the first to commit (busy timeout) and then sees its claims; the guarded
  `UPDATE ... WHERE claimed_at IS NULL` (rowcount 1) decides who owns each row.

After sending, call `mark_sent`; on failure `release` clears the claim (recording the error) so
a later run retries it, up to `max_attempts`. Claims never expire on their own: a replica that
dies between claim and send leaves the claim for an operator (`release`) rather than risking a
duplicate message.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import Column, Integer, MetaData, Table, Text, and_, exists, insert, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.journal.models import NAMING_CONVENTION, CommitmentRow, UTCDateTime

__all__ = ["CLAIMS", "Claim", "claim_due", "mark_sent", "metadata", "release"]

# A metadata of its own: importing this module never changes bot.journal's metadata. The foreign
# key to journal_commitments (ON DELETE CASCADE) lives in the migration, not here.
metadata = MetaData(naming_convention=NAMING_CONVENTION)
CLAIMS = Table(
    "checkin_claims",
    metadata,
    Column("commitment_id", Integer, primary_key=True, autoincrement=False),
    Column("claimed_at", UTCDateTime, nullable=True),
    Column("attempts", Integer, nullable=False, default=0, server_default="0"),
    Column("sent_at", UTCDateTime, nullable=True),
    Column("last_error", Text, nullable=True),
)
COMMITMENTS = CommitmentRow.__table__
ERROR_MAX = 2_000


@dataclass(frozen=True)
class Claim:
    """A due check-in this caller now owns and should send."""

    commitment_id: int
    sender_id: str
    text: str
    due_date: date
    claimed_at: datetime
    attempts: int


def _aware(now: datetime) -> datetime:
    if not isinstance(now, datetime):
        raise ValueError(f"now must be a datetime, not {type(now).__name__}")
    return now.replace(tzinfo=timezone.utc) if now.tzinfo is None else now


def _due(today: date):
    return and_(
        COMMITMENTS.c.status == "open",
        COMMITMENTS.c.due_date.is_not(None),
        COMMITMENTS.c.due_date <= today,
    )


def _insert_missing(connection, today: date) -> None:
    """Give every due commitment a claim row (unclaimed), so the claim itself is a row update."""
    missing = (
        select(COMMITMENTS.c.id, 0)
        .where(_due(today), ~exists().where(CLAIMS.c.commitment_id == COMMITMENTS.c.id))
        .order_by(COMMITMENTS.c.id)
    )
    dialect = connection.dialect.name
    if dialect == "postgresql":
        statement = postgresql.insert(CLAIMS).from_select(["commitment_id", "attempts"], missing)
        statement = statement.on_conflict_do_nothing(index_elements=["commitment_id"])
    else:
        statement = insert(CLAIMS).from_select(["commitment_id", "attempts"], missing)
        if dialect == "sqlite":
            statement = statement.prefix_with("OR IGNORE")
    connection.execute(statement)


def claim_due(engine: Engine, now: datetime, limit: int = 100, *, max_attempts: int = 5) -> list[Claim]:
    """Claim up to `limit` open commitments due on or before now's date, earliest due first.

    Each returned Claim is owned by this caller alone, across processes and replicas sharing
    the database. Commitments already claimed (or sent) are skipped.
    """
    now = _aware(now)
    if limit <= 0:
        return []
    today = now.astimezone(timezone.utc).date()
    postgres = engine.dialect.name == "postgresql"
    if postgres:
        # Its own short transaction: the new rows are visible before anyone locks them.
        try:
            with engine.begin() as connection:
                _insert_missing(connection, today)
        except IntegrityError:  # pragma: no cover - only without ON CONFLICT support
            pass
    candidates = (
        select(
            CLAIMS.c.commitment_id,
            COMMITMENTS.c.sender_id,
            COMMITMENTS.c.text,
            COMMITMENTS.c.due_date,
            CLAIMS.c.attempts,
        )
        .select_from(CLAIMS.join(COMMITMENTS, COMMITMENTS.c.id == CLAIMS.c.commitment_id))
        .where(_due(today), CLAIMS.c.claimed_at.is_(None), CLAIMS.c.sent_at.is_(None))
        .where(CLAIMS.c.attempts < max_attempts)
        .order_by(COMMITMENTS.c.due_date, COMMITMENTS.c.id)
        .limit(limit)
    )
    if postgres:
        candidates = candidates.with_for_update(skip_locked=True, of=CLAIMS)
    claims: list[Claim] = []
    with engine.begin() as connection:
        if not postgres:
            _insert_missing(connection, today)  # a write first: SQLite takes its write lock now
        for commitment_id, sender_id, text, due_date, attempts in connection.execute(candidates).all():
            taken = connection.execute(
                update(CLAIMS)
                .where(CLAIMS.c.commitment_id == commitment_id, CLAIMS.c.claimed_at.is_(None))
                .values(claimed_at=now, attempts=CLAIMS.c.attempts + 1)
            )
            if taken.rowcount == 1:
                claims.append(Claim(commitment_id, sender_id, text, due_date, now, attempts + 1))
    return claims


def mark_sent(engine: Engine, commitment_id: int, now: datetime) -> bool:
    """Record that the claimed check-in was sent; False if it was not claimed."""
    with engine.begin() as connection:
        result = connection.execute(
            update(CLAIMS)
            .where(CLAIMS.c.commitment_id == commitment_id, CLAIMS.c.claimed_at.is_not(None))
            .values(sent_at=_aware(now), last_error=None)
        )
        return result.rowcount == 1


def release(engine: Engine, commitment_id: int, error: str | None = None) -> bool:
    """Give a claimed, unsent check-in back (after a failed send) so a later run retries it."""
    with engine.begin() as connection:
        result = connection.execute(
            update(CLAIMS)
            .where(CLAIMS.c.commitment_id == commitment_id, CLAIMS.c.sent_at.is_(None))
            .values(claimed_at=None, last_error=None if error is None else str(error)[:ERROR_MAX])
        )
        return result.rowcount == 1
