"""The check-in day rule, once, for Python and for SQL.

A commitment's check-in is first due on the later of its due date and the day after it was made
(UTC): never on the day the leader made it, even when they named that day or an earlier one.
The coach says that day back when the commitment is saved, the check-in action asks on it, and
the proactive scheduler claims in its order (in SQL, so replicas agree without loading rows).

`checkin_day(due_date, made)` computes the day from Python values and, given table columns,
builds the same rule as an SQL expression (SQLite and PostgreSQL); tests/unit/checkins/test_day.py
checks that both give the same days.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.sql.functions import FunctionElement

__all__ = ["checkin_day"]

ONE_DAY = timedelta(days=1)


def checkin_day(due_date, made):
    """The first day the coach asks about a commitment due `due_date` and made at `made`.

    With values: a date, or None when the commitment has no due date; `made` is a date or an
    aware datetime (taken in UTC). With SQL columns (or any clause): the same rule as an SQL
    expression of type Date, e.g. `checkin_day(table.c.due_date, table.c.created_at)`.
    """
    if isinstance(due_date, ClauseElement) or isinstance(made, ClauseElement):
        return _CheckinDay(due_date, made)
    if due_date is None:
        return None
    if isinstance(made, datetime):
        made = (made if made.tzinfo is None else made.astimezone(timezone.utc)).date()
    return max(due_date, made + ONE_DAY)


class _CheckinDay(FunctionElement):
    """checkin_day(due_date, created_at) in SQL; NULL when due_date is NULL."""

    name = "checkin_day"
    type = Date()
    inherit_cache = True


@compiles(_CheckinDay, "sqlite")
def _sqlite(element, compiler, **kw):
    due_date, made = (compiler.process(clause, **kw) for clause in element.clauses)
    # SQLite's two-argument max() is NULL when either is; created_at is stored as UTC text.
    return f"max({due_date}, date({made}, '+1 day'))"


@compiles(_CheckinDay, "postgresql")
def _postgresql(element, compiler, **kw):
    due_date, made = (compiler.process(clause, **kw) for clause in element.clauses)
    # GREATEST ignores NULLs, so a missing due date is kept NULL explicitly.
    return (f"CASE WHEN {due_date} IS NULL THEN NULL "
            f"ELSE GREATEST({due_date}, CAST({made} AT TIME ZONE 'UTC' AS DATE) + 1) END")
