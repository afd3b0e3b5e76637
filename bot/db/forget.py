"""Forget a leader: delete everything the database holds about them, in one transaction.

What goes, per leader (tables absent from a database are skipped):
- `checkin_claims` of their commitments (PostgreSQL would cascade; SQLite does not enforce it),
- `checkin_preferences` (their check-in choices and Teams conversation reference),
- `journal_commitments` and `journal_reflections`,
- `analytics_tags`: trainers' tags and notes on their pseudonym (HMAC of the sender id keyed with
  ANALYTICS_SECRET, so it needs the same secret as the dashboard that wrote them), and the record
  of trainers opening their transcripts (`analytics_transcript_views`),
- `identity_links` and `identity_link_codes`: their account links and unused link codes,
- Rasa's `events` for their conversations: the analytics figures are read from these.

"Forget me" covers every identity linked to the leader's journal (bot.journal.links) and every
tracker of theirs (a Teams person's group chats too).

`forget_leader` is "forget me"; retention (bot.analytics.maintenance.purge) deletes many
leaders the same way, with `delete_leaders` on its own transaction per chunk.
"""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, inspect, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import column, table

from bot.db.tables import (
    CLAIMS,
    IDENTITY_LINKS,
    LINK_CODES,
    TAGS,
    TRANSCRIPT_VIEWS,
    CheckinPreferenceRow,
    CommitmentRow,
    ReflectionRow,
    checked_sender,
)

# Rasa's tracker store table, created by Rasa in the same database; only sender_id is needed to
# delete a conversation, so a lightweight table clause avoids reflecting Rasa's whole schema.
RASA_EVENTS = table("events", column("sender_id"))

COMMITMENTS, REFLECTIONS = CommitmentRow.__table__, ReflectionRow.__table__
PREFERENCES = CheckinPreferenceRow.__table__


def delete_leaders(connection: Connection, sender_ids: Sequence[str], secret: bytes | None = None) -> dict[str, int]:
    """Delete these leaders' rows on `connection` (the caller's transaction); counts per table:
    {"claims", "preferences", "commitments", "reflections", "tags", "views", "links", "events"}.

    `secret` keys the tags' pseudonyms (default: ANALYTICS_SECRET, see bot.analytics.privacy).
    """
    from bot.analytics.privacy import analytics_secret, pseudonym

    senders = list(sender_ids)
    tables = set(inspect(connection).get_table_names())
    counts = dict.fromkeys(
        ("claims", "preferences", "commitments", "reflections", "tags", "views", "links", "events"), 0)

    def remove(key: str, target, condition) -> None:
        if target.name in tables:
            counts[key] = connection.execute(delete(target).where(condition)).rowcount

    theirs = select(COMMITMENTS.c.id).where(COMMITMENTS.c.sender_id.in_(senders)).scalar_subquery()
    # Claims first: their commitments go next, and the claims refer to them.
    remove("claims", CLAIMS, CLAIMS.c.commitment_id.in_(theirs))
    remove("preferences", PREFERENCES, PREFERENCES.c.sender_id.in_(senders))
    remove("commitments", COMMITMENTS, COMMITMENTS.c.sender_id.in_(senders))
    remove("reflections", REFLECTIONS, REFLECTIONS.c.sender_id.in_(senders))
    if TAGS.name in tables:
        key = analytics_secret() if secret is None else secret
        pseudonyms = [pseudonym(sender, key) for sender in senders]
        remove("tags", TAGS, TAGS.c.pseudonym.in_(pseudonyms))
        remove("views", TRANSCRIPT_VIEWS, TRANSCRIPT_VIEWS.c.pseudonym.in_(pseudonyms))
    remove("links", IDENTITY_LINKS,
           IDENTITY_LINKS.c.identity.in_(senders) | IDENTITY_LINKS.c.journal_key.in_(senders))
    if LINK_CODES.name in tables:
        connection.execute(delete(LINK_CODES).where(LINK_CODES.c.issuer.in_(senders)))
    # Rasa creates `events` on its first conversation; a fresh database may not have it.
    remove("events", RASA_EVENTS, RASA_EVENTS.c.sender_id.in_(senders))
    return counts


def forget_leader(engine: Engine, sender_id: str, secret: bytes | None = None) -> dict[str, int]:
    """"Forget me": delete everything kept about one leader, all or nothing, for every identity
    linked to their journal and every tracker of theirs; counts per table (see `delete_leaders`).
    `sender_id` is a leader key or journal key; ValueError if it is not a usable sender id."""
    from bot.journal.export import tracker_ids
    from bot.journal.links import linked_identities

    sender_id = checked_sender(sender_id)
    with engine.begin() as connection:
        identities = linked_identities(connection, sender_id) if IDENTITY_LINKS.name in set(
            inspect(connection).get_table_names()) else [sender_id]
        everyone = sorted({*identities, *tracker_ids(connection, identities)})
        return delete_leaders(connection, everyone, secret)
