"""`make eval`'s scoring: the question sets' tallies and patterns; the leaders' set's split, the
reader of what the coach did (hand-made tracker store rows), the per-case scorer and the report."""
from __future__ import annotations

import hashlib
import json

import pytest
import yaml
from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, create_engine

from bot.config import ROOT
from bot.finder import get_finder
from bot.ops.evaluation import (
    HELD_OUT,
    LEADERS_SET,
    MENU,
    WHOLE_SETS,
    CaseResult,
    Check,
    Exchange,
    Tally,
    TrackerRows,
    Turn,
    _answered_entry,
    _decline_texts,
    _matches,
    case_turns,
    check_turn,
    exercise_ids,
    load_cases,
    malformed_cases,
    needs_answer,
    read_turn,
    report_leaders,
    runs_question_sets,
    score_case,
    select_cases,
    split_of,
)


def test_a_tally_counts_passes_and_names_the_failures():
    tally = Tally()
    for ok, label in [(True, "a"), (False, "b"), (True, "c")]:
        tally.add(ok, label)
    assert tally.rate() == "2/3 (67%)" and tally.failures == ["b"]
    assert Tally().rate() == "0/0 (0%)"


def test_every_group_of_patterns_must_match_somewhere_in_the_reply():
    reply = "System leadership crosses organisational boundaries. Source: The King's Fund"
    assert _matches([["boundar"], ["king.s fund", "nhs"]], reply)
    assert _matches([], reply)
    assert not _matches([["boundar"], ["ADASS"]], reply)


def test_the_entry_is_the_one_whose_answer_opens_the_reply():
    answers = {"a": "System leadership is", "b": "Governance means"}
    assert _answered_entry("Governance means who decides.\nSource: x", answers) == "b"
    assert _answered_entry("I could not find that.", answers) is None


def test_decline_texts_come_from_the_domains_responses():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    texts = _decline_texts(domain)
    assert len(texts) == 3 and all(texts)
    names = ("utter_out_of_scope", "utter_not_in_knowledge_base", "utter_clinical")
    for name, text in zip(names, texts, strict=True):  # each reply's opening, up to a colon, at most 60 characters
        assert domain["responses"][name][0]["text"].startswith(text) and ":" not in text and len(text) <= 60


# The leaders' set ------------------------------------------------------------------------------

ITEMS = {item_id: item.name for item_id, item in get_finder(str(ROOT / "knowledge")).items.items()}
EXERCISES = exercise_ids(ROOT / "knowledge" / "reflections")


# Hand-made tracker store rows, as Rasa 3.6's SQLTrackerStore writes them (data is JSON text).
def row(type_name: str, action_name: str | None = None, **data) -> dict:
    return {"type_name": type_name, "action_name": action_name, "data": json.dumps({"event": type_name, **data})}


def user(text: str, intent: str = "ask_question") -> dict:
    return row("user", None, text=text, parse_data={"intent": {"name": intent}})


def action(name: str) -> dict:
    return row("action", name, name=name)


def bot(text: str, utter: str | None = None) -> dict:
    return row("bot", None, text=text, data={}, metadata={"utter_action": utter} if utter else {})


def slot(name: str, value) -> dict:
    return row("slot", name, name=name, value=value)


def loop(name: str | None) -> dict:
    return row("active_loop", name, name=name)


def card(item_id: str) -> str:
    return f"**{ITEMS[item_id]}** (provider)\nWhat it is.\nFormat: online"


def test_the_split_is_the_first_hex_digit_of_the_ids_sha1():
    for case_id in ("kn-ward-sister-001", "cat-psw-014", "new-case-999", "x"):
        digit = hashlib.sha1(case_id.encode()).hexdigest()[0]
        assert split_of(case_id) == ("dev" if digit in "01234567" else "test")
    ids = [f"case-{n}" for n in range(400)]
    assert 150 < sum(split_of(i) == "dev" for i in ids) < 250  # about half each


