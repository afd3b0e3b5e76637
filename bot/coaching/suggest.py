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


def exercise_for_theme(theme: str, exercises: Mapping[str, Exercise], kb, entry_id: str | None = None) -> Exercise | None:
    """The exercise for the "Reflect on this theme" button under an answer: one named after the
    theme ("failing well"), else one drawing on the answered entry, else the one drawing most on
    entries of that theme; None when no exercise draws on it."""
    named = normalise(theme)
    for exercise in exercises.values():
        if named and named in normalise(exercise.title):
            return exercise
    if entry_id:
        drawing = [e for e in exercises.values() if entry_id in e.draws_on]
        if drawing:
            return min(drawing, key=lambda e: len(e.draws_on))  # the most focused one
    best, best_count = None, 0
    for exercise in exercises.values():
        count = sum(1 for other in exercise.draws_on
                    if other in kb.entries and theme in kb.entries[other].themes)
        if count > best_count:
            best, best_count = exercise, count
    return best
