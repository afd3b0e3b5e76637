"""Recognise a message that is, as a whole, a control for a step (stop, pause, skip, back, help,
start again).

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
    HELP = "help"
    RESTART = "restart"


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
        r"(?:maybe |ask me )?later",
        r"not (?:now|right now|today)",
        r"(?:(?:i ve|ive|i have|i|weve|we have|we)\s+)?(?:got to|gotta|have to|need to|must) (?:go|run|dash|leave)(?: now)?",
        r"gtg|g2g|brb",
        r"(?:i m|im|i am) (?:being )?(?:called away|needed)",
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
    Control.HELP: [
        r"help(?: me)?",
        r"(?:what|how) (?:can|do|should) i (?:say|answer|do|put|write)(?: here)?",
        r"(?:i m|im|i am) (?:stuck|lost|confused)",
        r"(?:i )?(?:dont|do not) (?:understand|get it|know what to (?:say|put|write))",
        r"what (?:are )?(?:my|the) options",
        r"what do you mean",
    ],
    Control.RESTART: [
        rf"(?:start|begin)(?: (?:{_OBJECT}))? (?:again|over|afresh)",
        rf"restart(?: (?:{_OBJECT}))?",
        r"from the (?:top|beginning|start)",
        r"reset",
    ],
}
# A pause said in passing at the end of a longer message: "got pulled into a meeting, can we come
# back to this later?". Only with "this", "it" or "that" as the object, so an answer such as "I
# will come back to the board later" stays an answer.
_PAUSE_IN_PASSING = re.compile(
    r"\b(?:can we|could we|lets|let us|i ll|ill|i will|we ll|well|we will|can i|could i)\s+"
    r"(?:come back to|get back to|pick|carry on(?: with)?|continue(?: with)?|finish|return to|do|resume)\s+"
    r"(?:this|it|that|the exercise|the reflection)(?:\s+up)?\s+"
    r"(?:later|tomorrow|another time|next time|after(?: my| the)? \w+|in (?:a bit|a while|an hour))(?:\s+\w+)?$")
# "Later" set off at the end of a short message: "got pulled onto the ward, later", "sorry - later".
# The comma or dash matters: "we fixed it later" is an answer.
_LATER_AFTER_A_BREAK = re.compile(r"[,;:\u2013\u2014-]\s*(?:(?:talk|speak|chat|more|back|continue|carry on)\s+)?"
                                  r"(?:later|in a bit|another time)\s*[.!?]*\s*$", re.I)
LATER_AFTER_A_BREAK_WORDS = 10  # longer messages are answers that happen to end so
_OPENING = (r"(?:please|ok|okay|oh|right|sorry|actually|just|so|um|er|hmm|can you|lets|let us|can we|could we"
            r"|can i|could i|may i|i want to|i wanna|i d like to|id like to|i would like to"
            r"|i need to|i think i ll|i ll)")
_CLOSING = (r"(?:please|thanks|thank you|now|then|for now|for today|for a (?:bit|moment|minute"
            r"|second|while)|instead)")
_ORDER = (Control.PAUSE, Control.RESTART, Control.STOP, Control.SKIP, Control.BACK, Control.HELP)
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
    if _PAUSE_IN_PASSING.search(words):
        return Control.PAUSE
    if _LATER_AFTER_A_BREAK.search(text) and len(words.split()) <= LATER_AFTER_A_BREAK_WORDS:
        return Control.PAUSE
    return None
