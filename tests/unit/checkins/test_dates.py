from datetime import date

import pytest

from bot.checkins.dates import parse_due_date

TUESDAY = date(2026, 3, 10)  # Tuesday 10 March 2026
DECEMBER = date(2026, 12, 30)  # Wednesday 30 December 2026, for year rollover
FRIDAY = date(2026, 3, 13)
LEAP = date(2028, 1, 31)  # Monday 31 January 2028 (a leap year)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        # weekdays
        ("next Friday", TUESDAY, date(2026, 3, 20)),
        ("this Friday", TUESDAY, date(2026, 3, 13)),
        ("Friday", TUESDAY, date(2026, 3, 13)),
        ("by friday", FRIDAY, date(2026, 3, 20)),
        ("this Friday", FRIDAY, date(2026, 3, 13)),
        ("Friday week", TUESDAY, date(2026, 3, 20)),
        ("on Monday", TUESDAY, date(2026, 3, 16)),
        ("next Monday", DECEMBER, date(2027, 1, 4)),
        # relative
        ("tomorrow", TUESDAY, date(2026, 3, 11)),
        ("tomorrow", date(2026, 12, 31), date(2027, 1, 1)),
        ("the day after tomorrow", TUESDAY, date(2026, 3, 12)),
        ("today", TUESDAY, TUESDAY),
        ("in two weeks", TUESDAY, date(2026, 3, 24)),
        ("in 3 days", TUESDAY, date(2026, 3, 13)),
        ("in a month", TUESDAY, date(2026, 4, 10)),
        ("in a month", LEAP, date(2028, 2, 29)),
        ("within a fortnight", TUESDAY, date(2026, 3, 24)),
        ("in a couple of weeks", TUESDAY, date(2026, 3, 24)),
        ("in a week's time", TUESDAY, date(2026, 3, 17)),
        ("three weeks from now", TUESDAY, date(2026, 3, 31)),
        ("in 2 weeks", DECEMBER, date(2027, 1, 13)),
        # ends of periods
        ("by the end of March", TUESDAY, date(2026, 3, 31)),
        ("by the end of February", TUESDAY, date(2027, 2, 28)),
        ("end of the month", TUESDAY, date(2026, 3, 31)),
        ("end of the month", LEAP, date(2028, 1, 31)),
        ("end of next month", TUESDAY, date(2026, 4, 30)),
        ("end of next week", TUESDAY, date(2026, 3, 20)),
        ("by the end of the week", TUESDAY, date(2026, 3, 13)),
        ("next week", TUESDAY, date(2026, 3, 20)),
        ("end of the year", TUESDAY, date(2026, 12, 31)),
        ("in April", TUESDAY, date(2026, 4, 30)),
        ("mid April", TUESDAY, date(2026, 4, 15)),
        ("next month", TUESDAY, date(2026, 4, 10)),
        ("next month", LEAP, date(2028, 2, 29)),
        ("next month", DECEMBER, date(2027, 1, 30)),
        # named dates
        ("30 March", TUESDAY, date(2026, 3, 30)),
        ("30th of March", TUESDAY, date(2026, 3, 30)),
        ("March 30th", TUESDAY, date(2026, 3, 30)),
        ("Sept 3rd", TUESDAY, date(2026, 9, 3)),
        ("1 March", TUESDAY, date(2027, 3, 1)),  # passed: next year
        ("5 January", DECEMBER, date(2027, 1, 5)),
        ("30 March 2027", TUESDAY, date(2027, 3, 30)),
        ("Friday 13th March", TUESDAY, date(2026, 3, 13)),
        ("29 February", TUESDAY, date(2028, 2, 29)),
        ("by Christmas", TUESDAY, date(2026, 12, 25)),
        ("by Christmas", DECEMBER, date(2027, 12, 25)),
        ("by Easter", TUESDAY, date(2026, 4, 5)),
        # numeric, day first
        ("30/03", TUESDAY, date(2026, 3, 30)),
        ("30/03/2027", TUESDAY, date(2027, 3, 30)),
        ("4/5", TUESDAY, date(2026, 5, 4)),
        ("02/01", DECEMBER, date(2027, 1, 2)),
        ("30-3-27", TUESDAY, date(2027, 3, 30)),
        ("2027-03-30", TUESDAY, date(2027, 3, 30)),
        # embedded in a sentence
        ("I'll hold a joint listening session by 30 March", TUESDAY, date(2026, 3, 30)),
        ("I want to talk to Sam about the rota next Friday.", TUESDAY, date(2026, 3, 20)),
        ("I'll have the one-to-ones done within a fortnight, hopefully", TUESDAY, date(2026, 3, 24)),
        ("By the end of March I will have asked each of them", TUESDAY, date(2026, 3, 31)),
        ("I SAT down with her and will follow up tomorrow", TUESDAY, date(2026, 3, 11)),
        ("I’ll book it in a week’s time", TUESDAY, date(2026, 3, 17)),
    ],
)
def test_parses(text, today, expected):
    assert parse_due_date(text, today) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "soon",
        "when I can",
        "asap",
        "I'll give it a go",
        "I will march into the meeting and say it",
        "I may try to listen more",
        "31/02",  # no such date
        "30/03/2020",  # explicit year in the past
        "3/4 of the team",
        "32 March",
        "in a few days",  # vague
        "sometime next-ish",
    ],
)
def test_none_when_not_understood(text):
    assert parse_due_date(text, TUESDAY) is None


def test_earliest_phrase_wins():
    assert parse_due_date("tomorrow I'll plan, and finish by 30 March", TUESDAY) == date(2026, 3, 11)


def test_non_text_is_none():
    assert parse_due_date(None, TUESDAY) is None  # type: ignore[arg-type]
