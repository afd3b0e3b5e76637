"""bot.safety.patterns: the literal prefilter never hides a match."""
import re
from pathlib import Path

import pytest
import yaml

from bot.safety import patterns
from bot.safety.normalise import normalise
from bot.safety.patterns import Alternatives, required_literal

FAMILIES = {name: value for name, value in vars(patterns).items() if isinstance(value, Alternatives)}
TEXTS = [normalise(text) for texts in yaml.safe_load((Path(__file__).parent / "phrasings.yml").read_text()).values()
         for text in texts]


@pytest.mark.parametrize("part, literal", [
    (r"\bdignitas\b", "dignitas"),
    (r"\b(?:be|is) the end of me\b", " the end of me"),
    (r"\bburn(?:t|ed|ing)?[- ]?out\b", "burn"),
    (r"\battacks?\b", "attack"),
    (r"\bfire ?fighting\b", "fighting"),
    (r"(?<!of my )\b(?:rope|noose)\b", ""),
    (r"\bone|\btwo", ""),
])
def test_required_literal(part, literal):
    assert required_literal(part) == literal


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_the_prefilter_finds_what_the_whole_pattern_finds(name):
    family, whole = FAMILIES[name], re.compile(FAMILIES[name].pattern)
    for text in TEXTS:
        assert bool(family.search(text)) == bool(whole.search(text)), text
