"""bot.steps.read_turn: one reading of a message at any step (no Rasa, no model)."""
import pytest

from bot.steps import (
    CHOICE,
    DATE,
    ESCAPES,
    SCALE,
    TEXT,
    YES_NO,
    Choice,
    Control,
    Kind,
    Step,
    asks_to_reflect,
    is_resume,
    read_choice,
    read_turn,
    read_yes_no,
)

QUESTION = {"name": "ask_question", "confidence": 0.95}
EXERCISES = (Choice("cross-boundary-challenge", "A cross-boundary challenge", ("partnership",)),
             Choice("failing-well", "Failing well", ("mistakes",)),
             Choice("middle-managers", "Leading from the middle", ("middle managers",)))


@pytest.mark.parametrize("step", [Step(TEXT), Step(SCALE), Step(CHOICE, EXERCISES), Step(YES_NO),
                                  Step(DATE, parse=lambda text: None)])
@pytest.mark.parametrize("escape", ESCAPES, ids=lambda e: e.name)
def test_every_escape_is_heard_at_every_kind_of_step(step, escape):
    reading = read_turn(step, escape.example)
    assert reading.kind is Kind.ESCAPE and reading.escape == escape


@pytest.mark.parametrize(("text", "name"), [
    ("can you show my reflections please", "show_reflections"), ("export my data", "export"),
    ("delete my data", "forget_me"), ("what have I committed to", "show_commitments"),
    ("turn off check ins", "stop_checkins"),
])
def test_escapes_in_other_words(text, name):
    assert read_turn(Step(TEXT), text).escape.name == name


@pytest.mark.parametrize("text", ["I want my team to stop check-ins with the ICB", "We forget the people who matter",
                                  "show my team the reflections from the away day"])
def test_an_answer_that_mentions_an_escape_stays_an_answer(text):
    assert read_turn(Step(TEXT), text).kind is Kind.ANSWER


@pytest.mark.parametrize(("text", "score"), [
    ("4", 4), ("four", 4), ("3/5", 3), ("about a 3", 3), ("not at all", 1), ("not very", 2), ("fairly", 3),
    ("somewhat confident", 3), ("quite", 4), ("pretty safe", 4), ("very", 5), ("completely", 5),
    ("I'm quite confident", 4), ("I'd say 2", 2), ("4ish", 4), ("3-ish", 3), ("so-so", 3), ("meh", 3), ("OK", 3),
    ("not bad", 3), ("not great", 2),
])
def test_scales_take_graded_words(text, score):
    assert read_turn(Step(SCALE), text).value == score


@pytest.mark.parametrize("text", ["very unsafe", "depends on the day", "2 or 3", "blue", "dunno", "ok i guess not", "44ish"])
def test_a_scale_misses_what_it_cannot_read(text):
    assert read_turn(Step(SCALE), text).kind is Kind.MISS


@pytest.mark.parametrize(("text", "control"), [
    ("stop", Control.STOP), ("later", Control.PAUSE), ("got to go", Control.PAUSE),
    ("can we pick this up tomorrow", Control.PAUSE),
    ("got pulled into a meeting, can we come back to this later?", Control.PAUSE),
    ("skip", Control.SKIP), ("back", Control.BACK), ("help", Control.HELP), ("start again", Control.RESTART),
])
def test_controls(text, control):
    assert read_turn(Step(SCALE), text).control is control


def test_a_no_ends_a_choice_and_answers_a_yes_no():
    assert read_turn(Step(CHOICE, EXERCISES), "no thanks").control is Control.STOP
    assert read_turn(Step(CHOICE, EXERCISES), "none of these look useful tbh").control is Control.STOP
    assert read_turn(Step(CHOICE, EXERCISES), "honestly, neither of them").control is Control.STOP
    assert read_turn(Step(YES_NO), "no thanks").value is False


def test_crisis_comes_before_everything():
    assert read_turn(Step(SCALE), "I want to end my life").kind is Kind.SAFETY


def test_a_question_at_a_text_step_is_a_question_only_when_clear():
    assert read_turn(Step(TEXT), "what is system leadership?", QUESTION).kind is Kind.QUESTION
    assert read_turn(Step(TEXT), "what is an ICS?", {"name": "ask_question", "confidence": 0.4}).kind is Kind.QUESTION
    assert read_turn(Step(TEXT), "Trust, mostly. Why?", {"name": "ask_question", "confidence": 0.4}).kind is Kind.ANSWER
    assert read_turn(Step(SCALE), "what does the scale mean?").kind is Kind.QUESTION


@pytest.mark.parametrize(("text", "value"), [
    ("the cross boundary one", "cross-boundary-challenge"), ("failing wel", "failing-well"),
    ("Leading from the middle", "middle-managers"), ("mistakes", "failing-well"), ("banana", None),
])
def test_choices_by_near_title_or_theme(text, value):
    assert read_choice(text, EXERCISES) == value


OUTCOMES = (Choice("done", "Done"), Choice("partly", "Partly"), Choice("not_yet", "Not yet"))


@pytest.mark.parametrize(("text", "value"), [
    ("doen", "done"), ("Dnoe", "done"), ("don", "done"), ("partyl", "partly"), ("prtly", "partly"),
    ("not yte", "not_yet"), ("nto yet", "not_yet"), ("none", None), ("gone", None), ("doing", None), ("no", None),
])
def test_a_button_title_with_a_slip_of_the_finger_is_that_choice(text, value):
    assert read_choice(text, OUTCOMES) == value


@pytest.mark.parametrize(("text", "value"), [("yes", True), ("yeah go on", True), ("sure", True), ("nah", False),
                                             ("no thank you", False), ("maybe", None), ("yse", True), ("Eys", True),
                                             ("suer", True), ("onpe", False), ("on", None), ("sey", None)])
def test_yes_no(text, value):
    assert read_yes_no(text) is value


@pytest.mark.parametrize(("text", "resumes"), [("I'm back", True), ("where was I", True), ("carry on", True),
                                               ("hi I'm back, can we carry on where I was", True),
                                               ("continue my reflection", True), ("back to basics", False),
                                               ("I am back to square one with the ICB", False)])
def test_resume_in_the_leaders_words(text, resumes):
    assert is_resume(text) is resumes


@pytest.mark.parametrize(("text", "wanted"), [("can I do a quick reflection", True), ("start an exercise", True),
                                              ("show my reflections", False), ("list my saved reflections", False)])
def test_a_request_to_reflect_is_not_a_request_for_the_journal(text, wanted):
    assert asks_to_reflect(text) is wanted


def test_where_was_i_while_a_step_waits_asks_it_again():
    reading = read_turn(Step(SCALE), "where was I")
    assert reading.kind is Kind.CONTROL and reading.value == "resumed"


@pytest.mark.parametrize("text", ["hang on whats failing well actually mean", "sorry, quick question - what's an ICB?",
                                  "wait what does GROW stand for"])
def test_a_question_after_an_aside_or_a_meaning_asked_without_a_question_mark_is_a_question(text):
    assert read_turn(Step(TEXT), text).kind is Kind.QUESTION


@pytest.mark.parametrize("text", ["what I learned is that we need to talk sooner", "what we meant was nobody owned it"])
def test_an_answer_opening_with_what_is_still_an_answer(text):
    assert read_turn(Step(TEXT), text).kind is Kind.ANSWER
