"""Check-ins: asking a leader, once, how a step they committed to went.

`action_checkin_open` runs at the start of a turn when bot.rasa.checkin_policy finds the
`checkin_on` slot due, or when the proactive scheduler triggers the intent EXTERNAL_checkin_due.
It confirms in the journal; if nothing is due (the slot was stale) it hands the leader's message
back untouched (ActionReverted, so the usual rules answer it), or for the external intent says
nothing. Otherwise it marks the commitment asked (once per commitment) and starts
`checkin_form`, which, like the reflection form, takes every message word for word:

    outcome -> (postpone_date) | helped -> next -> (new_date)

The form's progress lives in the `checkin_state` slot; every answer is written to the journal as
soon as it is given, so nothing is lost if the leader walks away. `action_finish_checkin` then
says what happens next, picks up the message that opened the check-in, and offers the menu.
"""
from __future__ import annotations

import abc
from collections.abc import Callable
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActionReverted, FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.journal import CHECKIN_ON_SLOT, TEAMS_CHANNEL, JournalAction, checkin_on_event
from actions.knowledge import response_text, send_answer
from actions.reflection import INTERRUPTION_MIN_CONFIDENCE, is_form_activation, understood_date
from bot.checkins.answers import POSTPONE, SKIPPED, read_reply
from bot.checkins.clock import spoken_date, today
from bot.checkins.service import checkin_date, checkin_to_open, postpone
from bot.coaching import Control, parse_control
from bot.journal import Commitment, JournalRepository, get_journal
from bot.knowledge import Knowledge, get_knowledge
from bot.safety import Concern, concern

STATE_SLOT = "checkin_state"
ANSWER_SLOT = "checkin_answer"
FORM = "checkin_form"
EXTERNAL_INTENT = "EXTERNAL_checkin_due"
# Stages of the form (checkin_state["stage"]).
OUTCOME, POSTPONE_DATE, HELPED, NEXT, NEW_DATE = "outcome", "postpone_date", "helped", "next", "new_date"
# Values of checkin_answer that end the form (action_finish_checkin reads them).
ENDED_DONE, ENDED_DISTRESS, ENDED_INTERRUPTED = "ended", "distress", "interrupted"
# Opening messages that need nothing more after the check-in than the menu.
NOTHING_TO_PICK_UP = frozenset({"greet", "goodbye", "thank", "affirm", "deny", "help", "nonsense",
                                "nlu_fallback", "out_of_scope", "bot_challenge", "explore_topics"})
HELPED_RESPONSES = {"done": "utter_checkin_ask_helped_done", "partly": "utter_checkin_ask_helped_partly",
                    "not_yet": "utter_checkin_ask_helped_not_yet"}
STATUS_RESPONSES = {"open": "utter_commitment_status_open", "asked": "utter_commitment_status_asked",
                    "done": "utter_commitment_status_done", "partly": "utter_commitment_status_partly",
                    "not_yet": "utter_commitment_status_not_yet", "skipped": "utter_commitment_status_skipped"}
NO_MORE = ("no", "nope", "no thanks", "no thank you", "not really", "i'd rather not", "id rather not",
           "don't", "dont", "leave it", "no need", "not this time", "that's fine", "thats fine")


class CheckinAction(JournalAction, metaclass=abc.ABCMeta):
    """Base for check-in actions: the journal, the knowledge base and the clock, all injectable.

    Needs from the domain: slots `checkin_on`, `checkin_state`, `checkin_answer`; form
    `checkin_form`; the `utter_checkin_*`, `utter_commitment*` and `utter_checkins_*` responses.
    """

    def __init__(self, journal: Callable[[], JournalRepository] = get_journal,
                 knowledge: Callable[[], Knowledge] = get_knowledge,
                 clock: Callable[[], date] = today) -> None:
        super().__init__(journal)
        self._knowledge = knowledge
        self.today = clock

    @abc.abstractmethod
    def name(self) -> str: ...


def new_state(commitment: Commitment, opening: dict | None) -> dict:
    """The form's state for a check-in on `commitment` (JSON only: it lives in a slot)."""
    return {"id": commitment.id, "text": commitment.text, "due": commitment.due_date.isoformat(),
            "exercise": commitment.exercise_id, "stage": OUTCOME, "outcome": None, "helped": None,
            "next": None, "opening": opening}


