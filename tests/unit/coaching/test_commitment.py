"""`commitment: true` on a step: validated by the loader, kept by the engine with the answer."""
from __future__ import annotations

import pytest

from bot import coaching
from bot.coaching.loader import CoachingError
from bot.config import ROOT

from .conftest import good_data, load


def with_commitment(**changes):
    data = good_data()
    data["steps"][2]["commitment"] = True
    for step_index, value in changes.items():
        data["steps"][int(step_index.removeprefix("step"))]["commitment"] = value
    return data


def problems_for(tmp_path, data):
    with pytest.raises(CoachingError) as caught:
        load(tmp_path / "reflections", {"tiny.yml": data})
    return caught.value.problems


def test_a_text_step_can_be_the_commitment(tmp_path):
    exercise = load(tmp_path / "reflections", {"tiny.yml": with_commitment()})["tiny"]
    assert [step.commitment for step in exercise.steps] == [False, False, True]


@pytest.mark.parametrize(
    "data, expected",
    [
        (with_commitment(step2="yes"), "step 'lesson': field 'commitment': expected true or false"),
        (with_commitment(step1=True), "step 'safety': field 'commitment': only a text step can be a commitment"),
        (with_commitment(step0=True), "step 'lesson': field 'commitment': step 'story' is already the exercise's commitment"),
    ],
)
def test_a_bad_commitment_flag_says_what_to_fix(tmp_path, data, expected):
    assert any(expected in problem for problem in problems_for(tmp_path, data))


def test_the_cross_boundary_first_step_is_a_commitment():
    exercises = coaching.load_exercises(str(ROOT / "knowledge" / "reflections"))
    flagged = {e.id: [s.id for s in e.steps if s.commitment] for e in exercises.values()}
    assert flagged["cross-boundary-challenge"] == ["first_step"]


@pytest.fixture
def exercise(tmp_path):
    return load(tmp_path / "reflections", {"tiny.yml": with_commitment()})["tiny"]


def at_commitment(exercise):
    state = coaching.start(exercise)
    state = coaching.answer(exercise, state, "it stalled").state
    return coaching.answer(exercise, state, "4").state


def test_answering_the_commitment_step_keeps_the_words_and_waits_for_a_date(exercise):
    state = coaching.answer(exercise, at_commitment(exercise), "  Call Sam by Friday ").state
    assert coaching.commitment(state) == {"step": "lesson", "text": "Call Sam by Friday", "due": None}
    assert coaching.awaiting_date(state) and coaching.is_complete(state)
    dated = coaching.set_commitment_date(state, "2026-12-04")
    assert not coaching.awaiting_date(dated) and coaching.commitment(dated)["due"] == "2026-12-04"
    assert coaching.commitment(state)["due"] is None  # never mutated
    assert coaching.commitment(coaching.drop_commitment(dated)) is None
    assert coaching.drop_commitment(dated)["answers"]["lesson"] == "Call Sam by Friday"


def test_other_steps_make_no_commitment(exercise):
    assert coaching.commitment(coaching.answer(exercise, coaching.start(exercise), "x").state) is None


def test_restore_keeps_a_commitment_only_while_it_matches_the_answer(exercise):
    state = coaching.set_commitment_date(coaching.answer(exercise, at_commitment(exercise), "Call Sam").state, "2026-12-04")
    assert coaching.commitment(coaching.restore(exercise, state))["due"] == "2026-12-04"
    changed = {**state, "answers": {**state["answers"], "lesson": "something else"}}
    assert coaching.commitment(coaching.restore(exercise, changed)) is None
    assert coaching.commitment(coaching.restore(exercise, {**state, "commitment": "junk"})) is None
