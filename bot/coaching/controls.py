"""Recognise a message that is, as a whole, a control for the exercise (stop, pause, skip, back).

A control must be the entire message, optionally with a polite opening or closing ("ok",
"please", "for now"). Anything more is an answer: "we should stop the pilot" or "go back to
basics" are things a leader reflects on, and capturing them as answers loses nothing, whereas
mistaking them for controls would throw the reflection away.
"""
from __future__ import annotations

import re
from enum import Enum

from bot.coaching.text import normalise


class Control(Enum):
    """What the leader asked the exercise to do."""

    STOP = "stop"
    PAUSE = "pause"
    SKIP = "skip"
    BACK = "back"


# What a control may act on: "stop the exercise", "skip this one", "pause it".
_OBJECT = (r"(?:(?:the|this|that|my)\s+)?(?:exercise|reflection|session|coaching|conversation"
           r"|activity|questions?|one|step)|it|this|that|here|there")

# Normalised text (see text.normalise: lower case, no punctuation, "let's" -> "lets").
_CORES = {
    Control.STOP: [
        rf"(?:stop|end|quit|exit|cancel|abandon)(?:\s+(?:{_OBJECT}))?",
        r"(?:i m|im|i am) done",
        r"no more questions",
    ],
    # Checked before STOP and SKIP so that "finish this later" pauses rather than ends.
    Control.PAUSE: [
        rf"pause(?:\s+(?:{_OBJECT}))?",
        r"(?:take|have) a (?:break|pause)",
        rf"(?:come back to|continue|carry on(?: with)?|finish|pick up|return to)"
        rf"(?:\s+(?:{_OBJECT}))?\s+later",
        rf"(?:come back|pick (?:{_OBJECT}) up)\s+later",
        rf"save (?:{_OBJECT})\s+for later",
        r"hold (?:on|that thought)",
    ],
    Control.SKIP: [
        rf"skip(?:\s+(?:{_OBJECT}|ahead))?",
        r"next(?:\s+(?:question|one|step))?",
        r"pass",
        r"move on(?:\s+to the next (?:question|one|step))?",
        rf"(?:i d|id|i would) rather not (?:say|answer)(?:\s+(?:{_OBJECT}))?",
        r"rather not say",
    ],
    Control.BACK: [
        r"(?:go\s+)?back(?:\s+(?:one|a step|one step|a question|one question))?",
        r"(?:(?:go\s+)?back\s+to\s+)?(?:the\s+)?(?:previous|last)\s+(?:question|one|step)",
        r"previous",
        r"undo",
        r"change my (?:last |previous )?answer",
    ],
}
_OPENING = (r"(?:please|ok|okay|right|sorry|actually|just|so|um|er|lets|let us|can we|could we"
            r"|can i|could i|may i|i want to|i wanna|i d like to|id like to|i would like to"
            r"|i need to|i think i ll|i ll)")
_CLOSING = (r"(?:please|thanks|thank you|now|then|for now|for today|for a (?:bit|moment|minute"
            r"|second|while)|instead)")
_ORDER = (Control.PAUSE, Control.STOP, Control.SKIP, Control.BACK)
_PATTERNS = [
    (control, re.compile(rf"^(?:{_OPENING}\s+)*(?:{'|'.join(_CORES[control])})(?:\s+{_CLOSING})*$"))
    for control in _ORDER
]


def parse_control(text: str) -> Control | None:
    """The control that `text` is as a whole ("Stop please", "/skip", "go back"), else None."""
    words = normalise(text)
    if not words:
        return None
    for control, pattern in _PATTERNS:
        if pattern.match(words):
            return control
    return None
