"""One decision for a free-text message, over the real content: the issue's six groups of misses,
corrections, closings and honest abstention. (Phrasings are our own, not the evaluation set's.)"""
from __future__ import annotations

import pytest

from bot.understanding import Context, Route
from bot.understanding.understand import DECLINED


def decide(understanding, text, **context):
    return understanding.decide(text, Context(**context))


# 1. Knowledge base or catalogue: decided by the content, not by a mention of programmes.
@pytest.mark.parametrize("text", [
    "what does SCIE say about leadership programmes?",
    "why would a leader bother joining a peer network?",
])
def test_a_question_about_programmes_or_networks_is_a_knowledge_question(understanding, text):
    assert decide(understanding, text).route is Route.KNOWLEDGE


def test_a_named_programme_is_that_catalogue_entry(understanding):
    decision = decide(understanding, "can you tell me about the Nye Bevan programme")
    assert (decision.route, decision.target) == (Route.CATALOGUE, "nye-bevan-programme")


def test_a_request_for_development_for_oneself_goes_to_the_finder(understanding):
    assert decide(understanding, "I'm a ward manager, is there a course for me?").route is Route.FINDER


# 2. Informal writing.
@pytest.mark.parametrize("text", [
    "how do govt and nhs mgmt lead together pls",
    "whats the evidnce that intergrated care needs good leadership",
    "wat r the six charactersitics of system leadrship",
])
def test_informal_writing_still_gets_a_grounded_answer(understanding, text):
    decision = decide(understanding, text)
    assert decision.route is Route.KNOWLEDGE, decision.why
    assert decision.read_as != text  # what was read is kept, for explanations


# 3. Near misses: the specific entry, not one that shares a word.
def test_shared_leadership_on_winter_pressures_is_the_complex_cross_system_entry(understanding):
    decision = decide(understanding, "does SCIE say anything about shared leadership on things like "
                                     "winter pressures and hospital discharge?")
    assert decision.target == "tackling-complex-cross-system-issues"


# 4. Follow-ups are read against the last answer.
@pytest.mark.parametrize("text", ["why?", "why is that?", "can you give an example of that?"])
def test_a_follow_up_without_words_of_its_own_is_answered_from_the_last_entry(understanding, text):
    decision = decide(understanding, text, last_entry="what-is-system-leadership",
                      answered=("what-is-system-leadership",))
    assert decision.route in (Route.MORE, Route.KNOWLEDGE), decision.why
    assert decision.route is not Route.ABSTAIN


def test_a_follow_up_with_words_of_its_own_gets_the_entry_for_them(understanding):
    decision = decide(understanding, "and what about working with councillors?",
                      last_entry="what-is-system-leadership", answered=("what-is-system-leadership",))
    assert decision.route is Route.KNOWLEDGE
    assert decision.target != "what-is-system-leadership"


def test_the_same_answer_is_never_given_twice_in_a_row(understanding):
    first = decide(understanding, "what is system leadership?")
    again = decide(understanding, "what is system leadership?", last_entry=first.target, answered=(first.target,))
    assert (again.route, again.target) != (first.route, first.target)


# 6. Starting an exercise from an opening line.
@pytest.mark.parametrize("text, exercise", [
    ("lets do the exercise on failing well", "failing-well"),
    ("can we work on my enabling environment", "enabling-environment"),
    ("I'd like to reflect on engaging my middle managers", "middle-managers"),
])
def test_an_opener_naming_an_exercise_starts_it(understanding, text, exercise):
    decision = decide(understanding, text)
    assert (decision.route, decision.target) == (Route.EXERCISE, exercise)


def test_an_opener_naming_no_exercise_offers_the_menu(understanding):
    assert decide(understanding, "can we do a reflection exercise?").route is Route.EXERCISE
    assert decide(understanding, "can we do a reflection exercise?").target is None


# Corrections and two questions in one.
def test_that_is_not_what_i_asked_takes_the_next_best_reading(understanding):
    first = decide(understanding, "how do we build trust between partners?")
    corrected = decide(understanding, "that's not what I asked", last_entry=first.target,
                       answered=(first.target,), alternatives=first.alternatives)
    assert corrected.route is Route.KNOWLEDGE and corrected.target != first.target
    assert corrected.target == first.alternatives[0]


def test_a_correction_with_words_reads_them_without_the_entry_just_given(understanding):
    first = decide(understanding, "what is system leadership?")
    corrected = decide(understanding, "no, I meant what the evidence says about it", last_entry=first.target,
                       answered=(first.target,))
    assert corrected.route is Route.KNOWLEDGE and corrected.target != first.target


def test_two_questions_get_two_answers_each_read_on_its_own(understanding):
    decision = decide(understanding, "What is the enabling environment? And also how do leaders fail well?")
    assert decision.route is Route.KNOWLEDGE
    assert decision.second is not None and decision.second != decision.target
    first, second = decision.extras["questions"]
    assert "enabling" in first and "fail well" in second


@pytest.mark.parametrize("text", ["ok thx. gtg", "cheers, that's all for now", "great thanks bye"])
def test_casual_closings_close(understanding, text):
    assert decide(understanding, text).route is Route.CLOSING


def test_a_follow_up_naming_no_kind_of_offer_stays_with_the_answer_not_the_finder(understanding):
    decision = decide(understanding, "and is there a social care equivalent?",
                      last_entry="healthcare-leadership-model", answered=("healthcare-leadership-model",))
    assert decision.route in (Route.KNOWLEDGE, Route.MORE), decision.why
    asked = decide(understanding, "and is there a course for that?",
                   last_entry="healthcare-leadership-model", answered=("healthcare-leadership-model",))
    assert asked.route is Route.FINDER, asked.why  # naming a kind of offer is a request


@pytest.mark.parametrize("text", ["what's the weather like in Leeds tomorrow",
                                  "how do I fix the printer on the third floor",
                                  "best recipe for a lasagne",
                                  "can you book me a meeting room at the ICB for Thursday?"])
def test_out_of_scope_is_still_declined(understanding, text):
    assert decide(understanding, text).route is Route.ABSTAIN


def test_the_decision_is_explained(understanding):
    assert decide(understanding, "what is system leadership?").why


@pytest.mark.parametrize("text, rest", [
    ("that's not what I asked", ""),
    ("nope, not what I was after", ""),
    ("no, wrong one", ""),
    ("no, I was asking about middle managers", "middle managers"),
    ("not that, I meant how councils fit in", "how councils fit in"),
    ("Sorry, I meant the one for councils", "the one for councils"),
    ("oh sorry, that's not it", ""),
    ("sorry meant for working across organisations", "for working across organisations"),
    ("sorry to bother you, what is system leadership", None),
    ("not bad thanks", None),  # not a correction
    ("what is the enabling environment", None),
])
def test_a_correction_is_recognised_and_its_new_content_kept(text, rest):
    from bot.understanding.understand import correction_rest

    assert correction_rest(text) == rest


