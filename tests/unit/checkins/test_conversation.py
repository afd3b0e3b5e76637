"""The check-in conversation as plain data: what it asks, how it reads replies, what it saves."""
from datetime import date, datetime, timezone

import pytest

from bot.checkins import conversation
from bot.checkins.conversation import (
    ENDED_DISTRESS,
    ENDED_DONE,
    HELPED,
    NEW_DATE,
    NEXT,
    OUTCOME,
    POSTPONE_DATE,
    NewCommitment,
    Save,
    Turn,
    reply,
)
from bot.checkins.dates import parse_due_date
from bot.journal import Commitment

TODAY = date(2026, 12, 1)
NEXT_FRIDAY = parse_due_date("next Friday", TODAY)


def commitment(**changes) -> Commitment:
    values = dict(id=7, sender_id="leader-1", reflection_id=3, text="Call Sam at the ICB", due_date=date(2026, 11, 27),
                  status="open", created_at=datetime(2026, 11, 20, tzinfo=timezone.utc), checked_in_at=None,
                  exercise_id="cross-boundary-challenge")
    return Commitment(**{**values, **changes})


def at(stage: str, **values) -> dict:
    return {**conversation.new_state(commitment(), {"text": "hello", "intent": "greet"}), "stage": stage, **values}


def test_a_new_check_in_asks_for_the_outcome_of_the_commitment():
    state = conversation.new_state(commitment(), None)
    assert state["stage"] == OUTCOME and state["id"] == 7 and state["exercise"] == "cross-boundary-challenge"
    assert conversation.question(state) == conversation.Question("utter_checkin_question", "Call Sam at the ICB",
                                                                  date(2026, 11, 27))


@pytest.mark.parametrize(("state", "response"), [
    (at(HELPED, outcome="done"), "utter_checkin_ask_helped_done"),
    (at(HELPED, outcome="partly"), "utter_checkin_ask_helped_partly"),
    (at(HELPED, outcome="not_yet"), "utter_checkin_ask_helped_not_yet"),
    (at(NEXT, outcome="done"), "utter_checkin_ask_next"),
    (at(NEW_DATE, outcome="done"), "utter_checkin_ask_new_date"),
    (at(POSTPONE_DATE), "utter_checkin_ask_postpone_date"),
])
def test_each_stage_asks_its_own_question(state, response):
    assert conversation.question(state).response == response


def test_a_finished_check_in_asks_nothing_and_is_not_unfinished():
    finished = at(None)
    assert conversation.question(finished) is None
    assert conversation.is_running(finished) and not conversation.is_unfinished(finished)
    assert conversation.is_unfinished(at(NEXT)) and not conversation.is_running({"stage": "next"})


@pytest.mark.parametrize("text", ["", "/affirm"])
def test_an_empty_reply_or_an_old_button_asks_again(text):
    assert reply(at(OUTCOME), text, None, TODAY) == Turn()


def test_distress_ends_the_check_in_saving_nothing():
    turn = reply(at(HELPED, outcome="done"), "I can't cope with any of it", None, TODAY)
    assert turn.ended == ENDED_DISTRESS and turn.save == Save() and turn.state["stage"] is None


def test_stop_check_ins_switches_them_off_and_closes_this_one():
    turn = reply(at(OUTCOME), "stop the check-ins", "stop_checkins", TODAY)
    assert turn.save == Save(stop_checkins=True, outcome="skipped")
    assert turn.say == "utter_checkins_stopped" and turn.ended == ENDED_DONE
    # Without the classifier's confidence it is just a reply: "stop" skips this check-in.
    assert reply(at(OUTCOME), "stop", None, TODAY).save == Save(outcome="skipped")


@pytest.mark.parametrize(("text", "outcome"), [("Done", "done"), ("Partly", "partly"), ("Not yet", "not_yet")])
def test_an_outcome_is_saved_at_once_and_asks_what_helped(text, outcome):
    turn = reply(at(OUTCOME), text, None, TODAY)
    assert turn.save == Save(outcome=outcome)
    assert turn.state["stage"] == HELPED and turn.state["outcome"] == outcome and turn.ended is None


def test_skip_closes_the_check_in():
    turn = reply(at(OUTCOME), "Skip", None, TODAY)
    assert (turn.save, turn.say, turn.ended) == (Save(outcome="skipped"), "utter_checkin_skipped", ENDED_DONE)


def test_a_postponement_with_a_date_moves_the_commitment():
    turn = reply(at(OUTCOME), "ask me next week", None, TODAY)
    assert turn.save == Save(postpone_to=date(2026, 12, 11))
    assert (turn.say, turn.say_date, turn.ended) == ("utter_checkin_postponed", date(2026, 12, 11), ENDED_DONE)


def test_a_postponement_without_a_date_asks_for_one_then_reads_it():
    turn = reply(at(OUTCOME), "Postpone", None, TODAY)
    assert turn.state["stage"] == POSTPONE_DATE and turn.save == Save()
    assert reply(turn.state, "next Friday", None, TODAY).save == Save(postpone_to=NEXT_FRIDAY)
    for unclear in ("soon", "today"):  # no date, or no later than today: asked again
        assert reply(turn.state, unclear, None, TODAY) == Turn(state={**turn.state, "misses": 1},
                                                               say="utter_commitment_date_unclear")
    assert reply(turn.state, "skip", None, TODAY).save == Save(outcome="skipped")


def test_a_question_is_asked_at_most_twice_then_the_check_in_moves_on():
    once = reply(at(OUTCOME), "hmm", None, TODAY)
    assert once.say == "utter_checkin_not_understood" and once.ended is None
    twice = reply(once.state, "hmm", None, TODAY)
    assert twice.ended == ENDED_DONE and twice.save == Save(outcome="skipped")


