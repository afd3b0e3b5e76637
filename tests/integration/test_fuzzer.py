"""The conversation fuzzer: every step of every flow, every escape and control, on the real servers.

Generated from the content, so it stays complete as content grows: each exercise in
knowledge/reflections/ (every step and every follow-up), the exercise menu, the finder's question
and every question of the check-in form. At each step it sends every global escape (bot.steps.ESCAPES),
every control, distress, a free-text answer, a graded-word answer where a scale is asked, and a
knowledge question, over REST to the real coach (Rasa, the action server, SQLite), and checks:

- escapes and controls do what they say (the reply is the escape's or the control's own);
- no reply is empty, and no reply repeats in three turns in a row;
- two answers a scale cannot read are not followed by the same question a third time;
- the exercise can be resumed afterwards ("I'm back" shows the same question again).

After an input the step is restored by resuming or stepping back where that returns to it, and
by replaying the exercise from the start only where it cannot (after "stop", or the last question
answered). Each question, the menu and the finder have their own REST sender (short trackers),
and they run concurrently. It prints steps x inputs, failures and time.
"""
from __future__ import annotations

import json
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pytest
import yaml

from bot import coaching
from bot.config import ROOT
from bot.steps import ESCAPES
from tests.integration.servers import serve

pytestmark = pytest.mark.integration

RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]
FREE_TEXT = "We keep going round in circles with the council on discharge"
QUESTION = "What is system leadership?"
DISTRESS = "I'm exhausted and I can't cope with any of this any more"
RESUME = "I'm back, where was I?"
GRADED = {1: "not at all", 2: "not very", 3: "fairly", 4: "quite", 5: "completely"}
CONTROLS = ("stop", "later", "help", "start again", "back", "skip")  # back before skip: see the restores
MENU_OPENER = "/start_reflection"
FINDER_OPENER = "/find_programme"
CHECKIN_STEP = "Ask the ICB lead for a joint meeting by next Friday"
DATELESS_STEP = "Call Sam at the ICB"  # a commitment with no date: "By when?" is asked next
DATE_ANSWER = "next Friday"
DATE_PROMPT = "utter_ask_commitment_date"  # the date question's own visit in walk()
SAVE_OFFER = "utter_offer_save"  # "save this to your journal?" after the last question, its own visit too
CONCURRENT_SENDERS = 6
SAID_TWICE_CHARS = 40  # a message this long said twice in one reply is a second run of an action


def flat(text: str) -> str:
    return " ".join(re.sub(r"[*_]", "", text).split())


def said(response: str) -> str:
    """The fixed words of a domain response (its longest part without a {placeholder})."""
    text = flat(RESPONSES[response][0]["text"])
    return max(re.split(r"\{[^}]*\}", text), key=len).strip()


ESCAPE_REPLIES = {  # what each escape's action says, one of these
    "forget_me": ("utter_confirm_forget",),
    "export": ("utter_journal_export_intro",),
    "show_reflections": ("utter_journal_empty", "utter_journal_list"),
    "show_commitments": ("utter_commitments_empty", "utter_commitments_list"),
    "stop_checkins": ("utter_checkins_stopped",),
}


@dataclass
class Tally:
    steps: int = 0
    inputs: int = 0
    messages: int = 0
    failures: list[str] = field(default_factory=list)


class Leader:
    """One REST sender with its transcript, checking every reply as it comes."""

    def __init__(self, coach, sender: str, tally: Tally):
        self.coach, self.sender, self.tally = coach, sender, tally
        self.replies: list[str] = []

    def say(self, text: str) -> str:
        self.tally.messages += 1
        messages = [flat(r.get("text", "")) for r in self.coach.say(self.sender, text)]
        reply = " ".join(messages)
        if not reply:
            self.fail(f"empty reply to {text!r}")
        said_twice = {m for m in messages if len(m) > SAID_TWICE_CHARS and messages.count(m) > 1}
        if said_twice and said("utter_journal_export_intro") not in reply:  # an export quotes our talk in parts
            self.fail(f"the same message twice in one reply to {text!r}: {sorted(said_twice)[0][:80]!r}")
        if len(self.replies) >= 2 and self.replies[-1] == self.replies[-2] == reply:
            self.fail(f"the same reply three turns in a row, the last to {text!r}: {reply[:80]!r}")
        self.replies.append(reply)
        return reply

    def expect(self, reply: str, *responses_or_texts: str, where: str) -> bool:
        wanted = [said(r) if r in RESPONSES else flat(r) for r in responses_or_texts]
        if not any(w in reply for w in wanted):
            self.fail(f"{where}: expected one of {[w[:50] for w in wanted]}, got {reply[:160]!r}")
            return False
        return True

    def fail(self, message: str) -> None:
        self.tally.failures.append(f"{self.sender}: {message}")
        print(f"  FAILED {self.sender}: {message}", flush=True)