@pytest.mark.parametrize("text", ["great", "ok then", "fine"])
def test_one_ordinary_word_is_not_taken_for_a_topic(understanding, text):
    assert decide(understanding, text).route is Route.ABSTAIN


def test_a_knowledge_question_with_a_request_for_an_offer_gets_the_answer_and_the_request_offered(understanding):
    decision = decide(understanding, "what does fail well mean and is there a free course for new managrs?")
    assert (decision.route, decision.target) == (Route.KNOWLEDGE, "failing-well"), decision.why
    assert decision.extras["offer_request"] == "is there a free course for new managers?"


# A named offer and a knowledge question in one message: both, in the order asked.
@pytest.mark.parametrize("text, entry, item, first", [
    ("whats the nye bevan programme, and what does co-production mean?", "co-production-and-elected-politicians",
     "Nye Bevan", True),
    ("what is collective leadership and is the top manager programme any good for a gp", "collective-leadership",
     "top manager", False),
    ("how long is the edward jenner course? also what is system leadership in a sentence", "what-is-system-leadership",
     "edward jenner", True),
])
def test_a_named_offer_and_a_knowledge_question_get_both(understanding, text, entry, item, first):
    decision = decide(understanding, text)
    assert (decision.route, decision.target) == (Route.KNOWLEDGE, entry), decision.why
    assert item.lower() in decision.extras["offer_request"].lower()
    assert decision.extras["offer_first"] is first


def test_a_question_about_the_offer_just_named_is_not_a_second_knowledge_question(understanding):
    decision = decide(understanding, "what is project lift, and do i need to be a senior leader to do it")
    assert decision.route is Route.CATALOGUE, decision.why


def test_the_meaning_of_a_phrase_for_a_kind_of_organisation_is_a_knowledge_question(understanding):
    decision = decide(understanding, "what does accountable to communities mean for a small charity?")
    assert decision.route is Route.KNOWLEDGE, decision.why  # not the finder, for "communities" and "charity"


def test_of_two_questions_the_one_the_knowledge_base_covers_is_answered(understanding):
    decision = decide(understanding, "whats system leadership and why should a GP care")
    assert (decision.route, decision.target) == (Route.KNOWLEDGE, "what-is-system-leadership"), decision.why


@pytest.mark.parametrize("text", ["coaching pls", "a bit of coaching please"])
def test_asking_for_coaching_without_a_topic_offers_the_menu(understanding, text):
    decision = understanding.decide(text, None, {"name": "start_reflection", "confidence": 0.9})
    assert (decision.route, decision.target) == (Route.EXERCISE, None), decision.why


def test_telling_who_you_are_and_asking_what_a_term_is_gets_the_meaning_not_the_finder(understanding):
    decision = decide(understanding, "im a ward sister, everyone keeps saying system leadership at huddles what actually is it")
    assert (decision.route, decision.target) == (Route.KNOWLEDGE, "what-is-system-leadership"), decision.why


@pytest.mark.parametrize("text", ["whats the weather like tomorrow", "can you book me a room"])
def test_an_errand_after_an_answer_is_still_declined_not_read_with_that_answer(understanding, text):
    decision = decide(understanding, text, last_entry="tackling-complex-cross-system-issues",
                      answered=("tackling-complex-cross-system-issues",))
    assert decision.route is Route.ABSTAIN, decision.why


# A question about what a study, paper or framework found stays with the knowledge base, even
# when it names a provider that is also in the catalogue, or says "is there".
@pytest.mark.parametrize("text, entry", [
    ("what did the 2013 Virtual Staff College study on systems leadership find", "virtual-staff-college-systems-leadership"),
    ("is there any research on how ICS leadership actually works, what did it find?", "evidence-knight-2024"),
    ("which framework sets out leadership behaviours for social care managers rather than the NHS?",
     "leadership-qualities-framework-asc"),
])
def test_a_question_about_evidence_or_a_framework_is_a_knowledge_question(understanding, text, entry):
    decision = decide(understanding, text)
    assert decision.route is Route.KNOWLEDGE, decision.why
    assert entry in (decision.target, *decision.alternatives[:1]), decision.target


# "How do I get ..." asks for an offer only when it names a kind of offer.
@pytest.mark.parametrize("text", [
    "none of the people on my board report to me, how do I get anything done?",
    "how do i get partners to trust each other when budgets are tight",
])
def test_how_do_i_get_without_an_offer_is_a_question_not_a_finder_request(understanding, text):
    assert decide(understanding, text).route is not Route.FINDER


def test_how_can_i_get_a_kind_of_offer_is_a_finder_request(understanding):
    assert decide(understanding, "how can I get a mentor as a new ward manager?").route is Route.FINDER


# A second sentence that points back at the first is part of the same question.
def test_a_second_question_pointing_back_is_read_with_the_first(understanding):
    decision = decide(understanding, "how does shared leadership help integrated care? "
                                     "what are the main ways it shows up?")
    assert decision.route is Route.KNOWLEDGE
    assert decision.second is None and "two questions" not in decision.why, decision.why


def test_a_how_sentence_after_a_question_is_not_a_request_for_an_offer(understanding):
    decision = decide(understanding, "what does system leadership involve day to day? looking for the short version")
    assert decision.route is Route.KNOWLEDGE
    assert "offer_request" not in (decision.extras or {})


def test_meant_to_is_not_a_question_about_a_meaning(understanding):
    decision = decide(understanding, "I report to my board and to CQC. Who else are system leaders meant to be answerable to?")
    assert decision.target != "what-is-system-leadership", decision.why


def test_a_meaning_question_about_a_topic_of_its_own_gets_that_topic(understanding):
    decision = decide(understanding, "what does it mean in practice that system leaders answer to local communities, "
                                     "not just their institutions?")
    assert decision.target == "accountable-to-people-and-communities", decision.why


@pytest.mark.parametrize("text, exercise", [
    ("the discharge pilot we ran flopped and I'd like to reflect on what we learned", "failing-well"),
    ("can we work on why I keep reaching for a restructure when the partners don't trust each other",
     "relationships-before-structures"),
])
def test_an_exercise_is_chosen_by_the_family_of_its_words(understanding, text, exercise):
    decision = decide(understanding, text)
    assert (decision.route, decision.target) == (Route.EXERCISE, exercise), decision.why


