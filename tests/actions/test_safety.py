"""action_safety and the safety step inside the knowledge actions: one reply per level, the
question answered after a strain idiom, and the next safe message answered after a signpost."""
import asyncio

import pytest

from actions.knowledge import ActionAnswerQuestion, ActionDeclineOutOfScope
from actions.safety import ActionSafety
from tests.actions.conftest import action_event, make_tracker, user_event

COVERED = "How does peer support help leaders?"  # the tiny knowledge base answers it (a question, not a request for an offer)


def run(action_class, knowledge, dispatcher, tracker, domain):
    return asyncio.run(action_class(knowledge=lambda: knowledge).run(dispatcher, tracker, domain))


def said(text, intent="distress", before=()):
    return make_tracker([action_event("action_listen"), *before, user_event(text, intent)])


def responses(dispatcher):
    return [message.get("response") for message in dispatcher.messages]


LISTEN = {"event": "followup", "timestamp": None, "name": "action_listen"}


@pytest.mark.parametrize("text, replies", [
    ("I keep thinking about killing myself", ["utter_crisis_support"]),
    ("I'm completely burnt out", ["utter_distress_support", "utter_support_routes"]),
    ("what dose of paracetamol should I give my mum?", ["utter_clinical"]),
    ("this workload is killing me", ["utter_strain_acknowledgement", "utter_strain_how_are_things"]),
])
def test_each_level_gets_its_own_reply_and_the_turn_ends(tiny_knowledge, dispatcher, domain, text, replies):
    events = run(ActionSafety, tiny_knowledge, dispatcher, said(text), domain)
    assert responses(dispatcher) == replies
    assert events == [LISTEN]


def test_a_strain_idiom_is_acknowledged_then_the_question_answered(tiny_knowledge, dispatcher, domain):
    run(ActionAnswerQuestion, tiny_knowledge, dispatcher, said("I'm drowning in emails, " + COVERED, "ask_question"), domain)
    assert responses(dispatcher)[0] == "utter_strain_acknowledgement"
    assert dispatcher.messages[1]["text"].startswith("Peer support lets leaders learn")


def test_a_strain_idiom_with_a_question_not_covered_is_answered_honestly(tiny_knowledge, dispatcher, domain):
    run(ActionAnswerQuestion, tiny_knowledge, dispatcher,
        said("snowed under, what's the best pasta recipe?", "ask_question"), domain)
    assert responses(dispatcher) == ["utter_strain_acknowledgement", "utter_not_in_knowledge_base"]


def test_distress_with_a_question_gives_support_then_the_answer(tiny_knowledge, dispatcher, domain):
    run(ActionSafety, tiny_knowledge, dispatcher, said("I can't cope any more. " + COVERED), domain)
    assert responses(dispatcher)[:3] == ["utter_distress_support", "utter_support_routes", "utter_distress_then_question"]
    assert dispatcher.messages[3]["text"].startswith("Peer support lets leaders learn")


def test_after_a_signpost_the_next_safe_message_gets_a_kind_answer(tiny_knowledge, dispatcher, domain):
    before = [user_event("I'm completely burnt out", "distress"), action_event("action_safety"),
              {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_distress_support"}},
              action_event("action_listen")]
    tracker = said("I'm not in danger, just tired. Is this normal in these roles?", "distress", before)
    run(ActionSafety, tiny_knowledge, dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_role_pressures"]


def test_the_classifiers_distress_without_evidence_is_answered_as_usual(tiny_knowledge, dispatcher, domain):
    run(ActionSafety, tiny_knowledge, dispatcher, said("I feel this framework is all aimed at chief execs"), domain)
    assert responses(dispatcher) == ["utter_not_in_knowledge_base"]  # a clear sentence the tiny base does not cover
    dispatcher.messages.clear()
    run(ActionSafety, tiny_knowledge, dispatcher, said(COVERED, "clinical_question"), domain)
    assert dispatcher.messages[0]["text"].startswith("Peer support lets leaders learn")


def test_the_support_button_under_a_strain_idiom_lists_the_routes(tiny_knowledge, dispatcher, domain):
    run(ActionSafety, tiny_knowledge, dispatcher, said("/distress"), domain)
    assert responses(dispatcher) == ["utter_support_routes"]


def test_the_safety_reply_is_not_repeated_by_the_action_after_it(tiny_knowledge, dispatcher, domain):
    tracker = make_tracker([action_event("action_listen"), user_event("drowning in emails, is there a course for me?", "find_programme"),
                            action_event("action_safety")])
    assert run(ActionDeclineOutOfScope, tiny_knowledge, dispatcher, tracker, domain) is not None
    assert "utter_strain_acknowledgement" not in responses(dispatcher)


@pytest.mark.parametrize("text, then", [
    ("our pilot flopped and i feel awful and hopeless. can we do the failing well exercise", "action_start_reflection"),
    ("I'm so isolated and I can't cope. is there a network for new registered managers?", "action_find_programme"),
])
def test_distress_with_a_request_gives_support_then_what_was_asked(tiny_knowledge, dispatcher, domain, text, then):
    events = run(ActionSafety, tiny_knowledge, dispatcher, said(text), domain)
    assert responses(dispatcher)[:3] == ["utter_distress_support", "utter_support_routes", "utter_distress_then_question"]
    assert {"event": "followup", "timestamp": None, "name": then} in events
