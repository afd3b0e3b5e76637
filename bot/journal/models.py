"""The journal's tables are defined with every other project table in bot.db.tables.

These names stay importable from here for the journal's existing readers.
"""
from __future__ import annotations

from bot.db.tables import (  # noqa: F401  (re-exported)
    COMMITMENT_STATUSES,
    EXERCISE_ID_MAX,
    NAMING_CONVENTION,
    SENDER_ID_MAX,
    TITLE_MAX,
    Base,
    CheckinPreferenceRow,
    CommitmentRow,
    ReflectionRow,
    UTCDateTime,
    utcnow,
)
