"""CheckinPolicy: open a due check-in before anything else at the start of a leader's turn.

A graph component registered in
config.yml with a priority above RulePolicy. It reads only the tracker, never the journal: the
actions keep the `checkin_on` slot (the ISO date of the next check-in, None when nothing is
waiting or check-ins are off) up to date whenever commitments or preferences change. The slot
lives in the tracker store, so a restart changes nothing.

It predicts `action_checkin_open` with confidence 1.0 when all of these hold, and nothing
otherwise (except for the proactive intent inside a form, below):
- the latest user message has had no action yet (the start of a turn; the action may hand the
  message back with ActionReverted, and the raw events still show it ran, so it is never
  predicted twice for one message);
- no form is running (a check-in never cuts into a reflection or the finder's questions);
- the message is from the leader (not an EXTERNAL_ intent: a rule handles those) and is not
  one that must come first: distress, stop check-ins, forget me, restart;
- `checkin_on` is today or earlier (`bot.checkins.clock.today`, so COACH_TODAY applies), or a
  check-in is unfinished: `checkin_state` has a stage but its form is no longer running, because
  the conversation's session expired (Rasa ends active forms with the session). The action then
  takes the message as the answer, so a reply to a check-in sent hours earlier still counts.

The proactive intent EXTERNAL_checkin_due arriving while a form runs gets `action_listen`: a
check-in never cuts into a reflection, and since nothing was asked, the leader is asked on return.

It also keeps the leader's words in the forms that take every message verbatim (the check-in, the
reflection and the finder's question): Rasa's RulePolicy ends any form when the classifier says `restart`, and a real
answer can be classified so ("Convene them; ask the ICB"). Inside those forms, a typed message
classified `restart` goes to the form, which reads it (bot.steps): an answer, or "start again",
which restarts that flow after a yes rather than the whole conversation.
"""
from __future__ import annotations

import logging
from datetime import date
from typing import Any

from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import names
from bot.checkins.clock import today
from bot.checkins.conversation import is_unfinished
from bot.rasa.untrained_policy import UntrainedPolicy

logger = logging.getLogger(__name__)

OPEN_ACTION = names.ACTION_CHECKIN_OPEN
LISTEN_ACTION = names.ACTION_LISTEN
DATE_SLOT = names.CHECKIN_ON_SLOT
STATE_SLOT = names.CHECKIN_STATE_SLOT
# Messages that must be handled as they are, never after a check-in.
FIRST_INTENTS = frozenset({names.DISTRESS_INTENT, names.STOP_CHECKINS_INTENT, names.FORGET_ME_INTENT,
                           names.RESTART_INTENT})
EXTERNAL_PREFIX = "EXTERNAL_"
PRIORITY = 7  # RulePolicy's is 6: a tie at confidence 1.0 goes to the higher priority
# Forms that take every message as the answer, word for word.
VERBATIM_FORMS = frozenset({names.CHECKIN_FORM, names.REFLECTION_FORM, names.FINDER_FORM})


def is_due(checkin_on: Any, on: date) -> bool:
    """True when the slot holds an ISO date that is `on` or earlier."""
    if not isinstance(checkin_on, str):
        return False
    try:
        return date.fromisoformat(checkin_on) <= on
    except ValueError:
        return False


def at_turn_start(tracker: DialogueStateTracker) -> UserUttered | None:
    """The latest user message if no action has run since it (raw events), else None."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return event
        if isinstance(event, ActionExecuted):
            return None
    return None


def action_this_turn(tracker: DialogueStateTracker) -> str | None:
    """The name of the latest action run since the latest user message, or None."""
    for event in reversed(tracker.events):
        if isinstance(event, ActionExecuted):
            return event.action_name
        if isinstance(event, UserUttered):
            return None
    return None


def should_open(tracker: DialogueStateTracker, on: date) -> bool:
    """Whether to open (or carry on) the check-in now (see the module docstring)."""
    message = at_turn_start(tracker)
    if message is None or tracker.active_loop_name:
        return False
    intent = message.intent_name or ""
    if intent.startswith(EXTERNAL_PREFIX) or intent in FIRST_INTENTS:
        return False
    return is_unfinished(tracker.get_slot(STATE_SLOT)) or is_due(tracker.get_slot(DATE_SLOT), on)


def should_wait(tracker: DialogueStateTracker) -> bool:
    """True for the proactive intent while a form runs: listen, and ask on the leader's return."""
    message = at_turn_start(tracker)
    return (message is not None and bool(tracker.active_loop_name)
            and (message.intent_name or "").startswith(EXTERNAL_PREFIX + "checkin"))


def answer_not_restart(tracker: DialogueStateTracker) -> bool:
    """True when a verbatim form runs and its answer was classified `restart` (see above)."""
    message = at_turn_start(tracker)
    if message is None or tracker.active_loop_name not in VERBATIM_FORMS:
        return False
    return message.intent_name == names.RESTART_INTENT and not (message.text or "").startswith("/")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class CheckinPolicy(UntrainedPolicy):
    """Predicts action_checkin_open at the start of a turn when a check-in is due."""

    PRIORITY = PRIORITY

    def predict_action_probabilities(
        self, tracker: DialogueStateTracker, domain: Domain, rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        if OPEN_ACTION not in domain.action_names_or_texts:
            return self._prediction(probabilities)
        if should_open(tracker, today()):
            logger.debug("A check-in is due: predicting %s", OPEN_ACTION)
            probabilities[domain.index_for_action(OPEN_ACTION)] = 1.0
        elif should_wait(tracker):
            probabilities[domain.index_for_action(LISTEN_ACTION)] = 1.0
        elif answer_not_restart(tracker):
            probabilities[domain.index_for_action(tracker.active_loop_name)] = 1.0
        return self._prediction(probabilities)
