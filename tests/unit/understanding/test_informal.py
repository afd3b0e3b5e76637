"""Informal writing is read as the words it stands for; ordinary words are never changed."""
from __future__ import annotations

from collections import Counter

import pytest

from bot.understanding.informal import Informal, edit_distance, vocabulary

DOMAIN = vocabulary(["government management system leadership evidence integrated integration "
                     "characteristics programme programme council council partnership"] * 2)
ENGLISH = {"government": -8.6, "management": -9.5, "system": -8.3, "leadership": -11.0,
           "evidence": -9.8, "integrated": -11.5, "characteristics": -12.0, "programme": -13.4,
           "program": -9.6, "programs": -10.3, "goverment": -13.75, "sytem": -16.1, "anything": -7.4,
           "bloke": -13.2, "wards": -13.0, "words": -9.5, "council": -10.5, "counsel": -13.5,
           "course": -9.0}


@pytest.fixture
def informal():
    return Informal(DOMAIN, ENGLISH, {"govt": "government", "mgmt": "management", "pls": "please"})


def test_abbreviations_are_read_as_the_words_they_stand_for(informal):
    reading = informal.read("how do govt and NHS mgmt lead together pls")
    assert reading.text == "how do government and NHS management lead together please"
    assert ("govt", "government") in reading.changes


@pytest.mark.parametrize("typed, meant", [
    ("goverment", "government"),  # a common typo: still far rarer than the word
    ("sytem", "system"),
    ("evidnce", "evidence"),  # not English at all
    ("intergrated", "integrated"),  # two edits in a long word
    ("charactersitics", "characteristics"),  # a swap of neighbours
    ("programe", "programme"),  # the domain's own spelling, not the American one
])
def test_a_typo_becomes_the_domain_word_it_stands_for(informal, typed, meant):
    assert informal.correction(typed) == meant
    assert informal.read(f"what about {typed}?").text == f"what about {meant}?"


@pytest.mark.parametrize("word", ["anything", "bloke", "wards", "counsel", "ICB", "PCN", "the", "hte"])
def test_ordinary_words_acronyms_and_short_words_are_left_alone(informal, word):
    assert informal.correction(word) is None
    assert informal.read(word).text == word


def test_two_equally_likely_readings_are_left_alone():
    informal = Informal(Counter({"lead": 5, "load": 5}), {"lead": -9.0, "load": -9.0}, {})
    assert informal.correction("laad") is None


def test_content_typos_do_not_make_a_typo_known():
    # The knowledge base's example questions are written as leaders type: a word seen once that
    # is not common English is not taken as correct.
    informal = Informal(Counter({"system": 9, "sytem": 1}), {"system": -8.3, "sytem": -16.1}, {})
    assert informal.correction("sytem") == "system"


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("form", "from") == 1
    assert edit_distance("leader", "leaders") == 1
    assert edit_distance("abc", "xyzuvw") == 3  # more than the limit


def test_a_long_word_with_two_slips_is_read(informal):
    # two letters changed, not swapped: found through the two-letter deletions of long words
    assert informal.read("the charactiristocs of it").text == "the characteristics of it"


def test_a_place_name_is_never_read_as_a_typo():
    # "leeds" is one edit from "needs", and missing from the English list in lower case.
    from bot.understanding.informal import place_names

    domain, english = Counter({"needs": 9}), {"needs": -8.0}
    assert Informal(domain, english, {}).correction("leeds") == "needs"
    informal = Informal(domain, english, {}, place_names())
    assert informal.read("an ICB in leeds and one in Swansea").text == "an ICB in leeds and one in Swansea"
    assert {"leeds", "belfast", "glasgow", "cardiff"} <= set(place_names())