def test_adding_cases_moves_no_case_between_the_halves():
    cases = [{"id": f"kn-{n}", "category": "knowledge"} for n in range(50)]
    before = {c["id"]: split for split in ("dev", "test") for c in select_cases(cases, split)}
    grown = cases + [{"id": f"new-{n}", "category": "knowledge"} for n in range(50)]
    after = {c["id"]: split for split in ("dev", "test") for c in select_cases(grown, split)}
    assert {i: after[i] for i in before} == before


def test_cases_patterns_narrow_the_dev_half_only():
    cases = [{"id": i} for i in ("kn-a", "kn-b", "fu-c", "cat-d", "cat-e", "cl-f")]
    dev = [c["id"] for c in select_cases(cases, "dev")]
    picked = [c["id"] for c in select_cases(cases, "dev", "kn-*, cat-*")]
    assert picked == [i for i in dev if i.startswith(("kn-", "cat-"))]
    assert all(split_of(i) == "dev" for i in picked)
    # The existing question sets are dev: they run with the dev half, not with a subset or the test half.
    assert runs_question_sets("dev", None) and not runs_question_sets("test", None)
    assert not runs_question_sets("dev", "kn-*")


def test_every_case_in_the_leaders_set_is_well_formed():
    cases = load_cases(LEADERS_SET)
    assert len(cases) >= 300
    assert malformed_cases(cases, EXERCISES, ITEMS.values()) == {}
    assert {split_of(c["id"]) for c in cases} == {"dev", "test"}


def test_the_sets_written_later_are_whole_and_well_formed_and_ids_never_clash():
    seen = {c["id"] for c in load_cases(LEADERS_SET)}
    for split, path in WHOLE_SETS.items():
        cases = load_cases(path)
        assert malformed_cases(cases, EXERCISES, ITEMS.values()) == {}, split
        assert [c["id"] for c in select_cases(cases, split)] == [c["id"] for c in cases]
        ids = {c["id"] for c in cases}
        assert not ids & seen, split
        seen |= ids
    # Held out means figures only: no subset of cases to tune on.
    assert {"fresh7", "fresh8"} <= set(HELD_OUT) and not {"fresh", "fresh3", "fresh4", "fresh5", "fresh6"} & set(HELD_OUT)


def test_a_malformed_case_is_named_with_what_is_wrong():
    cases = [
        {"id": "a", "category": "exercise", "turns": ["x"], "expect": {"route": "exercise", "exercise": "juggling"}},
        {"id": "b", "category": "catalogue", "turns": ["x"], "expect": {"route": "finder", "fits": ["Nope programme"]}},
        {"id": "c", "category": "knowledge", "turns": ["x"], "expect": {"route": "knowledge", "concepts": [["("]]}},
        {"id": "d", "category": "knowledge", "turns": ["x"]},
        {"id": "d", "category": "closing", "turns": ["bye"], "expect": {"route": "closing"}},
    ]
    found = malformed_cases(cases, EXERCISES, ITEMS.values())
    assert "unknown exercise 'juggling'" in found["a"][0]
    assert "Nope programme" in found["b"][0]
    assert "bad pattern" in found["c"][0]
    assert "no expectation" in found["d"] and "id used more than once" in found["d"]


def test_the_seven_exercise_labels_map_to_the_exercises_by_title():
    assert EXERCISES == {
        "self-assessment": "six-characteristics",
        "enabling environment": "enabling-environment",
        "cross-boundary challenge": "cross-boundary-challenge",
        "relationships before structures": "relationships-before-structures",
        "failing well": "failing-well",
        "engaging middle managers": "middle-managers",
    }


def test_an_exercise_label_without_a_single_matching_title_is_an_error(tmp_path):
    for name, title in (("one", "Failing well"), ("two", "Failing well again")):
        (tmp_path / f"{name}.yml").write_text(f"id: {name}\ntitle: {title}\n")
    with pytest.raises(ValueError, match="self-assessment"):
        exercise_ids(tmp_path)