def answered_escape(leader: Leader, text: str, reply: str, where: str) -> bool:
    """True when `text` is a global escape; checks that its action answered (and says no to the
    forget question it asks)."""
    escape = next((e for e in ESCAPES if e.example == text), None)
    if escape is None:
        return False
    leader.expect(reply, *ESCAPE_REPLIES[escape.name], where=where)
    if escape.name == "forget_me":
        leader.expect(leader.say("no"), "utter_forget_cancelled", where=where + " then no")
    return True


def answer_for(step) -> str:
    """An answer that moves on and asks the step's follow-ups where it has any."""
    if step.kind != "scale":
        return "Call Sam at the ICB by next Friday" if getattr(step, "commitment", False) else FREE_TEXT
    if step.follow_ups:
        when = step.follow_ups[0].when
        return GRADED[when.maximum]
    return GRADED[4]


def walk(exercise) -> list[tuple[str, list[str]]]:
    """Every question the fuzzer visits, in order: (prompt, the answers that reach it); a
    commitment step's "By when?" is visited as DATE_PROMPT, after the step answered without a date,
    and the save offer after the last question as SAVE_OFFER."""
    visits, answers = [], []
    for step in exercise.steps:
        visits.append((step.prompt, list(answers)))
        if getattr(step, "commitment", False):
            visits.append((DATE_PROMPT, [*answers, DATELESS_STEP]))
        answers.append(answer_for(step))
        for follow_up in step.follow_ups:
            if step.kind == "scale" and follow_up.when.matches(coaching.parse_score(answers[-1])):
                visits.append((follow_up.prompt, list(answers)))
                answers.append(FREE_TEXT)
    visits.append((SAVE_OFFER, answers))
    return visits


def reacher(leader: Leader, exercise, answers: list[str], prompt: str):
    """A function that (re)plays the exercise up to `prompt`; True when it is asked."""
    start = "/start_reflection" + json.dumps({"exercise": exercise.id})

    def reach() -> bool:
        if leader.replies:  # a replay: end what is running first
            leader.say("stop")
        reply = leader.say(start)
        for answer in answers:
            reply = leader.say(answer)
        return leader.expect(reply, prompt, where=f"{exercise.id}: reaching {prompt[:40]!r}")
    return reach


def drive(leader: Leader, reach, inputs: list[str], check) -> bool:
    """Send each input at the step, reaching it again first where the last one left it;
    `check(text, reply)` checks the reply and says whether the step is still where it was."""
    clean = reach()
    for text in inputs:
        if not clean:
            clean = reach()
        leader.tally.inputs += 1
        clean = check(text, leader.say(text))
    return clean


def fuzz_step(coach, exercise, index: int, prompt: str, answers: list[str], tally: Tally) -> None:
    """Every input at one question of an exercise, from its own REST sender (a short tracker)."""
    if prompt == DATE_PROMPT:
        return fuzz_date_step(coach, exercise, index, answers, tally)
    if prompt == SAVE_OFFER:
        return fuzz_save_offer(coach, exercise, index, answers, tally)
    leader = Leader(coach, f"fuzz-{exercise.id}-{index}", tally)
    reach = reacher(leader, exercise, answers, prompt)

    def back_at(reply: str, prompt: str, where: str) -> bool:
        return leader.expect(reply, prompt, where=where)

    tally.steps += 1
    scale = exercise.question(_step_id(exercise, prompt)).kind == "scale"
    # "stop" last: it is the one input after which the step cannot be restored without a replay.
    inputs = [e.example for e in ESCAPES] + [c for c in CONTROLS if c != "stop"] + [DISTRESS, QUESTION, FREE_TEXT]
    if scale:
        inputs.append(GRADED[4])
    clean = drive(leader, reach, inputs, lambda text, reply: check_exercise_input(
        leader, text, reply, prompt, scale, f"{exercise.id} at {prompt[:40]!r} sent {text!r}", back_at))
    if scale:  # two answers it cannot read: asked again once, then moved on
        if not clean:
            reach()
        leader.say("it depends on the day")
        reply = leader.say("hard to say really")
        tally.inputs += 1
        if prompt in reply and said("utter_step_moved_on") not in reply:
            leader.fail(f"{exercise.id} at {prompt[:40]!r}: asked a third time after two misses")
        else:
            leader.expect(reply, "utter_step_moved_on", where=f"{exercise.id} second miss")
        clean = not finished(leader, reply, f"{exercise.id} second miss") and \
            back_at(leader.say("back"), prompt, f"{exercise.id} back after moving on")
    end_with_stop(leader, clean, reach, f"{exercise.id} at {prompt[:40]!r}")


