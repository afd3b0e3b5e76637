"""Loading and validating knowledge content: every problem names file, record, field and fix."""
from __future__ import annotations

import pytest

from bot.knowledge.loader import KnowledgeError, load_knowledge
from bot.validation import count_sentences

from .conftest import write_content


def problems_for(tmp_path, content) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(write_content(tmp_path, content))
    return caught.value.problems


def first_entry(content, file="topics/basics.yml"):
    return content[file]["entries"][0]


def test_good_content_loads_in_file_order(tiny_kb):
    assert list(tiny_kb.entries) == [
        "what-is-system-leadership", "working-with-local-authority", "governance-clarity",
        "peer-support", "evidence-overview",
    ]
    entry = tiny_kb.entry("governance-clarity")
    assert entry.file == "topics/basics.yml"
    assert isinstance(entry.questions, tuple) and len(entry.questions) == 6
    assert [source.key for source in tiny_kb.sources_for(entry)] == ["scie", "kings-fund-2015"]
    assert [e.id for e in tiny_kb.related_entries(tiny_kb.entry("evidence-overview"))] == [
        "what-is-system-leadership", "peer-support"]
    assert tiny_kb.sources["scie"].year is None and tiny_kb.sources["kings-fund-2015"].year == 2015
    assert len(tiny_kb.glossary) == 4
    assert tiny_kb.entry("what-is-system-leadership").more
    assert tiny_kb.entry("governance-clarity").more is None


def test_unknown_entry_id_names_the_id(tiny_kb):
    with pytest.raises(KeyError, match="no-such-entry"):
        tiny_kb.entry("no-such-entry")


def _drop(field):
    def change(content):
        del first_entry(content)[field]
    return change


def _set(field, value, file="topics/basics.yml", position=0):
    def change(content):
        content[file]["entries"][position][field] = value
    return change


def _set_source(field, value, position=0):
    def change(content):
        content["sources.yml"]["sources"][position][field] = value
    return change


def _rename(old, new):
    def change(content):
        entry = first_entry(content)
        entry[new] = entry.pop(old)
    return change


def _duplicate_id(content):
    content["topics/support.yml"]["entries"][0]["id"] = "governance-clarity"


def _bad_label(content):
    content["glossary.yml"]["terms"][0]["label"] = "topic"


def _shared_synonym(content):
    content["glossary.yml"]["terms"][1]["synonyms"].append("System Leaders")


BROKEN = [
    (_rename("questions", "questons"),
     "topics/basics.yml: entry 'what-is-system-leadership': field 'questons': unknown field "
     "(did you mean 'questions'?)"),
    (_drop("answer"),
     "topics/basics.yml: entry 'what-is-system-leadership': field 'answer': missing (required)"),
    (_set("title", "A title that is much too long to fit on any button"),
     "topics/basics.yml: entry 'what-is-system-leadership': field 'title': expected at most 40 "
     "characters"),
    (_set("answer", "Just one sentence here."),
     "field 'answer': expected 2 to 4 sentences, got 1"),
    (_set("answer", "One. Two. Three. Four. Five."),
     "field 'answer': expected 2 to 4 sentences, got 5"),
    (_set("questions", ["only one question?"]),
     "field 'questions': expected at least 6 ways leaders ask, got 1"),
    (_set("questions", "What is it?"), "field 'questions': expected a list"),
    (_set("id", "What_Is_This"),
     "topics/basics.yml: entry 'What_Is_This': field 'id': expected lowercase letters, digits "
     "and single hyphens"),
    (_duplicate_id,
     "topics/support.yml: entry 'governance-clarity': field 'id': duplicate id, already used in "
     "topics/basics.yml"),
    (_set("related", ["governance-clarty"]),
     "entry 'what-is-system-leadership': field 'related': unknown entry id 'governance-clarty' "
     "(did you mean 'governance-clarity'?)"),
    (_set("related", ["what-is-system-leadership"]),
     "field 'related': an entry cannot be related to itself"),
    (_set("sources", ["nice-2020"]),
     "field 'sources': unknown source key 'nice-2020' (expected a key from sources.yml)"),
    (_set("sources", []), "field 'sources': expected at least one source key"),
    (_set("title", None), "field 'title': expected non-empty text, got nothing (null)"),
    (_set_source("url", "www.scie.org.uk"),
     "sources.yml: source 'scie': field 'url': expected a web address starting with http://"),
    (_set_source("year", "2015"),
     "sources.yml: source 'scie': field 'year': expected a year such as 2018, or null"),
    (_set_source("organisaton", "SCIE"),
     "sources.yml: source 'scie': field 'organisaton': unknown field (did you mean "
     "'organisation'?)"),
    (_bad_label,
     "glossary.yml: term 'system leadership': field 'label': expected one of theme, role, "
     "sector, org_type, got 'topic'"),
    (_shared_synonym,
     "glossary.yml: term 'local authority': field 'synonyms': 'System Leaders' is already "
     "listed under term 'system leadership'"),
]


@pytest.mark.parametrize("break_content, expected", BROKEN,
                         ids=[str(i) for i in range(len(BROKEN))])
def test_broken_content_gives_an_actionable_problem(tmp_path, content, break_content, expected):
    break_content(content)
    problems = problems_for(tmp_path, content)
    assert any(expected in problem for problem in problems), problems


def test_all_problems_are_reported_at_once(tmp_path, content):
    _rename("questions", "questons")(content)
    _set_source("url", "ftp://example.org")(content)
    content["topics/support.yml"]["entries"][1]["title"] = "x" * 41
    problems = problems_for(tmp_path, content)
    assert len(problems) >= 3
    assert {problem.split(":")[0] for problem in problems} >= {
        "topics/basics.yml", "sources.yml", "topics/support.yml"}


def test_yaml_syntax_error_names_file_and_line(tmp_path, content):
    root = write_content(tmp_path, content)
    (root / "topics" / "support.yml").write_text(
        "entries:\n"
        "  - id: peer-support\n"
        "    title: Peer support: mentoring\n"  # a second ': ' on one line is invalid YAML
        "    answer: Two. Sentences.\n"
    )
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    [problem] = caught.value.problems
    assert problem.startswith("topics/support.yml: line 3, column ")
    assert "YAML syntax error: mapping values are not allowed here" in problem


def test_missing_file_and_folder_are_reported(tmp_path, content):
    del content["sources.yml"]
    problems = problems_for(tmp_path, content)
    assert "sources.yml: file not found" in problems
    with pytest.raises(KnowledgeError, match="knowledge folder not found"):
        load_knowledge(tmp_path / "nowhere")


def test_knowledge_error_is_a_value_error_listing_problems(tmp_path, content):
    _drop("answer")(content)
    with pytest.raises(ValueError, match="field 'answer': missing"):
        load_knowledge(write_content(tmp_path, content))


@pytest.mark.parametrize("text, expected", [
    ("One. Two.", 2),
    ("Sims et al. (2021) found this. Then that.", 2),
    ("Leaders (e.g. chief executives) agree. Is that so? Yes!", 3),
    ('He called it "the key." Others agreed.', 2),
    ("No full stop at the end", 1),
])
def test_count_sentences(text, expected):
    assert count_sentences(text) == expected
