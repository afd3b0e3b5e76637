"""The exercise state machine: plain functions over a JSON-serialisable state dict.

The state lives in a Rasa slot, so it must survive a server restart and hold nothing but
JSON values:

    {"exercise": id, "status": "active"|"paused"|"stopped"|"completed",
     "pending": step id or None, "answers": {step_id: text}, "skipped": [ids],
     "history": [step ids in the order asked, re-asks included],
     "commitment": {"step": id, "text": the answer, "due": ISO date or None}  (only once the
                    exercise's commitment step is answered; "due" None means the date is still
                    to be asked, see `awaiting_date`)}

Every function returns a new state and never mutates its input. Refusals come back as an
error code (the constants below), never as English: the wording belongs in the Rasa domain.
Which questions are asked is derived from the answers (a follow-up belongs to the sequence when
its parent's answer meets its condition), so the state stores nothing that could disagree.
A state read back from a slot should go through `restore` first: the content may have changed
since it was saved, and the other functions trust the state's step ids.
"""
from __future__ import annotations

import copy
import re

from bot.coaching.models import SCALE_MAX, SCALE_MIN, Button, Exercise, NextStep, Prompt, Result
from bot.coaching.scale import graded_score, strip_lead_in

ACTIVE, PAUSED, STOPPED, COMPLETED = "active", "paused", "stopped", "completed"
STATUSES = (ACTIVE, PAUSED, STOPPED, COMPLETED)

# Error codes returned in Result.error.
SCALE = "scale"            # a scale step's answer is not a score from 1 to 5
EMPTY = "empty"            # the answer is blank
AT_START = "at_start"      # back on the first question
NOT_ACTIVE = "not_active"  # answer, skip, back or pause when the exercise is not running
NOT_PAUSED = "not_paused"  # resume when the exercise is not paused
FINISHED = "finished"      # stop when the exercise has already stopped or completed

SKIPPED_TEXT = "(skipped)"  # what a summary shows for a question with no answer

_ISH = re.compile(r"^([1-5])\s*-?\s*ish\b")
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
# A score leads the answer ("3", "three", "4/5", "4 out of 5", "3 - fair"); anything after it
# is the leader's comment, as long as it offers no second number ("2 or 3", "3.5", "3/10").
_SCORE = re.compile(r"^(?P<score>[1-5]|one|two|three|four|five)\b(?P<rest>.*)$", re.S)
_OUT_OF_FIVE = re.compile(r"^\s*(?:/\s*5|out\s+of\s+(?:5|five))\b")
_ANOTHER_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five)\b")
# After a number word, only a separator may follow: "one of the best" is not a score of 1.
_WORD_SEPARATOR = re.compile(r"^\s*(?:$|[-\u2013\u2014:,.;!/)]|out\s+of\b)")


def parse_score(text: str) -> int | None:
    """The 1-5 score that `text` gives ("3", "three", "4/5", "3 - fair", "about a 3", "quite
    confident": bot.coaching.scale), else None."""
    words = _ISH.sub(r"\1", text.strip().lower())  # "4ish", "3-ish": the number
    return _exact_score(words) or _exact_score(strip_lead_in(words.replace("’", "'").replace("'", " "))) \
        or graded_score(words)


def _exact_score(text: str) -> int | None:
    match = _SCORE.match(text)
    if not match:
        return None
    score, rest = match.group("score"), match.group("rest")
    if score in _WORDS and not _WORD_SEPARATOR.match(rest):
        return None
    if _ANOTHER_NUMBER.search(_OUT_OF_FIVE.sub("", rest, count=1)):
        return None
    return _WORDS.get(score) or int(score)


def start(exercise: Exercise) -> dict:
    """A new active state waiting for the first step's answer."""
    first = exercise.steps[0].id
    return {"exercise": exercise.id, "status": ACTIVE, "pending": first, "answers": {},
            "skipped": [], "history": [first]}


def prompt(exercise: Exercise, state: dict) -> Prompt | None:
    """The pending question (also while paused, to re-ask on resume); None when there is none."""
    step_id = state.get("pending")
    if step_id is None:
        return None
    question = exercise.question(step_id)
    buttons: tuple[Button, ...] = ()
    if question.kind == "scale":
        titles = {SCALE_MIN: f"{SCALE_MIN} - {question.scale.low}",
                  SCALE_MAX: f"{SCALE_MAX} - {question.scale.high}"}
        buttons = tuple(Button(title=titles.get(n, str(n)), payload=str(n))
                        for n in range(SCALE_MIN, SCALE_MAX + 1))
    return Prompt(step_id=step_id, text=question.prompt, kind=question.kind, buttons=buttons)


