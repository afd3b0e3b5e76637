"""Sanic and Rasa glue shared by our input channels: request size limits and protected entities.

- Sanic's REQUEST_MAX_SIZE is one number for the whole Rasa server (100 MB by default). Each of
  our channels asks for the limit it needs; the server's limit becomes the largest of them, and a
  channel with a smaller limit checks its own requests (`too_large`). Sanic reads the setting for
  every new connection, so setting it before the server starts is enough.
- What a typed payload may carry depends on the domain's intents, entities and slots.
"""
from __future__ import annotations

from typing import Any

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.rasa.channels.guard import PayloadRules, protected_entities

_LIMITS_ATTRIBUTE = "coach_request_limits"


def limit_request_size(blueprint: Blueprint, max_bytes: int) -> None:
    """Make the server refuse bodies over the largest limit any channel asked for (413)."""

    @blueprint.listener("before_server_start")
    async def set_limit(app, _loop) -> None:
        limits = getattr(app.ctx, _LIMITS_ATTRIBUTE, [])
        limits.append(max_bytes)
        setattr(app.ctx, _LIMITS_ATTRIBUTE, limits)
        app.config.REQUEST_MAX_SIZE = max(limits)


def too_large(request: Request, max_bytes: int) -> HTTPResponse | None:
    """A 413 for a body over this channel's own limit, else None."""
    if len(request.body or b"") <= max_bytes:
        return None
    return response.json({"error": f"The request body is larger than {max_bytes:,} bytes."}, status=413)


def payload_rules(app: Any) -> PayloadRules:
    """What typed payloads may carry, from the running model's domain (see guard.protect_slots)."""
    domain = getattr(getattr(getattr(app, "ctx", None), "agent", None), "domain", None)
    if domain is None:
        return PayloadRules()
    return PayloadRules(
        protected=protected_entities({slot.name: slot.mappings for slot in domain.slots}),
        intents=frozenset(domain.intents), entities=frozenset(domain.entities),
    )