def end_with_stop(leader: Leader, clean: bool, reach, where: str) -> None:
    """"stop" at the step (reached again if need be) ends the exercise, saving nothing."""
    if not clean:
        reach()
    leader.tally.inputs += 1
    leader.expect(leader.say("stop"), "utter_reflection_stopped", where=f"{where} sent 'stop'")
    print(f"  {leader.sender}: {len(leader.replies)} messages", flush=True)


def fuzz_date_step(coach, exercise, index: int, answers: list[str], tally: Tally) -> None:
    """Every input at a commitment's "By when?": the escapes, "later", distress, a question, help
    and "start again" as at any question; "back" returns to the commitment, "skip" leaves the date
    out and moves on, words with no date are asked again then moved on, a date is said back."""
    leader = Leader(coach, f"fuzz-{exercise.id}-{index}-date", tally)
    prompt = said(DATE_PROMPT)
    commitment = next(step.prompt for step in exercise.steps if getattr(step, "commitment", False))
    reach = reacher(leader, exercise, answers, prompt)

    def back_at(reply: str, prompt: str, where: str) -> bool:
        return leader.expect(reply, prompt, where=where)

    def back_to_date(where: str) -> bool:
        """Back to the commitment (the date is dropped with it), answered again without a date."""
        return leader.expect(leader.say("back"), commitment, where=where + " then back") and \
            back_at(leader.say(DATELESS_STEP), prompt, where + " then the step again")

    def check(text: str, reply: str) -> bool:
        where = f"{exercise.id} at 'By when?' sent {text!r}"
        if text == "back":
            return leader.expect(reply, commitment, where=where) and \
                back_at(leader.say(DATELESS_STEP), prompt, where + " then the step again")
        if text == "skip":
            if prompt in reply:
                leader.fail(f"{where}: the date asked again after skip")
            return not finished(leader, reply, where) and back_to_date(where)
        if text == FREE_TEXT:  # no date in it: asked again with what works, then moved on
            leader.expect(reply, "utter_step_reask_date", where=where)
            second = leader.say("it depends on the board")
            leader.tally.inputs += 1
            leader.expect(second, "utter_step_date_moved_on", where=where + " twice")
            return not finished(leader, second, where) and back_to_date(where + " twice")
        if text == DATE_ANSWER:
            leader.expect(reply, "utter_commitment_date_said_back", where=where)
            return not finished(leader, reply, where) and back_to_date(where)
        return check_exercise_input(leader, text, reply, prompt, False, where, back_at)

    tally.steps += 1
    inputs = [e.example for e in ESCAPES] + [c for c in CONTROLS if c != "stop"] + [DISTRESS, QUESTION, FREE_TEXT,
                                                                                     DATE_ANSWER]
    clean = drive(leader, reach, inputs, check)
    end_with_stop(leader, clean, reach, f"{exercise.id} at 'By when?'")


