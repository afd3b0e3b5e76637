"""Suggest the exercise that fits what a leader said, from each exercise's `keywords`."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.coaching.models import Exercise
from bot.coaching.text import normalise

MIN_STEM_CHARS = 4  # shorter keyword words must match exactly ("go" must not match "good")


def suggest_exercise(text: str, exercises: Mapping[str, Exercise] | Iterable[Exercise]) -> Exercise | None:
    """The exercise whose keywords best match `text`; None when none match or two tie.

    A keyword matches a run of whole words; each keyword word of four or more letters also
    matches longer forms ("relationship" matches "relationships"). Longer keywords count for
    more, so "middle managers" outweighs a passing "challenge". A tie is left for the leader
    to choose rather than decided by file order.
    """
    items = exercises.values() if isinstance(exercises, Mapping) else exercises
    words = normalise(text).split()
    scores: dict[str, tuple[int, Exercise]] = {}
    for exercise in items:
        score = sum(len(k.split()) for k in map(normalise, exercise.keywords) if _contains(words, k.split()))
        if score:
            scores[exercise.id] = (score, exercise)
    if not scores:
        return None
    ranked = sorted(scores.values(), key=lambda item: item[0], reverse=True)
    if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
        return None
    return ranked[0][1]


def _contains(words: list[str], keyword: list[str]) -> bool:
    size = len(keyword)
    return size > 0 and any(
        all(_word_matches(words[i + j], keyword[j]) for j in range(size))
        for i in range(len(words) - size + 1)
    )


def _word_matches(word: str, key: str) -> bool:
    return word == key or (len(key) >= MIN_STEM_CHARS and word.startswith(key))
