"""Answering from the curated knowledge base: answer, tell me more, where is that from, topics.

Adapters only: the search, the answer and its citation come from `bot.knowledge`; fixed wording
comes from the domain's responses.
"""
from __future__ import annotations

import abc
import json
import logging
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.finder.filters import wants_recommendation
from bot.knowledge import Knowledge, get_knowledge
from bot.knowledge.compose import compose_answer, compose_citation, compose_more, suggest_topics
from bot.knowledge.models import Entry, KnowledgeBase
from bot.safety import Concern, concern

logger = logging.getLogger(__name__)

ENTRY_SLOT = "knowledge_entry"
TOPIC_ENTITY = "topic_id"
CONCERN_RESPONSES = {Concern.DISTRESS: "utter_distress_support", Concern.CLINICAL: "utter_clinical"}


def topic_button(title: str, entry_id: str) -> dict[str, str]:
    """A button that asks for one entry by id (the payload bypasses NLU)."""
    return {"title": title, "payload": "/ask_question" + json.dumps({TOPIC_ENTITY: entry_id})}


def response_text(domain: dict[str, Any], name: str) -> str:
    """The first text of a domain response (for button titles, which responses cannot compose)."""
    return domain["responses"][name][0]["text"]


def send_answer(dispatcher: CollectingDispatcher, domain: dict[str, Any], kb: KnowledgeBase, entry: Entry) -> list[dict]:
    """Send the entry's short answer with its sources, related topics and a reflection offer."""
    answer = compose_answer(kb, entry)
    buttons = [topic_button(title, entry_id) for title, entry_id in answer.related]
    theme = {"theme": entry.themes[0]} if entry.themes else {}
    buttons.append({
        "title": response_text(domain, "utter_button_reflect_on_theme"),
        "payload": "/start_reflection" + (json.dumps(theme) if theme else ""),
    })
    dispatcher.utter_message(text=answer.text, buttons=buttons)
    return [SlotSet(ENTRY_SLOT, entry.id)]


class KnowledgeAction(Action, metaclass=abc.ABCMeta):
    """Base for actions that use the knowledge base; tests inject a small one.

    Needs from the domain: slot `knowledge_entry`, entity `topic_id`, responses
    `utter_distress_support`, `utter_clinical`, `utter_not_in_knowledge_base`,
    `utter_button_reflect_on_theme`.
    """

    def __init__(self, knowledge: Callable[[], Knowledge] = get_knowledge) -> None:
        self._knowledge = knowledge

    @abc.abstractmethod
    def name(self) -> str: ...

    @property
    def knowledge(self) -> Knowledge:
        return self._knowledge()

    @staticmethod
    def signpost_concern(dispatcher: CollectingDispatcher, text: str) -> bool:
        """Distress or a clinical question comes before any answer; True if one was found."""
        found = concern(text)
        if found is not None:
            dispatcher.utter_message(response=CONCERN_RESPONSES[found])
        return found is not None

    def answer(self, dispatcher: CollectingDispatcher, domain: dict[str, Any], entry: Entry) -> list[dict]:
        """Send the entry's short answer with its sources, related topics and a reflection offer."""
        return send_answer(dispatcher, domain, self.knowledge.kb, entry)

    def answer_if_covered(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict] | None:
        """Answer when the knowledge base clearly covers the leader's words, else None.

        Used where the intent classifier routed a message elsewhere (out of scope, a follow-up
        with nothing to follow, low confidence): the search's own threshold has the last word,
        so unusual phrasings of real questions still get their answer.
        """
        text = tracker.latest_message.get("text") or ""
        if not text.strip() or text.startswith("/"):  # button payloads mean what they say
            return None
        if wants_recommendation(text):
            return [FollowupAction("action_find_programme")]
        hit = self.knowledge.index.best(text)
        return self.answer(dispatcher, domain, hit.entry) if hit else None

    def last_entry(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
                   nothing_response: str) -> tuple[Entry | None, list[dict]]:
        """The entry last answered, for follow-ups; without one, answer the words if covered,
        else send `nothing_response`. Returns (entry or None, events)."""
        entry = self.knowledge.kb.entries.get(tracker.get_slot(ENTRY_SLOT) or "")
        if entry is not None:
            return entry, []
        answered = self.answer_if_covered(dispatcher, tracker, domain)
        if answered is None:
            dispatcher.utter_message(response=nothing_response)
        return None, answered or []

    def abstain(self, dispatcher: CollectingDispatcher) -> list[dict]:
        """Say plainly that the question is outside the knowledge base and offer what is in it.

        The reply's response name marks the question as unanswered in the tracker store, which
        is where trainers' analytics find content gaps.
        """
        buttons = [topic_button(title, entry_id) for title, entry_id in suggest_topics(self.knowledge.kb, 4)]
        dispatcher.utter_message(response="utter_not_in_knowledge_base", buttons=buttons)
        logger.info("Knowledge base had no answer; recorded as unanswered")
        return [SlotSet(ENTRY_SLOT, None)]


class ActionAnswerQuestion(KnowledgeAction):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        text = tracker.latest_message.get("text") or ""
        requested = next(tracker.get_latest_entity_values(TOPIC_ENTITY), None)
        kb = self.knowledge.kb
        if requested in kb.entries:  # a topic button: the leader chose the entry
            return self.answer(dispatcher, domain, kb.entries[requested])
        if self.signpost_concern(dispatcher, text):
            return []
        if wants_recommendation(text):
            # "I'm a ward manager, is there a course for me?" is a request for the finder.
            return [FollowupAction("action_find_programme")]
        hit = self.knowledge.index.best(text)
        return self.answer(dispatcher, domain, hit.entry) if hit else self.abstain(dispatcher)


class ActionTellMore(KnowledgeAction):
    def name(self) -> str:
        return "action_tell_more"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        entry, events = self.last_entry(dispatcher, tracker, domain, "utter_nothing_to_expand")
        if entry is None:
            return events
        kb = self.knowledge.kb
        more = compose_more(kb, entry)
        if more is None:
            dispatcher.utter_message(response="utter_no_more_detail")
            return []
        buttons = [topic_button(title, other) for title, other in compose_answer(kb, entry).related]
        dispatcher.utter_message(text=more, buttons=buttons)
        return []


class ActionCiteSource(KnowledgeAction):
    def name(self) -> str:
        return "action_cite_source"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        entry, events = self.last_entry(dispatcher, tracker, domain, "utter_nothing_to_cite")
        if entry is not None:
            dispatcher.utter_message(text=compose_citation(self.knowledge.kb, entry))
        return events


class ActionSuggestTopics(KnowledgeAction):
    def name(self) -> str:
        return "action_suggest_topics"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        answered = self.answer_if_covered(dispatcher, tracker, domain)
        if answered is not None:
            return answered
        buttons = [topic_button(title, entry_id) for title, entry_id in suggest_topics(self.knowledge.kb, 4)]
        dispatcher.utter_message(response="utter_explore_topics", buttons=buttons)
        return []


class ActionDeclineOutOfScope(KnowledgeAction):
    """Out of scope, unless the knowledge base clearly covers the words after all."""

    def name(self) -> str:
        return "action_decline_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        answered = self.answer_if_covered(dispatcher, tracker, domain)
        if answered is not None:
            return answered
        dispatcher.utter_message(response="utter_out_of_scope")
        return []
