"""The understanding step over the real content, with a pipeline (and its English word list)
built in a temporary folder, so the tests do not depend on `make nlp` having run."""
from __future__ import annotations

import pytest

from bot.config import ROOT


@pytest.fixture(scope="session")
def real_pipeline_dir(tmp_path_factory):
    from bot.nlp import GLOSSARY_PATH, build_pipeline

    folder = tmp_path_factory.mktemp("spacy-real")
    build_pipeline(GLOSSARY_PATH, folder)
    return folder


@pytest.fixture(scope="session")
def understanding(real_pipeline_dir):
    from bot.coaching.loader import load_exercises
    from bot.finder import load_finder
    from bot.knowledge import Knowledge
    from bot.knowledge.loader import load_knowledge
    from bot.knowledge.search import KnowledgeIndex
    from bot.nlp import load_pipeline
    from bot.understanding import build_understanding

    kb = load_knowledge(ROOT / "knowledge")
    knowledge = Knowledge(kb=kb, index=KnowledgeIndex.build(kb, load_pipeline(str(real_pipeline_dir))))
    exercises = load_exercises(str(ROOT / "knowledge" / "reflections"), set(kb.entries))
    return build_understanding(knowledge, exercises, load_finder(str(ROOT / "knowledge")), str(real_pipeline_dir))
