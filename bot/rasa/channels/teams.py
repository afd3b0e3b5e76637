"""Microsoft Teams channel (Bot Framework), replacing Rasa's `botframework` connector.

`POST /webhooks/teams/webhook` receives activities from the Bot Connector service:
1. 503 when no app id is configured (nothing is processed);
2. the bearer token is verified (teams_auth); anything wrong is a 401 with a logged reason;
3. the body is validated (400 after a valid token; a body over MAX_TEAMS_REQUEST_BYTES is a 413,
   and ids that would key a tracker must be printable and at most 128 characters), and the token
   must match the activity's serviceUrl and channel;
4. the activity is acknowledged at once (200) and handled in the background, so a slow answer
   never makes the Bot Connector time out or redeliver: typing first, then Rasa's replies posted to
   the conversation as replies to the activity (in a channel, in its thread).

Messages: mentions are stripped; control characters are removed and a typed `/intent{...}` loses
entities naming protected slots (bot.rasa.channels.guard); card clicks (messageBack) carry the button's
payload; a feedback card's submission (or a typed `/feedback{...}`) is stored without the model
(bot.rasa.channels.feedback) and thanked, and an answer's feedback offer follows it as an Adaptive
Card (Helpful; Not helpful opens the reasons and a comment box); over-long text gets `utter_message_too_long` without the model; in a group chat or
channel, requests for the private features get `utter_teams_go_private` instead of reaching Rasa.
The bot being added to a conversation runs `/greet` once. Message text is never logged.

credentials.yml (empty strings mean unset):
    bot.rasa.channels.teams.TeamsInput:
      app_id: ${TEAMS_APP_ID}
      app_password: ${TEAMS_APP_PASSWORD}
      tenant_id: ${TEAMS_TENANT_ID}
      openid_metadata_url: ${TEAMS_OPENID_METADATA_URL}
      login_url: ${TEAMS_LOGIN_URL}
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import feedback, names
from bot.config import Settings
from bot.rasa.channels.feedback import record, record_text
from bot.rasa.channels.guard import (
    TOO_LONG_RESPONSE,
    UNAVAILABLE_TEXT,
    BadRequest,
    PayloadRules,
    check_id,
    clean_text,
    protect_slots,
    response_text,
)
from bot.rasa.channels.incoming import limit_request_size, payload_rules, too_large
from bot.rasa.channels.teams_activity import (
    MAX_ID_CHARS,
    Activity,
    feedback_card,
    is_personal_request,
    message_metadata,
    message_text,
    parse_activity,
    private_chat_link,
    reply_activity,
    sender_id,
)
from bot.rasa.channels.teams_auth import (
    DEFAULT_OPENID_METADATA_URL,
    AuthError,
    KeysUnavailable,
    SigningKeys,
    TokenValidator,
)
from bot.rasa.channels.teams_connector import DEFAULT_LOGIN_URL, BotConnector, ConnectorError

logger = logging.getLogger(__name__)

GO_PRIVATE_RESPONSE = names.UTTER_TEAMS_GO_PRIVATE
FALLBACK_TEXTS = {
    GO_PRIVATE_RESPONSE: (
        "Reflections and your journal are just for you, so I only offer them in a private chat. "
        "Open a chat with me (select my name, then Chat) and we can carry on there."
    ),
    TOO_LONG_RESPONSE: (
        "That message is longer than I can take in one go. Could you send it in under {max_chars} "
        "characters, or as a few shorter messages?"
    ),
}
FAILURE_TEXT = UNAVAILABLE_TEXT
OPEN_PRIVATE_CHAT = "Open a private chat"
HTTP_TIMEOUT_S = 30
WELCOMED_MEMORY = 10_000


def _setting(credentials: dict[str, Any], key: str, default: str = "") -> str:
    """A credentials value; missing, null or empty (an empty environment variable) means `default`."""
    value = credentials.get(key)
    if value is None:
        return default
    value = str(value).strip()
    return value or default


class TeamsOutput(OutputChannel):
    """Posts Rasa's replies into one Teams conversation, as replies to the incoming activity."""

    @classmethod
    def name(cls) -> str:
        return "teams"

    def __init__(self, connector: BotConnector, activity: Activity) -> None:
        self.connector = connector
        self.activity = activity

    async def post(self, activity: dict[str, Any], max_attempts: int | None = None) -> None:
        source = self.activity
        activity = {
            **activity,
            "from": {"id": source.recipient_id} if source.recipient_id else None,
            "recipient": {"id": source.from_id} if source.from_id else None,
            "conversation": {"id": source.conversation_id},
            "replyToId": source.id,
        }
        activity = {key: value for key, value in activity.items() if value is not None}
        await self.connector.post_activity(
            source.service_url, source.conversation_id, activity, reply_to_id=source.id,
            max_attempts=max_attempts,
        )

    async def send_typing(self) -> None:
        try:
            await self.post({"type": "typing"}, max_attempts=1)  # cosmetic: never delay the answer
        except ConnectorError as error:
            logger.info("Teams typing indicator not sent: %s", error)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.post(reply_activity(text))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.post(reply_activity(text, buttons, personal=self.activity.is_personal))

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        """Rasa's replies; an answer's feedback offer follows it as a card (bot.feedback)."""
        offered = feedback.take_offer(message)
        await super().send_response(recipient_id, message)
        if offered is not None:
            await self.post({"type": "message", "attachments": [feedback_card(feedback.presented(offered))]})

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.post({"type": "message", "attachments": [
            {"contentType": "application/vnd.microsoft.card.hero", "content": {"images": [{"url": image}]}}
        ]})

    async def send_attachment(self, recipient_id: str, attachment: Any, **kwargs: Any) -> None:
        text = attachment if isinstance(attachment, str) else json.dumps(attachment)
        await self.post(reply_activity(text))

    async def send_elements(self, recipient_id: str, elements: Any, **kwargs: Any) -> None:
        for element in elements:
            title = element.get("title", "")
            subtitle = element.get("subtitle", "")
            text = f"**{title}**\n\n{subtitle}".strip() if title else subtitle
            await self.post(reply_activity(text, element.get("buttons"), personal=self.activity.is_personal))

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        """A custom payload is posted as a Bot Framework activity (type message by default)."""
        activity = dict(json_message)
        activity.setdefault("type", "message")
        await self.post(activity)


