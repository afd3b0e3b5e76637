"""Feedback on answers and recommendations: what is offered, what a leader sends back, what is kept.

No Rasa here. The actions attach an *offer* to every knowledge answer and every recommendation
(`offer`, carried in the bot message's custom JSON, so the conversation's own tracker records
which answers were given). The channels show the offer (widget buttons, a Teams card, payloads in
the REST reply, see `presented`), read what comes back (`parse_payload`, `parse_card_value`),
check it against that record (`was_offered`) and store it as a tracker event (`event_data`).
Nothing in the dialogue reads feedback: the analytics do (bot.analytics.feedback).

A feedback message never reaches the model, so it never interrupts a flow: a leader can ignore
the buttons, or rate an answer in the middle of a reflection, and the step still waits.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

PAYLOAD_PREFIX = "/feedback"  # `/feedback{"entry_id": "...", "rating": "helpful"}`
OFFER_KEY = "feedback"  # in a bot message's custom JSON, and in the stored event's data
KINDS = ("answer", "recommendation")  # a knowledge entry's answer, a catalogue item recommended
HELPFUL, NOT_HELPFUL = "helpful", "not_helpful"
RATINGS = (HELPFUL, NOT_HELPFUL)
# Why an answer did not help (the leader may add their own words to any of them).
REASONS = {"wrong_topic": "Wrong topic", "too_general": "Too general", "out_of_date": "Out of date",
           "other": "Other"}
MAX_COMMENT_CHARS = 500
MAX_ID_CHARS = 100
# The labels the channels show (the widget has the same ones in widget.js).
LABELS = {"question": "Was this helpful?", HELPFUL: "Helpful", NOT_HELPFUL: "Not helpful",
          "reason": "What was wrong with it? (optional)", "comment": "Anything to add? (optional)",
          "send": "Send", "thanks": "Thanks: your feedback helps the trainers improve the coach."}


class BadFeedback(ValueError):
    """A feedback payload that is malformed; the message says what is wrong (never the text)."""


@dataclass(frozen=True)
class Feedback:
    entry_id: str
    kind: str
    rating: str
    reason: str | None = None
    comment: str | None = None


def offer(entry_id: str, kind: str = "answer") -> dict[str, Any]:
    """The custom JSON an action sends with an answer (kind "answer") or a recommendation."""
    return {OFFER_KEY: {"entry_id": entry_id, "kind": kind}}


def take_offer(message: dict[str, Any]) -> dict[str, str] | None:
    """Remove a feedback offer from an outgoing bot message (Rasa's message dict), returning it.

    The channels then show it with the message instead of as a separate custom message."""
    custom = message.get("custom")
    if not isinstance(custom, Mapping) or not isinstance(custom.get(OFFER_KEY), Mapping):
        return None
    found = dict(custom[OFFER_KEY])
    rest = {key: value for key, value in custom.items() if key != OFFER_KEY}
    message["custom"] = rest or None
    return found


def payload(entry_id: str, kind: str, rating: str, reason: str | None = None) -> str:
    body: dict[str, str] = {"entry_id": entry_id, "kind": kind, "rating": rating}
    if reason:
        body["reason"] = reason
    return PAYLOAD_PREFIX + json.dumps(body)


def presented(found: Mapping[str, Any]) -> dict[str, Any]:
    """An offer as the channels show it: the question, the two ratings and the reasons, each with
    the payload a client sends back (REST clients and the widget use the same ones)."""
    entry_id, kind = str(found.get("entry_id")), str(found.get("kind") or "answer")
    return {
        "entry_id": entry_id,
        "kind": kind,
        "question": LABELS["question"],
        "ratings": [{"title": LABELS[rating], "rating": rating, "payload": payload(entry_id, kind, rating)}
                    for rating in RATINGS],
        "reasons": [{"title": title, "reason": reason, "payload": payload(entry_id, kind, NOT_HELPFUL, reason)}
                    for reason, title in REASONS.items()],
        "max_comment_chars": MAX_COMMENT_CHARS,
    }


def is_feedback(text: str) -> bool:
    stripped = text.strip()
    return stripped.startswith(PAYLOAD_PREFIX) and stripped[len(PAYLOAD_PREFIX):][:1] in ("{", "")


def parse_payload(text: str) -> Feedback:
    """Read `/feedback{...}` (BadFeedback when it is not a well-formed feedback payload)."""
    stripped = text.strip()
    if not is_feedback(stripped):
        raise BadFeedback("not a feedback payload")
    try:
        body = json.loads(stripped[len(PAYLOAD_PREFIX):] or "null")
    except ValueError:
        raise BadFeedback("the feedback payload is not JSON") from None
    return from_fields(body)


def parse_card_value(value: Any) -> Feedback | None:
    """A Teams card submission (`activity.value`): {"feedback": {...}, "reason", "comment"}; None
    when the value is not feedback (BadFeedback when it is, but malformed)."""
    if not isinstance(value, Mapping) or not isinstance(value.get(OFFER_KEY), Mapping):
        return None
    fields = dict(value[OFFER_KEY])
    for key in ("reason", "comment"):
        if value.get(key) not in (None, ""):
            fields[key] = value[key]
    return from_fields(fields)


def from_fields(body: Any) -> Feedback:
    if not isinstance(body, Mapping):
        raise BadFeedback('feedback needs an object like {"entry_id": "...", "rating": "helpful"}')
    entry_id, kind = body.get("entry_id"), body.get("kind") or "answer"
    rating, reason, comment = body.get("rating"), body.get("reason") or None, body.get("comment")
    if not isinstance(entry_id, str) or not entry_id.strip() or len(entry_id) > MAX_ID_CHARS:
        raise BadFeedback('"entry_id" must name the answer (an id of at most 100 characters)')
    if kind not in KINDS:
        raise BadFeedback(f'"kind" must be one of {", ".join(KINDS)}')
    if rating not in RATINGS:
        raise BadFeedback(f'"rating" must be one of {", ".join(RATINGS)}')
    if reason is not None and (reason not in REASONS or rating != NOT_HELPFUL):
        raise BadFeedback(f'"reason" goes with not_helpful and is one of {", ".join(REASONS)}')
    if comment is not None and not isinstance(comment, str):
        raise BadFeedback('"comment" must be text')
    comment = " ".join((comment or "").split())[:MAX_COMMENT_CHARS] or None
    if comment and rating != NOT_HELPFUL:
        raise BadFeedback('"comment" goes with not_helpful')
    return Feedback(entry_id.strip(), kind, rating, reason, comment)


def offered(events: Iterable[Mapping[str, Any]]) -> set[tuple[str, str]]:
    """(entry id, kind) of every answer and recommendation offered for feedback in these events
    (the conversation's own record: its bot messages' custom JSON)."""
    found: set[tuple[str, str]] = set()
    for event in events:
        if event.get("event") != "bot":
            continue
        custom = (event.get("data") or {}).get("custom")
        item = custom.get(OFFER_KEY) if isinstance(custom, Mapping) else None
        if isinstance(item, Mapping) and isinstance(item.get("entry_id"), str):
            found.add((item["entry_id"], str(item.get("kind") or "answer")))
    return found


def was_offered(events: Iterable[Mapping[str, Any]], feedback: Feedback) -> bool:
    """True when this conversation was given the answer the feedback is about: a payload typed
    for any other answer is refused."""
    return (feedback.entry_id, feedback.kind) in offered(events)


def event_data(feedback: Feedback, channel: str) -> dict[str, Any]:
    """What the stored event carries (Rasa's `agent` event, which no policy reads)."""
    return {OFFER_KEY: {"entry_id": feedback.entry_id, "kind": feedback.kind, "rating": feedback.rating,
                        "reason": feedback.reason, "comment": feedback.comment, "channel": channel}}


def stored(data: Any) -> dict[str, Any] | None:
    """The feedback in a stored `agent` event's data, else None."""
    item = data.get(OFFER_KEY) if isinstance(data, Mapping) else None
    return dict(item) if isinstance(item, Mapping) and item.get("rating") in RATINGS else None
