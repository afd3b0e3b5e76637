"""Every table the project owns, on one metadata (`metadata`), which the migrations build.

The database is shared with Rasa (its `events` table); ours never collide with it:
- `journal_reflections`, `journal_commitments`: the private journal (bot.journal).
- `checkin_preferences`, `checkin_claims`: check-in choices, and claims of proactive check-ins so
  two replicas never send the same one (bot.checkins.scheduler).
- `analytics_trainers`, `analytics_tags`: trainer accounts, and trainers' tags on pseudonymous
  conversations (bot.analytics.accounts).

Everything stored about a leader is keyed by their sender id (the analytics tags by its
pseudonym); bot.db.forget deletes it all.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
    true,
)
from sqlalchemy.orm import declarative_base
from sqlalchemy.types import TypeDecorator

# Explicit constraint names let later Alembic batch migrations on SQLite find and alter them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

COMMITMENT_STATUSES = ("open", "done", "partly", "not_yet", "skipped")

# Lengths of the short columns; bot.journal.repository checks values against them before writing.
SENDER_ID_MAX = 255  # the width of Rasa's events.sender_id
EXERCISE_ID_MAX = 100
TITLE_MAX = 200
TRAINER_NAME_MAX, TAG_MAX = 100, 100  # bot.analytics.accounts checks these
PSEUDONYM_MAX = 64

def checked_text(name: str, value: object, limit: int, *, required: bool = False) -> str:
    """Check a value from a user before it is written: text, no NUL (PostgreSQL rejects it),
    within `limit`; ValueError saying which rule it breaks."""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text, not {type(value).__name__}")
    if required and not value.strip():
        raise ValueError(f"{name} must not be empty")
    if "\x00" in value:
        raise ValueError(f"{name} contains a NUL character")
    if len(value) > limit:
        raise ValueError(f"{name} is {len(value):,} characters long; the limit is {limit:,}")
    return value


def checked_sender(sender_id: object) -> str:
    """A leader's sender id, checked as `checked_text` checks any value (the key of every row)."""
    return checked_text("sender_id", sender_id, SENDER_ID_MAX, required=True)


Base = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))
metadata = Base.metadata


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Stores UTC and always returns aware UTC datetimes (SQLite would otherwise drop the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("journal timestamps must be timezone-aware")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class ReflectionRow(Base):
    """One completed reflection exercise."""

    __tablename__ = "journal_reflections"

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(SENDER_ID_MAX), nullable=False, index=True)
    exercise_id = Column(String(EXERCISE_ID_MAX), nullable=False)
    title = Column(String(TITLE_MAX), nullable=False)
    summary = Column(Text, nullable=False)
    answers = Column(Text, nullable=False)  # a JSON object, question -> answer
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    shared_with_trainer = Column(Boolean, nullable=False, default=False, server_default=false())
    shared_at = Column(UTCDateTime, nullable=True)


class CommitmentRow(Base):
    """Something a leader said they would do, checked in on later."""

    __tablename__ = "journal_commitments"
    __table_args__ = (
        CheckConstraint(
            "status IN ('open', 'done', 'partly', 'not_yet', 'skipped')", name="status"
        ),
    )

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(SENDER_ID_MAX), nullable=False, index=True)
    reflection_id = Column(
        Integer, ForeignKey("journal_reflections.id", ondelete="SET NULL"), nullable=True
    )
    text = Column(Text, nullable=False)
    due_date = Column(Date, nullable=True)
    status = Column(String(16), nullable=False, default="open", server_default="open")
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    checked_in_at = Column(UTCDateTime, nullable=True)
    # journal_0003: where it came from, when the check-in was first asked, and its answers.
    exercise_id = Column(String(EXERCISE_ID_MAX), nullable=True)
    asked_at = Column(UTCDateTime, nullable=True)
    postponed = Column(Integer, nullable=False, default=0, server_default="0")
    checkin_helped = Column(Text, nullable=True)
    checkin_next = Column(Text, nullable=True)


Index("ix_journal_commitments_status_due_date", CommitmentRow.status, CommitmentRow.due_date)


class CheckinPreferenceRow(Base):
    """A leader's check-in choices, and where to reach them in Teams (journal_0003)."""

    __tablename__ = "checkin_preferences"

    sender_id = Column(String(SENDER_ID_MAX), primary_key=True)
    checkins_enabled = Column(Boolean, nullable=False, default=True, server_default=true())
    teams_reminders = Column(Boolean, nullable=False, default=False, server_default=false())
    teams_reference = Column(Text, nullable=True)  # JSON: the Bot Framework conversation reference
    updated_at = Column(UTCDateTime, nullable=False, default=utcnow)


CLAIMS = Table(
    "checkin_claims",
    metadata,
    Column("commitment_id", Integer, ForeignKey("journal_commitments.id", ondelete="CASCADE"),
           primary_key=True, autoincrement=False),
    Column("claimed_at", UTCDateTime, nullable=True),
    Column("attempts", Integer, nullable=False, default=0, server_default="0"),
    Column("sent_at", UTCDateTime, nullable=True),
    Column("last_error", Text, nullable=True),
)

TRAINERS = Table(
    "analytics_trainers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(TRAINER_NAME_MAX), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False, server_default="trainer"),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("locked_until", UTCDateTime, nullable=True),
    CheckConstraint("role IN ('trainer', 'admin')", name="role"),
)

TAGS = Table(
    "analytics_tags",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("pseudonym", String(PSEUDONYM_MAX), nullable=False, index=True),
    Column("tag", String(TAG_MAX), nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("trainer_name", String(TRAINER_NAME_MAX), nullable=False),
    Column("created_at", UTCDateTime, nullable=False, default=utcnow),
)

# journal_0004: whose journal (account links), trainers' sessions, cohorts and transcript views.

IDENTITY_LINKS = Table(
    "identity_links",
    metadata,
    # A leader key (bot.identity) that shares another identity's journal, and that journal's key.
    Column("identity", String(SENDER_ID_MAX), primary_key=True),
    Column("journal_key", String(SENDER_ID_MAX), nullable=False, index=True),
    Column("linked_at", UTCDateTime, nullable=False, default=utcnow),
)

LINK_CODES = Table(
    "identity_link_codes",
    metadata,
    # A one-time code "ABCD-1234": its letters find the row, its digits are the secret (hashed).
    Column("lookup", String(8), primary_key=True),
    Column("secret_hash", String(64), nullable=False),
    Column("issuer", String(SENDER_ID_MAX), nullable=False, index=True),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("tries_left", Integer, nullable=False),
)

TRAINER_SESSIONS = Table(
    "analytics_sessions",
    metadata,
    # The SHA-256 of the cookie's token (the token itself is never stored), for every web replica.
    Column("token_hash", String(64), primary_key=True),
    Column("trainer_id", Integer, ForeignKey("analytics_trainers.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("csrf", String(64), nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
)

TRAINER_COHORTS = Table(
    "analytics_trainer_cohorts",
    metadata,
    # A trainer with rows here sees only these cohorts; without any, all (as before); admins all.
    Column("trainer_id", Integer, ForeignKey("analytics_trainers.id", ondelete="CASCADE"), primary_key=True),
    Column("cohort", String(TAG_MAX), primary_key=True),
)

TRANSCRIPT_VIEWS = Table(
    "analytics_transcript_views",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("trainer_name", String(TRAINER_NAME_MAX), nullable=False),
    Column("pseudonym", String(PSEUDONYM_MAX), nullable=False, index=True),
    Column("viewed_at", UTCDateTime, nullable=False, default=utcnow),
)
