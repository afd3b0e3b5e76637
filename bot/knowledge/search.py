"""BM25 search over the knowledge entries, on the lemmas our spaCy pipeline produces.

Each entry is one BM25 document. Queries and documents are analysed the same way: content
lemmas (as `bot.nlp.lemmas`), plus, for every glossary phrase the entity ruler finds, the lemmas
of its canonical term (so "ICS", "joined-up care" or "council" also match "integrated care
system", "integrated care" and "local authority"). `best()` abstains when the query is not about
anything the knowledge base covers; see ABSTAIN_* below for how that decision was calibrated.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from bot.knowledge.models import Entry, KnowledgeBase

# BM25 parameters, chosen on tests/eval/questions.yml from a plateau rather than a peak: every
# k1 in 2.0-3.0 with b in 0.5-0.9 gave 97-99 of 106 top-1, so we take the middle. k1 above the
# usual 1.2-1.5 lets an entry whose questions repeat a word keep gaining from it, which suits
# documents built from many short phrasings of the same question.
BM25_K1 = 2.5
BM25_B = 0.75
# The title is repeated so that its words count twice: it is the entry's most condensed
# description. Questions, themes and the answer count once each (repeating the questions or
# themes made ranking worse on the eval set).
TITLE_REPEAT = 2
# Words that ask what a term means rather than add a topic ("define", "explain", "meaning").
DEFINITION_WORDS = frozenset({"define", "definition", "mean", "meaning", "explain", "explanation",
                              "concept", "idea", "term", "describe", "tell", "thing", "exactly"})

# Words that ask for a term's meaning whatever else the question says ("a one-line definition of
# system leadership for a cabinet paper", "what does system leadership even mean for a care home").
MEANING_WORDS = frozenset({"define", "definition", "mean", "meaning", "defn"})
# A question about a term's meaning keeps the words around it when they alone are this many times
# surer than the threshold: they name a topic of their own.
OWN_TOPIC_FACTOR = 2.0
# The entry titled with a term the query asks the meaning of gives way to a hit that scores this
# many times higher: the query's other words then name a topic BM25 can rank.
CLEARLY_RANKED = 2.0
# How a question is asked, not what about: "help me understand", "I'd like to know", "can you tell
# me". Taken out before the search, so that "help" and "understand" do not rank an entry that
# happens to use them ("help me understand system leadership" is about system leadership).
_ASKING_FRAME = re.compile(
    r"\b(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+)?(?:help\s+me\s+(?:to\s+)?)?"
    r"(?:understand|explain|tell\s+me|describe|clarify|unpack|break\s+down|outline)|"
    r"help\s+me\s+(?:to\s+)?(?:understand|get\s+my\s+head\s+(?:a?round|round)|make\s+sense\s+of|grasp)|"
    r"i(?:'d|\s+would)?\s+(?:really\s+)?(?:like|want|need|wanna)\s+to\s+(?:know|understand|grasp)|"
    r"i(?:'m|\s+am)\s+(?:trying|struggling)\s+to\s+(?:understand|grasp|get\s+my\s+head\s+(?:a?round))|"
    r"(?:please\s+)?tell\s+me|"
    # The answer's form, not its topic: "in one line", "in plain english", "in a nutshell", "lol".
    r"in\s+(?:one|a|1|two|2|three|3|a\s+few|simple|plain|layman'?s?|lay)\s+(?:line|sentence|word|paragraph|"
    r"term|english|nutshell)s?|in\s+a\s+nutshell|tl;?dr|eli5|lol|haha|pls|plz|please|briefly|quickly|"
    r"in\s+short|short\s+version|for\s+dummies|in\s+brief|"
    # Who is asking, not what about: "for someone like me", "for people like us".
    r"for\s+(?:someone|somebody|people|folk|folks|leaders|managers|staff|the\s+likes\s+of)\s+(?:like\s+)?(?:me|us|myself)|"
    r"for\s+(?:me|us)(?=\s*(?:\?|$|then|personally|though|tho))|"
    # "evidence based": the evidence, not a base ("place-based" is a topic of its own).
    r"(?<=evidence)[\s-]+based|(?<=evidence)[\s-]+base(?=\s+(?:for|behind|on))|"
    # Doubt's idiom, not a topic: "or just management speak", "or is it all jargon".
    r"(?:or\s+)?(?:is\s+it\s+)?(?:just|all|only)\s+(?:management\s+speak|jargon|buzzwords?|hot\s+air|waffle|fluff|spin))\b",
    re.IGNORECASE)
# "meant to" is "supposed to", not a question about a meaning ("who are system leaders meant to answer to?").
_MEANT_TO = re.compile(r"\bmeant to\b", re.IGNORECASE)

# Abstention. BM25 scores grow with query length and with the size of the index, so a threshold
# on the raw score does not generalise, and neither does one on word overlap alone (off-topic
# questions share a word or two with the knowledge base: "time", "change", "good"). `best()`
# answers when
#     confidence = top BM25 score / index IDF scale  x  coverage
# reaches a minimum. The IDF scale is the IDF of a word found in exactly one entry, the most a
# single rare word can contribute; dividing by it makes the score read as "about how many
# distinctive words matched" whether the index has 5 entries or 10,000. Coverage is the share
# of the query's content lemmas that occur anywhere in the knowledge base, so a question mostly
# made of words we have never seen is discounted however well its one known word scores.
# When the query names a glossary term the minimum is lower: the glossary is the domain's own
# vocabulary, so naming "ICS" or "councillors" is itself evidence that the question is in scope.
#
# Calibrated on tests/eval/questions.yml against the real knowledge base (58 entries; IDF scale
# 3.66), 106 knowledge questions and 28 out-of-scope ones, none of which names a glossary term.
# Measured confidence: out-of-scope at most 0.30; in-scope without a glossary term at least
# 0.48, with one at least 0.23. ABSTAIN_MIN_CONFIDENCE sits near the geometric middle of the
# 0.30-0.48 gap; the glossary minimum is half of it, below the lowest in-scope value. Both
# depend on BM25_K1/BM25_B: re-run `python -m bot.ops.bench --calibrate` after changing those or
# the content substantially, and check the margins it prints.
ABSTAIN_MIN_CONFIDENCE = 0.38
ABSTAIN_MIN_CONFIDENCE_WITH_TERM = 0.19
# A glossary term lowers the minimum only when at least this share of the query's other lemmas
# occur in the knowledge base (tuned on the dev half of tests/eval/leaders.yml): a term named in
# an errand ("book me a meeting room at the ICB") is not evidence that the errand is in scope.
TERM_CONTEXT_KNOWN = 0.5
# How much the words a glossary term stands for count beside the words said (see _query_scores).
EXPANSION_WEIGHT = 0.4

# Word families. A query word the knowledge base never uses is read as the knowledge base's own
# words of the same family ("variation" as "vary", "collaborate" as "collaboration",
# "commissioners" as "commissioning"), found by stripping inflectional and derivational endings.
# Only unknown query words are expanded, so a word the entries use keeps its own weight and the
# abstention calibration above is unchanged for it.
_ENDINGS = tuple(sorted((
    "ational ations ation atives ative ating ated ates ate itions ition ments ment ities ity ness "
    "ings ing ively ive ions ion ers er ed es ally al ly s e").split(), key=len, reverse=True))
MIN_STEM = 4


def family(word: str) -> str:
    """A crude family key: endings stripped until none applies, never below MIN_STEM letters."""
    word = word.lower()
    for noun in ("bilities", "bility"):  # stability and stable, accountability and accountable
        if word.endswith(noun) and len(word) - len(noun) >= 2:
            word = word[: -len(noun)] + "ble"
            break
    if word.endswith("y") and len(word) >= MIN_STEM:
        word = word[:-1] + "i"  # vary, varies, variation
    changed = True
    while changed:
        changed = False
        for ending in _ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM and not word.endswith("ss"):
                word = word[: -len(ending)]
                changed = True
                break
    return word


@dataclass(frozen=True)
class Hit:
    """A search result: the entry and its BM25 score (higher is better; not normalised)."""

    entry: Entry
    score: float


@dataclass(frozen=True)
class QueryAnalysis:
    """How a query was read: its content lemmas, the glossary terms found and the tokens searched."""

    lemmas: tuple[str, ...]
    terms: tuple[str, ...]
    tokens: tuple[str, ...]
    said_terms: frozenset[str] = frozenset()  # the lemmas of the words that named a term ("system leaders")
    # Per term found: (the lemmas of the words that named it, the lemmas its expansion added).
    expansions: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Decision:
    """`best()`'s reasoning, for logs, tests and calibration."""

    hits: tuple[Hit, ...]
    coverage: float
    confidence: float
    threshold: float
    answer: bool


