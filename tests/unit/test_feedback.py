"""Feedback payloads: what the channels offer comes back as the same feedback, and anything else is refused."""
from __future__ import annotations

import json

import pytest

from bot import feedback


def bot_event(entry_id: str, kind: str = "answer") -> dict:
    return {"event": "bot", "text": "An answer.", "data": {"custom": feedback.offer(entry_id, kind)}}


def test_every_offered_payload_reads_back_as_feedback_on_that_answer():
    shown = feedback.presented({"entry_id": "what-is-system-leadership", "kind": "answer"})
    assert [r["title"] for r in shown["ratings"]] == ["Helpful", "Not helpful"]
    assert [r["title"] for r in shown["reasons"]] == ["Wrong topic", "Too general", "Out of date", "Other"]
    read = [feedback.parse_payload(item["payload"]) for item in shown["ratings"] + shown["reasons"]]
    assert {f.entry_id for f in read} == {"what-is-system-leadership"}
    assert [f.rating for f in read[:2]] == ["helpful", "not_helpful"]
    assert [f.reason for f in read[2:]] == ["wrong_topic", "too_general", "out_of_date", "other"]


def test_a_comment_is_kept_folded_and_capped():
    text = "/feedback" + json.dumps({"entry_id": "a", "rating": "not_helpful", "reason": "other",
                                     "comment": "  too   much\njargon " + "x" * 600})
    got = feedback.parse_payload(text)
    assert got.comment.startswith("too much jargon x") and len(got.comment) == feedback.MAX_COMMENT_CHARS


@pytest.mark.parametrize("text", [
    "/feedback", "/feedback{not json}", '/feedback{"rating": "helpful"}', '/feedback{"entry_id": "a"}',
    '/feedback{"entry_id": "a", "rating": "great"}', '/feedback{"entry_id": "a", "rating": "helpful", "reason": "other"}',
    '/feedback{"entry_id": "a", "rating": "not_helpful", "reason": "rude"}',
    '/feedback{"entry_id": "a", "rating": "not_helpful", "kind": "journal"}',
    '/feedback{"entry_id": "a", "rating": "helpful", "comment": "nice"}',
])
def test_malformed_feedback_is_refused(text):
    with pytest.raises(feedback.BadFeedback):
        feedback.parse_payload(text)


def test_only_feedback_payloads_are_feedback():
    assert feedback.is_feedback('/feedback{"entry_id": "a"}')
    assert not feedback.is_feedback("/feedback_form")
    assert not feedback.is_feedback("the feedback was helpful")


def test_feedback_is_taken_only_for_answers_this_conversation_was_given():
    events = [{"event": "user", "text": "hi"}, bot_event("peer-support"), bot_event("nhs-leadership-academy", "recommendation")]
    assert feedback.was_offered(events, feedback.Feedback("peer-support", "answer", "helpful"))
    assert feedback.was_offered(events, feedback.Feedback("nhs-leadership-academy", "recommendation", "not_helpful"))
    assert not feedback.was_offered(events, feedback.Feedback("what-is-system-leadership", "answer", "helpful"))
    # the same id under the other kind was not given either
    assert not feedback.was_offered(events, feedback.Feedback("peer-support", "recommendation", "helpful"))


def test_a_teams_card_submission_reads_its_inputs():
    value = {"feedback": {"entry_id": "a", "kind": "answer", "rating": "not_helpful"}, "reason": "out_of_date",
             "comment": "the 2019 figures"}
    assert feedback.parse_card_value(value) == feedback.Feedback("a", "answer", "not_helpful", "out_of_date", "the 2019 figures")
    assert feedback.parse_card_value({"payload": "/help"}) is None


def test_the_offer_leaves_the_message_and_other_custom_json_stays():
    message = {"text": "An answer.", "custom": {**feedback.offer("a"), "type": "x"}}
    assert feedback.take_offer(message) == {"entry_id": "a", "kind": "answer"}
    assert message["custom"] == {"type": "x"}
    plain = {"text": "Hello"}
    assert feedback.take_offer(plain) is None and plain == {"text": "Hello"}