@pytest.mark.parametrize(("text", "action"), [("forget me", "action_forget_me"),
                                              ("show my reflections", "action_show_journal")])
def test_an_escape_ends_the_check_in_and_runs(text, action):
    turn = reply(at(HELPED), text, None, TODAY)
    assert turn.ended == "escape:" + action and turn.save == Save()


def test_later_at_the_first_question_asks_when_to_ask_again():
    assert reply(at(OUTCOME), "got to go", None, TODAY).state["stage"] == POSTPONE_DATE


def test_a_reply_that_is_no_outcome_may_be_a_question_for_the_knowledge_base():
    turn = reply(at(OUTCOME), "What is system leadership?", "ask_question", TODAY)
    assert turn.say == "utter_checkin_not_understood" and turn.answerable and turn.ended is None


def test_what_helped_is_kept_word_for_word_unless_skipped():
    state = at(HELPED, outcome="partly")
    turn = reply(state, "Sam's team made time", None, TODAY)
    assert turn.save == Save(outcome="partly", helped="Sam's team made time")
    assert turn.state["helped"] == "Sam's team made time" and turn.state["stage"] == NEXT
    skipped = reply(state, "skip", None, TODAY)
    assert skipped.save == Save() and skipped.state["stage"] == NEXT and skipped.state["helped"] is None
    assert reply(state, "stop", None, TODAY).ended == ENDED_DONE


def test_a_next_step_without_a_date_asks_whether_to_check_in_on_it():
    turn = reply(at(NEXT, outcome="done"), "Meet the council lead", None, TODAY)
    assert turn.save == Save(outcome="done", next_step="Meet the council lead")
    assert turn.state["next"] == "Meet the council lead" and turn.state["stage"] == NEW_DATE
    assert reply(at(NEXT, outcome="done"), "skip", None, TODAY) == conversation.end(at(NEXT, outcome="done"), ENDED_DONE)


def test_a_next_step_with_a_date_becomes_a_new_commitment():
    turn = reply(at(NEXT, outcome="partly"), "Meet the council lead by next Friday", None, TODAY)
    step = NewCommitment("Meet the council lead by next Friday", NEXT_FRIDAY, "cross-boundary-challenge")
    assert turn.save == Save(outcome="partly", next_step="Meet the council lead by next Friday", new_commitment=step)
    assert (turn.say, turn.say_date, turn.ended) == ("utter_commitment_date_said_back", None, ENDED_DONE)


@pytest.mark.parametrize(("text", "intent"), [("no thanks", None), ("No, that's fine.", None),
                                              ("not for me", "deny"), ("skip", None)])
def test_no_to_a_new_date_ends_without_a_commitment(text, intent):
    turn = reply(at(NEW_DATE, outcome="done", next="Meet the lead"), text, intent, TODAY)
    assert (turn.save, turn.say, turn.ended) == (Save(), "utter_checkin_no_new_date", ENDED_DONE)


def test_a_new_date_makes_the_commitment_and_a_vague_one_is_asked_again():
    state = at(NEW_DATE, outcome="done", next="Meet the lead")
    turn = reply(state, "next Friday", None, TODAY)
    assert turn.save == Save(new_commitment=NewCommitment("Meet the lead", NEXT_FRIDAY, "cross-boundary-challenge"))
    assert reply(state, "whenever I can", None, TODAY) == Turn(state={**state, "misses": 1}, say="utter_commitment_date_unclear")


def test_thanks_only_for_an_outcome_that_was_saved():
    assert conversation.saved_outcome({"outcome": "done"})
    assert not conversation.saved_outcome({"outcome": "skipped"})
    assert not conversation.saved_outcome({})


@pytest.mark.parametrize(("opening", "expected"), [
    ({"text": "what is system leadership?", "intent": "ask_question"},
     conversation.PickUp("what is system leadership?", True)),
    ({"text": "I want to find a course", "intent": "find_programme"}, conversation.PickUp("I want to find a course", False)),
    ({"text": "hello", "intent": "greet"}, None),
    ({"text": "/start_reflection", "intent": "start_reflection"}, None),
    (None, None),
])
def test_the_opening_message_is_picked_up_unless_the_menu_is_all_it_needs(opening, expected):
    assert conversation.pick_up(opening) == expected


def test_start_again_asks_first_and_only_a_yes_goes_back_to_the_first_question():
    state = at(NEXT, outcome="partly", helped="Sam's team made time")
    asked = reply(state, "start again", None, TODAY)
    assert asked.ended is None and asked.save == Save()
    assert conversation.question(asked.state).response == "utter_confirm_restart_checkin"
    kept = reply(asked.state, "no", None, TODAY)
    assert kept.say == "utter_restart_flow_declined" and kept.state == state  # carries on where it was
    assert conversation.question(kept.state).response == "utter_checkin_ask_next"
    again = reply(asked.state, "yes please", None, TODAY)
    assert again.say == "utter_checkin_restarted" and again.state["stage"] == OUTCOME
    assert again.state["outcome"] is None and "restart" not in again.state
    assert conversation.question(again.state).response == "utter_checkin_question"
    assert reply(asked.state, "forget me", None, TODAY).ended == "escape:action_forget_me"  # escapes first
    assert reply(asked.state, "back", None, TODAY).state["stage"] == HELPED  # a control does what it says


@pytest.mark.parametrize(("text", "outcome"), [("Partyl", "partly"), ("doen", "done"), ("not yte", "not_yet")])
def test_a_button_title_typed_with_a_slip_is_read_as_that_outcome(text, outcome):
    turn = reply(at(OUTCOME), text, None, TODAY)
    assert turn.save == Save(outcome=outcome) and turn.state["stage"] == HELPED
