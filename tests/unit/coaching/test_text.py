"""Text normalisation: lower-case words separated by single spaces, apostrophes dropped."""
from __future__ import annotations

import pytest

from bot.coaching.text import normalise


@pytest.mark.parametrize("text, expected", [
    ("Let's stop.", "lets stop"),
    ("I didn't  finish", "i didnt finish"),
    ("I didn\u2019t, really", "i didnt really"),
    ("\u2018Pause\u2019 please", "pause please"),
    ("don`t", "dont"),
    ("  SKIP!!! this one  ", "skip this one"),
    ("step-by-step/ 3 of 5", "step by step 3 of 5"),
    ("caf\u00e9 na\u00efve", "caf na ve"),
    ("", ""),
    ("?!", ""),
])
def test_normalise(text, expected):
    assert normalise(text) == expected