def test_expectations_are_per_turn_or_the_cases_for_the_last_turn():
    case = {"turns": ["hello", "what is system leadership"], "expect": {"route": "knowledge"}}
    assert case_turns(case) == [("hello", None), ("what is system leadership", {"route": "knowledge"})]
    case = {"turns": [{"say": "a"}, {"say": "b", "expect": {"route": "closing"}}]}
    assert case_turns(case) == [("a", None), ("b", {"route": "closing"})]


# What the coach did: read_turn on hand-made events ----------------------------------------------

def test_a_knowledge_answer_is_the_entry_the_action_set():
    turn = read_turn([user("what is it"), action("action_answer_question"),
                      bot("System leadership is...\nSource: SCIE"), slot("knowledge_entry", "what-is-system-leadership"),
                      action("action_listen")])
    assert turn.routes == ("knowledge",) and turn.entry == "what-is-system-leadership"
    assert turn.actions == ("action_answer_question", "action_listen") and "Source:" in turn.text


def test_tell_me_more_answers_from_the_entry_already_in_the_slot():
    earlier = [user("what is it"), slot("knowledge_entry", "failing-well")]
    turn = read_turn([user("tell me more"), action("action_tell_more"), bot("More detail.")], earlier)
    assert turn.route == "knowledge" and turn.entry == "failing-well"
    nothing = read_turn([user("tell me more"), action("action_tell_more"), bot("That's all.", "utter_no_more_detail")], earlier)
    assert nothing.route == "other" and nothing.entry is None
    restarted = read_turn([user("tell me more"), action("action_tell_more"), bot("More.")], [*earlier, row("restart")])
    assert restarted.route == "other" and restarted.entry is None


def test_rows_before_the_leaders_message_count_as_earlier():
    turn = read_turn([action("action_session_start"), row("session_started"), slot("knowledge_entry", "old"),
                      action("action_listen"), user("hi", "greet"), action("utter_greet"), bot("Hello", "utter_greet")])
    assert turn.routes == ("other",) and turn.entry is None and turn.responses == ("utter_greet",)


def test_finder_recommendations_are_the_ids_newly_shown():
    ids = list(ITEMS)[:6]
    first = [user("programme for a nurse"), action("action_find_programme"), slot("finder_shown", []),
             bot("Here are some", "utter_finder_intro"), *[bot(card(i)) for i in ids[:3]],
             slot("finder_shown", ids[:3])]
    turn = read_turn(first, item_names=ITEMS)
    assert turn.routes == ("finder",) and turn.shown == tuple(ids[:3]) and not turn.asked_finder
    more = read_turn([user("show more"), action("action_more_programmes"), *[bot(card(i)) for i in ids[3:]],
                      slot("finder_shown", ids)], first, item_names=ITEMS)
    assert more.shown == tuple(ids[3:])
    again = read_turn([user("a programme for a nurse"), action("action_find_programme"), slot("finder_shown", []),
                       slot("finder_shown", ids[:3])], first, item_names=ITEMS)
    assert again.shown == tuple(ids[:3])  # the finder started again: the same items count as shown


def test_a_finder_question_is_the_finder_asking():
    turn = read_turn([user("any courses?"), action("action_find_programme"), loop("finder_form"),
                      action("action_ask_finder_answer"), bot("What is your role?", "utter_ask_finder_role")])
    assert turn.routes == ("finder",) and turn.asked_finder and turn.shown == ()


def test_one_offers_card_is_the_catalogue():
    turn = read_turn([user("tell me about mary seacole"), action("action_ask_programme"),
                      bot(card("mary-seacole-programme") + "\nFor: Anyone."), bot("More?", "utter_finder_reminder")],
                     item_names=ITEMS)
    assert turn.routes == ("catalogue",) and turn.shown == ("mary-seacole-programme",)
    named = read_turn([user("that one"), action("action_x"), bot("It is free."), slot("last_offer", "q-community")],
                      item_names=ITEMS)
    assert named.route == "catalogue" and named.shown == ("q-community",)


