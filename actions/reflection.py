"""Reflective exercises: start, ask, capture answers verbatim, pause/resume, finish and save.

The exercise runs as the Rasa form `reflection_form` with one required slot, `reflection_answer`,
filled from the whole text of every message. While the form is active, Rasa gives it every
message, so intent classification never hijacks an answer ("I think we should stop the pilot"
is an answer). Only a message that is nothing but a control (stop, pause, skip, back) acts as
one. The exercise's state lives in the `reflection_state` slot, so it survives a restart.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.knowledge import TOPIC_ENTITY, KnowledgeAction, response_text, send_answer, topic_button
from bot import coaching
from bot.checkins.clock import spoken_date, today
from bot.checkins.dates import parse_due_date
from bot.checkins.day import checkin_day
from bot.coaching import Control, Exercise
from bot.knowledge import Knowledge, get_knowledge
from bot.safety import Concern, concern

logger = logging.getLogger(__name__)

STATE_SLOT = "reflection_state"
ANSWER_SLOT = "reflection_answer"
EXERCISE_ENTITY = "exercise"
CONFIRM_SLOT = "pending_confirmation"
# Values of reflection_answer that end the form, and why (action_finish_reflection reads them).
ENDED_COMPLETED, ENDED_PAUSED, ENDED_STOPPED = "completed", "paused", "stopped"
ENDED_DISTRESS, ENDED_INTERRUPTED = "distress", "interrupted"
# How sure the classifier must be before a question mid-exercise is taken as a question for the
# knowledge base rather than as the leader's answer.
INTERRUPTION_MIN_CONFIDENCE = 0.85
ERROR_RESPONSES = {"scale": "utter_scale_invalid", "empty": "utter_scale_invalid", "at_start": "utter_at_start"}


# The actions that start our forms with FollowupAction. Rasa validates the triggering message
# when a form activates; that message is a request ("I want to reflect"), not an answer.
FORM_STARTERS = frozenset({"action_start_reflection", "action_resume_reflection",
                           "action_find_programme", "action_more_programmes", "action_checkin_open"})


def is_form_activation(tracker: Tracker) -> bool:
    """True while a form validates the message that started it (see FORM_STARTERS): a starter
    action ran after the latest user message, so that message was the request."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") in FORM_STARTERS:
            return True
    return False


def understood_date(text: str, on: date) -> date | None:
    """The due date the leader's words name, if it is today or later; else None."""
    due = parse_due_date(text, on)
    return due if due is not None and due >= on else None


def say_checkin_day(dispatcher: CollectingDispatcher, due: date, on: date) -> None:
    """'I'll check in with you on or after Friday 4 December to see how it went.'"""
    dispatcher.utter_message(response="utter_commitment_date_said_back",
                             date=spoken_date(checkin_day(due, on), on))


def exercise_button(exercise: Exercise) -> dict[str, str]:
    return {"title": exercise.title, "payload": "/start_reflection" + json.dumps({EXERCISE_ENTITY: exercise.id})}


def continue_button(domain: dict[str, Any]) -> dict[str, str]:
    return {"title": response_text(domain, "utter_button_continue_reflection"), "payload": "/resume_reflection"}


class ReflectionMixin:
    """Access to the exercises and the state slot; tests inject small exercises."""

    exercises: Callable[[], dict[str, Exercise]] = staticmethod(coaching.get_exercises)

    def current(self, tracker: Tracker) -> tuple[Exercise | None, dict | None]:
        """The exercise and its (validated) state from the slot, or (None, None)."""
        state = tracker.get_slot(STATE_SLOT)
        if not isinstance(state, dict):
            return None, None
        exercise = self.exercises().get(state.get("exercise"))
        if exercise is None:
            return None, None
        return exercise, coaching.restore(exercise, state)

    @staticmethod
    def send_prompt(dispatcher: CollectingDispatcher, exercise: Exercise, state: dict) -> None:
        question = coaching.prompt(exercise, state)
        if question is not None:
            dispatcher.utter_message(text=question.text, buttons=[b.as_dict() for b in question.buttons])


