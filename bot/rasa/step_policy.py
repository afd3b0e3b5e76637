"""StepPolicy: a reply to a step that is not a form (the exercise menu, a yes/no confirmation)
goes to the action that asked it, and "I'm back" resumes a paused reflection.

A graph component registered in config.yml, at the start of a leader's turn (the latest user
message has had no action yet), outside forms, for typed messages only (a button's payload
means what it says). The forms read their own messages (actions/reflection.py and the others
call bot.steps.read_turn); this policy gives the same reading to the steps that are a single
question left in the `pending_confirmation` slot:

- `menu` (the exercise menu is shown): every typed message goes to `action_start_reflection`,
  which reads it as a choice, a no, a control, an escape or a question;
- `save`, `share:<id>`, `forget`: a yes, a no, a control, an escape or a question goes to
  `action_confirm`; anything else gets its usual answer, and the question stays open;
- nothing pending and a paused reflection: "I'm back", "where was I" resume it;
- thanks that also say goodbye ("ta, gtg") get the goodbye, not "you're welcome";
- a request for help that asks for exercises ("what exercises have you got?") gets the exercises,
  and one that follows up an answer ("how?") goes to the answer's action, which reads it with that answer;
- an intent whose rule gives a fixed reply (a hello, the help text, the commitments, check-ins,
  starting again) that the words do not say (bot.understanding.intents) goes to the understanding
  step (action_answer_question) instead.

After one of those actions, a global escape's action (bot.steps.escapes), or an action the
understanding step hands a message to (the finder, a programme's details: FollowupAction from
the fallback or another route), it predicts `action_listen`: the message's intent may be one that
no rule pairs with that action, and a rule for its intent would otherwise run its first action
again (the finder's whole list twice in one reply).

Safety comes first: SafetyPolicy has the higher priority, and a due check-in opens first
(CheckinPolicy), so this one stays silent when either would speak.
"""
from __future__ import annotations

import logging
from typing import Any

from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot import names, steps
from bot.checkins.clock import today
from bot.rasa.checkin_policy import EXTERNAL_PREFIX, action_this_turn, at_turn_start, should_open
from bot.rasa.untrained_policy import UntrainedPolicy
from bot.understanding.intents import WORD_EVIDENCED_INTENTS, carries_intent
from bot.understanding.understand import asks_for_exercise, is_follow_up_opener, is_leaving

logger = logging.getLogger(__name__)

PRIORITY = 7  # above RulePolicy (6); CheckinPolicy (7) is asked first, below
MENU = "menu"  # pending_confirmation while the exercise menu waits for a choice
CONFIRMATIONS = ("save", "share:", "forget")
# After these the turn is over (a FollowupAction they return still comes first): predicted
# here, since the message's intent may be one no rule pairs with them.
ENDS_TURN = frozenset({names.ACTION_CONFIRM, names.ACTION_START_REFLECTION, names.ACTION_RESUME_REFLECTION,
                       names.ACTION_FIND_PROGRAMME, names.ACTION_ASK_PROGRAMME, names.ACTION_MORE_PROGRAMMES,
                       names.UTTER_GOODBYE, *steps.ESCAPE_ACTIONS})
ANSWERED_AT_CONFIRMATION = frozenset({steps.Kind.ANSWER, steps.Kind.CONTROL, steps.Kind.ESCAPE, steps.Kind.QUESTION})


def step_action(tracker: DialogueStateTracker) -> str | None:
    """The action that should read the latest message (see the module docstring), or None."""
    message = at_turn_start(tracker)
    if message is None or tracker.active_loop_name:
        return None
    text = (message.text or "").strip()
    if not text or text.startswith("/") or (message.intent_name or "").startswith(EXTERNAL_PREFIX):
        return None
    if should_open(tracker, today()):
        return None
    pending = tracker.get_slot(names.PENDING_CONFIRMATION_SLOT) or ""
    if pending == MENU:
        return names.ACTION_START_REFLECTION
    if pending.startswith(CONFIRMATIONS):
        reading = steps.read_turn(steps.Step(steps.YES_NO), text, message.intent)
        return names.ACTION_CONFIRM if reading.kind in ANSWERED_AT_CONFIRMATION else None
    state = tracker.get_slot(names.REFLECTION_STATE_SLOT)
    if isinstance(state, dict) and state.get("status") == "paused" and steps.is_resume(text):
        return names.ACTION_RESUME_REFLECTION
    if message.intent_name == names.THANK_INTENT and is_leaving(text):
        return names.UTTER_GOODBYE  # "ta, gtg": a goodbye, not "you're welcome, anything else?"
    if message.intent_name == names.HELP_INTENT and asks_for_exercise(text):
        return names.ACTION_START_REFLECTION  # "what exercises have you got?": the exercises, not the general help
    if message.intent_name == names.HELP_INTENT and tracker.get_slot(names.KNOWLEDGE_ENTRY_SLOT) and \
            is_follow_up_opener(text):
        return names.ACTION_ANSWER_QUESTION  # "how?" after an answer: about that answer, not "what can you do"
    if not carries_intent(message.intent_name, text):
        # "which would you start with?" taken for help, "so what do I do on Monday?" for a hello: the
        # words do not say what the intent's rule would answer, so the understanding step reads them.
        return names.ACTION_ANSWER_QUESTION
    return None


def ended_turn(tracker: DialogueStateTracker) -> bool:
    """True when the latest event of this turn is one of ENDS_TURN having run, or the answer to
    a follow-up the help intent was given ("how?"), which no rule pairs with that action."""
    action = action_this_turn(tracker)
    return action in ENDS_TURN or (action == names.ACTION_ANSWER_QUESTION and
                                   tracker.latest_message is not None and
                                   tracker.latest_message.intent.get("name") in WORD_EVIDENCED_INTENTS)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class StepPolicy(UntrainedPolicy):
    """Predicts the action that asked a pending menu or confirmation (see the module docstring)."""

    PRIORITY = PRIORITY

    def predict_action_probabilities(
        self, tracker: DialogueStateTracker, domain: Domain, rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        action = names.ACTION_LISTEN if ended_turn(tracker) else step_action(tracker)
        if action is not None and action in domain.action_names_or_texts:
            logger.debug("A step is waiting for a reply: predicting %s", action)
            probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)
