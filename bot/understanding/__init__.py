"""Understanding a leader's free-text message: step 3 of the turn order (ARCHITECTURE.md).

One decision (`Understanding.decide`) over the knowledge entries, the catalogue and the exercises
together, after reading abbreviations and typos, in the conversation's context. The actions call
it from one place (actions/common.py, `KnowledgeAction.understood`); the route it picks decides
which action answers, whatever intent the classifier guessed.

Importing this package loads nothing. `get_understanding()` builds it once per process from the
knowledge base, the exercises and the catalogue (the action server does at start-up).
"""
from __future__ import annotations

from bot.reloadable import reloadable
from bot.understanding.reading import Context, Decision, Route

__all__ = ["Context", "Decision", "Route", "get_understanding", "build_understanding"]


def build_understanding(knowledge, exercises, finder, english_dir: str | None = None):
    """An Understanding over these contents (tests pass small ones); `english_dir` is the spaCy
    pipeline folder holding the English word list (default: bot.nlp's PIPELINE_DIR)."""
    from bot.nlp import PIPELINE_DIR, english_words
    from bot.understanding.informal import Informal, place_names, vocabulary

    english_dir = english_dir or str(PIPELINE_DIR)
    from bot.understanding.understand import Understanding

    kb = knowledge.kb
    texts: list[str] = []
    for entry in kb.entries.values():
        texts += [entry.title, entry.answer, entry.more or "", *entry.questions]
    for term in kb.glossary:
        texts += [term.term, *term.synonyms]
    for source in kb.sources.values():
        texts += [source.title, source.organisation]
    for exercise in exercises.values():
        texts += [exercise.title, exercise.purpose, exercise.introduction, *exercise.keywords]
        texts += [step.prompt for step in exercise.steps]
    for item in finder.items.values():
        texts += [item.name, item.provider, item.summary, item.format]
    from bot.finder.vocab import know_english
    from bot.understanding.informal import COMMON_LOG_PROB

    english = english_words(english_dir)
    know_english(word for word, log_prob in english.items() if log_prob >= COMMON_LOG_PROB)
    return Understanding(knowledge, exercises, finder, Informal(vocabulary(texts), english, kb.abbreviations,
                                                                     place_names()))


@reloadable
def get_understanding():
    """The understanding step over the real contents, built once per process."""
    from bot.coaching import get_exercises
    from bot.finder import get_finder
    from bot.knowledge import get_knowledge

    return build_understanding(get_knowledge(), get_exercises(), get_finder())
