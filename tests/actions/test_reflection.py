"""Reflection actions with real Trackers: the exercises are the real content, the journal a
temporary SQLite database."""
import asyncio
import json

import pytest

from actions.journal import (
    ActionConfirm,
    ActionDeny,
    ActionExportJournal,
    ActionOpenReflection,
    ActionShowJournal,
)
from actions.reflection import (
    ActionAskReflectionAnswer,
    ActionFinishReflection,
    ActionResumeReflection,
    ActionStartReflection,
    ValidateReflectionForm,
)
from bot import coaching
from tests.actions.conftest import action_event, make_tracker, user_event

EXERCISE = "cross-boundary-challenge"


def tracker_for(text, intent="start_reflection", slots=None, entities=None, confidence=0.9, sender="leader-1"):
    event = user_event(text, intent, confidence)
    event["parse_data"]["entities"] = entities or []
    return make_tracker([action_event("action_listen"), event], sender_id=sender, slots=slots)


def run(action, dispatcher, tracker, domain):
    return asyncio.run(action.run(dispatcher, tracker, domain))


def slots_of(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def validate(exercises, knowledge, dispatcher, domain, state, text, intent="ask_question", confidence=0.5):
    action = ValidateReflectionForm(knowledge=lambda: knowledge, exercises=exercises)
    tracker = tracker_for(text, intent, slots={"reflection_state": state}, confidence=confidence)
    return asyncio.run(action.validate_reflection_answer(text, dispatcher, tracker, domain))


def test_a_chosen_exercise_starts_with_its_introduction_and_the_controls(exercises, tiny_knowledge, dispatcher, domain):
    action = ActionStartReflection(knowledge=lambda: tiny_knowledge, exercises=exercises)
    tracker = tracker_for('/start_reflection{"exercise": "failing-well"}', entities=[{"entity": "exercise", "value": "failing-well"}])
    events = run(action, dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].startswith("**Failing well")
    assert dispatcher.messages[1]["response"] == "utter_reflection_controls"
    assert slots_of(events)["reflection_state"]["exercise"] == "failing-well"
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "reflection_form"}


def test_reflect_on_this_theme_typed_under_an_answer_starts_that_answers_exercise(exercises, dispatcher, domain):
    from bot.config import ROOT
    from bot.knowledge import Knowledge
    from bot.knowledge.loader import load_knowledge

    real = Knowledge(kb=load_knowledge(ROOT / "knowledge"), index=None)  # the typed title needs no search
    action = ActionStartReflection(knowledge=lambda: real, exercises=exercises)
    tracker = tracker_for("reflect on this theme", slots={"knowledge_entry": "failing-well"})
    events = run(action, dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].startswith("**Failing well")
    assert slots_of(events)["reflection_state"]["exercise"] == "failing-well"


def test_words_that_fit_an_exercise_start_it(exercises, tiny_knowledge, dispatcher, domain):
    action = ActionStartReflection(knowledge=lambda: tiny_knowledge, exercises=exercises)
    events = run(action, dispatcher, tracker_for("I want to reflect on a challenge"), domain)
    assert slots_of(events)["reflection_state"]["exercise"] == EXERCISE


def test_a_coach_to_find_heard_as_coaching_goes_to_the_finder_not_the_menu(exercises, tiny_knowledge, dispatcher,
                                                                           domain):
    action = ActionStartReflection(knowledge=lambda: tiny_knowledge, exercises=exercises)
    events = run(action, dispatcher, tracker_for("how do I find a coach through the NHS?"), domain)
    assert {"event": "followup", "timestamp": None, "name": "action_find_programme"} in events
    assert "utter_choose_exercise" not in [m.get("response") for m in dispatcher.messages]


def test_a_question_with_an_exercise_heard_as_coaching_gets_the_answer_then_the_exercise(
        exercises, tiny_knowledge, dispatcher, domain):
    action = ActionStartReflection(knowledge=lambda: tiny_knowledge, exercises=exercises)
    text = "what does system leadership mean and can we do the failing well exercise?"
    events = run(action, dispatcher, tracker_for(text), domain)
    assert dispatcher.messages[0]["text"].startswith("System leadership means leading across organisations")
    assert slots_of(events)["reflection_state"]["exercise"] == "failing-well"


