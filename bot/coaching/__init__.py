"""Reflective coaching: exercises read from knowledge/reflections and a plain state machine.

No Rasa here: the actions call these functions and keep the state in a slot. Importing the
package reads nothing; `get_exercises()` loads and validates the content on first call and
returns the same dict afterwards.
"""
from __future__ import annotations

from pathlib import Path

from bot.coaching.controls import Control, parse_control
from bot.coaching.engine import (
    acknowledgement,
    answer,
    ask_restart,
    awaiting_date,
    back,
    commitment,
    drop_commitment,
    is_complete,
    missed,
    misses,
    next_steps,
    parse_score,
    pause,
    prompt,
    restore,
    resume,
    set_commitment_date,
    skip,
    start,
    stop,
    summary,
)
from bot.coaching.loader import CoachingError, load_exercises
from bot.coaching.models import Button, Exercise, NextStep, Prompt, Result
from bot.coaching.suggest import exercise_for_entry, exercise_for_theme, suggest_exercise, switch_to
from bot.reloadable import reloadable

REFLECTIONS_DIR = "reflections"  # inside the knowledge folder

__all__ = [
    "acknowledgement", "ask_restart", "missed", "misses", "Button", "CoachingError", "Control", "Exercise", "NextStep", "Prompt", "Result",
    "answer", "awaiting_date", "back", "commitment", "drop_commitment", "set_commitment_date", "get_exercises", "is_complete", "load_exercises", "next_steps",
    "parse_control", "parse_score", "pause", "prompt", "restore", "resume", "skip", "start",
    "stop", "suggest_exercise", "switch_to", "exercise_for_entry", "exercise_for_theme", "summary",
]


@reloadable
def get_exercises(folder: str | None = None, knowledge_dir: str | None = None) -> dict[str, Exercise]:
    """Load and validate the exercises once per process (CoachingError if invalid).

    `knowledge_dir` defaults to the KNOWLEDGE_DIR setting and `folder` to its reflections
    folder. References are checked against that knowledge base's entry ids (KnowledgeError
    if the knowledge base itself is invalid).
    """
    from bot.config import Settings
    from bot.knowledge.loader import load_knowledge

    knowledge_dir = knowledge_dir or Settings.from_environ().knowledge_dir
    entry_ids = set(load_knowledge(knowledge_dir).entries)
    return load_exercises(folder or str(Path(knowledge_dir) / REFLECTIONS_DIR), entry_ids)
