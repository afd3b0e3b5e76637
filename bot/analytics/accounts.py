"""Trainer accounts (argon2 password hashes, roles, a count of failed logins in a row) and
trainers' tags on pseudonymous conversations. Throttling sign-ins (per client and per name,
without telling which names exist) is the web app's: bot/web/throttle.py.

The tables are defined in bot.db.tables and created by its migration journal_0002
(`bot.db.migrate`), in the same database as Rasa's events and the journal.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, inspect, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.db.tables import (
    TAG_MAX,
    TAGS,
    TRAINER_COHORTS,
    TRAINER_NAME_MAX,
    TRAINER_SESSIONS,
    TRAINERS,
    TRANSCRIPT_VIEWS,
    utcnow,
)

ROLES = ("trainer", "admin")
NAME_MAX, NOTE_MAX = TRAINER_NAME_MAX, 2_000
PASSWORD_MIN, PASSWORD_MAX = 12, 1_000
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@\-]*$")

# The tables are bot.db's (with every other project table); these are their old names here.
trainers_table, tags_table = TRAINERS, TAGS
# Matches the revision's events indexes (bot/db/migrations/versions/journal_0002_analytics.py).
EVENT_INDEXES = {
    "ix_events_timestamp": ("timestamp",),
    "ix_events_type_name_action_name": ("type_name", "action_name"),
}


class AccountError(ValueError):
    """A name, password, role or tag that cannot be accepted; the message says why."""


@dataclass(frozen=True)
class Trainer:
    id: int
    name: str
    role: str
    created_at: datetime
    failed_logins: int
    locked_until: datetime | None


@dataclass(frozen=True)
class LoginResult:
    """ok with the trainer; or not, with reason "invalid" (name or password)."""

    ok: bool
    reason: str
    trainer: Trainer | None = None


@dataclass(frozen=True)
class Tag:
    id: int
    pseudonym: str
    tag: str
    note: str
    trainer_name: str
    created_at: datetime


def _name(name: object) -> str:
    if not isinstance(name, str) or not name or len(name) > NAME_MAX or not _NAME.match(name):
        raise AccountError(
            f"a trainer name is 1-{NAME_MAX} letters, digits, '.', '_', '@' or '-', starting with a letter or digit"
        )
    return name


def _password(password: object) -> str:
    if not isinstance(password, str) or not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise AccountError(f"a password must be {PASSWORD_MIN} to {PASSWORD_MAX:,} characters long")
    if password != password.strip():
        raise AccountError("a password must not start or end with spaces (a pasted newline?)")
    return password


def _role(role: object) -> str:
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    return role  # type: ignore[return-value]


def _trainer(row) -> Trainer:
    return Trainer(row.id, row.name, row.role, row.created_at, row.failed_logins, row.locked_until)


class TrainerAccounts:
    """Reads and writes analytics_trainers and analytics_tags (migrated by journal_0002)."""

    def __init__(self, engine: Engine, hasher: PasswordHasher | None = None) -> None:
        self.engine = engine
        self.hasher = hasher or PasswordHasher()
        self._dummy_hash: str | None = None

    # Accounts ----------------------------------------------------------------------------------

    def add_trainer(self, name: str, password: str, role: str = "trainer") -> Trainer:
        values = {
            "name": _name(name), "password_hash": self.hasher.hash(_password(password)), "role": _role(role),
            "created_at": utcnow(), "failed_logins": 0, "locked_until": None,
        }
        try:
            with self.engine.begin() as connection:
                connection.execute(trainers_table.insert().values(**values))
        except IntegrityError:
            raise AccountError(f"a trainer called {name!r} already exists") from None
        trainer = self.get_trainer(name)
        assert trainer is not None
        return trainer

    def get_trainer(self, name: str) -> Trainer | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(trainers_table).where(trainers_table.c.name == name)).first()
        return None if row is None else _trainer(row)

    def list_trainers(self) -> list[Trainer]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(trainers_table).order_by(trainers_table.c.name))
            return [_trainer(row) for row in rows]

    @staticmethod
    def _end_sessions(connection, name: str) -> None:
        """Sign the trainer out everywhere (SQLite does not enforce the sessions' ON DELETE CASCADE)."""
        theirs = select(trainers_table.c.id).where(trainers_table.c.name == name).scalar_subquery()
        connection.execute(delete(TRAINER_SESSIONS).where(TRAINER_SESSIONS.c.trainer_id == theirs))
        connection.execute(delete(TRAINER_COHORTS).where(TRAINER_COHORTS.c.trainer_id == theirs))

    def remove_trainer(self, name: str) -> bool:
        """Remove the account; its sessions end at once."""
        with self.engine.begin() as connection:
            self._end_sessions(connection, name)
            return connection.execute(delete(trainers_table).where(trainers_table.c.name == name)).rowcount == 1

    def set_password(self, name: str, password: str) -> bool:
        """Replace the password and lift any pause, ending every session signed in with the old one;
        False if there is no such trainer."""
        query = (
            update(trainers_table)
            .where(trainers_table.c.name == name)
            .values(password_hash=self.hasher.hash(_password(password)), failed_logins=0, locked_until=None)
        )
        with self.engine.begin() as connection:
            theirs = select(trainers_table.c.id).where(trainers_table.c.name == name).scalar_subquery()
            connection.execute(delete(TRAINER_SESSIONS).where(TRAINER_SESSIONS.c.trainer_id == theirs))
            return connection.execute(query).rowcount == 1

    # Cohorts and the record of transcript views ---------------------------------------------------

    def set_cohorts(self, name: str, cohorts: list[str]) -> bool:
        """Limit a trainer to these cohorts (none: all); False if there is no such trainer."""
        if not all(isinstance(c, str) and c.strip() and len(c) <= TAG_MAX and "\x00" not in c for c in cohorts):
            raise AccountError(f"a cohort is 1-{TAG_MAX} characters")
        cleaned = sorted({c.strip() for c in cohorts})
        with self.engine.begin() as connection:
            trainer = connection.execute(select(trainers_table.c.id).where(trainers_table.c.name == name)).scalar()
            if trainer is None:
                return False
            connection.execute(delete(TRAINER_COHORTS).where(TRAINER_COHORTS.c.trainer_id == trainer))
            if cleaned:
                connection.execute(TRAINER_COHORTS.insert(), [{"trainer_id": trainer, "cohort": c} for c in cleaned])
        return True

    def cohorts(self, name: str) -> list[str]:
        query = (select(TRAINER_COHORTS.c.cohort)
                 .select_from(TRAINER_COHORTS.join(trainers_table, trainers_table.c.id == TRAINER_COHORTS.c.trainer_id))
                 .where(trainers_table.c.name == name).order_by(TRAINER_COHORTS.c.cohort))
        with self.engine.connect() as connection:
            return list(connection.execute(query).scalars())

    def record_view(self, trainer_name: str, pseudonym_: str) -> None:
        """Who opened which pseudonym's transcript, and when."""
        with self.engine.begin() as connection:
            connection.execute(TRANSCRIPT_VIEWS.insert().values(
                trainer_name=trainer_name, pseudonym=pseudonym_, viewed_at=utcnow()))

    def list_views(self, limit: int = 500) -> list[tuple[datetime, str, str]]:
        """(when, trainer, pseudonym), newest first."""
        query = (select(TRANSCRIPT_VIEWS.c.viewed_at, TRANSCRIPT_VIEWS.c.trainer_name, TRANSCRIPT_VIEWS.c.pseudonym)
                 .order_by(TRANSCRIPT_VIEWS.c.id.desc()).limit(limit))
        with self.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(query)]

    def set_role(self, name: str, role: str) -> bool:
        query = update(trainers_table).where(trainers_table.c.name == name).values(role=_role(role))
        with self.engine.begin() as connection:
            return connection.execute(query).rowcount == 1

    def verify_login(self, name: str, password: str) -> LoginResult:
        """Check a login. Unknown names and wrong passwords both cost one argon2 verification, so
        timing does not tell which it was. A wrong password adds one to the account's failures in a
        row (admins see them); pausing is the web app's throttle, alike for every name."""
        with self.engine.connect() as connection:
            row = connection.execute(select(trainers_table).where(trainers_table.c.name == name)).first()
        if row is None:
            self._verify(self._dummy(), password)
            return LoginResult(False, "invalid")
        if not self._verify(row.password_hash, password):
            with self.engine.begin() as connection:
                # One UPDATE adds the failure atomically, so parallel attempts cannot lose a count.
                connection.execute(update(trainers_table).where(trainers_table.c.id == row.id)
                                   .values(failed_logins=trainers_table.c.failed_logins + 1))
            return LoginResult(False, "invalid")
        values = {"failed_logins": 0, "locked_until": None}
        if self.hasher.check_needs_rehash(row.password_hash):
            values["password_hash"] = self.hasher.hash(password)
        with self.engine.begin() as connection:
            connection.execute(update(trainers_table).where(trainers_table.c.id == row.id).values(**values))
        trainer = _trainer(row)
        return LoginResult(True, "ok", Trainer(trainer.id, trainer.name, trainer.role, trainer.created_at, 0, None))

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self.hasher.verify(password_hash, password if isinstance(password, str) else "")
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def _dummy(self) -> str:
        if self._dummy_hash is None:
            self._dummy_hash = self.hasher.hash("not a password: spends the time of a real check")
        return self._dummy_hash

    # Tags --------------------------------------------------------------------------------------

    def add_tag(self, pseudonym_: str, tag: str, trainer_name: str, note: str = "") -> int:
        """A trainer's tag (and optional note) on a pseudonymous conversation; returns its id."""
        if not isinstance(tag, str) or not tag.strip() or len(tag) > TAG_MAX:
            raise AccountError(f"a tag is 1-{TAG_MAX} characters")
        if not isinstance(note, str) or len(note) > NOTE_MAX or "\x00" in note:
            raise AccountError(f"a note is at most {NOTE_MAX:,} characters")
        if not isinstance(pseudonym_, str) or not re.fullmatch(r"[0-9a-f]{8,64}", pseudonym_):
            raise AccountError("tags are attached to pseudonyms (hex), never to sender ids")
        values = {"pseudonym": pseudonym_, "tag": tag.strip(), "note": note, "trainer_name": _name(trainer_name),
                  "created_at": utcnow()}
        with self.engine.begin() as connection:
            return connection.execute(tags_table.insert().values(**values)).inserted_primary_key[0]

    def list_tags(self, pseudonym_: str | None = None) -> list[Tag]:
        query = select(tags_table).order_by(tags_table.c.created_at, tags_table.c.id)
        if pseudonym_ is not None:
            query = query.where(tags_table.c.pseudonym == pseudonym_)
        with self.engine.connect() as connection:
            return [Tag(r.id, r.pseudonym, r.tag, r.note, r.trainer_name, r.created_at) for r in connection.execute(query)]

    def remove_tags(self, pseudonym_: str) -> int:
        if not inspect(self.engine).has_table(tags_table.name):
            return 0
        with self.engine.begin() as connection:
            return connection.execute(delete(tags_table).where(tags_table.c.pseudonym == pseudonym_)).rowcount


def get_accounts(database_url: str | None = None) -> TrainerAccounts:
    """Trainer accounts on `database_url` (default: DATABASE_URL), with the tables migrated."""
    from bot.config import Settings
    from bot.db import get_engine, migrate

    url = database_url or Settings.from_environ().database_url
    migrate(url)
    return TrainerAccounts(get_engine(url))


def ensure_event_indexes(engine: Engine) -> list[str]:
    """Create the analytics indexes on Rasa's `events` if the table exists and they do not;
    returns the names created. (journal_0002 does this when `events` already exists.)"""
    inspector = inspect(engine)
    if not inspector.has_table("events"):
        return []
    existing = {index["name"] for index in inspector.get_indexes("events")}
    created = []
    with engine.begin() as connection:
        for name, columns in EVENT_INDEXES.items():
            if name not in existing:
                connection.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON events ({', '.join(columns)})"))
                created.append(name)
    return created
