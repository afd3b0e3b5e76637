"""What the coach says for an entry: answer with sources, more, citations and suggestions."""
from __future__ import annotations

from bot.knowledge.compose import compose_answer, compose_citation, compose_more, suggest_topics
from bot.knowledge.models import Source


def test_answer_then_blank_line_then_one_source_line_and_no_editors_notes(tiny_kb):
    entry = tiny_kb.entry("governance-clarity")  # two sources, the second with a checking note
    answer = compose_answer(tiny_kb, entry)
    body, source = answer.text.split("\n\n")
    assert body == entry.answer
    assert source == "Source: System leadership for integrated care, SCIE, n.d. — https://www.scie.org.uk/x"
    assert "Note:" not in answer.text and "third-party copy" not in answer.text
    assert answer.entry_id == "governance-clarity"


def test_related_are_title_and_id_pairs(tiny_kb):
    answer = compose_answer(tiny_kb, tiny_kb.entry("evidence-overview"))
    assert answer.related == [("What system leadership is", "what-is-system-leadership"),
                              ("Peer support and mentoring", "peer-support")]
    assert compose_answer(tiny_kb, tiny_kb.entry("governance-clarity")).related == []


def test_more_is_none_when_absent(tiny_kb):
    more = compose_more(tiny_kb, tiny_kb.entry("what-is-system-leadership"))
    assert more.startswith("Leaders")
    assert more.count("\n\nSource: ") == 1  # the longer explanation names its source as the answer does
    assert compose_more(tiny_kb, tiny_kb.entry("governance-clarity")) is None


def test_citation_uses_full_reference_or_builds_one(tiny_kb):
    text = compose_citation(tiny_kb, tiny_kb.entry("governance-clarity"))
    first, second = text.split("\n\n")
    assert first == "SCIE. System leadership for integrated care. n.d.\nhttps://www.scie.org.uk/x"
    assert second.splitlines() == [
        "The King's Fund. The practice of system leadership. 2015.",
        "https://www.kingsfund.org.uk/y",
    ]  # the editors' checking note stays in knowledge/


def test_source_short():
    source = Source("k", "Title", "Org", None, "https://x.org")
    assert source.short() == "Title, Org, n.d. — https://x.org"


def test_suggest_topics_prefers_overviews_then_file_order(tiny_kb):
    assert suggest_topics(tiny_kb, n=3) == [
        ("What system leadership is", "what-is-system-leadership"),
        ("What the evidence says", "evidence-overview"),
        ("Working with the local authority", "working-with-local-authority"),
    ]


def test_the_answer_adds_the_sentence_of_the_longer_explanation_that_the_question_asks_about():
    from bot.knowledge import get_knowledge
    from bot.knowledge.compose import compose_answer

    knowledge = get_knowledge()
    entry = knowledge.kb.entries["leadership-qualities-framework-asc"]
    lemmas = lambda text: knowledge.index.analyse(text).lemmas  # noqa: E731
    asked = compose_answer(knowledge.kb, entry, "is the social care framework aligned with the NHS one?", lemmas)
    assert asked.text.startswith(entry.answer)
    assert "mirrors the NHS leadership framework" in asked.text
    plain = compose_answer(knowledge.kb, entry, "what is the leadership qualities framework", lemmas)
    assert plain.text == compose_answer(knowledge.kb, entry).text  # nothing asked beyond the short answer
