"""Conversation-history helpers over Rasa's event dicts (plain data: no Rasa import)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.names import ACTION_LISTEN, ASK_QUESTION_INTENT

# How sure the classifier must be before a message inside a form counts as an intent (a question
# for the knowledge base, "stop check-ins", "no") rather than as the leader's answer.
INTERRUPTION_MIN_CONFIDENCE = 0.85


def user_turns(events: Iterable[Mapping]) -> list[list[str]]:
    """The action names run after each user message, one list per user message, oldest first."""
    turns: list[list[str]] = []
    for event in events:
        kind = event.get("event")
        if kind == "user":
            turns.append([])
        elif kind == "action" and turns and event.get("name") != ACTION_LISTEN:
            turns[-1].append(event.get("name"))
        elif kind in ("restart", "session_started"):
            turns = []
    return turns


def consecutive_turns_ending_in(events: Iterable[Mapping], action_name: str) -> int:
    """How many user turns in a row, before the current one, were answered by `action_name`."""
    previous = user_turns(events)[:-1]
    count = 0
    for actions in reversed(previous):
        if action_name not in actions:
            break
        count += 1
    return count


_QUESTION_WORDS = {"how", "what", "whats", "what's", "why", "who", "where", "when", "which", "can",
                   "could", "is", "are", "do", "does", "should", "will", "would", "any", "tell"}


def looks_like_question(text: str) -> bool:
    """A real question in words (not a keyboard mash): ends with '?' or opens with a question word,
    and has at least three words."""
    words = text.lower().split()
    if len(words) < 3:
        return False
    return text.rstrip().endswith("?") or words[0].strip(",.!") in _QUESTION_WORDS


def confident_intent(intent: Mapping | None) -> str | None:
    """The classified intent's name (Rasa's parse data) when it is sure enough to act on inside a
    form (INTERRUPTION_MIN_CONFIDENCE), else None."""
    intent = intent or {}
    return intent.get("name") if (intent.get("confidence") or 0) >= INTERRUPTION_MIN_CONFIDENCE else None


def is_question_mid_form(text: str, intent: Mapping | None) -> bool:
    """A message inside a form or exercise that asks the knowledge base rather than answering the
    form: it ends with '?' and the classifier is sure it is `ask_question`."""
    return text.rstrip().endswith("?") and confident_intent(intent) == ASK_QUESTION_INTENT
