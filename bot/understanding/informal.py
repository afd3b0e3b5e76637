"""Read informal writing as the words it stands for: abbreviations, text-speak and typos.

Leaders type on phones between meetings: "how do govt and nhs mgmt lead together pls",
"whats the evidnce on intergrated care". Before the message is understood:
1. each word listed in the glossary's `abbreviations:` is replaced by what it stands for
   ("govt" -> "government", "pls" -> "please");
2. a word that is not in the domain vocabulary (every word of the knowledge base, the
   catalogue and the exercises) may be a typo for a domain word: one edit away for words of up
   to six letters, two for longer ones (a deletion, an insertion, a substitution or a swap of
   neighbours each count one). It is corrected when the candidate is far more likely English
   than what was typed (a noisy-channel test on the log probabilities of spacy-lookups-data's
   English lexeme table, written to build/ by `make nlp`: "goverment" is rare, "government"
   common), or when what was typed is not English at all; a word that is ordinary English
   ("anything", "bloke") is left alone, and so is a typo with two equally likely readings.
Words the domain or English knows are never changed, so abbreviations a leader uses on purpose
("ICB", "PCN") and ordinary words stay as typed. Spelling is corrected against a small domain
vocabulary rather than a general dictionary: a general one turns "nhs mgmt pls" into "nos get
plus"; ours keeps the domain's words and general English as they are.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MIN_CORRECTED_CHARS = 4  # shorter words are too ambiguous to correct ("hte" could be many things)
LONG_WORD_CHARS = 7  # from this length two edits are allowed
# How much likelier (natural log) the correction must be in English than the word as typed:
# e^3, about twenty times. A typed word missing from the English list counts as this rare:
MIN_GAIN = 3.0
UNSEEN_LOG_PROB = -20.0
# A typed word that is itself common English needs a much likelier correction (e^5, about 150
# times): "goverment" (a common typo) still becomes "government", "wards" never "words".
COMMON_LOG_PROB = -15.0
MIN_GAIN_COMMON = 5.0
# Words of the message; keeps apostrophes, ampersands and slashes inside words ("w/o", "h&sc").
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'&/.+]*[A-Za-z0-9+]|[A-Za-z0-9&+]")
_TOKENISE = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Reading:
    """The message as the coach reads it, and what was changed (for explanations and logs)."""

    text: str
    changes: tuple[tuple[str, str], ...] = ()


def vocabulary(texts: Iterable[str]) -> Counter:
    """Lower-case words and how often they occur in `texts`."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(_TOKENISE.findall(text.lower()))
    return counts


def place_names(path: str | None = None) -> list[str]:
    """The UK place names in `uk_places.txt` (beside this module), never corrected as typos."""
    from pathlib import Path

    text = Path(path or Path(__file__).with_name("uk_places.txt")).read_text(encoding="utf-8")
    return [word for line in text.splitlines() if not line.startswith("#") for word in line.split()]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count one), or limit + 1 when larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


class Informal:
    """Expands abbreviations and corrects typos against the domain's vocabulary."""

    def __init__(self, domain_words: Counter, english: Mapping[str, float],
                 abbreviations: Mapping[str, str], names: Iterable[str] = ()):
        self._counts = domain_words
        self._english = english
        # The content's example questions are written as leaders type, typos included: a domain
        # word counts as known when it occurs more than once or is common English.
        self._known = frozenset(word for word, count in domain_words.items()
                                if count > 1 or english.get(word, UNSEEN_LOG_PROB) >= COMMON_LOG_PROB)
        # Names of places are never typos, though they may be one edit from a word ("leeds").
        self._names = frozenset(name.lower() for name in names)
        self._abbreviations = {key.lower(): value for key, value in abbreviations.items()}
        # Symmetric-delete index: every domain word under itself and its one-letter deletions (a
        # long word also under its two-letter ones, so two slips such as "equivelant" are found),
        # so the candidates for a typo are found without comparing it with every word.
        self._index: dict[str, set[str]] = {}
        for word in self._known:
            if len(word) >= MIN_CORRECTED_CHARS - 1:
                keys = {word, *_deletes(word)}
                if len(word) >= LONG_WORD_CHARS:
                    keys |= {shorter for key in list(keys) for shorter in _deletes(key)}
                for key in keys:
                    self._index.setdefault(key, set()).add(word)

    def known(self, word: str) -> bool:
        return word.lower() in self._known or word.lower() in self._english

    def _likelihood(self, word: str) -> float:
        return self._english.get(word, UNSEEN_LOG_PROB)

    def correction(self, word: str) -> str | None:
        """The domain word a typo stands for, or None when the word is fine or unclear."""
        lowered = word.lower()
        if len(lowered) < MIN_CORRECTED_CHARS or not lowered.isalpha() or lowered in self._known \
                or lowered in self._names:
            return None
        limit = 2 if len(lowered) >= LONG_WORD_CHARS else 1
        keys = {lowered, *_deletes(lowered)}
        if limit == 2:
            keys |= {shorter for key in list(keys) for shorter in _deletes(key)}
        candidates = {word for key in keys for word in self._index.get(key, ())}
        typed = self._likelihood(lowered)
        gain = MIN_GAIN_COMMON if typed >= COMMON_LOG_PROB else MIN_GAIN
        if typed >= COMMON_LOG_PROB:
            limit = 1  # a common word is only a typo for a word one edit away
        # Closest first; among equally close, the commonest in the domain's own text, then in English.
        scored = sorted(((edit_distance(lowered, c, limit), -self._counts[c], -self._likelihood(c), c)
                         for c in candidates), key=lambda item: item[:3])
        scored = [item for item in scored if item[0] <= limit and -item[2] - typed >= gain]
        if not scored:
            return None
        best = scored[0]
        # Two candidates as close and about as common in the domain: the meaning is unclear.
        if len(scored) > 1 and scored[1][0] == best[0] and -scored[1][1] * 2 > -best[1]:
            return None
        return best[3]

    def read(self, text: str) -> Reading:
        """`text` with abbreviations expanded and typos corrected."""
        changes: list[tuple[str, str]] = []

        def replace(match: re.Match) -> str:
            word = match.group(0)
            lowered = word.lower()
            if lowered in self._abbreviations:
                meaning = self._abbreviations[lowered]
                changes.append((word, meaning))
                return meaning
            corrected = self.correction(word)
            if corrected is not None:
                changes.append((word, corrected))
                return corrected
            return word

        return Reading(_WORD.sub(replace, text), tuple(changes))
