"""Reflective exercises: start, ask, capture answers verbatim, pause/resume, finish and save.

The exercise runs as the Rasa form `reflection_form` with one required slot, `reflection_answer`,
filled from the whole text of every message. While the form is active, Rasa gives it every
message, so intent classification never hijacks an answer ("I think we should stop the pilot"
is an answer). Only a message that is nothing but a control (stop, pause, skip, back) acts as
one. The exercise's state lives in the `reflection_state` slot, so it survives a restart.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.common import (
    KnowledgeAction,
    ReflectionMixin,
    answer_mid_form,
    is_form_activation,
    payload,
    response_text,
    say_signpost,
    send_answer,
    signposts_in_form,
    topic_button,
    yes_no_buttons,
)
from bot import coaching, names
from bot.checkins.clock import spoken_date, today
from bot.checkins.dates import future_due_date
from bot.checkins.day import checkin_day
from bot.coaching import Control, Exercise
from bot.coaching.engine import AT_START, EMPTY, SCALE
from bot.knowledge import Knowledge, get_knowledge
from bot.understanding import Route

logger = logging.getLogger(__name__)

STATE_SLOT = names.REFLECTION_STATE_SLOT
ANSWER_SLOT = names.REFLECTION_ANSWER_SLOT
CONFIRM_SLOT = names.PENDING_CONFIRMATION_SLOT
# Values of reflection_answer that end the form, and why (action_finish_reflection reads them).
ENDED_COMPLETED, ENDED_PAUSED, ENDED_STOPPED = "completed", "paused", "stopped"
ENDED_DISTRESS, ENDED_INTERRUPTED = "distress", "interrupted"
ERROR_RESPONSES = {SCALE: names.UTTER_SCALE_INVALID, EMPTY: names.UTTER_SCALE_INVALID, AT_START: names.UTTER_AT_START}




def say_checkin_day(dispatcher: CollectingDispatcher, due: date, on: date) -> None:
    """'I'll check in with you on or after Friday 4 December to see how it went.'"""
    dispatcher.utter_message(response=names.UTTER_COMMITMENT_DATE_SAID_BACK,
                             date=spoken_date(checkin_day(due, on), on))


def exercise_button(exercise: Exercise) -> dict[str, str]:
    return {"title": exercise.title, "payload": payload(names.START_REFLECTION_INTENT, {names.EXERCISE_ENTITY: exercise.id})}


def continue_button(domain: dict[str, Any]) -> dict[str, str]:
    return {"title": response_text(domain, names.UTTER_BUTTON_CONTINUE_REFLECTION),
            "payload": payload(names.RESUME_REFLECTION_INTENT)}


def send_prompt(dispatcher: CollectingDispatcher, exercise: Exercise, state: dict) -> None:
    """Ask the exercise's pending question, with its buttons."""
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
        return names.ACTION_START_REFLECTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        text = tracker.latest_message.get("text") or ""
        done = self.safety_first(dispatcher, tracker, domain, answers=False)
        if done is not None:
            return done
        exercises = self.exercises()
        exercise = None
        if text.startswith("/"):  # a button: its entities say which exercise, or which theme
            chosen = next(tracker.get_latest_entity_values(names.EXERCISE_ENTITY), None)
            exercise = exercises.get(chosen) if chosen else None
            theme = next(tracker.get_latest_entity_values(names.THEME_ENTITY), None)
            if exercise is None and theme:  # "Reflect on this theme" under an answer
                topic = next(tracker.get_latest_entity_values(names.TOPIC_ID_ENTITY), None)
                exercise = coaching.exercise_for_theme(theme, exercises, self.knowledge.kb, topic)
        else:
            # The leader's words: the understanding step decides (entities the classifier guessed
            # from free text are not evidence of a choice); with no exercise named, the menu.
            decision, _ = self.understood(tracker)
            if decision.route is Route.EXERCISE and decision.target in exercises:
                exercise = exercises[decision.target]
        if exercise is None:
            dispatcher.utter_message(response=names.UTTER_CHOOSE_EXERCISE,
                                     buttons=[exercise_button(e) for e in exercises.values()])
            return []
        dispatcher.utter_message(text=f"**{exercise.title}**\n\n{exercise.introduction}")
        dispatcher.utter_message(response=names.UTTER_REFLECTION_CONTROLS)
        return [SlotSet(STATE_SLOT, coaching.start(exercise)), SlotSet(ANSWER_SLOT, None),
                FollowupAction(names.REFLECTION_FORM)]


