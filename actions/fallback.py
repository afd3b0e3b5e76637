"""Low confidence: answer from the knowledge base if it clearly covers the words; otherwise ask
to rephrase once, then offer the menu."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import KnowledgeAction
from bot import names
from bot.dialogue import consecutive_turns_ending_in, looks_like_question


class ActionHandleFallback(KnowledgeAction):
    def name(self) -> str:
        return names.ACTION_HANDLE_FALLBACK

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        if self.signpost_concern(dispatcher, text):
            return []
        # The classifier was unsure, but a leader's unusual phrasing may still clearly match an
        # entry; the search's own threshold decides.
        answered = self.answer_if_covered(dispatcher, tracker, domain)
        if answered is not None:
            return answered
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent != names.NONSENSE_INTENT and looks_like_question(text):
            # A clear question we cannot answer deserves an honest "not in my knowledge base"
            # with topics we do cover, not a request to rephrase it.
            return self.abstain(dispatcher)
        repeats = consecutive_turns_ending_in(tracker.events, self.name())
        # Alternate: a first miss asks to rephrase, a second in a row offers the menu.
        response = names.UTTER_ASK_REPHRASE if repeats % 2 == 0 else names.UTTER_STILL_UNCLEAR
        dispatcher.utter_message(response=response)
        return []
