"""The private journal: save, list, open, export, share with consent, and forget me.

Every read and write is keyed by the leader key of the conversation's sender id, which only the
channel sets (actions.common.leader, bot.identity); a
`/intent{...}` payload can name a reflection id but never whose journal it reads, and consent or
deletion happen only after an explicit yes to a question the coach itself asked (the
`pending_confirmation` slot is set by actions only, never from entities).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    TEAMS_CHANNEL,
    JournalAction,
    answer_found,
    checkin_on_event,
    not_about_own_data,
    payload,
    response_text,
    yes_no_buttons,
)
from bot import coaching, identity, names, steps
from bot.checkins.clock import spoken_date, today
from bot.checkins.service import checkin_date
from bot.coaching import Control
from bot.db.forget import forget_leader
from bot.journal import JournalRepository, export, get_journal, links
from bot.knowledge import Knowledge, get_knowledge
from bot.steps import Kind
from bot.understanding.understand import correction_rest, is_closing

logger = logging.getLogger(__name__)

CONFIRM_SLOT = names.PENDING_CONFIRMATION_SLOT
STATE_SLOT = names.REFLECTION_STATE_SLOT
MAX_LISTED = 10
LINK_CODE = re.compile(r"\b([A-Za-z]{4})[-\s]?(\d{4})\b")


def _date(moment) -> str:
    return f"{moment.day} {moment:%B %Y}"


def _dated_commitment(state: dict) -> tuple[str | None, date | None]:
    """The exercise's commitment (text, due date) when it has a date, else (None, None): only a
    step with a date is kept, for the coach to check in on."""
    commitment = coaching.commitment(state)
    if commitment is None or not commitment.get("due"):
        return None, None
    return commitment["text"], date.fromisoformat(commitment["due"])


def _question(exercises: dict) -> export.Question:
    """Each step's own question, for the export's headings (None for a step no longer known)."""
    def question(exercise_id: str, step_id: str) -> str | None:
        try:
            return exercises[exercise_id].question(step_id).prompt
        except KeyError:
            return None
    return question


def _reflection_button(summary) -> dict[str, str]:
    return {
        "title": f"{_date(summary.created_at)}: {summary.title}",
        "payload": payload(names.OPEN_REFLECTION_INTENT, {names.REFLECTION_ID_ENTITY: str(summary.id)}),
    }


def forget_buttons(domain: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {"title": response_text(domain, names.UTTER_BUTTON_FORGET_YES), "payload": payload(names.AFFIRM_INTENT)},
        {"title": response_text(domain, names.UTTER_BUTTON_FORGET_NO), "payload": payload(names.DENY_INTENT)},
    ]


def offer_again(dispatcher: CollectingDispatcher, domain: dict[str, Any], pending: str) -> None:
    """Ask the pending yes/no question again, with its buttons."""
    if pending == "forget":
        dispatcher.utter_message(response=names.UTTER_CONFIRM_FORGET, buttons=forget_buttons(domain))
    else:
        response = names.UTTER_OFFER_SAVE if pending == "save" else names.UTTER_OFFER_SHARE
        dispatcher.utter_message(response=response, buttons=yes_no_buttons(domain))


def deny(dispatcher: CollectingDispatcher, tracker: Tracker, pending: str, state: dict | None) -> list[dict]:
    """'No' to the pending question (save, share or forget), or to nothing."""
    if pending == "save":
        # Not saved means no commitment either: the coach will not check in on it.
        kept = state is not None and (coaching.commitment(state) or {}).get("due")
        dispatcher.utter_message(response=names.UTTER_COMMITMENT_NOT_SAVED if kept else names.UTTER_REFLECTION_NOT_SAVED)
        return [SlotSet(CONFIRM_SLOT, None), SlotSet(STATE_SLOT, None)]
    if pending.startswith("share:"):
        dispatcher.utter_message(response=names.UTTER_REFLECTION_NOT_SHARED)
    elif pending == "forget":
        dispatcher.utter_message(response=names.UTTER_FORGET_CANCELLED)
    elif is_closing(tracker.latest_message.get("text") or ""):
        dispatcher.utter_message(response=names.UTTER_GOODBYE)  # "nothing else, thanks"
    elif correction_rest(tracker.latest_message.get("text") or "") is not None:
        # "No, that's not what I asked": nothing was pending, so it corrects the last answer.
        return [SlotSet(CONFIRM_SLOT, None), FollowupAction(names.ACTION_ANSWER_QUESTION)]
    else:
        dispatcher.utter_message(response=names.UTTER_ANYTHING_ELSE)
    return [SlotSet(CONFIRM_SLOT, None)]


class ActionConfirm(JournalAction):
    """The reply to the question the coach asked last (save, share or forget): a yes (a button
    or typed), or, typed, a no, a control, an escape or a question, read by bot.steps (the
    StepPolicy sends those here)."""

    def __init__(self, journal: Callable[[], JournalRepository] = get_journal,
                 exercises: Callable[[], dict] | None = None,
                 knowledge: Callable[[], Knowledge] = get_knowledge) -> None:
        super().__init__(journal, exercises)
        self._knowledge = knowledge

    def name(self) -> str:
        return names.ACTION_CONFIRM

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        pending = tracker.get_slot(CONFIRM_SLOT) or ""
        text = tracker.latest_message.get("text") or ""
        if pending and text.strip() and not text.startswith("/"):
            reading = steps.read_turn(steps.Step(steps.YES_NO), text, tracker.latest_message.get("intent"))
            if not (reading.kind is Kind.ANSWER and reading.value is True):
                return self._reply(reading, dispatcher, tracker, domain, pending)
        return [SlotSet(names.STEP_ASKS_SLOT, None), *self._yes(dispatcher, tracker, domain, pending)]

    def _reply(self, reading, dispatcher, tracker, domain, pending: str) -> list[dict]:
        """Anything but a yes to the pending question; asked at most twice (bot.steps.MAX_ASKS)."""
        done = [SlotSet(names.STEP_ASKS_SLOT, None)]
        asks = int(tracker.get_slot(names.STEP_ASKS_SLOT) or 1)
        if reading.kind is Kind.ESCAPE and pending == "save" and reading.escape.action != names.ACTION_FORGET_ME:
            return [*done, FollowupAction(reading.escape.action)]  # the offer stays open: a later yes saves
        if reading.kind is Kind.ESCAPE:
            return [SlotSet(CONFIRM_SLOT, None), *done, FollowupAction(reading.escape.action)]
        if reading.kind is Kind.CONTROL and reading.value == steps.RESUMED:  # "where was I": the question again
            offer_again(dispatcher, domain, pending)
            return []
        if pending == "save" and reading.control in (Control.BACK, Control.RESTART):
            reopened = self._reopen(tracker, reading.control)
            if reopened:
                return [SlotSet(CONFIRM_SLOT, None), *done, *reopened]
        if pending == "save" and reading.control is Control.PAUSE:  # "later": the offer stays open
            dispatcher.utter_message(response=names.UTTER_SAVE_OFFER_KEPT, buttons=yes_no_buttons(domain))
            return done
        if reading.kind is Kind.CONTROL and reading.control is Control.RESTART:
            return [SlotSet(CONFIRM_SLOT, None), *done, FollowupAction(names.ACTION_RESTART)]
        if reading.kind is Kind.CONTROL and reading.control is Control.PAUSE:
            dispatcher.utter_message(response=names.UTTER_CONFIRM_DROPPED)
            return [SlotSet(CONFIRM_SLOT, None), *done]
        if reading.kind is Kind.ANSWER or reading.kind is Kind.CONTROL and reading.control is not Control.HELP:
            return [*deny(dispatcher, tracker, pending, self.current(tracker)[1]), *done]
        if reading.kind is Kind.QUESTION:
            answer_found(dispatcher, domain, self._knowledge(), tracker.latest_message.get("text") or "")
        if not steps.asks_again(asks):
            dispatcher.utter_message(response=names.UTTER_CONFIRM_DROPPED)
            return [SlotSet(CONFIRM_SLOT, None), *done]
        if reading.kind is not Kind.QUESTION:
            dispatcher.utter_message(response=names.UTTER_CONFIRM_REASK)
        offer_again(dispatcher, domain, pending)
        return [SlotSet(names.STEP_ASKS_SLOT, float(asks + 1))]

    def _reopen(self, tracker: Tracker, control: Control) -> list[dict]:
        """"Back" (or "start again") at the save offer: the finished exercise is active again at
        its last question (for "start again", asking first whether to clear it), every answer kept."""
        exercise, state = self.current(tracker)
        if exercise is None or state is None or not coaching.is_complete(state):
            return []
        state = coaching.back(exercise, state).state
        if control is Control.RESTART:
            state = coaching.ask_restart(state)
        return [SlotSet(STATE_SLOT, state), SlotSet(names.REFLECTION_ANSWER_SLOT, None),
                FollowupAction(names.REFLECTION_FORM)]

    def _yes(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any], pending: str) -> list[dict]:
        sender = self.leader(tracker)
        if pending == "save":
            exercise, state = self.current(tracker)
            if exercise is None or state is None:
                dispatcher.utter_message(response=names.UTTER_NOTHING_TO_CONFIRM)
                return [SlotSet(CONFIRM_SLOT, None)]
            reflection_id, commitment_id = self.journal.save_reflection_with_commitment(
                sender, exercise.id, exercise.title, coaching.summary(exercise, state), state.get("answers", {}),
                *_dated_commitment(state),
            )
            dispatcher.utter_message(response=names.UTTER_REFLECTION_SAVED)
            events = self._commitment_saved(dispatcher, tracker, commitment_id)
            dispatcher.utter_message(response=names.UTTER_OFFER_SHARE, buttons=yes_no_buttons(domain))
            return [*events, SlotSet(STATE_SLOT, None), SlotSet(CONFIRM_SLOT, f"share:{reflection_id}")]
        if pending.startswith("share:"):
            shared = self.journal.set_shared(sender, pending.removeprefix("share:"), True)
            dispatcher.utter_message(response=names.UTTER_REFLECTION_SHARED if shared else names.UTTER_REFLECTION_NOT_FOUND)
            return [SlotSet(CONFIRM_SLOT, None)]
        if pending == "forget":
            counts = forget_leader(self.journal.engine, sender)  # journal, check-ins, tags, events
            logger.info("Forget me: deleted %s", counts)
            # The web widget keeps a copy of the conversation in the browser; this tells it to drop
            # it (before the confirmation, which then stays on screen).
            dispatcher.utter_message(json_message={"type": "forgotten"})
            dispatcher.utter_message(response=names.UTTER_FORGOTTEN)
            # The tracker store deletes this conversation's events when it sees the slot.
            return [SlotSet(names.FORGOTTEN_SLOT, True), Restarted()]
        text = tracker.latest_message.get("text") or ""
        if is_closing(text):
            dispatcher.utter_message(response=names.UTTER_GOODBYE)  # "ok thx, gtg" read as a yes
            return []
        if text.strip() and not text.startswith("/"):
            reading = steps.read_turn(steps.Step(steps.YES_NO), text, tracker.latest_message.get("intent"))
            if reading.kind is not Kind.ANSWER:  # "who did it?" taken for a yes: a question, answered in context
                return [FollowupAction(names.ACTION_ANSWER_QUESTION)]
        dispatcher.utter_message(response=names.UTTER_NOTHING_TO_CONFIRM)
        return []

    def _commitment_saved(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                          commitment_id: int | None) -> list[dict]:
        """Say when the coach will check in on the commitment saved with the reflection, if any."""
        if commitment_id is None:
            return []
        sender = self.leader(tracker)
        preferences = self.journal.get_preferences(sender)
        if not preferences.checkins_enabled:
            dispatcher.utter_message(response=names.UTTER_COMMITMENT_DATE_CHECKINS_OFF)
        else:
            day = checkin_date(self.journal.get_commitment(sender, commitment_id))
            dispatcher.utter_message(response=names.UTTER_COMMITMENT_SAVED, date=spoken_date(day, today()))
            if tracker.get_latest_input_channel() == TEAMS_CHANNEL and not preferences.teams_reminders:
                dispatcher.utter_message(response=names.UTTER_OFFER_TEAMS_REMINDERS)
        return [checkin_on_event(self.journal, sender)]


class ActionDeny(JournalAction):
    """'No' to the question the coach asked last."""

    def name(self) -> str:
        return names.ACTION_DENY

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        return [*deny(dispatcher, tracker, tracker.get_slot(CONFIRM_SLOT) or "", self.current(tracker)[1]),
                SlotSet(names.STEP_ASKS_SLOT, None)]


class ActionShowJournal(JournalAction):
    def name(self) -> str:
        return names.ACTION_SHOW_JOURNAL

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        handed = not_about_own_data(tracker)
        if handed is not None:
            return handed
        if steps.asks_to_reflect(tracker.latest_message.get("text") or ""):
            return [FollowupAction(names.ACTION_START_REFLECTION)]  # "can I do a quick reflection"
        reflections = self.journal.list_reflections(self.leader(tracker))
        if not reflections:
            dispatcher.utter_message(response=names.UTTER_JOURNAL_EMPTY)
            return []
        dispatcher.utter_message(response=names.UTTER_JOURNAL_LIST,
                                 buttons=[_reflection_button(r) for r in reflections[:MAX_LISTED]])
        return []


class ActionOpenReflection(JournalAction):
    """One saved reflection in full: the one named by a button, or the latest."""

    def name(self) -> str:
        return names.ACTION_OPEN_REFLECTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        sender = self.leader(tracker)
        wanted = next(tracker.get_latest_entity_values(names.REFLECTION_ID_ENTITY), None)
        if wanted is None:
            latest = self.journal.list_reflections(sender)[:1]
            wanted = latest[0].id if latest else None
        reflection = self.journal.get_reflection(sender, wanted) if wanted is not None else None
        if reflection is None:
            dispatcher.utter_message(response=names.UTTER_REFLECTION_NOT_FOUND)
            return []
        dispatcher.utter_message(
            text=f"**{reflection.title}** ({_date(reflection.created_at)})\n\n{reflection.summary}"
        )
        return []


class ActionExportJournal(JournalAction):
    """Everything held about the leader (bot.journal.export): the document in the chat, and the
    document and the data as downloads (the widget offers them as links)."""

    def name(self) -> str:
        return names.ACTION_EXPORT_JOURNAL

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        handed = not_about_own_data(tracker)
        if handed is not None:
            return handed
        data = export.export_data(self.journal.engine, self.leader(tracker), _question(self.exercises()))
        document = export.to_markdown(data)
        dispatcher.utter_message(response=names.UTTER_JOURNAL_EXPORT_INTRO)
        dispatcher.utter_message(text=document)
        for filename, mime_type, content in (("my-data.md", "text/markdown", document),
                                             ("my-data.json", "application/json", export.to_json(data))):
            dispatcher.utter_message(json_message={
                "type": "download", "filename": filename, "mime_type": mime_type, "content": content,
            })
        return []


class ActionForgetMe(JournalAction):
    def name(self) -> str:
        return names.ACTION_FORGET_ME

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        handed = not_about_own_data(tracker)
        if handed is not None:
            return handed
        dispatcher.utter_message(response=names.UTTER_CONFIRM_FORGET, buttons=forget_buttons(domain))
        return [SlotSet(CONFIRM_SLOT, "forget"), SlotSet(names.STEP_ASKS_SLOT, 1.0)]


class ActionShareReflection(JournalAction):
    """Ask before sharing the latest saved reflection with the leader's programme trainer."""

    def name(self) -> str:
        return names.ACTION_SHARE_REFLECTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        latest = self.journal.list_reflections(self.leader(tracker))[:1]
        if not latest:
            dispatcher.utter_message(response=names.UTTER_JOURNAL_EMPTY)
            return []
        dispatcher.utter_message(response=names.UTTER_OFFER_SHARE, buttons=yes_no_buttons(domain))
        return [SlotSet(CONFIRM_SLOT, f"share:{latest[0].id}")]


