"""REST channel that answers bad input with a 400 instead of Rasa's 500.

Same URL and reply format as Rasa's `rest` channel (`POST /webhooks/rest/webhook`); it never logs
message text, and an over-long message gets a polite reply without running the model. Bodies over
MAX_REQUEST_BYTES get a 413; senders and text are checked and cleaned by bot.rasa.channels.guard.

Who may call it, and as whom:
- every sender is namespaced `rest:` (bot.identity.rest_sender), in the tracker store too, so a
  REST caller names only REST conversations and can never reach a widget or Teams leader;
- with REST_TOKEN set, every message needs `Authorization: Bearer <REST_TOKEN>` (else 401);
- without it, REST is open on the servers' own port (loopback for `make run` and the tests), but
  refused (403) on the production layout's public port: nginx marks what it forwards from there
  with PUBLIC_HEADER, overwriting any value a client sent.
"""
from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import feedback, identity
from bot.config import Settings
from bot.rasa.channels.feedback import record_text
from bot.rasa.channels.guard import (
    TOO_LONG_RESPONSE,
    UNAVAILABLE_TEXT,
    BadRequest,
    parse_rest_body,
    response_text,
)
from bot.rasa.channels.incoming import limit_request_size, payload_rules, too_large

logger = logging.getLogger(__name__)

PUBLIC_HEADER = "X-Coach-Public-Port"  # set by deploy/nginx.conf.template on the public port


def refused(request: Request, token: str) -> HTTPResponse | None:
    """A 401 or 403 when this caller may not use REST (see the module doc), else None."""
    if token:
        given = request.headers.get("Authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
            return response.json({"error": "REST needs Authorization: Bearer <REST_TOKEN>."}, status=401,
                                 headers={"WWW-Authenticate": "Bearer"})
        return None
    if request.headers.get(PUBLIC_HEADER):
        return response.json({"error": "REST is off on the public port; the operator can turn it on with "
                                       "REST_TOKEN."}, status=403)
    return None


class FeedbackCollectingOutputChannel(CollectingOutputChannel):
    """Rasa's collecting output, with an answer's feedback offer in the answer's own message:
    `"feedback": {"question", "ratings": [{"title", "payload"}], "reasons": [...]}` (bot.feedback)."""

    async def send_response(self, recipient_id: str, message: dict) -> None:
        offered = feedback.take_offer(message)
        before = len(self.messages)
        await super().send_response(recipient_id, message)
        if offered is not None and len(self.messages) > before:
            self.messages[before]["feedback"] = feedback.presented(offered)


def feedback_reply(sender: str, stored: bool) -> HTTPResponse:
    """The reply to a feedback payload: recorded (200), or refused (400) without running the model."""
    if stored:
        return response.json([{"recipient_id": sender, "custom": {"feedback": "recorded"}}])
    return response.json({"error": "That feedback is not about an answer this conversation was given, or is "
                                   "malformed: send back a payload from an answer's \"feedback\"."}, status=400)


class SafeRestInput(RestInput):
    """Rasa's REST input channel with validation of the request body."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def __init__(self, max_message_chars: int | None = None, max_request_bytes: int | None = None,
                 token: str | None = None) -> None:
        settings = Settings.from_environ(os.environ)
        self.max_message_chars = max_message_chars or settings.max_message_chars
        self.max_request_bytes = max_request_bytes or settings.max_request_bytes
        self.token = settings.rest_token if token is None else token

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)
        limit_request_size(webhook, self.max_request_bytes)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            refusal = refused(request, self.token) or too_large(request, self.max_request_bytes)
            if refusal is not None:
                return refusal
            try:
                body = request.json
            except Exception:  # sanic raises on malformed JSON, invalid UTF-8 and deep nesting
                body = None
            try:
                message = parse_rest_body(body, self.max_message_chars, payload_rules(request.app))
            except BadRequest as error:
                return response.json({"error": str(error)}, status=400)

            sender = identity.rest_sender(message.sender)
            if message.too_long:
                text = response_text(
                    request.app.ctx.agent.domain.responses, TOO_LONG_RESPONSE,
                    max_chars=f"{self.max_message_chars:,}",
                )
                return response.json([{"recipient_id": sender, "text": text}])

            stored = await record_text(request.app.ctx.agent, sender, message.text, self.name())
            if stored is not None:
                return feedback_reply(sender, stored)
            collector = FeedbackCollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        message.text, collector, sender,
                        input_channel=self.name(), metadata=message.metadata,
                    )
                )
            except Exception:
                # Never log the leader's words: the traceback and the sender are enough.
                logger.exception("Handling a REST message failed")
                return response.json({"error": UNAVAILABLE_TEXT}, status=503, headers={"Retry-After": "30"})
            return response.json(collector.messages)

        return webhook
