"""A small learned reading of safety levels: evidence that generalises beyond the patterns.

The patterns (bot.safety.patterns) are precise on the phrasings they were written for and miss
new ones ("I've decided tonight is the night", "you won't hear from me again"). This classifier
reads the whole normalised message (bot.safety.normalise) as word n-grams (1 to 3) and character
n-grams within words (3 to 5, so typos still share most of their pieces) and gives a probability
per level from a logistic regression. bot.safety.assess weighs it with the patterns and decides.

Trained on examples only, never on the held-out half: the dev half of tests/eval/safety.yml, the
dev-only tests/eval/safety-dev-extra.yml, and our own phrasings (tests/unit/safety/phrasings.yml).
Built once into build/safety-classifier/ (`python -m bot nlp`, `make train`), keyed by a
fingerprint of those files and this code; a process that finds no up-to-date file trains one
in memory (a second or two) and saves it when it can. Scikit-learn, no model download.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import yaml

from bot.config import ROOT
from bot.ops.eval_safety import DEV_EXTRA, SAFETY_SET, load_dev
from bot.safety.normalise import normalise

logger = logging.getLogger(__name__)

PHRASINGS = ROOT / "tests" / "unit" / "safety" / "phrasings.yml"
SOURCES = (SAFETY_SET, DEV_EXTRA, PHRASINGS)  # the evaluation set (its dev half), the extras, ours
MODEL_DIR = ROOT / "build" / "safety-classifier"
MODEL_FILE = "classifier.pkl"
_FINGERPRINT_FILE = "fingerprint.txt"
C = 10.0  # inverse regularisation, chosen by cross-validation on the training examples


def training_examples(sources: tuple[Path, Path, Path] = SOURCES) -> list[tuple[str, str]]:
    """(text, level) for every example the classifier learns from: never a test-half case."""
    safety_set, dev_extra, phrasings = sources
    examples = [(case["text"], case["level"]) for case in load_dev(safety_set, dev_extra)]
    by_level = yaml.safe_load(phrasings.read_text(encoding="utf-8")) or {}
    examples += [(text, level) for level, texts in by_level.items() for text in texts]
    return examples


def build(texts: Sequence[str], levels: Sequence[str]):
    """A fitted scikit-learn pipeline, trained on the normalised texts (so it reads normalised
    text: bot.safety.normalise.normalise)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    model = make_pipeline(
        make_union(
            TfidfVectorizer(analyzer="word", ngram_range=(1, 3), sublinear_tf=True, token_pattern=r"[a-z0-9']+"),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
        ),
        LogisticRegression(C=C, max_iter=3000, class_weight="balanced"),
    )
    return model.fit([normalise(text) for text in texts], list(levels))


def _fingerprint(sources: tuple[Path, ...]) -> str:
    import sklearn

    digest = hashlib.sha256()
    for path in (*sources, Path(__file__), Path(__file__).with_name("normalise.py")):
        digest.update(path.read_bytes())
    digest.update(sklearn.__version__.encode())
    return digest.hexdigest()


def build_classifier(out_dir: Path = MODEL_DIR, sources: tuple[Path, Path, Path] = SOURCES) -> bool:
    """Train and save the classifier unless an up-to-date one is on disk. True if built."""
    fingerprint = _fingerprint(sources)
    marker = out_dir / _FINGERPRINT_FILE
    if marker.exists() and marker.read_text().strip() == fingerprint and (out_dir / MODEL_FILE).exists():
        return False
    model = build(*zip(*training_examples(sources), strict=True))
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

        union, regression = model.steps[0][1], model.steps[-1][1]
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
        return [self._one(text) for text in normalised]


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