def answer(exercise: Exercise, state: dict, text: str) -> Result:
    """Record `text` verbatim (outer whitespace stripped) for the pending step and move on."""
    if state["status"] != ACTIVE or state["pending"] is None:
        return Result(state, NOT_ACTIVE)
    words = text.strip()
    if not words:
        return Result(state, EMPTY)
    step_id = state["pending"]
    if exercise.question(step_id).kind == "scale" and parse_score(words) is None:
        return Result(state, SCALE)
    new = copy.deepcopy(state)
    new["answers"][step_id] = words
    if step_id in new["skipped"]:
        new["skipped"].remove(step_id)
    if getattr(exercise.question(step_id), "commitment", False):
        new["commitment"] = {"step": step_id, "text": words, "due": None}
    _forget_unasked(exercise, new)
    return Result(_advance(exercise, new, step_id))


def skip(exercise: Exercise, state: dict) -> Result:
    """Move on without answering; a step answered before (reached again by back) keeps its answer."""
    if state["status"] != ACTIVE or state["pending"] is None:
        return Result(state, NOT_ACTIVE)
    new = copy.deepcopy(state)
    step_id = new["pending"]
    if step_id not in new["answers"] and step_id not in new["skipped"]:
        new["skipped"].append(step_id)
    return Result(_advance(exercise, new, step_id))


def back(exercise: Exercise, state: dict) -> Result:
    """Re-ask the question before the pending one; its old answer stands until replaced. From a
    completed exercise (its summary and the save offer), re-ask the last question: it is active
    again, and answering it completes it again."""
    sequence = _sequence(exercise, state["answers"])
    if state["status"] == COMPLETED:
        new = copy.deepcopy(state)
        new.update(status=ACTIVE, pending=sequence[-1])
        new["history"].append(new["pending"])
        new.pop("misses", None)
        return Result(new)
    if state["status"] != ACTIVE or state["pending"] is None:
        return Result(state, NOT_ACTIVE)
    position = sequence.index(state["pending"])
    if position == 0:
        return Result(state, AT_START)
    new = copy.deepcopy(state)
    new["pending"] = sequence[position - 1]
    new["history"].append(new["pending"])
    new.pop("misses", None)
    return Result(new)


def pause(exercise: Exercise, state: dict) -> Result:
    """Pause an active exercise, keeping the pending question for `resume`."""
    if state["status"] != ACTIVE:
        return Result(state, NOT_ACTIVE)
    return Result({**copy.deepcopy(state), "status": PAUSED})


def resume(exercise: Exercise, state: dict) -> Result:
    """Continue a paused exercise at the question it was paused on."""
    if state["status"] != PAUSED:
        return Result(state, NOT_PAUSED)
    resumed = {**copy.deepcopy(state), "status": ACTIVE}
    resumed.pop("misses", None)  # asked afresh on return
    return Result(resumed)


def stop(exercise: Exercise, state: dict) -> Result:
    """End the exercise early; the answers so far are kept for a partial summary."""
    if state["status"] not in (ACTIVE, PAUSED):
        return Result(state, FINISHED)
    return Result({**copy.deepcopy(state), "status": STOPPED, "pending": None})


def missed(state: dict, text: str) -> dict:
    """A new state that counts one more miss at the pending step and keeps the leader's words
    (in "notes", never lost: saved with the reflection)."""
    new = copy.deepcopy(state)
    new["misses"] = new.get("misses", 0) + 1
    words = text.strip()
    if words and new.get("pending"):
        new.setdefault("notes", {})[new["pending"]] = words
    return new


def misses(state: dict) -> int:
    """How many messages in a row the pending step could not read."""
    return state.get("misses", 0)


def ask_restart(state: dict, asked: bool = True) -> dict:
    """A new state that waits (or no longer waits) for a yes to "start this exercise again?"."""
    new = copy.deepcopy(state)
    new.pop("restart", None)
    if asked:
        new["restart"] = True
    return new


def is_complete(state: dict) -> bool:
    """True once every question has been answered or skipped."""
    return state.get("status") == COMPLETED


def summary(exercise: Exercise, state: dict, missing: str = SKIPPED_TEXT) -> str:
    """The exercise's summary template filled with the leader's own words.

    A scale answer shows as its score ("2/5"); a question with no answer shows `missing`.
    A line whose placeholders are all follow-ups that were never asked is left out, so a
    template can give "what would help" its own line without a "(skipped)" for high scores.
    """
    answers = state.get("answers", {})
    asked = set(_sequence(exercise, answers))
    follow_ups = {f.id for step in exercise.steps for f in step.follow_ups}

    def fill(match: re.Match) -> str:
        step_id = match.group(1)
        text = answers.get(step_id)
        if text is None:
            return missing
        if exercise.question(step_id).kind == "scale":
            return f"{parse_score(text)}/{SCALE_MAX}"
        return text

    lines = []
    for line in exercise.summary.splitlines():
        names = _PLACEHOLDER.findall(line)
        if names and all(name in follow_ups and name not in asked for name in names):
            continue
        lines.append(_PLACEHOLDER.sub(fill, line))
    return "\n".join(lines).strip()


def acknowledgement(exercise: Exercise, step_id: str, text: str) -> str | None:
    """What the coach says back after an answer to `step_id`, quoting it; None if nothing."""
    step = next((s for s in exercise.steps if s.id == step_id), None)
    if step is None or step.acknowledge is None:
        return None
    return step.acknowledge.replace("{answer}", text.strip())