def test_an_exercise_started_is_its_id_and_the_menu_is_the_menu():
    state = {"exercise": "failing-well", "status": "active", "pending": "q1", "answers": {}}
    turn = read_turn([user("lets do failing well", "start_reflection"), action("action_start_reflection"),
                      slot("reflection_state", state), action("reflection_form"), loop("reflection_form"),
                      bot("First question", "utter_x")])
    assert turn.routes == ("exercise",) and turn.exercise == "failing-well"
    answer = read_turn([user("it went badly"), action("reflection_form"),
                        slot("reflection_state", {**state, "pending": "q2"})], [slot("reflection_state", state)])
    assert answer.exercise is None  # an answer inside the exercise does not start it again
    menu = read_turn([user("an exercise please"), action("action_start_reflection"),
                      bot("Which one?", "utter_choose_exercise")])
    assert menu.routes == ("exercise",) and menu.exercise == MENU


def test_journal_decline_safety_and_closing_each_have_their_route():
    assert read_turn([user("show my journal"), action("action_show_journal"),
                      bot("Your reflections", "utter_journal_list")]).routes == ("journal",)
    assert read_turn([user("forget me"), action("action_forget_me"),
                      bot("Sure?", "utter_confirm_forget")]).routes == ("journal",)
    assert read_turn([user("football"), action("action_answer_question"),
                      bot("Not in my knowledge base", "utter_not_in_knowledge_base"),
                      slot("knowledge_entry", None)]).routes == ("out_of_scope",)
    assert read_turn([user("weather"), action("action_decline_out_of_scope"),
                      bot("Outside", "utter_out_of_scope")]).routes == ("out_of_scope",)
    assert read_turn([user("dose?"), action("action_answer_question"),
                      bot("I can't advise", "utter_clinical")]).routes == ("safety",)
    assert read_turn([user("i can't cope"), bot("Support", "utter_distress_support")]).route == "safety"
    assert read_turn([user("i'm in crisis"), bot("Call 999", "utter_crisis_urgent")]).route == "safety"
    assert read_turn([user("bye", "goodbye"), action("utter_goodbye"), bot("Bye", "utter_goodbye")]).routes == ("closing",)
    assert read_turn([user("thx", "thank"), bot("You're welcome", "utter_youre_welcome")]).routes == ("closing",)
    assert read_turn([user("ok thx gtg"), bot("Sorry, I didn't quite follow", "utter_ask_rephrase")]).routes == ("other",)


def test_a_turn_that_did_two_things_keeps_both_routes():
    turn = read_turn([user("what is failing well and a course?"), slot("knowledge_entry", "failing-well"),
                      bot("Failing well is...\nSource: SCIE"), action("action_find_programme"),
                      bot("Your role?", "utter_ask_finder_role")])
    assert set(turn.routes) == {"knowledge", "finder"}


def test_the_tracker_rows_are_read_for_the_sender_plain_or_rest_namespaced(tmp_path):
    url = f"sqlite:///{tmp_path}/events.db"
    events = Table("events", MetaData(), Column("id", Integer, primary_key=True), Column("sender_id", String(255)),
                   Column("type_name", String(255)), Column("timestamp", Float), Column("intent_name", String(255)),
                   Column("action_name", String(255)), Column("data", Text))
    engine = create_engine(url)
    events.metadata.create_all(engine)

    def store(sender, *rows):
        with engine.begin() as connection:
            connection.execute(events.insert(), [{"sender_id": sender, **r} for r in rows])

    store("eval-a", user("one"))
    store("rest:eval-b", user("two"))
    store("eval-other", user("not ours"))
    rows = TrackerRows(url)
    assert [json.loads(r["data"])["text"] for r in rows.new_rows("eval-a")] == ["one"]
    assert [json.loads(r["data"])["text"] for r in rows.new_rows("eval-b")] == ["two"]
    assert rows.new_rows("eval-a") == []  # only rows stored since the last read
    store("eval-a", bot("reply", "utter_greet"))
    assert [r["type_name"] for r in rows.new_rows("eval-a")] == ["bot"]


# The per-case scorer ----------------------------------------------------------------------------

def knowledge_turn(text: str, entry: str = "failing-well") -> Turn:
    return Turn(routes=("knowledge",), text=text, entry=entry)


