"""Load and validate the knowledge folder (see knowledge/README.md for the schema).

Validation (bot.validation's Checker) collects every problem rather than stopping at the first,
so a content editor can fix a whole file in one pass. Each problem names the file (relative to
the knowledge folder), the record, the field and what was expected.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.knowledge.models import Entry, GlossaryTerm, KnowledgeBase, Source
from bot.validation import (
    KEBAB,
    KEBAB_HINT,
    MAX_TITLE_CHARS,
    Checker,
    ContentError,
    closest,
    count_sentences,
    describe,
    record_label,
    url_kind_ok,
)

SOURCES_FILE = "sources.yml"
GLOSSARY_FILE = "glossary.yml"
TOPICS_DIR = "topics"

GLOSSARY_LABELS = ("theme", "role", "sector", "org_type")
MIN_SENTENCES, MAX_SENTENCES = 2, 4  # the short answer is for a busy leader
MIN_QUESTIONS = 6  # enough phrasings for search to recognise the ways leaders ask

# Field name -> (required, kind). Kinds: "text" (non-empty string), "year" (int or null),
# "list" (list of non-empty strings). Optional fields may also be null.
ENTRY_FIELDS = {
    "id": (True, "text"),
    "title": (True, "text"),
    "answer": (True, "text"),
    "more": (False, "text"),
    "questions": (True, "list"),
    "themes": (True, "list"),
    "related": (False, "list"),
    "sources": (True, "list"),
}
SOURCE_FIELDS = {
    "key": (True, "text"),
    "title": (True, "text"),
    "organisation": (True, "text"),
    # Required (null allowed) so that "undated" is a deliberate choice, not a forgotten field.
    "year": (True, "year"),
    "url": (True, "text"),
    "url_kind": (False, "text"),  # "homepage" when the url is the organisation's home page
    "citation": (False, "text"),
    "caution": (False, "text"),
}
GLOSSARY_FIELDS = {
    "term": (True, "text"),
    "label": (True, "text"),
    "synonyms": (False, "list"),
}



class KnowledgeError(ContentError):
    """The knowledge content is invalid; `problems` lists every problem found."""

    what = "the knowledge content"


def _load_sources(check: Checker) -> dict[str, Source]:
    path = check.root / SOURCES_FILE
    records = check.read_yaml(path, "sources") or []
    file = check.rel(path)
    sources: dict[str, Source] = {}
    for position, record in enumerate(records, start=1):
        label = record_label("source", record, "key", position)
        values = check.fields(file, label, record, SOURCE_FIELDS)
        if values is None:
            continue
        key = values["key"]
        bad = False
        if not KEBAB.match(key):
            check.add(file, f"{label}: field 'key': expected {KEBAB_HINT}")
            bad = True
        elif key in sources:
            check.add(file, f"{label}: field 'key': duplicate key (each source is listed once)")
            bad = True
        if not re.match(r"^https?://\S+$", values["url"]):
            check.add(file, f"{label}: field 'url': expected a web address starting with "
                            f"http:// or https://, got {describe(values['url'])}")
            bad = True
        if not url_kind_ok(check, file, label, values.get("url_kind")):
            bad = True
        if not bad:
            sources[key] = Source(
                key=key,
                title=values["title"],
                organisation=values["organisation"],
                year=values["year"],
                url=values["url"],
                citation=values.get("citation"),
                caution=values.get("caution"),
                url_kind=values.get("url_kind"),
            )
    return sources


ABBREVIATION = re.compile(r"^[a-z0-9&'/.+]+$")


def _load_abbreviations(check: Checker) -> dict[str, str]:
    """glossary.yml's optional `abbreviations:` mapping: text-speak and short forms leaders type
    (one lower-case word each) to the words they stand for."""
    path = check.root / GLOSSARY_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}  # _load_glossary has said what is wrong with the file
    if not isinstance(data, dict) or data.get("abbreviations") is None:
        return {}
    file = check.rel(path)
    mapping = data["abbreviations"]
    if not isinstance(mapping, dict):
        check.add(file, "'abbreviations' must be a mapping of short forms to the words they stand for")
        return {}
    abbreviations = {}
    for short, means in mapping.items():
        if not isinstance(short, str) or not ABBREVIATION.match(short):
            check.add(file, f"abbreviation {describe(short)}: expected one lower-case word (letters, digits, & ' / . +)")
        elif not isinstance(means, str) or not means.strip():
            check.add(file, f"abbreviation '{short}': expected the words it stands for, got {describe(means)}")
        else:
            abbreviations[short] = means.strip()
    return abbreviations


def _load_glossary(check: Checker) -> list[GlossaryTerm]:
    path = check.root / GLOSSARY_FILE
    records = check.read_yaml(path, "terms", also=("abbreviations",)) or []
    file = check.rel(path)
    terms: list[GlossaryTerm] = []
    owner: dict[str, str] = {}  # lower-cased phrase -> the term that claims it
    for position, record in enumerate(records, start=1):
        label = record_label("term", record, "term", position)
        values = check.fields(file, label, record, GLOSSARY_FIELDS)
        if values is None:
            continue
        if values["label"] not in GLOSSARY_LABELS:
            check.add(file, f"{label}: field 'label': expected one of "
                            f"{', '.join(GLOSSARY_LABELS)}, got {describe(values['label'])}")
            continue
        term = values["term"]
        synonyms = values.get("synonyms") or ()
        # A phrase claimed by two terms would expand a query to whichever the ruler meets first.
        for phrase in (term, *synonyms):
            key = phrase.lower()
            if key in owner and owner[key] != term:
                field = "term" if phrase == term else "synonyms"
                check.add(file, f"{label}: field '{field}': '{phrase}' is already listed under "
                                f"term '{owner[key]}' (a phrase may belong to one term only)")
            owner.setdefault(key, term)
        terms.append(GlossaryTerm(term=term, label=values["label"], synonyms=tuple(synonyms)))
    return terms


def _load_entries(check: Checker, sources: dict[str, Source]) -> dict[str, Entry]:
    topics = check.root / TOPICS_DIR
    paths = sorted(topics.glob("*.yml")) + sorted(topics.glob("*.yaml"))
    if not paths:
        check.add(f"{TOPICS_DIR}/", "no topic files (*.yml) found")
        return {}
    entries: dict[str, Entry] = {}
    seen_in: dict[str, str] = {}  # entry id -> file that first defined it
    question_owner: dict[str, str] = {}  # normalised question -> entry id
    for path in paths:
        file = check.rel(path)
        for position, record in enumerate(check.read_yaml(path, "entries") or [], start=1):
            label = record_label("entry", record, "id", position)
            values = check.fields(file, label, record, ENTRY_FIELDS)
            if values is None:
                continue
            entry_id = values["id"]
            if not KEBAB.match(entry_id):
                check.add(file, f"{label}: field 'id': expected {KEBAB_HINT}")
                continue
            if entry_id in seen_in:
                check.add(file, f"{label}: field 'id': duplicate id, already used in "
                                f"{seen_in[entry_id]} (ids are unique across all topic files)")
                continue
            seen_in[entry_id] = file
            _check_entry_text(check, file, label, values)
            for question in values["questions"]:
                key = _normalise_question(question)
                other = question_owner.setdefault(key, entry_id)
                if other != entry_id:
                    check.add(file, f"{label}: field 'questions': '{question}' is also a question "
                                    f"of entry '{other}' (each question should lead to one entry)")
            for key in values["sources"]:
                if key not in sources:
                    check.add(file, f"{label}: field 'sources': unknown source key '{key}' "
                                    f"(expected a key from {SOURCES_FILE})")
            entries[entry_id] = Entry(
                id=entry_id,
                title=values["title"],
                answer=values["answer"],
                more=values.get("more"),
                questions=values["questions"],
                themes=values["themes"],
                related=values.get("related") or (),
                sources=values["sources"],
                file=file,
            )
    # Related ids can point forwards or into later files, so check them once all are read.
    for entry in entries.values():
        label = f"entry '{entry.id}'"
        for other in entry.related:
            if other == entry.id:
                check.add(entry.file, f"{label}: field 'related': an entry cannot be related "
                                      f"to itself")
            elif other not in entries:
                close = closest(other, entries)
                hint = f" (did you mean '{close}'?)" if close else ""
                check.add(entry.file, f"{label}: field 'related': unknown entry id "
                                      f"'{other}'{hint}")
        if len(set(entry.related)) != len(entry.related):
            check.add(entry.file, f"{label}: field 'related': lists the same id twice")
    return entries


def _check_entry_text(check: Checker, file: str, label: str, values: dict) -> None:
    title = values["title"]
    if len(title) > MAX_TITLE_CHARS:
        check.add(file, f"{label}: field 'title': expected at most {MAX_TITLE_CHARS} characters "
                        f"(it is shown on a button), got {len(title)}")
    sentences = count_sentences(values["answer"])
    if not MIN_SENTENCES <= sentences <= MAX_SENTENCES:
        check.add(file, f"{label}: field 'answer': expected {MIN_SENTENCES} to {MAX_SENTENCES} "
                        f"sentences, got {sentences} (put longer explanations under 'more')")
    questions = values["questions"]
    if len(questions) < MIN_QUESTIONS:
        check.add(file, f"{label}: field 'questions': expected at least {MIN_QUESTIONS} ways "
                        f"leaders ask, got {len(questions)}")
    if not values["sources"]:
        check.add(file, f"{label}: field 'sources': expected at least one source key")


def _normalise_question(question: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", question.lower()).split())


def load_knowledge(path: str | Path) -> KnowledgeBase:
    """Read and validate a knowledge folder; raises KnowledgeError listing every problem."""
    root = Path(path)
    if not root.is_dir():
        raise KnowledgeError([f"{root}: knowledge folder not found (set KNOWLEDGE_DIR?)"])
    check = Checker(root)
    sources = _load_sources(check)
    glossary = _load_glossary(check)
    abbreviations = _load_abbreviations(check)
    entries = _load_entries(check, sources)
    if check.problems:
        raise KnowledgeError(check.problems)
    return KnowledgeBase(entries=entries, sources=sources, glossary=glossary,
                         abbreviations=abbreviations)
