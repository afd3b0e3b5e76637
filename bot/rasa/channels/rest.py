"""REST channel that answers bad input with a 400 instead of Rasa's 500.

Same URL and reply format as Rasa's `rest` channel (`POST /webhooks/rest/webhook`); it never logs
message text, and an over-long message gets a polite reply without running the model. Bodies over
MAX_REQUEST_BYTES get a 413; senders and text are checked and cleaned by bot.rasa.channels.guard.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.config import Settings
from bot.rasa.channels.guard import (
    TOO_LONG_RESPONSE,
    UNAVAILABLE_TEXT,
    BadRequest,
    parse_rest_body,
    response_text,
)
from bot.rasa.channels.incoming import limit_request_size, payload_rules, too_large

logger = logging.getLogger(__name__)


class SafeRestInput(RestInput):
    """Rasa's REST input channel with validation of the request body."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def __init__(self, max_message_chars: int | None = None, max_request_bytes: int | None = None) -> None:
        settings = Settings.from_environ(os.environ)
        self.max_message_chars = max_message_chars or settings.max_message_chars
        self.max_request_bytes = max_request_bytes or settings.max_request_bytes

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)
        limit_request_size(webhook, self.max_request_bytes)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            refused = too_large(request, self.max_request_bytes)
            if refused is not None:
                return refused
            try:
                body = request.json
            except Exception:  # sanic raises on malformed JSON, invalid UTF-8 and deep nesting
                body = None
            try:
                message = parse_rest_body(body, self.max_message_chars, payload_rules(request.app))
            except BadRequest as error:
                return response.json({"error": str(error)}, status=400)

            if message.too_long:
                text = response_text(
                    request.app.ctx.agent.domain.responses, TOO_LONG_RESPONSE,
                    max_chars=f"{self.max_message_chars:,}",
                )
                return response.json([{"recipient_id": message.sender, "text": text}])

            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        message.text, collector, message.sender,
                        input_channel=self.name(), metadata=message.metadata,
                    )
                )
            except Exception:
                # Never log the leader's words: the traceback and the sender are enough.
                logger.exception("Handling a REST message failed")
                return response.json({"error": UNAVAILABLE_TEXT}, status=503, headers={"Retry-After": "30"})
            return response.json(collector.messages)

        return webhook
