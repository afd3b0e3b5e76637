"""JournalRepository: a leader's private reflections and commitments, always scoped by sender_id.

Every method that reads or changes a leader's rows takes their sender_id and filters on it, so
one leader can never see or alter another's journal, even with a guessed reflection id.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from bot.checkins import clock
from bot.db.tables import (
    COMMITMENT_STATUSES,
    EXERCISE_ID_MAX,
    TITLE_MAX,
    CheckinPreferenceRow,
    CommitmentRow,
    ReflectionRow,
    utcnow,
)
from bot.db.tables import checked_sender as _sender
from bot.db.tables import checked_text as _text
from bot.journal.links import journal_key

# Limits on what users type: generous for real reflection, but a paste of a whole document is
# refused with a clear ValueError before it reaches the database.
SUMMARY_MAX = 20_000
ANSWER_MAX = 20_000
QUESTION_MAX = 500
ANSWERS_COUNT_MAX = 50
COMMITMENT_TEXT_MAX = 2_000
TEAMS_REFERENCE_MAX = 8_000


@dataclass(frozen=True)
class ReflectionSummary:
    """One line of a leader's journal list."""

    id: int
    title: str
    created_at: datetime


@dataclass(frozen=True)
class Reflection:
    """A saved reflection with its answers (question -> answer, in the order asked)."""

    id: int
    sender_id: str
    exercise_id: str
    title: str
    summary: str
    answers: dict[str, str]
    created_at: datetime
    shared_with_trainer: bool
    shared_at: datetime | None


@dataclass(frozen=True)
class Commitment:
    """Something a leader committed to, with its check-in status."""

    id: int
    sender_id: str
    reflection_id: int | None
    text: str
    due_date: date | None
    status: str
    created_at: datetime
    checked_in_at: datetime | None
    exercise_id: str | None = None
    asked_at: datetime | None = None
    postponed: int = 0
    checkin_helped: str | None = None
    checkin_next: str | None = None


@dataclass(frozen=True)
class CheckinPreferences:
    """A leader's check-in choices (defaults when they never chose: on, no Teams reminders)."""

    sender_id: str
    checkins_enabled: bool = True
    teams_reminders: bool = False
    teams_reference: dict | None = None


def _answers(answers: object) -> str:
    """Validate the answers mapping and return it as JSON text."""
    if not isinstance(answers, Mapping):
        raise ValueError(f"answers must be a mapping of question to answer, not {type(answers).__name__}")
    if len(answers) > ANSWERS_COUNT_MAX:
        raise ValueError(f"answers has {len(answers)} entries; the limit is {ANSWERS_COUNT_MAX}")
    for question, answer in answers.items():
        _text("an answer's question", question, QUESTION_MAX, required=True)
        _text(f"the answer to {question[:40]!r}", answer, ANSWER_MAX)
    # ensure_ascii=False keeps the stored text readable and the same length as what was typed.
    return json.dumps(dict(answers), ensure_ascii=False)


def _row_id(value: object) -> int:
    """An id as the database can compare it; anything else matches no row.

    Ids may come from a user's message: a huge number would make PostgreSQL raise "integer
    out of range" (a 500), so out-of-range values become -1, which is never an id.
    """
    try:
        number = int(value)
    except (TypeError, ValueError):
        return -1
    return number if 0 < number < 2**31 else -1


