"""The global escapes: what a leader can say at any step of any flow and always be heard.

This is the one list. Every step reader (bot.steps.read_turn) checks it before the step's own
answer, so a new escape (feedback, say) joins here and works everywhere at once. Distress and
crisis are not in it: bot.safety decides those, before any escape.

Each escape is matched against the whole message, optionally with a polite opening or closing
("can you show my reflections please"), so an answer that merely mentions one ("I want my team
to stop check-ins with the ICB") stays an answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot import names
from bot.coaching.text import normalise


@dataclass(frozen=True)
class Escape:
    """A way out of any step: the action that does it, and the phrasings that ask for it."""

    name: str
    action: str
    phrasings: tuple[str, ...]  # regular expressions over normalised text (bot.coaching.text)
    example: str  # a phrasing a leader would use (the conversation fuzzer sends it)


_MY_REFLECTIONS = r"(?:my|the)\s+(?:saved\s+)?(?:reflections?|journal|notes)"
ESCAPES: tuple[Escape, ...] = (
    Escape("forget_me", names.ACTION_FORGET_ME, (
        r"forget (?:me|about me|everything(?: about me)?|all about me)",
        r"(?:delete|erase|remove|wipe) (?:me|my (?:data|account|details|information)|everything(?: about me)?"
        r"|all my (?:data|information|reflections))",
    ), "forget me"),
    Escape("export", names.ACTION_EXPORT_JOURNAL, (
        rf"(?:export|download) (?:{_MY_REFLECTIONS}|my data|everything(?: you hold)?(?: about me)?)",
        r"(?:give|send) me (?:a copy of )?my data",
        r"what (?:data )?do you (?:hold|have|keep) (?:on|about) me",
    ), "export my reflections"),
    Escape("show_reflections", names.ACTION_SHOW_JOURNAL, (
        rf"(?:show|list|see|view|open) {_MY_REFLECTIONS}",
        rf"(?:what|which) (?:are )?{_MY_REFLECTIONS}",
    ), "show my reflections"),
    Escape("show_commitments", names.ACTION_SHOW_COMMITMENTS, (
        r"(?:show|list|see|view) my (?:commitments?|actions|next steps|plans)",
        r"what (?:have i|did i) commit(?:ted)? to",
        r"my commitments",
    ), "show my commitments"),
    Escape("stop_checkins", names.ACTION_STOP_CHECKINS, (
        r"(?:stop|turn off|switch off|cancel|no more|pause|disable) (?:the |your |all )?check ?ins?",
        r"(?:stop|dont) (?:checking in|check in)(?: on me| with me)?",
        r"(?:stop|no more) (?:the )?reminders",
    ), "stop check-ins"),
)
ESCAPE_ACTIONS = frozenset(escape.action for escape in ESCAPES)

_OPENING = (r"(?:please|ok|okay|right|sorry|actually|just|so|hang on|wait|hold on|can you|could you|would you"
            r"|can i|could i|i want to|i d like to|id like to|i would like to|i need to|i want you to|lets"
            r"|how do i|how can i)")
_CLOSING = r"(?:please|thanks|thank you|now|first|for me|then|instead)"
_PATTERNS = tuple(
    (escape, re.compile(rf"^(?:{_OPENING}\s+)*(?:{'|'.join(escape.phrasings)})(?:\s+{_CLOSING})*$"))
    for escape in ESCAPES
)


def read_escape(text: str) -> Escape | None:
    """The global escape that `text` asks for as a whole, else None."""
    words = normalise(text.replace("-", " "))
    if not words:
        return None
    for escape, pattern in _PATTERNS:
        if pattern.match(words):
            return escape
    return None
