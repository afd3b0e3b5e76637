import pytest

from bot.dialogue import confident_intent, consecutive_turns_ending_in, is_question_mid_form, user_turns


def user(text="x"):
    return {"event": "user", "text": text}


def action(name):
    return {"event": "action", "name": name}


FALLBACK = "action_handle_fallback"


def test_user_turns_group_actions_by_user_message_and_skip_listening():
    events = [action("action_listen"), user(), action("utter_greet"), action("action_listen"), user()]
    assert user_turns(events) == [["utter_greet"], []]


@pytest.mark.parametrize(
    "history, expected",
    [
        ([user()], 0),
        ([user(), action(FALLBACK), action("action_listen"), user()], 1),
        ([user(), action(FALLBACK), user(), action(FALLBACK), user()], 2),
        ([user(), action(FALLBACK), user(), action("utter_greet"), user()], 0),
        ([user(), action(FALLBACK), {"event": "restart"}, user()], 0),
    ],
)
def test_consecutive_fallbacks_before_the_current_message(history, expected):
    assert consecutive_turns_ending_in(history, FALLBACK) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("How do I get my sourdough starter to rise?", True),
        ("what is the best mortgage deal", True),
        ("recommend a mortgage deal?", True),
        ("xkcd blorp wibble", False),
        ("why?", False),
        ("I think so", False),
    ],
)
def test_looks_like_question(text, expected):
    from bot.dialogue import looks_like_question

    assert looks_like_question(text) is expected


@pytest.mark.parametrize(("intent", "expected"), [
    ({"name": "deny", "confidence": 0.85}, "deny"),
    ({"name": "deny", "confidence": 0.84}, None),
    ({"name": "deny"}, None),
    (None, None),
])
def test_only_a_confident_intent_acts_inside_a_form(intent, expected):
    assert confident_intent(intent) == expected


@pytest.mark.parametrize(("text", "intent", "expected"), [
    ("Where can I find peer support?", {"name": "ask_question", "confidence": 0.9}, True),
    ("Where can I find peer support?  ", {"name": "ask_question", "confidence": 0.9}, True),
    ("Where can I find peer support", {"name": "ask_question", "confidence": 0.9}, False),
    ("Where can I find peer support?", {"name": "ask_question", "confidence": 0.5}, False),
    ("Should we stop the pilot?", {"name": "stop_checkins", "confidence": 0.9}, False),
])
def test_a_question_mid_form_needs_a_question_mark_and_a_confident_ask_question(text, intent, expected):
    assert is_question_mid_form(text, intent) is expected
