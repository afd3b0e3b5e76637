"""The coach's one clock: today's date and the current time, with an override for tests and demos.

`COACH_TODAY=YYYY-MM-DD` makes the policy (in the Rasa server), the actions (in the action
server) and the proactive check-in poller (in each Rasa server) agree on a date other than the
real one, so integration tests and demos can run "in the future". The commitments' timestamps
(made, asked, checked in) and the poller's claims use `now()`, so they agree with `today()`. It is
for tests and demos only: leave it unset in production.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, datetime, timezone

__all__ = ["TODAY_VARIABLE", "now", "spoken_date", "today"]

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


def now(environ: Mapping[str, str] | None = None) -> datetime:
    """The current time in UTC, on COACH_TODAY's date when it is set (the time of day stays real)."""
    real = datetime.now(timezone.utc)
    return datetime.combine(today(environ), real.timetz())


def spoken_date(day: date, relative_to: date | None = None) -> str:
    """'Friday 4 December', with the year when it is not the year of `relative_to`."""
    words = f"{day:%A} {day.day} {day:%B}"
    if relative_to is not None and day.year != relative_to.year:
        words += f" {day.year}"
    return words
