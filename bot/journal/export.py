"""'Export my data': everything held about a leader, as data (JSON) and as a document (Markdown).

What it covers, for the leader's journal key and every identity linked to it (bot.journal.links):
their reflections with each answer under its own question, commitments with how each check-in
went, their choices (check-ins, Teams reminders, what they shared with their trainer, linked
identities), and the text of their conversations from the tracker store (every tracker of theirs,
a Teams person's group chats too). The Markdown gives each answer under the step's own question,
never an internal id (`first_step`), and each reflection once (its answers; the summary only
when there are no answers, as in reflections saved before answers were kept).
"""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import inspect, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.sql import column, table

from bot import identity
from bot.db.tables import CheckinPreferenceRow, CommitmentRow, ReflectionRow, checked_sender
from bot.journal.links import linked_identities

EVENTS = table("events", column("id"), column("sender_id"), column("type_name"), column("timestamp"),
               column("data"))
Question = Callable[[str, str], "str | None"]  # (exercise id, step id) -> the step's question
STATUS_WORDS = {"open": "open", "done": "done", "partly": "partly done", "not_yet": "not done yet",
                "skipped": "skipped"}


def _iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat(timespec="seconds")
    return value.isoformat()


def _one_line(value: str) -> str:
    return " ".join(str(value).split())


def tracker_ids(engine_or_connection, identities: list[str]) -> list[str]:
    """Every tracker of these identities in the tracker store (a Teams person's group chats too)."""
    def run(connection) -> list[str]:
        if not inspect(connection).has_table("events"):
            return []
        conditions = [EVENTS.c.sender_id.in_(identities)]
        conditions += [EVENTS.c.sender_id.like(pattern, escape="\\")
                       for pattern in filter(None, map(identity.tracker_ids_like, identities))]
        return sorted(connection.execute(select(EVENTS.c.sender_id).where(or_(*conditions)).distinct()).scalars())

    if isinstance(engine_or_connection, Engine):
        with engine_or_connection.connect() as connection:
            return run(connection)
    return run(engine_or_connection)


def _conversations(connection, trackers: list[str]) -> list[dict[str, Any]]:
    found: dict[str, list[dict[str, Any]]] = {tracker: [] for tracker in trackers}
    if not trackers:
        return []
    rows = connection.execute(
        select(EVENTS.c.sender_id, EVENTS.c.type_name, EVENTS.c.timestamp, EVENTS.c.data)
        .where(EVENTS.c.sender_id.in_(trackers), EVENTS.c.type_name.in_(("user", "bot")))
        .order_by(EVENTS.c.id))
    for sender, kind, timestamp, data in rows:
        try:
            text = (json.loads(data) or {}).get("text")
        except (TypeError, ValueError):
            text = None
        if not text:
            continue
        when = datetime.fromtimestamp(float(timestamp), timezone.utc) if timestamp else None
        found[sender].append({"from": "you" if kind == "user" else "coach", "text": text, "at": _iso(when)})
    return [{"conversation": tracker, "messages": messages} for tracker, messages in found.items() if messages]


