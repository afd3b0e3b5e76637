"""CheckinPolicy with real Rasa trackers and the real domain (no model, no servers)."""
from datetime import date

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.core.events import ActionExecuted, ActionReverted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa import checkin_policy
from bot.rasa.checkin_policy import OPEN_ACTION, CheckinPolicy, is_due, should_open

TODAY = date(2026, 12, 4)


@pytest.fixture
def policy(make_policy):
    return make_policy(CheckinPolicy)


def tracker(domain, *events, checkin_on="2026-12-04", intent="ask_question"):
    history = [ActionExecuted("action_listen")]
    if checkin_on is not None:
        history.append(SlotSet("checkin_on", checkin_on))
    history += [*events] if events else [UserUttered("what is system leadership?", {"name": intent, "confidence": 0.9})]
    return DialogueStateTracker.from_events("leader-1", history, domain.slots)


def predicted(policy, domain, tracker_):
    probabilities = policy.predict_action_probabilities(tracker_, domain).probabilities
    return {domain.action_names_or_texts[i] for i, p in enumerate(probabilities) if p > 0}


@pytest.mark.parametrize("value, due", [("2026-12-04", True), ("2026-12-01", True), ("2026-12-05", False),
                                        (None, False), ("", False), ("not a date", False), (5, False)])
def test_is_due(value, due):
    assert is_due(value, TODAY) is due


def test_a_due_check_in_comes_before_anything_else_at_the_start_of_a_turn(policy, domain, monkeypatch):
    monkeypatch.setattr(checkin_policy, "today", lambda: TODAY)
    prediction = policy.predict_action_probabilities(tracker(domain), domain)
    assert predicted(policy, domain, tracker(domain)) == {OPEN_ACTION}
    assert prediction.max_confidence == 1.0 and prediction.policy_priority > 6  # above RulePolicy


@pytest.mark.parametrize("checkin_on", ["2026-12-05", None])
def test_nothing_when_no_check_in_is_due(policy, domain, monkeypatch, checkin_on):
    monkeypatch.setattr(checkin_policy, "today", lambda: TODAY)
    assert predicted(policy, domain, tracker(domain, checkin_on=checkin_on)) == set()


@pytest.mark.parametrize("intent", ["distress", "stop_checkins", "forget_me", "restart", "EXTERNAL_checkin_due"])
def test_messages_that_must_come_first_are_never_held_up(domain, intent):
    assert should_open(tracker(domain, intent=intent), TODAY) is False


def test_only_at_the_start_of_a_turn_so_a_handed_back_message_is_not_opened_twice(domain):
    message = UserUttered("hello", {"name": "greet", "confidence": 0.9})
    assert should_open(tracker(domain, message), TODAY)
    opened = tracker(domain, message, ActionExecuted(OPEN_ACTION), ActionReverted(), SlotSet("checkin_on", None))
    assert not should_open(opened, TODAY)
    assert not should_open(tracker(domain, message, ActionExecuted("utter_greet")), TODAY)


def test_never_inside_a_form(domain):
    events = [ActiveLoop("reflection_form"), UserUttered("my answer", {"name": "affirm", "confidence": 0.9})]
    assert not should_open(tracker(domain, *events), TODAY)


def test_the_clock_override_applies(domain, monkeypatch):
    monkeypatch.setenv("COACH_TODAY", "2026-12-10")
    assert should_open(tracker(domain, checkin_on="2026-12-09"), checkin_policy.today())
    monkeypatch.setenv("COACH_TODAY", "2026-12-08")
    assert not should_open(tracker(domain, checkin_on="2026-12-09"), checkin_policy.today())


def test_training_stores_nothing_and_the_policy_loads(policy, domain, tmp_path):
    resource = policy.train([], domain)
    storage = LocalModelStorage(tmp_path)
    loaded = CheckinPolicy.load(CheckinPolicy.get_default_config(), storage, resource,
                                ExecutionContext(GraphSchema({}), "test"))
    assert loaded.priority == policy.priority


def test_an_unfinished_check_in_carries_on_after_the_session_ended_its_form(domain):
    events = [SlotSet("checkin_state", {"id": 1, "stage": "outcome"}), UserUttered("Done", {"name": "affirm", "confidence": 0.9})]
    assert should_open(tracker(domain, *events, checkin_on=None), TODAY)
    finished = [SlotSet("checkin_state", {"id": 1, "stage": None}), UserUttered("hi", {"name": "greet", "confidence": 0.9})]
    assert not should_open(tracker(domain, *finished, checkin_on=None), TODAY)


def test_the_proactive_intent_waits_while_a_form_runs(policy, domain):
    external = UserUttered.create_external("EXTERNAL_checkin_due", [])
    assert predicted(policy, domain, tracker(domain, ActiveLoop("reflection_form"), external)) == {"action_listen"}
    assert predicted(policy, domain, tracker(domain, external, checkin_on=None)) == set()


@pytest.mark.parametrize("text, kept", [
    ("Convene them; ask the ICB to lead", True),
    ("I think we should stop the pilot and start again with both teams", True),
    ("start again", True),  # the form asks first, then restarts the exercise (bot.steps, Control.RESTART)
    ("reset the conversation", True),
    ("/restart", False),  # the button means what it says
])
def test_inside_a_verbatim_form_an_answer_classified_restart_stays_an_answer(policy, domain, text, kept):
    events = [ActiveLoop("reflection_form"), UserUttered(text, {"name": "restart", "confidence": 0.6})]
    assert predicted(policy, domain, tracker(domain, *events, checkin_on=None)) == ({"reflection_form"} if kept else set())


def test_start_again_at_the_finders_question_goes_to_the_finder_not_a_restart(policy, domain):
    events = [ActiveLoop("finder_form"), UserUttered("start again", {"name": "restart", "confidence": 0.9})]
    assert predicted(policy, domain, tracker(domain, *events, checkin_on=None)) == {"finder_form"}
