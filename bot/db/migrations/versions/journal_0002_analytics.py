"""Create analytics_trainers and analytics_tags; index Rasa's events for the analytics queries.

Revision ID: journal_0002
Revises: journal_0001
Create Date: 2025-02-01

Written by hand and frozen, like journal_0001. The two `analytics_` tables belong to
bot.analytics (trainer accounts and trainers' tags on pseudonymous conversations).

Rasa creates `events` itself, when its tracker store first starts, so it may not exist yet when
this revision runs. Only if it does, two indexes the analytics queries use are added
(`ix_events_timestamp`, `ix_events_type_name_action_name`); they are plain indexes that Rasa
never reads or changes. When `events` appears later, `bot.analytics.accounts.ensure_event_indexes`
(`python -m bot analytics indexes`) adds them. Downgrade drops them only if present.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "journal_0002"
down_revision = "journal_0001"
branch_labels = None
depends_on = None

EVENT_INDEXES = {
    "ix_events_timestamp": ["timestamp"],
    "ix_events_type_name_action_name": ["type_name", "action_name"],
}


def _existing_event_indexes(inspector) -> set[str]:
    return {index["name"] for index in inspector.get_indexes("events")}


def upgrade() -> None:
    op.create_table(
        "analytics_trainers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), server_default="trainer", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("role IN ('trainer', 'admin')", name=op.f("ck_analytics_trainers_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_trainers")),
        sa.UniqueConstraint("name", name=op.f("uq_analytics_trainers_name")),
    )
    op.create_table(
        "analytics_tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(64), nullable=False),
        sa.Column("tag", sa.String(100), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("trainer_name", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_tags")),
    )
    op.create_index(op.f("ix_analytics_tags_pseudonym"), "analytics_tags", ["pseudonym"])
    inspector = sa.inspect(op.get_bind())
    if inspector.has_table("events"):
        existing = _existing_event_indexes(inspector)
        for name, columns in EVENT_INDEXES.items():
            if name not in existing:
                op.create_index(name, "events", columns)


def downgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if inspector.has_table("events"):
        existing = _existing_event_indexes(inspector)
        for name in EVENT_INDEXES:
            if name in existing:
                op.drop_index(name, table_name="events")
    op.drop_index(op.f("ix_analytics_tags_pseudonym"), table_name="analytics_tags")
    op.drop_table("analytics_tags")
    op.drop_table("analytics_trainers")