def test_a_correction_asking_to_find_one_of_those_goes_to_the_finder(understanding):
    decision = decide(understanding, "thats not what i meant - i want to find one I can join",
                      last_entry="communities-of-practice-and-networks",
                      answered=("communities-of-practice-and-networks",))
    assert decision.route is Route.FINDER, decision.why


@pytest.mark.parametrize("text, read", [
    ("thats not right", "that is not right"),
    ("i dont get it", "i do not get it"),
])
def test_contractions_without_apostrophes_are_read_as_the_words(understanding, text, read):
    assert understanding.informal.read(text).text == read


def test_finding_a_coach_is_a_request_for_an_offer_even_when_the_classifier_hears_coaching(understanding):
    decision = understanding.decide("where could I find a mentor or coach through work?", Context(),
                                    {"name": "start_reflection", "confidence": 0.95})
    assert decision.route is Route.FINDER, decision.why


def test_grand_thanks_closes(understanding):
    assert decide(understanding, "grand, cheers").route is Route.CLOSING


@pytest.mark.parametrize("text", ["grand, thanks a million", "diolch, that'll do for now", "gotta run, shouts coming in",
                                  "sorry have to dash, bed meeting", "ok I've got to go now"])
def test_leaving_in_so_many_words_closes(understanding, text):
    assert decide(understanding, text).route is Route.CLOSING


@pytest.mark.parametrize("text", ["I have to go to the ICB board next week, how do I prepare?",
                                  "thanks, and what does fail well mean?", "do I need to leave my role to lead the system"])
def test_a_question_with_leaving_or_thanks_words_is_not_a_goodbye(understanding, text):
    assert decide(understanding, text).route is not Route.CLOSING


# How a question is asked is not what it is about.
@pytest.mark.parametrize("framing", ["help me understand", "can you explain", "I'd like to know", "please tell me"])
def test_the_way_of_asking_does_not_pick_the_entry(understanding, framing):
    decision = decide(understanding, f"{framing} what system leadership is")
    assert (decision.route, decision.target) == (Route.KNOWLEDGE, "what-is-system-leadership"), decision.why


# 6. Exercise openers said as a request for help with the leader's own situation.
@pytest.mark.parametrize("text, exercise", [
    ("score me on system leadership", "six-characteristics"),
    ("how good am I at this? is there a quiz or something", "six-characteristics"),
    ("lets audit our enabling environment before the board", "enabling-environment"),
    ("we tried a joint triage pilot and it flopped, can you help me learn from it", "failing-well"),
    ("I want my team leaders to feel part of the system work, is there an activity we could do?", "middle-managers"),
    ("discharge to assess is stuck between us, the trust and the council. can we talk it through", "cross-boundary-challenge"),
    ("have you got something to help me see whether my team leaders lead beyond their own service", "middle-managers"),
    ("can you help me with a cross-boundary issue", "cross-boundary-challenge"),
    ("rate my leadership honestly", "six-characteristics"),
    ("our falls project collapsed last month, i want to learn from it", "failing-well"),
])
def test_asking_for_help_with_ones_own_situation_starts_its_exercise(understanding, text, exercise):
    decision = decide(understanding, text)
    assert (decision.route, decision.target) == (Route.EXERCISE, exercise), decision.why


@pytest.mark.parametrize("text", ["can you walk me through the evidence on integration",
                                  "what activities does the ICS network run"])
def test_a_walk_through_or_activities_of_something_else_are_not_an_exercise(understanding, text):
    assert decide(understanding, text).route is not Route.EXERCISE


def test_context_after_a_request_for_an_offer_is_not_a_second_question(understanding):
    decision = decide(understanding, "any leadership development for a charity boss in wales? "
                                     "something about working across the public services here")
    assert decision.route is Route.FINDER, decision.why


def test_a_follow_up_in_ordinary_english_is_not_corrected_into_an_offer(understanding):
    # "matters" is one letter from "masters" (a programme word), but it is common English.
    decision = decide(understanding, "which one matters most for ambulance services do you reckon",
                      last_entry="breadth-of-partners", answered=("breadth-of-partners",))
    assert decision.route in (Route.KNOWLEDGE, Route.MORE), decision.why


@pytest.mark.parametrize("text", ["give me an example from primary care", "ok so what should i actually do monday",
                                  "say more", "how would i do that with my clients and their families"])
def test_asking_for_an_example_more_or_the_practical_step_follows_up_the_last_answer(understanding, text):
    decision = decide(understanding, text, last_entry="failing-well", answered=("failing-well",))
    assert (decision.route, decision.target) == (Route.MORE, "failing-well"), decision.why


@pytest.mark.parametrize("text", ["write me a limerick about the ICB", "can you tell me a joke about NHS managers",
                                  "compose a short poem on integrated care"])
def test_a_piece_of_writing_to_make_is_declined_honestly(understanding, text):
    assert decide(understanding, text).route is Route.ABSTAIN


@pytest.mark.parametrize("text", ["tell me a story of a system leader who failed well", "give me an example of co-production"])
def test_asking_for_an_example_or_a_story_from_the_knowledge_is_not_an_errand(understanding, text):
    assert "piece of writing" not in decide(understanding, text).why


@pytest.mark.parametrize("text, entry, exercise", [
    ("whats fail well and can we do the exercise on it", "failing-well", "failing-well"),
    ("what does engaging middle managers mean and can you give me an exercise for it",
     "support-for-middle-managers-distributed-leadership", "middle-managers"),
])
def test_a_question_and_an_exercise_in_one_message_get_both(understanding, text, entry, exercise):
    decision = decide(understanding, text)
    assert (decision.route, decision.target, decision.extras.get("then_exercise")) == (Route.KNOWLEDGE, entry, exercise)


@pytest.mark.parametrize("text", ["hiya, ward sister on AMU, 2 mins between bleeps", "morning all", "hi there, i run a care home"])
def test_a_hello_that_asks_nothing_is_a_greeting(understanding, text):
    assert decide(understanding, text).route is Route.GREET


@pytest.mark.parametrize("text, route", [("hi, what is system leadership", Route.KNOWLEDGE),
                                         ("hello I'm a DASS in Leeds, anything for me", Route.FINDER),
                                         ("hiya, lets do the failing well exercise", Route.EXERCISE)])
def test_a_hello_before_a_question_or_request_is_no_part_of_it(understanding, text, route):
    assert decide(understanding, text).route is route


@pytest.mark.parametrize("text", ["prove it works", "what does the evidence say then", "is there any research on that"])
def test_asking_for_the_evidence_behind_the_last_answer_gets_an_entry_on_evidence(understanding, text):
    decision = decide(understanding, text, last_entry="surfacing-conflict-consensus-seeking",
                      answered=("surfacing-conflict-consensus-seeking",))
    assert decision.route is Route.KNOWLEDGE and decision.target.startswith("evidence-"), decision.why