def fuzz_save_offer(coach, exercise, index: int, answers: list[str], tally: Tally) -> None:
    """Every input at "save this to your journal?": nothing loses the reflection unasked. "back"
    and "start again" (after a no) return to the last question, "later" keeps the offer open
    for "I'm back", an escape (but forget me) leaves it open for a later yes, a question is
    answered and the offer made again; a yes saves, and stop or skip decline it, saying so."""
    leader = Leader(coach, f"fuzz-{exercise.id}-{index}-save", tally)
    reach = reacher(leader, exercise, answers, SAVE_OFFER)
    last = walk(exercise)[-2][0]  # the last question asked
    last_answer = answers[-1]

    def offered(reply: str, where: str) -> bool:
        return leader.expect(reply, SAVE_OFFER, where=where)

    def check(text: str, reply: str) -> bool:
        where = f"{exercise.id} at the save offer sent {text!r}"
        escape = next((e for e in ESCAPES if e.example == text), None)
        if escape is not None:
            answered_escape(leader, text, reply, where)
            if escape.name != "forget_me":
                leader.expect(leader.say("yes"), "utter_reflection_saved", where=where + " then yes")
            return False
        if text in ("back", "start again"):
            if text == "start again":
                leader.expect(reply, "utter_confirm_restart_flow", where=where)
                reply = leader.say("no")
            leader.expect(reply, last, where=where)
            return offered(leader.say(last_answer), where + " then the last answer again")
        if text == "later":
            leader.expect(reply, "utter_save_offer_kept", where=where)
            return offered(leader.say(RESUME), where + " then resumed")
        if text in ("stop", "skip"):
            leader.expect(reply, "utter_reflection_not_saved", "utter_commitment_not_saved", where=where)
            return False
        if text in ("help", QUESTION):
            return offered(reply, where)
        if text == DISTRESS:
            leader.expect(reply, "utter_distress_support", where=where)
            return False
        if text == "yes":
            leader.expect(reply, "utter_reflection_saved", where=where)
            return False
        # Free text is no reply to the offer: it gets its usual answer, and the offer stays open.
        return offered(leader.say("where was I?"), where + " then 'where was I?'")

    tally.steps += 1
    drive(leader, reach, [e.example for e in ESCAPES] + list(CONTROLS) + [DISTRESS, QUESTION, FREE_TEXT, "yes"], check)
    print(f"  {leader.sender}: {len(leader.replies)} messages", flush=True)


def check_exercise_input(leader: Leader, text: str, reply: str, prompt: str, scale: bool, where: str,
                         back_at) -> bool:
    """Check the reply to one input at a step and restore the step; True when back at it."""
    if answered_escape(leader, text, reply, where):
        leader.expect(reply, "utter_reflection_paused", where=where)
        return back_at(leader.say(RESUME), prompt, where + " then resumed")
    if text == "stop":
        leader.expect(reply, "utter_reflection_stopped", where=where)
        return False
    if text == "later" or text == DISTRESS or text == QUESTION:
        expected = {"later": "utter_reflection_paused", DISTRESS: "utter_distress_support",
                    QUESTION: "utter_reflection_interrupted"}[text]
        leader.expect(reply, expected, where=where)
        return back_at(leader.say(RESUME), prompt, where + " then resumed")
    if text == "help":
        leader.expect(reply, "utter_reflection_help", where=where)
        return back_at(reply, prompt, where)
    if text == "start again":
        leader.expect(reply, "utter_confirm_restart_flow", where=where)
        return back_at(leader.say("no"), prompt, where + " then no")
    if text == "back":
        if said("utter_at_start") in reply:
            return back_at(reply, prompt, where)
        return back_at(leader.say("skip"), prompt, where + " then skip")
    if text == "skip":
        if prompt in reply:
            leader.fail(f"{where}: the same question again after skip")
        return not finished(leader, reply, where) and back_at(leader.say("back"), prompt, where + " then back")
    if text == FREE_TEXT and scale:  # a miss: asked again, with buttons
        leader.expect(reply, "utter_step_reask_scale", where=where)
        leader.expect(reply, prompt, where=where)
        return back_at(leader.say("later") and leader.say(RESUME), prompt, where + " then paused and resumed")
    if text == GRADED[4]:
        leader.expect(reply, "I've noted 4 out of 5", where=where)
    if prompt in reply:
        leader.fail(f"{where}: the answer was not taken")
    return not finished(leader, reply, where) and back_at(leader.say("back"), prompt, where + " then back")


def finished(leader: Leader, reply: str, where: str) -> bool:
    """True after the last question: the summary and the save offer (the step is then replayed)."""
    if said("utter_offer_save") not in reply:
        return False
    leader.expect(reply, "utter_reflection_summary_intro", where=where)
    return True


def _step_id(exercise, prompt: str) -> str:
    return next(i for i in exercise.question_ids() if exercise.question(i).prompt == prompt)


