import asyncio

import pytest

from actions.fallback import ActionHandleFallback
from actions.knowledge import (
    ActionAnswerQuestion,
    ActionCiteSource,
    ActionDeclineOutOfScope,
    ActionSuggestTopics,
    ActionTellMore,
)
from tests.actions.conftest import action_event, make_tracker, user_event


def run(action_class, knowledge, dispatcher, tracker, domain):
    action = action_class(knowledge=lambda: knowledge)
    return asyncio.run(action.run(dispatcher, tracker, domain))


def ask(text, intent="ask_question", entities=None, slots=None):
    event = user_event(text, intent)
    event["parse_data"]["entities"] = entities or []
    return make_tracker([action_event("action_listen"), event], slots=slots)


def test_a_question_gets_the_short_answer_its_source_and_follow_up_buttons(tiny_knowledge, dispatcher, domain):
    events = run(ActionAnswerQuestion, tiny_knowledge, dispatcher, ask("what does system leadership mean?"), domain)
    [message] = dispatcher.messages
    assert message["text"].startswith("System leadership means leading across organisations")
    assert "Source: System leadership for integrated care, SCIE, n.d. — https://www.scie.org.uk/x" in message["text"]
    titles = [button["title"] for button in message["buttons"]]
    assert titles == ["Clear governance"]  # no exercise draws on the tiny knowledge base: no reflection offer
    assert message["buttons"][0]["payload"] == '/ask_question{"topic_id": "governance-clarity"}'
    assert {"event": "slot", "timestamp": None, "name": "knowledge_entry", "value": "what-is-system-leadership"} in events
    [remembered] = [e["value"] for e in events if e.get("name") == "understanding"]
    assert remembered["answered"] == ["what-is-system-leadership"]  # for follow-ups and corrections


def test_two_questions_in_one_message_get_two_answers_each_with_its_source(tiny_knowledge, dispatcher, domain):
    text = "what does system leadership mean? and how does peer support help leaders?"
    events = run(ActionAnswerQuestion, tiny_knowledge, dispatcher, ask(text), domain)
    first, second = dispatcher.messages
    assert first["text"].startswith("System leadership means leading across organisations")
    assert second["text"].startswith("Peer support lets leaders learn")
    assert all("Source:" in message["text"] for message in (first, second))
    # The second is the last answer, for a follow-up; both count as answered.
    assert [e["value"] for e in events if e.get("name") == "knowledge_entry"][-1] == "peer-support"
    [remembered] = [e["value"] for e in events if e.get("name") == "understanding"]
    assert remembered["answered"] == ["what-is-system-leadership", "peer-support"]


def test_a_question_and_a_request_for_an_offer_get_the_answer_then_the_recommendation(tiny_knowledge, dispatcher,
                                                                                     domain):
    text = "what does system leadership mean and is there a free course for new managers?"
    events = run(ActionAnswerQuestion, tiny_knowledge, dispatcher, ask(text), domain)
    [answer] = dispatcher.messages
    assert answer["text"].startswith("System leadership means leading across organisations")
    # The finder's page follows, from a fresh list, with what the request said kept; no button to ask again.
    assert {"event": "followup", "timestamp": None, "name": "action_more_programmes"} in events
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["finder_shown"] == [] and slots["finder_filters"] == ["free"]
    assert slots["finder_want"] == "programme" and slots["knowledge_entry"] == "what-is-system-leadership"


def test_a_named_offer_and_a_question_get_the_offers_details_and_the_answer_in_the_order_asked(
        tiny_knowledge, dispatcher, domain):
    text = "what is the nye bevan programme, and what does system leadership mean?"
    events = run(ActionAnswerQuestion, tiny_knowledge, dispatcher, ask(text), domain)
    details, answer = dispatcher.messages
    assert details["text"].startswith("**Nye Bevan programme**") and "For: " in details["text"]
    assert answer["text"].startswith("System leadership means leading across organisations")
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    # "how do I join it?" next is about that programme.
    assert slots["finder_last"] == ["nye-bevan-programme"] and slots["finder_focus"] == "nye-bevan-programme"