def _as_utc(moment: datetime) -> datetime:
    """Naive datetimes are taken to be UTC, the zone everything here is stored in."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def _one_line(value: str) -> str:
    """Titles and questions become Markdown headings, which must not span lines."""
    return " ".join(value.split())


def _when(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%d %B %Y, %H:%M UTC")


def _reflection(row: ReflectionRow) -> Reflection:
    return Reflection(
        id=row.id,
        sender_id=row.sender_id,
        exercise_id=row.exercise_id,
        title=row.title,
        summary=row.summary,
        answers=json.loads(row.answers),
        created_at=row.created_at,
        shared_with_trainer=bool(row.shared_with_trainer),
        shared_at=row.shared_at,
    )


def _commitment(row: CommitmentRow) -> Commitment:
    return Commitment(
        id=row.id,
        sender_id=row.sender_id,
        reflection_id=row.reflection_id,
        text=row.text,
        due_date=row.due_date,
        status=row.status,
        created_at=row.created_at,
        checked_in_at=row.checked_in_at,
        exercise_id=row.exercise_id,
        asked_at=row.asked_at,
        postponed=row.postponed or 0,
        checkin_helped=row.checkin_helped,
        checkin_next=row.checkin_next,
    )


def _reflection_row(
    sender_id: str, exercise_id: str, title: str, summary: str, answers: Mapping[str, str]
) -> ReflectionRow:
    """A new reflection row, every value checked (ValueError if any is too long or not text)."""
    return ReflectionRow(
        sender_id=_sender(sender_id),
        exercise_id=_text("exercise_id", exercise_id, EXERCISE_ID_MAX, required=True),
        title=_text("title", title, TITLE_MAX, required=True),
        summary=_text("summary", summary, SUMMARY_MAX),
        answers=_answers(answers),
        created_at=utcnow(),
        shared_with_trainer=False,
    )


def _commitment_row(sender_id: str, text: str, due_date: date | None, exercise_id: str | None) -> CommitmentRow:
    """A new open commitment row, every value checked."""
    # datetime is a subclass of date, and would be silently truncated; refuse it instead.
    if due_date is not None and (not isinstance(due_date, date) or isinstance(due_date, datetime)):
        raise ValueError(f"due_date must be a date or None, not {type(due_date).__name__}")
    return CommitmentRow(
        sender_id=_sender(sender_id),
        text=_text("commitment text", text, COMMITMENT_TEXT_MAX, required=True),
        due_date=due_date,
        status="open",
        created_at=clock.now(),  # the check-in day counts from it, so it follows COACH_TODAY
        exercise_id=None if exercise_id is None else _text("exercise_id", exercise_id, EXERCISE_ID_MAX, required=True),
    )


class JournalRepository:
    """Reads and writes the journal tables; expects them migrated (see `get_journal`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # expire_on_commit=False: rows are copied into dataclasses after commit, not reloaded.
        self._sessions = sessionmaker(bind=engine, future=True, expire_on_commit=False)

    # Whose journal ---------------------------------------------------------------------------

    def leader_for(self, key: str) -> str:
        """The journal key of a leader key (bot.identity): the key itself, or, once the leader
        linked another channel's identity to it, the identity whose journal they share."""
        return journal_key(self.engine, key)

    # Reflections -----------------------------------------------------------------------------

    def save_reflection(
        self, sender_id: str, exercise_id: str, title: str, summary: str, answers: Mapping[str, str]
    ) -> int:
        """Save a completed reflection and return its id (ValueError if any value is too long)."""
        row = _reflection_row(sender_id, exercise_id, title, summary, answers)
        with self._sessions.begin() as session:
            session.add(row)
            session.flush()
            return row.id

    def save_reflection_with_commitment(
        self, sender_id: str, exercise_id: str, title: str, summary: str, answers: Mapping[str, str],
        commitment_text: str | None, due_date: date | None,
    ) -> tuple[int, int | None]:
        """Save a reflection and, when `commitment_text` is given, the commitment made in it, in one
        transaction: both are saved or neither. Returns (reflection id, commitment id or None)."""
        reflection = _reflection_row(sender_id, exercise_id, title, summary, answers)
        commitment = None if commitment_text is None else _commitment_row(
            sender_id, commitment_text, due_date, exercise_id)
        with self._sessions.begin() as session:
            session.add(reflection)
            session.flush()
            if commitment is None:
                return reflection.id, None
            commitment.reflection_id = reflection.id
            session.add(commitment)
            session.flush()
            return reflection.id, commitment.id

    def list_reflections(self, sender_id: str) -> list[ReflectionSummary]:
        """The leader's reflections, newest first."""
        query = (
            select(ReflectionRow.id, ReflectionRow.title, ReflectionRow.created_at)
            .where(ReflectionRow.sender_id == _sender(sender_id))
            .order_by(ReflectionRow.created_at.desc(), ReflectionRow.id.desc())
        )
        with self._sessions() as session:
            return [ReflectionSummary(*line) for line in session.execute(query)]

    def get_reflection(self, sender_id: str, reflection_id: int) -> Reflection | None:
        """One of the leader's reflections, or None if it is missing or someone else's."""
        with self._sessions() as session:
            row = session.execute(self._own(sender_id, reflection_id)).scalar_one_or_none()
            return None if row is None else _reflection(row)

    def set_shared(self, sender_id: str, reflection_id: int, shared: bool) -> bool:
        """Give or withdraw consent to share a reflection with the trainer; False if not theirs."""
        with self._sessions.begin() as session:
            row = session.execute(self._own(sender_id, reflection_id)).scalar_one_or_none()
            if row is None:
                return False
            if shared and not row.shared_with_trainer:
                row.shared_at = utcnow()  # keep the first consent time if asked twice
            elif not shared:
                row.shared_at = None
            row.shared_with_trainer = bool(shared)
            return True

    def shared_reflections(self, since: datetime | None = None) -> list[Reflection]:
        """Reflections their authors chose to share, newest first (created at or after `since`).

        This is the only method that crosses leaders, and it returns only consented rows.
        """
        query = select(ReflectionRow).where(ReflectionRow.shared_with_trainer.is_(True))
        if since is not None:
            query = query.where(ReflectionRow.created_at >= _as_utc(since))
        query = query.order_by(ReflectionRow.created_at.desc(), ReflectionRow.id.desc())
        with self._sessions() as session:
            return [_reflection(row) for row in session.execute(query).scalars()]

    @staticmethod
    def _own(sender_id: str, reflection_id: int):
        return select(ReflectionRow).where(
            ReflectionRow.sender_id == _sender(sender_id), ReflectionRow.id == _row_id(reflection_id)
        )

    # Commitments -----------------------------------------------------------------------------

    def add_commitment(
        self, sender_id: str, text: str, due_date: date | None, reflection_id: int | None = None,
        exercise_id: str | None = None,
    ) -> int:
        """Record an open commitment; `reflection_id`, if given, must be one of the leader's own."""
        row = _commitment_row(sender_id, text, due_date, exercise_id)
        with self._sessions.begin() as session:
            if reflection_id is not None:
                if session.execute(self._own(row.sender_id, reflection_id)).scalar_one_or_none() is None:
                    raise ValueError(f"reflection {reflection_id} is not in this leader's journal")
                row.reflection_id = reflection_id
            session.add(row)
            session.flush()
            return row.id

    def list_commitments(self, sender_id: str) -> list[Commitment]:
        """All the leader's commitments, newest first."""
        query = (
            select(CommitmentRow)
            .where(CommitmentRow.sender_id == _sender(sender_id))
            .order_by(CommitmentRow.created_at.desc(), CommitmentRow.id.desc())
        )
        with self._sessions() as session:
            return [_commitment(row) for row in session.execute(query).scalars()]

    def due_commitments(self, sender_id: str, today: date) -> list[Commitment]:
        """Open commitments due on or before `today`, earliest first."""
        query = (
            select(CommitmentRow)
            .where(
                CommitmentRow.sender_id == _sender(sender_id),
                CommitmentRow.status == "open",
                CommitmentRow.due_date.is_not(None),
                CommitmentRow.due_date <= today,
            )
            .order_by(CommitmentRow.due_date, CommitmentRow.id)
        )
        with self._sessions() as session:
            return [_commitment(row) for row in session.execute(query).scalars()]

    def set_commitment_status(self, sender_id: str, commitment_id: int, status: str) -> bool:
        """Record a check-in (status one of COMMITMENT_STATUSES); False if not theirs."""
        if status not in COMMITMENT_STATUSES:
            raise ValueError(f"status must be one of {', '.join(COMMITMENT_STATUSES)}, not {status!r}")
        query = (
            update(CommitmentRow)
            .where(CommitmentRow.sender_id == _sender(sender_id), CommitmentRow.id == _row_id(commitment_id))
            .values(status=status, checked_in_at=None if status == "open" else clock.now())
            .execution_options(synchronize_session=False)
        )
        with self._sessions.begin() as session:
            return session.execute(query).rowcount == 1

    def set_commitment_due_date(self, sender_id: str, commitment_id: int, due_date: date) -> bool:
        """Move a commitment's due date and reopen it (a postponed check-in); False if not theirs."""
        query = (
            update(CommitmentRow)
            .where(CommitmentRow.sender_id == _sender(sender_id), CommitmentRow.id == _row_id(commitment_id))
            .values(due_date=due_date, status="open", checked_in_at=None, asked_at=None,
                    postponed=CommitmentRow.postponed + 1)
            .execution_options(synchronize_session=False)
        )
        with self._sessions.begin() as session:
            return session.execute(query).rowcount == 1

    def get_commitment(self, sender_id: str, commitment_id: int) -> Commitment | None:
        """One of the leader's commitments, or None if it is missing or someone else's."""
        query = select(CommitmentRow).where(
            CommitmentRow.sender_id == _sender(sender_id), CommitmentRow.id == _row_id(commitment_id)
        )
        with self._sessions() as session:
            row = session.execute(query).scalar_one_or_none()
            return None if row is None else _commitment(row)

    def mark_commitment_asked(self, sender_id: str, commitment_id: int, when: datetime | None = None) -> bool:
        """Record when the check-in was first put to the leader (kept if already set)."""
        query = (
            update(CommitmentRow)
            .where(CommitmentRow.sender_id == _sender(sender_id), CommitmentRow.id == _row_id(commitment_id),
                   CommitmentRow.asked_at.is_(None))
            .values(asked_at=_as_utc(when or clock.now()))
            .execution_options(synchronize_session=False)
        )
        with self._sessions.begin() as session:
            return session.execute(query).rowcount == 1

    def record_checkin(
        self, sender_id: str, commitment_id: int, status: str,
        helped: str | None = None, next_step: str | None = None,
    ) -> bool:
        """Close a check-in with its outcome and the leader's answers; False if not theirs."""
        if status not in COMMITMENT_STATUSES or status == "open":
            raise ValueError(f"status must be one of {', '.join(COMMITMENT_STATUSES[1:])}, not {status!r}")
        values = {"status": status, "checked_in_at": clock.now()}
        if helped is not None:
            values["checkin_helped"] = _text("what helped", helped, ANSWER_MAX)
        if next_step is not None:
            values["checkin_next"] = _text("what next", next_step, ANSWER_MAX)
        query = (
            update(CommitmentRow)
            .where(CommitmentRow.sender_id == _sender(sender_id), CommitmentRow.id == _row_id(commitment_id))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        with self._sessions.begin() as session:
            return session.execute(query).rowcount == 1

    # Check-in preferences --------------------------------------------------------------------

    def get_preferences(self, sender_id: str) -> CheckinPreferences:
        """The leader's check-in choices (defaults if they never chose)."""
        sender_id = _sender(sender_id)
        with self._sessions() as session:
            row = session.get(CheckinPreferenceRow, sender_id)
            if row is None:
                return CheckinPreferences(sender_id)
            return CheckinPreferences(
                sender_id, bool(row.checkins_enabled), bool(row.teams_reminders),
                json.loads(row.teams_reference) if row.teams_reference else None,
            )

    def set_preferences(
        self, sender_id: str, *, checkins_enabled: bool | None = None, teams_reminders: bool | None = None,
        teams_reference: Mapping | None = None,
    ) -> CheckinPreferences:
        """Change some of the leader's check-in choices (None leaves a choice as it is)."""
        sender_id = _sender(sender_id)
        values: dict[str, object] = {"updated_at": utcnow()}
        if checkins_enabled is not None:
            values["checkins_enabled"] = bool(checkins_enabled)
        if teams_reminders is not None:
            values["teams_reminders"] = bool(teams_reminders)
        if teams_reference is not None:
            if not isinstance(teams_reference, Mapping):
                raise ValueError("teams_reference must be a mapping")
            values["teams_reference"] = _text(
                "teams_reference", json.dumps(dict(teams_reference), ensure_ascii=False), TEAMS_REFERENCE_MAX)
        for _ in range(2):  # insert, or update if another process inserted first
            with self._sessions.begin() as session:
                row = session.get(CheckinPreferenceRow, sender_id, with_for_update=True)
                if row is not None:
                    for key, value in values.items():
                        setattr(row, key, value)
                    break
            try:
                with self._sessions.begin() as session:
                    session.add(CheckinPreferenceRow(sender_id=sender_id, **values))
                break
            except IntegrityError:
                continue
        return self.get_preferences(sender_id)

    def teams_reminder_targets(self, sender_ids: list[str]) -> dict[str, dict]:
        """Of these leaders, those who opted in to Teams reminders with check-ins on: their references."""
        if not sender_ids:
            return {}
        query = select(CheckinPreferenceRow.sender_id, CheckinPreferenceRow.teams_reference).where(
            CheckinPreferenceRow.sender_id.in_(list(sender_ids)),
            CheckinPreferenceRow.checkins_enabled.is_(True),
            CheckinPreferenceRow.teams_reminders.is_(True),
            CheckinPreferenceRow.teams_reference.is_not(None),
        )
        with self._sessions() as session:
            return {sender: json.loads(reference) for sender, reference in session.execute(query)}

    # Export and erasure (the export: bot.journal.export) ---------------------------------------

    def forget(self, sender_id: str) -> dict[str, int]:
        """Delete everything kept about the leader, in one transaction (bot.db.forget.forget_leader):
        counts per table, e.g. {"reflections": n, "commitments": n, "events": n, ...}."""
        from bot.db.forget import forget_leader

        return forget_leader(self.engine, sender_id)
