"""JournalRepository on SQLite and PostgreSQL: round trips, privacy, consent, atomic saves.

The export is bot.journal.export's: tests/unit/journal/test_export.py.

Erasure (forget me) is bot.db.forget's: tests/unit/db/test_forget.py."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot.db.tables import CommitmentRow, ReflectionRow
from bot.journal.export import export_data, to_markdown
from bot.journal.repository import ANSWER_MAX, SUMMARY_MAX, TITLE_MAX, Reflection
from tests.unit.journal.conftest import refusing

ALICE, BOB = "leader-alice", "leader-bob"
ANSWERS = {"What happened?": "The ward handover ran late.", "What will you try?": "Ask, don't tell. 🌱 Diolch"}


def _save(journal, sender_id=ALICE, title="Handover", summary="We talked about handover.", answers=None):
    return journal.save_reflection(sender_id, "after-action-review", title, summary, answers or ANSWERS)


def _count(journal, model) -> int:
    with journal.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(model.__table__)).scalar_one()


def test_save_list_newest_first_and_get(journal):
    first = _save(journal, title="First")
    second = _save(journal, title="Second")
    third = _save(journal, title="Third")

    listed = journal.list_reflections(ALICE)
    assert [item.id for item in listed] == [third, second, first]
    assert [item.title for item in listed] == ["Third", "Second", "First"]
    assert listed[0].created_at >= listed[-1].created_at

    reflection = journal.get_reflection(ALICE, second)
    assert isinstance(reflection, Reflection)
    assert (reflection.sender_id, reflection.exercise_id, reflection.title) == (
        ALICE,
        "after-action-review",
        "Second",
    )
    assert reflection.summary == "We talked about handover."
    assert reflection.answers == ANSWERS
    assert list(reflection.answers) == list(ANSWERS)  # the order the questions were asked
    assert reflection.created_at.tzinfo is not None
    assert reflection.created_at.utcoffset() == timedelta(0)
    assert abs(datetime.now(timezone.utc) - reflection.created_at) < timedelta(minutes=5)
    assert reflection.shared_with_trainer is False
    assert reflection.shared_at is None


@pytest.mark.parametrize("reflection_id", [999, -1, 10**12, "not-a-number", None])
def test_missing_or_malformed_ids_find_nothing(journal, reflection_id):
    _save(journal)
    assert journal.get_reflection(ALICE, reflection_id) is None
    assert journal.set_shared(ALICE, reflection_id, True) is False


def test_one_leader_cannot_reach_another_leaders_journal(journal):
    alices = _save(journal, title="Alice's private thoughts", summary="Only for Alice.")
    alices_commitment = journal.add_commitment(ALICE, "Talk to the matron", date.today(), alices)

    assert journal.get_reflection(BOB, alices) is None
    assert journal.set_shared(BOB, alices, True) is False
    assert journal.get_reflection(ALICE, alices).shared_with_trainer is False
    assert journal.shared_reflections() == []
    assert journal.list_reflections(BOB) == []
    assert journal.list_commitments(BOB) == []
    assert journal.due_commitments(BOB, date.today()) == []
    assert journal.set_commitment_status(BOB, alices_commitment, "done") is False
    with pytest.raises(ValueError, match="not in this leader's journal"):
        journal.add_commitment(BOB, "Piggyback on Alice", None, reflection_id=alices)

    export = to_markdown(export_data(journal.engine, BOB, lambda exercise, step: None))
    assert "Alice" not in export and "matron" not in export
    assert "nothing saved" in export

    assert not any(journal.forget(BOB).values())
    assert journal.get_reflection(ALICE, alices).title == "Alice's private thoughts"
    assert [item.status for item in journal.list_commitments(ALICE)] == ["open"]


def test_consent_to_share_can_be_given_and_withdrawn(journal):
    private = _save(journal, title="Private")
    shared = _save(journal, title="Shared")
    bobs = _save(journal, sender_id=BOB, title="Bob shares too")
    before = datetime.now(timezone.utc) - timedelta(seconds=1)

    assert journal.set_shared(ALICE, shared, True) is True
    assert journal.set_shared(BOB, bobs, True) is True
    reflection = journal.get_reflection(ALICE, shared)
    assert reflection.shared_with_trainer is True
    assert reflection.shared_at is not None and reflection.shared_at >= before
    first_consent = reflection.shared_at
    assert journal.set_shared(ALICE, shared, True) is True
    assert journal.get_reflection(ALICE, shared).shared_at == first_consent

    assert [item.id for item in journal.shared_reflections()] == [bobs, shared]
    assert private not in [item.id for item in journal.shared_reflections()]
    assert {item.id for item in journal.shared_reflections(since=before)} == {bobs, shared}
    assert journal.shared_reflections(since=datetime.now(timezone.utc) + timedelta(hours=1)) == []

    assert journal.set_shared(ALICE, shared, False) is True
    withdrawn = journal.get_reflection(ALICE, shared)
    assert (withdrawn.shared_with_trainer, withdrawn.shared_at) == (False, None)
    assert [item.id for item in journal.shared_reflections()] == [bobs]


def test_commitments_due_today_are_open_and_not_in_the_future(journal):
    today = date(2030, 5, 10)
    reflection_id = _save(journal)
    overdue = journal.add_commitment(ALICE, "Overdue", today - timedelta(days=3), reflection_id)
    due_today = journal.add_commitment(ALICE, "Due today", today)
    journal.add_commitment(ALICE, "Tomorrow", today + timedelta(days=1))
    journal.add_commitment(ALICE, "Whenever", None)
    finished = journal.add_commitment(ALICE, "Finished", today - timedelta(days=1))
    assert journal.set_commitment_status(ALICE, finished, "done") is True
    journal.add_commitment(BOB, "Bob's, due today", today)

    due = journal.due_commitments(ALICE, today)
    assert [item.id for item in due] == [overdue, due_today]
    assert due[0].reflection_id == reflection_id and due[0].status == "open"

    listed = journal.list_commitments(ALICE)
    assert len(listed) == 5 and listed[0].text == "Finished"  # newest first
    done = next(item for item in listed if item.id == finished)
    assert done.status == "done" and done.checked_in_at is not None
    with pytest.raises(ValueError, match="status must be one of"):
        journal.set_commitment_status(ALICE, overdue, "maybe")
    with pytest.raises(ValueError, match="due_date must be a date"):
        journal.add_commitment(ALICE, "Timed", datetime(2030, 5, 10, 9, 0))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"summary": "x" * (SUMMARY_MAX + 1)}, "summary is 20,001 characters long; the limit is 20,000"),
        ({"answers": {"Q?": "x" * (ANSWER_MAX + 1)}}, "the answer to 'Q\\?' is 20,001 characters"),
        ({"answers": {"q" * 501: "fine"}}, "question is 501 characters"),
        ({"answers": {f"Q{n}": "a" for n in range(51)}}, "answers has 51 entries"),
        ({"answers": ["not", "a", "mapping"]}, "answers must be a mapping"),
        ({"answers": {"Q?": 42}}, "must be text, not int"),
        ({"title": "t" * (TITLE_MAX + 1)}, "title is 201 characters"),
        ({"title": "   "}, "title must not be empty"),
        ({"summary": "nul \x00 byte"}, "NUL character"),
        ({"sender_id": "s" * 256}, "sender_id is 256 characters"),
        ({"sender_id": ""}, "sender_id must not be empty"),
    ],
)
def test_bad_reflection_input_is_a_clear_value_error_and_saves_nothing(journal, change, message):
    values = {"sender_id": ALICE, "exercise_id": "grow", "title": "T", "summary": "S", "answers": ANSWERS}
    with pytest.raises(ValueError, match=message):
        journal.save_reflection(**{**values, **change})
    assert _count(journal, ReflectionRow) == 0


def test_bad_commitment_input_is_a_clear_value_error(journal):
    with pytest.raises(ValueError, match="commitment text is 2,001 characters"):
        journal.add_commitment(ALICE, "c" * 2001, None)
    with pytest.raises(ValueError, match="commitment text must not be empty"):
        journal.add_commitment(ALICE, "", None)
    assert _count(journal, CommitmentRow) == 0


def test_values_at_the_limits_are_kept_whole(journal):
    summary = "é" * SUMMARY_MAX
    answers = {f"Question {n}?": "🌱" * ANSWER_MAX for n in range(3)}
    reflection_id = journal.save_reflection(ALICE, "grow", "t" * TITLE_MAX, summary, answers)
    reflection = journal.get_reflection(ALICE, reflection_id)
    assert (reflection.summary, reflection.answers) == (summary, answers)


def test_a_reflection_and_its_commitment_are_saved_together(journal):
    reflection_id, commitment_id = journal.save_reflection_with_commitment(
        ALICE, "grow", "Handover", "Summary", ANSWERS, "Shadow the Monday handover", date(2030, 3, 4))
    [commitment] = journal.list_commitments(ALICE)
    assert (commitment.id, commitment.reflection_id, commitment.exercise_id, commitment.due_date) == (
        commitment_id, reflection_id, "grow", date(2030, 3, 4))
    assert journal.get_reflection(ALICE, reflection_id).answers == ANSWERS
    # Without a commitment it is just the reflection.
    alone, none = journal.save_reflection_with_commitment(ALICE, "grow", "Alone", "S", {}, None, None)
    assert none is None and journal.get_reflection(ALICE, alone).title == "Alone"
    assert _count(journal, CommitmentRow) == 1


def test_a_commitment_the_database_refuses_leaves_no_reflection_either(journal):
    with refusing(journal.engine, "INSERT INTO journal_commitments"), pytest.raises(RuntimeError, match="went away"):
        journal.save_reflection_with_commitment(ALICE, "grow", "T", "S", ANSWERS, "Call Sam", date(2030, 3, 4))
    assert _count(journal, ReflectionRow) == 0 and _count(journal, CommitmentRow) == 0


def test_an_invalid_commitment_is_refused_before_the_reflection_is_written(journal):
    with pytest.raises(ValueError, match="commitment text is 2,001 characters"):
        journal.save_reflection_with_commitment(ALICE, "grow", "T", "S", ANSWERS, "c" * 2001, date(2030, 3, 4))
    with pytest.raises(ValueError, match="due_date must be a date"):
        journal.save_reflection_with_commitment(ALICE, "grow", "T", "S", ANSWERS, "Call Sam", datetime(2030, 3, 4))
    assert _count(journal, ReflectionRow) == 0 and _count(journal, CommitmentRow) == 0