def _is_content(token) -> bool:
    # Same filter as bot.nlp.lemmas, plus: a token needs a letter ("+", "=" or "150/95" say
    # nothing about a topic), and a form of "to be" is never a topic.
    if token.is_stop or token.is_punct or token.is_space or token.like_num:
        return False
    if token.lemma_.lower() == "be":  # the "m" of "im" and the "s" of "whats" are not stop words
        return False
    return any(char.isalpha() for char in token.text)


class _Analyser:
    """Turns text into search tokens; shared by documents and queries so both match alike."""

    def __init__(self, nlp):
        from bot.nlp import lemmas_many

        self.nlp = nlp
        # The entity ruler's ids are the canonical terms, lower-cased (see bot.nlp).
        terms = sorted({pattern["id"] for pattern in nlp.get_pipe("entity_ruler").patterns})
        found = lemmas_many(nlp, terms)
        self.term_lemmas = {term: tuple(words) for term, words in zip(terms, found, strict=True)}

    def many(self, texts: Iterable[str]) -> list[QueryAnalysis]:
        results = []
        for doc in self.nlp.pipe(text.lower() for text in texts):
            lemmas = [token.lemma_.lower() for token in doc if _is_content(token)]
            terms = []
            expansion: list[str] = []
            said: set[str] = set()
            spans = []
            for span in doc.ents:
                if not span.ent_id_:
                    continue
                terms.append(span.ent_id_)
                named = tuple(token.lemma_.lower() for token in span if _is_content(token))
                said |= set(named)
                # Only lemmas the text lacks: "integrated care" should not count "care" twice.
                added = [lemma for lemma in self.term_lemmas.get(span.ent_id_, ())
                         if lemma not in lemmas and lemma not in expansion]
                expansion += added
                spans.append((named, tuple(added)))
            results.append(QueryAnalysis(tuple(lemmas), tuple(terms), tuple(lemmas + expansion), frozenset(said),
                                         tuple(spans)))
        return results


