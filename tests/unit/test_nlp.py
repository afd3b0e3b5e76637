from pathlib import Path

import pytest

from bot import nlp

GLOSSARY = """
terms:
  - term: integrated care system
    label: org_type
    synonyms: [ICS, ICSs]
  - term: middle manager
    label: role
    synonyms: [middle managers]
"""


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nlp")
    glossary = folder / "glossary.yml"
    glossary.write_text(GLOSSARY)
    out = folder / "pipeline"
    assert nlp.build_pipeline(glossary, out) is True
    assert nlp.build_pipeline(glossary, out) is False  # unchanged glossary: nothing rebuilt
    return nlp.load_pipeline(str(out))


def test_entity_patterns_map_synonyms_to_their_canonical_term():
    patterns = nlp.entity_patterns([{"term": "Integrated care system", "label": "org_type", "synonyms": ["ICS"]}])
    assert {"label": "org_type", "pattern": "ics", "id": "integrated care system"} in patterns


def test_pipeline_finds_glossary_entities_whatever_the_case(pipeline):
    doc = pipeline("How do middle managers in our ics lead?")
    assert [(ent.text, ent.label_, ent.ent_id_) for ent in doc.ents] == [
        ("middle managers", "role", "middle manager"),
        ("ics", "org_type", "integrated care system"),
    ]


def test_lemmas_drop_stop_words_and_lemmatise(pipeline):
    assert nlp.lemmas(pipeline, "What are the Characteristics of leaders?") == ["characteristic", "leader"]
    assert nlp.lemmas_many(pipeline, ["partnerships", "organisations"]) == [["partnership"], ["organisation"]]


def test_loading_a_missing_pipeline_says_how_to_build_it(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="make nlp"):
        nlp.load_pipeline(str(tmp_path / "missing"))
