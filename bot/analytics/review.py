"""Conversation review for trainers (a later dashboard): a filtered list of pseudonymous
conversations and one conversation's masked transcript.

Privacy rules: conversations are named only by pseudonym; every text is masked; what leaders
wrote in a reflection (the reflection form's turns, the summary, opened or exported journal
entries) is withheld from transcripts, because the coach promises it stays private unless they
share it; the journal text of reflections they shared with their trainer is added instead.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import and_, case, func, inspect, or_, select
from sqlalchemy.engine import Engine

from bot import names
from bot.analytics.privacy import analytics_secret, mask, pseudonym
from bot.analytics.queries import (
    E,
    Filters,
    conversations_cte,
    events_cte,
    has_events,
    in_period,
    leader_message,
    tune_for_reporting,
    turns_cte,
)
from bot.analytics.sql import json_text
from bot.db.tables import ReflectionRow

# Turns whose texts are the leader's reflection (answers, summary, journal entries), or the
# commitment from it that a check-in asks about.
PRIVATE_ACTIONS = (names.REFLECTION_FORM, names.ACTION_FINISH_REFLECTION, names.ACTION_OPEN_REFLECTION,
                   names.ACTION_EXPORT_JOURNAL, names.ACTION_CHECKIN_OPEN)
WITHHELD_LEADER = "[reflection answer withheld]"
WITHHELD_COACH = "[reflection text withheld]"
MAX_PAGE = 500


@dataclass(frozen=True)
class ConversationSummary:
    pseudonym: str
    first: datetime
    last: datetime
    channel: str | None
    cohort: str | None
    turns: int
    had_fallback: bool
    exercises: tuple[str, ...]


def _when(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc)


def _started_exercises(f: Filters, conv):
    """(sender_id, exercise) for every reflection started in the period."""
    ev = events_cte(f, conv, name="ev_started")
    slot_event = E.alias("slot_event")
    exercise = json_text(slot_event.c.data, "value", "exercise")
    return (
        select(ev.c.sender_id, exercise.label("exercise"))
        .select_from(ev.join(slot_event, slot_event.c.id == ev.c.id))
        .where(ev.c.type_name == "slot", ev.c.action_name == names.REFLECTION_STATE_SLOT,
               ev.c.last_start_id == ev.c.last_action_id)
    )


def list_conversations(
    engine: Engine,
    filters: Filters,
    *,
    intent: str | None = None,
    had_fallback: bool | None = None,
    exercise: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[ConversationSummary]:
    """Conversations in the period, latest first, with the filters applied in SQL."""
    if not has_events(engine):
        return []
    conv = conversations_cte(filters)
    turns = turns_cte(events_cte(filters, conv))
    fallbacks = (
        select(turns.c.sender_id, func.max(turns.c.fallback).label("had_fallback"))
        .group_by(turns.c.sender_id)
        .subquery("fallbacks")
    )
    had = func.coalesce(fallbacks.c.had_fallback, 0)
    query = (
        select(conv, had.label("had_fallback"))
        .select_from(conv.outerjoin(fallbacks, fallbacks.c.sender_id == conv.c.sender_id))
        .order_by(conv.c.last_ts.desc(), conv.c.sender_id)
        .limit(max(1, min(limit, MAX_PAGE)))
        .offset(max(0, offset))
    )
    if intent:
        with_intent = select(E.c.sender_id).where(E.c.type_name == "user", E.c.intent_name == intent, in_period(filters))
        query = query.where(conv.c.sender_id.in_(with_intent))
    if had_fallback is not None:
        query = query.where(had == (1 if had_fallback else 0))
    if exercise:
        started = _started_exercises(filters, conv).subquery("started")
        query = query.where(conv.c.sender_id.in_(select(started.c.sender_id).where(started.c.exercise == exercise)))
    with engine.connect() as connection:
        tune_for_reporting(connection)
        rows = list(connection.execute(query))
        exercises: dict[str, set[str]] = {}
        if rows:
            page_senders = [row.sender_id for row in rows]
            started = _started_exercises(filters, conv).subquery("started")
            for sender, name in connection.execute(
                select(started.c.sender_id, started.c.exercise).where(started.c.sender_id.in_(page_senders))
            ):
                exercises.setdefault(sender, set()).add(name or "unknown")
    secret = analytics_secret()
    return [
        ConversationSummary(
            pseudonym=pseudonym(row.sender_id, secret), first=_when(row.first_ts), last=_when(row.last_ts),
            channel=row.channel, cohort=row.cohort, turns=int(row.turns), had_fallback=bool(row.had_fallback),
            exercises=tuple(sorted(exercises.get(row.sender_id, ()))),
        )
        for row in rows
    ]


def find_sender(engine: Engine, pseudonym_: str, filters: Filters) -> str | None:
    """The sender id behind a pseudonym, among the period's conversations.

    A keyed hash cannot be reversed, so this hashes every distinct sender of the period (one
    SELECT DISTINCT plus one HMAC-SHA256 per sender, about a microsecond each: 100,000 leaders
    cost ~0.1-0.2 s). Callers should keep the period as short as the dashboard allows.
    """
    if not has_events(engine):
        return None
    secret = analytics_secret()
    query = select(E.c.sender_id).where(E.c.type_name == "user", in_period(filters)).distinct()
    with engine.connect() as connection:
        for (sender,) in connection.execute(query):
            if pseudonym(sender, secret) == pseudonym_:
                return sender
    return None


def transcript(engine: Engine, pseudonym_: str, filters: Filters) -> dict | None:
    """The conversation's masked turns in the period, plus its shared reflections; None if not found.

    {"pseudonym", "turns": [{"time", "speaker": "leader"|"coach", "text"}], "shared_reflections": [...]}
    """
    sender = find_sender(engine, pseudonym_, filters)
    if sender is None:
        return None
    turn_window = {"partition_by": E.c.sender_id, "order_by": E.c.id}
    in_turn = (
        select(
            E.c.id, E.c.type_name, E.c.timestamp, E.c.action_name,
            json_text(E.c.data, "text").label("text"),
            func.max(case((E.c.type_name == "user", E.c.id))).over(**turn_window).label("turn_id"),
            leader_message().label("from_leader"),
        )
        .where(E.c.sender_id == sender, in_period(filters), E.c.type_name.in_(("user", "bot", "action")))
        .subquery("in_turn")
    )
    private_turns = (
        select(in_turn.c.turn_id)
        .where(in_turn.c.type_name == "action", in_turn.c.action_name.in_(PRIVATE_ACTIONS))
        .distinct()
    )
    query = (
        select(in_turn.c.type_name, in_turn.c.timestamp, in_turn.c.text,
               in_turn.c.turn_id.in_(private_turns).label("private"))
        .where(or_(in_turn.c.type_name == "bot", in_turn.c.from_leader))  # not the coach's own triggers
        .order_by(in_turn.c.id)
    )
    turns = []
    with engine.connect() as connection:
        for type_name, timestamp, text, private in connection.execute(query):
            leader = type_name == "user"
            if private:
                shown = WITHHELD_LEADER if leader else WITHHELD_COACH
            else:
                shown = mask(text or "")
            if not shown:
                continue  # buttons-only or custom messages
            turns.append({"time": _when(timestamp).isoformat(), "speaker": "leader" if leader else "coach", "text": shown})
    return {"pseudonym": pseudonym_, "turns": turns, "shared_reflections": _shared(engine, sender),
            "cohort": _cohort(engine, sender, filters)}


def _cohort(engine: Engine, sender: str, filters: Filters) -> str | None:
    """The conversation's cohort: its first user message's in the period (the widget sends it)."""
    query = (select(E.c.data).where(E.c.sender_id == sender, E.c.type_name == "user", in_period(filters))
             .order_by(E.c.id).limit(1))
    with engine.connect() as connection:
        data = connection.execute(query).scalar()
    try:
        cohort = ((json.loads(data) or {}).get("metadata") or {}).get("cohort") if data else None
    except (TypeError, ValueError, AttributeError):
        return None
    return cohort if isinstance(cohort, str) else None


def _shared(engine: Engine, sender: str) -> list[dict]:
    """Reflections the leader chose to share with their trainer (masked), oldest first."""
    if not inspect(engine).has_table(ReflectionRow.__tablename__):
        return []
    rows = ReflectionRow.__table__
    query = (
        select(rows.c.exercise_id, rows.c.title, rows.c.summary, rows.c.answers, rows.c.created_at)
        .where(and_(rows.c.sender_id == sender, rows.c.shared_with_trainer.is_(True)))
        .order_by(rows.c.created_at, rows.c.id)
    )
    with engine.connect() as connection:
        return [
            {
                "exercise": row.exercise_id,
                "title": row.title,
                "created_at": row.created_at.isoformat(),
                "summary": mask(row.summary),
                "answers": {question: mask(answer) for question, answer in json.loads(row.answers).items()},
            }
            for row in connection.execute(query)
        ]
