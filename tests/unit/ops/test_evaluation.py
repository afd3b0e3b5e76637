"""`make eval`'s scoring: tallies, expected-pattern groups, which entry answered, the decline texts."""
from __future__ import annotations

import yaml

from bot.config import ROOT
from bot.ops.evaluation import Tally, _answered_entry, _decline_texts, _matches


def test_a_tally_counts_passes_and_names_the_failures():
    tally = Tally()
    for ok, label in [(True, "a"), (False, "b"), (True, "c")]:
        tally.add(ok, label)
    assert tally.rate() == "2/3 (67%)" and tally.failures == ["b"]
    assert Tally().rate() == "0/0 (0%)"


def test_every_group_of_patterns_must_match_somewhere_in_the_reply():
    reply = "System leadership crosses organisational boundaries. Source: The King's Fund"
    assert _matches([["boundar"], ["king.s fund", "nhs"]], reply)
    assert _matches([], reply)
    assert not _matches([["boundar"], ["ADASS"]], reply)


def test_the_entry_is_the_one_whose_answer_opens_the_reply():
    answers = {"a": "System leadership is", "b": "Governance means"}
    assert _answered_entry("Governance means who decides.\nSource: x", answers) == "b"
    assert _answered_entry("I could not find that.", answers) is None


def test_decline_texts_come_from_the_domains_responses():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    texts = _decline_texts(domain)
    assert len(texts) == 3 and all(texts)
    names = ("utter_out_of_scope", "utter_not_in_knowledge_base", "utter_clinical")
    for name, text in zip(names, texts, strict=True):  # each reply's opening, up to a colon, at most 60 characters
        assert domain["responses"][name][0]["text"].startswith(text) and ":" not in text and len(text) <= 60
