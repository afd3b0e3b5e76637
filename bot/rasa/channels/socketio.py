"""Socket.IO channel for the web widget: Rasa's, with allowed origins, a length guard and downloads.

Rasa 3.6's `SocketIOInput` builds its server with `cors_allowed_origins=[]`, which in
python-engineio means "no origin check at all": any web page could open a socket to the coach
from a leader's browser. It also has no configuration key for origins, so this subclass sets them:

- credentials.yml `cors_allowed_origins` (a list, or one comma-separated string), else
- the environment variable WIDGET_ORIGINS (comma-separated), else
- the web app's own origins: http://localhost:WEB_PORT and http://127.0.0.1:WEB_PORT.

It also fixes what the widget relies on:
- with session persistence, Rasa 3.6 calls python-socketio 5's `enter_room` coroutine without
  awaiting it, so a socket never joins its session's room and receives no replies at all;
- custom JSON (`dispatcher.utter_message(json_message=...)`, e.g. the journal export's download)
  is sent as `{"custom": {...}}`; Rasa's own output passes it as keyword arguments to `emit`,
  which fails for any payload not shaped like emit's parameters;
- a bot message is sent as one message, not split at blank lines, so a Markdown answer with
  paragraphs or a list stays one chat bubble (and one screen-reader announcement);
- a `/feedback{...}` payload (the widget's Helpful / Not helpful) is stored without running the
  model (bot.rasa.channels.feedback), and an answer's feedback offer rides in its message;
- like our REST channel, an over-long message gets the polite `utter_message_too_long` reply
  without running the model; a message that is not text, or has no valid session id, gets a
  polite reply on the sending socket (never silence); text is cleaned and typed payloads lose
  protected entities (bot.rasa.channels.guard); a polling POST over MAX_REQUEST_BYTES gets a 413 and a
  websocket packet over it closes that socket (engine.io's limit).

Who a socket talks as (bot/web/sessions.py, bot/identity.py):
- a connection without an Origin header, or with one not allowed, is refused (engine.io checks
  only the origins that are sent);
- `session_request` carries `session_token` (a token this server issued) and/or `identity_token`
  (the host site's signed JWT). A valid identity token gives the signed-in leader's session; a
  valid session token its session; neither gives a new session. Anything presented that does
  not verify (a client-chosen or unsigned id, a forged or expired token) gets `session_refused`
  and the socket joins nothing. `session_confirm` carries the session's signed token;
- the socket's tracker is `web:<session id>`, kept in the socket's server-side session, never read
  from a message: a socket that has not presented its session's token hears nothing and its
  messages get a polite "reload" reply. Several tabs and reconnects present the same token and
  join the same room.
"""
from __future__ import annotations

import asyncio
import inspect
import json
import logging
import os
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint
from sanic.request import Request

from bot import feedback, identity, names
from bot.config import Settings
from bot.rasa.channels.feedback import record_text
from bot.rasa.channels.guard import (
    TOO_LONG_RESPONSE,
    UNAVAILABLE_TEXT,
    clean_metadata,
    clean_text,
    protect_slots,
    response_text,
)
from bot.rasa.channels.incoming import limit_request_size, payload_rules, too_large
from bot.web import sessions

logger = logging.getLogger(__name__)

ORIGINS_VARIABLE = "WIDGET_ORIGINS"
SENDER_KEY = "sender"  # in python-socketio's per-socket session: this socket's tracker id
NOT_TEXT_RESPONSE = names.UTTER_ASK_REPHRASE
NOT_TEXT_TEXT = "Sorry, I can only read text messages. Could you put that another way?"
NO_SESSION_TEXT = (
    "I could not tell which conversation that message belongs to. Please reload the page and try again."
)


def default_origins(web_port: int) -> list[str]:
    return [f"http://localhost:{web_port}", f"http://127.0.0.1:{web_port}"]


def parse_origins(configured: Any, environ: Mapping[str, str]) -> list[str]:
    """The allowed origins from credentials, else WIDGET_ORIGINS, else the web app's own origins."""
    if isinstance(configured, str):
        configured = configured.split(",")
    origins = [str(origin).strip().rstrip("/") for origin in configured or [] if str(origin).strip()]
    if not origins:
        origins = [o.strip().rstrip("/") for o in environ.get(ORIGINS_VARIABLE, "").split(",") if o.strip()]
    if not origins:
        origins = default_origins(Settings.from_environ(environ).web_port)
    return origins