def fuzz_menu(coach, exercises, tally: Tally) -> None:
    """The exercise menu: escapes, controls and no (it ends politely), a question (answered, then
    the menu again), a near title and a theme (the exercise starts)."""
    leader = Leader(coach, "fuzz-menu", tally)
    tally.steps += 1
    for text in [e.example for e in ESCAPES] + ["stop", "no thanks", "later", "help", QUESTION]:
        tally.inputs += 1
        leader.expect(leader.say(MENU_OPENER), "utter_choose_exercise", where="menu")
        reply = leader.say(text)
        where = f"menu sent {text!r}"
        if answered_escape(leader, text, reply, where):
            pass
        elif text in ("stop", "no thanks", "later"):
            leader.expect(reply, "utter_menu_closed", where=where)
        else:
            leader.expect(reply, "utter_choose_exercise", where=where)
            if text == QUESTION and said("utter_choose_exercise") == reply:
                leader.fail(f"{where}: the question was not answered")
            leader.say("no thanks")
    for exercise in exercises.values():
        tally.inputs += 1
        leader.say(MENU_OPENER)
        near = exercise.title.lower().removeprefix("a ").replace("-", " ")[:-1]  # a near spelling
        leader.expect(leader.say(f"the {near} one"), exercise.steps[0].prompt, where=f"menu chose {near!r}")
        leader.say("stop")


def fuzz_finder(coach, tally: Tally) -> None:
    """The finder's question: escapes and any no or stop end it, a question is answered and the
    question asked again, an answer in words recommends."""
    leader = Leader(coach, "fuzz-finder", tally)
    tally.steps += 1
    for text in [e.example for e in ESCAPES] + ["stop", "no thanks", QUESTION, DISTRESS, "help", "start again",
                                                 "I'm a ward sister"]:
        tally.inputs += 1
        leader.expect(leader.say(FINDER_OPENER), "utter_ask_finder_role", where="finder")
        reply = leader.say(text)
        where = f"finder sent {text!r}"
        if answered_escape(leader, text, reply, where):
            pass
        elif text in ("stop", "no thanks"):
            leader.expect(reply, "utter_finder_stopped", where=where)
        elif text == DISTRESS:
            leader.expect(reply, "utter_distress_support", where=where)
        elif text in (QUESTION, "help", "start again"):
            leader.expect(reply, "utter_ask_finder_role", where=where)
            leader.say("stop")
        elif said("utter_ask_finder_role") in reply:
            leader.fail(f"{where}: asked again after an answer")


def checkin_inputs() -> list[str]:
    return [e.example for e in ESCAPES] + ["stop", "later", "skip", "back", "help", "start again", DISTRESS, QUESTION,
                                           "Partly"]


def make_commitment(coach, sender: str, exercise) -> None:
    """Walk the exercise with a commitment step to its end and save it (the check-in's subject)."""
    coach.say(sender, "/start_reflection" + json.dumps({"exercise": exercise.id}))
    for step in exercise.steps:
        coach.say(sender, CHECKIN_STEP if getattr(step, "commitment", False) else answer_for(step))
        if step.kind == "scale" and step.follow_ups:
            coach.say(sender, FREE_TEXT)
    coach.say(sender, "yes")  # save
    coach.say(sender, "no")  # not shared


# The check-in's later questions and the answers that reach each (bot/checkins/conversation.py):
# when to ask again, what helped, what next, and a date for it.
CHECKIN_LATER = {
    "postpone date": ("later",),
    "what helped": ("Partly",),
    "what next": ("Partly", "Talking to the council first helped"),
    "new date": ("Partly", "Talking to the council first helped", "Keep meeting the ICB lead"),
}


def fuzz_checkin_later(coach, sender: str, path: tuple[str, ...], text: str, tally: Tally) -> None:
    """One input at a later check-in question: escapes do what they say, distress gets support,
    and every other input gets a reply (Leader checks: never empty, never the same three times)."""
    leader = Leader(coach, sender, tally)
    tally.inputs += 1
    if not leader.expect(leader.say("hello"), "How did it go?", where=f"check-in for {sender}"):
        return
    for answer in path:
        leader.say(answer)
    reply = leader.say(text)
    where = f"check-in after {' / '.join(path)!r} sent {text!r}"
    if answered_escape(leader, text, reply, where):
        return
    if text == DISTRESS:
        leader.expect(reply, "utter_distress_support", where=where)
    if text == "start again":  # asked first; a yes asks the first question again
        leader.expect(reply, "utter_confirm_restart_checkin", where=where)
        again = leader.say("yes")
        leader.expect(again, "utter_checkin_restarted", where=where + " then yes")
        leader.expect(again, "How did it go?", where=where + " then yes")


