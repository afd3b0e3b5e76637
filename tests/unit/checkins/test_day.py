"""The check-in day rule: the later of the due date and the day after the commitment was made,
the same in Python and in SQL on SQLite and PostgreSQL."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, Date, Integer, MetaData, Table, select

from bot.checkins.day import checkin_day
from bot.db.tables import UTCDateTime

MADE = datetime(2026, 3, 5, 23, 30, tzinfo=timezone.utc)
BST = timezone(timedelta(hours=1))

CASES = [
    # (due date, made at, check-in day)
    (date(2026, 3, 10), MADE, date(2026, 3, 10)),  # due later: its due date
    (date(2026, 3, 6), MADE, date(2026, 3, 6)),  # due the next day: that day
    (date(2026, 3, 5), MADE, date(2026, 3, 6)),  # due the day it was made: the next day
    (date(2026, 3, 1), MADE, date(2026, 3, 6)),  # due before it was made: the next day
    # 00:30 on 6 March in London summer time is still 5 March in UTC, the day that counts.
    (date(2026, 3, 5), datetime(2026, 3, 6, 0, 30, tzinfo=BST), date(2026, 3, 6)),
    (date(2025, 12, 31), datetime(2025, 12, 31, 12, tzinfo=timezone.utc), date(2026, 1, 1)),  # a new year
    (None, MADE, None),  # no due date: never asked
]


@pytest.mark.parametrize(("due", "made", "day"), CASES)
def test_checkin_day_in_python(due, made, day):
    assert checkin_day(due, made) == day


def test_a_day_can_stand_for_when_it_was_made():
    """Said back before the commitment is saved, from today's date."""
    assert checkin_day(date(2026, 3, 5), date(2026, 3, 5)) == date(2026, 3, 6)
    assert checkin_day(date(2026, 3, 9), date(2026, 3, 5)) == date(2026, 3, 9)


def test_checkin_day_in_sql_gives_the_same_days(engine):
    table = Table("rule_cases", MetaData(), Column("id", Integer, primary_key=True),
                  Column("due_date", Date), Column("created_at", UTCDateTime))
    table.create(engine)
    with engine.begin() as connection:
        connection.execute(table.insert(), [{"id": n, "due_date": due, "created_at": made}
                                            for n, (due, made, _) in enumerate(CASES)])
        query = select(table.c.id, checkin_day(table.c.due_date, table.c.created_at)).order_by(table.c.id)
        days = [day for _, day in connection.execute(query)]
        on_the_sixth = connection.execute(
            select(table.c.id).where(checkin_day(table.c.due_date, table.c.created_at) <= date(2026, 3, 6))
            .order_by(table.c.id)).scalars().all()
    assert days == [day for _, _, day in CASES]
    assert on_the_sixth == [n for n, (_, _, day) in enumerate(CASES) if day is not None and day <= date(2026, 3, 6)]
