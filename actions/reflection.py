"""Reflective exercises: start, ask, capture answers verbatim, pause/resume, finish and save.

The exercise runs as the Rasa form `reflection_form` with one required slot, `reflection_answer`,
filled from the whole text of every message. While the form is active, Rasa gives it every
message, so intent classification never hijacks an answer ("I think we should stop the pilot"
is an answer). Only a message that is nothing but a control (stop, pause, skip, back) acts as
one. The exercise's state lives in the `reflection_state` slot, so it survives a restart.
"""
from __future__ import annotations

import functools
import logging
import re
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
    answer_found,
    close_menu,
    is_form_activation,
    payload,
    response_text,
    say_signpost,
    send_answer,
    start_exercise,
    topic_button,
    yes_no_buttons,
)
from bot import coaching, names, steps
from bot.checkins.clock import spoken_date, today
from bot.checkins.dates import future_due_date
from bot.checkins.day import checkin_day
from bot.coaching import Control, Exercise
from bot.coaching.engine import AT_START, EMPTY, SCALE
from bot.knowledge import Knowledge, get_knowledge
from bot.steps import Kind
from bot.understanding import Route
from bot.understanding.understand import DECLINED, MIN_QUESTION_WORDS

logger = logging.getLogger(__name__)

STATE_SLOT = names.REFLECTION_STATE_SLOT
ANSWER_SLOT = names.REFLECTION_ANSWER_SLOT
CONFIRM_SLOT = names.PENDING_CONFIRMATION_SLOT
MENU = "menu"  # pending_confirmation while the exercise menu waits (bot/rasa/step_policy.py)
# Values of reflection_answer that end the form, and why (action_finish_reflection reads them).
ENDED_COMPLETED, ENDED_PAUSED, ENDED_STOPPED = "completed", "paused", "stopped"
ENDED_DISTRESS, ENDED_INTERRUPTED = "distress", "interrupted"
ENDED_FOR_FINDER = "finder"  # a request for a programme or network mid-way: paused, and the finder answers
ESCAPED = "escape:"  # + the escape's action (bot.steps.escapes): the form pauses and that action runs
SWITCHED = "switch:"  # + an exercise id: the leader asked for that one instead, and it starts
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


def control_button(domain: dict[str, Any], response: str) -> dict[str, str]:
    """A button that types a control ("Skip", "Stop"): the step reads it like typed words."""
    title = response_text(domain, response)
    return {"title": title, "payload": title.lower()}


