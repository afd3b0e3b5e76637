"""suggest_exercise picks the exercise whose keywords fit what the leader said."""
from __future__ import annotations

import pytest

from bot.coaching.suggest import suggest_exercise

from .conftest import good_data, load


@pytest.fixture
def pair(tmp_path):
    other = good_data()
    other["id"] = "managers"
    other["keywords"] = ["middle manager", "team leader", "go"]
    return load(tmp_path / "r", {"tiny.yml": good_data(), "managers.yml": other})


@pytest.mark.parametrize(("text", "expected"), [
    ("Something went wrong", "tiny"),
    ("a project that failed", "tiny"),  # 'fail' matches longer forms
    ("my middle managers", "managers"),
    ("Team-leaders", "managers"),
    ("the pilot failed because my middle managers were not involved", "managers"),  # longer keyword wins
    ("let's go", "managers"),
    ("good morning", None),  # short keywords match whole words only
    ("hello", None),
    ("", None),
])
def test_suggestion(pair, text, expected):
    found = suggest_exercise(text, pair)
    assert (found.id if found else None) == expected


def test_a_tie_suggests_nothing_and_iterables_are_accepted(pair):
    assert suggest_exercise("it went wrong with a team leader", pair) is None
    assert suggest_exercise("went wrong", list(pair.values())).id == "tiny"
