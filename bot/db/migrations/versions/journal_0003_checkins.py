"""Check-ins: what a commitment came from and how its check-in went; claims; leaders' preferences.

Revision ID: journal_0003
Revises: journal_0002
Create Date: 2026-11-26

Written by hand and frozen, like the revisions before it.

- `journal_commitments` gains `exercise_id` (the exercise the commitment came from), `asked_at`
  (when the check-in was first put to the leader, on return or proactively), `postponed` (how
  many times the leader moved it), and the leader's check-in answers `checkin_helped` (what
  helped or got in the way) and `checkin_next` (what next).
- `checkin_claims`: one row per commitment that has been due, so two replicas never send the
  same proactive check-in twice (bot.checkins.scheduler). Deleted with its commitment.
- `checkin_preferences`: per leader, whether check-ins are on, whether they asked to be
  reminded in Teams, and the Teams conversation reference stored when they last wrote there.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "journal_0003"
down_revision = "journal_0002"
branch_labels = None
depends_on = None

NEW_COMMITMENT_COLUMNS = ("exercise_id", "asked_at", "postponed", "checkin_helped", "checkin_next")


def upgrade() -> None:
    op.add_column("journal_commitments", sa.Column("exercise_id", sa.String(100), nullable=True))
    op.add_column("journal_commitments", sa.Column("asked_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "journal_commitments", sa.Column("postponed", sa.Integer(), server_default="0", nullable=False)
    )
    op.add_column("journal_commitments", sa.Column("checkin_helped", sa.Text(), nullable=True))
    op.add_column("journal_commitments", sa.Column("checkin_next", sa.Text(), nullable=True))
    op.create_index(
        op.f("ix_journal_commitments_status_due_date"), "journal_commitments", ["status", "due_date"]
    )
    op.create_table(
        "checkin_claims",
        sa.Column("commitment_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["commitment_id"], ["journal_commitments.id"], ondelete="CASCADE",
            name=op.f("fk_checkin_claims_commitment_id_journal_commitments"),
        ),
        sa.PrimaryKeyConstraint("commitment_id", name=op.f("pk_checkin_claims")),
    )
    op.create_table(
        "checkin_preferences",
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("checkins_enabled", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("teams_reminders", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("teams_reference", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sender_id", name=op.f("pk_checkin_preferences")),
    )


def downgrade() -> None:
    op.drop_table("checkin_preferences")
    op.drop_table("checkin_claims")
    op.drop_index(op.f("ix_journal_commitments_status_due_date"), table_name="journal_commitments")
    with op.batch_alter_table("journal_commitments") as batch:
        for name in reversed(NEW_COMMITMENT_COLUMNS):
            batch.drop_column(name)
