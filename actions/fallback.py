"""Low confidence: the safety step first, then the knowledge base's answer if it clearly covers the
words; otherwise ask to rephrase once, then offer the menu."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import KnowledgeAction
from bot import names


class ActionHandleFallback(KnowledgeAction):
    def name(self) -> str:
        return names.ACTION_HANDLE_FALLBACK

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        done = self.safety_first(dispatcher, tracker, domain)
        if done is not None:
            return done
        return self.answer_or_clarify(dispatcher, tracker, domain)
