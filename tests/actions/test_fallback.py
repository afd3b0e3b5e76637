import asyncio

from actions.fallback import ActionHandleFallback
from tests.actions.conftest import action_event, make_tracker, user_event


def run(action, dispatcher, tracker):
    return asyncio.run(action.run(dispatcher, tracker, {}))


def test_first_misunderstanding_asks_to_rephrase(tiny_knowledge, dispatcher):
    tracker = make_tracker([action_event("action_listen"), user_event("blorp", "nlu_fallback", 0.2)])
    assert run(ActionHandleFallback(knowledge=lambda: tiny_knowledge), dispatcher, tracker) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_rephrase"]


def test_second_misunderstanding_in_a_row_offers_the_menu(tiny_knowledge, dispatcher):
    events = [
        user_event("blorp", "nlu_fallback", 0.2), action_event("action_handle_fallback"),
        action_event("action_listen"), user_event("zzz", "nlu_fallback", 0.1),
    ]
    run(ActionHandleFallback(knowledge=lambda: tiny_knowledge), dispatcher, make_tracker(events))
    assert [m["response"] for m in dispatcher.messages] == ["utter_still_unclear"]


def test_an_understood_message_in_between_starts_counting_again(tiny_knowledge, dispatcher):
    events = [
        user_event("blorp", "nlu_fallback", 0.2), action_event("action_handle_fallback"),
        user_event("hello", "greet"), action_event("utter_greet"),
        user_event("zzz", "nlu_fallback", 0.1),
    ]
    run(ActionHandleFallback(knowledge=lambda: tiny_knowledge), dispatcher, make_tracker(events))
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_rephrase"]


def test_stop_or_skip_with_nothing_running_offers_what_the_coach_can_do(tiny_knowledge, dispatcher):
    for text in ("stop", "skip", "go back", "later"):
        tracker = make_tracker([action_event("action_listen"), user_event(text, "nlu_fallback", 0.3)])
        run(ActionHandleFallback(knowledge=lambda: tiny_knowledge), dispatcher, tracker)
    assert [m["response"] for m in dispatcher.messages] == ["utter_anything_else"] * 4


def test_a_whole_sentence_about_something_else_is_declined_honestly_not_asked_again(tiny_knowledge, dispatcher):
    tracker = make_tracker([action_event("action_listen"),
                            user_event("my laptop keeps freezing in teams meetings", "nlu_fallback", 0.3)])
    run(ActionHandleFallback(knowledge=lambda: tiny_knowledge), dispatcher, tracker)
    assert [m["response"] for m in dispatcher.messages] == ["utter_not_in_knowledge_base"]


def test_a_short_errand_the_classifier_was_unsure_of_is_declined_not_asked_again(tiny_knowledge, dispatcher):
    for text in ("write my appraisal for me", "reset my ESR password"):
        tracker = make_tracker([action_event("action_listen"), user_event(text, "nlu_fallback", 0.3)])
        run(ActionHandleFallback(knowledge=lambda: tiny_knowledge), dispatcher, tracker)
    assert [m["response"] for m in dispatcher.messages] == ["utter_not_in_knowledge_base"] * 2
