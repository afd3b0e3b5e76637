"""Leader keys fixed by the channel (bot/identity.py): Teams journals move, older ones are set aside.

Revision ID: journal_0005
Revises: journal_0004
Create Date: 2026-12-01

Written by hand and frozen, like the revisions before it.

Before this revision the journal, commitments and check-in choices were keyed by the sender id
the caller chose: `teams:<person>:<conversation>` in Teams, a 32-hex id the browser made up on
the widget, anything at all over REST.

- Teams rows move to the person's new key `teams:<tenant id>:<AAD object id>`: those ids were
  verified by the Bot Framework token, and the tenant and AAD object id are read from what the
  channel stored with them (the conversation reference kept for reminders, or the conversation's
  last message's metadata in Rasa's `events`), else TEAMS_TENANT_ID. Their conversation history
  moves with them. Rows whose person or tenant cannot be found are set aside like the others.
- Every other row (widget and REST) cannot be proven to belong to anyone, so no new session
  may inherit it: its key becomes `legacy:<old key>`, which no channel produces. It is kept
  until RETENTION_DAYS have passed since it was last written, then purged
  (bot.analytics.maintenance), and can be found by an operator for a leader who asks.

Not reversible: the old keys are what the issue found impersonable.
"""
from __future__ import annotations

import json
import os
import re

import sqlalchemy as sa
from alembic import op

revision = "journal_0005"
down_revision = "journal_0004"
branch_labels = None
depends_on = None

KEYED = ("journal_reflections", "journal_commitments", "checkin_preferences")
PLAIN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
NEW_TEAMS = re.compile(r"^teams:[^:]+:[^:]+$")
LEGACY = "legacy:"


def _is_new(key: str) -> bool:
    """Keys this scheme writes (an earlier partial run, or a replica that started first)."""
    if key.startswith(LEGACY):
        return True
    return bool(NEW_TEAMS.match(key)) and not key.split(":")[2].startswith("sha256-")


def _person(connection, old: str, tables: set[str]) -> tuple[str, str] | None:
    """(tenant id, AAD object id) of an old Teams key, from what was stored with it."""
    reference = None
    if "checkin_preferences" in tables:
        raw = connection.execute(sa.text("SELECT teams_reference FROM checkin_preferences WHERE sender_id = :s"),
                                 {"s": old}).scalar()
        reference = json.loads(raw) if raw else None
    if not reference and "events" in tables:
        raw = connection.execute(sa.text(
            "SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id DESC LIMIT 1"),
            {"s": old}).scalar()
        metadata = (json.loads(raw) or {}).get("metadata") or {} if raw else {}
        reference = {**(metadata.get("conversation_reference") or {}), "tenant_id": metadata.get("tenant_id")}
    reference = reference or {}
    tenant = reference.get("tenant_id") or os.environ.get("TEAMS_TENANT_ID") or None
    person = reference.get("user_aad_object_id")
    if not person:
        candidate = old.split(":")[1] if old.count(":") >= 2 else ""
        person = candidate if re.match(r"^[0-9a-fA-F-]{36}$", candidate) else None
    if not tenant or not person or not PLAIN.match(tenant) or not PLAIN.match(person):
        return None
    return tenant, person


def upgrade() -> None:
    connection = op.get_bind()
    tables = set(sa.inspect(connection).get_table_names())
    keys: set[str] = set()
    for name in KEYED:
        keys.update(connection.execute(sa.text(f"SELECT DISTINCT sender_id FROM {name}")).scalars())
    for old in sorted(keys):
        if _is_new(old):
            continue
        found = _person(connection, old, tables) if old.startswith("teams:") else None
        new = f"teams:{found[0]}:{found[1]}" if found else LEGACY + old
        new = new[:255]
        for name in ("journal_reflections", "journal_commitments"):
            connection.execute(sa.text(f"UPDATE {name} SET sender_id = :new WHERE sender_id = :old"),
                               {"new": new, "old": old})
        # One preferences row per key: the first one moved keeps it.
        taken = connection.execute(sa.text("SELECT 1 FROM checkin_preferences WHERE sender_id = :new"),
                                   {"new": new}).first()
        if taken:
            connection.execute(sa.text("DELETE FROM checkin_preferences WHERE sender_id = :old"), {"old": old})
        else:
            connection.execute(sa.text("UPDATE checkin_preferences SET sender_id = :new WHERE sender_id = :old"),
                               {"new": new, "old": old})
        if found and "events" in tables:  # the personal chat's history goes on under the new key
            connection.execute(sa.text("UPDATE events SET sender_id = :new WHERE sender_id = :old"),
                               {"new": new, "old": old})


def downgrade() -> None:
    raise NotImplementedError("journal_0005 is not reversible: the old keys could be impersonated")
