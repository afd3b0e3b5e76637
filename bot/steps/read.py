"""Read one message at a step of a flow: its answer, a control, a global escape, or a question.

Every flow asks this one function (step 2 of the turn order in ARCHITECTURE.md): the reflection
steps, the check-in's questions, the finder's question, the save/share/forget confirmations and
the exercise menu. A flow describes its step as a `Step` (what kind of answer it expects, and
for a choice, the choices); the reading comes back as a `Reading`, and the flow acts on it.

The order is fixed: safety (crisis and distress, bot.safety) first, then the global escapes
(bot.steps.escapes), then the controls (bot.coaching.controls), then the step's own answer, then
a question for the knowledge base; anything else is a miss. A text step takes any words as its
answer, except a question ("...?" opening with a question word, or one the classifier is sure
of), which the flow answers if the knowledge base covers it and otherwise keeps as the answer.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from bot.coaching.controls import Control, parse_control
from bot.coaching.engine import parse_score
from bot.coaching.text import normalise
from bot.dialogue import is_question_mid_form, looks_like_question
from bot.safety import safety_step
from bot.steps.escapes import Escape, read_escape

TEXT, SCALE, CHOICE, YES_NO, DATE = "text", "scale", "choice", "yes_no", "date"
# Asked once; after a miss asked again with buttons of what works; after a second miss the flow
# moves on (the step counts as skipped) and says so.
MAX_ASKS = 2
RESUMED = "resumed"  # the value of a Reading that is "I'm back" said while the step waits
NEAR_TITLE = 0.8  # difflib ratio from which a typed choice counts as a near spelling of a title


class Kind(Enum):
    """What a message is at a step."""

    SAFETY = "safety"      # crisis or distress: bot.safety's reply first, the flow pauses
    ESCAPE = "escape"      # one of bot.steps.escapes.ESCAPES
    CONTROL = "control"    # stop, pause, skip, back, help, start again
    ANSWER = "answer"      # the step's answer (value: the text, score, choice value or True/False)
    QUESTION = "question"  # a question for the knowledge base (the flow answers it if covered)
    MISS = "miss"          # none of these


@dataclass(frozen=True)
class Choice:
    """One choice of a choice step: its value, its button title, and other words for it."""

    value: str
    title: str
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """What a step expects. `parse` reads a custom answer (a date, a check-in outcome) and
    returns None when the message is not one; it is tried for text steps before the words."""

    kind: str = TEXT
    choices: tuple[Choice, ...] = ()
    parse: Callable[[str], Any] | None = None


@dataclass(frozen=True)
class Reading:
    kind: Kind
    value: Any = None
    control: Control | None = None
    escape: Escape | None = None


def read_turn(step: Step, text: str, intent: Mapping | None = None) -> Reading:
    """What `text` is at `step` (see the module docstring). Button payloads ("/...") are the
    caller's: they mean what they say."""
    words = text.strip()
    if not words:
        return Reading(Kind.MISS)
    if safety_step(words, intent, in_form=True).signposts:
        return Reading(Kind.SAFETY)
    escape = read_escape(words)
    if escape is not None:
        return Reading(Kind.ESCAPE, escape=escape)
    if is_resume(words):  # "where was I" while the step is waiting: it is asked again
        return Reading(Kind.CONTROL, RESUMED, control=Control.HELP)
    control = parse_control(words)
    if control is not None and not (step.kind == YES_NO and read_yes_no(words) is not None):
        return Reading(Kind.CONTROL, control=control)
    if step.kind == CHOICE and (read_yes_no(words) is False or _NONE_OF_THEM.match(normalise(words))):
        return Reading(Kind.CONTROL, control=Control.STOP)  # "no thanks", "none of these" end a menu politely
    if step.kind == CHOICE and words.endswith("?") and looks_like_question(words):
        return Reading(Kind.QUESTION)  # "what is system leadership?" is no choice, whatever it names
    value = read_answer(step, words)
    question = is_question_mid_form(words, intent) or asks_something(words)
    if value is not None and not (step.kind == TEXT and step.parse is None and question):
        return Reading(Kind.ANSWER, value)
    if question or (step.kind != TEXT and looks_like_question(words)):
        return Reading(Kind.QUESTION)
    return Reading(Kind.MISS)


