"""The project's own spaCy pipeline: blank English + lookup lemmatizer + glossary entity ruler.

No pretrained English model can be installed here, so we build one from the knowledge glossary
at install/train time and save it to disk. Rasa loads it by path (`SpacyNLP`), and the knowledge
search uses the same pipeline to lemmatise, so both see words the same way.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import yaml

from bot.config import ROOT

PIPELINE_DIR = ROOT / "build" / "spacy-coach"
GLOSSARY_PATH = ROOT / "knowledge" / "glossary.yml"
ENTITY_LABELS = ("theme", "role", "sector", "org_type")
_FINGERPRINT_FILE = "coach-fingerprint.txt"
# General English for reading typos (bot/understanding/informal.py): lower-case words and their
# log probability from spacy-lookups-data's English lexeme table, the commoner ones only.
ENGLISH_FILE = "english-words.tsv"
ENGLISH_MIN_LOG_PROB = -17.0


def read_glossary(path: Path = GLOSSARY_PATH) -> list[dict]:
    """Glossary terms as dicts with `term`, `label` and `synonyms`."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list(data.get("terms") or [])


def entity_patterns(terms: Iterable[dict]) -> list[dict]:
    """Entity-ruler patterns: every term and synonym, lower-cased, under its label.

    The pattern's `id` is the canonical term, so a synonym resolves to the term it stands for.
    """
    patterns = []
    seen = set()
    for term in terms:
        canonical = str(term["term"]).strip()
        for phrase in [canonical, *(term.get("synonyms") or [])]:
            key = (term["label"], str(phrase).lower())
            if key in seen:
                continue
            seen.add(key)
            patterns.append({"label": term["label"], "pattern": key[1], "id": canonical.lower()})
    return patterns


def _fingerprint(glossary_path: Path) -> str:
    import spacy
    import spacy_lookups_data

    digest = hashlib.sha256()
    digest.update(glossary_path.read_bytes())
    digest.update(Path(__file__).read_bytes())
    digest.update(f"{spacy.__version__}/{spacy_lookups_data.__version__}".encode())
    return digest.hexdigest()


def build_pipeline(glossary_path: Path = GLOSSARY_PATH, out_dir: Path = PIPELINE_DIR) -> bool:
    """Build and save the pipeline unless an up-to-date one is on disk. Returns True if built."""
    import spacy

    fingerprint = _fingerprint(glossary_path)
    marker = out_dir / _FINGERPRINT_FILE
    if marker.exists() and marker.read_text().strip() == fingerprint:
        return False
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    nlp.initialize()
    ruler.add_patterns(entity_patterns(read_glossary(glossary_path)))
    nlp.meta["name"] = "coach"
    nlp.meta["description"] = "Blank English + lookup lemmatizer + glossary entity ruler"
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir)
    write_english_words(out_dir / ENGLISH_FILE)
    marker.write_text(fingerprint)
    return True


def write_english_words(path: Path, min_log_prob: float = ENGLISH_MIN_LOG_PROB) -> int:
    """Write the English word list (word, tab, log probability; commonest first); how many."""
    import gzip
    import re

    import spacy_lookups_data

    source = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        probabilities = json.load(handle)
    word = re.compile(r"^[a-z]+$")
    rows = sorted(((w, p) for w, p in probabilities.items() if p >= min_log_prob and word.match(w)),
                  key=lambda row: -row[1])
    path.write_text("".join(f"{w}\t{p:.2f}\n" for w, p in rows), encoding="utf-8")
    return len(rows)


@lru_cache(maxsize=4)
def english_words(pipeline_dir: str = str(PIPELINE_DIR)) -> dict[str, float]:
    """The pipeline's English word list as {word: log probability}; empty when it has none."""
    path = Path(pipeline_dir, ENGLISH_FILE)
    if not path.is_file():
        return {}
    words = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, prob = line.partition("\t")
        words[word] = float(prob)
    return words


@lru_cache(maxsize=4)
def load_pipeline(path: str = str(PIPELINE_DIR)):
    """The saved pipeline, loaded once per process (build it first with `build_pipeline`)."""
    import spacy

    if not Path(path, "config.cfg").exists():
        raise FileNotFoundError(f"No spaCy pipeline at {path}: run `make nlp` first.")
    return spacy.load(path)


def lemmas(nlp, text: str) -> list[str]:
    """Lower-cased lemmas of the content words in `text` (no stop words, punctuation or numbers)."""
    return [
        token.lemma_.lower()
        for token in nlp(text.lower())
        if not (token.is_stop or token.is_punct or token.is_space or token.like_num)
    ]


def lemmas_many(nlp, texts: Iterable[str]) -> list[list[str]]:
    """`lemmas` for many texts at once (faster: spaCy batches them)."""
    return [
        [
            token.lemma_.lower()
            for token in doc
            if not (token.is_stop or token.is_punct or token.is_space or token.like_num)
        ]
        for doc in nlp.pipe(text.lower() for text in texts)
    ]


def describe(path: Path = PIPELINE_DIR) -> str:
    """One line about the saved pipeline, for logs and `make nlp`."""
    meta = json.loads((path / "meta.json").read_text())
    return f"spaCy pipeline {meta['name']} at {path}: {', '.join(meta.get('pipeline', []))}"
