"""What the safety step says about one message: the one decision every caller uses (the safety
action, the knowledge actions, the reflection, finder and check-in forms, the check-in opener).

- crisis: the crisis reply (999 / A&E, Samaritans, Shout, NHS 111), and nothing else this turn;
- distress: a warm acknowledgement and the support routes; a question asked with it is answered
  after them when the knowledge base covers it. Right after a signpost, a message that is only
  distress (no crisis) is answered normally: the leader has been heard, and deserves an answer
  now, with a kind word about the pressures of the role where the knowledge base has none;
- strain idiom: one line of acknowledgement with support offered as a button, then the question
  answered, or a kind "how are things?". Never escalated on its own;
- clinical request: the decline;
- none: carry on.

Inside a form (reflection, finder, check-in) only crisis and distress interrupt: a strain idiom or
a clinical word there is the leader's answer.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot import names
from bot.safety.assess import Level, Safety, assess

ACTION_SAFETY = names.ACTION_SAFETY
SIGNPOSTS = frozenset({names.UTTER_CRISIS_SUPPORT, names.UTTER_CRISIS_SOMEONE_ELSE, names.UTTER_DISTRESS_SUPPORT})


@dataclass(frozen=True)
class SafetyStep:
    """The safety step's decision. `responses` are sent first, in order. Then, when `answer` is
    set, `question` is answered from the knowledge base (with `answer_intro` before the answer);
    when nothing covers it, `uncovered` is sent if set. `stop` means the turn ends there."""

    safety: Safety
    responses: tuple[str, ...] = ()
    stop: bool = False
    answer: bool = False
    question: str = ""
    answer_intro: str | None = None
    uncovered: str | None = None

    @property
    def level(self) -> Level:
        return self.safety.level

    @property
    def signposts(self) -> bool:
        """True when this message gets the crisis or distress reply (forms pause for it)."""
        return any(response in SIGNPOSTS for response in self.responses)


def safety_step(text: str, intent: Mapping | None = None, *, in_form: bool = False,
                after_signpost: bool = False) -> SafetyStep:
    """The safety step for one message (see the module docstring). `after_signpost`: the coach's
    previous reply signposted support (bot.safety.step.signposted_last_turn)."""
    found = assess(text, intent)
    level, question = found.level, found.question
    if level is Level.CRISIS:
        # Someone close in danger now ("my colleague has taken an overdose"): the numbers, for them.
        reply = names.UTTER_CRISIS_SOMEONE_ELSE if found.about_someone_else else names.UTTER_CRISIS_SUPPORT
        return SafetyStep(found, (reply,), stop=True)
    if level is Level.DISTRESS:
        if after_signpost and not in_form and found.asks_question:
            return SafetyStep(found, answer=True, question=question, uncovered=names.UTTER_ROLE_PRESSURES)
        responses = (names.UTTER_DISTRESS_SUPPORT, names.UTTER_SUPPORT_ROUTES)
        if found.asks_question and not in_form:
            return SafetyStep(found, responses, answer=True, question=question,
                              answer_intro=names.UTTER_DISTRESS_THEN_QUESTION)
        return SafetyStep(found, responses, stop=True)
    if in_form:
        return SafetyStep(found)
    if level is Level.CLINICAL:
        return SafetyStep(found, (names.UTTER_CLINICAL,), stop=True)
    if level is Level.STRAIN:
        if found.asks_question:
            return SafetyStep(found, (names.UTTER_STRAIN_ACKNOWLEDGEMENT,), answer=True, question=question)
        return SafetyStep(found, (names.UTTER_STRAIN_ACKNOWLEDGEMENT, names.UTTER_STRAIN_HOW_ARE_THINGS), stop=True)
    return SafetyStep(found)


def _turns(events: Iterable[Mapping]) -> list[list[Mapping]]:
    """Events grouped by user message (each group starts with the user event)."""
    turns: list[list[Mapping]] = [[]]
    for event in events:
        if event.get("event") == "user":
            turns.append([])
        elif event.get("event") in ("restart", "session_started"):
            turns = [[]]
        turns[-1].append(event)
    return turns


def signposted_last_turn(events: Iterable[Mapping]) -> bool:
    """True when the coach's reply to the previous user message signposted support."""
    turns = _turns(events)
    if len(turns) < 3:
        return False
    return any(event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") in SIGNPOSTS
               for event in turns[-2])


def handled_this_turn(events: Iterable[Mapping]) -> bool:
    """True when the safety action already ran for the latest user message (so its replies are
    not repeated by the action that runs after it)."""
    return any(event.get("event") == "action" and event.get("name") == ACTION_SAFETY
               for event in _turns(events)[-1])
