"""Low confidence: the safety step first; a control said with no flow running ("stop", "skip")
gets "anything else?" with the menu; then the knowledge base's answer if it clearly covers the
words; otherwise ask to rephrase once, then offer the menu."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import KnowledgeAction
from bot import names
from bot.coaching import Control, parse_control

# Said with nothing running, these have nothing to act on: no "could you put that another way?".
NOTHING_TO_CONTROL = frozenset({Control.STOP, Control.PAUSE, Control.SKIP, Control.BACK})


class ActionHandleFallback(KnowledgeAction):
    def name(self) -> str:
        return names.ACTION_HANDLE_FALLBACK

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        done = self.safety_first(dispatcher, tracker, domain)
        if done is not None:
            return done
        if parse_control(tracker.latest_message.get("text") or "") in NOTHING_TO_CONTROL:
            dispatcher.utter_message(response=names.UTTER_ANYTHING_ELSE)
            return []
        return self.answer_or_clarify(dispatcher, tracker, domain)
