"""StepPolicy with real Rasa trackers and the real domain (no model, no servers)."""
import pytest
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa.step_policy import StepPolicy


@pytest.fixture
def policy(make_policy):
    return make_policy(StepPolicy)


def tracker(domain, text, *slots, intent="ask_question", after=()):
    history = [ActionExecuted("action_listen"), *slots, UserUttered(text, {"name": intent, "confidence": 0.9}), *after]
    return DialogueStateTracker.from_events("leader-1", history, domain.slots)


def predicted(policy, domain, tracker_):
    probabilities = policy.predict_action_probabilities(tracker_, domain).probabilities
    return {domain.action_names_or_texts[i] for i, p in enumerate(probabilities) if p > 0}


MENU = SlotSet("pending_confirmation", "menu")
SAVE = SlotSet("pending_confirmation", "save")
PAUSED = SlotSet("reflection_state", {"exercise": "failing-well", "status": "paused", "pending": "x"})


@pytest.mark.parametrize("text", ["stop", "no thanks", "the cross boundary one", "what is system leadership?", "forget me"])
def test_every_typed_reply_to_the_menu_goes_to_the_menu(policy, domain, text):
    assert predicted(policy, domain, tracker(domain, text, MENU)) == {"action_start_reflection"}


@pytest.mark.parametrize("text", ["yeah go on", "nah", "stop", "forget me", "what is system leadership?"])
def test_a_reply_to_a_confirmation_goes_to_it(policy, domain, text):
    assert predicted(policy, domain, tracker(domain, text, SAVE)) == {"action_confirm"}


def test_a_request_for_something_else_at_a_confirmation_gets_its_usual_answer(policy, domain):
    assert predicted(policy, domain, tracker(domain, "find me a leadership programme", SAVE)) == set()


@pytest.mark.parametrize("text", ["I'm back", "where was I", "hi I'm back, can we carry on where I was"])
def test_back_resumes_a_paused_reflection(policy, domain, text):
    assert predicted(policy, domain, tracker(domain, text, PAUSED, intent="greet")) == {"action_resume_reflection"}


def test_nothing_inside_a_form_for_a_button_or_with_nothing_pending(policy, domain):
    assert predicted(policy, domain, tracker(domain, "stop", MENU, ActiveLoop("reflection_form"))) == set()
    assert predicted(policy, domain, tracker(domain, '/start_reflection{"exercise": "failing-well"}', MENU)) == set()
    assert predicted(policy, domain, tracker(domain, "I'm back")) == set()


def test_the_turn_ends_after_the_step_or_escape_action(policy, domain):
    done = tracker(domain, "forget me", MENU, after=[ActionExecuted("action_start_reflection"),
                                                     ActionExecuted("action_forget_me")])
    assert predicted(policy, domain, done) == {"action_listen"}


@pytest.mark.parametrize("handed_to", ["action_find_programme", "action_ask_programme", "action_start_reflection"])
def test_the_turn_ends_after_the_action_the_fallback_handed_the_message_to(policy, domain, handed_to):
    # "courses?" read as nlu_fallback: the fallback hands it to the finder, which answers; the
    # fallback's rule must not run again and send the whole list a second time.
    done = tracker(domain, "courses?", intent="nlu_fallback",
                   after=[ActionExecuted("action_handle_fallback"), ActionExecuted(handed_to)])
    assert predicted(policy, domain, done) == {"action_listen"}


@pytest.mark.parametrize("text", ["ta, gtg", "thanks, bye", "cheers gotta run", "thanks a million, got to go"])
def test_thanks_that_say_goodbye_get_the_goodbye_and_the_turn_ends(policy, domain, text):
    assert predicted(policy, domain, tracker(domain, text, intent="thank")) == {"utter_goodbye"}
    said = tracker(domain, text, intent="thank", after=[ActionExecuted("utter_goodbye")])
    assert predicted(policy, domain, said) == {"action_listen"}


@pytest.mark.parametrize("text", ["thanks!", "thank you, that's really useful", "cheers"])
def test_thanks_alone_are_left_to_the_rules(policy, domain, text):
    assert predicted(policy, domain, tracker(domain, text, intent="thank")) == set()


@pytest.mark.parametrize("text", ["what exercises have you got?", "any reflective exercises?", "can you coach me"])
def test_help_that_asks_for_exercises_gets_the_exercises(policy, domain, text):
    assert predicted(policy, domain, tracker(domain, text, intent="help")) == {"action_start_reflection"}


@pytest.mark.parametrize("text", ["what can you do?", "help"])
def test_help_in_general_is_left_to_the_rules(policy, domain, text):
    assert predicted(policy, domain, tracker(domain, text, intent="help")) == set()


@pytest.mark.parametrize("text", ["how?", "why so", "such as?"])
def test_help_that_follows_up_an_answer_goes_to_the_answer_and_then_the_turn_ends(policy, domain, text):
    answered = SlotSet("knowledge_entry", "what-is-system-leadership")
    assert predicted(policy, domain, tracker(domain, text, answered, intent="help")) == {"action_answer_question"}
    done = tracker(domain, text, answered, intent="help", after=[ActionExecuted("action_answer_question")])
    assert predicted(policy, domain, done) == {"action_listen"}


def test_help_with_no_answer_before_is_left_to_the_rules(policy, domain):
    assert predicted(policy, domain, tracker(domain, "how?", intent="help")) == set()


@pytest.mark.parametrize("intent, text", [
    ("greet", "So what do I actually do on Monday morning?"),
    ("help", "Which would you start with?"),
    ("show_commitments", "Thank you. I shall take this to committee. Good night."),
    ("restart", "reset my ESR password"),
    ("bot_challenge", "is the ICS the same thing as system leadership"),
    ("open_reflection", "where does the voluntary sector come in?? we always seem to get invited last"),
    ("export_journal", "what does SCIE say about shared budgets across the place"),
])
def test_an_intent_with_a_fixed_reply_the_words_do_not_say_goes_to_the_understanding_step(policy, domain, intent, text):
    assert predicted(policy, domain, tracker(domain, text, intent=intent)) == {"action_answer_question"}
    done = tracker(domain, text, intent=intent, after=[ActionExecuted("action_answer_question")])
    assert predicted(policy, domain, done) == {"action_listen"}


@pytest.mark.parametrize("intent, text", [
    ("greet", "hiya, ward sister here"), ("greet", "good morning"), ("help", "what can you do for me?"),
    ("help", "im a bit lost, how does this work"), ("show_commitments", "what did I commit to last time?"),
    ("stop_checkins", "please stop the reminders"), ("restart", "can we start again"),
    ("bot_challenge", "am I talking to a real person?"), ("forget_me", "please delete everything you hold on me"),
    ("open_reflection", "open the reflection I saved yesterday"), ("export_journal", "can I download my journal"),
])
def test_an_intent_the_words_say_is_left_to_its_rule(policy, domain, intent, text):
    assert predicted(policy, domain, tracker(domain, text, intent=intent)) == set()