class TeamsInput(InputChannel):
    """The Teams webhook: authenticated Bot Framework activities in, replies through the connector."""

    @classmethod
    def name(cls) -> str:
        return "teams"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TeamsInput:
        credentials = credentials or {}
        return cls(
            app_id=_setting(credentials, "app_id"),
            app_password=_setting(credentials, "app_password"),
            tenant_id=_setting(credentials, "tenant_id"),
            openid_metadata_url=_setting(credentials, "openid_metadata_url", DEFAULT_OPENID_METADATA_URL),
            login_url=_setting(credentials, "login_url", DEFAULT_LOGIN_URL),
        )

    def __init__(
        self,
        app_id: str = "",
        app_password: str = "",
        tenant_id: str = "",
        openid_metadata_url: str = DEFAULT_OPENID_METADATA_URL,
        login_url: str = DEFAULT_LOGIN_URL,
        max_message_chars: int | None = None,
        max_request_bytes: int | None = None,
    ) -> None:
        self.app_id = app_id
        self.tenant_id = tenant_id
        settings = Settings.from_environ(os.environ)
        self.max_message_chars = max_message_chars or settings.max_message_chars
        self.max_request_bytes = max_request_bytes or settings.max_teams_request_bytes
        self._session: aiohttp.ClientSession | None = None
        self.keys = SigningKeys(openid_metadata_url, self.session)
        self.validator = TokenValidator(app_id, self.keys)
        self.connector = BotConnector(app_id, app_password, tenant_id, login_url, self.session)
        self._tasks: set[asyncio.Task] = set()
        self._welcomed: OrderedDict[str, None] = OrderedDict()
        from bot.rasa.channels.teams_proactive import ProactiveCheckins  # imports this module

        self.proactive = ProactiveCheckins(self)  # conversation references and check-ins
        if not app_id:
            logger.info("Teams channel: TEAMS_APP_ID is not set, so the Teams webhook answers 503")

    @property
    def configured(self) -> bool:
        return bool(self.app_id)

    async def session(self) -> aiohttp.ClientSession:
        """One aiohttp session for the server's event loop, made on first use."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=HTTP_TIMEOUT_S))
        return self._session

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._session is not None and not self._session.closed:
            await self._session.close()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)
        limit_request_size(webhook, self.max_request_bytes)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.configured else "not configured"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            refused = too_large(request, self.max_request_bytes)
            if refused is not None:
                return refused
            agent = getattr(request.app.ctx, "agent", None)
            responses = getattr(getattr(agent, "domain", None), "responses", None) or {}
            try:
                status, body = await self.handle(
                    request.headers.get("Authorization"), request.body, on_new_message, responses,
                    rules=payload_rules(request.app), agent=agent,
                )
            except Exception:  # never a 500 with a traceback to the caller
                logger.exception("Teams webhook failed")
                status, body = 503, {"error": "The coach could not take this activity just now."}
            return response.json(body, status=status)

        @webhook.listener("after_server_stop")
        async def close_session(app, loop) -> None:
            await self.close()

        self.proactive.register(webhook)
        return webhook

    async def handle(
        self,
        authorization: str | None,
        raw_body: bytes | None,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        responses: dict[str, Any],
        rules: PayloadRules | None = None,
        agent: Any = None,
    ) -> tuple[int, dict[str, Any]]:
        """Check and accept one request; returns (status, JSON body). Handling continues in a task."""
        if not self.configured:
            return 503, {"error": "The Teams channel is not configured (TEAMS_APP_ID is empty)."}
        try:
            token = await self.validator.verify(authorization)
        except AuthError as error:
            logger.warning("Teams request rejected (401): %s", error)
            return 401, {"error": "Unauthorized"}
        except KeysUnavailable as error:
            logger.error("Teams request not verified (503): %s", error)
            return 503, {"error": "Cannot verify the request just now."}
        try:
            body = json.loads(raw_body or b"")
        except (ValueError, RecursionError):  # also invalid UTF-8 and absurdly deep nesting
            return 400, {"error": "The body must be a JSON activity."}
        try:
            activity = parse_activity(body)
            _check_ids(activity)
        except BadRequest as error:
            return 400, {"error": str(error)}
        try:
            TokenValidator.check_activity(token, activity.service_url, activity.channel_id)
        except AuthError as error:
            logger.warning("Teams request rejected (401): %s", error)
            return 401, {"error": "Unauthorized"}
        if self.tenant_id and activity.tenant_id and activity.tenant_id != self.tenant_id:
            logger.warning("Teams activity from another tenant ignored (403)")
            return 403, {"error": "This bot serves one organisation only."}

        if activity.type == "message":
            try:
                given = feedback.parse_card_value(activity.value)
            except feedback.BadFeedback as error:
                logger.warning("A malformed Teams feedback card was refused: %s", error)
                return 200, {}
            if given is not None:
                self._spawn(self._on_feedback(activity, given, agent))
                return 200, {}
            text = protect_slots(clean_text(message_text(activity)), rules or PayloadRules()).strip()
            if not text:
                return 200, {}  # an attachment or card with nothing for us to read
            if feedback.is_feedback(text):
                self._spawn(self._on_feedback(activity, text, agent))
                return 200, {}
            self.proactive.remember(activity)  # personal chats only, written after we answer
            self._spawn(self._on_message(activity, text, on_new_message, responses))
        elif activity.type == "conversationUpdate" and activity.bot_was_added:
            if self._first_welcome(activity.conversation_id):
                self._spawn(self._run_rasa(activity, "/greet", on_new_message))
        return 200, {}

    def _spawn(self, coroutine: Awaitable[None]) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _first_welcome(self, conversation_id: str) -> bool:
        """True once per conversation (the Bot Connector may deliver conversationUpdate twice)."""
        if conversation_id in self._welcomed:
            return False
        self._welcomed[conversation_id] = None
        while len(self._welcomed) > WELCOMED_MEMORY:
            self._welcomed.popitem(last=False)
        return True

    async def _on_message(
        self, activity: Activity, text: str, on_new_message: Callable[[UserMessage], Awaitable[Any]],
        responses: dict[str, Any],
    ) -> None:
        output = TeamsOutput(self.connector, activity)
        try:
            if len(text) > self.max_message_chars:
                reply = _response_text(responses, TOO_LONG_RESPONSE, max_chars=f"{self.max_message_chars:,}")
                await output.post(reply_activity(reply))
                return
            if not activity.is_personal and is_personal_request(text):
                logger.info("Teams: a personal request in a %s was offered a private chat",
                            activity.conversation_type)
                await output.post(_go_private(activity, responses))
                return
        except ConnectorError as error:
            logger.error("Teams reply not delivered: %s", error)
            return
        await self._run_rasa(activity, text, on_new_message)

    async def _on_feedback(self, activity: Activity, given: feedback.Feedback | str, agent: Any) -> None:
        """Store a card's (or a typed payload's) feedback and thank the person; nothing runs the model."""
        try:
            if isinstance(given, str):
                stored = await record_text(agent, sender_id(activity), given, self.name())
            else:
                stored = await record(agent, sender_id(activity), given, self.name())
            if stored:
                await TeamsOutput(self.connector, activity).post(reply_activity(feedback.LABELS["thanks"]))
        except ConnectorError as error:
            logger.error("Teams reply not delivered: %s", error)
        except Exception:
            logger.exception("Storing Teams feedback failed")

    async def _run_rasa(
        self, activity: Activity, text: str, on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        output = TeamsOutput(self.connector, activity)
        await output.send_typing()
        message = UserMessage(
            text, output, sender_id(activity), input_channel=self.name(),
            message_id=activity.id, metadata=message_metadata(activity),
        )
        try:
            await on_new_message(message)
        except ConnectorError as error:
            logger.error("Teams reply not delivered: %s", error)
        except Exception:
            # Never log the leader's words: the traceback and the conversation type are enough.
            logger.exception("Handling a Teams %s activity failed", activity.conversation_type)
            try:
                await output.post(reply_activity(FAILURE_TEXT))
            except ConnectorError:
                pass


def _check_ids(activity: Activity) -> None:
    """The ids that make up the tracker's sender id: printable, and short enough to fit its column."""
    for what, value in (('"from.id"', activity.from_id), ('"from.aadObjectId"', activity.from_aad_object_id)):
        if value is not None:
            check_id(value, what)
    check_id(activity.conversation_id, '"conversation.id"', max_chars=MAX_ID_CHARS)  # long ones are hashed


def _response_text(responses: dict[str, Any], name: str, **values: Any) -> str:
    try:
        return response_text(responses, name, **values)
    except KeyError:
        text = FALLBACK_TEXTS[name]
        for key, value in values.items():
            text = text.replace("{" + key + "}", str(value))
        return text


def _go_private(activity: Activity, responses: dict[str, Any]) -> dict[str, Any]:
    reply = reply_activity(_response_text(responses, GO_PRIVATE_RESPONSE))
    link = private_chat_link(activity.recipient_id)
    if link:
        reply["attachments"] = [{"contentType": "application/vnd.microsoft.card.hero", "content": {
            "buttons": [{"type": "openUrl", "title": OPEN_PRIVATE_CHAT, "value": link}]}}]
    return reply