def send_prompt(dispatcher: CollectingDispatcher, exercise: Exercise, state: dict,
                extra: list[dict[str, str]] | None = None) -> None:
    """Ask the exercise's pending question, with its buttons (and `extra` ones)."""
    question = coaching.prompt(exercise, state)
    if question is not None:
        dispatcher.utter_message(text=question.text, buttons=[b.as_dict() for b in question.buttons] + (extra or []))


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
        menu_open = tracker.get_slot(CONFIRM_SLOT) == MENU
        if menu_open and not text.startswith("/"):
            return self._menu_reply(dispatcher, tracker, domain, exercises, text)
        understood = functools.cache(lambda: self.understood(tracker))  # the understanding step, at most once
        if not text.startswith("/") and len(text.split()) >= 2 * MIN_QUESTION_WORDS:  # room for two parts
            decision, context = understood()
            if decision.extras.get("then_exercise"):  # "whats fail well and can we do the exercise on it"
                return self.act_on(decision, context, dispatcher, domain)  # the answer, then the exercise
        exercise = self._chosen(tracker, exercises, text, domain, understood)
        if exercise is None and not text.startswith("/"):
            decision, context = understood()
            if decision.route in (Route.FINDER, Route.CATALOGUE) or decision.extras.get(DECLINED):
                # "how do I find a coach through the NHS?": a coach to find, whatever the classifier
                # heard; "how do I fill in my self assessment tax return": not ours at all
                return self.act_on(decision, context, dispatcher, domain)
        if exercise is None:
            return self._menu(dispatcher, domain, exercises, asks=1)
        return self._start(dispatcher, exercise)

    def _chosen(self, tracker: Tracker, exercises: dict[str, Exercise], text: str,
                domain: dict[str, Any], understood: Callable[[], tuple]) -> Exercise | None:
        """The exercise a button names or its theme's; for typed words, a near title, "Reflect on
        this theme" typed under an answer, else the one the understanding step chose (entities
        the classifier guessed from free text are not evidence of a choice); None for the menu."""
        if text.startswith("/"):
            chosen = next(tracker.get_latest_entity_values(names.EXERCISE_ENTITY), None)
            exercise = exercises.get(chosen) if chosen else None
            theme = next(tracker.get_latest_entity_values(names.THEME_ENTITY), None)
            if exercise is None and theme:  # an older "Reflect on this theme" button (theme and topic)
                topic = next(tracker.get_latest_entity_values(names.TOPIC_ID_ENTITY), None)
                exercise = coaching.exercise_for_theme(theme, exercises, self.knowledge.kb, topic)
            return exercise
        # A short reply naming a title or a keyword ("the failing one"); in a longer message a keyword
        # is one word among many, and the understanding step weighs them all ("investing in
        # relationships or just redesigning governance boards" is not about governance).
        named = steps.read_choice(text, menu_choices(exercises)) if len(text.split()) <= MAX_CHOICE_WORDS else None
        if named is not None:
            return exercises[named]
        reflect = response_text(domain, names.UTTER_BUTTON_REFLECT_ON_THEME)
        if steps.read_choice(text, (steps.Choice("theme", reflect),)):  # the button's title, typed
            entry = self.knowledge.kb.entries.get(tracker.get_slot(names.KNOWLEDGE_ENTRY_SLOT) or "")
            exercise = coaching.exercise_for_entry(entry, exercises, self.knowledge.kb) if entry else None
            if exercise is not None:
                return exercise
        decision, _ = understood()
        return exercises[decision.target] if decision.route is Route.EXERCISE and decision.target in exercises else None

    def _start(self, dispatcher: CollectingDispatcher, exercise: Exercise) -> list[dict]:
        return start_exercise(dispatcher, exercise)

    @staticmethod
    def _menu(dispatcher: CollectingDispatcher, domain: dict[str, Any], exercises: dict[str, Exercise],
              asks: int, response: str = names.UTTER_CHOOSE_EXERCISE) -> list[dict]:
        """Show the menu (a step: StepPolicy sends the typed reply back here)."""
        dispatcher.utter_message(response=response, buttons=[exercise_button(e) for e in exercises.values()])
        return [SlotSet(CONFIRM_SLOT, MENU), SlotSet(names.STEP_ASKS_SLOT, float(asks))]

    def _menu_reply(self, dispatcher, tracker, domain, exercises, text: str) -> list[dict]:
        """A typed reply to the menu: a choice, a no or stop, an escape, a question, or a miss."""
        asks = int(tracker.get_slot(names.STEP_ASKS_SLOT) or 1)
        reading = steps.read_turn(steps.Step(steps.CHOICE, menu_choices(exercises)), text,
                                  tracker.latest_message.get("intent"))
        if reading.kind is Kind.SAFETY:  # safety_first spoke already; the menu closes
            return close_menu()
        if reading.kind is Kind.ESCAPE:
            return [*close_menu(), FollowupAction(reading.escape.action)]
        if reading.kind is Kind.ANSWER:
            return self._start(dispatcher, exercises[reading.value])
        if reading.kind is Kind.CONTROL and reading.control is Control.RESTART:
            return [*close_menu(), FollowupAction(names.ACTION_RESTART)]
        if reading.kind is Kind.CONTROL and reading.control is Control.HELP:
            dispatcher.utter_message(response=names.UTTER_MENU_HELP)
            return self._menu(dispatcher, domain, exercises, asks)
        if reading.kind is Kind.CONTROL:
            dispatcher.utter_message(response=names.UTTER_MENU_CLOSED)
            return close_menu()
        decision, context = self.understood(tracker)
        if decision.route is Route.EXERCISE and decision.target in exercises:
            return self._start(dispatcher, exercises[decision.target])
        if reading.kind is Kind.QUESTION:  # answered, then the menu again (at most twice)
            events = self.act_on(decision, context, dispatcher, domain)
            again = self._menu(dispatcher, domain, exercises, asks + 1) if steps.asks_again(asks) else close_menu()
            return [*events, *again]
        exercise = self._chosen(tracker, exercises, text, domain, lambda: (decision, context))
        if exercise is not None:
            return self._start(dispatcher, exercise)
        if decision.route not in (Route.ABSTAIN, Route.EXERCISE):
            # A request for something else: it gets its usual answer, and the menu is left.
            return [*close_menu(), *self.act_on(decision, context, dispatcher, domain)]
        if not steps.asks_again(asks):
            dispatcher.utter_message(response=names.UTTER_MENU_CLOSED)
            return close_menu()
        return self._menu(dispatcher, domain, exercises, asks + 1, response=names.UTTER_MENU_REASK)


