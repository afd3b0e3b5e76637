from datetime import date

import pytest

from bot.checkins.service import commitment_from_answer, due_checkin, postpone, record_outcome

TODAY = date(2026, 3, 10)


def test_commitment_from_answer_keeps_words_verbatim():
    answer = "  I'll hold a joint listening session by 30 March  "
    assert commitment_from_answer(answer, TODAY) == (answer, date(2026, 3, 30))
    assert commitment_from_answer("when I can", TODAY) == ("when I can", None)


def test_due_checkin_earliest_open_due(repository):
    repository.add_commitment("ann", "later", date(2026, 3, 9))
    earliest = repository.add_commitment("ann", "earliest", date(2026, 3, 1))
    repository.add_commitment("ann", "today", TODAY)
    repository.add_commitment("ann", "future", date(2026, 3, 11))
    repository.add_commitment("ann", "no date", None)
    repository.add_commitment("bob", "bob's", date(2026, 2, 1))
    assert due_checkin(repository, "ann", TODAY).id == earliest
    record_outcome(repository, "ann", earliest, "done")
    assert due_checkin(repository, "ann", TODAY).text == "later"


def test_due_checkin_none(repository):
    repository.add_commitment("ann", "future", date(2026, 3, 11))
    assert due_checkin(repository, "ann", TODAY) is None
    assert due_checkin(repository, "nobody", TODAY) is None


@pytest.mark.parametrize(
    ("outcome", "status"),
    [("done", "done"), ("partly", "partly"), ("not_yet", "not_yet"), ("skipped", "skipped"),
     ("Not yet", "not_yet"), ("not-yet", "not_yet"), ("partially", "partly"), ("skip", "skipped")],
)
def test_record_outcome(repository, outcome, status):
    cid = repository.add_commitment("ann", "talk to Sam", TODAY)
    assert record_outcome(repository, "ann", cid, outcome) is True
    [commitment] = repository.list_commitments("ann")
    assert commitment.status == status
    assert commitment.checked_in_at is not None


def test_record_outcome_rejects_unknown_and_others(repository):
    cid = repository.add_commitment("ann", "talk to Sam", TODAY)
    with pytest.raises(ValueError):
        record_outcome(repository, "ann", cid, "open")
    with pytest.raises(ValueError):
        record_outcome(repository, "ann", cid, "maybe")
    assert record_outcome(repository, "bob", cid, "done") is False
    assert repository.list_commitments("ann")[0].status == "open"


def test_postpone_moves_and_reopens(repository):
    cid = repository.add_commitment("ann", "talk to Sam", TODAY)
    record_outcome(repository, "ann", cid, "not_yet")
    assert postpone(repository, "ann", cid, date(2026, 3, 20)) is True
    [commitment] = repository.list_commitments("ann")
    assert (commitment.due_date, commitment.status, commitment.checked_in_at) == (date(2026, 3, 20), "open", None)
    assert due_checkin(repository, "ann", TODAY) is None
    assert due_checkin(repository, "ann", date(2026, 3, 20)).id == cid


def test_postpone_scoped_and_validated(repository):
    cid = repository.add_commitment("ann", "talk to Sam", TODAY)
    assert postpone(repository, "bob", cid, date(2026, 3, 20)) is False
    assert postpone(repository, "ann", 10**12, date(2026, 3, 20)) is False
    with pytest.raises(ValueError):
        postpone(repository, "ann", cid, "next week")  # type: ignore[arg-type]
    assert repository.list_commitments("ann")[0].due_date == TODAY


def test_postpone_prefers_repository_method():
    calls = []

    class Repo:
        def set_commitment_due_date(self, sender_id, commitment_id, due_date):
            calls.append((sender_id, commitment_id, due_date))
            return True

    assert postpone(Repo(), "ann", 3, date(2026, 3, 20)) is True
    assert calls == [("ann", 3, date(2026, 3, 20))]
