"""Text normalisation shared by control parsing, scale parsing and exercise suggestion."""
from __future__ import annotations

import re

_APOSTROPHES = re.compile(r"['\u2018\u2019`]")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces: "Let's stop." -> "lets stop".

    Apostrophes are dropped rather than spaced so "didn't" stays one word ("didnt").
    """
    return _NON_WORD.sub(" ", _APOSTROPHES.sub("", text.lower())).strip()