def _refuse_large_polling_posts(eio: Any, max_bytes: int) -> None:
    """A polling POST over the limit gets a 413 and the socket stays open. (engine.io's own check
    disconnects the socket and holds the POST until the client polls again: a hang for some clients.)
    The route is made from `eio.handle_request` when the blueprint is registered, after this."""
    handle_request = eio.handle_request

    async def checked(request: Request, *args: Any, **kwargs: Any) -> Any:
        refused = too_large(request, max_bytes) if request.method == "POST" else None
        return refused if refused is not None else await handle_request(request, *args, **kwargs)

    eio.handle_request = checked


async def _awaited(result: Any) -> None:
    if inspect.isawaitable(result):
        await result


class WidgetSocketIOOutput(SocketIOOutput):
    """Rasa's socket.io output, one message per bot utterance and working custom JSON; an answer's
    feedback offer travels in the answer's own message (`feedback`, bot.feedback.presented)."""

    _offer: dict[str, Any] | None = None

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self._offer = feedback.take_offer(message)
        try:
            await super().send_response(recipient_id, message)
        finally:
            self._offer = None

    async def _send_message(self, recipient_id: str, response: Any) -> None:
        if self._offer is not None and isinstance(response, dict) and "text" in response:
            response = {**response, "feedback": feedback.presented(self._offer)}
            self._offer = None
        await super()._send_message(recipient_id, response)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"text": text.strip()})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        quick_replies = [
            {"content_type": "text", "title": button["title"], "payload": button["payload"]}
            for button in buttons
        ]
        await self._send_message(recipient_id, {"text": text.strip(), "quick_replies": quick_replies})

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"custom": json_message})

    async def send_elements(self, recipient_id: str, elements: Iterable[dict[str, Any]], **kwargs: Any) -> None:
        for element in elements:
            await self._send_message(recipient_id, {"attachment": {
                "type": "template", "payload": {"template_type": "generic", "elements": element},
            }})