def test_in_free_text_the_words_choose_the_exercise_not_an_entity_the_classifier_guessed(
        exercises, tiny_knowledge, dispatcher, domain):
    action = ActionStartReflection(knowledge=lambda: tiny_knowledge, exercises=exercises)
    guessed = [{"entity": "theme", "value": "enabling-environment"}]
    tracker = tracker_for("I'd like to reflect on whether I'm investing in relationships or just redesigning "
                          "structures", entities=guessed)
    events = run(action, dispatcher, tracker, domain)
    assert slots_of(events)["reflection_state"]["exercise"] == "relationships-before-structures"



def test_in_a_long_message_one_exercise_keyword_does_not_choose_the_exercise(tiny_knowledge, dispatcher, domain):
    from bot import coaching

    action = ActionStartReflection(knowledge=lambda: tiny_knowledge, exercises=coaching.get_exercises)
    tracker = tracker_for("I'd like to reflect on whether I'm investing in relationships or just redesigning "
                          "governance boards again")
    events = run(action, dispatcher, tracker, domain)
    assert slots_of(events)["reflection_state"]["exercise"] == "relationships-before-structures"


def test_something_not_ours_heard_as_an_exercise_is_declined_not_given_the_menu(exercises, tiny_knowledge, dispatcher,
                                                                                 domain):
    action = ActionStartReflection(knowledge=lambda: tiny_knowledge, exercises=exercises)
    run(action, dispatcher, tracker_for("how do i fill in my self assessment tax return"), domain)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_not_in_knowledge_base"]

def test_without_a_fit_the_exercises_are_offered_as_buttons(exercises, tiny_knowledge, dispatcher, domain):
    action = ActionStartReflection(knowledge=lambda: tiny_knowledge, exercises=exercises)
    events = run(action, dispatcher, tracker_for("coach me"), domain)
    assert slots_of(events) == {"pending_confirmation": "menu", "step_asks": 1.0}
    [message] = dispatcher.messages
    assert message["response"] == "utter_choose_exercise"
    assert len(message["buttons"]) == 6


def menu_reply(exercises, knowledge, dispatcher, domain, text, intent="ask_question", asks=1.0, confidence=0.9):
    action = ActionStartReflection(knowledge=lambda: knowledge, exercises=exercises)
    tracker = tracker_for(text, intent, slots={"pending_confirmation": "menu", "step_asks": asks}, confidence=confidence)
    return run(action, dispatcher, tracker, domain)


@pytest.mark.parametrize(("text", "exercise"), [
    ("the cross boundary one", "cross-boundary-challenge"), ("failing wel", "failing-well"),
    ("Failing well please", "failing-well"),
])
def test_the_menu_takes_a_near_title(exercises, tiny_knowledge, dispatcher, domain, text, exercise):
    events = menu_reply(exercises, tiny_knowledge, dispatcher, domain, text)
    assert slots_of(events)["reflection_state"]["exercise"] == exercise
    assert slots_of(events)["pending_confirmation"] is None


@pytest.mark.parametrize("text", ["no thanks", "stop", "nah", "not now", "skip"])
def test_the_menu_ends_politely_on_a_no_or_stop(exercises, tiny_knowledge, dispatcher, domain, text):
    events = menu_reply(exercises, tiny_knowledge, dispatcher, domain, text)
    assert slots_of(events) == {"pending_confirmation": None, "step_asks": None}
    assert [m["response"] for m in dispatcher.messages] == ["utter_menu_closed"]


def test_an_escape_at_the_menu_leaves_it_and_runs(exercises, tiny_knowledge, dispatcher, domain):
    events = menu_reply(exercises, tiny_knowledge, dispatcher, domain, "forget me")
    assert events[-1]["event"] == "followup" and events[-1]["name"] == "action_forget_me"


