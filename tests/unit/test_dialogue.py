import pytest

from bot.dialogue import consecutive_turns_ending_in, user_turns


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