_NONE_OF_THEM = re.compile(r"^(?:(?:um|er|erm|hmm|well|honestly|sorry|actually)\s+)*(?:none|neither|not any|nothing)"
                           r"\s+(?:of\s+)?(?:these|them|those|that|this|the above|it)\b")
_QUESTION_OPENING = re.compile(r"^(?:what|whats|how|why|who|where|when|which|is|are|does|do|can|could|should|tell me)\b")


# What a leader says before a question mid-step: "hang on, what's failing well?".
_ASIDE = re.compile(r"^(?:(?:hang on|hold on|wait|sorry|sorry but|quick question|just|um|erm|er|ok|okay|so|but|actually|"
                    r"before i answer|before that|first)\s+)+")
# A request for a meaning needs no "?": "hang on whats failing well actually mean".
_MEANING = re.compile(r"^(?:what|whats)\b.{0,60}\b(?:mean|means|meant by|stand for)$|"
                      r"^(?:can you|could you|pls|please)\s+(?:explain|tell me what)\b")


def asks_something(words: str) -> bool:
    """A question in form: it opens with a question word and ends with "?" ("what is an ICS?"),
    after an aside ("hang on, what's an ICS?"); or it asks what something means, with or without
    the "?" ("hang on whats failing well actually mean")."""
    said = _ASIDE.sub("", normalise(words))
    if words.rstrip().endswith("?") and _QUESTION_OPENING.match(said) is not None:
        return True
    return _MEANING.match(said.rstrip(" ?")) is not None


def read_answer(step: Step, words: str) -> Any:
    """The step's answer in `words`, or None."""
    if step.parse is not None:
        parsed = step.parse(words)
        if parsed is not None or step.kind != TEXT:
            return parsed
    if step.kind == SCALE:
        return parse_score(words)
    if step.kind == YES_NO:
        return read_yes_no(words)
    if step.kind == CHOICE:
        return read_choice(words, step.choices)
    return words


_YES_CORE = (r"(?:yes|yeah|yea|yep|yup|ya|y|aye|sure|ok|okay|alright|all right"
                  r"|please|please do|go on|go ahead|go for it|do it|fine|of course|definitely|absolutely|why not|ok then"
                  r"|yes please|sounds good|that would be (?:great|good|lovely)|lets do (?:it|that)|i would|i do|i will"
                  r"|correct|right|thats right|thats fine|save it|share it)")
_YES = re.compile(rf"^(?:(?:oh|well|um|er|then)\s+)*{_YES_CORE}(?:\s+{_YES_CORE})*(?:\s+(?:thanks|thank you|then|do))*$")
_NO_CORE = (r"(?:no|nope|nah|n|no thanks|no thank you|not really|not now|not today"
                 r"|not this time|i d rather not|id rather not|rather not|dont|do not|please dont|please do not|no need"
                 r"|leave it|never mind|nevermind|forget it|not for me|no way|i dont think so|nothing|none|neither"
                 r"|not interested|maybe not|better not|no ta|im ok|im good|im fine|keep it|dont save it|dont share it)")
_NO = re.compile(rf"^(?:(?:oh|ok|okay|well|um|er|erm|actually|sorry)\s+)*{_NO_CORE}(?:\s+{_NO_CORE})*"
                 r"(?:\s+(?:thanks|thank you|please|ta|then|for now|thats fine))*$")


_SLIPPED_YES, _SLIPPED_NO = ("yes", "yeah", "yep", "sure", "okay", "please"), ("nope", "no thanks")


def read_yes_no(text: str) -> bool | None:
    """True for a yes ("yeah go on", "yse"), False for a no ("nah, leave it", "nope"), else None."""
    words = normalise(text)
    if _YES.match(words) or any(swapped(words, word) for word in _SLIPPED_YES):
        return True
    if _NO.match(words) or any(swapped(words, word) for word in _SLIPPED_NO):
        return False
    return None


