"""The safety replies in domain.yml, one test per level: acknowledge, signpost, numbers in full,
no advice beyond signposting."""
import pytest
import yaml

from bot import names
from bot.config import ROOT

RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]


def text(name):
    [variant] = RESPONSES[name]
    return variant["text"]


def test_crisis_reply_gives_every_emergency_route_in_full():
    reply = text(names.UTTER_CRISIS_SUPPORT)
    for must in ("999", "A&E", "Samaritans", "116 123", "Shout", "SHOUT", "85258", "NHS 111", "111", "option 2"):
        assert must in reply, must
    assert "sorry" in reply.lower()  # it acknowledges first


def test_distress_reply_acknowledges_then_lists_the_support_routes_and_offers_to_carry_on():
    assert "thank you for telling me" in text(names.UTTER_DISTRESS_SUPPORT).lower()
    routes = text(names.UTTER_SUPPORT_ROUTES)
    for must in ("GP", "employee assistance programme", "NHS Practitioner Health", "Freedom to Speak Up",
                 "bullied", "116 123", "carry on"):
        assert must in routes, must


def test_strain_acknowledgement_is_one_line_with_support_as_a_button():
    [variant] = RESPONSES[names.UTTER_STRAIN_ACKNOWLEDGEMENT]
    assert "\n" not in variant["text"].strip() and len(variant["text"]) < 80
    assert [button["payload"] for button in variant["buttons"]] == ["/" + names.DISTRESS_INTENT]
    assert "how are things" in text(names.UTTER_STRAIN_HOW_ARE_THINGS).lower()


def test_clinical_reply_declines_and_points_to_clinical_help():
    reply = text(names.UTTER_CLINICAL)
    assert "not a clinical tool" in reply and "NHS 111" in reply and "GP" in reply


def test_the_kind_answer_after_a_signpost_names_the_support_without_diagnosing():
    reply = text(names.UTTER_ROLE_PRESSURES)
    assert "common" in reply and "GP" in reply and "employee assistance programme" in reply


@pytest.mark.parametrize("name", [names.UTTER_CRISIS_SUPPORT, names.UTTER_DISTRESS_SUPPORT, names.UTTER_SUPPORT_ROUTES,
                                  names.UTTER_ROLE_PRESSURES, names.UTTER_STRAIN_ACKNOWLEDGEMENT])
def test_no_safety_reply_diagnoses_or_advises_treatment(name):
    reply = text(name).lower()
    for word in ("you have", "diagnos", "you should take", "medication", "you are depressed", "it sounds like you have"):
        assert word not in reply, word


def test_a_crisis_of_someone_close_gets_the_emergency_routes_for_them():
    reply = text(names.UTTER_CRISIS_SOMEONE_ELSE)
    for must in ("999", "A&E", "111", "option 2", "Samaritans", "116 123", "SHOUT", "85258"):
        assert must in reply, must
    assert "you're feeling" not in reply  # it is not the leader's own crisis