def test_a_question_at_the_menu_is_answered_and_the_menu_offered_again(exercises, tiny_knowledge, dispatcher, domain):
    events = menu_reply(exercises, tiny_knowledge, dispatcher, domain, "what is system leadership?", confidence=0.95)
    assert dispatcher.messages[0]["text"].startswith(tiny_knowledge.kb.entries["what-is-system-leadership"].answer[:20])
    assert dispatcher.messages[-1]["response"] == "utter_choose_exercise"
    assert slots_of(events)["step_asks"] == 2.0


def test_the_menu_is_asked_again_once_then_left(exercises, tiny_knowledge, dispatcher, domain):
    menu_reply(exercises, tiny_knowledge, dispatcher, domain, "hmm blah", intent="nonsense")
    assert dispatcher.messages[-1]["response"] == "utter_menu_reask"
    events = menu_reply(exercises, tiny_knowledge, dispatcher, domain, "hmm blah", intent="nonsense", asks=2.0)
    assert dispatcher.messages[-1]["response"] == "utter_menu_closed"
    assert slots_of(events)["pending_confirmation"] is None


@pytest.mark.parametrize("text", ["I think we should stop the pilot", "We need to go back to basics", "Skip-level meetings"])
def test_answers_are_kept_verbatim_even_with_control_words(exercises, tiny_knowledge, dispatcher, domain, text):
    state = coaching.start(exercises()[EXERCISE])
    slots = validate(exercises, tiny_knowledge, dispatcher, domain, state, text)
    assert slots["reflection_answer"] is None  # the form asks the next question
    assert slots["reflection_state"]["answers"]["challenge"] == text
    assert slots["reflection_state"]["pending"] == "goal"


@pytest.mark.parametrize("text, ended", [("stop", "stopped"), ("Pause please", "paused")])
def test_controls_on_their_own_end_the_form(exercises, tiny_knowledge, dispatcher, domain, text, ended):
    state = coaching.start(exercises()[EXERCISE])
    assert validate(exercises, tiny_knowledge, dispatcher, domain, state, text)["reflection_answer"] == ended


def test_skip_and_back_move_between_questions(exercises, tiny_knowledge, dispatcher, domain):
    state = coaching.start(exercises()[EXERCISE])
    state = validate(exercises, tiny_knowledge, dispatcher, domain, state, "skip")["reflection_state"]
    assert state["pending"] == "goal"
    state = validate(exercises, tiny_knowledge, dispatcher, domain, state, "go back")["reflection_state"]
    assert state["pending"] == "challenge"


def test_distress_in_an_answer_pauses_the_exercise(exercises, tiny_knowledge, dispatcher, domain):
    state = coaching.start(exercises()[EXERCISE])
    slots = validate(exercises, tiny_knowledge, dispatcher, domain, state, "honestly I can't cope with any of it")
    assert slots["reflection_answer"] == "distress"
    assert slots["reflection_state"]["status"] == "paused"


def test_a_confident_knowledge_question_is_answered_and_pauses(exercises, tiny_knowledge, dispatcher, domain):
    state = coaching.start(exercises()[EXERCISE])
    slots = validate(exercises, tiny_knowledge, dispatcher, domain, state,
                     "Where can I find peer support?", "ask_question", 0.97)
    assert dispatcher.messages[0]["text"].startswith("Peer support lets leaders learn")
    assert slots["reflection_answer"] == "interrupted"
    assert slots["knowledge_entry"] == "peer-support"  # the last answer now, for "why?" after it



def test_a_request_for_a_programme_mid_way_pauses_and_the_finder_answers(exercises, tiny_knowledge, dispatcher,
                                                                           domain):
    exercise = exercises()["failing-well"]
    text = "what leadership programmes are there for a ward sister"
    slots = validate(exercises, tiny_knowledge, dispatcher, domain, coaching.start(exercise), text, "ask_question", 0.6)
    assert slots["reflection_answer"] == "finder" and not slots["reflection_state"]["answers"]  # not taken as an answer
    finish = ActionFinishReflection(knowledge=lambda: tiny_knowledge)
    finish.exercises = exercises
    events = run(finish, dispatcher, tracker_for(text, slots={**slots}), domain)
    assert dispatcher.messages[-1]["response"] == "utter_reflection_paused"
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "action_find_programme"}

