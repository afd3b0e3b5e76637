"""SafetyPolicy with real Rasa trackers and the real domain (no model, no servers)."""
import pytest
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa.safety_policy import SAFETY_ACTION, SafetyPolicy


@pytest.fixture
def policy(make_policy):
    return make_policy(SafetyPolicy)


def tracker(domain, text, intent="goodbye", *before):
    events = [ActionExecuted("action_listen"), *before, UserUttered(text, {"name": intent, "confidence": 0.95})]
    return DialogueStateTracker.from_events("leader-1", events, domain.slots)


def predicted(policy, domain, tracker_):
    probabilities = policy.predict_action_probabilities(tracker_, domain).probabilities
    return {domain.action_names_or_texts[i] for i, p in enumerate(probabilities) if p > 0}


@pytest.mark.parametrize("text, intent", [
    ("Goodbye everyone. I'm sorry it came to this", "goodbye"),
    ("thanks. I can't cope any more", "thank"),
    ("yes, and honestly I'm completely burnt out", "affirm"),
    ("what dose of paracetamol should I take?", "ask_question"),
])
def test_safety_comes_first_whatever_the_intent(policy, domain, text, intent):
    prediction = policy.predict_action_probabilities(tracker(domain, text, intent), domain)
    assert predicted(policy, domain, tracker(domain, text, intent)) == {SAFETY_ACTION}
    assert prediction.max_confidence == 1.0 and prediction.policy_priority > 7  # above CheckinPolicy


@pytest.mark.parametrize("text", ["Goodbye for now", "this workload is killing me", "/distress",
                                  "I feel this framework is all aimed at chief execs"])
def test_nothing_for_ordinary_words_strain_idioms_or_buttons(policy, domain, text):
    assert predicted(policy, domain, tracker(domain, text, "ask_question")) == set()


def test_inside_a_form_the_form_runs_its_own_safety_step(policy, domain):
    t = tracker(domain, "I can't cope any more", "distress", ActiveLoop("reflection_form"))
    assert predicted(policy, domain, t) == set()


def test_after_the_safety_reply_it_listens(policy, domain):
    t = tracker(domain, "I can't cope any more", "thank")
    t.update(ActionExecuted(SAFETY_ACTION))
    t.update(BotUttered("...", metadata={"utter_action": "utter_distress_support"}))
    assert predicted(policy, domain, t) == {"action_listen"}