class ActionCheckinOpen(CheckinAction):
    """Open the check-in on the leader's earliest due commitment, or hand the turn back."""

    def name(self) -> str:
        return "action_checkin_open"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        sender = tracker.sender_id
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        text = tracker.latest_message.get("text") or ""
        external = intent == EXTERNAL_INTENT
        state = tracker.get_slot(STATE_SLOT)
        if not external and isinstance(state, dict) and state.get("stage"):
            return await self._carry_on(dispatcher, tracker, domain, text)
        commitment = checkin_to_open(self.journal, sender, self.today())
        if commitment is None or (not external and concern(text) is Concern.DISTRESS):
            # Nothing due after all (or their wellbeing comes first): the message gets its usual
            # answer, as if this action had never run; the proactive path says nothing.
            slot = checkin_on_event(self.journal, sender)
            return [slot, FollowupAction("action_listen")] if external else [ActionReverted(), slot]
        self.journal.mark_commitment_asked(sender, commitment.id)
        opening = None if external else {"text": text, "intent": intent}
        return [SlotSet(STATE_SLOT, new_state(commitment, opening)), SlotSet(ANSWER_SLOT, None),
                checkin_on_event(self.journal, sender), FollowupAction(FORM)]

    async def _carry_on(self, dispatcher, tracker, domain, text: str) -> list[dict]:
        """A check-in whose form ended with the session: this message answers its question."""
        form = ValidateCheckinForm(self._journal, self._knowledge, self.today)
        slots = await form.validate_checkin_answer(text, dispatcher, tracker, domain)
        events = [SlotSet(name, value) for name, value in slots.items()]
        if slots.get(ANSWER_SLOT):
            return [*events, FollowupAction("action_finish_checkin")]
        return [*events, SlotSet(ANSWER_SLOT, None), FollowupAction(FORM)]


class ActionAskCheckinAnswer(CheckinAction):
    """The form's question for the current stage."""

    def name(self) -> str:
        return "action_ask_checkin_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        state = tracker.get_slot(STATE_SLOT)
        if not isinstance(state, dict):
            return [SlotSet(ANSWER_SLOT, ENDED_DONE)]
        stage = state.get("stage")
        if stage == OUTCOME:
            due = date.fromisoformat(state["due"])
            dispatcher.utter_message(response="utter_checkin_question", commitment=state["text"],
                                     date=spoken_date(due, self.today()))
        elif stage == HELPED:
            dispatcher.utter_message(response=HELPED_RESPONSES[state["outcome"]])
        elif stage == NEXT:
            dispatcher.utter_message(response="utter_checkin_ask_next")
        elif stage == NEW_DATE:
            dispatcher.utter_message(response="utter_checkin_ask_new_date")
        elif stage == POSTPONE_DATE:
            dispatcher.utter_message(response="utter_checkin_ask_postpone_date")
        return []


