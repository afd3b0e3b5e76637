"""The real knowledge folder validates (a content change that breaks the schema fails here)."""
from __future__ import annotations

from bot.config import ROOT
from bot.knowledge.loader import load_knowledge


def test_real_knowledge_validates():
    kb = load_knowledge(ROOT / "knowledge")
    assert len(kb.entries) >= 50 and kb.sources and kb.glossary
