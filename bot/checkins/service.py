"""Check-in logic over bot.journal's JournalRepository (its `journal_commitments` table).

Every function is scoped by sender_id, like the repository: a leader can only see, close or
postpone their own commitments.
"""
from __future__ import annotations

from datetime import date, datetime

from bot.checkins.day import checkin_day
from bot.journal.repository import Commitment, JournalRepository

__all__ = ["checkin_date", "checkin_to_open", "next_checkin_on", "postpone"]


def postpone(
    repository: JournalRepository, sender_id: str, commitment_id: int, new_date: date
) -> bool:
    """Move a commitment's due date and (re)open it; False if the commitment is not theirs."""
    if not isinstance(new_date, date) or isinstance(new_date, datetime):
        raise ValueError(f"new_date must be a date, not {type(new_date).__name__}")
    return repository.set_commitment_due_date(sender_id, commitment_id, new_date)


def checkin_date(commitment: Commitment) -> date | None:
    """The first day the coach asks about a saved commitment (bot.checkins.day.checkin_day)."""
    return checkin_day(commitment.due_date, commitment.created_at)


def _waiting(repository: JournalRepository, sender_id: str) -> list[Commitment]:
    """Open commitments with a date that have not been asked about yet, earliest check-in first."""
    waiting = [c for c in repository.list_commitments(sender_id)
               if c.status == "open" and c.asked_at is None and c.due_date is not None]
    return sorted(waiting, key=lambda c: (checkin_date(c), c.id))


def next_checkin_on(repository: JournalRepository, sender_id: str) -> date | None:
    """When the next check-in is due for this leader (None if none is waiting or check-ins are off).

    The actions keep this in the `checkin_on` slot, which the check-in policy reads at the start
    of every turn without touching the journal.
    """
    if not repository.get_preferences(sender_id).checkins_enabled:
        return None
    waiting = _waiting(repository, sender_id)
    return checkin_date(waiting[0]) if waiting else None


def checkin_to_open(repository: JournalRepository, sender_id: str, today: date) -> Commitment | None:
    """The commitment to ask about now: the earliest one waiting whose check-in day has come."""
    if not repository.get_preferences(sender_id).checkins_enabled:
        return None
    for commitment in _waiting(repository, sender_id):
        return commitment if checkin_date(commitment) <= today else None
    return None