def shown_turn(*item_ids: str, route: str = "finder") -> Turn:
    return Turn(routes=(route,), text="\n".join(card(i) for i in item_ids), shown=item_ids)


ASKED = Turn(routes=("finder",), responses=("utter_ask_finder_role",), text="Your role?", asked_finder=True)


def check(expect, *turns):
    return check_turn(expect, list(turns), ITEMS, EXERCISES)


def test_knowledge_needs_the_route_every_concept_group_and_a_source_line():
    expect = {"route": "knowledge", "concepts": [["fail"], ["learn", "toleran"]], "cite": True}
    assert check(expect, knowledge_turn("Failing well means learning.\nSource: SCIE, 2017"))[:2] == (True, "knowledge")
    ok, took, why = check(expect, knowledge_turn("Failing well means learning."))
    assert not ok and "no source line" in why
    ok, _, why = check(expect, knowledge_turn("Failing well.\nSource: SCIE"))
    assert not ok and "missing concepts learn|toleran" in why
    ok, took, why = check(expect, Turn(routes=("out_of_scope",), text="Failing and learning. Source: x",
                                       responses=("utter_not_in_knowledge_base",)))
    assert not ok and took == "out_of_scope" and "utter_not_in_knowledge_base" in why


def test_a_recommendation_must_show_a_fitting_item_within_two_turns():
    expect = {"route": "finder", "fits": ["Mary Seacole programme", "Edward Jenner programme"]}
    assert check(expect, shown_turn("mary-seacole-programme", "q-community"))[:2] == (True, "finder")
    assert check(expect, ASKED, shown_turn("edward-jenner-programme"))[:2] == (True, "finder")
    ok, took, why = check(expect, ASKED, ASKED)
    assert not ok and took == "finder" and "no fitting item shown" in why
    ok, _, why = check(expect, shown_turn("q-community"))
    assert not ok and "Q community" in why
    # Without fits, using the catalogue at all is the expected route.
    assert check({"route": "finder"}, ASKED)[0]
    assert not check({"route": "finder"}, knowledge_turn("x"))[0]


def test_a_particular_offer_counts_when_its_card_or_the_finder_shows_it_with_the_concepts():
    expect = {"route": "catalogue", "fits": ["Mary Seacole programme"], "concepts": [["995", "on hold"]]}
    card_turn = Turn(routes=("catalogue",), text=card("mary-seacole-programme") + "\nCost: 995", shown=("mary-seacole-programme",))
    assert check(expect, card_turn)[:2] == (True, "catalogue")
    ok, _, why = check(expect, shown_turn("mary-seacole-programme", route="catalogue"))
    assert not ok and "missing concepts" in why


def test_an_exercise_opener_must_start_the_right_exercise_or_the_menu_when_expected():
    started = Turn(routes=("exercise",), exercise="failing-well")
    menu = Turn(routes=("exercise",), exercise=MENU)
    assert check({"route": "exercise", "exercise": "failing well"}, started)[0]
    ok, took, why = check({"route": "exercise", "exercise": "enabling environment"}, started)
    assert not ok and took == "exercise" and "wanted exercise enabling-environment" in why
    assert not check({"route": "exercise", "exercise": "failing well"}, menu)[0]
    assert check({"route": "exercise", "exercise": "menu"}, menu)[0]
    assert check({"route": "journal"}, Turn(routes=("journal",)))[0]


def test_out_of_scope_must_be_declined_and_clinical_declines_count():
    expect = {"route": "out_of_scope"}
    assert check(expect, Turn(routes=("out_of_scope",), responses=("utter_out_of_scope",)))[:2] == (True, "out_of_scope")
    assert check(expect, Turn(routes=("safety",), responses=("utter_clinical",)))[:2] == (True, "out_of_scope")
    assert not check(expect, Turn(routes=("safety",), responses=("utter_distress_support",)))[0]
    assert not check(expect, knowledge_turn("An answer. Source: x"))[0]
    assert not check(expect, Turn(routes=("other",), responses=("utter_ask_rephrase",)))[0]


