"""Leaders' feedback in the analytics, exactly, on SQLite and PostgreSQL: satisfaction per topic,
entry, programme and channel, the review queue (masked, with nearest entries and trainers'
marks), its export as evaluation cases that `make eval` loads, and the report's `feedback` key."""
from __future__ import annotations

import json

import pytest

from bot.analytics import feedback
from bot.analytics.cli import report_with_feedback
from bot.analytics.queries import make_filters
from bot.analytics.report import to_csv
from bot.config import ROOT
from bot.ops import evaluation
from tests.unit.analytics.events import Conversation

DAY, BEFORE = "2025-03-10", "2025-03-09"
WISL, PEER, PROGRAMME = "what-is-system-leadership", "peer-support-and-buddying", "edward-jenner-programme"
TOPICS = {f"answer:{WISL}": "foundations", f"answer:{PEER}": "support", f"recommendation:{PROGRAMME}": "programme"}
NOT_IN_KB = "utter_not_in_knowledge_base"


@pytest.fixture
def rated(engine):
    save_rated(engine)
    return engine


def save_rated(engine):
    """Five scripted conversations with answers, recommendations and feedback (the dashboard's tests use them too)."""
    # A changes their mind: the latest rating counts.
    (Conversation("leader-a", DAY, "rest", cohort="alpha").user("what is system leadership?", "ask_question")
     .action("action_answer_question").answer("System leadership is ...", WISL).listen()
     .feedback(WISL, "not_helpful", "too_general").feedback(WISL, "helpful").save(engine))
    (Conversation("leader-b", DAY, "socketio", cohort="alpha").user("Sam Jones here, what's system leadership", "ask_question")
     .action("action_answer_question").answer("System leadership is ...", WISL).listen()
     .feedback(WISL, "not_helpful", "wrong_topic", "I meant PCNs, call me on 07700 900123").save(engine))
    (Conversation("leader-c", DAY, "teams").user("peer support?", "ask_question")
     .action("action_answer_question").answer("Peer support ...", PEER).listen()
     .user("find me a programme", "find_programme").action("action_find_programme")
     .answer("Edward Jenner ...", PROGRAMME, "recommendation").listen()
     .feedback(PROGRAMME, "helpful", kind="recommendation").save(engine))
    # Answered the day before: its answer is outside the period, so its feedback is too.
    (Conversation("leader-d", BEFORE, "rest", cohort="beta").user("what is system leadership", "ask_question")
     .action("action_answer_question").answer("System leadership is ...", WISL).listen().save(engine))
    late = Conversation("leader-d", DAY, "rest", cohort="beta")
    late.rows = []
    late.feedback(WISL, "not_helpful", "out_of_date").save(engine)
    (Conversation("leader-e", DAY, "rest").user("how do I bake sourdough", "ask_question")
     .action("action_answer_question").bot("Not in my knowledge base", NOT_IN_KB).listen().save(engine))


def tally(answered, helpful, not_helpful, reasons=None):
    rated = helpful + not_helpful
    return {"answered": answered, "helpful": helpful, "not_helpful": not_helpful, "no_feedback": answered - rated,
            "satisfaction": round(helpful / rated, 4) if rated else None, "reasons": reasons or {}}


def test_satisfaction_counts_every_answered_pair_exactly(rated):
    got = feedback.summary(rated, make_filters(DAY, DAY), TOPICS)
    assert {k: got[k] for k in tally(0, 0, 0)} == tally(4, 2, 1, {"wrong_topic": 1})
    assert got["by_entry"] == {PROGRAMME: tally(1, 1, 0), PEER: tally(1, 0, 0),
                               WISL: tally(2, 1, 1, {"wrong_topic": 1})}
    assert got["by_topic"] == {"foundations": tally(2, 1, 1, {"wrong_topic": 1}), "programme": tally(1, 1, 0),
                               "support": tally(1, 0, 0)}
    assert got["by_programme"] == {"alpha": tally(2, 1, 1, {"wrong_topic": 1}), "none": tally(2, 1, 0)}
    assert got["by_channel"] == {"rest": tally(1, 1, 0), "socketio": tally(1, 0, 1, {"wrong_topic": 1}),
                                 "teams": tally(2, 1, 0)}
    alpha = feedback.summary(rated, make_filters(DAY, DAY, cohort="alpha"), TOPICS)
    assert {k: alpha[k] for k in tally(0, 0, 0)} == tally(2, 1, 1, {"wrong_topic": 1})
    both_days = feedback.summary(rated, make_filters(BEFORE, DAY), TOPICS)
    assert both_days["by_programme"]["beta"] == tally(1, 0, 1, {"out_of_date": 1})


def test_the_report_has_a_feedback_key_in_json_and_csv(rated):
    report = report_with_feedback(rated, make_filters(DAY, DAY))
    assert report["feedback"]["answered"] == 4 and report["feedback"]["satisfaction"] == 0.6667
    assert report["feedback"]["by_topic"]["foundations"]["not_helpful"] == 1  # topics from knowledge/
    assert json.loads(json.dumps(report)) == report
    assert "feedback,by_entry.what-is-system-leadership.not_helpful,1" in to_csv(report).splitlines()


def test_the_review_queue_is_masked_with_nearest_entries_and_marks(rated, real_pipeline):
    queue = feedback.review_queue(rated, make_filters(DAY, DAY))
    assert [(item["kind"], item["question"], item["count"]) for item in queue] == [
        ("not_helpful", "[NAME] here, what's system leadership", 1),
        ("unanswered", "how do I bake sourdough", 1),
    ]
    negative = queue[0]
    assert negative["entry_id"] == WISL and negative["reasons"] == {"wrong_topic": 1}
    assert negative["comments"] == ["I meant PCNs, call me on [PHONE]"]
    assert negative["nearest"]["id"] == WISL
    assert len(negative["key"]) == 32 and negative["mark"] is None
    marked = feedback.review_queue(rated, make_filters(DAY, DAY), marked={queue[1]["key"]: "content_gap"})
    assert [item["mark"] for item in marked] == [None, "content_gap"]


def test_trainer_marks_are_kept_as_tags_and_the_latest_counts(rated, accounts):
    key = feedback.item_key("unanswered", "how do I bake sourdough")
    accounts.add_tag(key, "review:content_gap", "trainer-1")
    accounts.add_tag(key, "review:out_of_scope", "trainer-2")
    assert feedback.marks_from_tags(accounts.list_tags(key)) == {key: "out_of_scope"}
    assert feedback.marks(rated, [key, "0" * 32]) == {key: "out_of_scope"}


def test_the_exported_queue_loads_as_eval_cases(rated, real_pipeline, tmp_path):
    queue = feedback.review_queue(rated, make_filters(DAY, DAY))
    queue[1]["mark"] = "out_of_scope"
    path = tmp_path / "review.yml"
    path.write_text(feedback.to_eval_yaml(queue))
    cases = evaluation.load_cases(path)
    labels = evaluation.exercise_ids(ROOT / "knowledge" / "reflections")
    assert evaluation.malformed_cases(cases, labels, item_names=[]) == {}  # the exported cases name no fits
    assert [(c["category"], c["turns"], c["expect"]["route"]) for c in cases] == [
        ("knowledge", ["[NAME] here, what's system leadership"], "knowledge"),
        ("out_of_scope", ["how do I bake sourdough"], "out_of_scope"),
    ]
    assert cases[0]["id"].startswith("rev-") and "answered with what-is-system-leadership" in cases[0]["persona"]
    assert {evaluation.split_of(c["id"]) for c in cases} <= {"dev", "test"}
