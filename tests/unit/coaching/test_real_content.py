"""The real knowledge/reflections content: valid against the real knowledge base, and walkable."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.coaching import (
    answer,
    exercise_for_entry,
    is_complete,
    load_exercises,
    next_steps,
    prompt,
    start,
    suggest_exercise,
    summary,
)
from bot.knowledge.loader import load_knowledge
from tests.fixtures import reference_facts

ROOT = Path(__file__).resolve().parents[3]
KNOWLEDGE = ROOT / "knowledge"
REQUIRED = {"six-characteristics", "enabling-environment", "cross-boundary-challenge",
            "relationships-before-structures", "failing-well", "middle-managers"}


@pytest.fixture(scope="module")
def exercises():
    entry_ids = set(load_knowledge(KNOWLEDGE).entries)
    return load_exercises(KNOWLEDGE / "reflections", entry_ids)


def test_the_required_exercises_exist(exercises):
    assert REQUIRED <= set(exercises)


def test_programme_and_network_refs_are_exact_names_from_the_facts():
    facts = reference_facts()
    load_exercises(KNOWLEDGE / "reflections", set(load_knowledge(KNOWLEDGE).entries),
                   {p["name"] for p in facts["programmes"]}, {n["name"] for n in facts["networks"]})


@pytest.mark.parametrize("exercise_id", sorted(REQUIRED))
def test_every_exercise_walks_to_completion_and_summarises_every_answer(exercises, exercise_id):
    exercise = exercises[exercise_id]
    state = start(exercise)
    given: dict[str, str] = {}
    while not is_complete(state):
        asked = prompt(exercise, state)
        text = "2" if asked.kind == "scale" else f"My answer to {asked.step_id}, in my words."
        result = answer(exercise, state, text)
        assert result.error is None
        given[asked.step_id] = text
        state = result.state
    # Scoring 2 triggers every low-score follow-up, so every question was asked.
    assert list(given) == exercise.question_ids()
    text = summary(exercise, state)
    for step_id, words in given.items():
        assert (words if words != "2" else "2/5") in text, step_id
    assert "{" not in text and "(skipped)" not in text
    assert next_steps(exercise)


@pytest.mark.parametrize(("text", "expected"), [
    ("I want to reflect on a challenge", "cross-boundary-challenge"),
    ("something went wrong", "failing-well"),
    ("my middle managers", "middle-managers"),
    ("relationships with partners", "relationships-before-structures"),
    ("what conditions do I need", "enabling-environment"),
    ("how am I doing as a system leader", "six-characteristics"),
    ("what is the weather like", None),
])
def test_real_keywords_suggest_the_right_exercise(exercises, text, expected):
    found = suggest_exercise(text, exercises)
    assert (found.id if found else None) == expected


@pytest.mark.parametrize(("entry_id", "expected"), [
    ("failing-well", "failing-well"),  # named after its theme
    ("characteristics-of-effective-system-leadership", "six-characteristics"),  # drawn on by it
    ("what-is-system-leadership", "six-characteristics"),  # linked through related entries
    ("influencing-without-authority", "cross-boundary-challenge"),
    ("support-for-middle-managers-distributed-leadership", "middle-managers"),
    ("relationships-before-structures", "relationships-before-structures"),
    ("healthcare-leadership-model", None),  # no exercise is linked to it: the answer offers none
])
def test_an_answer_offers_the_exercise_of_its_theme(exercises, entry_id, expected):
    kb = load_knowledge(KNOWLEDGE)
    found = exercise_for_entry(kb.entries[entry_id], exercises, kb)
    assert (found.id if found else None) == expected


def test_most_answers_offer_an_exercise_and_every_exercise_is_offered(exercises):
    kb = load_knowledge(KNOWLEDGE)
    offered = [exercise_for_entry(entry, exercises, kb) for entry in kb.entries.values()]
    assert sum(found is not None for found in offered) >= 0.75 * len(offered)
    assert {found.id for found in offered if found} == set(exercises)
