"""Conversation review: the list of conversations and the masked transcript."""
from __future__ import annotations

import pytest

from bot.analytics.privacy import pseudonym
from bot.analytics.queries import make_filters
from bot.analytics.review import WITHHELD_COACH, WITHHELD_LEADER, list_conversations, transcript
from tests.unit.analytics import scenario
from tests.unit.analytics.test_queries import save_reflection

PERIOD = make_filters(scenario.DAY, scenario.DAY)


@pytest.fixture
def scripted(engine):
    for conversation in scenario.everyone():
        conversation.save(engine)
    save_reflection(engine, "leader-reflect", "cross-boundary-challenge", scenario.DAY, shared=True)
    save_reflection(engine, "leader-reflect", "cross-boundary-challenge", scenario.DAY, shared=False)
    return engine


def test_the_list_shows_pseudonyms_and_what_happened(scripted):
    listed = {c.pseudonym: c for c in list_conversations(scripted, PERIOD)}
    assert len(listed) == 8
    reflect = listed[pseudonym("leader-reflect")]
    assert (reflect.channel, reflect.cohort, reflect.turns, reflect.had_fallback) == ("socketio", "beta", 5, False)
    assert reflect.exercises == ("cross-boundary-challenge",)
    assert listed[pseudonym("leader-nonsense")].had_fallback
    assert not any(c.pseudonym.startswith("leader") for c in listed.values())


@pytest.mark.parametrize(
    "filters, senders",
    [
        ({"had_fallback": True}, {"leader-gap", "leader-nonsense"}),
        ({"exercise": "failing-well"}, {"leader-paused"}),
        ({"intent": "ask_programme"}, {"leader-finder"}),
        ({"had_fallback": False, "intent": "greet"}, {"leader-greet"}),
    ],
)
def test_the_list_filters(scripted, filters, senders):
    assert {c.pseudonym for c in list_conversations(scripted, PERIOD, **filters)} == {pseudonym(s) for s in senders}


def test_the_list_filters_by_channel_and_cohort_and_pages(scripted):
    assert len(list_conversations(scripted, make_filters(scenario.DAY, scenario.DAY, channel="teams"))) == 1
    assert len(list_conversations(scripted, make_filters(scenario.DAY, scenario.DAY, cohort="beta"))) == 1
    first, second = list_conversations(scripted, PERIOD, limit=5), list_conversations(scripted, PERIOD, limit=5, offset=5)
    assert len(first) == 5 and len(second) == 3 and not {c.pseudonym for c in first} & {c.pseudonym for c in second}


def test_a_transcript_is_masked_withholds_reflections_and_adds_only_shared_ones(scripted):
    result = transcript(scripted, pseudonym("leader-reflect"), PERIOD)
    said = [(turn["speaker"], turn["text"]) for turn in result["turns"]]
    assert ("leader", "yes") in said and ("coach", "Saved") in said
    everything = " ".join(text for _, text in said)
    assert "Priya" not in everything and "discharge" not in everything
    assert ("leader", WITHHELD_LEADER) in said and ("coach", WITHHELD_COACH) in said
    [shared] = result["shared_reflections"]  # the unshared one is not there
    assert shared["summary"] == "Summary by [NAME]"
    assert shared["answers"] == {"What is the challenge?": "Call [PHONE]"}

    gap = transcript(scripted, pseudonym("leader-gap"), PERIOD)
    assert gap["turns"][0] == {"time": gap["turns"][0]["time"], "speaker": "leader",
                               "text": "How do I get my sourdough starter to rise, asks [NAME]?"}
    assert transcript(scripted, "0" * 20, PERIOD) is None
    assert transcript(scripted, pseudonym("leader-gap"), make_filters("2025-01-01", "2025-01-02")) is None