class WidgetSocketIOInput(SocketIOInput):
    """Rasa's socket.io input channel restricted to the widget's origins (see the module doc)."""

    allowed_origins: list[str] | None = None
    max_message_chars: int | None = None
    max_request_bytes: int | None = None

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WidgetSocketIOInput:
        credentials = credentials or {}
        channel = super().from_credentials(credentials)
        channel.allowed_origins = parse_origins(credentials.get("cors_allowed_origins"), os.environ)
        settings = Settings.from_environ(os.environ)
        channel.max_message_chars = settings.max_message_chars
        channel.max_request_bytes = settings.max_request_bytes
        return channel

    def get_output_channel(self) -> WidgetSocketIOOutput | None:
        if self.sio is None:
            return super().get_output_channel()
        return WidgetSocketIOOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        socketio_webhook = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None
        origins = self.allowed_origins or parse_origins(None, os.environ)
        settings = Settings.from_environ(os.environ)
        max_chars = self.max_message_chars or settings.max_message_chars
        max_bytes = self.max_request_bytes or settings.max_request_bytes
        # python-engineio reads these on every request: an Origin header not in the list is refused,
        # and a websocket packet over the limit closes that socket.
        sio.eio.cors_allowed_origins = list(origins)
        sio.eio.max_http_buffer_size = max_bytes
        limit_request_size(socketio_webhook, max_bytes)
        _refuse_large_polling_posts(sio.eio, max_bytes)
        logger.info("Socket.IO accepts connections from: %s", ", ".join(origins))
        allowed = frozenset(origins)
        identities = sessions.IdentityConfig.from_settings(settings)
        secret = sessions.session_secret()
        app_holder: dict[str, Any] = {}

        @socketio_webhook.listener("before_server_start")
        async def remember_app(app, _loop) -> None:
            app_holder["app"] = app

        async def refuse(sid: str, text: str) -> None:
            await WidgetSocketIOOutput(sio, self.bot_message_evt).send_text_message(sid, text)

        async def handle_message(sid: str, data: Any = None, *_: Any) -> None:
            if not isinstance(data, dict):
                await refuse(sid, self._reply_text(app_holder, NOT_TEXT_RESPONSE, NOT_TEXT_TEXT))
                return
            output_channel = WidgetSocketIOOutput(sio, self.bot_message_evt)
            # Whose conversation: only what session_request verified for this socket.
            sender_id = (await sio.get_session(sid, namespace=self.namespace)).get(SENDER_KEY)
            if not sender_id:
                logger.warning("A socket.io message before a verified session was refused")
                await refuse(sid, NO_SESSION_TEXT)
                return
            text = data.get("message")
            text = clean_text(text) if isinstance(text, str) else ""
            if len(text) <= max_chars:
                text = protect_slots(text, payload_rules(app_holder.get("app")))
            if not text.strip():
                await refuse(sid, self._reply_text(app_holder, NOT_TEXT_RESPONSE, NOT_TEXT_TEXT))
                return
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            metadata = clean_metadata(metadata) if isinstance(metadata, dict) else {}
            agent = getattr(getattr(app_holder.get("app"), "ctx", None), "agent", None)
            if await record_text(agent, sender_id, text, self.name()) is not None:
                return  # feedback: stored without the model; the widget thanks the leader itself
            if len(text) > max_chars:
                limit = f"{max_chars:,}"
                fallback = f"That message is too long: please keep it under {limit} characters."
                await output_channel.send_text_message(
                    sender_id, self._reply_text(app_holder, TOO_LONG_RESPONSE, fallback, max_chars=limit)
                )
                return
            message = UserMessage(
                text, output_channel, sender_id, input_channel=self.name(), metadata=metadata
            )
            try:
                await on_new_message(message)
            except Exception:
                # The database or lock store is down: say so rather than leave the widget silent.
                logger.exception("Handling a socket.io message failed")
                await output_channel.send_text_message(sender_id, UNAVAILABLE_TEXT)

        async def connect(sid: str, environ: dict, auth: Any = None) -> bool:
            origin = (environ or {}).get("HTTP_ORIGIN", "").rstrip("/")
            if origin not in allowed:
                logger.warning("A socket.io connection without an allowed Origin was refused")
                return False
            return True

        async def session_request(sid: str, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            try:
                session = await self._verified_session(data, identities, secret)
            except sessions.SessionError as error:
                logger.warning("A socket.io session request was refused: %s", error)
                await sio.emit("session_refused", {"reason": "invalid"}, room=sid, namespace=self.namespace)
                return
            sender_id = identity.web_sender(session.id)
            previous = (await sio.get_session(sid, namespace=self.namespace)).get(SENDER_KEY)
            if previous and previous != sender_id:
                await _awaited(sio.leave_room(sid, previous, namespace=self.namespace))
            await sio.save_session(sid, {SENDER_KEY: sender_id}, namespace=self.namespace)
            # Rasa 3.6 calls enter_room without await; in python-socketio 5.x it is a coroutine.
            await _awaited(sio.enter_room(sid, sender_id, namespace=self.namespace))
            await sio.emit("session_confirm", session.token, room=sid, namespace=self.namespace)

        # These replace the handlers Rasa registered for the same events.
        sio.on("connect", connect, namespace=self.namespace)
        sio.on("session_request", session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, handle_message, namespace=self.namespace)
        return socketio_webhook

    @staticmethod
    async def _verified_session(data: dict[str, Any], identities: sessions.IdentityConfig,
                                secret: bytes) -> sessions.Session:
        """The session the request proves (see the module doc); SessionError if it proves nothing."""
        identity_token = data.get("identity_token")
        if identity_token:
            # RS256 keys may be fetched from the host's JWKS URL: off the event loop.
            return await asyncio.to_thread(sessions.identity_session, identity_token, identities, secret)
        token = data.get("session_token")
        if token is None:
            token = data.get("session_id")  # the widget before server-issued sessions sent this
        if token:
            return sessions.verify(token, secret)
        return sessions.issue(secret)

    @staticmethod
    def _reply_text(app_holder: dict[str, Any], name: str, fallback: str, **values: str) -> str:
        """The domain's response `name`, else `fallback` (while the model is not loaded)."""
        try:
            responses = app_holder["app"].ctx.agent.domain.responses
            return response_text(responses, name, **values)
        except (KeyError, AttributeError):
            return fallback
