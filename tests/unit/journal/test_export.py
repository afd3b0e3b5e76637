"""'Export my data' on SQLite and PostgreSQL: everything about one leader, as JSON and Markdown."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

from bot.journal.export import export_data, to_json, to_markdown
from tests.unit.analytics.events import create_events_table, events

ALICE, BOB = "web:" + "a" * 32, "rest:bob"
QUESTIONS = {("grow", "goal"): "What would you like to achieve?", ("grow", "first_step"): "What is your first step?"}


def question(exercise: str, step: str) -> str | None:
    return QUESTIONS.get((exercise, step))


def test_the_export_has_everything_under_its_own_questions_and_nothing_of_anyone_else(journal):
    create_events_table(journal.engine)
    reflection = journal.save_reflection(ALICE, "grow", "Handover\nreview", "Goal: fix handover. Step: ask Sam.",
                                         {"goal": "fix handover", "first_step": "ask Sam", "gone": "an old step"})
    journal.set_shared(ALICE, reflection, True)
    done = journal.add_commitment(ALICE, "Ask Sam", date(2030, 3, 4), reflection)
    journal.record_checkin(ALICE, done, "partly", helped="Sam was away", next_step="Try Kim")
    journal.set_preferences(ALICE, checkins_enabled=False)
    journal.save_reflection(BOB, "grow", "Bob's", "Bob's words", {"goal": "bob's goal"})
    now = datetime.now(timezone.utc).timestamp()
    with journal.engine.begin() as connection:
        connection.execute(events.insert(), [
            {"sender_id": ALICE, "type_name": "user", "timestamp": now, "data": json.dumps({"text": "hello coach"})},
            {"sender_id": ALICE, "type_name": "bot", "timestamp": now, "data": json.dumps({"text": "Hello!"})},
            {"sender_id": ALICE, "type_name": "slot", "timestamp": now, "data": json.dumps({"value": "x"})},
            {"sender_id": BOB, "type_name": "user", "timestamp": now, "data": json.dumps({"text": "bob here"})},
        ])

    data = export_data(journal.engine, ALICE, question)
    document = to_markdown(data)

    [saved] = data["reflections"]
    assert [(a["question"], a["answer"]) for a in saved["answers"]] == [
        ("What would you like to achieve?", "fix handover"), ("What is your first step?", "ask Sam"),
        ("gone", "an old step")]  # a step no longer in the exercise keeps its id rather than vanish
    assert data["commitments"][0]["what_helped"] == "Sam was away" and data["commitments"][0]["status"] == "partly"
    assert data["choices"]["checkins_enabled"] is False and data["choices"]["shared_reflections"] == [reflection]
    assert data["conversations"] == [{"conversation": ALICE, "messages": [
        {"from": "you", "text": "hello coach", "at": data["conversations"][0]["messages"][0]["at"]},
        {"from": "coach", "text": "Hello!", "at": data["conversations"][0]["messages"][1]["at"]}]}]
    assert json.loads(to_json(data)) == data

    assert document.startswith("# Everything the coach holds about you\n")
    assert "### Handover review\n" in document  # a newline in a title cannot break the heading
    assert "**What would you like to achieve?**\n\nfix handover" in document
    assert "**goal**" not in document and "**first_step**" not in document
    assert document.count("ask Sam") == 1  # the answer once: not the summary too
    assert "Goal: fix handover" not in document
    assert "Shared with your programme trainer" in document
    assert "What helped or got in the way: Sam was away" in document and "What next: Try Kim" in document
    assert "Check-ins: off" in document and "**You**" in document and "hello coach" in document
    assert "Bob" not in document and "bob" not in json.dumps(data)


def test_an_empty_export_says_nothing_is_saved(journal):
    document = to_markdown(export_data(journal.engine, ALICE, question))
    assert "There is nothing saved about you yet." in document and "## Reflections" not in document