class ActionAskReflectionAnswer(ReflectionMixin, KnowledgeAction):
    """The form's question: the pending prompt of the exercise."""

    def name(self) -> str:
        return names.ACTION_ASK_REFLECTION_ANSWER

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        exercise, state = self.current(tracker)
        if exercise is None:
            return [SlotSet(ANSWER_SLOT, ENDED_STOPPED)]
        if coaching.awaiting_date(state):
            dispatcher.utter_message(response=names.UTTER_ASK_COMMITMENT_DATE)
            return []
        send_prompt(dispatcher, exercise, state)
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
        return names.VALIDATE_REFLECTION_FORM

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
        if signposts_in_form(tracker):
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

        if answer_mid_form(dispatcher, domain, self._knowledge(), text, tracker.latest_message.get("intent")):
            return self._end(coaching.pause(exercise, state).state, ENDED_INTERRUPTED)
        result = coaching.answer(exercise, state, text)
        said_back = None if result.error else coaching.acknowledgement(exercise, state["pending"], text)
        if said_back:
            dispatcher.utter_message(text=said_back)
        if not result.error and coaching.awaiting_date(result.state):
            # A commitment step: keep their words and the date they name, or ask just for the date.
            due = future_due_date(text, self._today())
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
        due = future_due_date(text, self._today())
        if due is None:
            dispatcher.utter_message(response=names.UTTER_COMMITMENT_DATE_UNCLEAR)
            return {ANSWER_SLOT: None}
        say_checkin_day(dispatcher, due, self._today())
        return self._after(coaching.Result(coaching.set_commitment_date(state, due.isoformat())), dispatcher)

    def _payload(self, text, dispatcher, tracker, domain, exercise, state) -> dict[str, Any]:
        """A button from an earlier message: a topic is answered; anything else re-asks."""
        entry_id = next(tracker.get_latest_entity_values(names.TOPIC_ID_ENTITY), None)
        kb = self._knowledge().kb
        if text.startswith(payload(names.ASK_QUESTION_INTENT)) and entry_id in kb.entries:
            send_answer(dispatcher, domain, kb, kb.entries[entry_id])
            return self._end(coaching.pause(exercise, state).state, ENDED_INTERRUPTED)
        return {ANSWER_SLOT: None}

    def _after(self, result: coaching.Result, dispatcher: CollectingDispatcher) -> dict[str, Any]:
        if result.error:
            dispatcher.utter_message(response=ERROR_RESPONSES.get(result.error, names.UTTER_SCALE_INVALID))
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
        return names.ACTION_FINISH_REFLECTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        why = tracker.get_slot(ANSWER_SLOT)
        exercise, state = self.current(tracker)
        events: list[dict] = [SlotSet(ANSWER_SLOT, None)]
        if exercise is None:
            return events
        if why == ENDED_DISTRESS:
            say_signpost(dispatcher, tracker)
            dispatcher.utter_message(response=names.UTTER_REFLECTION_PAUSED, buttons=[continue_button(domain)])
        elif why == ENDED_INTERRUPTED:
            dispatcher.utter_message(response=names.UTTER_REFLECTION_INTERRUPTED, buttons=[continue_button(domain)])
        elif why == ENDED_PAUSED:
            dispatcher.utter_message(response=names.UTTER_REFLECTION_PAUSED, buttons=[continue_button(domain)])
        elif why == ENDED_STOPPED:
            dispatcher.utter_message(response=names.UTTER_REFLECTION_STOPPED)
            events.append(SlotSet(STATE_SLOT, None))
        else:
            dispatcher.utter_message(response=names.UTTER_REFLECTION_SUMMARY_INTRO)
            dispatcher.utter_message(text=coaching.summary(exercise, state))
            dispatcher.utter_message(response=names.UTTER_NEXT_STEPS_INTRO,
                                     buttons=self._next_step_buttons(exercise))
            dispatcher.utter_message(response=names.UTTER_OFFER_SAVE, buttons=yes_no_buttons(domain))
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
                buttons.append({"title": step.title, "payload": payload(names.FIND_PROGRAMME_INTENT, {names.WANT_ENTITY: step.kind})})
        return buttons


class ActionResumeReflection(ReflectionMixin, KnowledgeAction):
    def name(self) -> str:
        return names.ACTION_RESUME_REFLECTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        exercise, state = self.current(tracker)
        if exercise is None or state is None or state.get("status") != "paused":
            dispatcher.utter_message(response=names.UTTER_NOTHING_TO_RESUME,
                                     buttons=[exercise_button(e) for e in self.exercises().values()])
            return []
        resumed = coaching.resume(exercise, state).state
        dispatcher.utter_message(response=names.UTTER_REFLECTION_RESUMED)
        return [SlotSet(STATE_SLOT, resumed), SlotSet(ANSWER_SLOT, None), FollowupAction(names.REFLECTION_FORM)]
