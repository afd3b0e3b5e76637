"""Whose journal: account links and one-time link codes; trainers' sessions, cohorts, views.

Revision ID: journal_0004
Revises: journal_0003
Create Date: 2026-12-01

Written by hand and frozen, like the revisions before it.

- `identity_links`: a leader key (bot/identity.py) that shares another identity's journal.
- `identity_link_codes`: one-time codes that link a widget and a Teams identity (10 minutes, 5 tries).
- `analytics_sessions`: trainers' dashboard sessions in the database, shared by every web replica
  (the SHA-256 of each cookie's token); removed with the account or when its password changes.
- `analytics_trainer_cohorts`: the cohorts a trainer may see (none: all of them).
- `analytics_transcript_views`: who opened which pseudonym's transcript, and when.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "journal_0004"
down_revision = "journal_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "identity_links",
        sa.Column("identity", sa.String(255), nullable=False),
        sa.Column("journal_key", sa.String(255), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("identity", name=op.f("pk_identity_links")),
    )
    op.create_index(op.f("ix_identity_links_journal_key"), "identity_links", ["journal_key"])
    op.create_table(
        "identity_link_codes",
        sa.Column("lookup", sa.String(8), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("issuer", sa.String(255), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tries_left", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("lookup", name=op.f("pk_identity_link_codes")),
    )
    op.create_index(op.f("ix_identity_link_codes_issuer"), "identity_link_codes", ["issuer"])
    op.create_table(
        "analytics_sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("trainer_id", sa.Integer(), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["trainer_id"], ["analytics_trainers.id"], ondelete="CASCADE",
                                name=op.f("fk_analytics_sessions_trainer_id_analytics_trainers")),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_analytics_sessions")),
    )
    op.create_index(op.f("ix_analytics_sessions_trainer_id"), "analytics_sessions", ["trainer_id"])
    op.create_table(
        "analytics_trainer_cohorts",
        sa.Column("trainer_id", sa.Integer(), nullable=False),
        sa.Column("cohort", sa.String(100), nullable=False),
        sa.ForeignKeyConstraint(["trainer_id"], ["analytics_trainers.id"], ondelete="CASCADE",
                                name=op.f("fk_analytics_trainer_cohorts_trainer_id_analytics_trainers")),
        sa.PrimaryKeyConstraint("trainer_id", "cohort", name=op.f("pk_analytics_trainer_cohorts")),
    )
    op.create_table(
        "analytics_transcript_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trainer_name", sa.String(100), nullable=False),
        sa.Column("pseudonym", sa.String(64), nullable=False),
        sa.Column("viewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_transcript_views")),
    )
    op.create_index(op.f("ix_analytics_transcript_views_pseudonym"), "analytics_transcript_views", ["pseudonym"])


def downgrade() -> None:
    op.drop_table("analytics_transcript_views")
    op.drop_table("analytics_trainer_cohorts")
    op.drop_table("analytics_sessions")
    op.drop_table("identity_link_codes")
    op.drop_table("identity_links")
