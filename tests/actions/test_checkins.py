"""Commitments and check-ins with real Trackers, the real exercises and domain, a temporary
journal and a fixed clock (dates are relative to the real day, as the journal stamps rows now)."""
import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from actions.checkins import (
    ActionAskCheckinAnswer,
    ActionCheckinOpen,
    ActionFinishCheckin,
    ActionShowCommitments,
    ActionStartCheckins,
    ActionStopCheckins,
    ActionTeamsRemindersOn,
    ValidateCheckinForm,
)
from actions.journal import ActionConfirm, ActionDeny
from actions.reflection import ActionAskReflectionAnswer, ValidateReflectionForm
from bot import coaching
from bot.checkins.clock import spoken_date
from tests.actions.conftest import action_event, make_tracker, user_event

EXERCISE = "cross-boundary-challenge"
REAL_TODAY = datetime.now(timezone.utc).date()
DUE = REAL_TODAY + timedelta(days=7)
LATER = REAL_TODAY + timedelta(days=10)  # the clock when the check-in comes round


def run(action, dispatcher, tracker, domain):
    return asyncio.run(action.run(dispatcher, tracker, domain))


def slots_of(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def responses(dispatcher):
    return [m.get("response") for m in dispatcher.messages]


def tracker_for(text, intent="ask_question", slots=None, sender="leader-1", channel=None, confidence=0.9, extra=()):
    event = user_event(text, intent, confidence)
    if channel:
        event["input_channel"] = channel
    return make_tracker([action_event("action_listen"), event, *extra], sender_id=sender, slots=slots)


# Capture ---------------------------------------------------------------------------------------

def at_first_step(exercises):
    exercise = exercises()[EXERCISE]
    state = coaching.start(exercise)
    for _ in range(4):
        state = coaching.answer(exercise, state, "an answer").state
    assert state["pending"] == "first_step"
    return state


def validate_reflection(exercises, tiny_knowledge, dispatcher, domain, state, text, today=REAL_TODAY):
    action = ValidateReflectionForm(knowledge=lambda: tiny_knowledge, exercises=exercises, clock=lambda: today)
    tracker = tracker_for(text, slots={"reflection_state": state}, confidence=0.3)
    return asyncio.run(action.validate_reflection_answer(text, dispatcher, tracker, domain))


def test_a_first_step_with_a_date_is_kept_and_the_date_said_back(exercises, tiny_knowledge, dispatcher, domain):
    slots = validate_reflection(exercises, tiny_knowledge, dispatcher, domain, at_first_step(exercises),
                                "I'll call Sam in two weeks")
    state = slots["reflection_state"]
    assert coaching.commitment(state) == {"step": "first_step", "text": "I'll call Sam in two weeks",
                                          "due": (REAL_TODAY + timedelta(weeks=2)).isoformat()}
    assert state["pending"] == "confidence"
    said = dispatcher.messages[-1]
    assert said["response"] == "utter_commitment_date_said_back"
    assert said["date"] == spoken_date(REAL_TODAY + timedelta(weeks=2), REAL_TODAY)


def test_without_a_date_the_coach_asks_just_for_the_date_keeping_their_words(exercises, tiny_knowledge, dispatcher, domain):
    state = validate_reflection(exercises, tiny_knowledge, dispatcher, domain, at_first_step(exercises),
                                "Call Sam")["reflection_state"]
    assert coaching.awaiting_date(state)
    ask = ActionAskReflectionAnswer(knowledge=lambda: tiny_knowledge)
    ask.exercises = exercises
    run(ask, dispatcher, tracker_for("Call Sam", slots={"reflection_state": state}), domain)
    assert dispatcher.messages[-1]["response"] == "utter_ask_commitment_date"

    for vague in ["when I can", "1 January 2020"]:  # not a date, or one that has passed: asked again
        slots = validate_reflection(exercises, tiny_knowledge, dispatcher, domain, state, vague)
        assert slots["reflection_answer"] is None and coaching.misses(slots["reflection_state"]) == 1
        assert coaching.awaiting_date(slots["reflection_state"])
    run(ask, dispatcher, tracker_for("x", slots={"reflection_state": slots["reflection_state"]}), domain)
    assert dispatcher.messages[-1]["response"] == "utter_step_reask_date"
    dropped = validate_reflection(exercises, tiny_knowledge, dispatcher, domain, slots["reflection_state"], "dunno")
    assert not coaching.awaiting_date(dropped["reflection_state"]) and coaching.commitment(dropped["reflection_state"]) is None
    assert dropped["reflection_state"]["answers"]["first_step"] == "Call Sam"
    assert dispatcher.messages[-1]["response"] == "utter_step_date_moved_on"

    state = validate_reflection(exercises, tiny_knowledge, dispatcher, domain, state, "next Friday")["reflection_state"]
    assert coaching.commitment(state)["text"] == "Call Sam" and coaching.commitment(state)["due"]
    assert state["answers"]["first_step"] == "Call Sam" and state["pending"] == "confidence"
    assert dispatcher.messages[-1]["response"] == "utter_commitment_date_said_back"


def test_skip_at_the_date_question_moves_on_without_a_commitment(exercises, tiny_knowledge, dispatcher, domain):
    state = validate_reflection(exercises, tiny_knowledge, dispatcher, domain, at_first_step(exercises),
                                "Call Sam")["reflection_state"]
    state = validate_reflection(exercises, tiny_knowledge, dispatcher, domain, state, "skip")["reflection_state"]
    assert coaching.commitment(state) is None and state["pending"] == "confidence"


def completed_with_commitment(exercises, due=DUE):
    exercise = exercises()[EXERCISE]
    state = at_first_step(exercises)
    state = coaching.answer(exercise, state, "Call Sam").state
    state = coaching.set_commitment_date(state, due.isoformat())
    return coaching.answer(exercise, state, "4").state


def test_saving_the_reflection_saves_the_commitment(exercises, journal, dispatcher, domain):
    state = completed_with_commitment(exercises)
    events = run(ActionConfirm(journal=journal, exercises=exercises), dispatcher,
                 tracker_for("yes", "affirm", slots={"reflection_state": state, "pending_confirmation": "save"}), domain)
    [commitment] = journal().list_commitments("leader-1")
    assert (commitment.text, commitment.due_date, commitment.status) == ("Call Sam", DUE, "open")
    assert commitment.exercise_id == EXERCISE and commitment.reflection_id is not None
    assert slots_of(events)["checkin_on"] == DUE.isoformat()
    assert responses(dispatcher) == ["utter_reflection_saved", "utter_commitment_saved", "utter_offer_share"]


def test_in_teams_the_coach_offers_teams_reminders_after_saving(exercises, journal, dispatcher, domain):
    state = completed_with_commitment(exercises)
    run(ActionConfirm(journal=journal, exercises=exercises), dispatcher,
        tracker_for("yes", "affirm", slots={"reflection_state": state, "pending_confirmation": "save"}, channel="teams"),
        domain)
    assert "utter_offer_teams_reminders" in responses(dispatcher)


def test_no_to_saving_keeps_no_commitment(exercises, journal, dispatcher, domain):
    state = completed_with_commitment(exercises)
    run(ActionDeny(journal=journal, exercises=exercises), dispatcher,
        tracker_for("no", "deny", slots={"reflection_state": state, "pending_confirmation": "save"}), domain)
    assert journal().list_commitments("leader-1") == []
    assert responses(dispatcher) == ["utter_commitment_not_saved"]


# The check-in ----------------------------------------------------------------------------------

def opener(journal, tiny_knowledge, today=LATER):
    return ActionCheckinOpen(journal=journal, knowledge=lambda: tiny_knowledge, clock=lambda: today)


def test_a_due_check_in_opens_once_and_starts_the_form(journal, tiny_knowledge, dispatcher, domain):
    cid = journal().add_commitment("leader-1", "Call Sam", DUE, exercise_id=EXERCISE)
    events = run(opener(journal, tiny_knowledge), dispatcher, tracker_for("what is system leadership?"), domain)
    state = slots_of(events)["checkin_state"]
    assert state["id"] == cid and state["stage"] == "outcome"
    assert state["opening"] == {"text": "what is system leadership?", "intent": "ask_question"}
    assert slots_of(events)["checkin_on"] is None
    assert events[-1] == {"event": "followup", "name": "checkin_form", "timestamp": None}
    assert journal().get_commitment("leader-1", cid).asked_at is not None
    # Asked once: the next message finds nothing due and is handed back untouched.
    again = run(opener(journal, tiny_knowledge), dispatcher, tracker_for("hello", "greet"), domain)
    assert again[0]["event"] == "undo" and dispatcher.messages == []


def test_not_before_the_day_after_it_was_made_nor_before_it_is_due(journal, tiny_knowledge, dispatcher, domain):
    journal().add_commitment("leader-1", "today's step", REAL_TODAY)
    events = run(opener(journal, tiny_knowledge, REAL_TODAY), dispatcher, tracker_for("hi", "greet"), domain)
    assert events[0]["event"] == "undo"
    assert slots_of(events)["checkin_on"] == (REAL_TODAY + timedelta(days=1)).isoformat()


def test_distress_comes_before_the_check_in(journal, tiny_knowledge, dispatcher, domain):
    journal().add_commitment("leader-1", "Call Sam", DUE)
    events = run(opener(journal, tiny_knowledge), dispatcher, tracker_for("I can't cope any more", "chitchat"), domain)
    assert events[0]["event"] == "undo"


def test_the_proactive_intent_opens_the_same_check_in(journal, tiny_knowledge, dispatcher, domain):
    cid = journal().add_commitment("leader-1", "Call Sam", DUE)
    events = run(opener(journal, tiny_knowledge), dispatcher,
                 tracker_for("EXTERNAL: EXTERNAL_checkin_due", "EXTERNAL_checkin_due", channel="teams"), domain)
    state = slots_of(events)["checkin_state"]
    assert state["id"] == cid and state["opening"] is None
    assert events[-1]["name"] == "checkin_form"
    assert journal().get_commitment("leader-1", cid).asked_at is not None
    ask = ActionAskCheckinAnswer(journal=journal, clock=lambda: LATER)
    run(ask, dispatcher, tracker_for("x", slots={"checkin_state": state}), domain)
    question = dispatcher.messages[-1]
    assert question["response"] == "utter_checkin_question"
    assert (question["commitment"], question["date"]) == ("Call Sam", spoken_date(DUE, LATER))
    buttons = domain["responses"]["utter_checkin_question"][0]["buttons"]
    assert [b["payload"] for b in buttons] == ["Done", "Partly", "Not yet", "Skip", "Postpone"]


def test_the_proactive_intent_says_nothing_when_nothing_is_due(journal, tiny_knowledge, dispatcher, domain):
    events = run(opener(journal, tiny_knowledge), dispatcher,
                 tracker_for("EXTERNAL: EXTERNAL_checkin_due", "EXTERNAL_checkin_due"), domain)
    assert [e["event"] for e in events] == ["slot", "followup"] and dispatcher.messages == []
    assert events[-1]["name"] == "action_listen"


def test_no_check_in_when_they_are_switched_off(journal, tiny_knowledge, dispatcher, domain):
    journal().add_commitment("leader-1", "Call Sam", DUE)
    run(ActionStopCheckins(journal=journal), dispatcher, tracker_for("stop check-ins", "stop_checkins"), domain)
    events = run(opener(journal, tiny_knowledge), dispatcher, tracker_for("hi", "greet"), domain)
    assert events[0]["event"] == "undo" and slots_of(events)["checkin_on"] is None


class Conversation:
    """Drives ValidateCheckinForm the way the form does, one message at a time."""

    def __init__(self, journal, tiny_knowledge, dispatcher, domain):
        self.journal, self.dispatcher, self.domain = journal, dispatcher, domain
        self.cid = journal().add_commitment("leader-1", "Call Sam", DUE, exercise_id=EXERCISE)
        events = run(opener(journal, tiny_knowledge), dispatcher, tracker_for("hello", "greet"), domain)
        self.state = slots_of(events)["checkin_state"]
        self.form = ValidateCheckinForm(journal=journal, knowledge=lambda: tiny_knowledge, clock=lambda: LATER)
        self.ended = None

    def say(self, text, intent="ask_question", confidence=0.3):
        tracker = tracker_for(text, intent, slots={"checkin_state": self.state}, confidence=confidence)
        slots = asyncio.run(self.form.validate_checkin_answer(text, self.dispatcher, tracker, self.domain))
        self.state = slots.get("checkin_state", self.state)
        self.ended = slots["checkin_answer"]
        return slots

    @property
    def row(self):
        return self.journal().get_commitment("leader-1", self.cid)


@pytest.fixture
def talk(journal, tiny_knowledge, dispatcher, domain):
    return Conversation(journal, tiny_knowledge, dispatcher, domain)


@pytest.mark.parametrize("reply, outcome, helped_prompt", [
    ("Done", "done", "utter_checkin_ask_helped_done"),
    ("some of it", "partly", "utter_checkin_ask_helped_partly"),
    ("Not yet", "not_yet", "utter_checkin_ask_helped_not_yet"),
])
def test_each_outcome_is_saved_with_what_helped_and_what_next(talk, domain, reply, outcome, helped_prompt):
    talk.say(reply)
    assert talk.row.status == outcome and talk.state["stage"] == "helped"
    run(ActionAskCheckinAnswer(journal=talk.journal), talk.dispatcher, tracker_for("x", slots={"checkin_state": talk.state}), domain)
    assert talk.dispatcher.messages[-1]["response"] == helped_prompt
    talk.say("Sam's diary was full, but her PA helped")
    talk.say("Book a meeting with the ICB")
    assert talk.state["stage"] == "new_date" and talk.ended is None
    talk.say("no thanks", "deny", 0.95)
    assert talk.ended == "ended"
    assert (talk.row.checkin_helped, talk.row.checkin_next) == ("Sam's diary was full, but her PA helped",
                                                                "Book a meeting with the ICB")
    assert talk.row.status == outcome and talk.row.checked_in_at is not None
    assert len(talk.journal().list_commitments("leader-1")) == 1


def test_a_next_step_with_a_date_becomes_a_new_commitment(talk):
    talk.say("Done")
    talk.say("skip")
    talk.say("Book a meeting with the ICB in two weeks")
    assert talk.ended == "ended"
    newest = talk.journal().list_commitments("leader-1")[0]
    assert (newest.text, newest.due_date, newest.status) == ("Book a meeting with the ICB in two weeks",
                                                             LATER + timedelta(weeks=2), "open")
    assert talk.dispatcher.messages[-1]["response"] == "utter_commitment_date_said_back"
    assert talk.row.checkin_helped is None


def test_a_date_for_the_next_step_can_be_given_when_asked(talk):
    talk.say("Partly")
    talk.say("time")
    talk.say("Try again")
    talk.say("whenever")
    assert talk.ended is None and talk.dispatcher.messages[-1]["response"] == "utter_commitment_date_unclear"
    talk.say("next Friday")
    assert talk.ended == "ended" and talk.journal().list_commitments("leader-1")[0].text == "Try again"


def test_skip_closes_the_check_in(talk):
    talk.say("Skip")
    assert talk.ended == "ended" and talk.row.status == "skipped"
    assert talk.dispatcher.messages[-1]["response"] == "utter_checkin_skipped"


def test_postponing_with_a_date_moves_it_and_asks_again_only_then(talk, journal, tiny_knowledge, dispatcher, domain):
    talk.say("ask me next week")
    assert talk.ended == "ended"
    row = talk.row
    assert row.status == "open" and row.asked_at is None and row.postponed == 1 and row.due_date > LATER
    assert talk.dispatcher.messages[-1]["response"] == "utter_checkin_postponed"
    events = run(opener(journal, tiny_knowledge), dispatcher, tracker_for("hi", "greet"), domain)
    assert events[0]["event"] == "undo" and slots_of(events)["checkin_on"] == row.due_date.isoformat()
    events = run(opener(journal, tiny_knowledge, row.due_date), dispatcher, tracker_for("hi", "greet"), domain)
    assert slots_of(events)["checkin_state"]["id"] == talk.cid


def test_postpone_without_a_date_asks_for_one(talk):
    talk.say("Postpone")
    assert talk.state["stage"] == "postpone_date" and talk.ended is None
    talk.say("in two weeks")
    assert talk.row.due_date == LATER + timedelta(weeks=2)


def test_words_that_are_no_outcome_are_asked_again(talk):
    talk.say("purple elephant")
    assert talk.ended is None and talk.state["stage"] == "outcome"
    assert talk.dispatcher.messages[-1]["response"] == "utter_checkin_not_understood"
    assert talk.row.status == "open"


def test_distress_ends_the_check_in_with_support_first(talk, journal, dispatcher, domain):
    talk.say("I can't cope any more")
    assert talk.ended == "distress"
    run(ActionFinishCheckin(journal=journal), dispatcher,
        tracker_for("x", slots={"checkin_state": talk.state, "checkin_answer": "distress"}), domain)
    assert [m["response"] for m in dispatcher.messages][-2:] == ["utter_distress_support", "utter_support_routes"]


def test_the_message_that_opened_it_is_not_its_answer(talk, domain):
    tracker = make_tracker([action_event("action_listen"), user_event("hello", "greet"), action_event("action_checkin_open")],
                           slots={"checkin_state": talk.state})
    slots = asyncio.run(talk.form.validate_checkin_answer("hello", talk.dispatcher, tracker, domain))
    assert slots == {"checkin_answer": None} and talk.row.status == "open"


def finish(journal, tiny_knowledge, dispatcher, domain, opening, outcome="done"):
    state = {"id": 1, "text": "Call Sam", "due": DUE.isoformat(), "stage": None, "outcome": outcome, "opening": opening}
    return run(ActionFinishCheckin(journal=journal, knowledge=lambda: tiny_knowledge), dispatcher,
               tracker_for("x", slots={"checkin_state": state, "checkin_answer": "ended"}), domain)


def test_finishing_thanks_them_and_offers_the_menu(journal, tiny_knowledge, dispatcher, domain):
    events = finish(journal, tiny_knowledge, dispatcher, domain, {"text": "hello", "intent": "greet"})
    assert responses(dispatcher) == ["utter_checkin_saved", "utter_checkin_what_now"]
    assert slots_of(events) == {"checkin_answer": None, "checkin_state": None, "checkin_on": None}


def test_finishing_picks_up_the_request_that_opened_it(journal, tiny_knowledge, dispatcher, domain):
    finish(journal, tiny_knowledge, dispatcher, domain, {"text": "find me a programme", "intent": "find_programme"})
    said = dispatcher.messages[-2]
    assert said["response"] == "utter_checkin_earlier_message" and said["words"] == "find me a programme"


def test_finishing_answers_the_question_that_opened_it(journal, tiny_knowledge, dispatcher, domain):
    question = next(iter(tiny_knowledge.kb.entries.values())).questions[0]
    events = finish(journal, tiny_knowledge, dispatcher, domain, {"text": question, "intent": "ask_question"})
    assert "Source:" in dispatcher.messages[-1]["text"]
    assert slots_of(events)["knowledge_entry"]


# The leader stays in charge --------------------------------------------------------------------

def test_show_commitments_lists_them_with_dates_and_status(journal, dispatcher, domain):
    done = journal().add_commitment("leader-1", "Call Sam", DUE)
    journal().record_checkin("leader-1", done, "done")
    journal().add_commitment("leader-1", "Book the ICB", LATER)
    events = run(ActionShowCommitments(journal=journal, clock=lambda: REAL_TODAY), dispatcher,
                 tracker_for("show my commitments"), domain)
    listed = dispatcher.messages[-1]["commitments"].splitlines()
    assert listed[0].startswith('- "Book the ICB", by ' + spoken_date(LATER, REAL_TODAY))
    assert "I'll check in on or after" in listed[0]
    assert listed[1] == f'- "Call Sam", by {spoken_date(DUE, REAL_TODAY)}: done'
    assert slots_of(events)["checkin_on"] == LATER.isoformat()


def test_show_commitments_when_there_are_none(journal, dispatcher, domain):
    run(ActionShowCommitments(journal=journal), dispatcher, tracker_for("what have I committed to?"), domain)
    assert responses(dispatcher) == ["utter_commitments_empty"]


def test_a_question_heard_as_show_commitments_goes_to_the_understanding_step(journal, dispatcher, domain):
    """'why would NHSE ever agree to that' names no owner and is no command: not the leader's data."""
    events = run(ActionShowCommitments(journal=journal), dispatcher, tracker_for("why would NHSE ever agree to that"), domain)
    assert dispatcher.messages == []
    assert events == [{"event": "followup", "timestamp": None, "name": "action_answer_question"}]


def test_stop_and_start_check_ins(journal, dispatcher, domain):
    journal().add_commitment("leader-1", "Call Sam", DUE)
    events = run(ActionStopCheckins(journal=journal), dispatcher, tracker_for("stop check-ins"), domain)
    assert slots_of(events) == {"checkin_on": None} and not journal().get_preferences("leader-1").checkins_enabled
    events = run(ActionStartCheckins(journal=journal), dispatcher, tracker_for("x"), domain)
    assert slots_of(events) == {"checkin_on": DUE.isoformat()} and journal().get_preferences("leader-1").checkins_enabled
    assert responses(dispatcher) == ["utter_checkins_stopped", "utter_checkins_started"]


def test_teams_reminders_only_from_teams(journal, dispatcher, domain):
    run(ActionTeamsRemindersOn(journal=journal), dispatcher, tracker_for("remind me in Teams", channel="rest"), domain)
    assert not journal().get_preferences("leader-1").teams_reminders
    run(ActionTeamsRemindersOn(journal=journal), dispatcher, tracker_for("remind me in Teams", channel="teams"), domain)
    assert journal().get_preferences("leader-1").teams_reminders
    assert responses(dispatcher) == ["utter_teams_reminders_elsewhere", "utter_teams_reminders_on"]


def test_forget_me_deletes_commitments_and_resets_every_slot(journal, dispatcher, domain):
    journal().add_commitment("leader-1", "Call Sam", DUE)
    events = run(ActionConfirm(journal=journal), dispatcher, tracker_for("yes", "affirm", slots={"pending_confirmation": "forget"}), domain)
    assert journal().list_commitments("leader-1") == []
    assert events[-1]["event"] == "restart"  # Rasa resets every slot, checkin_* included


def test_a_reply_after_the_session_ended_the_form_still_answers_the_check_in(talk, journal, tiny_knowledge, dispatcher, domain):
    # Rasa ends active forms with the session; the state slot carries over, so the policy
    # predicts action_checkin_open, which takes the message as the answer.
    action = opener(journal, tiny_knowledge)
    events = run(action, dispatcher, tracker_for("Done", "affirm", slots={"checkin_state": talk.state}), domain)
    assert talk.row.status == "done" and talk.row.asked_at is not None
    assert slots_of(events)["checkin_state"]["stage"] == "helped"
    assert events[-1]["name"] == "checkin_form"
    events = run(action, dispatcher, tracker_for("Skip", slots={"checkin_state": {**talk.state, "stage": "next", "outcome": "done"}}), domain)
    assert slots_of(events)["checkin_answer"] == "ended" and events[-1]["name"] == "action_finish_checkin"


def test_starting_again_keeps_the_next_check_in(exercises, journal, dispatcher, domain):
    from actions.checkins import ActionRestart

    journal().add_commitment("leader-1", "Call Sam", DUE, exercise_id=EXERCISE)
    events = run(ActionRestart(journal=journal), dispatcher, tracker_for("start again", "restart"), domain)
    assert [event["event"] for event in events] == ["restart", "slot"]  # the slot is set after the reset
    assert slots_of(events)["checkin_on"] is not None
    assert responses(dispatcher) == ["utter_restart"]


def test_starting_again_with_nothing_to_check_in_on_leaves_the_slot_empty(journal, dispatcher, domain):
    from actions.checkins import ActionRestart

    events = run(ActionRestart(journal=journal), dispatcher, tracker_for("start again", "restart"), domain)
    assert slots_of(events) == {"checkin_on": None}


def test_start_again_in_a_check_in_asks_with_yes_and_no_and_a_yes_asks_how_it_went(talk, domain):
    talk.say("Partly")
    talk.say("start again")
    ask = ActionAskCheckinAnswer(journal=talk.journal, clock=lambda: LATER)
    run(ask, talk.dispatcher, tracker_for("x", slots={"checkin_state": talk.state}), domain)
    assert talk.dispatcher.messages[-1]["response"] == "utter_confirm_restart_checkin"
    buttons = domain["responses"]["utter_confirm_restart_checkin"][0]["buttons"]
    assert [b["payload"] for b in buttons] == ["yes", "no"]  # typed words: the form reads them
    talk.say("yes")
    assert talk.dispatcher.messages[-1]["response"] == "utter_checkin_restarted"
    run(ask, talk.dispatcher, tracker_for("x", slots={"checkin_state": talk.state}), domain)
    assert talk.dispatcher.messages[-1]["response"] == "utter_checkin_question" and talk.ended is None
    talk.say("Done")
    assert talk.row.status == "done"  # the new answer is the one kept
