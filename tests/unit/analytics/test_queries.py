"""The overview's figures, exactly, for scripted conversations on SQLite and PostgreSQL."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from bot.analytics.queries import make_filters, overview
from bot.db.tables import ReflectionRow
from tests.unit.analytics import scenario
from tests.unit.analytics.events import Conversation

REPORT_KEYS = {
    "period", "filters", "conversations", "leaders", "messages", "average_turns", "conversations_per_day",
    "by_channel", "by_cohort", "top_topics", "unanswered", "unanswered_total", "fallbacks", "fallback_rate",
    "reflections", "programme_referrals", "wellbeing_signposts", "commitments", "out_of_scope",
    "out_of_scope_total", "clinical_declines",
}


def save_reflection(engine, sender, exercise, day, shared=False):
    created = datetime.fromisoformat(day).replace(hour=10, tzinfo=timezone.utc)
    with engine.begin() as connection:
        connection.execute(ReflectionRow.__table__.insert().values(
            sender_id=sender, exercise_id=exercise, title="A reflection", summary="Summary by Priya Shah",
            answers=json.dumps({"What is the challenge?": "Call 07700 900123"}), created_at=created,
            shared_with_trainer=shared, shared_at=created if shared else None,
        ))


@pytest.fixture
def scripted(engine):
    for conversation in scenario.everyone():
        conversation.save(engine)
    save_reflection(engine, "leader-reflect", "cross-boundary-challenge", scenario.DAY, shared=True)
    save_reflection(engine, "leader-reflect", "cross-boundary-challenge", "2025-02-01")  # outside the period
    return engine


def test_the_report_counts_every_convention_exactly(scripted):
    report = overview(scripted, make_filters(scenario.DAY, scenario.DAY))
    assert set(report) == REPORT_KEYS
    assert report["period"] == {"from": "2025-03-10", "to": "2025-03-10"}
    assert report["conversations"] == report["leaders"] == 8
    assert report["messages"] == 18
    assert report["average_turns"] == 2.25
    assert report["conversations_per_day"] == {"2025-03-10": 8}
    assert report["by_channel"] == {"rest": 5, "socketio": 2, "teams": 1}
    assert report["by_cohort"] == {"none": 6, "alpha": 1, "beta": 1}
    assert report["top_topics"] == {"what-is-system-leadership": 2}
    assert report["unanswered"] == [
        {"text": "How do I get my sourdough starter to rise, asks [NAME]?", "count": 1},
        {"text": "xkcd blorp wibble", "count": 1},
    ]
    assert report["unanswered_total"] == 2
    assert report["fallbacks"] == 3  # the nlu_fallback answer inside the reflection form is not one
    assert report["fallback_rate"] == round(3 / 18, 4)
    assert report["reflections"] == {
        "started": 2, "completed": 1, "saved": 1,
        "by_exercise": {
            "cross-boundary-challenge": {"started": 1, "completed": 1, "saved": 1},
            "failing-well": {"started": 1, "completed": 0, "saved": 0},
        },
    }
    assert report["programme_referrals"] == {
        "shown": {"adass": 1, "futurenhs-collaboration-platform": 1, "nhs-leadership-academy": 1,
                  "partners-in-care-and-health": 1},
        "clicked": {"partners-in-care-and-health": 1},
    }
    assert report["wellbeing_signposts"] == 1
    # The declined weather question is out of scope, not a content gap.
    assert report["out_of_scope"] == [{"text": "What's the weather like in Leeds?", "count": 1}]
    assert report["out_of_scope_total"] == 1
    assert report["clinical_declines"] == 0
    assert json.loads(json.dumps(report)) == report  # plain JSON all the way down


def test_out_of_scope_questions_are_listed_masked_and_health_or_distress_only_counted(engine):
    scenario.out_of_scope_and_private().save(engine)
    report = overview(engine, make_filters(scenario.DAY, scenario.DAY))
    assert report["out_of_scope"] == [
        {"text": "Can you book my train to Leeds? I'm [NAME]", "count": 2},
        {"text": "Who will win the football on Saturday?", "count": 1},
    ]
    assert report["out_of_scope_total"] == 3
    assert (report["unanswered"], report["unanswered_total"]) == ([], 0)
    assert report["clinical_declines"] == 1
    assert report["wellbeing_signposts"] == 1
    assert report["messages"] == 5
    shown = json.dumps(report)
    assert "sertraline" not in shown and "holiday" not in shown and "can't cope" not in shown


def test_channel_and_cohort_filters_keep_whole_conversations(scripted):
    socketio = overview(scripted, make_filters(scenario.DAY, scenario.DAY, channel="socketio"))
    assert (socketio["conversations"], socketio["messages"]) == (2, 6)
    assert socketio["by_channel"] == {"socketio": 2}
    assert socketio["reflections"]["started"] == 1 and socketio["reflections"]["saved"] == 1
    assert socketio["unanswered"] == [] and socketio["fallbacks"] == 0
    alpha = overview(scripted, make_filters(scenario.DAY, scenario.DAY, cohort="alpha"))
    assert (alpha["conversations"], alpha["messages"], alpha["reflections"]["saved"]) == (1, 1, 0)
    nobody = overview(scripted, make_filters(scenario.DAY, scenario.DAY, channel="teams", cohort="alpha"))
    assert nobody["conversations"] == 0 and nobody["fallback_rate"] == 0.0


def test_the_period_bounds_are_whole_utc_days(scripted):
    later = Conversation("leader-later", scenario.OTHER_DAY).user("Hello!", "greet").listen()
    later.save(scripted)
    assert overview(scripted, make_filters(scenario.OTHER_DAY, scenario.OTHER_DAY))["conversations"] == 1
    both = overview(scripted, make_filters(scenario.DAY, scenario.OTHER_DAY))
    assert both["conversations_per_day"] == {"2025-03-10": 8, "2025-03-11": 1}
    assert overview(scripted, make_filters("2025-03-12", "2025-04-01"))["conversations"] == 0


def test_an_empty_database_without_events_reports_zeros(database_url):
    from bot.db import get_engine

    report = overview(get_engine(database_url), make_filters("2025-01-01", "2025-01-31"))
    assert set(report) == REPORT_KEYS
    assert report["conversations"] == report["messages"] == 0
    assert report["reflections"] == {"started": 0, "completed": 0, "saved": 0, "by_exercise": {}}


def test_filters_default_to_the_last_30_days_and_reject_bad_dates():
    from datetime import date

    filters = make_filters(today=date(2025, 3, 31))
    assert (filters.since, filters.until) == (date(2025, 3, 2), date(2025, 3, 31))
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        make_filters("10/03/2025")
    with pytest.raises(ValueError, match="after it ends"):
        make_filters("2025-03-10", "2025-03-01")
