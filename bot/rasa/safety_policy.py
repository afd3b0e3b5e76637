"""SafetyPolicy: the safety step comes first, at the start of every turn outside a form.

A graph component registered in config.yml with the highest priority. At the start of a leader's
turn (the latest user message has had no action yet), with no form running, it predicts
`action_safety` with confidence 1.0 when bot.safety finds crisis, distress or a clinical request
in the message's words, whatever the classifier's intent: a goodbye, a thank-you, a "yes" to a
confirmation or a question, as well as `distress` itself. Inside a form the form's own validation
runs the same safety step (actions/common.py), so crisis and distress come first there too.

Right after `action_safety` it predicts `action_listen`: the safety reply ends the turn (the
action also says so with a FollowupAction; predicting it here keeps `rasa test` truthful).
Button payloads ("/...") are what they say and are never read for safety.
"""
from __future__ import annotations

import logging
from typing import Any

from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot import names
from bot.rasa.checkin_policy import EXTERNAL_PREFIX, action_this_turn, at_turn_start
from bot.rasa.untrained_policy import UntrainedPolicy
from bot.safety import Level, assess

logger = logging.getLogger(__name__)

SAFETY_ACTION = names.ACTION_SAFETY
PRIORITY = 8  # above CheckinPolicy (7) and RulePolicy (6): a tie at 1.0 goes to the higher
FIRST_LEVELS = frozenset({Level.CRISIS, Level.DISTRESS, Level.CLINICAL})


def needs_safety_first(tracker: DialogueStateTracker) -> bool:
    """True at the start of a turn, outside forms, when the words need the safety reply."""
    message = at_turn_start(tracker)
    if message is None or tracker.active_loop_name:
        return False
    text = message.text or ""
    if not text.strip() or text.startswith("/") or (message.intent_name or "").startswith(EXTERNAL_PREFIX):
        return False
    return assess(text, message.intent).level in FIRST_LEVELS


def just_answered(tracker: DialogueStateTracker) -> bool:
    """True when the latest event of this turn is action_safety having run."""
    return action_this_turn(tracker) == SAFETY_ACTION


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class SafetyPolicy(UntrainedPolicy):
    """Predicts action_safety first when the leader's words need it (see the module docstring)."""

    PRIORITY = PRIORITY

    def predict_action_probabilities(
        self, tracker: DialogueStateTracker, domain: Domain, rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        if SAFETY_ACTION not in domain.action_names_or_texts:
            return self._prediction(probabilities)
        if needs_safety_first(tracker):
            logger.debug("Safety first: predicting %s", SAFETY_ACTION)
            probabilities[domain.index_for_action(SAFETY_ACTION)] = 1.0
        elif just_answered(tracker):
            probabilities[domain.index_for_action(names.ACTION_LISTEN)] = 1.0
        return self._prediction(probabilities)
