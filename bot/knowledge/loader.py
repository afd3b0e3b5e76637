"""Load and validate the knowledge folder (see knowledge/README.md for the schema).

Validation collects every problem rather than stopping at the first, so a content editor can fix
a whole file in one pass. Each problem names the file (relative to the knowledge folder), the
record, the field and what was expected.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.models import URL_KINDS, Entry, GlossaryTerm, KnowledgeBase, Source

SOURCES_FILE = "sources.yml"
GLOSSARY_FILE = "glossary.yml"
TOPICS_DIR = "topics"

GLOSSARY_LABELS = ("theme", "role", "sector", "org_type")
MAX_TITLE_CHARS = 40  # titles are shown on buttons
MIN_SENTENCES, MAX_SENTENCES = 2, 4  # the short answer is for a busy leader
MIN_QUESTIONS = 6  # enough phrasings for search to recognise the ways leaders ask

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEBAB_HINT = "lowercase letters, digits and single hyphens (e.g. 'what-is-system-leadership')"

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

# Abbreviations whose full stop does not end a sentence (checked case-insensitively).
_ABBREVIATIONS = re.compile(r"\b(?:et al|e\.g|i\.e|etc|vs|cf|dr|prof|mr|mrs|ms|no|st)\.", re.I)
_SENTENCE_END = re.compile(r"[.!?][\"'\u2019\u201d)\]]*(?=\s+[\"'\u2018\u201c(\[]?[A-Z0-9]|\s*$)")


class KnowledgeError(ValueError):
    """The knowledge content is invalid; `problems` lists every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the knowledge content:\n{lines}")


def count_sentences(text: str) -> int:
    """Number of sentences in `text`, not counting full stops of common abbreviations."""
    masked = _ABBREVIATIONS.sub(lambda match: match.group(0)[:-1] + "\0", text.strip())
    return len(_SENTENCE_END.findall(masked)) or (1 if masked else 0)


class _Checker:
    """Collects problems for one knowledge folder while records are read."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[str] = []

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def add(self, file: str, message: str) -> None:
        self.problems.append(f"{file}: {message}")

    def read_yaml(self, path: Path, top_key: str) -> list | None:
        """The list under `top_key`, or None (with a problem recorded) if the file is unusable."""
        file = self.rel(path)
        if not path.is_file():
            self.add(file, "file not found")
            return None
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
            problem = getattr(error, "problem", None) or str(error).splitlines()[0]
            self.add(file, f"{where}YAML syntax error: {problem}")
            return None
        except UnicodeDecodeError:
            self.add(file, "file is not UTF-8 text")
            return None
        if not isinstance(data, dict) or top_key not in data:
            self.add(file, f"expected a top-level '{top_key}:' list")
            return None
        for key in data:
            if key != top_key:
                self.add(file, f"unknown top-level key '{key}' (expected only '{top_key}')")
        records = data[top_key]
        if not isinstance(records, list) or not records:
            self.add(file, f"'{top_key}' must be a non-empty list")
            return None
        return records

    def fields(self, file: str, label: str, record: Any, spec: dict) -> dict | None:
        """Check a record's fields against `spec`; returns the cleaned values or None."""
        if not isinstance(record, dict):
            self.add(file, f"{label}: expected a mapping of fields ({', '.join(spec)})")
            return None
        values: dict[str, Any] = {}
        ok = True
        for name in record:
            if name not in spec:
                close = _closest(str(name), spec)
                hint = f" (did you mean '{close}'?)" if close else ""
                self.add(file, f"{label}: field '{name}': unknown field{hint}; "
                               f"allowed fields are {', '.join(spec)}")
                ok = False
        for name, (required, kind) in spec.items():
            if name not in record:
                if required:
                    self.add(file, f"{label}: field '{name}': missing (required)")
                    ok = False
                continue
            value = record[name]
            if value is None and (not required or kind == "year"):
                values[name] = None
                continue
            error = _type_error(kind, value)
            if error:
                self.add(file, f"{label}: field '{name}': {error}")
                ok = False
                continue
            values[name] = _clean(kind, value)
        return values if ok else None