def test_a_request_naming_a_role_is_a_request_even_after_an_answer(understanding):
    decision = decide(understanding, "fine. anything for GPs that isnt a waste of time",
                      last_entry="surfacing-conflict-consensus-seeking", answered=("surfacing-conflict-consensus-seeking",))
    assert decision.route is Route.FINDER, decision.why


# Closings in the leader's own words, Welsh included.
@pytest.mark.parametrize("text", ["ta thatll do", "diolch, that's all I needed. hwyl!", "right im off, night",
                                  "Thanks so much, I'll share this with the locality leads tomorrow. Bye for now.",
                                  "cheers, really useful, off to handover",
                                  "Thank you, lots for me to chew on there. Have a good evening."])
def test_a_closing_in_any_words_closes(understanding, text):
    assert decide(understanding, text).route is Route.CLOSING


def test_a_message_starting_im_off_that_asks_something_is_not_a_closing(understanding):
    assert decide(understanding, "im off to a meeting about discharge, what should i ask the council").route \
        is not Route.CLOSING


@pytest.mark.parametrize("text", ["thanks, could you send the link to the SCIE page too? bye",
                                  "thank you. how do I raise it with the chair? night"])
def test_thanks_and_a_farewell_around_a_request_are_not_a_closing(understanding, text):
    assert decide(understanding, text).route is not Route.CLOSING


# Leaving the choice of exercise to the coach offers the menu; a problem to work through is an exercise.
@pytest.mark.parametrize("text", [
    "I'd like a structured reflective exercise but not sure which. Options?",
    "got half an hour, want to do some coaching on myself. what do you suggest",
])
def test_a_request_to_reflect_that_leaves_the_choice_to_the_coach_offers_the_menu(understanding, text):
    decision = decide(understanding, text)
    assert (decision.route, decision.target) == (Route.EXERCISE, None), decision.why


# A recommendation of something that is no offer is not the finder's.
@pytest.mark.parametrize("text", ["can you recommend a decent restaurant near the ICB offices in Leeds",
                                  "which rota software would you recommend for a care home",
                                  "best hotels in cardiff for the ADASS seminar"])
def test_asking_to_recommend_a_thing_that_is_no_offer_is_declined(understanding, text):
    assert decide(understanding, text).route is Route.ABSTAIN


@pytest.mark.parametrize("text", ["can you recommend a good course for a new ICB director?", "anything in wales?"])
def test_asking_to_recommend_an_offer_is_a_finder_request(understanding, text):
    assert decide(understanding, text).route is Route.FINDER


@pytest.mark.parametrize("text", ["what is a system leader", "whats a systems leader"])
def test_a_term_named_by_a_synonym_is_answered_by_the_entry_named_after_it(understanding, text):
    decision = decide(understanding, text)
    assert (decision.route, decision.target) == (Route.KNOWLEDGE, "what-is-system-leadership"), decision.why


@pytest.mark.parametrize("text", ["main point in one line?", "can you sum that up", "say it more simply"])
def test_asking_for_the_last_answer_in_short_gets_that_answer(understanding, text):
    decision = decide(understanding, text, last_entry="collective-leadership", answered=("collective-leadership",))
    assert (decision.route, decision.target) == (Route.KNOWLEDGE, "collective-leadership"), decision.why


def test_a_summary_of_a_topic_of_its_own_is_that_topic(understanding):
    decision = decide(understanding, "summarise what the evidence says about place based leadership",
                      last_entry="collective-leadership", answered=("collective-leadership",))
    assert decision.target != "collective-leadership", decision.why


@pytest.mark.parametrize("text", ["not the theory, i want to actually do the exercise",
                                  "ok but can we do the exercise on that"])
def test_asking_for_the_exercise_on_the_last_answer_starts_that_themes_exercise(understanding, text):
    decision = decide(understanding, text, last_entry="failing-well", answered=("failing-well",))
    assert (decision.route, decision.target) == (Route.EXERCISE, "failing-well"), decision.why


def test_asking_for_an_exercise_after_an_answer_without_pointing_back_offers_the_menu(understanding):
    decision = decide(understanding, "lets do an exercise", last_entry="failing-well", answered=("failing-well",))
    assert (decision.route, decision.target) == (Route.EXERCISE, None), decision.why


@pytest.mark.parametrize("text", ["sounds nice but where's that from", "who says?", "source pls"])
def test_asking_where_the_last_answer_is_from_gets_its_references(understanding, text):
    decision = decide(understanding, text, last_entry="failing-well", answered=("failing-well",))
    assert (decision.route, decision.target) == (Route.SOURCE, "failing-well"), decision.why


def test_the_source_of_something_else_is_a_question_of_its_own(understanding):
    decision = decide(understanding, "what is the source of funding for integrated care boards",
                      last_entry="failing-well", answered=("failing-well",))
    assert decision.route is not Route.SOURCE, decision.why


@pytest.mark.parametrize("text", ["how much statutory sick pay do my carers get",
                                  "is it legal to make someone redundant while they're on maternity leave?",
                                  "how do i do my self assessment tax return"])
def test_employment_law_and_personal_admin_are_declined(understanding, text):
    assert decide(understanding, text).route is Route.ABSTAIN


def test_employment_words_in_a_question_about_system_leadership_are_not_declined(understanding):
    decision = decide(understanding, "how do system leaders handle redundancies across partner organisations")
    assert "employment law" not in decision.why


def test_a_follow_up_naming_a_related_entrys_subject_gets_that_entry(understanding):
    decision = decide(understanding, "ok and why does that matter for my team", last_entry="what-is-system-leadership",
                      answered=("what-is-system-leadership",))
    assert (decision.route, decision.target) == (Route.KNOWLEDGE, "why-system-leadership-matters"), decision.why


def test_a_follow_up_sharing_only_a_common_word_with_related_titles_gets_the_longer_explanation(understanding):
    decision = decide(understanding, "what does that mean for a care home", last_entry="what-is-system-leadership",
                      answered=("what-is-system-leadership",))
    assert (decision.route, decision.target) == (Route.MORE, "what-is-system-leadership"), decision.why


def test_help_with_a_topic_is_a_question_about_it(understanding):
    assert decide(understanding, "can you help me with the six characteristics, what are they").route is Route.KNOWLEDGE


@pytest.mark.parametrize("text", ["can you draft an email to the council about our discharge delays",
                                  "write my appraisal objectives for me", "whats the CQC rating of my trust",
                                  "what time does the ICB board meet",
                                  "pls draft a newsletter piece on our new frailty hub",
                                  "can you book me a hotel in Leeds for the ADASS spring seminar",
                                  "need to reset my NHSmail password", "which party should we be voting for in May",
                                  "when is our next CQC visit due", "whats the best golf courses near Gleneagles"])
