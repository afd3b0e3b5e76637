"""bot.validation: the checker the three loaders share, and the one content check every entry
point runs (its messages are what a content editor reads)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.coaching import CoachingError
from bot.config import ROOT
from bot.finder import FinderError
from bot.knowledge.loader import KnowledgeError
from bot.validation import (
    Checker,
    ContentError,
    closest,
    describe,
    record_label,
    report_content,
    validate_content,
)

SPEC = {"id": (True, "text"), "year": (True, "year"), "tags": (False, "list"), "notes": (False, "raw")}


@pytest.fixture
def check(tmp_path) -> Checker:
    return Checker(tmp_path)


def test_fields_cleans_good_values_and_names_every_problem(check):
    values = check.fields("a.yml", "entry 'x'", {"id": "  two\n words ", "year": None, "tags": ["a  b"],
                                                 "notes": {"kept": 1}}, SPEC)
    assert values == {"id": "two words", "year": None, "tags": ("a b",), "notes": {"kept": 1}}
    assert check.problems == []

    assert check.fields("a.yml", "entry #2", {"idd": "x", "year": "2018", "tags": "a"}, SPEC) is None
    assert check.problems == [
        "a.yml: entry #2: field 'idd': unknown field (did you mean 'id'?); allowed fields are id, year, tags, notes",
        "a.yml: entry #2: field 'id': missing (required)",
        "a.yml: entry #2: field 'year': expected a year such as 2018, or null when undated, got '2018'",
        "a.yml: entry #2: field 'tags': expected a list (e.g. [a, b]), got 'a'",
    ]


def test_fields_of_something_that_is_not_a_mapping(check):
    assert check.fields("a.yml", "entry #1", ["id"], SPEC) is None
    assert check.problems == ["a.yml: entry #1: expected a mapping of fields (id, year, tags, notes)"]


@pytest.mark.parametrize(("text", "problem"), [
    (None, "file not found"),
    ("items: [a\n", "line 2, column 1: YAML syntax error: "),
    ("other: []\n", "expected a top-level 'items:' list"),
    ("items: []\n", "'items' must be a non-empty list"),
])
def test_read_yaml_says_why_a_file_is_unusable(check, tmp_path, text, problem):
    path = tmp_path / "sub" / "a.yml"
    if text is not None:
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    assert check.read_yaml(path, "items") is None
    [found] = check.problems
    assert found.startswith(f"sub/a.yml: {problem}")


def test_read_yaml_returns_the_records_and_flags_extra_keys(check, tmp_path):
    path = tmp_path / "a.yml"
    path.write_text(yaml.safe_dump({"items": [{"id": "x"}], "extra": 1}), encoding="utf-8")
    assert check.read_yaml(path, "items") == [{"id": "x"}]
    assert check.problems == ["a.yml: unknown top-level key 'extra' (expected only 'items')"]


@pytest.mark.parametrize(("value", "said"), [
    (None, "nothing (null)"), (True, "true/false (True)"), ({}, "a mapping"), ([1], "a list"),
    (42, "42"), ("x" * 50, "'" + "x" * 36 + "..."),
])
def test_describe(value, said):
    assert describe(value) == said


def test_closest_suggests_only_near_misses():
    assert closest("sumary", ["summary", "title"]) == "summary"
    assert closest("colour", ["summary", "title"]) is None


def test_record_label_uses_the_id_when_there_is_one():
    assert record_label("entry", {"id": "peer-support"}, "id", 3) == "entry 'peer-support'"
    assert record_label("entry", {"id": ""}, "id", 3) == "entry #3"
    assert record_label("source", "not a mapping", "key", 1) == "source #1"


@pytest.mark.parametrize(("error", "heading"), [
    (KnowledgeError, "2 problem(s) in the knowledge content:"),
    (CoachingError, "2 problem(s) in the reflective exercises:"),
    (FinderError, "2 problem(s) in the finder content:"),
])
def test_each_part_names_itself_in_its_error(error, heading):
    raised = error(["a.yml: one", "b.yml: two"])
    assert isinstance(raised, ContentError) and raised.problems == ["a.yml: one", "b.yml: two"]
    assert str(raised) == f"{heading}\n  - a.yml: one\n  - b.yml: two"


# The one content check -----------------------------------------------------------------------------


@pytest.fixture
def knowledge(tmp_path) -> Path:
    """A copy of the real knowledge folder, to break."""
    return Path(shutil.copytree(ROOT / "knowledge", tmp_path / "knowledge"))


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_the_content_validates_and_says_what_loaded(knowledge, capsys):
    content = report_content(str(knowledge))
    assert content is not None and content == validate_content(str(knowledge))
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"knowledge: {len(content.kb.entries)} entries, {len(content.kb.sources)} sources, "
        f"{len(content.kb.glossary)} glossary terms: OK",
        f"reflections: {len(content.exercises)} exercises: OK",
        f"finder: {len(content.finder.items)} programmes and networks: OK",
    ]


def test_knowledge_problems_are_listed_one_a_line_with_a_count(knowledge, capsys):
    topic = sorted((knowledge / "topics").glob("*.yml"))[0]
    _edit(topic, lambda data: data["entries"][0].update(sources=["nice-2099"]))
    with pytest.raises(KnowledgeError):
        validate_content(str(knowledge))
    assert report_content(str(knowledge)) is None
    captured = capsys.readouterr()
    [problem] = captured.err.splitlines()
    assert problem.startswith(f"topics/{topic.name}: ") and "unknown source key 'nice-2099'" in problem
    assert captured.out == f"knowledge: 1 problem(s) in {knowledge}\n"


def test_a_missing_knowledge_folder_says_so(tmp_path, capsys):
    assert report_content(str(tmp_path / "nowhere")) is None
    captured = capsys.readouterr()
    assert "knowledge folder not found" in captured.err and "1 problem(s)" in captured.out


@pytest.mark.parametrize(("part", "error", "heading"), [
    ("reflections/failing-well.yml", CoachingError, "problem(s) in the reflective exercises:"),
    ("programmes.yml", FinderError, "problem(s) in the finder content:"),
])
def test_exercise_and_finder_problems_stop_it_too(knowledge, capsys, part, error, heading):
    path = knowledge / part
    path.write_text(path.read_text(encoding="utf-8") + "\nunexpected_key: 1\n", encoding="utf-8")
    with pytest.raises(error):
        validate_content(str(knowledge))
    assert report_content(str(knowledge)) is None
    captured = capsys.readouterr()
    assert heading in captured.err and "unexpected_key" in captured.err
