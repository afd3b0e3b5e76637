"""The generated `ask_question` training data: every entry's questions, once each, in file order."""
from __future__ import annotations

import yaml

from bot.knowledge.models import Entry, KnowledgeBase
from bot.knowledge.nlu_data import HEADER, render_nlu, write_nlu


def entry(entry_id: str, *questions: str) -> Entry:
    return Entry(id=entry_id, title=entry_id, answer="An answer.", more=None, questions=questions,
                 themes=(), related=(), sources=(), file="topics/test.yml")


KB = KnowledgeBase(
    entries={
        "first": entry("first", "What is system leadership?", "define  systems\nleadership"),
        "second": entry("second", "How do I: work with the council?", "WHAT IS system   leadership?",
                        "Is it #1?"),
    },
    sources={},
)


def test_the_examples_are_rasa_nlu_of_every_question_once_in_file_order():
    text = render_nlu(KB)
    assert text.startswith(HEADER)
    data = yaml.safe_load(text)
    assert data["version"] == "3.1"
    [intent] = data["nlu"]
    assert intent["intent"] == "ask_question"
    assert intent["examples"].splitlines() == [
        "- What is system leadership?",
        "- define systems leadership",
        "- How do I: work with the council?",  # a literal block: no YAML quoting needed
        "- Is it #1?",
    ]


def test_write_creates_the_file_then_finds_it_up_to_date(tmp_path):
    path = tmp_path / "knowledge_questions.yml"
    assert write_nlu(KB, path) is False
    assert path.read_text(encoding="utf-8") == render_nlu(KB)
    assert write_nlu(KB, path) is True
    assert write_nlu(KB, path, check=True) is True


def test_check_reports_a_stale_file_and_leaves_it_alone(tmp_path):
    path = tmp_path / "knowledge_questions.yml"
    assert write_nlu(KB, path, check=True) is False
    assert not path.exists()
    path.write_text("edited by hand\n", encoding="utf-8")
    assert write_nlu(KB, path, check=True) is False
    assert path.read_text(encoding="utf-8") == "edited by hand\n"
    assert write_nlu(KB, path) is False and write_nlu(KB, path, check=True) is True