class ValidateCheckinForm(FormValidationAction):
    """Every message while the check-in runs, word for word: an outcome, an answer, a date."""

    def __init__(self, journal: Callable[[], JournalRepository] = get_journal,
                 knowledge: Callable[[], Knowledge] = get_knowledge,
                 clock: Callable[[], date] = today) -> None:
        self._journal = journal
        self._knowledge = knowledge
        self.today = clock

    def name(self) -> str:
        return "validate_checkin_form"

    @property
    def journal(self) -> JournalRepository:
        return self._journal()

    async def validate_checkin_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        state = tracker.get_slot(STATE_SLOT)
        if not isinstance(state, dict) or "id" not in state:
            return {ANSWER_SLOT: ENDED_DONE}
        if is_form_activation(tracker):
            return {ANSWER_SLOT: None}  # the message that opened the check-in is not its answer
        text = (value if isinstance(value, str) else "").strip()
        if not text or text.startswith("/"):
            return {ANSWER_SLOT: None}  # an old button: ask again
        if concern(text) is Concern.DISTRESS:
            return self._end(state, ENDED_DISTRESS)
        if self._intent(tracker, "stop_checkins") and "check" in text.lower():
            self.journal.set_preferences(tracker.sender_id, checkins_enabled=False)
            self._close(tracker, state, SKIPPED)
            dispatcher.utter_message(response="utter_checkins_stopped")
            return self._end(state, ENDED_DONE)
        stage = state.get("stage")
        if stage == OUTCOME:
            return self._outcome(text, dispatcher, tracker, domain, state)
        if stage == POSTPONE_DATE:
            return self._postpone_date(text, dispatcher, tracker, state)
        if stage == HELPED:
            return self._helped(text, tracker, state)
        if stage == NEXT:
            return self._next(text, dispatcher, tracker, state)
        if stage == NEW_DATE:
            return self._new_date(text, dispatcher, tracker, state)
        return self._end(state, ENDED_DONE)

    @staticmethod
    def _intent(tracker: Tracker, name: str) -> bool:
        intent = tracker.latest_message.get("intent") or {}
        return intent.get("name") == name and (intent.get("confidence") or 0) >= INTERRUPTION_MIN_CONFIDENCE

    def _outcome(self, text, dispatcher, tracker, domain, state) -> dict[str, Any]:
        reply = read_reply(text, self.today())
        if reply.outcome is None:
            if self._intent(tracker, "ask_question") and text.endswith("?"):
                hit = self._knowledge().index.best(text)
                if hit is not None:  # a real question: answer it; the check-in stays as it is
                    send_answer(dispatcher, domain, self._knowledge().kb, hit.entry)
                    return self._end(state, ENDED_INTERRUPTED)
            dispatcher.utter_message(response="utter_checkin_not_understood")
            return {ANSWER_SLOT: None}
        if reply.outcome == POSTPONE:
            if reply.new_date is None:
                return self._stage(state, POSTPONE_DATE)
            return self._postpone(dispatcher, tracker, state, reply.new_date)
        self._close(tracker, state, reply.outcome)
        if reply.outcome == SKIPPED:
            dispatcher.utter_message(response="utter_checkin_skipped")
            return self._end(state, ENDED_DONE)
        return self._stage({**state, "outcome": reply.outcome}, HELPED)

    def _postpone_date(self, text, dispatcher, tracker, state) -> dict[str, Any]:
        if parse_control(text) in (Control.SKIP, Control.STOP):
            self._close(tracker, state, SKIPPED)
            dispatcher.utter_message(response="utter_checkin_skipped")
            return self._end(state, ENDED_DONE)
        new_date = understood_date(text, self.today())
        if new_date is None or new_date <= self.today():
            dispatcher.utter_message(response="utter_commitment_date_unclear")
            return {ANSWER_SLOT: None}
        return self._postpone(dispatcher, tracker, state, new_date)

    def _postpone(self, dispatcher, tracker, state, new_date: date) -> dict[str, Any]:
        postpone(self.journal, tracker.sender_id, state["id"], new_date)
        dispatcher.utter_message(response="utter_checkin_postponed", date=spoken_date(new_date, self.today()))
        return self._end(state, ENDED_DONE)

    def _helped(self, text, tracker, state) -> dict[str, Any]:
        control = parse_control(text)
        if control is Control.STOP:
            return self._end(state, ENDED_DONE)
        if control is not Control.SKIP:
            self.journal.record_checkin(tracker.sender_id, state["id"], state["outcome"], helped=text)
            state = {**state, "helped": text}
        return self._stage(state, NEXT)

    def _next(self, text, dispatcher, tracker, state) -> dict[str, Any]:
        if parse_control(text) in (Control.SKIP, Control.STOP):
            return self._end(state, ENDED_DONE)
        self.journal.record_checkin(tracker.sender_id, state["id"], state["outcome"], next_step=text)
        state = {**state, "next": text}
        due = understood_date(text, self.today())
        if due is None:
            return self._stage(state, NEW_DATE)
        return self._commit(dispatcher, tracker, state, due)

    def _new_date(self, text, dispatcher, tracker, state) -> dict[str, Any]:
        words = " ".join(text.lower().replace("\u2019", "'").split()).strip(" .!")
        if parse_control(text) in (Control.SKIP, Control.STOP) or words.startswith(NO_MORE) \
                or self._intent(tracker, "deny"):
            dispatcher.utter_message(response="utter_checkin_no_new_date")
            return self._end(state, ENDED_DONE)
        due = understood_date(text, self.today())
        if due is None:
            dispatcher.utter_message(response="utter_commitment_date_unclear")
            return {ANSWER_SLOT: None}
        return self._commit(dispatcher, tracker, state, due)

    def _commit(self, dispatcher, tracker, state, due: date) -> dict[str, Any]:
        """Their next step becomes a new commitment, checked in on like the first."""
        sender = tracker.sender_id
        commitment_id = self.journal.add_commitment(sender, state["next"], due, exercise_id=state.get("exercise"))
        day = checkin_date(self.journal.get_commitment(sender, commitment_id))
        dispatcher.utter_message(response="utter_commitment_date_said_back", date=spoken_date(day, self.today()))
        return self._end({**state, "new_commitment": commitment_id}, ENDED_DONE)

    def _close(self, tracker, state, outcome: str) -> None:
        self.journal.record_checkin(tracker.sender_id, state["id"], outcome)

    @staticmethod
    def _stage(state: dict, stage: str) -> dict[str, Any]:
        return {STATE_SLOT: {**state, "stage": stage}, ANSWER_SLOT: None}

    @staticmethod
    def _end(state: dict, why: str) -> dict[str, Any]:
        return {STATE_SLOT: {**state, "stage": None}, ANSWER_SLOT: why}


