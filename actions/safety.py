"""The safety step's own reply: crisis, distress, a clinical request, or the support routes.

bot/rasa/safety_policy.py predicts it first, at the start of any turn outside a form, when the
safety layer (bot/safety) finds crisis, distress or a clinical request in the leader's words,
whatever the intent; the rules send the classifier's `distress` and `clinical_question` here too.
The evidence decides: when it finds nothing of concern, the message is answered as usual.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.common import KnowledgeAction
from bot import names


class ActionSafety(KnowledgeAction):
    def name(self) -> str:
        return names.ACTION_SAFETY

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        text = tracker.latest_message.get("text") or ""
        if text.startswith("/"):  # "Support if you need it", the button under a strain idiom
            dispatcher.utter_message(response=names.UTTER_SUPPORT_ROUTES)
            return [FollowupAction(names.ACTION_LISTEN)]
        events = self.safety_first(dispatcher, tracker, domain)
        if events is None:  # nothing of concern after all (the classifier's guess): answer as usual
            events = self.answer_or_clarify(dispatcher, tracker, domain)
        if any(event.get("event") == "followup" for event in events):
            return events
        # This action may run for any intent; nothing else answers the message after it.
        return [*events, FollowupAction(names.ACTION_LISTEN)]
