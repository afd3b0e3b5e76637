"""What the action modules share: buttons, the knowledge answer, form activation, the check-in
slot, and the abstract bases with their injectable collaborators.

The one module every action module may import; no action module imports another
(tests/actions/test_common.py checks). The bases are abstract (`abc.ABCMeta` with an abstract
`name()`), because the rasa_sdk action server registers every concrete Action subclass it finds.
"""
from __future__ import annotations

import abc
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import coaching, identity, names
from bot.checkins.service import next_checkin_on
from bot.coaching import Exercise
from bot.dialogue import is_question_mid_form
from bot.finder.filters import wants_recommendation
from bot.journal import JournalRepository, get_journal
from bot.knowledge import Knowledge, get_knowledge
from bot.knowledge.compose import compose_answer, suggest_topics
from bot.knowledge.models import Entry, KnowledgeBase
from bot.safety import Concern, concern

logger = logging.getLogger(__name__)

TEAMS_CHANNEL = "teams"  # the input channel name of bot/rasa/channels/teams.py
CONCERN_RESPONSES = {Concern.DISTRESS: names.UTTER_DISTRESS_SUPPORT, Concern.CLINICAL: names.UTTER_CLINICAL}
# The actions that start our forms with FollowupAction. Rasa validates the triggering message
# when a form activates; that message is a request ("I want to reflect"), not an answer.
FORM_STARTERS = frozenset({names.ACTION_START_REFLECTION, names.ACTION_RESUME_REFLECTION,
                           names.ACTION_FIND_PROGRAMME, names.ACTION_MORE_PROGRAMMES, names.ACTION_CHECKIN_OPEN})


# Buttons and domain text -----------------------------------------------------------------------

def payload(intent: str, entities: dict[str, str] | None = None) -> str:
    """A button payload that sets the intent (and entities) directly, bypassing NLU."""
    return "/" + intent + (json.dumps(entities) if entities else "")


def response_text(domain: dict[str, Any], name: str) -> str:
    """The first text of a domain response (for button titles, which responses cannot compose)."""
    return domain["responses"][name][0]["text"]


def topic_button(title: str, entry_id: str) -> dict[str, str]:
    """A button that asks for one entry by id (the payload bypasses NLU)."""
    return {"title": title, "payload": payload(names.ASK_QUESTION_INTENT, {names.TOPIC_ID_ENTITY: entry_id})}


def yes_no_buttons(domain: dict[str, Any]) -> list[dict[str, str]]:
    """Yes and No buttons, answered by action_confirm and action_deny."""
    return [
        {"title": response_text(domain, names.UTTER_BUTTON_YES), "payload": payload(names.AFFIRM_INTENT)},
        {"title": response_text(domain, names.UTTER_BUTTON_NO), "payload": payload(names.DENY_INTENT)},
    ]


# Answers from the knowledge base ----------------------------------------------------------------

def send_answer(dispatcher: CollectingDispatcher, domain: dict[str, Any], kb: KnowledgeBase, entry: Entry) -> list[dict]:
    """Send the entry's short answer with its sources, related topics and a reflection offer."""
    answer = compose_answer(kb, entry)
    buttons = [topic_button(title, entry_id) for title, entry_id in answer.related]
    theme = {names.THEME_ENTITY: entry.themes[0]} if entry.themes else None
    buttons.append({
        "title": response_text(domain, names.UTTER_BUTTON_REFLECT_ON_THEME),
        "payload": payload(names.START_REFLECTION_INTENT, theme),
    })
    dispatcher.utter_message(text=answer.text, buttons=buttons)
    return [SlotSet(names.KNOWLEDGE_ENTRY_SLOT, entry.id)]


def answer_found(dispatcher: CollectingDispatcher, domain: dict[str, Any], knowledge: Knowledge,
                 text: str) -> list[dict] | None:
    """Answer `text` if the knowledge base covers it (the search's threshold decides), else None."""
    hit = knowledge.index.best(text)
    return send_answer(dispatcher, domain, knowledge.kb, hit.entry) if hit else None