def test_a_question_and_a_request_for_an_exercise_get_the_answer_then_the_exercise(tiny_knowledge, dispatcher, domain):
    text = "what does system leadership mean and can we do the failing well exercise?"
    events = run(ActionAnswerQuestion, tiny_knowledge, dispatcher, ask(text), domain)
    answer, intro, controls = dispatcher.messages
    assert answer["text"].startswith("System leadership means leading across organisations")
    assert intro["text"].startswith("**Failing well**") and controls["response"] == "utter_reflection_controls"
    assert {"event": "followup", "timestamp": None, "name": "reflection_form"} in events
    assert [e["value"]["exercise"] for e in events if e.get("name") == "reflection_state"] == ["failing-well"]


def test_a_hello_with_who_they_are_is_greeted_and_the_role_kept(tiny_knowledge, dispatcher, domain):
    events = run(ActionAnswerQuestion, tiny_knowledge, dispatcher, ask("hiya, ward sister on AMU, 2 mins between bleeps"),
                 domain)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_greet"]
    assert {e["name"]: e["value"] for e in events if e.get("event") == "slot"}["finder_role"] == "first-line-manager"


def test_facts_said_in_passing_are_kept_for_the_finder_and_known_ones_left_alone(tiny_knowledge, dispatcher, domain):
    text = "care home manager in Cardiff here, what does system leadership mean?"
    events = run(ActionAnswerQuestion, tiny_knowledge, dispatcher, ask(text), domain)
    kept = {e["name"]: e["value"] for e in events if e.get("name", "").startswith("finder_")}
    assert kept == {"finder_role": "middle-manager", "finder_sector": "adult-social-care",
                    "finder_org_type": "care-home", "finder_nation": "wales"}
    dispatcher.messages.clear()
    events = run(ActionAnswerQuestion, tiny_knowledge, dispatcher, ask(text, slots={"finder_nation": "scotland"}), domain)
    assert "finder_nation" not in {e.get("name") for e in events}  # what the finder knows stays


def test_a_topic_button_answers_that_entry(tiny_knowledge, dispatcher, domain):
    tracker = ask('/ask_question{"topic_id": "peer-support"}', entities=[{"entity": "topic_id", "value": "peer-support"}])
    run(ActionAnswerQuestion, tiny_knowledge, dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].startswith("Peer support lets leaders learn")


