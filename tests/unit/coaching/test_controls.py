"""parse_control: only a whole message that is a control counts; sentences are answers."""
from __future__ import annotations

import pytest

from bot.coaching.controls import Control, parse_control

POSITIVES = [
    ("stop", Control.STOP), ("Stop.", Control.STOP), ("STOP!", Control.STOP),
    ("stop please", Control.STOP), ("Please stop", Control.STOP), ("stop the exercise", Control.STOP),
    ("stop this exercise now", Control.STOP), ("/stop", Control.STOP), ("can we stop?", Control.STOP),
    ("I want to stop", Control.STOP), ("quit", Control.STOP), ("cancel", Control.STOP),
    ("end the session", Control.STOP), ("I'm done", Control.STOP), ("ok, stop here", Control.STOP),
    ("pause", Control.PAUSE), ("pause for now", Control.PAUSE), ("Pause the exercise please", Control.PAUSE),
    ("/pause", Control.PAUSE), ("let's take a break", Control.PAUSE), ("can we come back to this later?", Control.PAUSE),
    ("finish this later", Control.PAUSE), ("continue later", Control.PAUSE), ("hold on", Control.PAUSE),
    ("skip", Control.SKIP), ("skip this one", Control.SKIP), ("Skip this question.", Control.SKIP),
    ("next question", Control.SKIP), ("next", Control.SKIP), ("/skip", Control.SKIP), ("pass", Control.SKIP),
    ("move on", Control.SKIP), ("I'd rather not say", Control.SKIP), ("can we skip this?", Control.SKIP),
    ("back", Control.BACK), ("go back", Control.BACK), ("Go back please", Control.BACK),
    ("previous question", Control.BACK), ("the previous question", Control.BACK),
    ("go back to the last question", Control.BACK), ("/back", Control.BACK), ("back one", Control.BACK),
    ("can I change my answer", Control.BACK), ("undo", Control.BACK),
    ("\u2018stop\u2019", Control.STOP), ("  skip  ", Control.SKIP),
    ("got pulled onto the ward, later", Control.PAUSE), ("sorry - later!", Control.PAUSE),
    ("bed manager on the phone, talk later", Control.PAUSE), ("ugh, meeting; back in a bit", Control.PAUSE),
]

NEGATIVES = [
    "I think we should stop the pilot",
    "we need to go back to basics",
    "skip level meetings help",
    "Stop doing things to people rather than with them",
    "stopping the pilot taught me a lot",
    "I can't stop worrying about winter",
    "don't stop",
    "back to the drawing board",
    "go back to the board with a new plan",
    "back pain in the workforce is a big issue",
    "next week",
    "next month with the ICB",
    "by the end of March",
    "end of the year",
    "the next question for the board is funding",
    "pass the budget through the joint committee",
    "we should pause recruitment",
    "pause and reflect more often",
    "I skipped the meeting",
    "later on we agreed a plan",
    "3",
    "two",
    "no",
    "",
    "   ",
    "!!!",
    "the previous chief executive",
    "we moved on from the old structure",
    "take a break from meetings on Fridays",
    "quit smoking service",
    "we fixed it later",
    "the referral was lost, and the patient came back in two days, and we only found out later",
]


@pytest.mark.parametrize(("text", "control"), POSITIVES)
def test_whole_message_controls_are_recognised(text, control):
    assert parse_control(text) is control


@pytest.mark.parametrize("text", NEGATIVES)
def test_sentences_that_contain_a_control_word_are_answers(text):
    assert parse_control(text) is None
