"""Conversation-history helpers over Rasa's event dicts (plain data: no Rasa import)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping


def user_turns(events: Iterable[Mapping]) -> list[list[str]]:
    """The action names run after each user message, one list per user message, oldest first."""
    turns: list[list[str]] = []
    for event in events:
        kind = event.get("event")
        if kind == "user":
            turns.append([])
        elif kind == "action" and turns and event.get("name") != "action_listen":
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