def test_an_uncovered_question_is_declined_with_topics_it_does_cover(tiny_knowledge, dispatcher, domain):
    events = run(ActionAnswerQuestion, tiny_knowledge, dispatcher, ask("what's the best pasta recipe?"), domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_not_in_knowledge_base"
    assert 3 <= len(message["buttons"]) <= 4
    assert events[0]["name"] == "knowledge_entry" and events[0]["value"] is None


@pytest.mark.parametrize(
    "text, response",
    [
        ("I can't cope with leading this system any more", ["utter_distress_support", "utter_support_routes"]),
        ("what dose of ibuprofen should I take", ["utter_clinical"]),
        ("I want to end my life", ["utter_crisis_support"]),
    ],
)
def test_distress_and_clinical_words_are_signposted_before_any_answer(tiny_knowledge, dispatcher, domain, text, response):
    assert run(ActionAnswerQuestion, tiny_knowledge, dispatcher, ask(text), domain) == []
    assert [m["response"] for m in dispatcher.messages] == response


def test_tell_me_more_gives_the_longer_explanation(tiny_knowledge, dispatcher, domain):
    tracker = ask("tell me more", "tell_me_more", slots={"knowledge_entry": "what-is-system-leadership"})
    run(ActionTellMore, tiny_knowledge, dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"] == (
        "Leaders connect people and organisations around a shared purpose.\n\n"
        "Source: System leadership for integrated care, SCIE, n.d. — https://www.scie.org.uk/x")


@pytest.mark.parametrize(
    "slot, response",
    [(None, "utter_nothing_to_expand"), ("governance-clarity", "utter_no_more_detail")],
)
def test_tell_me_more_without_more_to_say(tiny_knowledge, dispatcher, domain, slot, response):
    tracker = ask("go on", "tell_me_more", slots={"knowledge_entry": slot})
    run(ActionTellMore, tiny_knowledge, dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == [response]


def test_where_is_that_from_gives_full_citations(tiny_knowledge, dispatcher, domain):
    tracker = ask("where is that from?", "ask_source", slots={"knowledge_entry": "governance-clarity"})
    run(ActionCiteSource, tiny_knowledge, dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert "SCIE. System leadership for integrated care. n.d.\nhttps://www.scie.org.uk/x" in text
    assert "https://www.kingsfund.org.uk/y" in text
    assert "third-party copy" not in text  # the editors' checking note stays in knowledge/



def test_where_is_that_from_in_other_words_the_classifier_missed_gives_the_same_citations(tiny_knowledge, dispatcher,
                                                                                        domain):
    tracker = ask("sounds nice but where's that from", slots={"knowledge_entry": "governance-clarity"})
    run(ActionAnswerQuestion, tiny_knowledge, dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert "SCIE. System leadership for integrated care. n.d.\nhttps://www.scie.org.uk/x" in message["text"]

def test_where_is_that_from_before_any_answer(tiny_knowledge, dispatcher, domain):
    run(ActionCiteSource, tiny_knowledge, dispatcher, ask("source?", "ask_source"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_nothing_to_cite"]


def test_explore_topics_offers_topic_buttons(tiny_knowledge, dispatcher, domain):
    run(ActionSuggestTopics, tiny_knowledge, dispatcher, ask("/explore_topics", "explore_topics"), domain)
    [message] = dispatcher.messages
    assert message["response"] == "utter_explore_topics"
    assert message["buttons"][0]["title"] == "What system leadership is"


def test_low_confidence_but_clearly_covered_words_are_answered(tiny_knowledge, dispatcher, domain):
    tracker = ask("governance arrangements for our partnership board", "nlu_fallback")
    run(ActionHandleFallback, tiny_knowledge, dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].startswith("Partners need to know who decides what")


def test_low_confidence_nonsense_asks_to_rephrase(tiny_knowledge, dispatcher, domain):
    run(ActionHandleFallback, tiny_knowledge, dispatcher, ask("xkcd blorp", "nonsense"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_rephrase"]


def test_out_of_scope_is_declined_with_the_menu(tiny_knowledge, dispatcher, domain):
    run(ActionDeclineOutOfScope, tiny_knowledge, dispatcher, ask("will it rain in Leeds?", "out_of_scope"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_out_of_scope"]


def test_a_covered_question_misread_as_out_of_scope_is_still_answered(tiny_knowledge, dispatcher, domain):
    run(ActionDeclineOutOfScope, tiny_knowledge, dispatcher, ask("how does peer support help leaders?", "out_of_scope"), domain)
    assert dispatcher.messages[0]["text"].startswith("Peer support lets leaders learn")


def test_a_clear_question_the_classifier_was_unsure_about_is_declined_honestly(tiny_knowledge, dispatcher, domain):
    run(ActionHandleFallback, tiny_knowledge, dispatcher, ask("How do I get my sourdough starter to rise?", "nlu_fallback"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_not_in_knowledge_base"]


def test_a_question_asking_for_development_for_oneself_goes_to_the_finder(tiny_knowledge, dispatcher, domain):
    events = run(ActionAnswerQuestion, tiny_knowledge, dispatcher,
                 ask("I'm a first-line manager in the NHS, is there a course for me?"), domain)
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "action_find_programme"}
    assert dispatcher.messages == []
