"""Low confidence: ask to rephrase once, then offer the menu."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.dialogue import consecutive_turns_ending_in


class ActionHandleFallback(Action):
    def name(self) -> str:
        return "action_handle_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        repeats = consecutive_turns_ending_in(tracker.events, self.name())
        # Alternate: a first miss asks to rephrase, a second in a row offers the menu.
        response = "utter_ask_rephrase" if repeats % 2 == 0 else "utter_still_unclear"
        dispatcher.utter_message(response=response)
        return []
