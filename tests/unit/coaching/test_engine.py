"""The exercise state machine: pure functions over a JSON-serialisable state."""
from __future__ import annotations

import copy
import json

import pytest

from bot.coaching import engine
from bot.coaching.engine import (
    AT_START,
    EMPTY,
    FINISHED,
    NOT_ACTIVE,
    NOT_PAUSED,
    SCALE,
    answer,
    back,
    is_complete,
    next_steps,
    parse_score,
    pause,
    prompt,
    restore,
    resume,
    skip,
    start,
    stop,
    summary,
)


def run(exercise, state, *moves):
    """Apply moves in order: a string answers, a function (skip, back...) is called; no errors."""
    for move in moves:
        result = answer(exercise, state, move) if isinstance(move, str) else move(exercise, state)
        assert result.error is None, (move, result.error)
        state = result.state
    return state


def test_start_asks_the_first_step_with_its_prompt_only(tiny):
    state = start(tiny)
    assert state == {"exercise": "tiny", "status": "active", "pending": "story", "answers": {},
                     "skipped": [], "history": ["story"]}
    first = prompt(tiny, state)
    assert (first.step_id, first.text, first.kind, first.buttons) == ("story", "What happened?", "text", ())


def test_scale_prompt_has_five_buttons_with_digit_payloads(tiny):
    state = run(tiny, start(tiny), "It went badly")
    asked = prompt(tiny, state)
    assert asked.kind == "scale" and asked.text == "How safe does it feel?"
    assert [b.as_dict() for b in asked.buttons] == [
        {"title": "1 - Not safe", "payload": "1"}, {"title": "2", "payload": "2"},
        {"title": "3", "payload": "3"}, {"title": "4", "payload": "4"},
        {"title": "5 - Very safe", "payload": "5"}]


def test_low_score_inserts_the_follow_up(tiny):
    state = run(tiny, start(tiny), "story", "2")
    assert state["pending"] == "safety_help"
    state = run(tiny, state, "More candour at board level", "Test small")
    assert is_complete(state)
    assert state["history"] == ["story", "safety", "safety_help", "lesson"]


def test_high_score_does_not_insert_the_follow_up(tiny):
    state = run(tiny, start(tiny), "story", "4")
    assert state["pending"] == "lesson"
    state = run(tiny, state, "Test small")
    assert is_complete(state) and "safety_help" not in state["answers"]


def test_answers_are_recorded_verbatim_with_only_outer_whitespace_stripped(tiny):
    words = "  We  stopped the pilot — and it's OK!\nReally.  "
    state = run(tiny, start(tiny), words)
    assert state["answers"]["story"] == "We  stopped the pilot — and it's OK!\nReally."


def test_scale_answer_is_kept_as_typed(tiny):
    state = run(tiny, start(tiny), "x", " 2 - not very ")
    assert state["answers"]["safety"] == "2 - not very"


@pytest.mark.parametrize(("text", "score"), [
    ("3", 3), ("3 - fair", 3), ("three", 3), ("Three.", 3), ("4/5", 4), ("4 / 5", 4),
    ("4 out of 5", 4), ("five!", 5), ("1 - Not safe", 1), ("2 because we blame people", 2),
    ("two, honestly", 2),
])
def test_scale_answers_that_are_accepted(text, score):
    assert parse_score(text) == score


@pytest.mark.parametrize("text", [
    "0", "6", "10", "35", "3.5", "2 or 3", "3/10", "fair", "one of the best",
    "four or five", "",
])
def test_scale_answers_that_are_refused(tiny, text):
    assert parse_score(text) is None
    state = run(tiny, start(tiny), "story")
    result = answer(tiny, state, text)
    assert result.error == (EMPTY if not text else SCALE) and result.state == state


def test_blank_answer_is_refused(tiny):
    state = start(tiny)
    assert answer(tiny, state, "   ").error == EMPTY


def test_skip_moves_on_and_is_shown_as_skipped(tiny):
    state = run(tiny, start(tiny), skip, skip, "Small tests")
    assert is_complete(state)
    assert state["skipped"] == ["story", "safety"]
    # A skipped scale step has no score, so its follow-up is not asked.
    assert "safety_help" not in state["history"]
    assert summary(tiny, state) == "Story: (skipped)\nSafety: (skipped)\nLesson: Small tests"


def test_back_re_asks_the_previous_step_keeping_its_answer_until_replaced(tiny):
    state = run(tiny, start(tiny), "first version", "4")
    state = run(tiny, state, back)
    assert state["pending"] == "safety" and state["answers"]["safety"] == "4"
    state = run(tiny, state, back)
    assert state["pending"] == "story" and state["answers"]["story"] == "first version"
    # Replacing an answer returns to the first unanswered question.
    state = run(tiny, state, "second version")
    assert state["answers"]["story"] == "second version" and state["pending"] == "lesson"
    assert state["history"] == ["story", "safety", "lesson", "safety", "story", "lesson"]


def test_back_then_skip_keeps_the_old_answer(tiny):
    state = run(tiny, start(tiny), "kept", back, skip)
    assert state["answers"] == {"story": "kept"} and state["skipped"] == []
    assert state["pending"] == "safety"