def test_a_score_in_words_is_taken_and_said_back(exercises, tiny_knowledge, dispatcher, domain):
    exercise = exercises()["six-characteristics"]
    slots = validate(exercises, tiny_knowledge, dispatcher, domain, coaching.start(exercise), "quite good really")
    assert slots["reflection_state"]["answers"] == {"shared": "quite good really"}
    assert dispatcher.messages[0] == {**dispatcher.messages[0], "response": "utter_scale_noted", "score": "4"}


def test_a_score_that_cannot_be_read_is_asked_again_then_skipped_keeping_the_words(
        exercises, tiny_knowledge, dispatcher, domain):
    exercise = exercises()["six-characteristics"]
    first = validate(exercises, tiny_knowledge, dispatcher, domain, coaching.start(exercise), "hmm, depends on the day")
    assert first["reflection_answer"] is None and first["reflection_state"]["pending"] == "shared"
    ask = ActionAskReflectionAnswer(knowledge=lambda: tiny_knowledge)
    ask.exercises = exercises
    run(ask, dispatcher, tracker_for("x", slots={"reflection_state": first["reflection_state"]}), domain)
    assert [m.get("response") for m in dispatcher.messages][:1] == ["utter_step_reask_scale"]
    titles = [b["title"] for b in dispatcher.messages[1]["buttons"]]
    assert titles[-2:] == ["Skip", "Stop"] and len(titles) == 7
    second = validate(exercises, tiny_knowledge, dispatcher, domain, first["reflection_state"], "it varies")
    state = second["reflection_state"]
    assert state["pending"] != "shared" and "shared" in state["skipped"]
    assert state["notes"] == {"shared": "it varies"}
    assert "utter_step_moved_on" in [m.get("response") for m in dispatcher.messages]


@pytest.mark.parametrize(("text", "action"), [
    ("forget me", "action_forget_me"), ("show my reflections", "action_show_journal"),
    ("show my commitments", "action_show_commitments"), ("stop check-ins", "action_stop_checkins"),
    ("export my data", "action_export_journal"),
])
def test_an_escape_pauses_the_exercise_and_runs_its_action(exercises, tiny_knowledge, dispatcher, domain, text, action):
    exercise = exercises()["six-characteristics"]
    slots = validate(exercises, tiny_knowledge, dispatcher, domain, coaching.start(exercise), text)
    assert slots["reflection_state"]["status"] == "paused"
    finish = ActionFinishReflection(knowledge=lambda: tiny_knowledge)
    finish.exercises = exercises
    events = run(finish, dispatcher, tracker_for("x", slots={**slots}), domain)
    assert events[-1]["name"] == action and events[-1]["event"] == "followup"


@pytest.mark.parametrize("text, other", [
    ("wait no i wanted the middle managers exercise, sorry", "middle-managers"),
    ("no not that one, the one about failure", "failing-well"),
    ("actually can we do the one about the environment around me instead", "enabling-environment"),
    ("actually no i meant rate my organisation's environment, not me", "enabling-environment"),
])
def test_asking_for_another_exercise_mid_way_starts_that_one(exercises, tiny_knowledge, dispatcher, domain,
                                                             text, other):
    exercise = exercises()["six-characteristics"]
    slots = validate(exercises, tiny_knowledge, dispatcher, domain, coaching.start(exercise), text)
    assert slots["reflection_answer"] == f"switch:{other}"
    finish = ActionFinishReflection(knowledge=lambda: tiny_knowledge)
    finish.exercises = exercises
    events = run(finish, dispatcher, tracker_for(text, slots={**slots}), domain)
    assert dispatcher.messages[0]["response"] == "utter_reflection_switched"
    assert dispatcher.messages[1]["text"].startswith(f"**{exercises()[other].title}**")
    assert slots_of(events)["reflection_state"]["exercise"] == other
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "reflection_form"}


def test_an_answer_that_mentions_another_exercises_topic_is_an_answer(exercises, tiny_knowledge, dispatcher, domain):
    exercise = exercises()["failing-well"]
    text = "I wanted the middle managers to lead it but they never had the time"
    slots = validate(exercises, tiny_knowledge, dispatcher, domain, coaching.start(exercise), text)
    assert slots["reflection_state"]["answers"] and not str(slots.get("reflection_answer") or "").startswith("switch")