_FILLER = re.compile(r"^(?:(?:the|a|an|that|this|one|on|about|please|i ll have|ill have|lets do|let s do|i d like|id like"
                     r"|i want|do|try|go for|go with|i choose|i pick|reflect on)\s+)+|(?:\s+(?:one|exercise|please|thanks"
                     r"|reflection|theme))+$")


def read_choice(text: str, choices: tuple[Choice, ...]) -> str | None:
    """The value of the choice whose title (or other words) `text` names or nearly spells: the
    whole title, a near spelling of it ("cross boundry challenge"), or a distinctive part of it
    ("the cross boundary one"); None when none or more than one fits."""
    said = _FILLER.sub("", normalise(text)).strip()
    if not said:
        return None
    names = {choice.value: [normalise(t) for t in (choice.title, choice.value.replace("-", " "), *choice.also)]
             for choice in choices}
    exact = [value for value, forms in names.items() if said in forms]
    if len(exact) == 1:
        return exact[0]
    near = [value for value, forms in names.items()
            if any(difflib.SequenceMatcher(None, said, form).ratio() >= NEAR_TITLE or swapped(said, form)
                   for form in forms)]
    if len(near) == 1:
        return near[0]
    part = [value for value, forms in names.items() if len(said) >= 4 and any(_names_part(said, form) for form in forms)]
    return part[0] if len(part) == 1 else None


def swapped(said: str, form: str) -> bool:
    """True when `said` is `form` with two neighbouring letters swapped ("doen", "Dnoe"): the
    slip a near spelling's ratio misses in a short title (other slips it catches)."""
    if len(said) != len(form) or said == form:
        return False
    wrong = [i for i, (a, b) in enumerate(zip(said, form, strict=True)) if a != b]
    return len(wrong) == 2 and wrong[1] == wrong[0] + 1 and said[wrong[0]] == form[wrong[1]] \
        and said[wrong[1]] == form[wrong[0]]


def _names_part(said: str, form: str) -> bool:
    """True when `said` is a run of whole words in `form`, or `form` is a run in `said`."""
    return f" {said} " in f" {form} " or f" {form} " in f" {said} "


_RESUME_CORE = (
    r"(?:(?:i m|im|i am|we re|were) back|back again|where (?:was i|were we|did we (?:get to|leave off))"
    r"|(?:can we |could we |lets |let us |i d like to |id like to |i want to )?"
    r"(?:carry on|continue|resume|pick up|pick (?:it|this) (?:back )?up|go on|get back to it|finish)"
    r"(?: (?:where (?:i|we) (?:was|were|left off|stopped)|from where (?:i|we) (?:was|were|left off|stopped)"
    r"|my reflection|the reflection|the exercise|it|this|that|with (?:it|this|that|my reflection|the exercise)))*)")
_RESUME = re.compile(rf"^(?:(?:hi|hello|hey|ok|okay|right|so|and|morning|afternoon|evening)\s+)*{_RESUME_CORE}"
                     rf"(?:\s+(?:and |so )?{_RESUME_CORE})*(?:\s+(?:please|now|thanks|then|again))*$")


def is_resume(text: str) -> bool:
    """True for a request to carry on a paused flow in the leader's words: "I'm back", "where was
    I", "hi I'm back, can we carry on where I was", "continue my reflection"."""
    return _RESUME.match(normalise(text)) is not None


_TO_REFLECT = re.compile(r"\b(?:do|start|have|try|begin|run|go through|walk me through|give me)\b(?:\s+\w+){0,3}?"
                         r"\s+(?:reflection|reflect|exercise)s?\b")


def asks_to_reflect(text: str) -> bool:
    """True for a request to do an exercise ("can I do a quick reflection"), which names the
    journal's word but is not a request to see it."""
    return read_escape(text) is None and _TO_REFLECT.search(normalise(text)) is not None


def asks_again(misses: int) -> bool:
    """After `misses` misses in a row at a step: ask it again (True) or move on (False)."""
    return misses < MAX_ASKS
