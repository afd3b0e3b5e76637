"""Steps of a flow: read a message at a step (answer, control, escape, question) in one place.

No Rasa here (tests/unit/test_boundaries.py). See bot.steps.read and bot.steps.escapes.
"""
from __future__ import annotations

from bot.coaching.controls import Control
from bot.steps.escapes import ESCAPE_ACTIONS, ESCAPES, Escape, read_escape
from bot.steps.read import (
    CHOICE,
    DATE,
    MAX_ASKS,
    RESUMED,
    SCALE,
    TEXT,
    YES_NO,
    Choice,
    Kind,
    Reading,
    Step,
    asks_again,
    asks_to_reflect,
    is_resume,
    read_choice,
    read_turn,
    read_yes_no,
)

__all__ = ["CHOICE", "DATE", "ESCAPE_ACTIONS", "ESCAPES", "MAX_ASKS", "RESUMED", "SCALE", "TEXT", "YES_NO", "Choice", "Control", "Escape", "Kind",
           "Reading", "Step", "asks_again", "asks_to_reflect", "is_resume", "read_choice", "read_escape", "read_turn", "read_yes_no"]
