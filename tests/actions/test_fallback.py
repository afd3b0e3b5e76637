import asyncio

from actions.fallback import ActionHandleFallback
from tests.actions.conftest import action_event, make_tracker, user_event


def run(action, dispatcher, tracker):
    return asyncio.run(action.run(dispatcher, tracker, {}))


class NoKnowledge:
    """A knowledge base that covers nothing, so only the fallback's own logic is tested."""

    class index:
        @staticmethod
        def best(text):
            return None


def test_first_misunderstanding_asks_to_rephrase(dispatcher):
    tracker = make_tracker([action_event("action_listen"), user_event("blorp", "nlu_fallback", 0.2)])
    assert run(ActionHandleFallback(knowledge=NoKnowledge), dispatcher, tracker) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_rephrase"]


def test_second_misunderstanding_in_a_row_offers_the_menu(dispatcher):
    events = [
        user_event("blorp", "nlu_fallback", 0.2), action_event("action_handle_fallback"),
        action_event("action_listen"), user_event("zzz", "nlu_fallback", 0.1),
    ]
    run(ActionHandleFallback(knowledge=NoKnowledge), dispatcher, make_tracker(events))
    assert [m["response"] for m in dispatcher.messages] == ["utter_still_unclear"]


def test_an_understood_message_in_between_starts_counting_again(dispatcher):
    events = [
        user_event("blorp", "nlu_fallback", 0.2), action_event("action_handle_fallback"),
        user_event("hello", "greet"), action_event("utter_greet"),
        user_event("zzz", "nlu_fallback", 0.1),
    ]
    run(ActionHandleFallback(knowledge=NoKnowledge), dispatcher, make_tracker(events))
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_rephrase"]
