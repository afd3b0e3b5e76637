"""Check-ins: asking a leader, once, how a step they committed to went.

`action_checkin_open` runs at the start of a turn when bot.rasa.checkin_policy finds the
`checkin_on` slot due, or when the proactive scheduler triggers the intent EXTERNAL_checkin_due.
It confirms in the journal; if nothing is due (the slot was stale) it hands the leader's message
back untouched (ActionReverted, so the usual rules answer it), or for the external intent says
nothing. Otherwise it marks the commitment asked (once per commitment) and starts
`checkin_form`, which, like the reflection form, takes every message word for word.

The conversation itself (its stages, how a reply is read, what is saved) is plain code in
bot/checkins/conversation.py; these actions read the slots, call it, write what it says to save
to the journal as soon as each answer is given (nothing is lost if the leader walks away), and
send its responses. `action_finish_checkin` then says what happens next, picks up the message
that opened the check-in, and offers the menu.
"""
from __future__ import annotations

import abc
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActionReverted, FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.common import (
    TEAMS_CHANNEL,
    JournalAction,
    answer_found,
    answer_mid_form,
    checkin_on_event,
    is_form_activation,
    leader,
    not_about_own_data,
    response_text,
    say_signpost,
)
from bot import names, steps
from bot.checkins import conversation
from bot.checkins.clock import spoken_date, today
from bot.checkins.conversation import ENDED_DISTRESS, ENDED_DONE, ENDED_INTERRUPTED, ESCAPED, Turn
from bot.checkins.service import checkin_date, checkin_to_open, postpone
from bot.dialogue import confident_intent
from bot.journal import Commitment, JournalRepository, get_journal
from bot.knowledge import Knowledge, get_knowledge
from bot.safety import safety_step

STATE_SLOT = names.CHECKIN_STATE_SLOT
ANSWER_SLOT = names.CHECKIN_ANSWER_SLOT
STATUS_RESPONSES = {"open": names.UTTER_COMMITMENT_STATUS_OPEN, "asked": names.UTTER_COMMITMENT_STATUS_ASKED,
                    "done": names.UTTER_COMMITMENT_STATUS_DONE, "partly": names.UTTER_COMMITMENT_STATUS_PARTLY,
                    "not_yet": names.UTTER_COMMITMENT_STATUS_NOT_YET,
                    "skipped": names.UTTER_COMMITMENT_STATUS_SKIPPED}


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


