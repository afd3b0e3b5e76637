"""Answering from the curated knowledge base: answer, tell me more, where is that from, topics.

Adapters only: the search, the answer and its citation come from `bot.knowledge`; fixed wording
comes from the domain's responses. The shared base, KnowledgeAction, is in actions/common.py.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import KnowledgeAction
from bot import names
from bot.knowledge.compose import compose_citation
from bot.understanding import Context, Decision, Route


class ActionAnswerQuestion(KnowledgeAction):
    def name(self) -> str:
        return names.ACTION_ANSWER_QUESTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        requested = next(tracker.get_latest_entity_values(names.TOPIC_ID_ENTITY), None)
        kb = self.knowledge.kb
        if requested in kb.entries:  # a topic button: the leader chose the entry
            return self.answer(dispatcher, domain, kb.entries[requested])
        done = self.safety_first(dispatcher, tracker, domain)
        if done is not None:
            return done
        # The content decides the route, whatever the classifier said (bot/understanding).
        decision, context = self.understood(tracker)
        return self.act_on(decision, context, dispatcher, domain)


class ActionTellMore(KnowledgeAction):
    def name(self) -> str:
        return names.ACTION_TELL_MORE

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        entry, events = self.last_entry(dispatcher, tracker, domain, names.UTTER_NOTHING_TO_EXPAND)
        if entry is None:
            return events
        context = Context.from_slots(tracker.get_slot(names.UNDERSTANDING_SLOT), entry.id)
        return self.act_on(Decision(Route.MORE, entry.id, why="tell me more"), context, dispatcher, domain)


class ActionCiteSource(KnowledgeAction):
    def name(self) -> str:
        return names.ACTION_CITE_SOURCE

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        entry, events = self.last_entry(dispatcher, tracker, domain, names.UTTER_NOTHING_TO_CITE)
        if entry is not None:
            dispatcher.utter_message(text=compose_citation(self.knowledge.kb, entry))
        return events


class ActionSuggestTopics(KnowledgeAction):
    def name(self) -> str:
        return names.ACTION_SUGGEST_TOPICS

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        answered = self.answer_if_covered(dispatcher, tracker, domain)
        if answered is not None:
            return answered
        dispatcher.utter_message(response=names.UTTER_EXPLORE_TOPICS, buttons=self.topic_buttons())
        return []


class ActionDeclineOutOfScope(KnowledgeAction):
    """Out of scope, unless the knowledge base clearly covers the words after all."""

    def name(self) -> str:
        return names.ACTION_DECLINE_OUT_OF_SCOPE

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        done = self.safety_first(dispatcher, tracker, domain)
        if done is not None:
            return done
        answered = self.answer_if_covered(dispatcher, tracker, domain)
        if answered is not None:
            return answered
        dispatcher.utter_message(response=names.UTTER_OUT_OF_SCOPE)
        return []
