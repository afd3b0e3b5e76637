"""Persistent claims of due proactive check-ins, so two replicas never send the same one twice.

A commitment is due for a proactive check-in when it is open, not yet asked (`asked_at` NULL)
and its check-in day (bot.checkins.day: the later of its due date and the day after it was made,
UTC) is today or earlier, and its leader has check-ins on, asked for Teams reminders and has a
stored Teams conversation reference (`checkin_preferences`): leaders who did not opt in are
never claimed. Each leader gets at most one at a time: only their first due commitment is a
candidate (by check-in day, then id: the order in which the check-in action asks), none while
one of theirs is claimed and unsent, and none on a UTC day on which one was already sent to them.

`checkin_claims` (bot.db.tables) holds one row per commitment that has ever been due
(commitment_id is its primary key). A claim is taken by setting `claimed_at`, only where it is still NULL:

- PostgreSQL: candidate claim rows are locked with `SELECT ... FOR UPDATE OF checkin_claims
  SKIP LOCKED`, so concurrent replicas take disjoint batches without waiting, and the guarded
  UPDATE re-checks `claimed_at IS NULL` on the locked row.
- SQLite (one writer at a time): the transaction starts with a write, so a second process waits
  for the first to commit (busy timeout) and then sees its claims; the guarded
  `UPDATE ... WHERE claimed_at IS NULL` (rowcount 1) decides who owns each row.

After sending, call `mark_sent`; on failure `release` clears the claim (recording the error) so
a later run retries it, up to `max_attempts`; with `unask_since` it also clears the `asked_at`
that the failed attempt recorded, so the retry asks again. Claims never expire on their own: a
replica that dies between claim and send leaves the claim for an operator (`release`) rather
than risking a duplicate message. A sent claim is armed again when its commitment was postponed
afterwards (open, not asked, due again on a later day than it was sent).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from sqlalchemy import and_, exists, insert, or_, select, true, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.checkins.day import checkin_day
from bot.db.tables import CLAIMS, CheckinPreferenceRow, CommitmentRow

__all__ = ["CLAIMS", "Claim", "claim_due", "mark_sent", "release"]

COMMITMENTS = CommitmentRow.__table__
PREFERENCES = CheckinPreferenceRow.__table__
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
    teams_reference: dict | None = None


def _aware(now: datetime) -> datetime:
    if not isinstance(now, datetime):
        raise ValueError(f"now must be a datetime, not {type(now).__name__}")
    return now.replace(tzinfo=timezone.utc) if now.tzinfo is None else now


def _start_of(today: date) -> datetime:
    return datetime.combine(today, time.min, tzinfo=timezone.utc)


def _opted_in(sender_id):
    """The leader has check-ins on, asked for Teams reminders and can be reached there."""
    return and_(
        PREFERENCES.c.sender_id == sender_id,
        PREFERENCES.c.checkins_enabled == true(),
        PREFERENCES.c.teams_reminders == true(),
        PREFERENCES.c.teams_reference.is_not(None),
    )


def _due(today: date, commitments=COMMITMENTS):
    """Open, not yet asked, and its check-in day (bot.checkins.day) is today or earlier."""
    return and_(
        commitments.c.status == "open",
        commitments.c.asked_at.is_(None),
        commitments.c.due_date <= today,  # implied by the check-in day; lets the index narrow
        checkin_day(commitments.c.due_date, commitments.c.created_at) <= today,
    )


def _insert_missing(connection, today: date) -> None:
    """Give every due commitment of an opted-in leader a claim row (unclaimed), so the claim itself
    is a row update."""
    missing = (
        select(COMMITMENTS.c.id, 0)
        .where(
            _due(today), exists().where(_opted_in(COMMITMENTS.c.sender_id)),
            ~exists().where(CLAIMS.c.commitment_id == COMMITMENTS.c.id),
        )
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


def _rearm_postponed(connection, today: date) -> None:
    """Sent claims of commitments postponed since (open, not asked, due again on a later day than
    the send) become unclaimed again, so the new date gets its check-in too."""
    sent = (
        select(CLAIMS.c.commitment_id, CLAIMS.c.sent_at, COMMITMENTS.c.due_date)
        .select_from(CLAIMS.join(COMMITMENTS, COMMITMENTS.c.id == CLAIMS.c.commitment_id))
        .where(CLAIMS.c.sent_at.is_not(None), _due(today))
    )
    for commitment_id, sent_at, due_date in connection.execute(sent).all():
        if due_date > sent_at.astimezone(timezone.utc).date():
            connection.execute(
                update(CLAIMS)
                .where(CLAIMS.c.commitment_id == commitment_id, CLAIMS.c.sent_at == sent_at)
                .values(claimed_at=None, sent_at=None, attempts=0, last_error=None)
            )


def _prepare(connection, today: date) -> None:
    _rearm_postponed(connection, today)
    _insert_missing(connection, today)


def _candidates(today: date, max_attempts: int, limit: int):
    """Unclaimed claim rows of each opted-in leader's first due commitment (by check-in day, then
    id: the one the check-in action asks about), earliest first."""
    earlier, earlier_claim = COMMITMENTS.alias("earlier"), CLAIMS.alias("earlier_claim")
    other, other_claim = COMMITMENTS.alias("other"), CLAIMS.alias("other_claim")
    finished = or_(earlier_claim.c.sent_at.is_not(None), earlier_claim.c.attempts >= max_attempts)
    day = checkin_day(COMMITMENTS.c.due_date, COMMITMENTS.c.created_at)
    earlier_day = checkin_day(earlier.c.due_date, earlier.c.created_at)
    has_earlier = exists().select_from(earlier).where(
        earlier.c.sender_id == COMMITMENTS.c.sender_id,
        _due(today, earlier),
        or_(earlier_day < day, and_(earlier_day == day, earlier.c.id < COMMITMENTS.c.id)),
        ~exists().where(earlier_claim.c.commitment_id == earlier.c.id, finished),
    )
    busy = exists().select_from(other_claim.join(other, other.c.id == other_claim.c.commitment_id)).where(
        other.c.sender_id == COMMITMENTS.c.sender_id,
        or_(
            and_(other_claim.c.claimed_at.is_not(None), other_claim.c.sent_at.is_(None)),
            other_claim.c.sent_at >= _start_of(today),
        ),
    )
    return (
        select(
            CLAIMS.c.commitment_id,
            COMMITMENTS.c.sender_id,
            COMMITMENTS.c.text,
            COMMITMENTS.c.due_date,
            CLAIMS.c.attempts,
            PREFERENCES.c.teams_reference,
        )
        .select_from(
            CLAIMS.join(COMMITMENTS, COMMITMENTS.c.id == CLAIMS.c.commitment_id)
            .join(PREFERENCES, _opted_in(COMMITMENTS.c.sender_id))
        )
        .where(
            _due(today),
            CLAIMS.c.claimed_at.is_(None),
            CLAIMS.c.sent_at.is_(None),
            CLAIMS.c.attempts < max_attempts,
            ~has_earlier,
            ~busy,
        )
        .order_by(day, COMMITMENTS.c.id)
        .limit(limit)
    )


def _reference(raw: str | None) -> dict | None:
    try:
        value = json.loads(raw) if raw else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def claim_due(engine: Engine, now: datetime, limit: int = 100, *, max_attempts: int = 5) -> list[Claim]:
    """Claim the due check-ins (see the module docstring) of up to `limit` leaders, one each,
    earliest due first.

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
                _prepare(connection, today)
        except IntegrityError:  # pragma: no cover - only without ON CONFLICT support
            pass
    candidates = _candidates(today, max_attempts, limit)
    if postgres:
        candidates = candidates.with_for_update(skip_locked=True, of=CLAIMS)
    claims: list[Claim] = []
    with engine.begin() as connection:
        if not postgres:
            _prepare(connection, today)  # a write first: SQLite takes its write lock now
        for commitment_id, sender_id, text, due_date, attempts, reference in connection.execute(candidates).all():
            taken = connection.execute(
                update(CLAIMS)
                .where(CLAIMS.c.commitment_id == commitment_id, CLAIMS.c.claimed_at.is_(None))
                .values(claimed_at=now, attempts=CLAIMS.c.attempts + 1)
            )
            if taken.rowcount == 1:
                claims.append(Claim(commitment_id, sender_id, text, due_date, now, attempts + 1,
                                    _reference(reference)))
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


def release(
    engine: Engine, commitment_id: int, error: str | None = None, *, unask_since: datetime | None = None,
) -> bool:
    """Give a claimed, unsent check-in back (after a failed send) so a later run retries it.

    With `unask_since` (the claim's time), the leader's commitments marked asked since then are
    marked not asked again: the failed attempt's question never reached them.
    """
    with engine.begin() as connection:
        result = connection.execute(
            update(CLAIMS)
            .where(CLAIMS.c.commitment_id == commitment_id, CLAIMS.c.sent_at.is_(None))
            .values(claimed_at=None, last_error=None if error is None else str(error)[:ERROR_MAX])
        )
        if result.rowcount == 1 and unask_since is not None:
            sender = select(COMMITMENTS.c.sender_id).where(COMMITMENTS.c.id == commitment_id).scalar_subquery()
            connection.execute(
                update(COMMITMENTS)
                .where(COMMITMENTS.c.sender_id == sender, COMMITMENTS.c.asked_at >= _aware(unask_since))
                .values(asked_at=None)
            )
        return result.rowcount == 1