def test_start_again_inside_an_exercise_asks_first(exercises, tiny_knowledge, dispatcher, domain):
    exercise = exercises()["six-characteristics"]
    state = coaching.answer(exercise, coaching.start(exercise), "3").state
    asked = validate(exercises, tiny_knowledge, dispatcher, domain, state, "start again")["reflection_state"]
    assert asked["restart"] is True and asked["answers"] == {"shared": "3"}
    kept = validate(exercises, tiny_knowledge, dispatcher, domain, asked, "no")["reflection_state"]
    assert kept["answers"] == {"shared": "3"} and "restart" not in kept
    again = validate(exercises, tiny_knowledge, dispatcher, domain, asked, "yes please")["reflection_state"]
    assert again["answers"] == {} and again["pending"] == "shared"


def completed_state(exercise):
    state = coaching.start(exercise)
    while not coaching.is_complete(state):
        question = coaching.prompt(exercise, state)
        state = coaching.answer(exercise, state, "4" if question.kind == "scale" else f"my answer to {question.step_id}").state
    return state


def test_finishing_shows_the_summary_in_their_words_and_offers_to_save(exercises, tiny_knowledge, dispatcher, domain):
    state = completed_state(exercises()[EXERCISE])
    action = ActionFinishReflection(knowledge=lambda: tiny_knowledge)
    action.exercises = exercises
    tracker = tracker_for("x", slots={"reflection_state": state, "reflection_answer": "completed"})
    events = run(action, dispatcher, tracker, domain)
    texts = [m.get("text") or m.get("response") for m in dispatcher.messages]
    assert "my answer to challenge" in texts[1] and "my answer to first_step" in texts[1]
    assert texts[-1] == "utter_offer_save"
    assert slots_of(events)["pending_confirmation"] == "save"


def test_save_share_list_open_and_export(exercises, journal, dispatcher, domain):
    state = completed_state(exercises()[EXERCISE])
    confirm = ActionConfirm(journal=journal, exercises=exercises)
    events = run(confirm, dispatcher, tracker_for("yes", "affirm", slots={"reflection_state": state, "pending_confirmation": "save"}), domain)
    pending = slots_of(events)["pending_confirmation"]
    assert pending.startswith("share:")
    run(confirm, dispatcher, tracker_for("yes", "affirm", slots={"pending_confirmation": pending}), domain)
    assert dispatcher.messages[-1]["response"] == "utter_reflection_shared"
    assert journal().shared_reflections()[0].summary.startswith("Your challenge: my answer to challenge")

    run(ActionShowJournal(journal=journal), dispatcher, tracker_for("my journal", "show_journal"), domain)
    assert dispatcher.messages[-1]["buttons"][0]["title"].endswith("A cross-boundary challenge")
    run(ActionOpenReflection(journal=journal), dispatcher, tracker_for("open my latest reflection", "open_reflection"), domain)
    assert "my answer to options" in dispatcher.messages[-1]["text"]
    run(ActionExportJournal(journal=journal), dispatcher, tracker_for("export", "export_journal"), domain)
    document, markdown, data = dispatcher.messages[-3:]
    assert "my answer to goal" in document["text"]
    assert [markdown["custom"]["filename"], data["custom"]["filename"]] == ["my-data.md", "my-data.json"]
    assert markdown["custom"]["content"] == document["text"]
    exported = json.loads(data["custom"]["content"])
    assert exported["choices"]["shared_reflections"] == [int(pending.removeprefix("share:"))]
    questions = [step.prompt for step in exercises()[EXERCISE].steps]
    assert [a["question"] for a in exported["reflections"][0]["answers"]][:2] == questions[:2]
    for question in questions[:2]:  # each step's own question heads its answer, not its id
        assert f"**{' '.join(question.split())}**" in document["text"]
    assert "**goal**" not in document["text"] and "**challenge**" not in document["text"]
    assert document["text"].count("my answer to goal") == 1  # the reflection once, not summary + answers


