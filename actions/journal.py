"""The private journal: save, list, open, export, share with consent, and forget me.

Every read and write is keyed by the conversation's sender id, which only the channel sets; a
`/intent{...}` payload can name a reflection id but never whose journal it reads, and consent or
deletion happen only after an explicit yes to a question the coach itself asked (the
`pending_confirmation` slot is set by actions only, never from entities).
"""
from __future__ import annotations

import abc
import json
import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import response_text
from actions.reflection import CONFIRM_SLOT, STATE_SLOT, ReflectionMixin, yes_no_buttons
from bot import coaching
from bot.checkins.clock import spoken_date, today
from bot.checkins.service import checkin_date, next_checkin_on
from bot.db.forget import forget_leader
from bot.journal import JournalRepository, get_journal
from bot.rasa.tracker_store import FORGOTTEN_SLOT

logger = logging.getLogger(__name__)

REFLECTION_ENTITY = "reflection_id"
MAX_LISTED = 10
MENU_BUTTONS_RESPONSE = "utter_help"
# The ISO date of the leader's next check-in, read by bot.rasa.checkin_policy; every action that
# changes commitments or check-in preferences sets it again from the journal.
CHECKIN_ON_SLOT = "checkin_on"
TEAMS_CHANNEL = "teams"


def checkin_on_event(journal: JournalRepository, sender_id: str) -> dict:
    """The `checkin_on` slot as the journal now says it should be."""
    due = next_checkin_on(journal, sender_id)
    return SlotSet(CHECKIN_ON_SLOT, None if due is None else due.isoformat())


def _date(moment) -> str:
    return f"{moment.day} {moment:%B %Y}"


def _reflection_button(summary) -> dict[str, str]:
    return {
        "title": f"{_date(summary.created_at)}: {summary.title}",
        "payload": "/open_reflection" + json.dumps({REFLECTION_ENTITY: str(summary.id)}),
    }


def _dated_commitment(state: dict) -> tuple[str | None, date | None]:
    """The exercise's commitment (text, due date) when it has a date, else (None, None): only a
    step with a date is kept, for the coach to check in on."""
    commitment = coaching.commitment(state)
    if commitment is None or not commitment.get("due"):
        return None, None
    return commitment["text"], date.fromisoformat(commitment["due"])


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

    @abc.abstractmethod
    def name(self) -> str: ...


class ActionConfirm(JournalAction):
    """'Yes' to the question the coach asked last: save, share or forget."""

    def name(self) -> str:
        return "action_confirm"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        pending = tracker.get_slot(CONFIRM_SLOT) or ""
        sender = tracker.sender_id
        if pending == "save":
            exercise, state = self.current(tracker)
            if exercise is None or state is None:
                dispatcher.utter_message(response="utter_nothing_to_confirm")
                return [SlotSet(CONFIRM_SLOT, None)]
            reflection_id, commitment_id = self.journal.save_reflection_with_commitment(
                sender, exercise.id, exercise.title, coaching.summary(exercise, state), state.get("answers", {}),
                *_dated_commitment(state),
            )
            dispatcher.utter_message(response="utter_reflection_saved")
            events = self._commitment_saved(dispatcher, tracker, commitment_id)
            dispatcher.utter_message(response="utter_offer_share", buttons=yes_no_buttons(domain))
            return [*events, SlotSet(STATE_SLOT, None), SlotSet(CONFIRM_SLOT, f"share:{reflection_id}")]
        if pending.startswith("share:"):
            shared = self.journal.set_shared(sender, pending.removeprefix("share:"), True)
            dispatcher.utter_message(response="utter_reflection_shared" if shared else "utter_reflection_not_found")
            return [SlotSet(CONFIRM_SLOT, None)]
        if pending == "forget":
            counts = forget_leader(self.journal.engine, sender)  # journal, check-ins, tags, events
            logger.info("Forget me: deleted %s", counts)
            # The web widget keeps a copy of the conversation in the browser; this tells it to drop
            # it (before the confirmation, which then stays on screen).
            dispatcher.utter_message(json_message={"type": "forgotten"})
            dispatcher.utter_message(response="utter_forgotten")
            # The tracker store deletes this conversation's events when it sees the slot.
            return [SlotSet(FORGOTTEN_SLOT, True), Restarted()]
        dispatcher.utter_message(response="utter_nothing_to_confirm")
        return []

    def _commitment_saved(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                          commitment_id: int | None) -> list[dict]:
        """Say when the coach will check in on the commitment saved with the reflection, if any."""
        if commitment_id is None:
            return []
        sender = tracker.sender_id
        preferences = self.journal.get_preferences(sender)
        if not preferences.checkins_enabled:
            dispatcher.utter_message(response="utter_commitment_date_checkins_off")
        else:
            day = checkin_date(self.journal.get_commitment(sender, commitment_id))
            dispatcher.utter_message(response="utter_commitment_saved", date=spoken_date(day, today()))
            if tracker.get_latest_input_channel() == TEAMS_CHANNEL and not preferences.teams_reminders:
                dispatcher.utter_message(response="utter_offer_teams_reminders")
        return [checkin_on_event(self.journal, sender)]


