"""Today's date for check-ins, with an override for tests and demos.

`COACH_TODAY=YYYY-MM-DD` makes the policy (in the Rasa server) and the actions (in the action
server) agree on a date other than the real one, so integration tests and demos can run "in the
future". It is for tests and demos only: leave it unset in production.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, datetime, timezone

__all__ = ["TODAY_VARIABLE", "spoken_date", "today"]

TODAY_VARIABLE = "COACH_TODAY"


def today(environ: Mapping[str, str] | None = None) -> date:
    """COACH_TODAY if set (ValueError names the variable when it is not YYYY-MM-DD), else today in UTC."""
    raw = (os.environ if environ is None else environ).get(TODAY_VARIABLE, "").strip()
    if not raw:
        return datetime.now(timezone.utc).date()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{TODAY_VARIABLE} must be a date like 2026-12-04, got {raw!r}") from None


def spoken_date(day: date, relative_to: date | None = None) -> str:
    """'Friday 4 December', with the year when it is not the year of `relative_to`."""
    words = f"{day:%A} {day.day} {day:%B}"
    if relative_to is not None and day.year != relative_to.year:
        words += f" {day.year}"
    return words
