from datetime import date, datetime, timezone

import pytest

from bot.checkins.clock import now, spoken_date, today


def test_today_is_the_real_date_unless_overridden():
    assert today({}) == datetime.now(timezone.utc).date()
    assert today({"COACH_TODAY": "2026-12-04"}) == date(2026, 12, 4)


def test_now_is_on_the_overridden_date_at_the_real_time_of_day():
    real = datetime.now(timezone.utc)
    moved = now({"COACH_TODAY": "2027-01-05"})
    assert moved.date() == date(2027, 1, 5) and moved.tzinfo is not None
    assert abs((moved.replace(year=real.year, month=real.month, day=real.day) - real).total_seconds()) < 5
    assert abs((now({}) - real).total_seconds()) < 5


def test_a_bad_override_names_the_variable():
    with pytest.raises(ValueError, match="COACH_TODAY"):
        today({"COACH_TODAY": "4 December"})


def test_spoken_dates():
    assert spoken_date(date(2026, 12, 4)) == "Friday 4 December"
    assert spoken_date(date(2026, 12, 4), date(2026, 11, 26)) == "Friday 4 December"
    assert spoken_date(date(2027, 1, 15), date(2026, 11, 26)) == "Friday 15 January 2027"
