"""The real knowledge folder validates (a content change that breaks the schema fails here)."""
from __future__ import annotations

import pytest

from bot.config import ROOT
from bot.knowledge.loader import load_knowledge


def test_real_knowledge_validates():
    kb = load_knowledge(ROOT / "knowledge")
    assert len(kb.entries) >= 50 and kb.sources and kb.glossary


@pytest.fixture(scope="module")
def real_index(tmp_path_factory):
    from bot.config import ROOT
    from bot.knowledge.loader import load_knowledge
    from bot.knowledge.search import KnowledgeIndex
    from bot.nlp import build_pipeline, load_pipeline

    pipeline = tmp_path_factory.mktemp("spacy")
    build_pipeline(ROOT / "knowledge" / "glossary.yml", pipeline)
    return KnowledgeIndex.build(load_knowledge(ROOT / "knowledge"), load_pipeline(str(pipeline)))


@pytest.mark.parametrize(
    "query, expected",
    [
        ("What is system leadership?", "what-is-system-leadership"),
        ("what's systems leadership", "what-is-system-leadership"),
        ("What is failing well?", "failing-well"),
        ("What is compassionate leadership?", "compassionate-leadership"),
    ],
)
def test_the_most_basic_questions_are_answered_from_the_right_entry(real_index, query, expected):
    hit = real_index.best(query)
    assert hit is not None and hit.entry.id == expected
