"""A small learned reading of safety levels: evidence that generalises beyond the patterns.

The patterns (bot.safety.patterns) are precise on the phrasings they were written for and miss
new ones ("I've decided tonight is the night", "you won't hear from me again"). This classifier
reads the whole normalised message (bot.safety.normalise) as word n-grams (1 to 3) and character
n-grams within words (3 to 5, so typos still share most of their pieces) and gives a probability
per level from a logistic regression. bot.safety.assess weighs it with the patterns and decides.

Trained on examples only, never on the held-out half: the dev half of tests/eval/safety.yml, the
dev-only tests/eval/safety-dev-extra.yml, the blind sets learnt from once measured (LEARNT_SETS), our own phrasings (tests/unit/safety/phrasings.yml), and
as ordinary ("none") messages the NLU training messages of every intent not about safety and every
leader's turn of the answer-quality sets we tune on (the dev half of tests/eval/leaders.yml and
the blind sets no longer held out; never a safety case, never a held-out set).
Built once into build/safety-classifier/ (`python -m bot nlp`, `make train`), keyed by a
fingerprint of those files and this code; a process that finds no up-to-date file trains one
in memory (a second or two) and saves it when it can. Scikit-learn, no model download.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import yaml

from bot.config import ROOT
from bot.safety.normalise import normalise
from bot.safety.patterns import CRISIS_IDIOM, ORDINARY_REFLEXIVE, WORK_THING

logger = logging.getLogger(__name__)

SAFETY_SET = ROOT / "tests" / "eval" / "safety.yml"
DEV_EXTRA = ROOT / "tests" / "eval" / "safety-dev-extra.yml"
PHRASINGS = ROOT / "tests" / "unit" / "safety" / "phrasings.yml"
SOURCES = (SAFETY_SET, DEV_EXTRA, PHRASINGS)  # the evaluation set (its dev half), the extras, ours
# Blind sets measured once as held out, then learnt from (their figures before are in the README).
LEARNT_SETS = (ROOT / "tests" / "eval" / "safety-fresh3.yml", ROOT / "tests" / "eval" / "safety-fresh4.yml",
               ROOT / "tests" / "eval" / "safety-fresh5.yml", ROOT / "tests" / "eval" / "safety-fresh6.yml")
# What leaders ask a coach, written for the answer-quality evaluation: (file, dev half only?).
LEADERS_SETS = ((ROOT / "tests" / "eval" / "leaders.yml", True), (ROOT / "tests" / "eval" / "leaders-fresh.yml", False),
                (ROOT / "tests" / "eval" / "leaders-fresh3.yml", False), (ROOT / "tests" / "eval" / "leaders-fresh4.yml", False),
                (ROOT / "tests" / "eval" / "leaders-fresh5.yml", False), (ROOT / "tests" / "eval" / "leaders-fresh6.yml", False))
# (leaders-fresh9 is not learnt as ordinary messages: its leaders say how they feel ("i feel like im
# on my own with it all") in requests, and on dev-cv learning it raised false alarms, 2.0% -> 2.2%.)
NLU_DIR = ROOT / "data" / "nlu"
# The classifier's training messages for these intents are about safety; every other intent's
# are ordinary messages (greetings, yes and no, questions, requests), read as "none".
SAFETY_INTENTS = frozenset({"distress", "clinical_question"})
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")
MODEL_DIR = ROOT / "build" / "safety-classifier"
MODEL_FILE = "classifier.pkl"
_FINGERPRINT_FILE = "fingerprint.txt"
C = 10.0  # inverse regularisation, chosen by cross-validation on the training examples


def split_of(case_id: str) -> str:
    """`dev` or `test` for one case id of the evaluation set: sha1(id)'s first hex digit < '8' is
    dev (tuned and trained on), the rest test (measured only, by `EVAL_SPLIT=test make eval`)."""
    return "dev" if hashlib.sha1(case_id.encode("utf-8")).hexdigest()[0] < "8" else "test"


def load_cases(split: str, path: Path = SAFETY_SET) -> list[dict]:
    """The cases of one split (`dev`, `test` or `all`)."""
    if split not in ("dev", "test", "all"):
        raise ValueError(f"EVAL_SPLIT must be dev, test or all, got {split!r}")
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    return [case for case in cases if split == "all" or split_of(case["id"]) == split]


def load_dev(path: Path = SAFETY_SET, extra: Path = DEV_EXTRA, learnt: Sequence[Path] | None = None) -> list[dict]:
    """Every dev case: the dev half of the set, all of the dev-only extra file, and every blind
    set measured held out and learnt from since (LEARNT_SETS, when `extra` is the real one)."""
    if learnt is None:
        learnt = LEARNT_SETS if extra == DEV_EXTRA else ()
    cases = load_cases("dev", path) + list(yaml.safe_load(extra.read_text(encoding="utf-8"))["cases"])
    for blind in learnt:
        cases += list(yaml.safe_load(blind.read_text(encoding="utf-8"))["cases"])
    return cases


def ordinary_messages(nlu_dir: Path = NLU_DIR) -> list[str]:
    """The NLU training examples of every intent that is not about safety, annotations removed:
    short replies ("some of it", "not yet") and questions a leader sends every day."""
    messages = []
    for path in sorted(nlu_dir.glob("*.yml")):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if "intent" in item and item["intent"] not in SAFETY_INTENTS:
                messages += [_ANNOTATION.sub(r"\1", line.strip()[2:]).strip()
                             for line in str(item.get("examples", "")).splitlines() if line.strip().startswith("- ")]
    return [message for message in messages if message]


def leader_messages(sets: Sequence[tuple[Path, bool]] = LEADERS_SETS) -> list[str]:
    """Every turn of the answer-quality cases in `sets` ((file, dev half only?)) but the safety
    ones: how leaders write to a coach when nothing is wrong ("score me, or help me score myself")."""
    messages = []
    for path, dev_only in sets:
        for case in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("cases") or []:
            if case.get("category") == "safety" or (dev_only and split_of(case["id"]) != "dev"):
                continue
            messages += [turn if isinstance(turn, str) else turn["say"] for turn in case["turns"]]
    return messages


def training_examples(sources: tuple[Path, Path, Path] = SOURCES, nlu_dir: Path | None = NLU_DIR,
                      leaders: Sequence[tuple[Path, bool]] = LEADERS_SETS) -> list[tuple[str, str]]:
    """(text, level) for every example the classifier learns from: never a test-half case."""
    safety_set, dev_extra, phrasings = sources
    examples = [(case["text"], case["level"]) for case in load_dev(safety_set, dev_extra)]
    by_level = yaml.safe_load(phrasings.read_text(encoding="utf-8")) or {}
    examples += [(text, level) for level, texts in by_level.items() for text in texts]
    examples += [(text, "none") for text in (ordinary_messages(nlu_dir) if nlu_dir else [])]
    examples += [(text, "none") for text in leader_messages(leaders)]
    return examples


WORK_TOKEN = "workthing"
FIGURE_TOKEN = "figureofspeech"


def abstract(normalised: str) -> str:
    """The text as the classifier reads it: figures of speech with crisis words blanked, "myself"
    after an ordinary verb read as "oneself", and every thing of working life ("the contract", "the
    away day", "the restructure") one word, so what is learnt of "ending the contract" holds for
    "ending the huddle" too, and a crisis phrasing keeps its weight whatever else is named."""
    text = CRISIS_IDIOM.replace(normalised, FIGURE_TOKEN)  # "an overdose of meetings", "cut myself some slack"
    if "self" in text:
        text = ORDINARY_REFLEXIVE.sub(r"\1oneself", text)  # "telling myself", "give myself permission"
    return WORK_THING.sub(WORK_TOKEN, text)


def abstract_all(normalised: Iterable[str]) -> list[str]:
    """`abstract` for each text: the pipeline's first step."""
    return [abstract(text) for text in normalised]


def build(texts: Sequence[str], levels: Sequence[str]):
    """A fitted scikit-learn pipeline, trained on the normalised texts (so it reads normalised
    text: bot.safety.normalise.normalise)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.preprocessing import FunctionTransformer

    model = make_pipeline(
        FunctionTransformer(abstract_all),
        make_union(
            TfidfVectorizer(analyzer="word", ngram_range=(1, 3), sublinear_tf=True, token_pattern=r"[a-z0-9']+"),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
        ),
        LogisticRegression(C=C, max_iter=3000, class_weight="balanced"),
    )
    return model.fit([normalise(text) for text in texts], list(levels))


def _fingerprint(sources: tuple[Path, ...], nlu_dir: Path | None, leaders: Sequence[tuple[Path, bool]] = ()) -> str:
    import sklearn

    digest = hashlib.sha256()
    nlu = sorted(nlu_dir.glob("*.yml")) if nlu_dir else []
    learnt = LEARNT_SETS if sources[1:2] == (DEV_EXTRA,) else ()
    for path in (*sources, *learnt, *nlu, *(path for path, _ in leaders), Path(__file__), Path(__file__).with_name("normalise.py"),
                 Path(__file__).with_name("patterns.py")):
        digest.update(path.read_bytes())
    digest.update(sklearn.__version__.encode())
    return digest.hexdigest()


def build_classifier(out_dir: Path = MODEL_DIR, sources: tuple[Path, Path, Path] = SOURCES,
                     nlu_dir: Path | None = NLU_DIR, leaders: Sequence[tuple[Path, bool]] = LEADERS_SETS) -> bool:
    """Train and save the classifier unless an up-to-date one is on disk. True if built."""
    fingerprint = _fingerprint(sources, nlu_dir, leaders)
    marker = out_dir / _FINGERPRINT_FILE
    if marker.exists() and marker.read_text().strip() == fingerprint and (out_dir / MODEL_FILE).exists():
        return False
    model = build(*zip(*training_examples(sources, nlu_dir, leaders), strict=True))
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, content in ((MODEL_FILE, pickle.dumps(model)), (_FINGERPRINT_FILE, fingerprint.encode())):
        partial = out_dir / f".{name}.{os.getpid()}"  # two servers starting at once never read half a file
        partial.write_bytes(content)
        partial.replace(out_dir / name)
    return True


_lock = threading.Lock()


@lru_cache(maxsize=1)
def classifier():
    """The classifier for this process: the saved one when up to date, else trained now."""
    with _lock:
        try:
            build_classifier()
            return pickle.loads((MODEL_DIR / MODEL_FILE).read_bytes())
        except OSError:  # a read-only checkout: train in memory
            logger.info("Safety classifier trained in memory (build/ not writable)")
            return build(*zip(*training_examples(), strict=True))


class Reading:
    """Probabilities per level for normalised texts, from a fitted pipeline (`build`).

    The same arithmetic as the pipeline's predict_proba (tf-idf with sublinear tf, l2-normalised
    per vectoriser, then the multinomial logistic regression's softmax), done directly on the
    vocabularies and weights: a message costs a few dictionary look-ups instead of scikit-learn's
    per-call checks and sparse matrices (tests/unit/safety/test_learned.py checks they agree).
    """

    def __init__(self, model) -> None:
        import numpy as np

        union, regression = model.steps[1][1], model.steps[-1][1]
        self.model = model
        self.classes = [str(name) for name in regression.classes_]
        self._views = []
        offset = 0
        for _, vectoriser in union.transformer_list:
            self._views.append((vectoriser.build_analyzer(), vectoriser.vocabulary_, vectoriser.idf_, offset))
            offset += len(vectoriser.vocabulary_)
        self._weights = np.ascontiguousarray(regression.coef_.T)  # features x levels
        self._intercept = regression.intercept_

    def _one(self, text: str) -> dict[str, float]:
        import numpy as np

        logits = self._intercept.copy()
        for analyse, vocabulary, idf, offset in self._views:
            counts: dict[int, int] = {}
            for gram in analyse(text):
                index = vocabulary.get(gram)
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
            if not counts:
                continue
            indices = np.fromiter(counts, dtype=np.int64, count=len(counts))
            values = (1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))) * idf[indices]
            values /= np.sqrt(values @ values)
            logits += values @ self._weights[indices + offset]
        exp = np.exp(logits - logits.max())
        return dict(zip(self.classes, map(float, exp / exp.sum()), strict=True))

    def probabilities(self, normalised: Iterable[str]) -> list[dict[str, float]]:
        return [self._one(abstract(text)) for text in normalised]


_override: list[Reading] = []


@lru_cache(maxsize=1)
def _reading() -> Reading:
    return Reading(classifier())


def reading() -> Reading:
    """The reading assess uses: this process's classifier, or one set by `use` (evaluation)."""
    return _override[-1] if _override else _reading()


@contextmanager
def use(model) -> Iterator[None]:
    """Read with `model` (a fitted pipeline from `build`) inside the block: for cross-validation,
    where each fold is read by a classifier that never saw it."""
    _override.append(Reading(model))
    try:
        yield
    finally:
        _override.pop()
