"""Due dates from a leader's own words, UK phrasing ("by the end of March", "friday week", "30/03").

`parse_due_date(text, today)` finds the first date-like phrase in free text and resolves it
against `today`. It never guesses: vague answers ("soon", "when I can") give None.

Rules, so behaviour is predictable:
- Numeric dates are day-first (30/03, 30/03/2027, 30-3-27); ISO 2027-03-30 is also accepted.
- A day and month with no year, a month's end, Christmas or Easter that has already passed this
  year resolves to its next occurrence. A date with an explicit year in the past gives None.
- "Friday" / "by Friday" is the next Friday after today (1-7 days); "this Friday" is this week's
  Friday, today included (0-6 days); "next Friday" is the Friday of next week (Monday-Sunday
  weeks, as UK speakers usually mean it); "Friday week" is a week after "Friday".
- "end of the week" / "this week" is this week's Friday (the next Friday if it has passed);
  "next week" / "end of next week" is next week's Friday; "the weekend" is the coming Saturday.
- "next month" / "in a month" is the same day next month, clamped (31 Jan -> 28/29 Feb).
- "in/by/during <month>" (no day) is the last day of that month.
When several phrases occur, the one starting earliest wins (the longest if two start together).
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

__all__ = ["future_due_date", "parse_due_date"]

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sunday": 6,  # not "sat"/"sun": "I sat down with her"
}  # fmt: skip
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple of": 2, "a couple of": 2,
}  # fmt: skip

# Longest alternatives first so "september" is not read as "sep" + "tember".
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = "(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\b"
_OPT_WEEKDAY = "(?:(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\b,?\s+(?:the\s+)?)?"
_NUMBER = r"(?P<n>\d{1,3}|a\s+couple\s+of|couple\s+of|" + "|".join(
    sorted((k for k in NUMBERS if "couple" not in k), key=len, reverse=True)
) + ")"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"


def _add_months(today: date, months: int) -> date:
    return today + relativedelta(months=months)  # relativedelta clamps to the month's last day


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _friday_of_week(day: date, weeks_ahead: int = 0) -> date:
    monday = day - timedelta(days=day.weekday())
    return monday + timedelta(weeks=weeks_ahead, days=4)


def _next_yearly(today: date, make: Callable[[int], date]) -> date | None:
    """The first date make(year) on or after today (skipping years where it does not exist)."""
    for year in range(today.year, today.year + 9):
        try:
            candidate = make(year)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


def _day_month(today: date, day: int, month: int, year: str | None) -> date | None:
    if year is not None:
        try:
            candidate = date(_full_year(year), month, day)
        except ValueError:
            return None
        return candidate if candidate >= today else None
    return _next_yearly(today, lambda y: date(y, month, day))


def _full_year(year: str) -> int:
    return int(year) + 2000 if len(year) == 2 else int(year)


def _count(word: str) -> int:
    word = " ".join(word.split())
    return int(word) if word.isdigit() else NUMBERS[word]


# Handlers receive the match's groups and today, and return a date or None (phrase not usable).
def _relative(m: re.Match, today: date) -> date | None:
    n, unit = _count(m["n"]), m["unit"]
    if unit.startswith("day"):
        return today + timedelta(days=n)
    if unit.startswith("week"):
        return today + timedelta(weeks=n)
    if unit.startswith("fortnight"):
        return today + timedelta(weeks=2 * n)
    if unit.startswith("month"):
        return _add_months(today, n)
    return _add_months(today, 12 * n)


def _weekday(m: re.Match, today: date) -> date:
    target = WEEKDAYS[m["weekday"]]
    qualifier = (m["qual"] or "").strip()
    if qualifier == "this":
        result = today + timedelta(days=(target - today.weekday()) % 7)
    elif qualifier == "next":
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
        result = monday + timedelta(days=target)
    else:
        result = today + timedelta(days=(target - today.weekday() - 1) % 7 + 1)
    return result + timedelta(weeks=1) if m["week"] else result


def _this_week_end(today: date) -> date:
    friday = _friday_of_week(today)
    return friday if friday >= today else friday + timedelta(weeks=1)


def _numeric(m: re.Match, today: date) -> date | None:
    return _day_month(today, int(m["day"]), int(m["mon"]), m["year"])


def _iso(m: re.Match, today: date) -> date | None:
    try:
        candidate = date(int(m["year"]), int(m["mon"]), int(m["day"]))
    except ValueError:
        return None
    return candidate if candidate >= today else None


def _named(m: re.Match, today: date) -> date | None:
    return _day_month(today, int(m["day"]), MONTHS[m["month"]], m["year"])


def _month_end(m: re.Match, today: date) -> date | None:
    month = MONTHS[m["month"]]
    if m["year"]:
        candidate = _last_day(int(m["year"]), month)
        return candidate if candidate >= today else None
    return _next_yearly(today, lambda y: _last_day(y, month))


def _month_point(m: re.Match, today: date) -> date | None:
    day = 15 if m["point"].startswith("mid") else 1
    return _next_yearly(today, lambda y: date(y, MONTHS[m["month"]], day))


_WS = r"\s+"
PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match, date], date | None]]] = [
    (rf"\b(?:in|within){_WS}{_NUMBER}{_WS}(?P<unit>days?|weeks?|fortnights?|months?|years?)\b(?:'s)?", _relative),
    (rf"\b{_NUMBER}{_WS}(?P<unit>days?|weeks?|fortnights?|months?|years?){_WS}(?:from|after){_WS}(?:now|today)\b", _relative),
    (r"\b(?:in|within)\s+(?:a|one|the\s+next)\s+(?P<unit>fortnight)\b", lambda m, t: t + timedelta(weeks=2)),
    (r"\bfortnight\b", lambda m, t: t + timedelta(weeks=2)),
    (r"\b(?:the\s+)?day\s+after\s+tomorrow\b", lambda m, t: t + timedelta(days=2)),
    (r"\btomorrow\b", lambda m, t: t + timedelta(days=1)),
    (r"\b(?:today|tonight|end\s+of\s+(?:the\s+)?day|(?:close|end)\s+of\s+play)\b", lambda m, t: t),
    (rf"\b(?P<qual>this\s+|next\s+|coming\s+)?{_WEEKDAY}(?P<week>\s+week\b)?", _weekday),
    (r"\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?week|this\s+week)\b", lambda m, t: _this_week_end(t)),
    (r"\b(?:(?:the\s+)?end\s+of\s+)?next\s+week\b", lambda m, t: _friday_of_week(t, 1)),
    (r"\b(?:this|the)\s+weekend\b", lambda m, t: t + timedelta(days=(5 - t.weekday()) % 7)),
    (r"\bend\s+of\s+(?:the\s+|this\s+)?month\b", lambda m, t: _last_day(t.year, t.month)),
    (r"\bend\s+of\s+next\s+month\b", lambda m, t: _last_day((n := _add_months(t, 1)).year, n.month)),
    (r"\bnext\s+month\b", lambda m, t: _add_months(t, 1)),
    (r"\bend\s+of\s+(?:the\s+|this\s+)?year\b", lambda m, t: date(t.year, 12, 31)),
    (r"\bnext\s+year\b", lambda m, t: _add_months(t, 12)),
    (rf"\bend\s+of\s+{_MONTH}\b{_YEAR}", _month_end),
    (rf"\b(?P<point>mid|middle\s+of|start\s+of|beginning\s+of)[\s-]+{_MONTH}\b", _month_point),
    (rf"\b(?:in|by|during|before|until|till)\s+{_MONTH}\b(?!\s*\d){_YEAR}", _month_end),
    (r"\bchristmas\s+eve\b", lambda m, t: _next_yearly(t, lambda y: date(y, 12, 24))),
    (r"\b(?:christmas|xmas)\b", lambda m, t: _next_yearly(t, lambda y: date(y, 12, 25))),
    (r"\bnew\s+year'?s\s+eve\b", lambda m, t: _next_yearly(t, lambda y: date(y, 12, 31))),
    (r"\beaster\b", lambda m, t: _next_yearly(t, easter)),
    (rf"\b{_OPT_WEEKDAY}{_DAY}(?:\s+of)?\s+{_MONTH}\b{_YEAR}", _named),
    (rf"\b{_OPT_WEEKDAY}{_MONTH}\s+(?:the\s+)?{_DAY}\b{_YEAR}", _named),
    (r"(?<![\d/.-])(?P<day>[0-3]?\d)[/-](?P<mon>[01]?\d)(?:[/-](?P<year>\d{4}|\d{2}))?(?![\d/])(?!\s+of\b)", _numeric),
    (r"(?<![\d/.-])(?P<year>\d{4})-(?P<mon>[01]\d)-(?P<day>[0-3]\d)(?!\d)", _iso),
]  # fmt: skip
_COMPILED = [(re.compile(pattern, re.IGNORECASE), handler) for pattern, handler in PATTERNS]


def parse_due_date(text: str, today: date) -> date | None:
    """The due date a leader's words name, resolved against `today`; None if none is understood."""
    if not isinstance(text, str) or not text.strip():
        return None
    lowered = " ".join(text.lower().replace("\u2019", "'").split())
    found: list[tuple[int, int, date]] = []
    for pattern, handler in _COMPILED:
        for match in pattern.finditer(lowered):
            result = handler(match, today)
            if result is not None:
                found.append((match.start(), -(match.end() - match.start()), result))
    if not found:
        return None
    return min(found, key=lambda item: (item[0], item[1]))[2]


def future_due_date(text: str, today: date) -> date | None:
    """The due date a leader's words name, if it is `today` or later; else None."""
    due = parse_due_date(text, today)
    return due if due is not None and due >= today else None
