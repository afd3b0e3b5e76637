"""Finder actions with real Trackers and the real programme and network content."""
import asyncio

import pytest

from actions.finder import (
    ActionAskFinderAnswer,
    ActionAskProgramme,
    ActionFindProgramme,
    ActionFinishFinder,
    ActionMoreProgrammes,
    ValidateFinderForm,
)
from tests.actions.conftest import action_event, make_tracker, user_event


def tracker_for(text, intent="find_programme", slots=None, entities=None):
    event = user_event(text, intent)
    event["parse_data"]["entities"] = entities or []
    return make_tracker([action_event("action_listen"), event], slots=slots)


def run(action, dispatcher, tracker, domain):
    return asyncio.run(action.run(dispatcher, tracker, domain))


def slots_of(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def texts(dispatcher):
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


@pytest.fixture
def find(tiny_knowledge):
    return ActionFindProgramme(knowledge=lambda: tiny_knowledge)


def test_what_the_leader_said_is_remembered_and_only_the_rest_is_asked(find, dispatcher, domain):
    events = run(find, dispatcher, tracker_for("I'm a councillor looking for a leadership programme"), domain)
    slots = slots_of(events)
    assert (slots["finder_role"], slots["finder_sector"], slots["finder_want"]) == (
        "elected-member", "local-government", "programme")
    # Everything is known, so it recommends straight away: the LGA's programme for councillors first.
    assert "LGA Leadership Academy" in dispatcher.messages[1]["text"]
    assert dispatcher.messages[-1]["response"] == "utter_finder_reminder"
    assert len(slots["finder_shown"]) == 3


def test_the_first_missing_question_is_asked_with_buttons(find, dispatcher, domain):
    events = run(find, dispatcher, tracker_for("/find_programme"), domain)
    assert events[-1]["name"] == "finder_form"
    run(ActionAskFinderAnswer(), dispatcher, tracker_for("x", slots=slots_of(events)), domain)
    [question] = dispatcher.messages
    assert question["response"] == "utter_ask_finder_role"
    assert question["buttons"][0]["payload"] == '/inform_profile{"role": "first-line-manager"}'


@pytest.mark.parametrize(
    "text, entities, slot, value",
    [
        ("I'm a ward manager in a hospital trust", [], "finder_sector", "nhs"),
        ('/inform_profile{"role": "middle-manager"}', [{"entity": "role", "value": "middle-manager"}], "finder_role", "middle-manager"),
        ("skip", [], "finder_role", "skipped"),
    ],
)
def test_answers_in_words_buttons_or_skip(dispatcher, domain, text, entities, slot, value):
    action = ValidateFinderForm()
    result = asyncio.run(action.validate_finder_answer(text, dispatcher, tracker_for(text, "inform_profile", entities=entities), domain))
    assert result[slot] == value


def test_an_answer_we_cannot_read_is_asked_again(dispatcher, domain):
    result = asyncio.run(ValidateFinderForm().validate_finder_answer("banana", dispatcher, tracker_for("banana", "nonsense"), domain))
    assert result["finder_answer"] is None and result["finder_misses"] == 1
    assert dispatcher.messages[0]["response"] == "utter_finder_not_understood"


def test_a_correction_changes_the_recommendations(find, dispatcher, domain):
    known = {"finder_role": "middle-manager", "finder_sector": "nhs", "finder_want": "network"}
    events = run(find, dispatcher, tracker_for("actually I'm in a council", "inform_profile", slots=known), domain)
    assert slots_of(events)["finder_sector"] == "local-government"
    assert "Partners in Care and Health" in texts(dispatcher) or "ADASS" in texts(dispatcher)


def test_filters_in_words_keep_only_items_whose_format_says_so(find, dispatcher, domain):
    known = {"finder_role": "first-line-manager", "finder_sector": "nhs", "finder_want": "programme"}
    events = run(find, dispatcher, tracker_for("anything free and online?", slots=known), domain)
    assert slots_of(events)["finder_filters"] == ["free", "online"]
    assert "Edward Jenner programme" in texts(dispatcher)
    assert "Mary Seacole" not in texts(dispatcher)


def test_show_more_gives_the_next_three(dispatcher, domain):
    known = {"finder_role": "senior-leader", "finder_sector": "nhs", "finder_want": "programme",
             "finder_shown": ["nye-bevan-programme"]}
    events = run(ActionMoreProgrammes(), dispatcher, tracker_for("show more", "more_programmes", slots=known), domain)
    shown = slots_of(events)["finder_shown"]
    assert shown[0] == "nye-bevan-programme" and len(shown) == 4


def test_details_of_a_named_programme_with_the_reminder(tiny_knowledge, dispatcher, domain):
    run(ActionAskProgramme(knowledge=lambda: tiny_knowledge), dispatcher,
        tracker_for("Tell me about the Nye Bevan programme", "ask_programme"), domain)
    assert texts(dispatcher).startswith("**Nye Bevan programme**")
    assert "Note:" in texts(dispatcher)  # unverified facts carry their caution
    # The facts found no page of its own: the link is presented as what it is.
    assert "Provider's home page: https://www.leadershipacademy.nhs.uk/" in texts(dispatcher)
    assert dispatcher.messages[-1]["response"] == "utter_finder_reminder"


def test_nothing_fits_exactly_says_so_and_offers_open_networks(find, dispatcher, domain):
    known = {"finder_role": "elected-member", "finder_sector": "housing", "finder_want": "mentor"}
    run(find, dispatcher, tracker_for("/find_programme", slots=known), domain)
    assert dispatcher.messages[0]["response"] == "utter_finder_no_exact_match"


def test_distress_while_the_finder_asks_signposts_support(dispatcher, domain):
    result = asyncio.run(ValidateFinderForm().validate_finder_answer(
        "I can't cope", dispatcher, tracker_for("I can't cope", "distress"), domain))
    assert result == {"finder_answer": "distress"}
    run(ActionFinishFinder(), dispatcher, tracker_for("x", slots={"finder_answer": "distress"}), domain)
    assert [m["response"] for m in dispatcher.messages][-2:] == ["utter_distress_support", "utter_support_routes"]


def test_the_message_that_started_the_finder_is_not_taken_as_an_answer(dispatcher, domain):
    event = user_event("/find_programme", "find_programme")
    tracker = make_tracker([action_event("action_listen"), event, action_event("action_find_programme")])
    result = asyncio.run(ValidateFinderForm().validate_finder_answer("/find_programme", dispatcher, tracker, domain))
    assert result == {"finder_answer": None}
    assert dispatcher.messages == []