class ActionDeny(JournalAction):
    """'No' to the question the coach asked last."""

    def name(self) -> str:
        return "action_deny"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        pending = tracker.get_slot(CONFIRM_SLOT) or ""
        if pending == "save":
            _, state = self.current(tracker)
            # Not saved means no commitment either: the coach will not check in on it.
            kept = state is not None and (coaching.commitment(state) or {}).get("due")
            dispatcher.utter_message(response="utter_commitment_not_saved" if kept else "utter_reflection_not_saved")
            return [SlotSet(CONFIRM_SLOT, None), SlotSet(STATE_SLOT, None)]
        if pending.startswith("share:"):
            dispatcher.utter_message(response="utter_reflection_not_shared")
        elif pending == "forget":
            dispatcher.utter_message(response="utter_forget_cancelled")
        else:
            dispatcher.utter_message(response="utter_anything_else")
        return [SlotSet(CONFIRM_SLOT, None)]


class ActionShowJournal(JournalAction):
    def name(self) -> str:
        return "action_show_journal"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        reflections = self.journal.list_reflections(tracker.sender_id)
        if not reflections:
            dispatcher.utter_message(response="utter_journal_empty")
            return []
        dispatcher.utter_message(response="utter_journal_list",
                                 buttons=[_reflection_button(r) for r in reflections[:MAX_LISTED]])
        return []


class ActionOpenReflection(JournalAction):
    """One saved reflection in full: the one named by a button, or the latest."""

    def name(self) -> str:
        return "action_open_reflection"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        sender = tracker.sender_id
        wanted = next(tracker.get_latest_entity_values(REFLECTION_ENTITY), None)
        if wanted is None:
            latest = self.journal.list_reflections(sender)[:1]
            wanted = latest[0].id if latest else None
        reflection = self.journal.get_reflection(sender, wanted) if wanted is not None else None
        if reflection is None:
            dispatcher.utter_message(response="utter_reflection_not_found")
            return []
        dispatcher.utter_message(
            text=f"**{reflection.title}** ({_date(reflection.created_at)})\n\n{reflection.summary}"
        )
        return []


class ActionExportJournal(JournalAction):
    """All of the leader's reflections as one Markdown document (the widget offers a download)."""

    def name(self) -> str:
        return "action_export_journal"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        document = self.journal.export_markdown(tracker.sender_id)
        dispatcher.utter_message(response="utter_journal_export_intro")
        dispatcher.utter_message(text=document)
        dispatcher.utter_message(json_message={
            "type": "download", "filename": "my-reflections.md", "mime_type": "text/markdown", "content": document,
        })
        return []


class ActionForgetMe(JournalAction):
    def name(self) -> str:
        return "action_forget_me"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        buttons = [
            {"title": response_text(domain, "utter_button_forget_yes"), "payload": "/affirm"},
            {"title": response_text(domain, "utter_button_forget_no"), "payload": "/deny"},
        ]
        dispatcher.utter_message(response="utter_confirm_forget", buttons=buttons)
        return [SlotSet(CONFIRM_SLOT, "forget")]


class ActionShareReflection(JournalAction):
    """Ask before sharing the latest saved reflection with the leader's programme trainer."""

    def name(self) -> str:
        return "action_share_reflection"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        latest = self.journal.list_reflections(tracker.sender_id)[:1]
        if not latest:
            dispatcher.utter_message(response="utter_journal_empty")
            return []
        dispatcher.utter_message(response="utter_offer_share", buttons=yes_no_buttons(domain))
        return [SlotSet(CONFIRM_SLOT, f"share:{latest[0].id}")]
