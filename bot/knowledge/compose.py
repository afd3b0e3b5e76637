"""Turn entries into what the coach says: the short answer with its sources, more, citations.

Wording that is not content (such as "Source:") is kept to a minimum here; anything longer
belongs in the domain's responses, so callers get None when an entry has nothing to add.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.knowledge.models import Entry, KnowledgeBase

MAX_RELATED = 3
# Broad entries to offer when search abstains, in order of preference; ids that do not exist
# (content changes) are skipped and the first entries in file order fill the gaps.
OVERVIEW_IDS = (
    "what-is-system-leadership",
    "characteristics-of-effective-system-leadership",
    "enabling-environment",
    "evidence-overview",
)


@dataclass(frozen=True)
class Answer:
    """The message text and the related entries to offer as buttons: (title, entry id)."""

    entry_id: str
    text: str
    related: list[tuple[str, str]]


def compose_answer(kb: KnowledgeBase, entry: Entry, question: str | None = None,
                   lemmas: Callable[[str], Iterable[str]] | None = None) -> Answer:
    """The short answer, a blank line, then one source line (title, organisation, year, link).

    Only the entry's first (principal) source is named: on a phone a list of sources, and the
    editors' checking notes (a source's `caution`), drown the answer. The notes stay in
    knowledge/ for trainers and editors; "where is that from?" gives every reference.

    With the `question` and a `lemmas` reader, the short answer is followed by the one sentence
    of the longer explanation that answers what the question asks and the short answer does not
    ("does the framework line up with the NHS one?" gets the sentence on mirroring it).
    """
    related = [(other.title, other.id) for other in kb.related_entries(entry)[:MAX_RELATED]]
    body = entry.answer
    extra = _answering_sentence(entry, question, lemmas) if question and lemmas else None
    if extra:
        body = f"{body} {extra}"
    return Answer(entry_id=entry.id, text=_with_source(kb, entry, body), related=related)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z'\"(])")
# Words of asking, not of what is asked about.
_ASKING = frozenset("say says said tell know think mean does do did what which how why scie leader leaders "
                    "leadership system systems really actually".split())


def _answering_sentence(entry: Entry, question: str, lemmas: Callable[[str], Iterable[str]]) -> str | None:
    """The sentence of `entry.more` sharing most of the question's words that neither the title
    nor the short answer has; None when no sentence shares any (the short answer is enough)."""
    if not entry.more:
        return None
    covered = set(lemmas(entry.title)) | set(lemmas(entry.answer)) | _ASKING
    wanted = {lemma for lemma in lemmas(question) if lemma not in covered and len(lemma) > 2}
    if not wanted:
        return None
    sentences = _SENTENCE_END.split(" ".join(entry.more.split()))
    scored = [(len(wanted & set(lemmas(sentence))), -position, sentence) for position, sentence in enumerate(sentences)]
    best = max(scored, default=(0, 0, ""))
    return best[2] if best[0] > 0 else None


def compose_more(kb: KnowledgeBase, entry: Entry) -> str | None:
    """The entry's longer explanation with its source line, or None when it has none (the caller says so)."""
    return None if entry.more is None else _with_source(kb, entry, entry.more)


def _with_source(kb: KnowledgeBase, entry: Entry, body: str) -> str:
    """Every answer names where it comes from: the body, a blank line, the principal source."""
    sources = kb.sources_for(entry)
    return body + (f"\n\nSource: {sources[0].short()}" if sources else "")


def compose_citation(kb: KnowledgeBase, entry: Entry) -> str:
    """Full references for the entry's sources, one paragraph each (editors' notes left out)."""
    paragraphs = []
    for source in kb.sources_for(entry):
        year = "n.d." if source.year is None else str(source.year)
        reference = source.citation or f"{source.organisation}. {source.title}. {year}."
        paragraphs.append(f"{reference}\n{source.link()}")
    return "\n\n".join(paragraphs)


def suggest_topics(kb: KnowledgeBase, n: int = 4) -> list[tuple[str, str]]:
    """Up to `n` broad topics, as (title, entry id), to offer when no entry matched."""
    ids = [entry_id for entry_id in OVERVIEW_IDS if entry_id in kb.entries]
    ids += [entry_id for entry_id in kb.entries if entry_id not in ids]
    return [(kb.entries[entry_id].title, entry_id) for entry_id in ids[:n]]