class KnowledgeIndex:
    """A BM25 index over a knowledge base. Build it once with `KnowledgeIndex.build`."""

    def __init__(self, kb: KnowledgeBase, analyser: _Analyser, retriever, entry_ids: list[str],
                 title_lemmas: list[frozenset[str]] | None = None):
        self.kb = kb
        self._title_lemmas = title_lemmas or [frozenset() for _ in entry_ids]
        self._analyser = analyser
        self._retriever = retriever
        self._entry_ids = entry_ids
        self._entry_index = {entry_id: i for i, entry_id in enumerate(entry_ids)}
        self._vocab: dict[str, int] = retriever.vocab_dict
        # The content lemmas of a text, cached: the answer composer reads the same titles, answers
        # and sentences at every answer (bot.knowledge.compose); the cache goes with the index.
        self.content_lemmas = lru_cache(maxsize=4096)(lambda text: self.analyse(text).lemmas)
        self._families: dict[str, tuple[str, ...]] = {}
        for word in self._vocab:
            if word.isalpha():
                self._families.setdefault(family(word), ())
                self._families[family(word)] += (word,)
        # Lucene IDF (bm25s's default) of a word that occurs in one entry: see ABSTAIN_* above.
        self._idf_scale = float(np.log1p((len(entry_ids) - 1 + 0.5) / (1 + 0.5))) or 1.0

    @classmethod
    def build(cls, kb: KnowledgeBase, nlp) -> KnowledgeIndex:
        """Index every entry of `kb` as one document, analysed with the spaCy pipeline `nlp`."""
        import bm25s

        analyser = _Analyser(nlp)
        entry_ids = list(kb.entries)
        # One spaCy pass over all texts (batched), then regroup per entry.
        texts: list[str] = []
        bounds = []
        for entry in kb.entries.values():
            start = len(texts)
            texts += [entry.title, *entry.questions, *entry.themes, entry.answer]
            bounds.append((start, len(texts)))
        analyses = analyser.many(texts)
        corpus = []
        for start, end in bounds:
            tokens = list(analyses[start].tokens) * TITLE_REPEAT
            for analysis in analyses[start + 1:end]:
                tokens += analysis.tokens
            corpus.append(tokens)
        retriever = bm25s.BM25(k1=BM25_K1, b=BM25_B)
        retriever.index(corpus, show_progress=False)
        titles = [frozenset(analyses[start].lemmas) for start, _ in bounds]
        return cls(kb, analyser, retriever, entry_ids, titles)

    @property
    def nlp(self):
        """The spaCy pipeline the index analyses text with."""
        return self._analyser.nlp

    def __len__(self) -> int:
        return len(self._entry_ids)

    def analyse(self, text: str) -> QueryAnalysis:
        """The lemmas, glossary terms and search tokens of `text`; a lemma the index does not
        know adds the index's words of its family (see `family`)."""
        analysis = self._analyser.many([text])[0]
        extra = [word for lemma in analysis.lemmas if lemma not in self._vocab
                 for word in self._relatives(lemma) if word not in analysis.tokens]
        if not extra:
            return analysis
        return QueryAnalysis(analysis.lemmas, analysis.terms, analysis.tokens + tuple(dict.fromkeys(extra)),
                             analysis.said_terms)

    def _relatives(self, lemma: str) -> tuple[str, ...]:
        return self._families.get(family(lemma), ()) if len(lemma) > MIN_STEM else ()

    def known(self, lemma: str) -> bool:
        """True when the index holds `lemma` or a word of its family."""
        return lemma in self._vocab or bool(self._relatives(lemma))

    def _scores(self, tokens: Sequence[str]) -> np.ndarray | None:
        ids = [self._vocab[token] for token in tokens if token in self._vocab]
        if not ids:
            return None
        return self._retriever.get_scores_from_ids(ids)

    def _query_scores(self, analysis: QueryAnalysis) -> np.ndarray | None:
        """BM25 scores to rank entries by: the query's own words in full, the words a glossary term
        stands for ("ICB": integrated, care, board) at EXPANSION_WEIGHT, so that a word the leader
        never said ("board") does not outrank the words they did ("how do I sell that to an ICB that
        wants zero risk"). Whether to answer is still judged on the full scores (see decide)."""
        added = len(analysis.tokens) - len(analysis.lemmas)
        own = self._scores(analysis.tokens[:len(analysis.lemmas)])
        extra = self._scores(analysis.tokens[len(analysis.lemmas):]) if added > 0 else None
        if extra is None:
            return own
        return EXPANSION_WEIGHT * extra if own is None else own + EXPANSION_WEIGHT * extra

    def _top(self, scores: np.ndarray, k: int) -> tuple[Hit, ...]:
        k = min(k, len(scores))
        if k <= 0:
            return ()
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        # Sort by score, then by file order so that ties are stable.
        order = sorted(top, key=lambda i: (-scores[i], i))
        return tuple(Hit(self.kb.entries[self._entry_ids[i]], float(scores[i]))
                     for i in order if scores[i] > 0)

    def coverage(self, analysis: QueryAnalysis) -> float:
        """Share of the query's content lemmas that occur in the index (0 to 1)."""
        if not analysis.lemmas:
            return 0.0
        return sum(self.known(lemma) for lemma in analysis.lemmas) / len(analysis.lemmas)

    def search(self, query: str, k: int = 3) -> list[Hit]:
        """The `k` best entries for `query`, best first (empty if no query word is indexed)."""
        scores = self._query_scores(self.analyse(_ASKING_FRAME.sub(" ", query)))
        return [] if scores is None else list(self._top(scores, k))

    def decide(self, query: str, k: int = 3) -> Decision:
        """Search, and decide whether the best hit is good enough to answer with."""
        analysis = self.analyse(_ASKING_FRAME.sub(" ", query))
        threshold = ABSTAIN_MIN_CONFIDENCE_WITH_TERM if self._about_terms(analysis) else ABSTAIN_MIN_CONFIDENCE
        scores = self._scores(analysis.tokens)
        if scores is None:  # no content word, or none the index knows
            return Decision((), 0.0, 0.0, threshold, False)
        ranked = self._query_scores(analysis)
        hits = self._top(ranked, k)
        coverage = self.coverage(analysis)
        # Ranked with the term's words weighed down; judged, as calibrated, on the full score.
        top = self._entry_index[hits[0].entry.id] if hits else None
        confidence = (float(scores[top]) if top is not None else 0.0) / self._idf_scale * coverage
        titled = self._term_entry(analysis, ranked, asks_meaning=not _MEANT_TO.search(query))
        if titled is not None and hits and hits[0].entry.id != self._entry_ids[titled] \
                and hits[0].score >= CLEARLY_RANKED * float(ranked[titled]):
            titled = None  # "what does it mean to be accountable to people and communities": BM25 ranks it
        if titled is not None:
            # "What is system leadership?": the words are so common across the knowledge base that
            # BM25 cannot rank them, but the entry named after the term is the answer.
            hits = (Hit(self.kb.entries[self._entry_ids[titled]], float(scores[titled])),
                    *[hit for hit in hits if hit.entry.id != self._entry_ids[titled]])[:k]
            return Decision(hits, coverage, max(confidence, threshold), threshold, True)
        return Decision(hits, coverage, confidence, threshold, bool(hits) and confidence >= threshold)

    def _about_terms(self, analysis: QueryAnalysis) -> bool:
        """True when the query names a glossary term and its other words are mostly the knowledge
        base's own: "how do ICBs and councils share leadership?", not "book me a room at the ICB"."""
        if not analysis.terms:
            return False
        term_lemmas = {lemma for term in analysis.terms for lemma in self._analyser.term_lemmas.get(term, ())}
        term_lemmas |= analysis.said_terms
        rest = [lemma for lemma in analysis.lemmas if lemma not in term_lemmas]
        return not rest or sum(self.known(lemma) for lemma in rest) / len(rest) >= TERM_CONTEXT_KNOWN

    def _rest_is_a_topic(self, analysis: QueryAnalysis, term_lemmas: set[str]) -> bool:
        """True when the query's words besides the terms and the asking words clearly name a topic
        of their own ("what does it mean that system leaders are accountable to communities")."""
        rest = [lemma for lemma in analysis.lemmas if lemma not in term_lemmas and lemma not in DEFINITION_WORDS]
        scores = self._scores(rest) if rest else None
        if scores is None:
            return False
        coverage = sum(self.known(lemma) for lemma in rest) / len(rest)
        return float(scores.max()) / self._idf_scale * coverage >= OWN_TOPIC_FACTOR * ABSTAIN_MIN_CONFIDENCE

    def _term_entry(self, analysis: QueryAnalysis, scores: np.ndarray, asks_meaning: bool = True) -> int | None:
        """The entry whose title names the glossary term(s) the query is only about, if any; or,
        when the query asks what a term means ("a one-line definition of system leadership for a
        cabinet paper"), the entry titled with the first term that has one."""
        if not analysis.terms:
            return None
        lemmas_of = self._analyser.term_lemmas
        term_lemmas = {lemma for term in analysis.terms for lemma in lemmas_of.get(term, ())}
        if not term_lemmas:
            return None
        # "what is a system leader": the words that named the term ("leader") are the term's too.
        if set(analysis.lemmas) <= term_lemmas | analysis.said_terms | DEFINITION_WORDS:
            return self._titled(term_lemmas, scores)
        if asks_meaning and set(analysis.lemmas) & MEANING_WORDS and \
                not self._rest_is_a_topic(analysis, term_lemmas | analysis.said_terms):
            for term in analysis.terms:
                titled = self._titled(set(lemmas_of.get(term, ())), scores)
                if titled is not None:
                    return titled
        return None

    def _titled(self, term_lemmas: set[str], scores: np.ndarray) -> int | None:
        if not term_lemmas:
            return None
        titled = [i for i, lemmas in enumerate(self._title_lemmas) if term_lemmas <= lemmas]
        return max(titled, key=lambda i: (scores[i], -i)) if titled else None

    def best(self, query: str) -> Hit | None:
        """The best entry for `query`, or None when the knowledge base does not cover it."""
        decision = self.decide(query, k=1)
        return decision.hits[0] if decision.answer else None
