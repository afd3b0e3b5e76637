from datetime import date

import pytest

from bot.checkins.answers import DONE, NOT_YET, PARTLY, POSTPONE, SKIPPED, Reply, read_reply

TODAY = date(2026, 12, 4)  # a Friday


@pytest.mark.parametrize(
    "text, outcome",
    [
        ("Done", DONE), ("done!", DONE), ("Yes, I did it", DONE), ("did it", DONE), ("yes", DONE),
        ("I managed it and it went well", DONE), ("completed", DONE),
        ("Partly", PARTLY), ("some of it", PARTLY), ("partly done", PARTLY), ("yes, partly", PARTLY),
        ("I've started", PARTLY), ("half of it", PARTLY),
        ("Not yet", NOT_YET), ("no", NOT_YET), ("I didn't get round to it", NOT_YET), ("not done", NOT_YET),
        ("I haven't done it", NOT_YET), ("ran out of time", NOT_YET),
        ("Skip", SKIPPED), ("I'd rather not say", SKIPPED), ("stop", SKIPPED),
        ("Postpone", POSTPONE), ("later", POSTPONE), ("ask me later", POSTPONE), ("not now", POSTPONE),
    ],
)
def test_outcomes_in_words(text, outcome):
    assert read_reply(text, TODAY).outcome == outcome


@pytest.mark.parametrize(
    "text, new_date",
    [
        ("ask me next week", date(2026, 12, 11)),
        ("next week", date(2026, 12, 11)),
        ("in two weeks", date(2026, 12, 18)),
        ("postpone to 15 January", date(2027, 1, 15)),
        ("can you ask me again next Friday", date(2026, 12, 11)),
        ("Postpone", None),
    ],
)
def test_postponing_with_or_without_a_date(text, new_date):
    assert read_reply(text, TODAY) == Reply(POSTPONE, new_date)


@pytest.mark.parametrize("text", ["", "   ", "purple elephant", "what is system leadership?"])
def test_anything_else_is_not_understood(text):
    assert read_reply(text, TODAY).outcome is None


def test_a_long_answer_that_mentions_a_date_is_not_a_postponement():
    assert read_reply("I did it, we met on Tuesday and it went really well", TODAY).outcome == DONE