MAX_CHOICE_WORDS = 6  # a message this short may be a title or keyword chosen outright


# Words a question starts with, for a request typed without a question mark.
_ASKS = re.compile(r"^\W*(?:what|which|where|is there|are there|any|anything|can you|could you|do you|have you got|"
                   r"recommend|suggest)\b", re.IGNORECASE)


def asks_for_an_offer(text: str) -> bool:
    """A question that asks for a programme, network or other offer by kind or by name."""
    from bot.finder import read_request

    request = read_request(text)
    return request is not None and (request.kind == "item" or (request.kind == "recommend" and "want" in request.facts))


def menu_choices(exercises: dict[str, Exercise]) -> tuple[steps.Choice, ...]:
    """The exercise menu as a choice step: titles, and each exercise's keywords as other words."""
    return tuple(steps.Choice(e.id, e.title, e.keywords) for e in exercises.values())


class ActionAskReflectionAnswer(ReflectionMixin, KnowledgeAction):
    """The form's question: the pending prompt of the exercise."""

    def name(self) -> str:
        return names.ACTION_ASK_REFLECTION_ANSWER

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        exercise, state = self.current(tracker)
        if exercise is None:
            return [SlotSet(ANSWER_SLOT, ENDED_STOPPED)]
        if state.get("restart"):
            dispatcher.utter_message(response=names.UTTER_CONFIRM_RESTART_FLOW, buttons=yes_no_buttons(domain))
            return []
        again = coaching.misses(state) > 0  # asked again: what works, as buttons, plus skip and stop
        if coaching.awaiting_date(state):
            if again:
                dispatcher.utter_message(response=names.UTTER_STEP_REASK_DATE, buttons=[control_button(domain, names.UTTER_BUTTON_SKIP)])
            else:
                dispatcher.utter_message(response=names.UTTER_ASK_COMMITMENT_DATE)
            return []
        if again:
            dispatcher.utter_message(response=names.UTTER_STEP_REASK_SCALE)
        send_prompt(dispatcher, exercise, state, extra=[control_button(domain, names.UTTER_BUTTON_SKIP),
                                                        control_button(domain, names.UTTER_BUTTON_STOP)] if again else [])
        return []


def reflection_step(exercise: Exercise, state: dict, on: date) -> steps.Step:
    """The pending step of the exercise as bot.steps reads it: a scale, words, a date, or the
    yes/no of "start this exercise again?"."""
    if state.get("restart"):
        return steps.Step(steps.YES_NO)
    if coaching.awaiting_date(state):
        return steps.Step(steps.DATE, parse=lambda text: future_due_date(text, on))
    pending = state.get("pending")
    kind = exercise.question(pending).kind if pending else "text"
    return steps.Step(steps.SCALE if kind == "scale" else steps.TEXT)