class ActionStartReflection(ReflectionMixin, KnowledgeAction):
    """Start the exercise the leader chose or whose words fit one; otherwise offer the list."""

    def __init__(self, knowledge: Callable[[], Knowledge] = get_knowledge,
                 exercises: Callable[[], dict[str, Exercise]] | None = None) -> None:
        super().__init__(knowledge)
        if exercises is not None:
            self.exercises = exercises

    def name(self) -> str:
        return "action_start_reflection"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        text = tracker.latest_message.get("text") or ""
        if self.signpost_concern(dispatcher, text):
            return []
        exercises = self.exercises()
        chosen = next(tracker.get_latest_entity_values(EXERCISE_ENTITY), None)
        exercise = exercises.get(chosen) if chosen else None
        if exercise is None and not text.startswith("/"):
            exercise = coaching.suggest_exercise(text, exercises)
        if exercise is None:
            dispatcher.utter_message(response="utter_choose_exercise",
                                     buttons=[exercise_button(e) for e in exercises.values()])
            return []
        dispatcher.utter_message(text=f"**{exercise.title}**\n\n{exercise.introduction}")
        dispatcher.utter_message(response="utter_reflection_controls")
        return [SlotSet(STATE_SLOT, coaching.start(exercise)), SlotSet(ANSWER_SLOT, None),
                FollowupAction("reflection_form")]


class ActionAskReflectionAnswer(ReflectionMixin, KnowledgeAction):
    """The form's question: the pending prompt of the exercise."""

    def name(self) -> str:
        return "action_ask_reflection_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        exercise, state = self.current(tracker)
        if exercise is None:
            return [SlotSet(ANSWER_SLOT, ENDED_STOPPED)]
        if coaching.awaiting_date(state):
            dispatcher.utter_message(response="utter_ask_commitment_date")
            return []
        self.send_prompt(dispatcher, exercise, state)
        return []


class ValidateReflectionForm(ReflectionMixin, FormValidationAction):
    """Every message while the form runs: a control, a concern, a question, or an answer."""

    def __init__(self, knowledge: Callable[[], Knowledge] = get_knowledge,
                 exercises: Callable[[], dict[str, Exercise]] | None = None,
                 clock: Callable[[], date] = today) -> None:
        self._knowledge = knowledge
        self._today = clock
        if exercises is not None:
            self.exercises = exercises

    def name(self) -> str:
        return "validate_reflection_form"

    async def validate_reflection_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        exercise, state = self.current(tracker)
        if exercise is None or state is None:
            return {ANSWER_SLOT: ENDED_STOPPED}
        text = value if isinstance(value, str) else ""
        if is_form_activation(tracker):
            return {ANSWER_SLOT: None}

        if text.startswith("/"):
            return self._payload(text, dispatcher, tracker, domain, exercise, state)
        if concern(text) is Concern.DISTRESS:
            # Their wellbeing first: pause (keeping the answers) and signpost support.
            return self._end(coaching.pause(exercise, state).state, ENDED_DISTRESS)

        control = coaching.parse_control(text)
        if control is Control.STOP:
            return self._end(coaching.stop(exercise, state).state, ENDED_STOPPED)
        if control is Control.PAUSE:
            return self._end(coaching.pause(exercise, state).state, ENDED_PAUSED)
        if coaching.awaiting_date(state):
            return self._commitment_date(text, control, dispatcher, exercise, state)
        if control in (Control.SKIP, Control.BACK):
            move = coaching.skip if control is Control.SKIP else coaching.back
            return self._after(move(exercise, state), dispatcher)

        if self._is_knowledge_question(text, tracker):
            hit = self._knowledge().index.best(text)
            if hit is not None:
                send_answer(dispatcher, domain, self._knowledge().kb, hit.entry)
                return self._end(coaching.pause(exercise, state).state, ENDED_INTERRUPTED)
        result = coaching.answer(exercise, state, text)
        said_back = None if result.error else coaching.acknowledgement(exercise, state["pending"], text)
        if said_back:
            dispatcher.utter_message(text=said_back)
        if not result.error and coaching.awaiting_date(result.state):
            # A commitment step: keep their words and the date they name, or ask just for the date.
            due = understood_date(text, self._today())
            if due is None:
                return {STATE_SLOT: result.state, ANSWER_SLOT: None}
            say_checkin_day(dispatcher, due, self._today())
            result = coaching.Result(coaching.set_commitment_date(result.state, due.isoformat()))
        return self._after(result, dispatcher)

    def _commitment_date(self, text, control, dispatcher, exercise, state) -> dict[str, Any]:
        """The reply to "By when would you like to do this?": a date, skip (no check-in) or back."""
        if control is Control.SKIP:
            return self._after(coaching.Result(coaching.drop_commitment(state)), dispatcher)
        if control is Control.BACK:
            return self._after(coaching.back(exercise, coaching.drop_commitment(state)), dispatcher)
        due = understood_date(text, self._today())
        if due is None:
            dispatcher.utter_message(response="utter_commitment_date_unclear")
            return {ANSWER_SLOT: None}
        say_checkin_day(dispatcher, due, self._today())
        return self._after(coaching.Result(coaching.set_commitment_date(state, due.isoformat())), dispatcher)

    @staticmethod
    def _is_knowledge_question(text: str, tracker: Tracker) -> bool:
        intent = tracker.latest_message.get("intent") or {}
        return (text.rstrip().endswith("?") and intent.get("name") == "ask_question"
                and (intent.get("confidence") or 0) >= INTERRUPTION_MIN_CONFIDENCE)

    def _payload(self, text, dispatcher, tracker, domain, exercise, state) -> dict[str, Any]:
        """A button from an earlier message: a topic is answered; anything else re-asks."""
        entry_id = next(tracker.get_latest_entity_values(TOPIC_ENTITY), None)
        kb = self._knowledge().kb
        if text.startswith("/ask_question") and entry_id in kb.entries:
            send_answer(dispatcher, domain, kb, kb.entries[entry_id])
            return self._end(coaching.pause(exercise, state).state, ENDED_INTERRUPTED)
        return {ANSWER_SLOT: None}

    def _after(self, result: coaching.Result, dispatcher: CollectingDispatcher) -> dict[str, Any]:
        if result.error:
            dispatcher.utter_message(response=ERROR_RESPONSES.get(result.error, "utter_scale_invalid"))
            return {ANSWER_SLOT: None}
        if coaching.is_complete(result.state) and not coaching.awaiting_date(result.state):
            return self._end(result.state, ENDED_COMPLETED)
        return {STATE_SLOT: result.state, ANSWER_SLOT: None}

    @staticmethod
    def _end(state: dict, why: str) -> dict[str, Any]:
        return {STATE_SLOT: state, ANSWER_SLOT: why}


