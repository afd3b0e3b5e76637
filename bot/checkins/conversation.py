"""The check-in conversation as plain code: its stages, what to ask, how to read each reply, and
what to save. No Rasa here (like bot/coaching/engine.py): actions/checkins.py reads the slots,
calls these functions, writes the `Save` to the journal and turns the result into responses.

The state lives in the `checkin_state` slot, so it holds JSON values only:

    {"id": commitment id, "text": the commitment, "due": ISO date, "exercise": id or None,
     "stage": one of STAGES or None (finished), "outcome": done|partly|not_yet or None,
     "helped": text or None, "next": text or None,
     "opening": {"text", "intent"} of the message that opened the check-in, or None,
     "restart": True while "start this check-in again?" waits for its yes (absent otherwise)}

Stages, in order (a postponement asks for a date if the reply named none):

    outcome -> (postpone_date) | helped -> next -> (new_date)

Replies are taken word for word; only a whole-message control (skip, stop) acts as one, and
"start again" asks first: only a yes goes back to the first question.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from bot import names
from bot.checkins.answers import DONE, NOT_YET, PARTLY, POSTPONE, SKIPPED, Reply, read_reply
from bot.checkins.dates import future_due_date
from bot.coaching.controls import Control, parse_control
from bot.steps import TEXT, YES_NO, Choice, Kind, Reading, Step, asks_again, read_choice, read_turn

if TYPE_CHECKING:
    from bot.journal import Commitment

OUTCOME, POSTPONE_DATE, HELPED, NEXT, NEW_DATE = "outcome", "postpone_date", "helped", "next", "new_date"
STAGES = (OUTCOME, POSTPONE_DATE, HELPED, NEXT, NEW_DATE)
# Why the form ended (the value of `checkin_answer` that action_finish_checkin reads).
ENDED_DONE, ENDED_DISTRESS, ENDED_INTERRUPTED = "ended", "distress", "interrupted"
ESCAPED = "escape:"  # + a global escape's action (bot.steps.escapes): the check-in ends and it runs
BACK_TO = {POSTPONE_DATE: OUTCOME, HELPED: OUTCOME, NEXT: HELPED, NEW_DATE: NEXT}
# Opening messages that need nothing more after the check-in than the menu.
NOTHING_TO_PICK_UP = frozenset({
    names.GREET_INTENT, names.GOODBYE_INTENT, names.THANK_INTENT, names.AFFIRM_INTENT, names.DENY_INTENT,
    names.HELP_INTENT, names.NONSENSE_INTENT, names.NLU_FALLBACK_INTENT, names.OUT_OF_SCOPE_INTENT,
    names.BOT_CHALLENGE_INTENT, names.EXPLORE_TOPICS_INTENT,
})
HELPED_QUESTIONS = {"done": names.UTTER_CHECKIN_ASK_HELPED_DONE, "partly": names.UTTER_CHECKIN_ASK_HELPED_PARTLY,
                    "not_yet": names.UTTER_CHECKIN_ASK_HELPED_NOT_YET}
QUESTIONS = {NEXT: names.UTTER_CHECKIN_ASK_NEXT, NEW_DATE: names.UTTER_CHECKIN_ASK_NEW_DATE,
             POSTPONE_DATE: names.UTTER_CHECKIN_ASK_POSTPONE_DATE}
# "Would you like me to check in on that too?" answered no.
NO_MORE = ("no", "nope", "no thanks", "no thank you", "not really", "i'd rather not", "id rather not",
           "don't", "dont", "leave it", "no need", "not this time", "that's fine", "thats fine")
_ENDS = (Control.SKIP, Control.STOP)
# The first question's buttons (domain.yml, utter_checkin_question), as a choice step reads them.
OUTCOME_CHOICES = (Choice(DONE, "Done"), Choice(PARTLY, "Partly"), Choice(NOT_YET, "Not yet"),
                   Choice(POSTPONE, "Ask me later", ("postpone",)))


def new_state(commitment: Commitment, opening: dict | None) -> dict:
    """The form's state for a check-in on `commitment`; `opening` is the message that opened it."""
    return {"id": commitment.id, "text": commitment.text, "due": commitment.due_date.isoformat(),
            "exercise": commitment.exercise_id, "stage": OUTCOME, "outcome": None, "helped": None,
            "next": None, "opening": opening}


def is_running(state: Any) -> bool:
    """True when the slot holds a check-in's state (finished or not)."""
    return isinstance(state, dict) and "id" in state


def is_unfinished(state: Any) -> bool:
    """True when a question of the check-in is still waiting for its answer."""
    return isinstance(state, dict) and bool(state.get("stage"))


@dataclass(frozen=True)
class Question:
    """What to ask at a stage: a response, with the commitment and its due date for the first."""

    response: str
    commitment: str | None = None
    due: date | None = None