def test_a_document_to_write_a_task_or_a_fact_of_the_day_is_declined(understanding, text):
    decision = decide(understanding, text)
    assert decision.route is Route.ABSTAIN and decision.extras.get(DECLINED), decision.why


@pytest.mark.parametrize("text", ["how do we update our governance arrangements across the partnership",
                                  "how should I write a statement of intent for our place partnership"])
def test_changing_or_writing_things_oneself_is_a_question_not_an_errand(understanding, text):
    assert decide(understanding, text).route is Route.KNOWLEDGE


def test_how_to_write_something_oneself_is_not_declined_as_an_errand(understanding):
    assert "writing" not in decide(understanding, "how do i write a good business case for integration").why


def test_how_an_exercise_should_go_does_not_choose_it(understanding):
    decision = decide(understanding, "could we do a structured reflection, not sure on what yet")
    assert decision.target != "relationships-before-structures", decision.why


@pytest.mark.parametrize("text", ["hmm not convinced", "sounds like management waffle to me"])
def test_doubting_the_last_answer_gets_the_evidence_behind_it(understanding, text):
    decision = decide(understanding, text, last_entry="failing-well", answered=("failing-well",))
    assert decision.route is Route.KNOWLEDGE and decision.target.startswith("evidence"), decision.why


@pytest.mark.parametrize("text", ["no i mean a course, not an exercise", "not a reflection, i want a mentor"])
def test_an_exercise_said_not_to_be_wanted_is_no_request_to_reflect(understanding, text):
    assert decide(understanding, text).route is Route.FINDER


@pytest.mark.parametrize("text", ["which would you start with?", "how do i start", "ok so where should we begin"])
def test_where_to_begin_after_an_answer_is_read_with_that_answer(understanding, text):
    decision = decide(understanding, text, last_entry="what-is-system-leadership", answered=("what-is-system-leadership",))
    assert decision.route in (Route.KNOWLEDGE, Route.MORE), decision.why
    assert decide(understanding, text).route is Route.ABSTAIN  # with no answer before, nothing to begin with


@pytest.mark.parametrize("text, exercise", [
    ("can you coach me through a stand-off with the mental health trust over who owns crisis beds", "cross-boundary-challenge"),
    ("is there like a quiz where I can score my own leadership", "six-characteristics"),
    ("our frailty pilot got scrapped in the summer, can we go through what happened", "failing-well"),
    ("id like to map out the relationships i need before the merger", "relationships-before-structures"),
])
def test_an_exercise_asked_for_in_everyday_words_is_the_fitting_one(understanding, text, exercise):
    decision = decide(understanding, text)
    assert (decision.route, decision.target) == (Route.EXERCISE, exercise), decision.why


@pytest.mark.parametrize("text", ["is there anything practical on the evidence for integration",
                                  "I want to map our local services for the JSNA"])
def test_practical_words_about_a_topic_are_not_a_request_to_reflect(understanding, text):
    assert decide(understanding, text).route is not Route.EXERCISE


@pytest.mark.parametrize("text", ["why should i believe any of that", "is that actually true?",
                                  "no, I meant the evidence. where's the proof?", "not that, what's the evidence behind it"])
def test_doubt_or_a_correction_asking_for_proof_gets_the_evidence_behind_the_last_answer(understanding, text):
    last = "characteristics-of-effective-system-leadership"
    decision = decide(understanding, text, last_entry=last, answered=(last,))
    assert decision.route is Route.KNOWLEDGE and decision.target.startswith("evidence-"), decision.why


@pytest.mark.parametrize("last, more_given", [("evidence-overview", ()), ("evidence-sims-2021", ()),
                                              ("what-is-system-leadership", ("what-is-system-leadership",))])
def test_asking_what_to_do_after_evidence_or_a_whole_answer_gets_what_leaders_do(understanding, last, more_given):
    decision = decide(understanding, "ok but what would I actually do differently on monday", last_entry=last,
                      answered=(last,), more_given=more_given)
    assert (decision.route, decision.target) == (Route.KNOWLEDGE, "skills-and-behaviours"), decision.why


# A sign-off made of its usual parts, in any order, with filler only between them.
@pytest.mark.parametrize("text", ["Many thanks, that was very useful. Best wishes.", "ok I'll come back to this tomorrow, cheers",
                                  "right, that's everything I needed. regards", "I've read enough for today. Bye for now",
                                  "brilliant, I'll give that a go. have a good weekend", "off to my huddle, speak soon",
                                  # in the leader's own words, before any informal reading ("ta" is not "thanks ra")
                                  "ta ra then", "diolch yn fawr, hwyl am y tro", "all done, cheers",
                                  "Thank you for your time. I shall be in touch should any other questions come up.",
                                  "Brilliant, I'll pass this on to the team. Thanks"])
def test_a_sign_off_made_of_its_parts_closes(understanding, text):
    assert decide(understanding, text).route is Route.CLOSING


@pytest.mark.parametrize("text", ["Many thanks. I'll come back to the governance question tomorrow, what should I read first",
                                  "That was useful. The council keeps blocking discharge though",
                                  "Kind regards, and is there a network for care home managers",
                                  "thanks, I'll try that with the ICB board"])
def test_a_sign_off_with_a_topic_or_a_question_in_it_is_not_a_closing(understanding, text):
    assert decide(understanding, text).route is not Route.CLOSING


# Asking to do rather than read starts an exercise, however it is put: practising (the verb), something
# practical or hands-on, an activity offered, a situation to map, a topic to be walked through.
@pytest.mark.parametrize("text, exercise", [
    ("I want to practise failing well. Where do I start?", "failing-well"),
    ("can we practise failing well together", "failing-well"),
    ("give me something hands-on to do, not more reading", None),
    ("Do you offer any structured activities for leaders?", None),
    ("i want to map a problem that sits between my ward, community services and the council", "cross-boundary-challenge"),
    ("walk me thru whether my council actually gives me permission to innovate", "enabling-environment"),
])
def test_asking_to_do_rather_than_read_starts_an_exercise(understanding, text, exercise):
    decision = decide(understanding, text)
    assert (decision.route, decision.target) == (Route.EXERCISE, exercise)


@pytest.mark.parametrize("text", ["what does good practice look like in practice", "what activities do ICBs fund",
                                  "is practice-based commissioning still a thing"])
def test_practice_and_activities_as_topics_stay_questions(understanding, text):
    assert decide(understanding, text).route is not Route.EXERCISE


