"""Loading and validating exercises: every problem names file, place, field and what to do."""
from __future__ import annotations

import pytest

from bot.coaching import get_exercises
from bot.coaching.loader import CoachingError, load_exercises
from bot.coaching.models import Condition

from .conftest import good_data, load, write_exercises


def problems_for(tmp_path, data, name="tiny.yml") -> list[str]:
    with pytest.raises(CoachingError) as caught:
        load(tmp_path / "reflections", {name: data})
    return caught.value.problems


def test_good_exercise_loads_with_typed_values(tiny):
    assert tiny.file == "tiny.yml"
    assert [step.id for step in tiny.steps] == ["story", "safety", "lesson"]
    safety = tiny.steps[1]
    assert safety.scale.low == "Not safe" and safety.scale.high == "Very safe"
    assert safety.follow_ups[0].when == Condition(minimum=1, maximum=2)
    assert tiny.question_ids() == ["story", "safety", "safety_help", "lesson"]
    assert tiny.draws_on == ("failing-well",) and tiny.keywords == ("went wrong", "fail")
    assert [n.kind for n in tiny.next_steps] == ["topic", "programme", "network"]
    assert tiny.summary.splitlines()[0] == "Story: {story}"


def test_refs_are_unchecked_when_no_known_ids_are_given(tmp_path):
    data = good_data()
    data["draws_on"] = ["not-an-entry"]
    folder = write_exercises(tmp_path / "r", {"tiny.yml": data})
    assert list(load_exercises(folder)) == ["tiny"]


def _set(field, value):
    def change(data):
        data[field] = value
    return change


def _drop(field):
    def change(data):
        del data[field]
    return change


def _step(position, field, value):
    def change(data):
        data["steps"][position][field] = value
    return change


def _follow_up(field, value):
    def change(data):
        data["steps"][1]["follow_ups"][0][field] = value
    return change


def _next_step(position, field, value):
    def change(data):
        data["next_steps"][position][field] = value
    return change


def _drop_step_field(position, field):
    def change(data):
        del data["steps"][position][field]
    return change


BROKEN = [
    (_set("colour", "blue"), "tiny.yml: exercise 'tiny': field 'colour': unknown field"),
    (_set("titel", "x"), "field 'titel': unknown field (did you mean 'title'?)"),
    (_drop("purpose"), "tiny.yml: exercise 'tiny': field 'purpose': missing (required)"),
    (_set("id", "other"), "field 'id': expected 'tiny' (the id must equal the file name"),
    (_set("title", "A title that is much too long to fit on a button"),
     "field 'title': expected at most 40 characters (it is shown on a button), got 48"),
    (_set("purpose", "One. Two."), "field 'purpose': expected one sentence, got 2"),
    (_set("introduction", "Only one sentence."), "field 'introduction': expected 2 to 4 sentences, got 1"),
    (_set("draws_on", ["failing-wel"]),
     "field 'draws_on': unknown knowledge entry id 'failing-wel' (did you mean 'failing-well'?)"),
    (_set("draws_on", []), "field 'draws_on': expected at least one knowledge entry id"),
    (_set("steps", []), "exercise 'tiny': field 'steps': expected a non-empty list, got a list"),
    (_set("steps", None), "field 'steps': expected a non-empty list, got nothing (null)"),
    (_step(0, "kind", "essay"), "tiny.yml: step 'story': field 'kind': expected one of text, scale, got 'essay'"),
    (_step(0, "id", "Story"), "step 'Story': field 'id': expected lowercase letters, digits and underscores"),
    (_step(2, "id", "story"), "step 'story': field 'id': duplicate id"),
    (_step(0, "scale", {"low": "a", "high": "b"}), "step 'story': field 'scale': only scale steps have a scale"),
    (_drop_step_field(1, "scale"), "step 'safety': field 'scale': missing (scale steps need low and high labels"),
    (_step(1, "scale", {"low": "a"}), "step 'safety' scale: field 'high': missing (required)"),
    (_step(0, "promt", "x"), "step 'story': field 'promt': unknown field (did you mean 'prompt'?)"),
    (_follow_up("id", "story"), "step 'safety' follow-up 'story': field 'id': duplicate id"),
    (_follow_up("when", {"max": 7}), "step 'safety' follow-up 'safety_help' when: field 'max': expected a whole number from 1 to 5, got 7"),
    (_follow_up("when", {"below": 2}), "follow-up 'safety_help' when: field 'below': unknown field"),
    (_follow_up("when", {"min": 4, "max": 2}), "field 'when': min 4 is above max 2, so it would never be asked"),
    (_follow_up("when", {}), "field 'when': expected {max: N} or {min: N}"),
    (_follow_up("kind", "scale"), "step 'safety' follow-up 'safety_help': field 'scale': missing"),
    (_set("summary", "Story: {story} and {stroy}"),
     "field 'summary': placeholder '{stroy}' is not a step or follow-up id (did you mean '{story}'?)"),
    (_set("summary", "Story: {story"), "field 'summary': unmatched '{' or '}'"),
    (_set("summary", ""), "field 'summary': expected non-empty text"),
    (_next_step(0, "kind", "video"), "next step #1: field 'kind': expected one of topic, programme, network"),
    (_next_step(0, "ref", "no-such-entry"), "next step #1: field 'ref': unknown knowledge entry id 'no-such-entry'"),
    (_next_step(1, "ref", "Foundations In Systems Leadership"),
     "next step #2: field 'ref': unknown programme name (exactly as in the reference facts) "
     "'Foundations In Systems Leadership' (did you mean 'Foundations in Systems Leadership'?)"),
    (_next_step(2, "ref", "Q Network"), "next step #3: field 'ref': unknown network name"),
    (_next_step(0, "title", "x" * 41), "next step #1: field 'title': expected at most 40 characters"),
    (_set("next_steps", "failing-well"), "field 'next_steps': expected a non-empty list, got 'failing-well'"),
    (_set("keywords", "fail"), "field 'keywords': expected a list"),
]


