"""Finder actions with real Trackers and the real programme and network content."""
import asyncio

import pytest

from actions.common import response_text
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
    responses = [m.get("response") for m in dispatcher.messages]
    assert "utter_finder_reminder" in responses
    # The nation is unknown: it says so, and the buttons offer to narrow by it.
    assert responses[-1] == "utter_finder_narrow"
    assert [b["title"] for b in dispatcher.messages[-1]["buttons"]] == [
        "England", "Wales", "Scotland", "Northern Ireland"]
    assert len(slots["finder_shown"]) == 3 and slots["finder_last"] == slots["finder_shown"]


def test_the_first_missing_question_is_asked_with_buttons(find, dispatcher, domain):
    events = run(find, dispatcher, tracker_for("/find_programme"), domain)
    assert events[-1]["name"] == "finder_form"
    run(ActionAskFinderAnswer(), dispatcher, tracker_for("x", slots=slots_of(events)), domain)
    [question] = dispatcher.messages
    assert question["response"] == "utter_ask_finder_role"
    assert question["buttons"][0]["payload"] == '/inform_profile{"role": "aspiring-leader"}'


@pytest.mark.parametrize(
    "text, entities, slot, value",
    [
        ("I'm a ward manager in a hospital trust", [], "finder_sector", "nhs"),
        ('/inform_profile{"role": "middle-manager"}', [{"entity": "role", "value": "middle-manager"}], "finder_role", "middle-manager"),
        ("skip", [], "finder_role", "skipped"),
        ("Midle manger", [], "finder_role", "middle-manager"),  # a button's title typed with slips
        ("Senoir leader", [], "finder_role", "senior-leader"),
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


def test_where_was_i_at_the_question_asks_it_again_without_a_sorry(dispatcher, domain):
    text = "where was I"
    result = asyncio.run(ValidateFinderForm().validate_finder_answer(text, dispatcher, tracker_for(text, "greet"), domain))
    assert result == {"finder_answer": None} and dispatcher.messages == []


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


def recommended(dispatcher):
    return [m["text"].split("**")[1] for m in dispatcher.messages if (m.get("text") or "").startswith("**")]


@pytest.mark.parametrize("text, expected", [
    ("something for principal social workers?", "ADASS SpringBoard programme"),
    ("a programme for an experienced clinical director", "Elizabeth Garrett Anderson programme"),
    ("anything for leaders in Scotland?", "Project Lift"),
    ("a network for women leaders", "Health and Care Women Leaders Network"),
])
def test_a_request_that_names_enough_is_answered_at_once(find, dispatcher, domain, text, expected):
    events = run(find, dispatcher, tracker_for(text), domain)
    assert not any(e.get("name") == "finder_form" for e in events)  # no question first
    assert recommended(dispatcher)[0] == expected
    assert len(recommended(dispatcher)) == 3
    assert "Serves:" in texts(dispatcher)


def test_with_no_nation_it_recommends_for_england_or_all_nations_and_says_which(find, dispatcher, domain):
    run(find, dispatcher, tracker_for("any leadership programmes for a senior leader?"), domain)
    assert "Academi Wales" not in texts(dispatcher)
    assert all(line in ("Serves: England", "Serves: All four UK nations",
                        "Serves: International (all four UK nations)")
               for line in texts(dispatcher).splitlines() if line.startswith("Serves:"))
    # The role is known, so the buttons to narrow down are the nations.
    assert [b["title"] for b in dispatcher.messages[-1]["buttons"]][:2] == ["England", "Wales"]


def test_with_no_role_or_nation_it_says_it_assumed_england(find, dispatcher, domain):
    run(find, dispatcher, tracker_for("any good leadership courses?"), domain)
    responses = [m.get("response") for m in dispatcher.messages]
    assert "utter_finder_nations_note" in responses and responses[-1] == "utter_finder_narrow"


def test_facts_from_earlier_are_kept_and_not_asked_again(find, dispatcher, domain):
    known = {"finder_role": "executive", "finder_org_type": "icb", "finder_sector": "nhs"}
    events = run(find, dispatcher, tracker_for("/find_programme", slots=known), domain)
    assert not any(e.get("name") == "finder_form" for e in events)
    assert recommended(dispatcher)  # recommends with what it knows
    assert "utter_ask_finder_sector" not in [m.get("response") for m in dispatcher.messages]


def test_a_correction_of_nation_re_recommends_for_that_nation(find, dispatcher, domain):
    known = {"finder_role": "middle-manager", "finder_sector": "nhs",
             "finder_last": ["rosalind-franklin-programme"]}
    events = run(find, dispatcher, tracker_for("I'm in Wales actually", "inform_profile", slots=known), domain)
    assert slots_of(events)["finder_nation"] == "wales"
    assert dispatcher.messages[0]["response"] == "utter_finder_updated"
    assert "Academi Wales leadership programmes and Summer School" in recommended(dispatcher)
    assert "Rosalind Franklin programme" not in recommended(dispatcher)


def test_a_man_is_not_offered_the_women_leaders_network(find, dispatcher, domain):
    known = {"finder_group": "women", "finder_want": "network",
             "finder_last": ["health-and-care-women-leaders-network", "q-community"]}
    events = run(find, dispatcher, tracker_for("I'm a bloke, why the women leaders network?",
                                               "inform_profile", slots=known), domain)
    assert slots_of(events)["finder_group"] is None
    assert "Health and Care Women Leaders Network" not in recommended(dispatcher)
    assert recommended(dispatcher)


def test_a_sector_ruled_out_after_a_list_lists_again_without_its_offers(find, dispatcher, domain):
    # A care home manager shown a mix: "not interested in nhs stuff" is the list again, without
    # the NHS's own offers, and it stays ruled out for the next page.
    known = {"finder_role": "middle-manager", "finder_want": "programme",
             "finder_last": ["edward-jenner-programme", "mary-seacole-programme", "adult-social-care-leadership-programme"]}
    events = run(find, dispatcher, tracker_for("not interested in nhs stuff", "inform_profile", slots=known), domain)
    shown = recommended(dispatcher)
    assert shown and not {"Edward Jenner programme", "Mary Seacole programme"} & set(shown)
    assert "not-nhs" in slots_of(events)["finder_filters"]
    assert slots_of(events).get("finder_sector") != "nhs"


@pytest.fixture
def ask(tiny_knowledge):
    return ActionAskProgramme(knowledge=lambda: tiny_knowledge)


LAST = ["edward-jenner-programme", "foundations-in-systems-leadership", "mary-seacole-programme"]


@pytest.mark.parametrize("text, expected", [
    ("how do I join it, is it free?", "Edward Jenner programme"),
    ("tell me about the second one", "Foundations in Systems Leadership"),
    ("tell me about mary seacole", "Mary Seacole programme"),
    ("the third one please", "Mary Seacole programme"),
])
def test_follow_ups_about_the_last_list_are_answered_from_that_entry(ask, dispatcher, domain, text, expected):
    events = run(ask, dispatcher, tracker_for(text, "ask_programme", slots={"finder_last": LAST}), domain)
    assert texts(dispatcher).startswith(f"**{expected}**")
    assert "Format:" in texts(dispatcher) and "Serves: England" in texts(dispatcher)
    assert slots_of(events).get("finder_last", LAST) == LAST  # the list stays for the next follow-up
    assert slots_of(events)["finder_focus"] == LAST[[*LAST].index(slots_of(events)["finder_focus"])]
    assert "utter_programme_not_found" not in [m.get("response") for m in dispatcher.messages]


@pytest.mark.parametrize("text", ["what do they involve", "how long are they", "how much do those cost?",
                                  "who are they for", "how do i sign up to them"])
def test_a_question_about_every_entry_of_the_last_list_answers_for_each(ask, dispatcher, domain, text):
    # "how long are they" after three programmes: each one's stated format, not the first one's alone.
    events = run(ask, dispatcher, tracker_for(text, "ask_programme", slots={"finder_last": LAST}), domain)
    shown = texts(dispatcher)
    for name in ("Edward Jenner programme", "Foundations in Systems Leadership", "Mary Seacole programme"):
        assert f"**{name}**" in shown
    assert shown.count("Format:") == 3
    assert slots_of(events).get("finder_last", LAST) == LAST  # still the list for "the second one"


def test_not_that_one_moves_to_the_next_in_the_last_list(ask, dispatcher, domain):
    slots = {"finder_last": LAST, "finder_focus": "foundations-in-systems-leadership"}
    events = run(ask, dispatcher, tracker_for("not that one", "ask_programme", slots=slots), domain)
    assert texts(dispatcher).startswith("**Mary Seacole programme**")
    assert slots_of(events)["finder_focus"] == "mary-seacole-programme"


def test_a_named_offer_outside_the_leaders_nation_says_so_and_shows_what_is_open(ask, dispatcher, domain):
    run(ask, dispatcher, tracker_for("Im a service manager at Betsi Cadwaladr. Is Mary Seacole open "
                                     "to me or is there a Welsh equivalent?", "ask_programme"), domain)
    assert texts(dispatcher).startswith("**Mary Seacole programme**")
    assert "utter_finder_other_nation" in [m.get("response") for m in dispatcher.messages]
    assert "Academi Wales leadership programmes and Summer School" in recommended(dispatcher)


def test_a_request_naming_one_offer_gets_that_entry(find, dispatcher, domain):
    run(find, dispatcher, tracker_for("a programme for aspiring directors of children's services?"), domain)
    assert texts(dispatcher).startswith("**Aspirant Directors of Children's Services programme**")


def test_a_second_question_about_the_same_entry_is_not_the_same_answer_again(ask, dispatcher, domain):
    slots = {"finder_last": LAST, "finder_focus": "edward-jenner-programme"}
    run(ask, dispatcher, tracker_for("how do I join it, is it free?", "ask_programme", slots=slots), domain)
    [reply] = dispatcher.messages
    assert reply["text"].startswith("**Edward Jenner programme**\nFormat: Free, online")
    assert "https://www.leadershipacademy.nhs.uk/" in reply["text"]
    assert "open-access online course" not in reply["text"]  # not the summary again



def test_is_it_free_about_an_entry_whose_cost_is_not_stated_says_so(ask, dispatcher, domain):
    slots = {"finder_last": ["registered-manager-networks"], "finder_focus": "registered-manager-networks"}
    run(ask, dispatcher, tracker_for("is it free", "ask_programme", slots=slots), domain)
    [reply] = dispatcher.messages
    assert "Cost: not stated in what I hold" in reply["text"]


def test_an_entry_whose_format_states_the_cost_is_not_said_to_lack_one(ask, dispatcher, domain):
    slots = {"finder_last": LAST, "finder_focus": "edward-jenner-programme"}
    run(ask, dispatcher, tracker_for("is it free?", "ask_programme", slots=slots), domain)
    assert "Cost: not stated" not in dispatcher.messages[0]["text"]


def test_a_follow_up_to_an_answer_the_intent_sent_to_the_programme_action_is_read_with_that_answer(
        ask, dispatcher, domain):
    slots = {"knowledge_entry": "governance-clarity"}
    run(ask, dispatcher, tracker_for("and is there a social care equivalent?", "ask_programme", slots=slots), domain)
    assert not recommended(dispatcher)
    [answer] = dispatcher.messages
    assert "Source:" in answer["text"]  # an answer from the knowledge base, with its source


def test_asking_who_an_entry_is_for_gets_what_it_says_of_its_audience(ask, dispatcher, domain):
    slots = {"finder_last": LAST, "finder_focus": "edward-jenner-programme"}
    run(ask, dispatcher, tracker_for("is it only for NHS staff or social care too?", "ask_programme", slots=slots),
        domain)
    assert "open-access online course for clinical and non-clinical health staff" in dispatcher.messages[0]["text"]


def test_a_sure_finder_intent_on_something_that_is_no_offer_is_declined(find, dispatcher, domain):
    tracker = tracker_for("recommend a podcast for my commute")  # find_programme, confidence 0.9: sure
    run(find, dispatcher, tracker, domain)
    assert not recommended(dispatcher)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_not_in_knowledge_base"]

def test_a_correction_says_so_once_instead_of_the_usual_intro(find, dispatcher, domain):
    known = {"finder_want": "network", "finder_last": ["q-community"]}
    run(find, dispatcher, tracker_for("I'm in Wales actually", "inform_profile", slots=known), domain)
    responses = [m.get("response") for m in dispatcher.messages]
    assert responses[0] == "utter_finder_updated" and "utter_finder_intro" not in responses


def test_a_question_the_intent_sent_to_the_finder_gets_the_knowledge_answer(find, dispatcher, domain):
    # The intent said "find_programme", but the words ask what something means and name no
    # offer or fact: the knowledge base (here the tiny one) answers, not a list.
    events = run(find, dispatcher, tracker_for("what does it mean to be a system leader"), domain)
    assert not recommended(dispatcher)
    assert any(e.get("name") == "knowledge_entry" for e in events)
    # A real request is still the finder's: naming no fact, it gets the one question.
    dispatcher.messages.clear()
    events = run(find, dispatcher, tracker_for("find me something free and online"), domain)
    assert events[-1]["name"] == "finder_form" and not dispatcher.messages


@pytest.mark.parametrize("confidence", [0.7, 0.95])
def test_an_errand_the_intent_sent_to_the_finder_is_declined_however_sure_the_classifier(find, dispatcher, domain, confidence):
    tracker = tracker_for("can you book me a meeting room at the ICB for Thursday?")
    tracker.latest_message["intent"]["confidence"] = confidence
    events = run(find, dispatcher, tracker, domain)
    assert not recommended(dispatcher) and not any(e.get("name") == "finder_form" for e in events)
    assert [m.get("response") for m in dispatcher.messages][0] == "utter_not_in_knowledge_base"


def test_a_follow_up_to_an_answer_the_intent_sent_to_the_finder_stays_with_the_answer(find, dispatcher, domain):
    tracker = tracker_for("and is there a social care equivalent?", slots={"knowledge_entry": "what-is-system-leadership"})
    run(find, dispatcher, tracker, domain)
    assert not recommended(dispatcher)
    assert "utter_finder_intro" not in [m.get("response") for m in dispatcher.messages]


@pytest.mark.parametrize("text", ["whats the best golf course near st andrews", "how do i do a vlookup in excel",
                                  "is a section 21 notice still valid",
                                  "outlook keeps crashing on my nhs labtop, how do i fix it"])
def test_a_question_sent_here_that_names_no_offer_and_is_not_ours_is_declined(ask, dispatcher, domain, text):
    run(ask, dispatcher, tracker_for(text, "ask_programme"), domain)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_out_of_scope"]


def test_an_offer_the_catalogue_does_not_hold_is_said_not_found_and_the_finder_offered(ask, dispatcher, domain):
    run(ask, dispatcher, tracker_for("tell me about the Florence Nightingale scholarship", "ask_programme"), domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_programme_not_found" and message["buttons"]


def test_asked_again_with_the_same_entries_still_closest_it_says_so_rather_than_repeating_them(find, dispatcher, domain):
    known = {"finder_role": "executive", "finder_sector": "voluntary-sector", "finder_nation": "wales",
             "finder_want": "programme"}
    first = slots_of(run(find, dispatcher, tracker_for("any leadership programmes for charity chief execs?", slots=known),
                         domain))["finder_last"]
    dispatcher.messages.clear()
    again = run(find, dispatcher, tracker_for("no, something for charity leaders", "inform_profile",
                                              slots={**known, "finder_last": first}), domain)
    assert slots_of(again)["finder_last"] == first
    assert [m.get("response") for m in dispatcher.messages][-1] == "utter_finder_same_again"
    assert "**" not in texts(dispatcher)  # the descriptions are not sent again
    assert [b["title"] for m in dispatcher.messages for b in m.get("buttons") or []]


def test_a_correction_that_leaves_the_same_entries_closest_does_not_also_say_it_updated(find, dispatcher, domain):
    known = {"finder_role": "executive", "finder_sector": "voluntary-sector", "finder_want": "programme"}
    first = slots_of(run(find, dispatcher, tracker_for("any leadership programmes for charity chief execs?", slots=known),
                         domain))["finder_last"]
    dispatcher.messages.clear()
    run(find, dispatcher, tracker_for("we are in Wales by the way", "inform_profile",
                                      slots={**known, "finder_last": first}), domain)
    said = "\n".join(response_text(domain, m["response"]) if m.get("response") else m.get("text") or ""
                     for m in dispatcher.messages)
    # Whatever follows (a new list, "still the closest", "nothing fits exactly"), the update line
    # does not promise a list of its own.
    assert said.count("updated that") == 1 and "what fits now" not in said


def test_the_kind_asked_for_comes_before_a_format_filter_said_earlier(find, dispatcher, domain):
    from bot.finder import get_finder

    first = slots_of(run(find, dispatcher, tracker_for("free leadership course"), domain))
    assert first["finder_filters"] == ["free"]
    dispatcher.messages.clear()
    run(find, dispatcher, tracker_for("nah not a course, somewhere to chat to other leaders", "inform_profile",
                                      slots=first), domain)
    kinds = {item.name: item.kind for item in get_finder().items.values()}
    shown = recommended(dispatcher)
    assert shown and kinds[shown[0]] == "network"
    assert "utter_finder_same_again" not in [m.get("response") for m in dispatcher.messages]


def test_what_the_offers_should_be_about_reorders_the_list(find, dispatcher, domain):
    from bot.finder import get_finder

    themes = {item.name: item.themes for item in get_finder().items.values()}
    run(find, dispatcher, tracker_for("a leadership course on working across organisations, for a ward manager"), domain)
    shown = recommended(dispatcher)
    assert shown and "system-leadership" in themes[shown[0]]


def test_a_hello_saying_who_the_leader_is_greets_and_remembers_without_recommending(find, dispatcher, domain):
    events = run(find, dispatcher, tracker_for("hiya, ward sister on a busy medical ward in Leeds", "inform_profile"), domain)
    assert not recommended(dispatcher)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_greet"]
    slots = slots_of(events)
    assert slots.get("finder_role") and slots.get("finder_nation") == "england"