def question(state: dict) -> Question | None:
    """The question for the state's stage (or "start this check-in again?"); None when there is none."""
    stage = state.get("stage")
    if stage and state.get("restart"):
        return Question(names.UTTER_CONFIRM_RESTART_CHECKIN)
    if stage == OUTCOME:
        return Question(names.UTTER_CHECKIN_QUESTION, state["text"], date.fromisoformat(state["due"]))
    if stage == HELPED:
        return Question(HELPED_QUESTIONS[state["outcome"]])
    return Question(QUESTIONS[stage]) if stage in QUESTIONS else None


@dataclass(frozen=True)
class NewCommitment:
    """The leader's next step, to be checked in on like the first."""

    text: str
    due: date
    exercise_id: str | None


@dataclass(frozen=True)
class Save:
    """What a reply writes to the journal, applied in this order: check-ins off, the check-in's
    outcome (with what helped or the next step), a postponement, a new commitment."""

    stop_checkins: bool = False
    outcome: str | None = None
    helped: str | None = None
    next_step: str | None = None
    postpone_to: date | None = None
    new_commitment: NewCommitment | None = None


@dataclass(frozen=True)
class Turn:
    """The result of reading one reply.

    `state` is the new state (None: unchanged, ask the same question again); `ended` says why the
    form ends (None: it goes on); `say` is a response to send after the save, with `say_date`
    for its {date} (None with a new commitment: the date is that commitment's check-in day).
    `answerable`: the reply was not understood, so if it is a question the knowledge base answers
    (actions.common.answer_mid_form), the answer takes the reply's place and the form ends
    ENDED_INTERRUPTED (`end(state, ENDED_INTERRUPTED)`) instead.
    """

    state: dict | None = None
    ended: str | None = None
    save: Save = field(default_factory=Save)
    say: str | None = None
    say_date: date | None = None
    answerable: bool = False


def declines(text: str) -> bool:
    """True for a no to "Would you like me to check in on that too?"."""
    words = " ".join(text.lower().replace("\u2019", "'").split()).strip(" .!")
    return words.startswith(NO_MORE)


def end(state: dict, why: str, **turn: Any) -> Turn:
    return Turn(state={**state, "stage": None}, ended=why, **turn)


def _stage(state: dict, stage: str, save: Save | None = None) -> Turn:
    return Turn(state={**state, "stage": stage}, save=save or Save())


def _skipped(state: dict, **save: Any) -> Turn:
    return end(state, ENDED_DONE, save=Save(outcome=SKIPPED, **save), say=names.UTTER_CHECKIN_SKIPPED)


def reply(state: dict, text: str, intent: str | None, today: date) -> Turn:
    """Read the leader's reply (stripped text) to the state's question.

    `intent` is the classifier's intent when it is sure of it (bot.dialogue.confident_intent),
    else None: only "stop check-ins" and, for a new date, "no" act on it.
    """
    if not text or text.startswith("/"):
        return Turn()  # an old button: ask again
    asking_restart = bool(state.get("restart"))
    reading = read_turn(Step(YES_NO if asking_restart else TEXT), text)
    if reading.kind is Kind.SAFETY:
        return end(state, ENDED_DISTRESS)
    stops_checkins = reading.kind is Kind.ESCAPE and reading.escape.action == names.ACTION_STOP_CHECKINS
    if stops_checkins or (intent == names.STOP_CHECKINS_INTENT and "check" in text.lower()):
        return end(state, ENDED_DONE, save=Save(stop_checkins=True, outcome=SKIPPED), say=names.UTTER_CHECKINS_STOPPED)
    if reading.kind is Kind.ESCAPE:
        return end(state, ESCAPED + reading.escape.action)
    stage = state.get("stage")
    if asking_restart:
        return _restart(state, reading, text, intent, today)
    if reading.control is Control.HELP:
        return Turn(say=names.UTTER_CHECKIN_HELP)
    if reading.control is Control.PAUSE and stage == OUTCOME:
        return _stage(state, POSTPONE_DATE)  # "later": when should I ask again?
    if reading.control is Control.RESTART:  # asked first: "start this check-in again?"
        return Turn(state={**state, "restart": True})
    if reading.control is Control.BACK:
        earlier = BACK_TO.get(stage)
        return Turn(say=names.UTTER_AT_START) if earlier is None else _stage(state, earlier)
    turn = _read_stage(state, stage, text, intent, today)
    return _counted(state, turn)


def _restart(state: dict, reading: Reading, text: str, intent: str | None, today: date) -> Turn:
    """The reply to "start this check-in again?": yes asks its first question again; anything
    else carries on where it was (a control, such as "stop", does what it says)."""
    carry_on = {k: v for k, v in state.items() if k != "restart"}
    if reading.kind is Kind.ANSWER and reading.value is True:
        return Turn(state={**carry_on, "stage": OUTCOME, "outcome": None, "helped": None, "next": None},
                    say=names.UTTER_CHECKIN_RESTARTED)
    if reading.kind is Kind.CONTROL and reading.control not in (Control.RESTART, Control.HELP):
        return reply(carry_on, text, intent, today)
    return Turn(state=carry_on, say=names.UTTER_RESTART_FLOW_DECLINED)


