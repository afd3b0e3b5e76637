"""Create journal_reflections and journal_commitments.

Revision ID: journal_0001
Revises:
Create Date: 2025-01-01

Written by hand and frozen: it spells out the schema instead of importing the models, so that
later model changes cannot silently alter what this revision creates. Names go through
op.f() because the target metadata's naming convention would otherwise prefix them again.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "journal_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journal_reflections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("exercise_id", sa.String(100), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("shared_with_trainer", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("shared_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_reflections")),
    )
    op.create_index(op.f("ix_journal_reflections_sender_id"), "journal_reflections", ["sender_id"])
    op.create_table(
        "journal_commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("reflection_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(16), server_default="open", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'done', 'partly', 'not_yet', 'skipped')",
            name=op.f("ck_journal_commitments_status"),
        ),
        sa.ForeignKeyConstraint(
            ["reflection_id"],
            ["journal_reflections.id"],
            name=op.f("fk_journal_commitments_reflection_id_journal_reflections"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_commitments")),
    )
    op.create_index(op.f("ix_journal_commitments_sender_id"), "journal_commitments", ["sender_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_journal_commitments_sender_id"), table_name="journal_commitments")
    op.drop_table("journal_commitments")
    op.drop_index(op.f("ix_journal_reflections_sender_id"), table_name="journal_reflections")
    op.drop_table("journal_reflections")
