"""bot.understanding.intents: the words must say what a fixed-reply intent was taken for."""
import pytest

from bot.understanding.intents import carries_intent


@pytest.mark.parametrize("intent, text", [
    ("greet", "hello there"), ("greet", "Bore da! quick question"), ("help", "help"), ("help", "can you help?"),
    ("help", "what should I ask you"), ("show_commitments", "what were my next steps again"),
    ("show_commitments", "what did I say I would do by when?"), ("show_commitments", "remind me what I'm supposed to be doing"),
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


def test_every_training_example_of_a_fixed_reply_intent_carries_it():
    """The guard must never overrule the classifier on the very phrasings it was trained with."""
    import re

    import yaml

    from bot.config import ROOT
    from bot.understanding.intents import WORD_EVIDENCED_INTENTS

    entity = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
    missed = [(item["intent"], example)
              for path in sorted((ROOT / "data" / "nlu").glob("*.yml"))
              for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", [])
              if item.get("intent") in WORD_EVIDENCED_INTENTS
              for example in (entity.sub(r"\1", line.strip()[2:]) for line in item["examples"].splitlines() if line.strip())
              if not carries_intent(item["intent"], example)]
    assert missed == []
