"""The scripted conversations of the report tests, as Rasa stores them (shapes from a real coach)."""
from __future__ import annotations

from tests.unit.analytics.events import Conversation

DAY = "2025-03-10"
OTHER_DAY = "2025-03-11"
SHOWN = ["partners-in-care-and-health", "adass", "futurenhs-collaboration-platform"]


def greeting(day=DAY):
    return Conversation("leader-greet", day, channel="socketio", cohort="alpha") \
        .user("Hello!", "greet").action("utter_greet").bot("Hello, I'm the coach", "utter_greet").listen()


def answered(day=DAY):
    return Conversation("leader-question", day).user("What does system leadership actually mean?", "ask_question") \
        .action("action_answer_question").bot("System leadership means ...").slot("knowledge_entry", "what-is-system-leadership") \
        .listen()


def unanswered(day=DAY):
    c = Conversation("leader-gap", day)
    c.user("How do I get my sourdough starter to rise, asks Sarah Jones?", "nlu_fallback")
    c.action("action_handle_fallback").bot("outside my knowledge base", "utter_not_in_knowledge_base")
    c.slot("knowledge_entry", None).listen()
    # An out-of-scope decline is not a content gap.
    c.user("What's the weather like in Leeds?", "out_of_scope").action("action_decline_out_of_scope")
    c.bot("outside what I can help with", "utter_out_of_scope").listen()
    return c


def nonsense(day=DAY):
    c = Conversation("leader-nonsense", day, channel="teams")
    c.user("xkcd blorp wibble", "nonsense").action("action_handle_fallback")
    c.bot("Could you put that another way?", "utter_ask_rephrase").listen()
    # A fallback that the knowledge base could answer after all is a fallback, not a gap.
    c.user("wot is sistem leedership", "nlu_fallback").action("action_handle_fallback")
    c.bot("System leadership means ...").slot("knowledge_entry", "what-is-system-leadership").listen()
    return c


def reflection(day=DAY):
    c = Conversation("leader-reflect", day, channel="socketio", cohort="beta")
    state = {"exercise": "cross-boundary-challenge", "status": "active", "pending": "challenge", "answers": {}}
    c.user("I want to reflect on a challenge", "start_reflection").action("action_start_reflection")
    c.bot("**A cross-boundary challenge**").bot("controls", "utter_reflection_controls")
    c.slot("reflection_state", state).slot("reflection_answer", None).action("reflection_form")
    c.bot("What is the cross-boundary challenge on your mind?").slot("requested_slot", "reflection_answer").listen()
    # Inside the form the classifier's intent means nothing: nlu_fallback here is an answer.
    c.user("Getting Priya Shah's two trusts to agree a discharge plan", "nlu_fallback")
    c.slot("reflection_answer", "Getting ...").action("reflection_form")
    c.bot('Thank you. So the challenge you are working on is: "Getting Priya Shah\'s two trusts..."')
    c.slot("reflection_state", {**state, "pending": "first_step"}).listen()
    c.user("4", "out_of_scope").action("reflection_form")
    c.slot("reflection_answer", "completed").slot("reflection_state", {**state, "status": "completed", "pending": None})
    c.action("action_finish_reflection").bot("Here is your reflection", "utter_reflection_summary_intro")
    c.bot("Your challenge: Getting Priya Shah's two trusts to agree a discharge plan")
    c.bot("Would you like me to save this?", "utter_offer_save").slot("pending_confirmation", "save").listen()
    c.user("yes", "affirm").action("action_confirm").bot("Saved", "utter_reflection_saved")
    c.slot("reflection_state", None).listen()
    # Resuming sets reflection_state too, but starts nothing.
    c.user("continue my reflection", "resume_reflection").action("action_resume_reflection")
    c.bot("nothing to resume", "utter_nothing_to_resume").listen()
    return c


def abandoned_reflection(day=DAY):
    c = Conversation("leader-paused", day)
    c.user('/start_reflection{"exercise": "failing-well"}', "start_reflection").action("action_start_reflection")
    c.slot("reflection_state", {"exercise": "failing-well", "status": "active"}).action("reflection_form").listen()
    c.user("pause", "pause").action("reflection_form")
    c.slot("reflection_state", {"exercise": "failing-well", "status": "paused"}).action("action_finish_reflection")
    c.bot("paused", "utter_reflection_paused").listen()
    return c


def finder(day=DAY):
    c = Conversation("leader-finder", day)
    c.user('/find_programme{"want": "network"}', "find_programme").action("action_find_programme")
    c.slot("finder_shown", []).action("finder_form").bot("your role?", "utter_ask_finder_role").listen()
    c.user("I'm a middle manager in a council", "inform_profile").action("finder_form").action("action_finish_finder")
    c.bot("Here are the best fits", "utter_finder_intro").slot("finder_shown", SHOWN[:3]).listen()
    c.user("show me more", "more_programmes").action("action_more_programmes")
    c.slot("finder_shown", SHOWN[:3] + ["nhs-leadership-academy"]).listen()  # cumulative: counted once
    c.user('/ask_programme{"programme_id": "partners-in-care-and-health"}', "ask_programme",
           [{"entity": "programme_id", "value": "partners-in-care-and-health"}])
    c.action("action_ask_programme").bot("**Partners in Care and Health**").listen()
    return c


def distress(day=DAY):
    c = Conversation("leader-distress", day)
    c.user("I'm completely burnt out and can't face work tomorrow", "distress").action("utter_distress_support")
    c.bot("Samaritans 116 123", "utter_distress_support").listen()
    return c


def everyone(day=DAY):
    return [greeting(day), answered(day), unanswered(day), nonsense(day), reflection(day),
            abandoned_reflection(day), finder(day), distress(day)]


# Texts a spreadsheet would run as formulas, one per dangerous first character (= + - @ TAB CR).
FORMULAS = ['=HYPERLINK("http://evil.example")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1"]


def formulas(day=DAY):
    """Unanswered questions and a cohort that would run as spreadsheet formulas."""
    c = Conversation("leader-formula", day, cohort="=cohort()")
    for text in FORMULAS:
        c.user(text, "nlu_fallback").action("action_handle_fallback")
        c.bot("outside my knowledge base", "utter_not_in_knowledge_base").listen()
    return c


CLINICAL_QUESTION = "What dose of sertraline should my mum take?"
DECLINED_DISTRESS = "I can't cope, just book me a holiday somewhere"


def out_of_scope_and_private(day=DAY):
    """Three out-of-scope questions (two the same once masked), a clinical decline, and an
    out-of-scope decline that came with distress support: only the first three may be shown."""
    c = Conversation("leader-scope", day, channel="socketio", cohort="gamma")
    for text in ("Can you book my train to Leeds? I'm Priya", "Can you book my train to Leeds? I'm Sam",
                 "Who will win the football on Saturday?"):
        c.user(text, "out_of_scope").action("action_decline_out_of_scope")
        c.bot("outside what I can help with", "utter_out_of_scope").listen()
    c.user(CLINICAL_QUESTION, "clinical_question").action("action_safety")
    c.bot("I'm a leadership coach, not a clinical tool", "utter_clinical").listen()
    c.user(DECLINED_DISTRESS, "out_of_scope").action("action_safety")
    c.bot("Samaritans 116 123", "utter_distress_support")
    c.action("action_decline_out_of_scope").bot("outside what I can help with", "utter_out_of_scope").listen()
    return c