def test_another_leader_cannot_open_my_reflection(exercises, journal, dispatcher, domain):
    mine = journal().save_reflection("leader-1", EXERCISE, "Mine", "private words", {"challenge": "x"})
    tracker = tracker_for("/open_reflection", "open_reflection", sender="leader-2",
                          entities=[{"entity": "reflection_id", "value": str(mine)}])
    run(ActionOpenReflection(journal=journal), dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_reflection_not_found"]
    assert all("private words" not in (m.get("text") or "") for m in dispatcher.messages)


def test_forget_me_deletes_the_journal_and_marks_the_turn_for_the_tracker_store(exercises, journal, dispatcher, domain):
    journal().save_reflection("leader-9", EXERCISE, "Mine", "words", {})
    events = run(ActionConfirm(journal=journal), dispatcher, tracker_for("yes", "affirm", sender="leader-9",
                 slots={"pending_confirmation": "forget"}), domain)
    assert journal().list_reflections("leader-9") == []
    assert slots_of(events)["forgotten"] is True
    assert events[-1]["event"] == "restart"


def test_yes_or_no_without_a_question_deletes_nothing(exercises, journal, dispatcher, domain):
    journal().save_reflection("leader-3", EXERCISE, "Mine", "words", {})
    run(ActionConfirm(journal=journal), dispatcher, tracker_for("yes", "affirm", sender="leader-3"), domain)
    run(ActionDeny(journal=journal), dispatcher, tracker_for("no", "deny", sender="leader-3"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_nothing_to_confirm", "utter_anything_else"]
    assert len(journal().list_reflections("leader-3")) == 1


def test_a_question_taken_for_a_yes_with_nothing_pending_goes_to_the_answer(exercises, journal, dispatcher, domain):
    events = run(ActionConfirm(journal=journal), dispatcher, tracker_for("who did it?", "affirm"), domain)
    assert dispatcher.messages == []
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "action_answer_question"}


def test_resume_continues_a_paused_exercise(exercises, tiny_knowledge, dispatcher, domain):
    exercise = exercises()[EXERCISE]
    paused = coaching.pause(exercise, coaching.start(exercise)).state
    action = ActionResumeReflection(knowledge=lambda: tiny_knowledge)
    action.exercises = exercises
    events = run(action, dispatcher, tracker_for("continue my reflection", "resume_reflection", slots={"reflection_state": paused}), domain)
    assert slots_of(events)["reflection_state"]["status"] == "active"
    assert events[-1]["name"] == "reflection_form"


def test_the_request_that_started_a_reflection_is_not_its_first_answer(exercises, tiny_knowledge, dispatcher, domain):
    state = coaching.start(exercises()[EXERCISE])
    action = ValidateReflectionForm(knowledge=lambda: tiny_knowledge, exercises=exercises)
    event = user_event("I want to reflect on a challenge", "start_reflection")
    tracker = make_tracker([action_event("action_listen"), event, action_event("action_start_reflection")],
                           slots={"reflection_state": state})
    result = asyncio.run(action.validate_reflection_answer("I want to reflect on a challenge", dispatcher, tracker, domain))
    assert result == {"reflection_answer": None}


def test_a_request_to_reflect_classified_as_the_journal_starts_a_reflection(journal, dispatcher, domain):
    events = run(ActionShowJournal(journal=journal), dispatcher, tracker_for("can I do a quick reflection", "show_journal"), domain)
    assert events == [{"event": "followup", "timestamp": None, "name": "action_start_reflection"}]
    assert dispatcher.messages == []


def confirm_reply(journal, knowledge, dispatcher, domain, text, pending="save", asks=1.0, intent="ask_question"):
    action = ActionConfirm(journal=journal, knowledge=lambda: knowledge)
    tracker = tracker_for(text, intent, slots={"pending_confirmation": pending, "step_asks": asks}, confidence=0.95)
    return run(action, dispatcher, tracker, domain)


def test_a_question_at_a_confirmation_is_answered_then_the_question_asked_again_once(
        journal, tiny_knowledge, dispatcher, domain):
    events = confirm_reply(journal, tiny_knowledge, dispatcher, domain, "what is system leadership?", pending="forget")
    assert dispatcher.messages[0]["text"].startswith(tiny_knowledge.kb.entries["what-is-system-leadership"].answer[:20])
    assert dispatcher.messages[-1]["response"] == "utter_confirm_forget"
    assert slots_of(events) == {"step_asks": 2.0}
    events = confirm_reply(journal, tiny_knowledge, dispatcher, domain, "hmm", pending="forget", asks=2.0)
    assert dispatcher.messages[-1]["response"] == "utter_confirm_dropped"
    assert slots_of(events)["pending_confirmation"] is None


@pytest.mark.parametrize("text", ["nah", "no thanks", "stop"])
def test_a_no_in_words_at_a_confirmation_declines(journal, tiny_knowledge, dispatcher, domain, text):
    confirm_reply(journal, tiny_knowledge, dispatcher, domain, text, pending="forget", intent="deny")
    assert [m["response"] for m in dispatcher.messages] == ["utter_forget_cancelled"]


def test_an_escape_at_a_confirmation_leaves_it_and_runs(journal, tiny_knowledge, dispatcher, domain):
    events = confirm_reply(journal, tiny_knowledge, dispatcher, domain, "show my commitments", pending="share:4")
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "action_show_commitments"}
    assert slots_of(events)["pending_confirmation"] is None


def test_an_escape_at_the_save_offer_runs_and_a_later_yes_still_saves(journal, tiny_knowledge, dispatcher, domain):
    events = confirm_reply(journal, tiny_knowledge, dispatcher, domain, "show my commitments")
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "action_show_commitments"}
    assert "pending_confirmation" not in slots_of(events)  # the reflection is not lost