def answer_mid_form(dispatcher: CollectingDispatcher, domain: dict[str, Any], knowledge: Knowledge,
                    text: str, intent: Mapping | None) -> bool:
    """Answer a knowledge question asked in the middle of a form or exercise
    (bot.dialogue.is_question_mid_form) if the knowledge base covers it; True when answered, and
    the form should then pause, keeping its answers."""
    return is_question_mid_form(text, intent) and answer_found(dispatcher, domain, knowledge, text) is not None


# Forms and slots --------------------------------------------------------------------------------

def is_form_activation(tracker: Tracker) -> bool:
    """True while a form validates the message that started it (see FORM_STARTERS): a starter
    action ran after the latest user message, so that message was the request."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") in FORM_STARTERS:
            return True
    return False


def checkin_on_event(journal: JournalRepository, sender_id: str) -> dict:
    """The `checkin_on` slot as the journal now says it should be.

    bot.rasa.checkin_policy reads the slot; every action that changes commitments or check-in
    preferences sets it again from the journal.
    """
    due = next_checkin_on(journal, sender_id)
    return SlotSet(names.CHECKIN_ON_SLOT, None if due is None else due.isoformat())


def leader(journal: JournalRepository, tracker: Tracker) -> str:
    """Whose journal this conversation opens: the leader key of the sender id the channel fixed
    (bot.identity.leader_key), through the leader's linked identities (journal.leader_for). Never
    from a slot, entity or metadata, which a caller can set."""
    return journal.leader_for(identity.leader_key(tracker.sender_id))


# Abstract bases ---------------------------------------------------------------------------------

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
            return [FollowupAction(names.ACTION_FIND_PROGRAMME)]
        return answer_found(dispatcher, domain, self.knowledge, text)

    def last_entry(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
                   nothing_response: str) -> tuple[Entry | None, list[dict]]:
        """The entry last answered, for follow-ups; without one, answer the words if covered,
        else send `nothing_response`. Returns (entry or None, events)."""
        entry = self.knowledge.kb.entries.get(tracker.get_slot(names.KNOWLEDGE_ENTRY_SLOT) or "")
        if entry is not None:
            return entry, []
        answered = self.answer_if_covered(dispatcher, tracker, domain)
        if answered is None:
            dispatcher.utter_message(response=nothing_response)
        return None, answered or []

    def topic_buttons(self, count: int = 4) -> list[dict[str, str]]:
        """Buttons for `count` topics the knowledge base covers, to offer where there is no answer."""
        return [topic_button(title, entry_id) for title, entry_id in suggest_topics(self.knowledge.kb, count)]

    def abstain(self, dispatcher: CollectingDispatcher) -> list[dict]:
        """Say plainly that the question is outside the knowledge base and offer what is in it.

        The reply's response name marks the question as unanswered in the tracker store, which
        is where trainers' analytics find content gaps.
        """
        dispatcher.utter_message(response=names.UTTER_NOT_IN_KNOWLEDGE_BASE, buttons=self.topic_buttons())
        logger.info("Knowledge base had no answer; recorded as unanswered")
        return [SlotSet(names.KNOWLEDGE_ENTRY_SLOT, None)]


class ReflectionMixin:
    """Access to the exercises and the `reflection_state` slot; tests inject small exercises."""

    exercises: Callable[[], dict[str, Exercise]] = staticmethod(coaching.get_exercises)

    def current(self, tracker: Tracker) -> tuple[Exercise | None, dict | None]:
        """The exercise and its (validated) state from the slot, or (None, None)."""
        state = tracker.get_slot(names.REFLECTION_STATE_SLOT)
        if not isinstance(state, dict):
            return None, None
        exercise = self.exercises().get(state.get("exercise"))
        if exercise is None:
            return None, None
        return exercise, coaching.restore(exercise, state)


class JournalAction(ReflectionMixin, Action, metaclass=abc.ABCMeta):
    """Base for journal actions; tests inject a repository on a temporary database."""

    def __init__(self, journal: Callable[[], JournalRepository] = get_journal,
                 exercises: Callable[[], dict] | None = None) -> None:
        self._journal = journal
        if exercises is not None:
            self.exercises = exercises

    @property
    def journal(self) -> JournalRepository:
        return self._journal()

    def leader(self, tracker: Tracker) -> str:
        """The key of the leader's journal (see `leader`)."""
        return leader(self.journal, tracker)

    @abc.abstractmethod
    def name(self) -> str: ...
