"""Account linking: one journal for a leader's widget and Teams identities, by a one-time code.

`issue_code(issuer)` gives a code like "KQMP-4827", shown where the leader asked; they say
"link KQMP-4827" in the other place and `redeem(code, redeemer)` links the two identities. A code
expires after CODE_MINUTES and allows CODE_TRIES wrong tries: its letters find it, its digits are
the secret (stored hashed); after the last wrong try it is gone. A code works only between
different channels (web and Teams): it cannot be used where it was made.

Whose journal they then share: the Teams identity's, when one of them is Teams (its proactive
check-ins are keyed by it), else the one that issued the code. The other identity's rows move
into it, so nothing saved before is lost, and `identity_links` points it there; bot.journal's
`leader_for` follows that link. `unlink` ends it: the journal stays with its key, the other
identity starts afresh. "Forget me" (bot.db.forget) removes every linked identity's data.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine

from bot import identity
from bot.db.tables import (
    IDENTITY_LINKS,
    LINK_CODES,
    CheckinPreferenceRow,
    CommitmentRow,
    ReflectionRow,
    checked_sender,
    utcnow,
)

CODE_MINUTES = 10
CODE_TRIES = 5
LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ"  # no I, L or O: read aloud or retyped without doubt
LINKABLE = (identity.WEB, identity.TEAMS)
PREFERENCES = CheckinPreferenceRow.__table__


@dataclass(frozen=True)
class Redeemed:
    """What `redeem` found: "linked", "wrong" (with tries left), "expired", "same_place" or "not_here"."""

    outcome: str
    tries_left: int = 0
    journal_key: str | None = None


def _hash(lookup: str, digits: str) -> str:
    return hashlib.sha256(f"{lookup}:{digits}".encode()).hexdigest()


def normalise(code: str) -> tuple[str, str] | None:
    """("KQMP", "4827") from "kqmp-4827", "KQMP 4827" or "KQMP4827"; None if it is not a code."""
    compact = "".join(code.split()).replace("-", "").upper()
    if len(compact) != 8 or not compact[:4].isalpha() or not compact[4:].isdigit():
        return None
    return compact[:4], compact[4:]


def journal_key(engine: Engine, key: str) -> str:
    """The journal a leader key opens: its link's, else its own."""
    key = checked_sender(key)
    with engine.connect() as connection:
        return _root(connection, key)


def linked_identities(engine_or_connection, key: str) -> list[str]:
    """Every identity that shares `key`'s journal, `key`'s journal key first."""
    def run(connection):
        root = _root(connection, key)
        others = connection.execute(
            select(IDENTITY_LINKS.c.identity).where(IDENTITY_LINKS.c.journal_key == root)).scalars()
        return [root, *sorted(set(others) - {root})]

    if isinstance(engine_or_connection, Engine):
        with engine_or_connection.connect() as connection:
            return run(connection)
    return run(engine_or_connection)


def issue_code(engine: Engine, issuer: str) -> str | None:
    """A new code for `issuer` (replacing any earlier one), or None where linking is not offered."""
    issuer = checked_sender(issuer)
    if identity.channel_of(issuer) not in LINKABLE:
        return None
    digits = f"{secrets.randbelow(10_000):04d}"
    with engine.begin() as connection:
        connection.execute(delete(LINK_CODES).where(
            (LINK_CODES.c.issuer == issuer) | (LINK_CODES.c.expires_at < utcnow())))
        for _ in range(20):
            lookup = "".join(secrets.choice(LETTERS) for _ in range(4))
            if connection.execute(select(LINK_CODES.c.lookup).where(LINK_CODES.c.lookup == lookup)).first():
                continue
            connection.execute(insert(LINK_CODES).values(
                lookup=lookup, secret_hash=_hash(lookup, digits), issuer=issuer,
                expires_at=utcnow() + timedelta(minutes=CODE_MINUTES), tries_left=CODE_TRIES))
            return f"{lookup}-{digits}"
    raise RuntimeError("no free link code")  # 280,000 letter combinations: practically never


def redeem(engine: Engine, code: str, redeemer: str) -> Redeemed:
    """Link `redeemer` with the identity that issued `code` (see the module doc)."""
    redeemer = checked_sender(redeemer)
    if identity.channel_of(redeemer) not in LINKABLE:
        return Redeemed("not_here")
    parts = normalise(code)
    if parts is None:
        return Redeemed("expired")
    lookup, digits = parts
    with engine.begin() as connection:
        row = connection.execute(select(LINK_CODES).where(LINK_CODES.c.lookup == lookup)).mappings().first()
        if row is None or row["expires_at"] < utcnow() or row["tries_left"] < 1:
            return Redeemed("expired")
        if identity.channel_of(row["issuer"]) == identity.channel_of(redeemer):
            return Redeemed("same_place")
        if not hmac.compare_digest(row["secret_hash"], _hash(lookup, digits)):
            left = row["tries_left"] - 1
            if left < 1:
                connection.execute(delete(LINK_CODES).where(LINK_CODES.c.lookup == lookup))
            else:
                connection.execute(update(LINK_CODES).where(LINK_CODES.c.lookup == lookup).values(tries_left=left))
            return Redeemed("wrong", tries_left=left)
        connection.execute(delete(LINK_CODES).where(LINK_CODES.c.lookup == lookup))
        issuer_root, redeemer_root = _root(connection, row["issuer"]), _root(connection, redeemer)
        if issuer_root != redeemer_root:
            keep = redeemer_root if identity.channel_of(redeemer_root) == identity.TEAMS else issuer_root
            other = redeemer_root if keep == issuer_root else issuer_root
            _merge(connection, linked_identities(connection, other), keep)
        return Redeemed("linked", journal_key=issuer_root if issuer_root == redeemer_root else keep)


def _root(connection, key: str) -> str:
    return connection.execute(
        select(IDENTITY_LINKS.c.journal_key).where(IDENTITY_LINKS.c.identity == key)).scalar() or key


def _merge(connection, identities: list[str], keep: str) -> None:
    """Move these identities' journal into `keep`'s and link each of them to it."""
    for moving in identities:
        if moving == keep:
            continue
        for table in (ReflectionRow.__table__, CommitmentRow.__table__):
            connection.execute(update(table).where(table.c.sender_id == moving).values(sender_id=keep))
        # Check-in choices: `keep`'s own stay; the other's go (one row per journal).
        connection.execute(delete(PREFERENCES).where(PREFERENCES.c.sender_id == moving))
        connection.execute(delete(IDENTITY_LINKS).where(IDENTITY_LINKS.c.identity == moving))
        connection.execute(insert(IDENTITY_LINKS).values(identity=moving, journal_key=keep, linked_at=utcnow()))
        connection.execute(update(IDENTITY_LINKS).where(IDENTITY_LINKS.c.journal_key == moving)
                           .values(journal_key=keep))


def unlink(engine: Engine, key: str) -> str | None:
    """Separate `key` from the identities it shares a journal with. Returns the journal key that
    keeps the journal, or None if `key` was not linked."""
    key = checked_sender(key)
    with engine.begin() as connection:
        identities = linked_identities(connection, key)
        if len(identities) < 2:
            return None
        root = identities[0]
        connection.execute(delete(IDENTITY_LINKS).where(IDENTITY_LINKS.c.journal_key == root))
        return root
