"""Check-ins with the real servers over REST: commitments made in an exercise, then the servers
restarted "in the future" (COACH_TODAY, as tests and demos may) to check in on return.

One coach for the module. Leaders first make their commitments on the real day; the servers are
then restarted thirty days on, and each leader's first message, whatever it is, opens the check-in.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from bot.checkins.clock import spoken_date
from bot.checkins.dates import parse_due_date
from bot.identity import rest_sender
from tests.integration.servers import serve

pytestmark = pytest.mark.integration
REAL_TODAY = datetime.now(timezone.utc).date()
LATER = REAL_TODAY + timedelta(days=30)
NEXT_FRIDAY = parse_due_date("next Friday", REAL_TODAY)
START = "/start_reflection" + json.dumps({"exercise": "cross-boundary-challenge"})
OUTCOME_BUTTONS = ["Done", "Partly", "Not yet", "Skip", "Ask me later"]
LEADERS = {  # sender -> their first step (next Friday, in their words)
    "leader-done": "Ask Sam for a joint meeting by next Friday",
    "leader-partly": "Draft the shared plan by next Friday",
    "leader-not-yet": "Visit the discharge hub next Friday",
    "leader-skip": "Call the ICB lead by next Friday",
    "leader-postpone": "Write to the council by next Friday",
    "leader-stop": "Agree a shared measure by next Friday",
    "leader-restarted": "Book the joint team huddle by next Friday",
}


def texts(replies: list[dict]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def button_titles(replies: list[dict]) -> list[str]:
    return [button["title"] for reply in replies for button in reply.get("buttons", [])]


def question(step: str) -> str:
    return f'Last time you planned to "{step}" by {spoken_date(NEXT_FRIDAY, LATER)}. How did it go?'


def commitments(coach, sender) -> list[sqlite3.Row]:
    with sqlite3.connect(coach.database_url.removeprefix("sqlite:///")) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute(
            "SELECT * FROM journal_commitments WHERE sender_id = ? ORDER BY id", (rest_sender(sender),)).fetchall()


def make_commitment(coach, sender, first_step, date_answer=None) -> str:
    """Walk the cross-boundary exercise to its first step and save it; returns what was said."""
    coach.say(sender, START)
    for answer in ["Two trusts disagree on discharge", "A shared plan", "Winter pressure",
                   "Convene them; ask the ICB"]:
        coach.say(sender, answer)
    said = texts(coach.say(sender, first_step))
    if date_answer is not None:
        assert "By when would you like to do this?" in said
        replies = coach.say(sender, "whenever I can")  # asked again once, with what works
        assert "couldn't work out a date" in texts(replies) and "Skip" in button_titles(replies)
        said = texts(coach.say(sender, date_answer))
    summary = texts(coach.say(sender, "4"))
    assert "save this to your private journal" in summary
    saved = texts(coach.say(sender, "yes"))
    assert "Saved to your private journal" in saved
    coach.say(sender, "no")  # not shared with the trainer
    return said + " " + saved


@pytest.fixture(scope="module")
def coach(tmp_path_factory):
    yield from serve(tmp_path_factory.mktemp("checkins"))


@pytest.fixture(scope="module")
def later(coach):
    """Every leader has made their commitment; the servers now run thirty days on."""
    for sender, step in LEADERS.items():
        said = make_commitment(coach, sender, step)
        assert f"I'll check in with you on or after {spoken_date(NEXT_FRIDAY, REAL_TODAY)}" in said
    coach.say("leader-restarted", "can we start over please")  # a restart clears every slot
    assert coach.stop() == 0
    coach.env["COACH_TODAY"] = LATER.isoformat()
    coach.start()
    return coach


def test_an_exercise_saves_the_first_step_as_a_commitment_with_its_date(coach):
    sender = "leader-capture"
    said = make_commitment(coach, sender, "Phone Priya", date_answer="in two weeks")
    due = REAL_TODAY + timedelta(weeks=2)
    assert f"I'll check in with you on or after {spoken_date(due, REAL_TODAY)}" in said
    [row] = commitments(coach, sender)
    assert (row["text"], row["due_date"], row["status"]) == ("Phone Priya", due.isoformat(), "open")
    assert row["exercise_id"] == "cross-boundary-challenge" and row["reflection_id"] is not None
    listed = texts(coach.say(sender, "show my commitments"))
    assert '"Phone Priya", by ' + spoken_date(due, REAL_TODAY) in listed
    # Nothing is asked on the day it was made, whatever the leader says.
    assert "How did it go?" not in texts(coach.say(sender, "hello"))


def test_a_commitment_they_chose_not_to_save_is_not_kept(coach):
    sender = "leader-unsaved"
    coach.say(sender, START)
    for answer in ["a", "b", "c", "d", "Call Jo by next Friday", "4"]:
        coach.say(sender, answer)
    assert "won't check in" in texts(coach.say(sender, "no"))
    assert commitments(coach, sender) == []


def test_whatever_they_say_first_the_check_in_comes_first_then_their_question(later):
    sender = "leader-done"
    first = later.say(sender, "What does system leadership actually mean?")
    assert question(LEADERS[sender]) in texts(first)
    assert button_titles(first) == OUTCOME_BUTTONS
    assert "Source:" not in texts(first)
    assert "What helped you do it?" in texts(later.say(sender, "Done"))
    assert "What will you do next?" in texts(later.say(sender, "Sam's PA found a slot"))
    assert "Would you like me to check in on that too?" in texts(later.say(sender, "Bring in the council"))
    closing = texts(later.say(sender, "no thanks"))
    assert "saved how it went" in closing
    assert "Source: System leadership for integrated care" in closing  # their question, answered
    [row] = commitments(later, sender)
    assert (row["status"], row["checkin_helped"], row["checkin_next"]) == (
        "done", "Sam's PA found a slot", "Bring in the council")
    assert row["asked_at"] is not None and row["checked_in_at"] is not None
    # Only once.
    assert "How did it go?" not in texts(later.say(sender, "hello"))


def test_partly_with_a_next_step_and_a_date_makes_a_new_commitment(later):
    sender = "leader-partly"
    assert question(LEADERS[sender]) in texts(later.say(sender, "hello"))
    assert "what got in the way?" in texts(later.say(sender, "some of it"))
    later.say(sender, "Finance were away")
    closing = texts(later.say(sender, "Finish it with finance in two weeks"))
    due = LATER + timedelta(weeks=2)
    assert f"I'll check in with you on or after {spoken_date(due, LATER)}" in closing
    first, new = commitments(later, sender)
    assert (first["status"], first["checkin_helped"], first["checkin_next"]) == (
        "partly", "Finance were away", "Finish it with finance in two weeks")
    assert (new["text"], new["due_date"], new["status"]) == (
        "Finish it with finance in two weeks", due.isoformat(), "open")


def test_not_yet_then_the_request_that_opened_it_is_not_lost(later):
    sender = "leader-not-yet"
    assert question(LEADERS[sender]) in texts(later.say(sender, "find me a leadership programme"))
    assert "What got in the way?" in texts(later.say(sender, "Not yet"))
    later.say(sender, "skip")
    closing = later.say(sender, "skip")
    assert 'you said: "find me a leadership programme"' in texts(closing)
    assert "Find programmes and networks" in button_titles(closing)
    [row] = commitments(later, sender)
    assert (row["status"], row["checkin_helped"], row["checkin_next"]) == ("not_yet", None, None)


def test_skip(later):
    sender = "leader-skip"
    assert question(LEADERS[sender]) in texts(later.say(sender, "hi"))
    assert "leave that one" in texts(later.say(sender, "Skip"))
    assert commitments(later, sender)[0]["status"] == "skipped"
    assert "How did it go?" not in texts(later.say(sender, "hi"))


def test_starting_the_conversation_again_does_not_lose_the_check_in(later):
    # Before the postpone test, which moves the servers' clock again.
    sender = "leader-restarted"
    first = later.say(sender, "hello")
    assert question(LEADERS[sender]) in texts(first)
    assert button_titles(first) == OUTCOME_BUTTONS


def test_stop_check_ins_means_no_check_in_and_start_brings_it_back(later):
    sender = "leader-stop"
    assert "switched check-ins off" in texts(later.say(sender, "stop check-ins"))
    assert "How did it go?" not in texts(later.say(sender, "hello"))
    assert "Check-ins are switched off" in texts(later.say(sender, "show my commitments"))
    assert "Check-ins are on" in texts(later.say(sender, "start check-ins"))
    assert question(LEADERS[sender]) in texts(later.say(sender, "hello"))


def test_postpone_moves_the_date_and_asks_again_only_then(later):
    sender = "leader-postpone"
    assert question(LEADERS[sender]) in texts(later.say(sender, "hello"))
    new_date = parse_due_date("next week", LATER)
    assert f"ask you again on or after {spoken_date(new_date, LATER)}" in texts(later.say(sender, "ask me next week"))
    [row] = commitments(later, sender)
    assert (row["due_date"], row["postponed"], row["status"], row["asked_at"]) == (
        new_date.isoformat(), 1, "open", None)
    assert "How did it go?" not in texts(later.say(sender, "hello"))

    assert later.stop() == 0
    later.env["COACH_TODAY"] = new_date.isoformat()
    later.start()
    assert f'Last time you planned to "{LEADERS[sender]}"' in texts(later.say(sender, "hello"))
    assert "How did it go?" not in texts(later.say("leader-done", "hello"))