class ActionLinkAccount(JournalAction):
    """"Link my accounts" gives a one-time code; "link KQMP-4827" in the other place uses it
    (bot.journal.links). Always the channel's own identity, never the journal it may share."""

    def name(self) -> str:
        return names.ACTION_LINK_ACCOUNT

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        me = identity.leader_key(tracker.sender_id)
        engine = self.journal.engine
        typed = LINK_CODE.search(tracker.latest_message.get("text") or "")
        if typed is None:
            code = links.issue_code(engine, me)
            if code is None:
                dispatcher.utter_message(response=names.UTTER_LINK_NOT_HERE)
                return []
            dispatcher.utter_message(response=names.UTTER_LINK_CODE, code=code, minutes=str(links.CODE_MINUTES))
            return []
        result = links.redeem(engine, typed.group(1) + typed.group(2), me)
        logger.info("Account link: %s", result.outcome)
        if result.outcome == "linked":
            dispatcher.utter_message(response=names.UTTER_LINK_DONE)
            return [checkin_on_event(self.journal, self.leader(tracker))]
        if result.outcome == "wrong" and result.tries_left > 0:
            dispatcher.utter_message(response=names.UTTER_LINK_WRONG_CODE, tries=str(result.tries_left))
        elif result.outcome == "same_place":
            dispatcher.utter_message(response=names.UTTER_LINK_SAME_PLACE, code=f"{typed.group(1)}-{typed.group(2)}")
        elif result.outcome == "not_here":
            dispatcher.utter_message(response=names.UTTER_LINK_NOT_HERE)
        else:
            dispatcher.utter_message(response=names.UTTER_LINK_CODE_EXPIRED)
        return []


class ActionUnlinkAccount(JournalAction):
    def name(self) -> str:
        return names.ACTION_UNLINK_ACCOUNT

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        kept = links.unlink(self.journal.engine, identity.leader_key(tracker.sender_id))
        if kept is None:
            dispatcher.utter_message(response=names.UTTER_NOT_LINKED)
        else:
            place = response_text(domain, names.UTTER_PLACE_TEAMS if identity.channel_of(kept) == identity.TEAMS
                                  else names.UTTER_PLACE_WEB)
            dispatcher.utter_message(response=names.UTTER_UNLINKED, place=place)
        return [checkin_on_event(self.journal, self.leader(tracker))]