# Who is asking plus a broad word ("anything", "any of this") in a longer question the knowledge base
# answers is a question about the topic; wanting an offer or a career to grow into stays a request.
@pytest.mark.parametrize("text", [
    "IJB chief officer. Genuine question, not a wind-up: is there anything in this about the centre letting go? "
    "Every new initiative seems to come with more reporting to government.",
    "Let me be blunt. Every few years the NHS reorganises itself. Does any of this system leadership thinking "
    "acknowledge that structures come and go?"])
def test_a_longer_question_naming_only_who_asks_is_a_knowledge_question(understanding, text):
    assert decide(understanding, text).route is Route.KNOWLEDGE


def test_a_career_to_grow_into_is_a_request_to_the_finder(understanding):
    text = "head of service childrens social care, would like to be a DCS one day. is there anything that would help me get there"
    assert decide(understanding, text).route is Route.FINDER


# Context first, the question last: the question decides, its pronoun standing for the topic named before it.
@pytest.mark.parametrize("text, entry", [
    ("im a ward sister on a busy medical ward, ive been told to talk about \"system leadership\" at the band 7 "
     "away day. what is it in plain english", "what-is-system-leadership"),
    ("the new director keeps going on about the enabling environment in every meeting we have on the unit. "
     "what does it actually mean?", "enabling-environment"),
])
def test_a_question_after_its_context_is_answered_for_the_topic_the_context_named(understanding, text, entry):
    decision = decide(understanding, text)
    assert (decision.route, decision.target) == (Route.KNOWLEDGE, entry)


@pytest.mark.parametrize("text", [
    "we have a system leadership away day next week. where is the best pizza place in leeds",
    "I'm the integrated care lead for our council. which train gets me from york to durham fastest?",
])
def test_a_question_after_context_about_our_topics_is_still_declined_when_it_asks_about_something_else(
        understanding, text):
    assert decide(understanding, text).route is Route.ABSTAIN


def test_asking_what_is_out_there_for_someone_like_them_is_a_request_to_the_finder(understanding):
    decision = decide(understanding, "social work team manager in a Welsh council, new to management, what's out there")
    assert decision.route is Route.FINDER
    assert decide(understanding, "what is the evidence out there on integrated care").route is Route.KNOWLEDGE


def test_a_pronoun_stands_for_what_the_previous_message_named_when_nothing_was_answered(understanding):
    before = "matron here. our discharge meetings with the council are a nightmare, everyone blames everyone"
    decision = decide(understanding, "how do I get them to share budgets", said_before=before)
    assert decision.route is Route.KNOWLEDGE
    assert decide(understanding, "how do I get them to share budgets").route is Route.ABSTAIN
    # Words the knowledge base does not know stay unanswered, whatever came before.
    assert decide(understanding, "what is it like in Spain", said_before=before).route is Route.ABSTAIN


@pytest.mark.parametrize("text", [
    "im a ward sister, ive been told to go on about system leadership at the away day.  what is it in plain english?",
    "im a ward sister, ive been told to go on about system leadership at the away day.\nwhat is it?\nin plain english",
])
def test_a_question_after_context_with_any_spacing_or_more_after_it_is_still_answered(understanding, text):
    decision = decide(understanding, text)
    assert (decision.route, decision.target) == (Route.KNOWLEDGE, "what-is-system-leadership")


# Asking for something to do with a group (an activity, a structure, a workshop format, a diagnostic,
# how to run a session) is asking for an exercise; the exercise is the one the situation is about.
@pytest.mark.parametrize("text, exercise", [
    ("our falls pilot was a disaster. got a structure for debriefing it with the team?", "failing-well"),
    ("need an activity to get my team leaders thinking about the wider system", "middle-managers"),
    ("how do i run a session on delayed transfers as a shared problem with the council and the trust",
     "cross-boundary-challenge"),
    ("want something to build trust with the new PCN before anyone writes terms of reference",
     "relationships-before-structures"),
    ("some sort of diagnostic to check whether our place board gives leaders time to innovate", "enabling-environment"),
    ("the frailty hub didn't work. want a reflective exercise on what we learned", "failing-well"),
])
def test_asking_for_something_to_do_with_a_group_starts_the_fitting_exercise(understanding, text, exercise):
    decision = decide(understanding, text)
    assert (decision.route, decision.target) == (Route.EXERCISE, exercise)


@pytest.mark.parametrize("text", ["any activities for new ward managers, like a course?",
                                  "is there a workshop I can go on for new managers",
                                  "what tools do ICSs use for population health management?",
                                  "I need a template for a section 75 agreement"])
def test_a_workshop_to_go_on_or_tools_as_a_topic_are_not_an_exercise(understanding, text):
    assert decide(understanding, text).route is not Route.EXERCISE


# A longer message that wants an offer in other words (peers to meet, an offer of another kind,
# something for a kind of leader, what to apply for) goes to the finder even when the knowledge base
# has an entry on its words.
@pytest.mark.parametrize("text", [
    "where do practice managers meet up for peer support? need people who get it",
    "our ICB board could do with an outside view. is there a peer review offer?",
    "I'm a deputy director of nursing and want to be a chief nurse in a few years. What should I apply for?",
    "I chair the health and wellbeing board. Is there anything for councillors who want to lead across the system?",
])
def test_an_offer_wanted_in_other_words_goes_to_the_finder(understanding, text):
    assert decide(understanding, text).route in (Route.FINDER, Route.CATALOGUE)


# Asking for an exercise right after a list of offers, or in a correction, is a request for the
# exercise, not a move within the list or a question.
@pytest.mark.parametrize("text, expected", [
    ("sorry, I meant could you give me an exercise on it to use with my team", None),
    ("no I meant a practical exercise for the council, the trust and us together", None),
    ("not a course - a session plan to run with my team after our pilot didn't work", "failing-well"),
])
def test_an_exercise_asked_for_after_a_list_or_in_a_correction_starts_it(understanding, text, expected):
    from bot.finder import get_finder

    shown = tuple(get_finder().items.values())[:3]
    decision = decide(understanding, text, last_list=shown, focus=shown[0])
    assert decision.route is Route.EXERCISE and (expected is None or decision.target == expected)


# How to do the work itself, asked only in the knowledge base's core words (words nearly every entry
# uses, which BM25 cannot rank), is answered with what system leaders do in practice, not declined
# or answered from whichever study happens to repeat a word.
@pytest.mark.parametrize("text", ["how can I lead across the system",
                                  "sister on a busy surgical ward. what's one thing i can do this week to lead across the system",
                                  "how can I work better with partners"])
