"""Knowledge library: curated answers with their sources, validated, searchable and citable.

Importing this package loads nothing. Call `get_knowledge()` once at start-up (the action
server does): it reads and validates the content and builds the search index, and returns the
same object on every later call.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.reloadable import reloadable

if TYPE_CHECKING:  # imported lazily below so that importing the package stays cheap
    from bot.knowledge.models import KnowledgeBase
    from bot.knowledge.search import KnowledgeIndex


@dataclass(frozen=True)
class Knowledge:
    """The validated knowledge base and its search index."""

    kb: KnowledgeBase
    index: KnowledgeIndex


@reloadable
def get_knowledge(knowledge_dir: str | None = None, pipeline_dir: str | None = None) -> Knowledge:
    """Load, validate and index the knowledge folder once per process (KnowledgeError if invalid).

    `knowledge_dir` defaults to the KNOWLEDGE_DIR setting, `pipeline_dir` to bot.nlp's
    PIPELINE_DIR (build it with `python -m bot nlp`).
    """
    from bot.config import Settings
    from bot.knowledge.loader import load_knowledge
    from bot.knowledge.search import KnowledgeIndex
    from bot.nlp import PIPELINE_DIR, load_pipeline

    folder = knowledge_dir or Settings.from_environ().knowledge_dir
    kb = load_knowledge(folder)
    nlp = load_pipeline(pipeline_dir or str(PIPELINE_DIR))
    return Knowledge(kb=kb, index=KnowledgeIndex.build(kb, nlp))
