"""Free text to vocabulary codes: synonyms map to codes, and unsure answers give None."""
from __future__ import annotations

import pytest

from bot.finder import (
    KINDS,
    NATIONS,
    ROLES,
    SECTORS,
    THEMES,
    WANTS,
    parse_group,
    parse_nation,
    parse_org_type,
    parse_role,
    parse_sector,
    parse_want,
)
from bot.finder.vocab import correct_word, normalise, parse_not_groups, parse_roles


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


@pytest.mark.parametrize("text, code", [
    ("anything for leaders in Scotland?", "scotland"),
    ("I manage a care home in Fife", "scotland"),
    ("AHP lead in an HSCP in Tayside", "scotland"),
    ("CEO of a charity in Swansea", "wales"),
    ("service manager at Betsi Cadwaladr", "wales"),
    ("band 6 nurse in the southern trust NI", "northern-ireland"),
    ("public health consultant in belfast", "northern-ireland"),
    ("practice manager in Leeds", "england"),
    ("ICB director", "england"),
    ("I'm a nurse", None),
    ("a network for women leaders", None),
])
def test_parse_nation(text, code):
    assert parse_nation(text) == code


@pytest.mark.parametrize("text, code", [
    ("a network for women leaders", "women"),
    ("female director in local govt", "women"),
    ("networks for BAME leaders in health?", "bme"),
    ("I'm a British Asian associate director", "bme"),
    ("Black British senior practitioner", "bme"),
    ("a network for middle managers", None),
])
def test_parse_group(text, code):
    assert parse_group(text) == code


def test_saying_you_are_not_in_a_group():
    assert parse_not_groups("I'm a bloke, why the women leaders network?") == ["women"]
    assert parse_not_groups("a network for women leaders") == []


@pytest.mark.parametrize("text, code", [
    ("we're an ICB", "icb"), ("I work in an acute trust", "acute-trust"),
    ("I'm at the council", "council"), ("I run a care home", "care-home"),
    ("GP practice manager", "gp-practice"), ("our PCN", "gp-practice"),
    ("a small charity", "charity"), ("an HSCP in Tayside", "hscp"), ("hello", None),
])
def test_parse_org_type(text, code):
    assert parse_org_type(text) == code


@pytest.mark.parametrize("text, role", [
    ("something for principal social workers?", "practice-leader"),
    ("im the AMHP lead for our council", "practice-leader"),
    ("principal OT in adult services", "practice-leader"),
    ("I'm a DASS", "executive"),
    ("a DCS", "executive"),
    ("aspiring directors of children's services", "senior-leader"),
    ("AD in adult social care", "senior-leader"),
    ("an experienced clinical director", "clinician"),
    ("not managing anyone yet", "aspiring-leader"),
    ("middle managers", "middle-manager"),
    ("registerd manager in domicilary care", "middle-manager"),
    ("senior council directer", "executive"),
    ("physio team lead, frist time managing people", "first-line-manager"),
])
def test_roles_leaders_name_including_abbreviations_and_typos(text, role):
    assert parse_role(text) == role


def test_one_phrase_names_one_role_and_two_phrases_two():
    assert parse_roles("assistant director") == ["senior-leader"]
    assert parse_roles("a council leader and chief executive together") == ["elected-member", "executive"]


@pytest.mark.parametrize("word, corrected", [
    ("leadrship", "leadership"), ("progamme", "programme"), ("registerd", "registered"),
    ("managment", "management"), ("coruses", "courses"), ("frankin", "franklin"),
    ("govt", "government"), ("mgmt", "management"),
    ("manage", "manage"), ("nurse", "nurse"), ("banana", "banana"), ("council", "council"),
])
def test_typos_of_the_readers_words_are_fixed_and_real_words_kept(word, corrected):
    assert correct_word(word) == corrected


def test_normalise_keeps_what_it_cannot_correct():
    assert normalise("Leadrship progamme for the PSW?") == "leadership programme for the psw"
    assert normalise(None) == ""
