"""Validating the content in knowledge/: the checker the three loaders share, and the one check
that every entry point runs before it serves or trains.

The loaders (bot.knowledge.loader, bot.coaching.loader, bot.finder.loader) read YAML through a
`Checker`, which collects every problem rather than stopping at the first, so a content editor
can fix a whole file in one pass. Each problem names the file (relative to the folder), the
record, the field and what was expected; `closest` suggests the name that was probably meant,
`describe` says briefly what was found instead.

`validate_content` loads all three parts; `python -m bot knowledge validate`, `python -m bot
run|train|shell|eval` and the action server (`python -m actions`) all call it.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import yaml

# Content rules the three loaders (knowledge, exercises, catalogue) share.
MAX_TITLE_CHARS = 40  # titles are shown on buttons
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEBAB_HINT = "lowercase letters, digits and single hyphens (e.g. 'what-is-system-leadership')"
# Abbreviations whose full stop does not end a sentence (checked case-insensitively).
_ABBREVIATIONS = re.compile(r"\b(?:et al|e\.g|i\.e|etc|vs|cf|dr|prof|mr|mrs|ms|no|st)\.", re.I)
_SENTENCE_END = re.compile(r"[.!?][\"'\u2019\u201d)\]]*(?=\s+[\"'\u2018\u201c(\[]?[A-Z0-9]|\s*$)")


def count_sentences(text: str) -> int:
    """Number of sentences in `text`, not counting full stops of common abbreviations."""
    masked = _ABBREVIATIONS.sub(lambda match: match.group(0)[:-1] + "\0", text.strip())
    return len(_SENTENCE_END.findall(masked)) or (1 if masked else 0)


if TYPE_CHECKING:  # loaded lazily: the loaders import this module
    from bot.coaching.models import Exercise
    from bot.finder import Finder
    from bot.knowledge.models import KnowledgeBase

__all__ = ["Checker", "Content", "ContentError", "closest", "describe", "record_label", "report_content",
           "validate_content"]


class ContentError(ValueError):
    """Part of the content is invalid; `problems` lists every problem found in it."""

    what = "the content"  # each loader's error names its part

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in {self.what}:\n{lines}")


class Checker:
    """Collects problems for one content folder while records are read."""

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

    def parse_yaml(self, path: Path) -> tuple[bool, Any]:
        """(True, the file's YAML), or (False, None) with the problem recorded when it is not
        UTF-8 text or not valid YAML (the line and column of the error)."""
        try:
            return True, yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
            problem = getattr(error, "problem", None) or str(error).splitlines()[0]
            self.add(self.rel(path), f"{where}YAML syntax error: {problem}")
        except UnicodeDecodeError:
            self.add(self.rel(path), "file is not UTF-8 text")
        return False, None

    def read_yaml(self, path: Path, top_key: str, also: tuple[str, ...] = ()) -> list | None:
        """The list under `top_key`, or None (with a problem recorded) if the file is unusable.

        `also` names other top-level keys the file may have (read with `top_level`)."""
        file = self.rel(path)
        if not path.is_file():
            self.add(file, "file not found")
            return None
        parsed, data = self.parse_yaml(path)
        if not parsed:
            return None
        if not isinstance(data, dict) or top_key not in data:
            self.add(file, f"expected a top-level '{top_key}:' list")
            return None
        for key in data:
            if key != top_key and key not in also:
                expected = " and ".join(f"'{name}'" for name in (top_key, *also))
                self.add(file, f"unknown top-level key '{key}' (expected only {expected})")
        records = data[top_key]
        if not isinstance(records, list) or not records:
            self.add(file, f"'{top_key}' must be a non-empty list")
            return None
        return records

    def fields(self, file: str, label: str, record: Any, spec: dict) -> dict | None:
        """Check a record's fields against `spec` (field -> (required, kind)); the cleaned values
        or None. Kinds: "text" (non-empty string), "year" (int or null), "list" (of non-empty
        strings), "raw" (passed through for the loader to check). Optional fields may be null."""
        if not isinstance(record, dict):
            self.add(file, f"{label}: expected a mapping of fields ({', '.join(spec)})")
            return None
        values: dict[str, Any] = {}
        ok = True
        for name in record:
            if name not in spec:
                close = closest(str(name), spec)
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
            return f"expected non-empty text, got {describe(value)}"
    elif kind == "year":
        if isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= 2100:
            return f"expected a year such as 2018, or null when undated, got {describe(value)}"
    elif kind == "list":
        if not isinstance(value, list):
            return f"expected a list (e.g. [a, b]), got {describe(value)}"
        for item in value:
            if not isinstance(item, str) or not item.strip():
                return f"expected a list of non-empty text items, found {describe(item)}"
    return None


def _clean(kind: str, value: Any) -> Any:
    if kind == "text":
        return " ".join(value.split())  # folded YAML may leave stray spaces or newlines
    if kind == "list":
        return tuple(" ".join(item.split()) for item in value)
    return value


def describe(value: Any) -> str:
    """What a YAML value is, briefly, for a problem message ("nothing (null)", "a list", '42')."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"true/false ({value})"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def closest(name: str, candidates) -> str | None:
    """The candidate `name` was probably meant to be (a typo), or None."""
    import difflib

    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.75)
    return matches[0] if matches else None


