"""The benchmark's synthetic knowledge base is deterministic and searchable."""
from __future__ import annotations

from bot.knowledge.search import KnowledgeIndex
from bot.ops.bench import synthetic_kb, time_queries


def test_synthetic_kb_is_deterministic_and_indexable(tiny_kb, tiny_nlp):
    first, second = synthetic_kb(tiny_kb, size=40), synthetic_kb(tiny_kb, size=40)
    assert list(first.entries) == list(second.entries) and len(first.entries) == 40
    assert first.entries["synthetic-7"] == second.entries["synthetic-7"]
    index = KnowledgeIndex.build(first, tiny_nlp)
    timings = time_queries(index, ["system leadership", "peer support"], minimum=10)
    assert len(timings) >= 10 and all(t >= 0 for t in timings)