def _type_error(kind: str, value: Any) -> str | None:
    if kind == "text":
        if not isinstance(value, str) or not value.strip():
            return f"expected non-empty text, got {_describe(value)}"
    elif kind == "year":
        if isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= 2100:
            return f"expected a year such as 2018, or null when undated, got {_describe(value)}"
    elif kind == "list":
        if not isinstance(value, list):
            return f"expected a list (e.g. [a, b]), got {_describe(value)}"
        for item in value:
            if not isinstance(item, str) or not item.strip():
                return f"expected a list of non-empty text items, found {_describe(item)}"
    return None


def _clean(kind: str, value: Any) -> Any:
    if kind == "text":
        return " ".join(value.split())  # folded YAML may leave stray spaces or newlines
    if kind == "list":
        return tuple(" ".join(item.split()) for item in value)
    return value


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"true/false ({value})"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _closest(name: str, candidates) -> str | None:
    import difflib

    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.75)
    return matches[0] if matches else None


def _record_label(kind: str, record: Any, id_field: str, position: int) -> str:
    if isinstance(record, dict) and isinstance(record.get(id_field), str) and record[id_field]:
        return f"{kind} '{record[id_field]}'"
    return f"{kind} #{position}"


def _load_sources(check: _Checker) -> dict[str, Source]:
    path = check.root / SOURCES_FILE
    records = check.read_yaml(path, "sources") or []
    file = check.rel(path)
    sources: dict[str, Source] = {}
    for position, record in enumerate(records, start=1):
        label = _record_label("source", record, "key", position)
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
                            f"http:// or https://, got {_describe(values['url'])}")
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


def url_kind_ok(check: _Checker, file: str, label: str, url_kind: str | None) -> bool:
    """True when `url_kind` is absent or a known kind; otherwise records the problem."""
    if url_kind is None or url_kind in URL_KINDS:
        return True
    check.add(file, f"{label}: field 'url_kind': expected {' or '.join(URL_KINDS)} (or no "
                    f"url_kind when the url is the entry's own page), got {_describe(url_kind)}")
    return False


def _load_glossary(check: _Checker) -> list[GlossaryTerm]:
    path = check.root / GLOSSARY_FILE
    records = check.read_yaml(path, "terms") or []
    file = check.rel(path)
    terms: list[GlossaryTerm] = []
    owner: dict[str, str] = {}  # lower-cased phrase -> the term that claims it
    for position, record in enumerate(records, start=1):
        label = _record_label("term", record, "term", position)
        values = check.fields(file, label, record, GLOSSARY_FIELDS)
        if values is None:
            continue
        if values["label"] not in GLOSSARY_LABELS:
            check.add(file, f"{label}: field 'label': expected one of "
                            f"{', '.join(GLOSSARY_LABELS)}, got {_describe(values['label'])}")
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


def _load_entries(check: _Checker, sources: dict[str, Source]) -> dict[str, Entry]:
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
            label = _record_label("entry", record, "id", position)
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
                close = _closest(other, entries)
                hint = f" (did you mean '{close}'?)" if close else ""
                check.add(entry.file, f"{label}: field 'related': unknown entry id "
                                      f"'{other}'{hint}")
        if len(set(entry.related)) != len(entry.related):
            check.add(entry.file, f"{label}: field 'related': lists the same id twice")
    return entries


def _check_entry_text(check: _Checker, file: str, label: str, values: dict) -> None:
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
    check = _Checker(root)
    sources = _load_sources(check)
    glossary = _load_glossary(check)
    entries = _load_entries(check, sources)
    if check.problems:
        raise KnowledgeError(check.problems)
    return KnowledgeBase(entries=entries, sources=sources, glossary=glossary)


def validate_cli(path: str | Path) -> int:
    """`python -m bot knowledge validate`: print a summary or the problems; 0 if valid, else 1."""
    try:
        kb = load_knowledge(path)
    except KnowledgeError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"knowledge: {len(error.problems)} problem(s) in {path}")
        return 1
    print(f"knowledge: {len(kb.entries)} entries, {len(kb.sources)} sources, "
          f"{len(kb.glossary)} glossary terms: OK")
    return 0
