"""Checks on incoming chat messages shared by our channels (no Rasa imports here).

Bad input must get a clear 4xx or a polite reply, never a 500 or a model run on a megabyte.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_SENDER_CHARS = 128
TOO_LONG_RESPONSE = "utter_message_too_long"


class BadRequest(ValueError):
    """The request cannot be processed; the message says what the client should fix."""


@dataclass(frozen=True)
class IncomingMessage:
    sender: str
    text: str
    metadata: dict[str, Any]
    too_long: bool


def parse_rest_body(body: Any, max_chars: int) -> IncomingMessage:
    """Validate a REST webhook body: {"sender": str, "message": str, "metadata": {...}}."""
    if not isinstance(body, dict):
        raise BadRequest('The body must be a JSON object like {"sender": "me", "message": "hello"}.')
    sender = body.get("sender", "default")
    if not isinstance(sender, str) or not sender.strip():
        raise BadRequest('"sender" must be a non-empty string.')
    if len(sender) > MAX_SENDER_CHARS:
        raise BadRequest(f'"sender" must be at most {MAX_SENDER_CHARS} characters.')
    text = body.get("message")
    if not isinstance(text, str):
        raise BadRequest('"message" is required and must be a string.')
    if not text.strip():
        raise BadRequest('"message" must not be empty.')
    metadata = body.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise BadRequest('"metadata" must be a JSON object when given.')
    return IncomingMessage(sender=sender, text=text, metadata=metadata, too_long=len(text) > max_chars)


def response_text(responses: dict, name: str, **values: Any) -> str:
    """The first text variant of a domain response, with `{placeholders}` filled from `values`."""
    variants = responses.get(name) or []
    text = next((v["text"] for v in variants if v.get("text")), None)
    if text is None:
        raise KeyError(f"The domain has no text response {name!r}")
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text