def test_closing_needs_a_closing_reply():
    assert check({"route": "closing"}, Turn(routes=("closing",), responses=("utter_goodbye",)))[0]
    assert not check({"route": "closing"}, Turn(routes=("other",), responses=("utter_ask_rephrase",)))[0]


def test_the_harness_answers_a_finder_question_only_when_a_fitting_recommendation_is_owed():
    assert needs_answer({"route": "finder", "fits": ["Q community"]}, ASKED)
    assert not needs_answer({"route": "finder"}, ASKED)  # asking is itself the expectation
    assert not needs_answer({"route": "finder", "fits": ["Q community"]}, shown_turn("q-community"))
    assert not needs_answer(None, ASKED)


def test_a_case_passes_when_every_turn_meets_its_own_expectation():
    case = {"id": "fu-x", "category": "followup", "turns": [
        {"say": "free course for a nurse?", "expect": {"route": "finder", "fits": ["Edward Jenner programme"]}},
        {"say": "how long is it?", "expect": {"route": "catalogue", "fits": ["Edward Jenner programme"],
                                              "concepts": [["weeks"]]}}]}
    jenner = Turn(routes=("catalogue",), text=card("edward-jenner-programme") + " 5 weeks", shown=("edward-jenner-programme",))
    exchanges = [Exchange("free course for a nurse?", ASKED, 0), Exchange("staff nurse", shown_turn("edward-jenner-programme"), None),
                 Exchange("how long is it?", jenner, 1)]
    result = score_case(case, exchanges, ITEMS, EXERCISES)
    assert result.passed and [c.position for c in result.checks] == [1, 2]
    # The case's own next turn is not an answer to the finder's question: no second chance.
    exchanges = [Exchange("free course for a nurse?", ASKED, 0), Exchange("how long is it?", jenner, 1)]
    result = score_case(case, exchanges, ITEMS, EXERCISES)
    assert not result.passed and [c.ok for c in result.checks] == [False, True]
    assert result.checks[0].still_asking and not result.checks[1].still_asking


def test_the_dev_report_lists_misses_and_the_test_report_only_figures():
    results = [
        CaseResult("kn-1", "knowledge", (Check(1, "what is it", "knowledge", "knowledge", True, "got knowledge"),)),
        CaseResult("kn-2", "knowledge", (Check(1, "what else", "knowledge", "out_of_scope", False, "got out_of_scope"),)),
        CaseResult("oos-1", "out_of_scope", (Check(1, "football", "out_of_scope", "out_of_scope", True, "x"),)),
    ]
    dev = "\n".join(report_leaders(results, "dev", [], show_misses=True))
    assert "dev half: 2/3 (67%) cases passed" in dev
    assert "knowledge              1/2 (50%)   target 95%: not met" in dev
    assert "out_of_scope           1/1 (100%)   target 95%: met" in dev
    matrix = {line.split()[0]: line.split()[1:] for line in dev.splitlines() if line.startswith("  knowledge  ")}
    assert matrix["knowledge"] == ["1", ".", ".", ".", ".", "1", ".", ".", "."]
    assert 'kn-2 turn 1 [knowledge] "what else": got out_of_scope' in dev
    asking = CaseResult("cat-1", "catalogue", (Check(1, "a course?", "finder", "finder", False, "x", True),))
    assert "offers missed          1 turns; 1 of them still had the finder asking" in "\n".join(
        report_leaders([asking], "dev", [], show_misses=True))
    test = "\n".join(report_leaders(results, "test", [], show_misses=False))
    assert "test half" in test and "kn-2" not in test and "what else" not in test and "Misses" not in test


def test_the_declining_action_is_no_decline_when_it_answered_after_all():
    answered = read_turn([user("book me a room"), action("action_decline_out_of_scope"),
                          bot("Governance is...\nSource: x"), slot("knowledge_entry", "clarity-of-governance")])
    assert answered.routes == ("knowledge",)
    declined = read_turn([user("book me a room"), action("action_decline_out_of_scope"), bot("I can't do that.")])
    assert declined.routes == ("out_of_scope",)