def record_label(kind: str, record: Any, id_field: str, position: int) -> str:
    """How a problem names a record: "entry 'peer-support'", or "entry #3" when it has no id."""
    if isinstance(record, dict) and isinstance(record.get(id_field), str) and record[id_field]:
        return f"{kind} '{record[id_field]}'"
    return f"{kind} #{position}"


# The one content check ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Content:
    """All of knowledge/, loaded and valid."""

    kb: KnowledgeBase
    exercises: dict[str, Exercise]
    finder: Finder


def validate_content(knowledge_dir: str | None = None) -> Content:
    """Load and check the knowledge base, then the reflective exercises, then the finder's
    catalogue, from `knowledge_dir` (default: the KNOWLEDGE_DIR setting).

    Raises the ContentError of the first part with problems (KnowledgeError, CoachingError or
    FinderError), listing every problem in that part. The exercises and the finder come from
    their once-per-process factories, so a server that validates at start-up serves them as
    loaded here.
    """
    from bot.coaching import get_exercises
    from bot.config import Settings
    from bot.finder import get_finder
    from bot.knowledge.loader import load_knowledge

    kb = load_knowledge(knowledge_dir or Settings.from_environ().knowledge_dir)
    if knowledge_dir is None:  # the factories' default keys, the ones the actions call
        return Content(kb, get_exercises(), get_finder())
    return Content(kb, get_exercises(knowledge_dir=knowledge_dir), get_finder(knowledge_dir))


def report_content(knowledge_dir: str | None = None, out: TextIO | None = None,
                   err: TextIO | None = None) -> Content | None:
    """`validate_content` for the command line: prints what loaded (on `out`) or the problems
    (on `err`, the knowledge base's one a line with a count on `out`); None if invalid."""
    from bot.knowledge.loader import KnowledgeError

    out, err = out or sys.stdout, err or sys.stderr
    try:
        content = validate_content(knowledge_dir)
    except KnowledgeError as error:
        for problem in error.problems:
            print(problem, file=err)
        folder = knowledge_dir or _default_knowledge_dir()
        print(f"knowledge: {len(error.problems)} problem(s) in {folder}", file=out)
        return None
    except ContentError as error:
        print(error, file=err)
        return None
    print(f"knowledge: {len(content.kb.entries)} entries, {len(content.kb.sources)} sources, "
          f"{len(content.kb.glossary)} glossary terms: OK", file=out)
    print(f"reflections: {len(content.exercises)} exercises: OK", file=out)
    print(f"finder: {len(content.finder.items)} programmes and networks: OK", file=out)
    return content


def _default_knowledge_dir() -> str:
    from bot.config import Settings

    return Settings.from_environ().knowledge_dir


def url_kind_ok(check: Checker, file: str, label: str, url_kind: str | None) -> bool:
    """True when `url_kind` is absent or a known kind of link; otherwise records the problem."""
    from bot.knowledge.models import URL_KINDS

    if url_kind is None or url_kind in URL_KINDS:
        return True
    check.add(file, f"{label}: field 'url_kind': expected {' or '.join(URL_KINDS)} (or no "
                    f"url_kind when the url is the entry's own page), got {describe(url_kind)}")
    return False