class ActionFinishCheckin(CheckinAction):
    """After the form: thanks, what happens next, the message that opened it, and the menu."""

    def name(self) -> str:
        return "action_finish_checkin"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        why = tracker.get_slot(ANSWER_SLOT)
        state = tracker.get_slot(STATE_SLOT) if isinstance(tracker.get_slot(STATE_SLOT), dict) else {}
        events = [SlotSet(ANSWER_SLOT, None), SlotSet(STATE_SLOT, None), checkin_on_event(self.journal, tracker.sender_id)]
        # Always listen next: this action also runs straight after action_checkin_open, where no
        # rule says what follows.
        listen = FollowupAction("action_listen")
        if why == ENDED_DISTRESS:
            dispatcher.utter_message(response="utter_distress_support")
            return [*events, listen]
        if why == ENDED_INTERRUPTED:
            return [*events, listen]
        if state.get("outcome") and state["outcome"] != SKIPPED:
            dispatcher.utter_message(response="utter_checkin_saved")
        return [*events, *self._pick_up(dispatcher, state.get("opening"), domain), listen]

    def _pick_up(self, dispatcher: CollectingDispatcher, opening: Any, domain: dict[str, Any]) -> list[dict]:
        """Answer the question that opened the check-in, or say it back so it is not lost."""
        text = opening.get("text") or "" if isinstance(opening, dict) else ""
        intent = opening.get("intent") if isinstance(opening, dict) else None
        if text and not text.startswith("/") and intent not in NOTHING_TO_PICK_UP:
            if intent == "ask_question":
                hit = self._knowledge().index.best(text)
                if hit is not None:
                    return send_answer(dispatcher, domain, self._knowledge().kb, hit.entry)
            dispatcher.utter_message(response="utter_checkin_earlier_message", words=text)
        dispatcher.utter_message(response="utter_checkin_what_now")
        return []


def _status(domain: dict[str, Any], commitment: Commitment, on: date) -> str:
    if commitment.status == "open" and commitment.asked_at is not None:
        return response_text(domain, STATUS_RESPONSES["asked"])
    if commitment.status == "open":
        day = checkin_date(commitment)
        return response_text(domain, STATUS_RESPONSES["open"]).replace("{date}", spoken_date(day, on))
    return response_text(domain, STATUS_RESPONSES[commitment.status])


class ActionShowCommitments(CheckinAction):
    """The leader's commitments, newest first, with dates and how each went."""

    def name(self) -> str:
        return "action_show_commitments"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        sender, on = tracker.sender_id, self.today()
        commitments = [c for c in self.journal.list_commitments(sender) if c.due_date is not None]
        if not commitments:
            dispatcher.utter_message(response="utter_commitments_empty")
            return [checkin_on_event(self.journal, sender)]
        lines = "\n".join(f'- "{" ".join(c.text.split())}", by {spoken_date(c.due_date, on)}: {_status(domain, c, on)}'
                          for c in commitments[:20])
        dispatcher.utter_message(response="utter_commitments_list", commitments=lines)
        if not self.journal.get_preferences(sender).checkins_enabled:
            dispatcher.utter_message(response="utter_commitments_checkins_off")
        return [checkin_on_event(self.journal, sender)]


class ActionStopCheckins(CheckinAction):
    def name(self) -> str:
        return "action_stop_checkins"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        self.journal.set_preferences(tracker.sender_id, checkins_enabled=False)
        dispatcher.utter_message(response="utter_checkins_stopped")
        return [SlotSet(CHECKIN_ON_SLOT, None)]


class ActionStartCheckins(CheckinAction):
    def name(self) -> str:
        return "action_start_checkins"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        self.journal.set_preferences(tracker.sender_id, checkins_enabled=True)
        dispatcher.utter_message(response="utter_checkins_started")
        return [checkin_on_event(self.journal, tracker.sender_id)]


class ActionRestart(CheckinAction):
    """Rasa's `action_restart` ("start again"), keeping the leader's next check-in.

    A restart clears the conversation and every slot, `checkin_on` too, so a commitment made
    before it would never be checked in on. The journal still has it: the restarted conversation
    gets the slot back, the same way a saved commitment sets it.
    """

    def name(self) -> str:
        return "action_restart"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        dispatcher.utter_message(response="utter_restart")
        return [Restarted(), checkin_on_event(self.journal, tracker.sender_id)]


class ActionTeamsRemindersOn(CheckinAction):
    """Reminders are sent in Teams, so they are switched on only from a Teams conversation."""

    def name(self) -> str:
        return "action_teams_reminders_on"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        if tracker.get_latest_input_channel() != TEAMS_CHANNEL:
            dispatcher.utter_message(response="utter_teams_reminders_elsewhere")
            return []
        # Asking for reminders is asking for check-ins: both go on.
        self.journal.set_preferences(tracker.sender_id, checkins_enabled=True, teams_reminders=True)
        dispatcher.utter_message(response="utter_teams_reminders_on")
        return [checkin_on_event(self.journal, tracker.sender_id)]