def save_offer_reply(exercises, journal, dispatcher, domain, text, intent="ask_question"):
    state = coaching.set_commitment_date(completed_state(exercises()[EXERCISE]), "2026-12-11")
    action = ActionConfirm(journal=journal, exercises=exercises)
    tracker = tracker_for(text, intent, slots={"reflection_state": state, "pending_confirmation": "save", "step_asks": 1.0})
    return state, run(action, dispatcher, tracker, domain)


def test_back_at_the_save_offer_goes_back_to_the_last_question_keeping_the_answers(exercises, journal, dispatcher, domain):
    done, events = save_offer_reply(exercises, journal, dispatcher, domain, "back")
    reopened = slots_of(events)["reflection_state"]
    assert reopened["status"] == "active" and reopened["answers"] == done["answers"]
    assert reopened["pending"] == "confidence"  # the exercise's last question
    assert slots_of(events)["pending_confirmation"] is None
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "reflection_form"}
    assert journal().list_reflections("leader-1") == [] and dispatcher.messages == []
    asked = ActionAskReflectionAnswer(knowledge=lambda: None)
    asked.exercises = exercises
    run(asked, dispatcher, tracker_for("back", slots={"reflection_state": reopened}), domain)
    assert dispatcher.messages[-1]["text"] == coaching.prompt(exercises()[EXERCISE], reopened).text


def test_start_again_at_the_save_offer_asks_before_clearing_anything(exercises, journal, dispatcher, domain):
    done, events = save_offer_reply(exercises, journal, dispatcher, domain, "start again")
    reopened = slots_of(events)["reflection_state"]
    assert reopened["restart"] is True and reopened["answers"] == done["answers"]
    assert events[-1]["name"] == "reflection_form"


def test_later_at_the_save_offer_keeps_it_open_and_i_m_back_asks_it_again(exercises, journal, dispatcher, domain):
    _, events = save_offer_reply(exercises, journal, dispatcher, domain, "later")
    assert [m["response"] for m in dispatcher.messages] == ["utter_save_offer_kept"]
    assert "pending_confirmation" not in slots_of(events) and "reflection_state" not in slots_of(events)
    _, events = save_offer_reply(exercises, journal, dispatcher, domain, "I'm back, where was I?")
    assert dispatcher.messages[-1]["response"] == "utter_offer_save"
    assert "pending_confirmation" not in slots_of(events)
