"""Read a 1-5 scale answer said in words: "4", "four", "3/5", "about a 3", "quite confident".

Graded words follow one ladder, for confidence and safety wording alike: "not at all" is 1,
"not very" 2, "fairly" or "somewhat" 3, "quite" or "pretty" 4, "very" or "completely" 5 (and a few
everyday words: "not great" 2, "so-so", "OK" or "meh" 3). The
word must lead the answer (after an opening such as "I'm" or "I'd say"), and an adjective
with a negative prefix ("very unsafe") is not read, because which end of the scale it means
depends on the question: the coach asks again with buttons instead of guessing.
"""
from __future__ import annotations

import re

# What may come before the score: "about a 3", "I'd say 4", "I'm quite confident".
_LEAD_IN = re.compile(
    r"^(?:(?:i d|id|i would|i ll|ill) (?:say|go (?:for|with)|give (?:it|that|myself|me)|put (?:it|myself|me) at|rate (?:it|myself|me))"
    r"|about|around|roughly|approximately|maybe|probably|perhaps|possibly|say|its|it s|it is|thats|that s|that is"
    r"|i m|im|i am|i feel|feeling|i think|i guess|honestly|hmm+|um+|er+|erm|well|ok|okay|so|oh|a|an|at|like|only"
    r"|maybe a|definitely|just)\s+")
# The graded ladder, most specific first ("not at all" before "not", "not very" before "very").
_GRADES: tuple[tuple[int, str], ...] = (
    (1, r"not (?:at all|in the (?:slightest|least))|(?:none|zero|nil) at all|not one bit|hardly at all|totally not"),
    (2, r"not (?:very|that|really|too|so|especially|particularly|overly|great|good|brilliant|much)|a (?:little|bit)"
        r"|slightly|barely|hardly|low"),
    (3, r"fairly|somewhat|moderately|reasonably|sort of|kind of|kinda|middling|so so|medium|in the middle|halfway"
        r"|not bad|mixed"),
    (4, r"quite|pretty|mostly|largely|rather|high"),
    (5, r"very|completely|totally|extremely|fully|absolutely|entirely|really|100 percent|incredibly"),
)
# Everyday words for the middle, read only as the whole answer ("ok i guess not" is no 3).
_WHOLE_MIDDLE = frozenset({"ok", "okay", "alright", "all right", "average", "meh", "middle", "so so"})
_GRADE = re.compile(r"^(?:" + "|".join(f"(?P<g{score}>{words})" for score, words in _GRADES) + r")\b(?P<rest>.*)$")
_NEGATIVE_ADJECTIVE = re.compile(r"^\s+(?:un|in|dis|non)[a-z]{3,}")
_PUNCTUATION = re.compile(r"[\u2018\u2019'`]")


def strip_lead_in(words: str) -> str:
    """`words` without an opening such as "I'd say", "about a", "I'm"."""
    while True:
        stripped = _LEAD_IN.sub("", words, count=1)
        if stripped == words:
            return words
        words = stripped


def graded_score(text: str) -> int | None:
    """The score a graded word at the start of `text` gives ("quite confident" -> 4), else None."""
    words = " ".join(_PUNCTUATION.sub(" ", text.lower()).replace(",", " ").replace("-", " ").split())
    if words.strip(" .!") in _WHOLE_MIDDLE:
        return 3
    match = _GRADE.match(words) or _GRADE.match(strip_lead_in(words))  # "so so" before "so" as an opening
    if not match or _NEGATIVE_ADJECTIVE.match(match.group("rest")):
        return None
    return next(score for score, _ in _GRADES if match.group(f"g{score}"))
