"""Check-in logic over the journal: which commitment to ask about, when, and postponing."""
from datetime import date, datetime, timedelta, timezone

import pytest

from bot.checkins.service import checkin_date, checkin_to_open, next_checkin_on, postpone

TODAY = datetime.now(timezone.utc).date()  # commitments are made now: their check-in days follow
TOMORROW = TODAY + timedelta(days=1)
IN_A_WEEK = TODAY + timedelta(days=7)


def test_the_next_checkin_is_the_earliest_checkin_day_never_the_day_it_was_made(repository):
    later = repository.add_commitment("ann", "due in a week", IN_A_WEEK)
    past = repository.add_commitment("ann", "named a day already gone", TODAY - timedelta(days=3))
    repository.add_commitment("ann", "no date", None)
    repository.add_commitment("bob", "bob's", TODAY - timedelta(days=10))
    assert checkin_date(repository.get_commitment("ann", past)) == TOMORROW
    assert next_checkin_on(repository, "ann") == TOMORROW
    assert checkin_to_open(repository, "ann", TODAY) is None  # made today: not asked today
    assert checkin_to_open(repository, "ann", TOMORROW).id == past
    repository.mark_commitment_asked("ann", past)
    assert next_checkin_on(repository, "ann") == IN_A_WEEK
    assert checkin_to_open(repository, "ann", TOMORROW) is None
    assert checkin_to_open(repository, "ann", IN_A_WEEK).id == later


def test_no_checkin_when_the_leader_turned_them_off_or_has_none(repository):
    repository.add_commitment("ann", "talk to Sam", TODAY)
    repository.set_preferences("ann", checkins_enabled=False)
    assert next_checkin_on(repository, "ann") is None
    assert checkin_to_open(repository, "ann", IN_A_WEEK) is None
    assert next_checkin_on(repository, "nobody") is None
    assert checkin_to_open(repository, "nobody", IN_A_WEEK) is None


def test_postpone_moves_and_reopens(repository):
    cid = repository.add_commitment("ann", "talk to Sam", TODAY)
    repository.mark_commitment_asked("ann", cid)
    repository.record_checkin("ann", cid, "not_yet")
    assert postpone(repository, "ann", cid, IN_A_WEEK) is True
    [commitment] = repository.list_commitments("ann")
    assert (commitment.due_date, commitment.status, commitment.checked_in_at, commitment.asked_at,
            commitment.postponed) == (IN_A_WEEK, "open", None, None, 1)
    assert next_checkin_on(repository, "ann") == IN_A_WEEK
    assert checkin_to_open(repository, "ann", IN_A_WEEK - timedelta(days=1)) is None


def test_postpone_scoped_and_validated(repository):
    cid = repository.add_commitment("ann", "talk to Sam", TODAY)
    assert postpone(repository, "bob", cid, date(2026, 3, 20)) is False
    assert postpone(repository, "ann", 10**12, date(2026, 3, 20)) is False
    with pytest.raises(ValueError):
        postpone(repository, "ann", cid, "next week")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        postpone(repository, "ann", cid, datetime(2026, 3, 20))  # type: ignore[arg-type]
    assert repository.list_commitments("ann")[0].due_date == TODAY
