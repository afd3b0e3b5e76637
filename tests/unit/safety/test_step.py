"""bot.safety.step: what the safety step says for each level, inside and outside forms, and
right after a signpost."""
import pytest

from bot import names
from bot.safety import Level, handled_this_turn, safety_step, signposted_last_turn

DISTRESS_REPLY = (names.UTTER_DISTRESS_SUPPORT, names.UTTER_SUPPORT_ROUTES)


def test_crisis_gets_the_crisis_reply_and_nothing_else():
    step = safety_step("I want to end my life. How do I write a board paper?")
    assert step.responses == (names.UTTER_CRISIS_SUPPORT,) and step.stop and not step.answer
    assert step.signposts


def test_distress_gets_acknowledgement_and_support_routes():
    step = safety_step("I'm completely burnt out")
    assert step.responses == DISTRESS_REPLY and step.stop and step.signposts


def test_distress_with_a_question_answers_it_after_the_support():
    step = safety_step("I can't cope with this job any more. What's the evidence on shared leadership?")
    assert step.responses == DISTRESS_REPLY and step.answer and not step.stop
    assert step.answer_intro == names.UTTER_DISTRESS_THEN_QUESTION
    assert "shared leadership" in step.question


def test_strain_acknowledges_in_one_line_then_answers():
    step = safety_step("This workload is killing me, how do other directors prioritise?")
    assert step.level is Level.STRAIN
    assert step.responses == (names.UTTER_STRAIN_ACKNOWLEDGEMENT,) and step.answer and not step.signposts


def test_strain_without_a_question_asks_kindly_how_things_are():
    step = safety_step("this workload is killing me")
    assert step.responses == (names.UTTER_STRAIN_ACKNOWLEDGEMENT, names.UTTER_STRAIN_HOW_ARE_THINGS) and step.stop


def test_clinical_gets_the_decline():
    step = safety_step("what dose of paracetamol should I take?")
    assert step.responses == (names.UTTER_CLINICAL,) and step.stop and not step.signposts


def test_none_carries_on():
    step = safety_step("I feel this framework is all aimed at chief execs")
    assert step.level is Level.NONE and step.responses == () and not step.stop and not step.answer


@pytest.mark.parametrize("text", ["this workload is killing me", "what dose should my resident have?"])
def test_inside_a_form_strain_and_clinical_words_are_answers(text):
    step = safety_step(text, in_form=True)
    assert step.responses == () and not step.stop


@pytest.mark.parametrize("text, reply", [("I can't cope any more", DISTRESS_REPLY),
                                         ("I keep thinking about killing myself", (names.UTTER_CRISIS_SUPPORT,))])
def test_inside_a_form_crisis_and_distress_come_first(text, reply):
    step = safety_step(text, in_form=True)
    assert step.responses == reply and step.signposts


def test_after_a_signpost_a_safe_question_is_answered_kindly():
    step = safety_step("I'm not in danger, just tired. Is this normal in these roles?", after_signpost=True)
    assert step.responses == () and step.answer and step.uncovered == names.UTTER_ROLE_PRESSURES
    assert "normal in these roles" in step.question


def test_after_a_signpost_crisis_still_comes_first():
    step = safety_step("I don't want to be alive. Is this normal?", after_signpost=True)
    assert step.responses == (names.UTTER_CRISIS_SUPPORT,)


def user(text):
    return {"event": "user", "text": text}


def bot(response):
    return {"event": "bot", "text": "...", "metadata": {"utter_action": response}}


def test_signposted_last_turn_reads_the_previous_reply():
    events = [user("I can't cope"), {"event": "action", "name": "action_safety"}, bot(names.UTTER_DISTRESS_SUPPORT),
              bot(names.UTTER_SUPPORT_ROUTES), user("thanks. is this normal?")]
    assert signposted_last_turn(events)
    assert not signposted_last_turn([*events, bot("utter_youre_welcome"), user("what is system leadership?")])
    assert not signposted_last_turn([user("hello")])


def test_handled_this_turn_sees_the_safety_action_after_the_latest_message():
    events = [user("x"), {"event": "action", "name": "action_safety"}]
    assert handled_this_turn(events)
    assert not handled_this_turn([*events, user("y")])


def test_someone_elses_crisis_gets_the_reply_for_them_and_ends_the_turn():
    step = safety_step("my deputy has taken a handful of tablets and locked herself in the office")
    assert step.responses == (names.UTTER_CRISIS_SOMEONE_ELSE,) and step.stop and step.signposts
    assert safety_step("I've taken a handful of tablets").responses == (names.UTTER_CRISIS_SUPPORT,)