def test_how_to_do_the_work_in_core_words_gets_what_leaders_do_in_practice(understanding, text):
    decision = decide(understanding, text)
    assert (decision.route, decision.target) == (Route.KNOWLEDGE, "skills-and-behaviours")


@pytest.mark.parametrize("text, entry", [("how do I build trust with the council", "relationship-building-person-centred"),
                                         ("what is system leadership", "what-is-system-leadership")])
def test_a_question_with_a_topic_of_its_own_keeps_its_entry(understanding, text, entry):
    assert decide(understanding, text).target == entry


# Influencing people one does not manage, in the words leaders use for it.
@pytest.mark.parametrize("text", ["how do i lead ppl from fire, police, ED when im not their boss",
                                  "how do I get them to listen", "how do I win them over when I'm not their manager"])
def test_influencing_beyond_authority_in_everyday_words(understanding, text):
    assert decide(understanding, text).target == "influencing-without-authority"


# A question asked as not knowing, after sentences of context, is the question.
@pytest.mark.parametrize("text, entry", [
    ('band 7 ward sister, acute med. matron keeps saying i need to "think like a system leader". '
     'no idea what that means tbh', "what-is-system-leadership"),
    ("Deputy manager at a nursing home, new to all this. Our owner keeps saying we need system leadership. "
     "Not sure what that even means", "what-is-system-leadership"),
])
def test_a_question_asked_as_not_knowing_after_context_is_answered(understanding, text, entry):
    decision = decide(understanding, text)
    assert (decision.route, decision.target) == (Route.KNOWLEDGE, entry)


# Two topics compared: each side answered from its own entry; a side the knowledge base does not
# hold leaves the side it does; two sides it does not hold stay declined.
def test_a_comparison_of_two_topics_answers_both(understanding):
    decision = decide(understanding, "whats the difference between collective leadership and system leadership? feels the same")
    assert (decision.route, decision.target, decision.second) == (
        Route.KNOWLEDGE, "collective-leadership", "what-is-system-leadership")


@pytest.mark.parametrize("text", ["how is system leadership different from normal management?",
                                  "What is difference between a system leader and a normal manager?"])
def test_a_comparison_with_something_we_do_not_hold_answers_our_side(understanding, text):
    decision = decide(understanding, text)
    assert (decision.route, decision.target) == (Route.KNOWLEDGE, "what-is-system-leadership")


# A sceptic's "is X just Y" or "X sounds like more Y" is answered by what X is, whatever Y's
# words rank ("management" alone ranks the Better Care Fund's project management).
@pytest.mark.parametrize("text, target", [
    ("is system leadership just another layer of management", "what-is-system-leadership"),
    ("tbh system leadership sounds like more management to me", "what-is-system-leadership"),
    ("is the enabling environment just culture by another name?", "enabling-environment"),
])
def test_a_sceptics_question_of_one_topic_is_answered_by_what_it_is(understanding, text, target):
    decision = decide(understanding, text)
    assert (decision.route, decision.target) == (Route.KNOWLEDGE, target)


def test_a_sceptics_question_of_something_we_do_not_hold_is_declined(understanding):
    assert decide(understanding, "is golf just a good walk spoiled?").route is Route.ABSTAIN


def test_a_comparison_of_two_things_we_do_not_hold_is_declined(understanding):
    assert decide(understanding, "what's the difference between a pizza and a pasty").route is Route.ABSTAIN


# A follow-up that points back and puts the last topic in a new setting is about the last topic,
# whatever the setting's words rank ("ICB" alone ranks the board framework); one that names a
# topic of its own gets that topic.
@pytest.mark.parametrize("last, text, route, target", [
    ("failing-well", "how do i sell that to an ICB that wants zero risk", Route.MORE, "failing-well"),
    ("accountable-to-people-and-communities", "how does that play out when the ICB holds all the money",
     Route.MORE, "accountable-to-people-and-communities"),
    ("what-is-system-leadership", "and how does that fit with governance?", Route.KNOWLEDGE,
     "clarity-of-governance-and-accountability"),
])
def test_a_follow_up_putting_the_last_topic_in_a_new_setting(understanding, last, text, route, target):
    decision = decide(understanding, text, last_entry=last, answered=(last,))
    assert (decision.route, decision.target) == (route, target)


# An exercise asked for on the topic just answered ("an exercise on it to use with my team"), or in
# a correction after it that names no exercise, is the exercise on that answer, whatever the other
# words would choose ("team" would choose the middle managers one).
@pytest.mark.parametrize("last, text, expected", [
    ("enabling-environment", "Sorry, I meant could you give me an exercise on it to use with my team.", "enabling-environment"),
    ("enabling-environment", "is there an exercise for that I can use with my managers", "enabling-environment"),
    ("failing-well", "can we do an exercise on this", "failing-well"),
    ("surfacing-conflict-consensus-seeking", "no I meant a practical exercise for the police, A&E and us together",
     "cross-boundary-challenge"),
])
def test_an_exercise_on_the_last_answer_is_that_answers_exercise(understanding, last, text, expected):
    decision = decide(understanding, text, last_entry=last, answered=(last,))
    assert (decision.route, decision.target) == (Route.EXERCISE, expected)


# Exercise for the body or for a patient is not a coaching exercise, and not the coach's to answer.
@pytest.mark.parametrize("text", [
    "my patient has sciatica, which exercises should I give her first?",
    "good stretching exercises for a bad back?",
    "what exercises would you recommend for a resident after a fall",
])
def test_physical_exercise_is_declined_not_offered_the_menu(understanding, text):
    assert decide(understanding, text).route is Route.ABSTAIN


@pytest.mark.parametrize("text", ["an exercise to strengthen our relationships with the council",
                                  "an exercise on involving residents in decisions"])
def test_an_exercise_about_people_or_strength_of_ties_is_still_ours(understanding, text):
    assert decide(understanding, text).route is Route.EXERCISE


# Opening up a part of the last answer, in the words leaders use for it, stays with that answer.
@pytest.mark.parametrize("text", ["Unpack the shared ownership one for me.", "dig into the accountability part",
                                  "which bits matter most for a care home like mine"])
def test_opening_up_a_part_of_the_last_answer_stays_with_it(understanding, text):
    decision = decide(understanding, text, last_entry="evidence-knight-2024", answered=("evidence-knight-2024",))
    assert decision.route in (Route.MORE, Route.KNOWLEDGE) and decision.target == "evidence-knight-2024"


