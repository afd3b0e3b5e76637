"""The understanding step through the real servers: informal writing, follow-ups, corrections,
exercise openers and closings, as a leader would type them (our own phrasings)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration
NOT_COVERED = "outside my knowledge base"


def texts(replies: list[dict]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def test_informal_writing_gets_a_grounded_answer(coach):
    reply = texts(coach.say("u-informal", "how do govt and nhs mgmt lead together pls"))
    assert "Source:" in reply and NOT_COVERED not in reply


def test_a_follow_up_is_answered_from_the_last_answer_and_nothing_is_repeated(coach):
    first = texts(coach.say("u-follow", "what is system leadership?"))
    assert "Source:" in first
    follow = texts(coach.say("u-follow", "why?"))
    assert follow.strip() and NOT_COVERED not in follow
    assert follow != first
    again = texts(coach.say("u-follow", "what is system leadership?"))
    assert again != first  # never the same answer twice in a row


def test_that_is_not_what_i_asked_gives_another_reading(coach):
    first = texts(coach.say("u-correct", "how do we build trust between partners?"))
    corrected = texts(coach.say("u-correct", "that's not what I asked"))
    assert "Source:" in corrected and corrected != first


def test_an_opener_naming_an_exercise_starts_it(coach):
    reply = texts(coach.say("u-exercise", "lets do the exercise on failing well"))
    assert "Failing well" in reply and "Source:" not in reply


def test_an_answer_shows_one_source_line_and_no_editors_notes(coach):
    reply = texts(coach.say("u-source", "is there research showing leadership matters for joined up care?"))
    assert reply.count("Source:") == 1 and "Note:" not in reply


def test_a_casual_closing_says_goodbye(coach):
    reply = texts(coach.say("u-bye", "ok thx. gtg"))
    assert "Goodbye" in reply and "didn't quite follow" not in reply
