"""bot.understanding.intents: the words must say what a fixed-reply intent was taken for."""
import pytest

from bot.understanding.intents import carries_intent


@pytest.mark.parametrize("intent, text", [
    ("greet", "hello there"), ("greet", "Bore da! quick question"), ("help", "help"), ("help", "can you help?"),
    ("help", "what should I ask you"), ("show_commitments", "what were my next steps again"),
    ("start_checkins", "turn the check-ins back on"), ("restart", "let's start over"),
    ("bot_challenge", "are you a bot"), ("ask_question", "anything at all"), (None, "anything"),
])
def test_words_that_say_the_intent_carry_it(intent, text):
    assert carries_intent(intent, text)


@pytest.mark.parametrize("intent, text", [
    ("greet", "and what about for councils then"), ("help", "how do i start one"),
    ("help", "help me work out whether it's the set up we work in that's stopping my coordinators"),
    ("show_commitments", "Many thanks, I will take it to the board. Goodnight"),
    ("stop_checkins", "stop the merger talk, what does SCIE say about trust"),
    ("restart", "reset my password for the rota system"),
])
def test_words_that_do_not_say_the_intent_do_not_carry_it(intent, text):
    assert not carries_intent(intent, text)