def _counted(state: dict, turn: Turn) -> Turn:
    """Two replies in a row that the same question cannot read move on (bot.steps.MAX_ASKS)."""
    if turn.state is not None:
        return replace(turn, state={k: v for k, v in turn.state.items() if k != "misses"})
    misses = state.get("misses", 0) + 1
    if asks_again(misses):
        return replace(turn, state={**state, "misses": misses})
    if state.get("stage") == NEW_DATE:
        return end(state, ENDED_DONE, say=names.UTTER_CHECKIN_NO_NEW_DATE)
    return _skipped(state)


def _read_stage(state: dict, stage: str | None, text: str, intent: str | None, today: date) -> Turn:
    if stage == OUTCOME:
        return _outcome(state, text, today)
    if stage == POSTPONE_DATE:
        return _postpone_date(state, text, today)
    if stage == HELPED:
        return _helped(state, text)
    if stage == NEXT:
        return _next(state, text, today)
    if stage == NEW_DATE:
        return _new_date(state, text, intent, today)
    return end(state, ENDED_DONE)


def _outcome(state: dict, text: str, today: date) -> Turn:
    read = read_reply(text, today)
    if read.outcome is None:  # a button's title with a slip in it ("Partyl", "not yte")
        read = Reply(read_choice(text, OUTCOME_CHOICES))
    if read.outcome is None:
        return Turn(say=names.UTTER_CHECKIN_NOT_UNDERSTOOD, answerable=True)
    if read.outcome == POSTPONE:
        return _stage(state, POSTPONE_DATE) if read.new_date is None else _postpone(state, read.new_date)
    if read.outcome == SKIPPED:
        return _skipped(state)
    return _stage({**state, "outcome": read.outcome}, HELPED, Save(outcome=read.outcome))


def _postpone_date(state: dict, text: str, today: date) -> Turn:
    if parse_control(text) in _ENDS:
        return _skipped(state)
    new_date = future_due_date(text, today)
    if new_date is None or new_date <= today:
        return Turn(say=names.UTTER_COMMITMENT_DATE_UNCLEAR)
    return _postpone(state, new_date)


def _postpone(state: dict, new_date: date) -> Turn:
    return end(state, ENDED_DONE, save=Save(postpone_to=new_date), say=names.UTTER_CHECKIN_POSTPONED,
               say_date=new_date)


def _helped(state: dict, text: str) -> Turn:
    control = parse_control(text)
    if control is Control.STOP:
        return end(state, ENDED_DONE)
    if control is Control.SKIP:
        return _stage(state, NEXT)
    return _stage({**state, "helped": text}, NEXT, Save(outcome=state["outcome"], helped=text))


def _next(state: dict, text: str, today: date) -> Turn:
    if parse_control(text) in _ENDS:
        return end(state, ENDED_DONE)
    recorded = {"outcome": state["outcome"], "next_step": text}
    state = {**state, "next": text}
    due = future_due_date(text, today)
    if due is None:
        return _stage(state, NEW_DATE, Save(**recorded))
    return _commit(state, due, **recorded)


def _new_date(state: dict, text: str, intent: str | None, today: date) -> Turn:
    if parse_control(text) in _ENDS or declines(text) or intent == names.DENY_INTENT:
        return end(state, ENDED_DONE, say=names.UTTER_CHECKIN_NO_NEW_DATE)
    due = future_due_date(text, today)
    if due is None:
        return Turn(say=names.UTTER_COMMITMENT_DATE_UNCLEAR)
    return _commit(state, due)


def _commit(state: dict, due: date, **recorded: Any) -> Turn:
    step = NewCommitment(state["next"], due, state.get("exercise"))
    return end(state, ENDED_DONE, save=Save(new_commitment=step, **recorded), say=names.UTTER_COMMITMENT_DATE_SAID_BACK)


def saved_outcome(state: dict) -> bool:
    """True when the check-in recorded how the step went (not skipped): the coach thanks them."""
    return bool(state.get("outcome")) and state["outcome"] != SKIPPED


@dataclass(frozen=True)
class PickUp:
    """The message that opened the check-in, to pick up after it: its words, and whether it was
    a question for the knowledge base (answer it; otherwise say the words back)."""

    text: str
    question: bool


def pick_up(opening: Any) -> PickUp | None:
    """What to pick up from the opening message; None when the menu is all it needs."""
    if not isinstance(opening, dict):
        return None
    text, intent = opening.get("text") or "", opening.get("intent")
    if not text or text.startswith("/") or intent in NOTHING_TO_PICK_UP:
        return None
    return PickUp(text, intent == names.ASK_QUESTION_INTENT)