class ActionFinishReflection(ReflectionMixin, KnowledgeAction):
    """After the form: the summary and next steps with a save offer, or why it ended."""

    def name(self) -> str:
        return "action_finish_reflection"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        why = tracker.get_slot(ANSWER_SLOT)
        exercise, state = self.current(tracker)
        events: list[dict] = [SlotSet(ANSWER_SLOT, None)]
        if exercise is None:
            return events
        if why == ENDED_DISTRESS:
            dispatcher.utter_message(response="utter_distress_support")
            dispatcher.utter_message(response="utter_reflection_paused", buttons=[continue_button(domain)])
        elif why == ENDED_INTERRUPTED:
            dispatcher.utter_message(response="utter_reflection_interrupted", buttons=[continue_button(domain)])
        elif why == ENDED_PAUSED:
            dispatcher.utter_message(response="utter_reflection_paused", buttons=[continue_button(domain)])
        elif why == ENDED_STOPPED:
            dispatcher.utter_message(response="utter_reflection_stopped")
            events.append(SlotSet(STATE_SLOT, None))
        else:
            dispatcher.utter_message(response="utter_reflection_summary_intro")
            dispatcher.utter_message(text=coaching.summary(exercise, state))
            dispatcher.utter_message(response="utter_next_steps_intro",
                                     buttons=self._next_step_buttons(exercise))
            dispatcher.utter_message(response="utter_offer_save", buttons=yes_no_buttons(domain))
            events.append(SlotSet(CONFIRM_SLOT, "save"))
        return events

    def _next_step_buttons(self, exercise: Exercise) -> list[dict[str, str]]:
        kb = self.knowledge.kb
        buttons = []
        for step in coaching.next_steps(exercise):
            if step.kind == "topic" and step.ref in kb.entries:
                buttons.append(topic_button(step.title, step.ref))
            elif step.kind in ("programme", "network"):
                # The finder then knows what the leader wants and asks only role and sector.
                buttons.append({"title": step.title, "payload": "/find_programme" + json.dumps({"want": step.kind})})
        return buttons


def yes_no_buttons(domain: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {"title": response_text(domain, "utter_button_yes"), "payload": "/affirm"},
        {"title": response_text(domain, "utter_button_no"), "payload": "/deny"},
    ]


class ActionResumeReflection(ReflectionMixin, KnowledgeAction):
    def name(self) -> str:
        return "action_resume_reflection"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        exercise, state = self.current(tracker)
        if exercise is None or state is None or state.get("status") != "paused":
            dispatcher.utter_message(response="utter_nothing_to_resume",
                                     buttons=[exercise_button(e) for e in self.exercises().values()])
            return []
        resumed = coaching.resume(exercise, state).state
        dispatcher.utter_message(response="utter_reflection_resumed")
        return [SlotSet(STATE_SLOT, resumed), SlotSet(ANSWER_SLOT, None), FollowupAction("reflection_form")]