def test_back_to_a_scale_step_and_a_new_score_changes_the_follow_ups(tiny):
    state = run(tiny, start(tiny), "x", "1", "some help", back, back)
    assert state["pending"] == "safety"
    state = run(tiny, state, "5")
    # The follow-up no longer applies, so its answer is forgotten rather than summarised.
    assert "safety_help" not in state["answers"] and state["pending"] == "lesson"
    state = run(tiny, state, back, "2")
    assert state["pending"] == "safety_help"


def test_back_on_the_first_step_is_refused(tiny):
    state = start(tiny)
    result = back(tiny, state)
    assert result.error == AT_START and result.state == state


def test_pause_and_resume_continue_at_the_same_question(tiny):
    state = run(tiny, start(tiny), "x", pause)
    assert state["status"] == "paused" and prompt(tiny, state).step_id == "safety"
    assert answer(tiny, state, "3").error == NOT_ACTIVE
    assert skip(tiny, state).error == NOT_ACTIVE and back(tiny, state).error == NOT_ACTIVE
    assert pause(tiny, state).error == NOT_ACTIVE
    state = run(tiny, state, resume, "3")
    assert state["status"] == "active" and state["pending"] == "lesson"
    assert resume(tiny, state).error == NOT_PAUSED


def test_stop_ends_early_and_keeps_a_partial_summary(tiny):
    state = run(tiny, start(tiny), "what happened", stop)
    assert state["status"] == "stopped" and state["pending"] is None
    assert prompt(tiny, state) is None and not is_complete(state)
    assert summary(tiny, state).startswith("Story: what happened\nSafety: (skipped)")
    assert stop(tiny, state).error == FINISHED
    assert run(tiny, start(tiny), pause, stop)["status"] == "stopped"


def test_completed_exercise_refuses_more_answers(tiny):
    state = run(tiny, start(tiny), "a", "5", "c")
    assert is_complete(state) and state["pending"] is None and prompt(tiny, state) is None
    assert answer(tiny, state, "more").error == NOT_ACTIVE
    assert stop(tiny, state).error == FINISHED


def test_back_from_the_end_re_asks_the_last_question_keeping_every_answer(tiny):
    done = run(tiny, start(tiny), "a", "1", "some help", "a lesson")
    again = run(tiny, done, back)
    assert again["status"] == "active" and prompt(tiny, again).text == "What did it teach you?"
    assert again["answers"] == done["answers"]
    redone = run(tiny, again, "another lesson")
    assert is_complete(redone) and summary(tiny, redone) == summary(tiny, done).replace("a lesson", "another lesson")


def test_summary_quotes_the_leaders_words_and_drops_unasked_follow_up_lines(tiny):
    high = run(tiny, start(tiny), "We paused the pilot", "four", "Ask earlier")
    assert summary(tiny, high) == "Story: We paused the pilot\nSafety: 4/5\nLesson: Ask earlier"
    low = run(tiny, start(tiny), "We paused the pilot", "2", skip, "Ask earlier")
    assert summary(tiny, low) == ("Story: We paused the pilot\nSafety: 2/5\nWhat would help: (skipped)\n"
                                  "Lesson: Ask earlier")
    assert summary(tiny, low, missing="-").count("-") == 1


def test_functions_never_mutate_their_input(tiny):
    state = run(tiny, start(tiny), "x")
    frozen = copy.deepcopy(state)
    for move in (skip, back, pause, stop):
        move(tiny, state)
    answer(tiny, state, "2")
    assert state == frozen


def test_state_survives_a_json_round_trip(tiny):
    state = run(tiny, start(tiny), "x", "2", pause)
    restored = json.loads(json.dumps(state))
    state = run(tiny, restored, resume, "help", "lesson")
    assert is_complete(state)


def test_restore_checks_a_saved_state_against_current_content(tiny):
    assert restore(tiny, None) is None
    assert restore(tiny, {"exercise": "other", "status": "active"}) is None
    assert restore(tiny, {"exercise": "tiny", "status": "dancing"}) is None
    saved = {"exercise": "tiny", "status": "paused", "pending": "removed_step",
             "answers": {"story": "x", "removed_step": "y", "safety": "not a score"},
             "skipped": ["gone"], "history": ["story", "removed_step"]}
    state = restore(tiny, saved)
    assert state == {"exercise": "tiny", "status": "paused", "pending": "safety",
                     "answers": {"story": "x"}, "skipped": [], "history": ["story"]}
    good = run(tiny, start(tiny), "x")
    assert restore(tiny, good) == good


def test_next_steps_come_from_the_content(tiny):
    assert [n.ref for n in next_steps(tiny)] == ["failing-well", "Foundations in Systems Leadership",
                                                 "Q community"]


def test_engine_returns_codes_not_sentences():
    codes = [engine.SCALE, engine.EMPTY, engine.AT_START, engine.NOT_ACTIVE, engine.NOT_PAUSED, engine.FINISHED]
    assert all(code.replace("_", "").isalpha() and code.islower() for code in codes)