# Two questions joined by "+" or "&", after a word that questions follow ("2 qs."), and an offer
# asked for as "peer stuff": each part read for what it is.
@pytest.mark.parametrize("text, entry", [
    ("2 qs. what is system leadership + whats the free course called", "what-is-system-leadership"),
    ("quick question: what's failing well & is there a course on it", "failing-well"),
    ("whats the characteristics of a system leader and what support is there for them, peer stuff etc",
     "characteristics-of-effective-system-leadership"),
])
def test_two_questions_in_informal_joins_answer_the_first_and_offer_the_second(understanding, text, entry):
    decision = decide(understanding, text)
    assert (decision.route, decision.target) == (Route.KNOWLEDGE, entry) and decision.extras.get("offer_request")


def test_a_correction_to_a_list_saying_what_the_offers_should_be_about_goes_back_to_the_finder(understanding):
    from bot.finder import get_finder

    shown = tuple(get_finder().items.values())[:3]
    decision = decide(understanding, "sorry meant for the system stuff, working across orgs, not running my ward",
                      last_list=shown, focus=shown[0])
    assert decision.route is Route.FINDER


# Requests for an offer asked the way leaders ask one another, with no "programme" in them, or
# with what they rule out in them, go to the finder.
@pytest.mark.parametrize("text", [
    "Where would I find a mentor outside my own trust?",
    "where do other practice managers compare notes without the ICB in the room",
    "any1 know where domiciliary care managers meet up? need actual peers not another webinar",
    "My boss reckons I'm director material in a few years. What's designed for people heading that way?",
    "I'm a head of service. Is there a programme pitched at my level that works on live issues, rather than classroom theory?",
    "band 7 running a community team, want to get better at working with social care. courses?",
    "I run a small charity. Is there anything that isn't purely for NHS people?",
])
def test_requests_for_an_offer_in_leaders_own_words_go_to_the_finder(understanding, text):
    assert decide(understanding, text).route in (Route.FINDER, Route.CATALOGUE)


@pytest.mark.parametrize("text", [
    "when is the CQC likely to come back to us, we got requires improvement last year",
    "When will the council's budget consultation be published this year?",
    "what's the deadline for our quality account to go to the ICB",
    "I am on a skilled worker visa. If I move to another care home do I need new sponsorship?",
])
def test_dates_of_the_day_and_immigration_admin_are_declined(understanding, text):
    assert decide(understanding, text).route is Route.ABSTAIN


@pytest.mark.parametrize("text", ["ok ta thats helped", "cheers pal that's braw",
                                  "Brilliant, that's really helpful. I'll stop there, I'm at my next visit."])
def test_sign_offs_in_more_of_leaders_own_words_close(text):
    from bot.understanding.understand import is_closing

    assert is_closing(text)


@pytest.mark.parametrize("text", ["that has helped, what about councils?", "I'm at my wits end with the ICB"])
def test_a_sign_off_word_beside_a_question_or_a_state_does_not_close(text):
    from bot.understanding.understand import is_closing

    assert not is_closing(text)


def test_asking_whether_an_approach_is_sound_is_a_knowledge_question(understanding):
    text = "I'd like to pair up with a peer in another system to compare notes. Is that a recognised approach?"
    assert decide(understanding, text).route is Route.KNOWLEDGE
    assert decide(understanding, "which network is recommended for care home managers").route is Route.FINDER


def test_a_correction_too_vague_alone_is_read_with_the_question_it_corrects(understanding):
    context = dict(last_entry="what-is-system-leadership", answered=("what-is-system-leadership",),
                   said_before="how do I get the council and the trust to share leadership of discharge")
    decision = decide(understanding, "no, I meant how they share the leadership itself", **context)
    assert (decision.route, decision.target) == (Route.KNOWLEDGE, "shared-participatory-leadership")
    # When nothing else reads nearly as well as the answer given, it says so rather than guess.
    context = dict(last_entry="tackling-complex-cross-system-issues", answered=("tackling-complex-cross-system-issues",),
                   said_before="run care home. hospital dumps people on us fri 5pm no notes. how do i fix that with them")
    assert decide(understanding, "not what i asked. i want them to talk to us", **context).route is Route.ABSTAIN


# Whether the work itself works, asked in the knowledge base's core words after some scene-setting,
# is the evidence in general, not whichever entry repeats a word of the scene ("partner").
@pytest.mark.parametrize("text", [
    "GP partner. Honestly this system leadership thing sounds like management speak. Whats the actual evidence it improves anything for patients?",
    "whats the evidence system leadership improves anything for patients",
])
def test_whether_the_work_works_is_answered_from_the_evidence(understanding, text):
    assert decide(understanding, text).target == "evidence-overview"


def test_the_evidence_on_a_named_topic_is_that_topics(understanding):
    assert decide(understanding, "is there any evidence on compassionate leadership").target == "compassionate-leadership"


# After a list, a longer message saying who or where the leader is, asking nothing, corrects what
# the list was for ("naw, am in Aberdeen ... yer English ones are nae use"), whatever its dialect.
@pytest.mark.parametrize("text", [
    "naw, am in Aberdeen, Scottish Ambulance Service. yer English ones are nae use",
    "Sori, should've said - I'm in Wales, Gwent. The English NHS ones are no use to me.",
])
def test_a_late_fact_after_a_list_in_a_longer_message_goes_back_to_the_finder(understanding, text):
    from bot.finder import get_finder

    shown = tuple(get_finder().items.values())[:3]
    assert decide(understanding, text, last_list=shown, focus=None).route is Route.FINDER


def test_a_ruled_out_name_is_not_that_offer():
    from bot.finder import get_finder
    from bot.finder.request import find_item

    assert find_item("not nye bevan. something way shorter, weeks not months", get_finder()) is None
    assert find_item("tell me about nye bevan", get_finder()).id == "nye-bevan-programme"


@pytest.mark.parametrize("text", ["free systems leadership learning", "Where do involvement leads network across health and care?",
                                  "International integrated care summer school?"])
def test_terse_requests_for_learning_a_network_or_a_school_go_to_the_finder(understanding, text):
    assert decide(understanding, text).route in (Route.FINDER, Route.CATALOGUE)


# An exercise named by its title and asked to be done starts it; the title in a question about the
# topic does not.
@pytest.mark.parametrize("text, expected", [
    ("Can you run the cross-boundary challenge with me? Two organisations, nobody owns the waiting list.", Route.EXERCISE),
    ("fancy daein the failing well yin? oor pilot went belly up", Route.EXERCISE),
    ("what do we do about failing well in a blame culture", Route.KNOWLEDGE),
])
def test_an_exercise_named_and_asked_to_be_done_starts(understanding, text, expected):
    assert decide(understanding, text).route is expected


def test_a_count_of_questions_said_with_please_is_no_part_of_the_first():
    from bot.understanding.understand import _PREAMBLE

    assert _PREAMBLE.match("Two question please. What is 'fail well'").end() == len("Two question please. ")
