"""Tiny knowledge fixtures (not the real content) and a spaCy pipeline built from their glossary."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

QUESTIONS = {
    "what-is-system-leadership": [
        "What is system leadership?",
        "define systems leadership",
        "what does it mean to be a system leader",
        "meaning of system leadership in plain words",
        "explain system leadership briefly",
        "whats a system leader anyway",
    ],
    "working-with-local-authority": [
        "How do NHS leaders work with the local authority?",
        "working with elected members on service redesign",
        "building relationships with local government partners",
        "how to involve politicians in health decisions",
        "joint working between the NHS and local authorities",
        "what do local authority partners need from the NHS",
    ],
    "governance-clarity": [
        "Why does clear governance matter?",
        "who should sign off joint decisions",
        "nobody knows which organisation is responsible for what",
        "governance arrangements for partnerships",
        "how clear does accountability need to be",
        "decision making rules in a partnership board",
    ],
    "peer-support": [
        "Where can I find peer support?",
        "pairing up with a colleague in another area",
        "is there a mentoring scheme for leaders",
        "learning from peers facing the same problems",
        "support network for senior leaders",
        "can I get a mentor",
    ],
    "evidence-overview": [
        "What does the research evidence say?",
        "studies on leadership and outcomes",
        "is there proof that leadership improves results",
        "research base for integrated care leadership",
        "key papers I can cite in a board report",
        "how strong is the evidence",
    ],
}


def good_content() -> dict[str, dict]:
    """Valid content, as {path relative to the knowledge folder: YAML data}."""
    def entry(entry_id, title, answer, themes, related, sources, more=None):
        data = {
            "id": entry_id,
            "title": title,
            "answer": answer,
            "questions": QUESTIONS[entry_id],
            "themes": themes,
            "related": related,
            "sources": sources,
        }
        if more:
            data["more"] = more
        return data

    return {
        "sources.yml": {"sources": [
            {"key": "scie", "title": "System leadership for integrated care",
             "organisation": "SCIE", "year": None, "url": "https://www.scie.org.uk/x",
             "citation": "SCIE. System leadership for integrated care. n.d."},
            {"key": "kings-fund-2015", "title": "The practice of system leadership",
             "organisation": "The King's Fund", "year": 2015,
             "url": "https://www.kingsfund.org.uk/y",
             "caution": "The date was checked in a third-party copy."},
        ]},
        "glossary.yml": {"terms": [
            {"term": "system leadership", "label": "theme",
             "synonyms": ["systems leadership", "system leader", "system leaders"]},
            {"term": "local authority", "label": "org_type",
             "synonyms": ["council", "councils", "local authorities"]},
            {"term": "peer support", "label": "theme", "synonyms": ["buddy", "buddying"]},
            {"term": "councillor", "label": "role", "synonyms": ["elected member", "elected members"]},
        ]},
        "topics/basics.yml": {"entries": [
            entry("what-is-system-leadership", "What system leadership is",
                  "System leadership means leading across organisations towards a shared goal. "
                  "It relies on relationships and influence rather than line management.",
                  ["system leadership", "definition"], ["governance-clarity"], ["scie"],
                  more="Leaders connect people and organisations around a shared purpose."),
            entry("working-with-local-authority", "Working with the local authority",
                  "Local authority partners bring democratic accountability and public services. "
                  "Involve elected members early and respect their mandate.",
                  ["local authority", "councillor"], ["what-is-system-leadership"], ["scie"]),
            entry("governance-clarity", "Clear governance",
                  "Partners need to know who decides what and who is accountable. "
                  "Unclear governance slows joint decisions and erodes trust.",
                  ["governance", "accountability"], [], ["scie", "kings-fund-2015"]),
        ]},
        "topics/support.yml": {"entries": [
            entry("peer-support", "Peer support and mentoring",
                  "Peer support lets leaders learn from colleagues who face the same problems. "
                  "Mentoring and buddying schemes pair leaders across areas.",
                  ["peer support", "mentoring"], ["evidence-overview"], ["kings-fund-2015"]),
            entry("evidence-overview", "What the evidence says",
                  "Research links strong collaborative leadership with successful integration. "
                  "Most studies are qualitative, so effects on outcomes are less certain.",
                  ["evidence", "research"], ["what-is-system-leadership", "peer-support"],
                  ["kings-fund-2015"]),
        ]},
    }


def write_content(root: Path, content: dict[str, dict]) -> Path:
    """Write `content` (as from good_content) under `root` and return it."""
    for relative, data in content.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return root


@pytest.fixture
def content() -> dict[str, dict]:
    """A fresh, mutable copy of the good content."""
    return copy.deepcopy(good_content())


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory) -> Path:
    """The good content written once, for tests that only read it."""
    return write_content(tmp_path_factory.mktemp("knowledge"), good_content())


@pytest.fixture(scope="session")
def tiny_pipeline_dir(tiny_dir, tmp_path_factory) -> Path:
    """The project's spaCy pipeline, built from the tiny glossary into a temporary folder."""
    from bot.nlp import build_pipeline

    out_dir = tmp_path_factory.mktemp("spacy")
    build_pipeline(tiny_dir / "glossary.yml", out_dir)
    return out_dir


@pytest.fixture(scope="session")
def tiny_nlp(tiny_pipeline_dir):
    from bot.nlp import load_pipeline

    return load_pipeline(str(tiny_pipeline_dir))


@pytest.fixture(scope="session")
def tiny_kb(tiny_dir):
    from bot.knowledge.loader import load_knowledge

    return load_knowledge(tiny_dir)


@pytest.fixture(scope="session")
def tiny_index(tiny_kb, tiny_nlp):
    from bot.knowledge.search import KnowledgeIndex

    return KnowledgeIndex.build(tiny_kb, tiny_nlp)