class ActionCheckinOpen(CheckinAction):
    """Open the check-in on the leader's earliest due commitment, or hand the turn back."""

    def name(self) -> str:
        return names.ACTION_CHECKIN_OPEN

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        sender = self.leader(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        text = tracker.latest_message.get("text") or ""
        external = intent == names.EXTERNAL_CHECKIN_DUE_INTENT
        if not external and conversation.is_unfinished(tracker.get_slot(STATE_SLOT)):
            return await self._carry_on(dispatcher, tracker, domain, text)
        commitment = checkin_to_open(self.journal, sender, self.today())
        if commitment is None or (not external and safety_step(text, tracker.latest_message.get("intent")).signposts):
            # Nothing due after all (or their wellbeing comes first): the message gets its usual
            # answer, as if this action had never run; the proactive path says nothing.
            slot = checkin_on_event(self.journal, sender)
            return [slot, FollowupAction(names.ACTION_LISTEN)] if external else [ActionReverted(), slot]
        self.journal.mark_commitment_asked(sender, commitment.id)
        opening = None if external else {"text": text, "intent": intent}
        return [SlotSet(STATE_SLOT, conversation.new_state(commitment, opening)), SlotSet(ANSWER_SLOT, None),
                checkin_on_event(self.journal, sender), FollowupAction(names.CHECKIN_FORM)]

    async def _carry_on(self, dispatcher, tracker, domain, text: str) -> list[dict]:
        """A check-in whose form ended with the session: this message answers its question."""
        form = ValidateCheckinForm(self._journal, self._knowledge, self.today)
        slots = await form.validate_checkin_answer(text, dispatcher, tracker, domain)
        events = [SlotSet(name, value) for name, value in slots.items()]
        if slots.get(ANSWER_SLOT):
            return [*events, FollowupAction(names.ACTION_FINISH_CHECKIN)]
        return [*events, SlotSet(ANSWER_SLOT, None), FollowupAction(names.CHECKIN_FORM)]


class ActionAskCheckinAnswer(CheckinAction):
    """The form's question for the current stage."""

    def name(self) -> str:
        return names.ACTION_ASK_CHECKIN_ANSWER

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        state = tracker.get_slot(STATE_SLOT)
        if not isinstance(state, dict):
            return [SlotSet(ANSWER_SLOT, ENDED_DONE)]
        question = conversation.question(state)
        if question is not None and question.due is not None:
            dispatcher.utter_message(response=question.response, commitment=question.commitment,
                                     date=spoken_date(question.due, self.today()))
        elif question is not None:
            dispatcher.utter_message(response=question.response)
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
        return names.VALIDATE_CHECKIN_FORM

    @property
    def journal(self) -> JournalRepository:
        return self._journal()

    async def validate_checkin_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        state = tracker.get_slot(STATE_SLOT)
        if not conversation.is_running(state):
            return {ANSWER_SLOT: ENDED_DONE}
        if is_form_activation(tracker):
            return {ANSWER_SLOT: None}  # the message that opened the check-in is not its answer
        text = (value if isinstance(value, str) else "").strip()
        intent = tracker.latest_message.get("intent")
        turn = conversation.reply(state, text, confident_intent(intent), self.today())
        if turn.answerable and answer_mid_form(dispatcher, domain, self._knowledge(), text, intent):
            # A real question: answered instead of the check-in, which saves nothing for it.
            return self._slots(conversation.end(state, ENDED_INTERRUPTED))
        new_commitment = self._save(leader(self.journal, tracker), state, turn)
        if new_commitment is not None:  # its check-in day is said back
            day = checkin_date(new_commitment)
            turn = replace(turn, state={**turn.state, "new_commitment": new_commitment.id}, say_date=day)
        if turn.say is not None and turn.say_date is not None:
            dispatcher.utter_message(response=turn.say, date=spoken_date(turn.say_date, self.today()))
        elif turn.say is not None:
            dispatcher.utter_message(response=turn.say)
        return self._slots(turn)

    def _save(self, sender: str, state: dict, turn: Turn) -> Commitment | None:
        """Write what the reply gave to the journal; returns the new commitment, if it made one."""
        save = turn.save
        if save.stop_checkins:
            self.journal.set_preferences(sender, checkins_enabled=False)
        if save.outcome is not None:
            self.journal.record_checkin(sender, state["id"], save.outcome, helped=save.helped,
                                        next_step=save.next_step)
        if save.postpone_to is not None:
            postpone(self.journal, sender, state["id"], save.postpone_to)
        if save.new_commitment is None:
            return None
        step = save.new_commitment
        commitment_id = self.journal.add_commitment(sender, step.text, step.due, exercise_id=step.exercise_id)
        return self.journal.get_commitment(sender, commitment_id)

    @staticmethod
    def _slots(turn: Turn) -> dict[str, Any]:
        slots: dict[str, Any] = {} if turn.state is None else {STATE_SLOT: turn.state}
        return {**slots, ANSWER_SLOT: turn.ended}


class ActionFinishCheckin(CheckinAction):
    """After the form: thanks, what happens next, the message that opened it, and the menu."""

    def name(self) -> str:
        return names.ACTION_FINISH_CHECKIN

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        why = tracker.get_slot(ANSWER_SLOT)
        state = tracker.get_slot(STATE_SLOT) if isinstance(tracker.get_slot(STATE_SLOT), dict) else {}
        events = [SlotSet(ANSWER_SLOT, None), SlotSet(STATE_SLOT, None), checkin_on_event(self.journal, self.leader(tracker))]
        # Always listen next: this action also runs straight after action_checkin_open, where no
        # rule says what follows.
        listen = FollowupAction(names.ACTION_LISTEN)
        if why == ENDED_DISTRESS:
            say_signpost(dispatcher, tracker)
            return [*events, listen]
        if why == ENDED_INTERRUPTED:
            return [*events, listen]
        if isinstance(why, str) and why.removeprefix(ESCAPED) in steps.ESCAPE_ACTIONS:
            return [*events, FollowupAction(why.removeprefix(ESCAPED))]
        if conversation.saved_outcome(state):
            dispatcher.utter_message(response=names.UTTER_CHECKIN_SAVED)
        return [*events, *self._pick_up(dispatcher, state.get("opening"), domain), listen]

    def _pick_up(self, dispatcher: CollectingDispatcher, opening: Any, domain: dict[str, Any]) -> list[dict]:
        """Answer the question that opened the check-in, or say it back so it is not lost."""
        pick_up = conversation.pick_up(opening)
        if pick_up is not None:
            answered = answer_found(dispatcher, domain, self._knowledge(), pick_up.text) if pick_up.question else None
            if answered is not None:
                return answered
            dispatcher.utter_message(response=names.UTTER_CHECKIN_EARLIER_MESSAGE, words=pick_up.text)
        dispatcher.utter_message(response=names.UTTER_CHECKIN_WHAT_NOW)
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
        return names.ACTION_SHOW_COMMITMENTS

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        handed = not_about_own_data(tracker)
        if handed is not None:
            return handed
        sender, on = self.leader(tracker), self.today()
        commitments = [c for c in self.journal.list_commitments(sender) if c.due_date is not None]
        if not commitments:
            dispatcher.utter_message(response=names.UTTER_COMMITMENTS_EMPTY)
            return [checkin_on_event(self.journal, sender)]
        lines = "\n".join(f'- "{" ".join(c.text.split())}", by {spoken_date(c.due_date, on)}: {_status(domain, c, on)}'
                          for c in commitments[:20])
        dispatcher.utter_message(response=names.UTTER_COMMITMENTS_LIST, commitments=lines)
        if not self.journal.get_preferences(sender).checkins_enabled:
            dispatcher.utter_message(response=names.UTTER_COMMITMENTS_CHECKINS_OFF)
        return [checkin_on_event(self.journal, sender)]


class ActionStopCheckins(CheckinAction):
    def name(self) -> str:
        return names.ACTION_STOP_CHECKINS

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        handed = not_about_own_data(tracker)
        if handed is not None:
            return handed
        self.journal.set_preferences(self.leader(tracker), checkins_enabled=False)
        dispatcher.utter_message(response=names.UTTER_CHECKINS_STOPPED)
        return [SlotSet(names.CHECKIN_ON_SLOT, None)]


class ActionStartCheckins(CheckinAction):
    def name(self) -> str:
        return names.ACTION_START_CHECKINS

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        self.journal.set_preferences(self.leader(tracker), checkins_enabled=True)
        dispatcher.utter_message(response=names.UTTER_CHECKINS_STARTED)
        return [checkin_on_event(self.journal, self.leader(tracker))]


class ActionRestart(CheckinAction):
    """Rasa's `action_restart` ("start again"), keeping the leader's next check-in.

    A restart clears the conversation and every slot, `checkin_on` too, so a commitment made
    before it would never be checked in on. The journal still has it: the restarted conversation
    gets the slot back, the same way a saved commitment sets it.
    """

    def name(self) -> str:
        return names.ACTION_RESTART

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        dispatcher.utter_message(response=names.UTTER_RESTART)
        return [Restarted(), checkin_on_event(self.journal, self.leader(tracker))]


class ActionTeamsRemindersOn(CheckinAction):
    """Reminders are sent in Teams, so they are switched on only from a Teams conversation."""

    def name(self) -> str:
        return names.ACTION_TEAMS_REMINDERS_ON

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        if tracker.get_latest_input_channel() != TEAMS_CHANNEL:
            dispatcher.utter_message(response=names.UTTER_TEAMS_REMINDERS_ELSEWHERE)
            return []
        # Asking for reminders is asking for check-ins: both go on.
        self.journal.set_preferences(self.leader(tracker), checkins_enabled=True, teams_reminders=True)
        dispatcher.utter_message(response=names.UTTER_TEAMS_REMINDERS_ON)
        return [checkin_on_event(self.journal, self.leader(tracker))]