@pytest.mark.parametrize(("change", "expected"), BROKEN)
def test_broken_exercise_names_file_place_field_and_fix(tmp_path, change, expected):
    data = good_data()
    change(data)
    problems = problems_for(tmp_path, data)
    assert any(expected in problem for problem in problems), problems


def test_text_follow_up_cannot_have_a_condition(tmp_path):
    data = good_data()
    data["steps"][0]["follow_ups"] = [{"id": "more", "when": {"max": 2}, "prompt": "More?", "kind": "text"}]
    assert problems_for(tmp_path, data) == [
        "tiny.yml: step 'story' follow-up 'more': field 'when': only follow-ups of scale steps have a "
        "condition (leave 'when' out to always ask it)"]


def test_a_broken_step_does_not_also_report_its_placeholder(tmp_path):
    data = good_data()
    data["steps"][0]["colour"] = "red"
    problems = problems_for(tmp_path, data)
    assert len(problems) == 1 and "field 'colour'" in problems[0]


def test_every_problem_is_collected_in_one_pass(tmp_path):
    data = good_data()
    data["title"] = "x" * 50
    data["draws_on"] = ["nope"]
    data["summary"] = "{nothing}"
    assert len(problems_for(tmp_path, data)) == 3


@pytest.mark.parametrize(("text", "expected"), [
    ("id: [unclosed\n", "tiny.yml: line 2, column 1: YAML syntax error: expected ',' or ']'"),
    ("- just\n- a list\n", "tiny.yml: expected a mapping of exercise fields"),
    ("", "tiny.yml: expected a mapping of exercise fields (id, title"),
])
def test_unreadable_files_say_why(tmp_path, text, expected):
    problems = problems_for(tmp_path, text)
    assert problems[0].startswith(expected), problems


def test_keyword_shared_by_two_exercises_is_a_problem(tmp_path):
    other = good_data()
    other["id"] = "other"
    other["keywords"] = ["Went wrong!"]
    with pytest.raises(CoachingError) as caught:
        load(tmp_path / "r", {"tiny.yml": good_data(), "other.yml": other})
    # Files are read in name order, so the later file (tiny.yml) is the one reported.
    assert caught.value.problems == [
        "tiny.yml: exercise 'tiny': field 'keywords': 'went wrong' is also a keyword of "
        "exercise 'other' (a keyword may belong to one exercise only)"]


def test_missing_or_empty_folder(tmp_path):
    with pytest.raises(CoachingError, match="reflections folder not found"):
        load_exercises(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CoachingError, match=r"empty/: no exercise files \(\*\.yml\) found"):
        load_exercises(tmp_path / "empty")


def test_error_message_lists_every_problem(tmp_path):
    data = good_data()
    data["title"] = "x" * 50
    with pytest.raises(CoachingError, match=r"1 problem\(s\) in the reflective exercises:\n  - tiny.yml"):
        load(tmp_path / "r", {"tiny.yml": data})


def test_get_exercises_is_cached_and_checks_refs_against_the_knowledge_base(tmp_path):
    from pathlib import Path

    knowledge = Path(__file__).resolve().parents[3] / "knowledge"
    data = good_data()
    data["next_steps"] = data["next_steps"][:1]
    folder = write_exercises(tmp_path / "r", {"tiny.yml": data})
    first = get_exercises(folder, str(knowledge))
    assert get_exercises(folder, str(knowledge)) is first and set(first) == {"tiny"}
    data["draws_on"] = ["made-up-entry"]
    broken = write_exercises(tmp_path / "b", {"tiny.yml": data})
    with pytest.raises(CoachingError, match="unknown knowledge entry id 'made-up-entry'"):
        get_exercises(broken, str(knowledge))
    # With no folder, the exercises come from the knowledge folder's reflections/.
    assert "failing-well" in get_exercises(None, str(knowledge))
