"""Small exercise fixtures written to tmp_path, so loader and engine tests need no real content."""
from __future__ import annotations

import copy

import pytest
import yaml

from bot.coaching.loader import load_exercises

ENTRY_IDS = {"failing-well", "relationships-before-structures", "enabling-environment"}
PROGRAMMES = {"Foundations in Systems Leadership"}
NETWORKS = {"Q community"}

GOOD = {
    "id": "tiny",
    "title": "A tiny reflection",
    "purpose": "Test the engine with a small exercise.",
    "draws_on": ["failing-well"],
    "keywords": ["went wrong", "fail"],
    "introduction": "This is a tiny exercise. It has three questions.",
    "steps": [
        {"id": "story", "prompt": "What happened?", "kind": "text"},
        {"id": "safety", "prompt": "How safe does it feel?", "kind": "scale",
         "scale": {"low": "Not safe", "high": "Very safe"},
         "follow_ups": [{"id": "safety_help", "when": {"max": 2},
                         "prompt": "What would help?", "kind": "text"}]},
        {"id": "lesson", "prompt": "What did it teach you?", "kind": "text"},
    ],
    "summary": "Story: {story}\nSafety: {safety}\nWhat would help: {safety_help}\nLesson: {lesson}",
    "next_steps": [
        {"kind": "topic", "ref": "failing-well", "title": "Failing well"},
        {"kind": "programme", "ref": "Foundations in Systems Leadership", "title": "Foundations"},
        {"kind": "network", "ref": "Q community", "title": "Q community"},
    ],
}


def good_data() -> dict:
    """A fresh copy of a valid exercise, to change in one place per test."""
    return copy.deepcopy(GOOD)


def write_exercises(folder, exercises: dict) -> str:
    """Write {file name: data or raw text} into `folder` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in exercises.items():
        text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
        (folder / name).write_text(text, encoding="utf-8")
    return str(folder)


def load(folder, exercises: dict):
    return load_exercises(write_exercises(folder, exercises), ENTRY_IDS, PROGRAMMES, NETWORKS)


@pytest.fixture
def tiny(tmp_path):
    """The GOOD exercise, loaded through the real loader."""
    return load(tmp_path / "reflections", {"tiny.yml": good_data()})["tiny"]