def export_data(engine: Engine, key: str, question: Question) -> dict[str, Any]:
    """Everything held about the leader whose journal key is `key` (see the module doc)."""
    key = checked_sender(key)
    with engine.connect() as connection:
        identities = linked_identities(connection, key)
        root = identities[0]
        reflections = connection.execute(
            select(ReflectionRow.__table__).where(ReflectionRow.sender_id == root)
            .order_by(ReflectionRow.created_at, ReflectionRow.id)).mappings().all()
        commitments = connection.execute(
            select(CommitmentRow.__table__).where(CommitmentRow.sender_id == root)
            .order_by(CommitmentRow.created_at, CommitmentRow.id)).mappings().all()
        preferences = connection.execute(
            select(CheckinPreferenceRow.__table__).where(CheckinPreferenceRow.sender_id == root)).mappings().first()
        conversations = _conversations(connection, tracker_ids(connection, identities))
    return {
        "exported_at": _iso(datetime.now(timezone.utc)),
        "identities": identities,
        "reflections": [{
            "id": row["id"], "exercise": row["exercise_id"], "title": row["title"],
            "saved_at": _iso(row["created_at"]), "summary": row["summary"],
            "answers": [{"step": step, "question": question(row["exercise_id"], step) or step, "answer": answer}
                        for step, answer in json.loads(row["answers"]).items()],
            "shared_with_trainer": bool(row["shared_with_trainer"]), "shared_at": _iso(row["shared_at"]),
        } for row in reflections],
        "commitments": [{
            "id": row["id"], "text": row["text"], "due_date": _iso(row["due_date"]), "status": row["status"],
            "made_at": _iso(row["created_at"]), "asked_at": _iso(row["asked_at"]),
            "checked_in_at": _iso(row["checked_in_at"]), "postponed": row["postponed"] or 0,
            "what_helped": row["checkin_helped"], "what_next": row["checkin_next"],
        } for row in commitments],
        "choices": {
            "checkins_enabled": True if preferences is None else bool(preferences["checkins_enabled"]),
            "teams_reminders": False if preferences is None else bool(preferences["teams_reminders"]),
            "teams_chat_kept_for_reminders": bool(preferences and preferences["teams_reference"]),
            "shared_reflections": [row["id"] for row in reflections if row["shared_with_trainer"]],
            "linked_identities": identities[1:] if len(identities) > 1 else [],
        },
        "conversations": conversations,
    }


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _day(value: str | None) -> str:
    return datetime.fromisoformat(value).strftime("%d %B %Y") if value else ""


def to_markdown(data: dict[str, Any]) -> str:
    lines = ["# Everything the coach holds about you", "",
             "Your private journal, commitments, check-ins, choices and conversations with the coaching "
             "assistant. Only you can see it, except reflections you chose to share with your programme "
             "trainer.", ""]
    if not (data["reflections"] or data["commitments"] or data["conversations"]):
        return "\n".join([*lines, "There is nothing saved about you yet.", ""])
    if data["reflections"]:
        lines += ["## Reflections", ""]
    for reflection in data["reflections"]:
        lines += [f"### {_one_line(reflection['title'])}", "", f"*Saved {_day(reflection['saved_at'])}*"]
        if reflection["shared_with_trainer"]:
            lines += ["", "*Shared with your programme trainer.*"]
        lines.append("")
        if not reflection["answers"] and reflection["summary"].strip():
            lines += [reflection["summary"].strip(), ""]
        for item in reflection["answers"]:
            lines += [f"**{_one_line(item['question'])}**", "", item["answer"].strip() or "*(no answer)*", ""]
    if data["commitments"]:
        lines += ["## Commitments and check-ins", ""]
    for item in data["commitments"]:
        due = f" (by {_day(item['due_date'])})" if item["due_date"] else ""
        lines.append(f"- {_one_line(item['text'])}{due}: {STATUS_WORDS.get(item['status'], item['status'])}")
        if item["what_helped"]:
            lines.append(f"  - What helped or got in the way: {_one_line(item['what_helped'])}")
        if item["what_next"]:
            lines.append(f"  - What next: {_one_line(item['what_next'])}")
    if data["commitments"]:
        lines.append("")
    choices = data["choices"]
    lines += ["## Your choices", "",
              f"- Check-ins: {'on' if choices['checkins_enabled'] else 'off'}",
              f"- Reminders in Teams: {'on' if choices['teams_reminders'] else 'off'}",
              f"- Reflections shared with your trainer: {len(choices['shared_reflections'])}",
              f"- Linked to another place: {'yes' if choices['linked_identities'] else 'no'}", ""]
    if data["conversations"]:
        lines += ["## Our conversations", ""]
    for conversation in data["conversations"]:
        for message in conversation["messages"]:
            who = "You" if message["from"] == "you" else "Coach"
            lines += [f"**{who}** ({message['at'] or ''}): {message['text'].strip()}", ""]
    return "\n".join(lines)