def fuzz_checkin(coach, sender: str, text: str, tally: Tally) -> None:
    """One input at the check-in's first question, then its answer moves the form on."""
    leader = Leader(coach, sender, tally)
    tally.inputs += 1
    opened = leader.say("hello")
    if not leader.expect(opened, "How did it go?", where=f"check-in for {sender}"):
        return
    reply = leader.say(text)
    where = f"check-in sent {text!r}"
    if answered_escape(leader, text, reply, where):
        pass
    elif text == DISTRESS:
        leader.expect(reply, "utter_distress_support", where=where)
    elif text == "help":
        leader.expect(reply, "utter_checkin_help", where=where)
    elif text == "later":
        leader.expect(reply, "utter_checkin_ask_postpone_date", where=where)
    elif text in ("stop", "skip"):
        leader.expect(reply, "utter_checkin_skipped", "utter_checkin_what_now", where=where)
    elif text == "back":
        leader.expect(reply, "utter_at_start", where=where)
    elif text == "start again":  # asked first; a no carries on with the same question
        leader.expect(reply, "utter_confirm_restart_checkin", where=where)
        kept = leader.say("no")
        leader.expect(kept, "utter_restart_flow_declined", where=where + " then no")
        leader.expect(kept, "How did it go?", where=where + " then no")
    elif text == "Partly":
        leader.expect(reply, "utter_checkin_ask_helped_partly", where=where)
        for later_text in ("help", "back"):
            tally.inputs += 1
            later = leader.say(later_text)
            leader.expect(later, "utter_checkin_help" if later_text == "help" else "How did it go?",
                          where=f"check-in helped step sent {later_text!r}")


@pytest.fixture(scope="module")
def coach(tmp_path_factory):
    yield from serve(tmp_path_factory.mktemp("fuzzer"))


@pytest.mark.timeout(1200)
def test_every_step_understands_escapes_controls_and_words(coach):
    started = time.monotonic()
    tally = Tally()
    exercises = coaching.get_exercises()
    with_commitment = next(e for e in exercises.values() if any(getattr(s, "commitment", False) for s in e.steps))
    shortest = min(exercises.values(), key=lambda exercise: len(walk(exercise)))
    checkin_senders = [f"fuzz-checkin-{i}" for i, _ in enumerate(checkin_inputs())]
    later = [(f"fuzz-checkin-{stage.replace(' ', '-')}-{i}", path, text)
             for stage, path in CHECKIN_LATER.items() for i, text in enumerate(checkin_inputs() + [FREE_TEXT])]
    with ThreadPoolExecutor(CONCURRENT_SENDERS) as pool:
        jobs = [pool.submit(fuzz_step, coach, exercise, index, prompt, answers, tally)
                for exercise in exercises.values() for index, (prompt, answers) in enumerate(walk(exercise))
                if prompt != SAVE_OFFER or exercise is shortest]  # the save offer: the same step in every exercise
        jobs += [pool.submit(fuzz_menu, coach, exercises, tally), pool.submit(fuzz_finder, coach, tally)]
        jobs += [pool.submit(make_commitment, coach, sender, with_commitment)
                 for sender in checkin_senders + [sender for sender, _, _ in later]]
        for job in jobs:
            job.result()
    # The check-in form: the servers again thirty days on, when every commitment is due.
    coach.stop()
    coach.env["COACH_TODAY"] = (datetime.now(timezone.utc).date() + timedelta(days=30)).isoformat()
    coach.start()
    tally.steps += 1 + len(CHECKIN_LATER)  # its first question, and each later one
    with ThreadPoolExecutor(CONCURRENT_SENDERS) as pool:
        jobs = [pool.submit(fuzz_checkin, coach, sender, text, tally)
                for sender, text in zip(checkin_senders, checkin_inputs(), strict=True)]
        jobs += [pool.submit(fuzz_checkin_later, coach, sender, path, text, tally) for sender, path, text in later]
        for job in jobs:
            job.result()
    elapsed = time.monotonic() - started
    print(f"\nconversation fuzzer: {tally.steps} steps, {tally.inputs} inputs tried ({tally.messages} messages), "
          f"{len(tally.failures)} failures, {elapsed:.0f} s")
    assert not tally.failures, "\n".join(tally.failures[:40])