def commitment(state: dict) -> dict | None:
    """The commitment the leader made in this exercise ({"step", "text", "due"}), or None."""
    found = state.get("commitment")
    return found if isinstance(found, dict) else None


def awaiting_date(state: dict) -> bool:
    """True while the commitment's date is still to be asked (the leader named none)."""
    found = commitment(state)
    return found is not None and found.get("due") is None


def set_commitment_date(state: dict, due: str) -> dict:
    """A new state whose commitment is due on `due` (an ISO date the caller has checked)."""
    new = copy.deepcopy(state)
    new["commitment"]["due"] = due
    return new


def drop_commitment(state: dict) -> dict:
    """A new state with no commitment (the leader skipped the date): the answer itself stays."""
    new = copy.deepcopy(state)
    new.pop("commitment", None)
    return new


def next_steps(exercise: Exercise) -> tuple[NextStep, ...]:
    """What to explore after the exercise: knowledge topics, programmes and networks."""
    return exercise.next_steps


def restore(exercise: Exercise, state: object) -> dict | None:
    """A state read back from a slot, checked against the current content; None if unusable.

    Content can change between a pause and a resume (a deploy, a restart), so answers to
    questions that no longer exist are dropped and a vanished pending question is replaced
    by the next unanswered one.
    """
    if not isinstance(state, dict) or state.get("exercise") != exercise.id:
        return None
    if state.get("status") not in STATUSES:
        return None
    known = set(exercise.question_ids())
    answers = state.get("answers") if isinstance(state.get("answers"), dict) else {}
    new = {
        "exercise": exercise.id,
        "status": state["status"],
        "pending": state.get("pending"),
        "answers": {k: v for k, v in answers.items() if k in known and isinstance(v, str)},
        "skipped": [k for k in state.get("skipped") or [] if k in known],
        "history": [k for k in state.get("history") or [] if k in known],
    }
    misses, notes = state.get("misses"), state.get("notes")
    if isinstance(misses, int) and misses > 0:
        new["misses"] = misses
    if isinstance(notes, dict):
        new["notes"] = {k: v for k, v in notes.items() if k in known and isinstance(v, str)}
    if state.get("restart") is True:
        new["restart"] = True
    for step_id, text in list(new["answers"].items()):
        if exercise.question(step_id).kind == "scale" and parse_score(text) is None:
            del new["answers"][step_id]  # the step became a scale since it was answered
    kept = _restore_commitment(exercise, state.get("commitment"), new["answers"])
    if kept is not None:
        new["commitment"] = kept
    _forget_unasked(exercise, new)
    if new["status"] in (ACTIVE, PAUSED) and new["pending"] not in _sequence(exercise, new["answers"]):
        new["pending"] = _next_pending(exercise, new, None)
        if new["pending"] is None:
            new["status"] = COMPLETED
    elif new["status"] in (STOPPED, COMPLETED):
        new["pending"] = None
    return new


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _restore_commitment(exercise: Exercise, raw: object, answers: dict) -> dict | None:
    """A commitment read back from a slot, if its step is still the exercise's commitment step
    and still holds that answer."""
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        return None
    step = raw.get("step")
    if step not in answers or answers[step] != raw["text"]:
        return None
    if not getattr(exercise.question(step), "commitment", False):
        return None
    due = raw.get("due")
    return {"step": step, "text": raw["text"], "due": due if isinstance(due, str) else None}


def _sequence(exercise: Exercise, answers: dict) -> list[str]:
    """The questions in asking order: each step, then its follow-ups whose condition is met."""
    order = []
    for step in exercise.steps:
        order.append(step.id)
        if step.id not in answers:
            continue  # an unanswered or skipped step triggers no follow-ups
        score = parse_score(answers[step.id]) if step.kind == "scale" else None
        order.extend(f.id for f in step.follow_ups if f.when.matches(score))
    return order


def _forget_unasked(exercise: Exercise, state: dict) -> None:
    """Drop answers to follow-ups no longer asked (a score changed after going back)."""
    sequence = set(_sequence(exercise, state["answers"]))
    for step_id in [k for k in state["answers"] if k not in sequence]:
        del state["answers"][step_id]
    state["skipped"] = [k for k in state["skipped"] if k in sequence]


def _next_pending(exercise: Exercise, state: dict, after: str | None) -> str | None:
    """The first unanswered, unskipped question after `after`, else the first anywhere."""
    sequence = _sequence(exercise, state["answers"])
    done = set(state["answers"]) | set(state["skipped"])
    start_at = sequence.index(after) + 1 if after in sequence else 0
    for step_id in sequence[start_at:] + sequence[:start_at]:
        if step_id not in done:
            return step_id
    return None


def _advance(exercise: Exercise, state: dict, current: str) -> dict:
    """Point `pending` at the next question, or complete the exercise when none is left."""
    state.pop("misses", None)
    state["pending"] = _next_pending(exercise, state, current)
    if state["pending"] is None:
        state["status"] = COMPLETED
    else:
        state["history"].append(state["pending"])
    return state
