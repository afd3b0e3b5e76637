"""Suggest the exercise that fits what a leader said, from each exercise's `keywords`."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bot.coaching.models import Exercise
from bot.coaching.text import normalise

MIN_STEM_CHARS = 4  # shorter keyword words must match exactly ("go" must not match "good")
# Asking, inside an exercise, for a different one: a word of changing course ("instead", "rather",
# "switch", "not that one"), or an opening "no" / "wait" / "actually" with "exercise" or "one".
_SWITCH = re.compile(r"\b(?:instead|rather|switch|swap|change (?:to|over)|different (?:one|exercise)|"
                     r"wrong (?:one|exercise)|not (?:this|that) one)\b", re.IGNORECASE)
_CHANGE_OF_MIND = re.compile(r"^\W*(?:no|nope|nah|wait|actually|sorry|oops|hang on|hmm+|erm|oh)\b", re.IGNORECASE)
_NAMES_AN_EXERCISE = re.compile(r"\b(?:exercise|one|reflection)\b|"
                                # a correction of what was asked for: "no, I meant rate my organisation, not me"
                                r"\bi (?:meant|was after|asked for)\b|\bnot (?:me|myself)\b", re.IGNORECASE)
MAX_SWITCH_WORDS = 20  # longer messages are answers that happen to mention another topic


def suggest_exercise(text: str, exercises: Mapping[str, Exercise] | Iterable[Exercise]) -> Exercise | None:
    """The exercise whose keywords best match `text`; None when none match or two tie.

    A keyword matches a run of whole words; each keyword word of four or more letters also
    matches longer forms ("relationship" matches "relationships"). Longer keywords count for
    more, so "middle managers" outweighs a passing "challenge". A tie is left for the leader
    to choose rather than decided by file order.
    """
    items = list(exercises.values() if isinstance(exercises, Mapping) else exercises)
    scores = keyword_scores(text, items)
    ranked = sorted(((score, exercise) for exercise in items if (score := scores[exercise.id])),
                    key=lambda item: item[0], reverse=True)
    if not ranked:
        return None
    if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
        return None
    return ranked[0][1]


def keyword_scores(text: str, exercises: Iterable[Exercise], min_words: int = 1) -> dict[str, int]:
    """Per exercise id, how many keyword words of the exercise `text` says, each keyword as a run
    of whole words ("did not work" counts 3, "lesson" 1), counting keywords of `min_words` words or
    more; 0 when none."""
    words = normalise(text).split()
    return {exercise.id: sum(len(k.split()) for k in map(normalise, exercise.keywords)
                             if len(k.split()) >= min_words and _contains(words, k.split()))
            for exercise in exercises}


def _contains(words: list[str], keyword: list[str]) -> bool:
    size = len(keyword)
    return size > 0 and any(
        all(_word_matches(words[i + j], keyword[j]) for j in range(size))
        for i in range(len(words) - size + 1)
    )


def _word_matches(word: str, key: str) -> bool:
    return word == key or (len(key) >= MIN_STEM_CHARS and word.startswith(key))


def exercise_for_theme(theme: str, exercises: Mapping[str, Exercise], kb, entry_id: str | None = None) -> Exercise | None:
    """The exercise for a "Reflect on this theme" button that named a theme (and the answered
    entry): the entry's own exercise (`exercise_for_entry`), else one named after the theme, else
    the one drawing most on entries of that theme; None when no exercise draws on it."""
    entry = kb.entries.get(entry_id) if entry_id else None
    if entry is not None:
        return exercise_for_entry(entry, exercises, kb)
    named = normalise(theme)
    for exercise in exercises.values():
        if named and named in normalise(exercise.title):
            return exercise
    return _best(exercises, lambda exercise: sum(1 for other in exercise.draws_on
                                                 if other in kb.entries and theme in kb.entries[other].themes))


RELATED_WEIGHT = 3  # a link between the entry and one an exercise draws on counts for three shared themes


def exercise_for_entry(entry, exercises: Mapping[str, Exercise], kb) -> Exercise | None:
    """The exercise to offer under an answer from `entry` ("Reflect on this theme"): one named after
    its first theme ("failing well"), else the most focused one drawing on the entry itself,
    else the one whose entries are most linked to it (related entries, then shared themes);
    None when no exercise is linked to it at all, and the answer offers none."""
    theme = normalise(entry.themes[0]) if entry.themes else ""
    for exercise in exercises.values():
        if theme and theme in normalise(exercise.title):
            return exercise
    drawing = [e for e in exercises.values() if entry.id in e.draws_on]
    if drawing:
        return min(drawing, key=lambda e: len(e.draws_on))
    linked = set(entry.related) | {other.id for other in kb.entries.values() if entry.id in other.related}

    def closeness(exercise: Exercise) -> int:
        drawn = [kb.entries[other] for other in exercise.draws_on if other in kb.entries]
        return RELATED_WEIGHT * sum(1 for other in drawn if other.id in linked) + \
            sum(len(set(entry.themes) & set(other.themes)) for other in drawn)
    return _best(exercises, closeness)


def _best(exercises: Mapping[str, Exercise], score) -> Exercise | None:
    """The exercise with the highest positive score (the most focused one of a tie), else None."""
    scored = [(score(exercise), -len(exercise.draws_on), exercise) for exercise in exercises.values()]
    scored = [item for item in scored if item[0] > 0]
    return max(scored, key=lambda item: item[:2])[2] if scored else None


def switch_to(text: str, exercises: Mapping[str, Exercise], current: str | None) -> Exercise | None:
    """The other exercise a leader asks for in the middle of one ("wait no, I wanted the middle
    managers exercise", "can we do the one about failure instead"); None for an answer, even one
    that names another exercise's topic ("I wanted the middle managers to lead it")."""
    words = normalise(text).split()
    if not words or len(words) > MAX_SWITCH_WORDS:
        return None
    if not (_SWITCH.search(text) or (_CHANGE_OF_MIND.search(text) and _NAMES_AN_EXERCISE.search(text))):
        return None
    chosen = suggest_exercise(text, exercises)
    return chosen if chosen is not None and chosen.id != current else None
