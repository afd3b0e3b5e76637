"""Free text to vocabulary codes: synonyms map to codes, and unsure answers give None."""
from __future__ import annotations

import pytest

from bot.finder import KINDS, NATIONS, ROLES, SECTORS, THEMES, WANTS, parse_role, parse_sector, parse_want


@pytest.mark.parametrize("text, code", [
    ("councillor", "elected-member"),
    ("I'm a Cllr in a district council", "elected-member"),
    ("elected member", "elected-member"),
    ("leader of the council", "elected-member"),
    ("GP", "clinician"),
    ("I'm a nurse", "clinician"),
    ("consultant psychiatrist", "clinician"),
    ("Doctor", "clinician"),
    ("director", "executive"),
    ("chief exec of a trust", "executive"),
    ("Chief Executive", "executive"),
    ("director of public health", "executive"),
    ("assistant director for adult services", "senior-leader"),
    ("senior manager", "senior-leader"),
    ("team leader", "first-line-manager"),
    ("I'm a team leader in a council", "first-line-manager"),
    ("middle manager", "middle-manager"),
    ("head of service", "middle-manager"),
    ("service manager, integrated discharge", "middle-manager"),
    ("I'm not a councillor, I'm a GP", "clinician"),
    ("", None),
    (None, None),
    ("hello", None),
    ("manager", None),
    ("I'm not sure", None),
    ("I manage nurses", None),
    ("non-clinical", None),
])
def test_parse_role(text, code):
    assert parse_role(text) == code


@pytest.mark.parametrize("text, code", [
    ("I'm in a council", "local-government"),
    ("local authority", "local-government"),
    ("Local Government", "local-government"),
    ("an LA in the north west", "local-government"),
    ("charity", "voluntary-sector"),
    ("VCSE", "voluntary-sector"),
    ("third sector", "voluntary-sector"),
    ("the voluntary and community sector", "voluntary-sector"),
    ("NHS", "nhs"),
    ("an acute hospital", "nhs"),
    ("the ICB", "nhs"),
    ("adult social care", "adult-social-care"),
    ("adult social care in a county council", "adult-social-care"),
    ("a care home", "adult-social-care"),
    ("children's services", "childrens-services"),
    ("Children\u2019s social care", "childrens-services"),
    ("public health team at the council", "public-health"),
    ("housing association", "housing"),
    ("", None),
    ("health", None),
    ("health and care", None),
    ("I trust you", None),
    ("not the council, the NHS", "nhs"),
])
def test_parse_sector(text, code):
    assert parse_sector(text) == code


@pytest.mark.parametrize("text, code", [
    ("peer network", "network"),
    ("I'd like to meet peers", "network"),
    ("a community", "network"),
    ("community of practice", "network"),
    ("networking", "network"),
    ("course", "programme"),
    ("some training", "programme"),
    ("a leadership programme", "programme"),
    ("an MSc", "programme"),
    ("buddy", "mentor"),
    ("a coach", "mentor"),
    ("I want a mentor", "mentor"),
    ("peer mentoring", "mentor"),
    ("someone to talk to", "mentor"),
    ("a network rather than a course", "network"),
    ("not a course, a network", "network"),
    ("I don't want a course, I want a mentor", "mentor"),
    ("of course", None),
    ("I work in the voluntary and community sector", None),
    ("", None),
    ("not sure", None),
    ("what do you suggest?", None),
    ("I don't want a course", None),
])
def test_parse_want(text, code):
    assert parse_want(text) == code


@pytest.mark.parametrize("parse, vocabulary", [
    (parse_role, ROLES), (parse_sector, SECTORS), (parse_want, WANTS),
])
def test_a_code_typed_as_text_parses_to_itself(parse, vocabulary):
    # A button payload or a code typed back must round-trip; 'any' is not a user's own sector.
    for code in vocabulary:
        if code != "any":
            assert parse(code.replace("-", " ")) == code, code


def test_vocabularies_are_codes_with_labels():
    for vocabulary in (ROLES, SECTORS, WANTS, KINDS, THEMES, NATIONS):
        assert vocabulary and all(code == code.lower() and " " not in code for code in vocabulary)
        assert all(isinstance(label, str) and label for label in vocabulary.values())
    assert ROLES["elected-member"] == "Elected member (councillor)"
    assert list(WANTS) == ["programme", "network", "mentor"]