class ValidateReflectionForm(ReflectionMixin, FormValidationAction):
    """Every message while the form runs, read once by bot.steps.read_turn: an escape, a
    control, a question, or the step's answer; two misses in a row move on."""

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
        intent = tracker.latest_message.get("intent")
        step = reflection_step(exercise, state, self._today())
        reading = steps.read_turn(step, text, intent)
        if reading.kind is Kind.SAFETY:
            # Their wellbeing first: pause (keeping the answers) and signpost support.
            return self._end(coaching.pause(exercise, state).state, ENDED_DISTRESS)
        if reading.kind is Kind.ESCAPE:
            return self._end(coaching.pause(exercise, state).state, ESCAPED + reading.escape.action)
        other = coaching.switch_to(text, self.exercises(), exercise.id)
        if other is not None:  # "wait no, I wanted the middle managers exercise": that one instead
            return self._end(state, SWITCHED + other.id)
        if state.get("restart"):
            return self._restart(reading, dispatcher, exercise, state)
        if reading.kind is Kind.CONTROL and reading.value == steps.RESUMED:
            dispatcher.utter_message(response=names.UTTER_REFLECTION_RESUMED)  # "where was I": asked again
            return {ANSWER_SLOT: None}
        if reading.kind is Kind.CONTROL:
            return self._control(reading.control, dispatcher, exercise, state)
        if reading.kind is Kind.QUESTION:
            answered = answer_found(dispatcher, domain, self._knowledge(), text)
            if answered is not None:  # the answer is the last one now, for "why?" after it
                return {**self._end(coaching.pause(exercise, state).state, ENDED_INTERRUPTED),
                        **{event["name"]: event["value"] for event in answered if event.get("event") == "slot"}}
        if reading.kind in (Kind.QUESTION, Kind.ANSWER) and (reading.kind is Kind.QUESTION or _ASKS.match(text)) \
                and asks_for_an_offer(text):
            # "what programmes are there for a ward sister": a request, not an answer to keep
            return self._end(coaching.pause(exercise, state).state, ENDED_FOR_FINDER)
        if reading.kind is Kind.QUESTION and step.kind == steps.TEXT:
            reading = steps.Reading(Kind.ANSWER, text.strip())
        if reading.kind is not Kind.ANSWER:
            return self._missed(text, dispatcher, exercise, state)
        if coaching.awaiting_date(state):
            say_checkin_day(dispatcher, reading.value, self._today())
            return self._after(coaching.Result(coaching.set_commitment_date(state, reading.value.isoformat())), dispatcher)
        return self._answer(text, reading, dispatcher, exercise, state)

    def _answer(self, text, reading, dispatcher, exercise, state) -> dict[str, Any]:
        """Record the answer (the leader's words), say back a score read from words, and for a
        commitment step keep the date it names, or ask just for the date."""
        result = coaching.answer(exercise, state, text)
        if result.error:
            return self._missed(text, dispatcher, exercise, state)
        if isinstance(reading.value, int) and text.strip() != str(reading.value):
            dispatcher.utter_message(response=names.UTTER_SCALE_NOTED, score=str(reading.value))
        said_back = coaching.acknowledgement(exercise, state["pending"], text)
        if said_back:
            dispatcher.utter_message(text=said_back)
        if coaching.awaiting_date(result.state):
            due = future_due_date(text, self._today())
            if due is None:
                return {STATE_SLOT: result.state, ANSWER_SLOT: None}
            say_checkin_day(dispatcher, due, self._today())
            result = coaching.Result(coaching.set_commitment_date(result.state, due.isoformat()))
        return self._after(result, dispatcher)

    def _control(self, control: Control, dispatcher, exercise, state) -> dict[str, Any]:
        if control is Control.STOP:
            return self._end(coaching.stop(exercise, state).state, ENDED_STOPPED)
        if control is Control.PAUSE:
            return self._end(coaching.pause(exercise, state).state, ENDED_PAUSED)
        if control is Control.HELP:
            dispatcher.utter_message(response=names.UTTER_REFLECTION_HELP)
            return {ANSWER_SLOT: None}
        if control is Control.RESTART:
            return {STATE_SLOT: coaching.ask_restart(state), ANSWER_SLOT: None}
        if coaching.awaiting_date(state):  # "By when?": skip means no check-in; back re-asks the step
            if control is Control.SKIP:
                return self._after(coaching.Result(coaching.drop_commitment(state)), dispatcher)
            return self._after(coaching.back(exercise, coaching.drop_commitment(state)), dispatcher)
        move = coaching.skip if control is Control.SKIP else coaching.back
        return self._after(move(exercise, state), dispatcher)

    def _restart(self, reading, dispatcher, exercise, state) -> dict[str, Any]:
        """The reply to "Start this exercise again?": yes starts over, anything else carries on."""
        if reading.kind is Kind.ANSWER and reading.value is True:
            dispatcher.utter_message(response=names.UTTER_REFLECTION_RESTARTED)
            return {STATE_SLOT: coaching.start(exercise), ANSWER_SLOT: None}
        if reading.kind is Kind.CONTROL and reading.control is not Control.RESTART:
            return self._control(reading.control, dispatcher, exercise, coaching.ask_restart(state, False))
        dispatcher.utter_message(response=names.UTTER_RESTART_FLOW_DECLINED)
        return {STATE_SLOT: coaching.ask_restart(state, False), ANSWER_SLOT: None}

    def _missed(self, text, dispatcher, exercise, state) -> dict[str, Any]:
        """Asked once, asked again with what works (action_ask_reflection_answer), then moved on."""
        state = coaching.missed(state, text)
        if steps.asks_again(coaching.misses(state)):
            return {STATE_SLOT: state, ANSWER_SLOT: None}
        if coaching.awaiting_date(state):
            dispatcher.utter_message(response=names.UTTER_STEP_DATE_MOVED_ON)
            return self._after(coaching.Result(coaching.drop_commitment(state)), dispatcher)
        dispatcher.utter_message(response=names.UTTER_STEP_MOVED_ON)
        return self._after(coaching.skip(exercise, state), dispatcher)

    def _payload(self, text, dispatcher, tracker, domain, exercise, state) -> dict[str, Any]:
        """A button: yes or no to "start again?", a topic (answered), or an old one (re-asks)."""
        if state.get("restart") and text.startswith((payload(names.AFFIRM_INTENT), payload(names.DENY_INTENT))):
            yes = text.startswith(payload(names.AFFIRM_INTENT))
            return self._restart(steps.Reading(Kind.ANSWER, yes), dispatcher, exercise, state)
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
        elif isinstance(why, str) and why.removeprefix(ESCAPED) in steps.ESCAPE_ACTIONS:
            dispatcher.utter_message(response=names.UTTER_REFLECTION_PAUSED, buttons=[continue_button(domain)])
            events.append(FollowupAction(why.removeprefix(ESCAPED)))
        elif isinstance(why, str) and why.startswith(SWITCHED) and why.removeprefix(SWITCHED) in self.exercises():
            other = self.exercises()[why.removeprefix(SWITCHED)]
            dispatcher.utter_message(response=names.UTTER_REFLECTION_SWITCHED, title=exercise.title)
            return [*events, *start_exercise(dispatcher, other)]
        elif why == ENDED_INTERRUPTED:
            dispatcher.utter_message(response=names.UTTER_REFLECTION_INTERRUPTED, buttons=[continue_button(domain)])
        elif why == ENDED_FOR_FINDER:
            dispatcher.utter_message(response=names.UTTER_REFLECTION_PAUSED, buttons=[continue_button(domain)])
            events.append(FollowupAction(names.ACTION_FIND_PROGRAMME))
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
