"""Check-in logic over bot.journal's JournalRepository (its `journal_commitments` table).

Every function is scoped by sender_id, like the repository: a leader can only see, close or
postpone their own commitments.
"""
from __future__ import annotations

from datetime import date, datetime

from bot.checkins.dates import parse_due_date
from bot.journal.repository import Commitment, JournalRepository

__all__ = ["OUTCOMES", "commitment_from_answer", "due_checkin", "postpone", "record_outcome"]

# What a leader reports at a check-in -> the commitment's status.
OUTCOMES = {"done": "done", "partly": "partly", "not_yet": "not_yet", "skipped": "skipped"}
_ALIASES = {"partially": "partly", "partial": "partly", "not yet": "not_yet", "skip": "skipped"}


def commitment_from_answer(answer: str, today: date) -> tuple[str, date | None]:
    """The leader's words unchanged, and the due date they name (None if they name none)."""
    return answer, parse_due_date(answer, today)


def due_checkin(repository: JournalRepository, sender_id: str, today: date) -> Commitment | None:
    """The leader's earliest open commitment due on or before `today` (ties: oldest id)."""
    due = repository.due_commitments(sender_id, today)
    return due[0] if due else None


def _outcome(outcome: str) -> str:
    key = " ".join(str(outcome).strip().lower().replace("-", " ").split())
    key = _ALIASES.get(key, key.replace(" ", "_"))
    if key not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}, not {outcome!r}")
    return OUTCOMES[key]


def record_outcome(
    repository: JournalRepository, sender_id: str, commitment_id: int, outcome: str
) -> bool:
    """Close a check-in with done|partly|not_yet|skipped; False if the commitment is not theirs."""
    return repository.set_commitment_status(sender_id, commitment_id, _outcome(outcome))


def postpone(
    repository: JournalRepository, sender_id: str, commitment_id: int, new_date: date
) -> bool:
    """Move a commitment's due date and (re)open it; False if the commitment is not theirs."""
    if not isinstance(new_date, date) or isinstance(new_date, datetime):
        raise ValueError(f"new_date must be a date, not {type(new_date).__name__}")
    return repository.set_commitment_due_date(sender_id, commitment_id, new_date)
