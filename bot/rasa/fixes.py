"""Six fixes for Rasa 3.6, applied explicitly by the coach's Rasa entry point (bot/rasa/server.py).

1. Speed, no change in behaviour. Profiling the production layout under
load (py-spy on a Rasa replica, 8 leaders without pauses) showed almost half of the server's CPU
time in `RemoteAction._validate_action_result`: for every custom action and every form
validation, Rasa calls `jsonschema.validate(result, schema)`, which first checks the large
events schema itself against the JSON Schema meta-schema, then builds a fresh validator. The
schema never changes, so we check it once and reuse one validator: the same checks, the same
`ValidationError` (with Rasa's explanatory message) for a malformed action server response.

2. No silence when the action server is down. Rasa logs the failure and carries on without the
action's events, so the leader gets no reply at all. Instead, when a turn's custom action (or a
form's validation) could not reach the action server, the leader hears
`utter_having_trouble` ("having trouble, please try again"), recorded in the tracker like any
reply, and the coach listens again; the next message, once the action server is back, is
handled normally. An action server that answers "rejected" (HTTP 400, Rasa's
ActionExecutionRejection) is not a failure and keeps Rasa's handling.

3. No silent amnesia when the database is down. Rasa wraps the tracker store in a
FailSafeTrackerStore that, when the database cannot be read or written, carries on with an
empty in-memory conversation: the leader is answered out of context (a reflection forgotten
mid-way) and the turn is never stored. For a store that asks for it (`fail_loudly = True`, as
bot.rasa.tracker_store's does), the error is raised instead, and our channels answer "temporarily
unavailable, please try again" (HTTP 503 on REST); the stored conversation stays whole, and
the next turn after the database is back continues it.

4. No version banner. Rasa's `/` answers "Hello from Rasa: 3.6.21" to anyone, which tells an
attacker which known vulnerabilities to try. It answers "Hello from the coach" instead, still a
200 for health checks.

5. Speed, no change in behaviour: keep-alive to the action server. Rasa opens a new aiohttp
session, and so a new TCP connection, for every request to an endpoint (every custom action,
every form validation). Here each endpoint's requests share one session per event loop, whose
idle connections are kept for KEEP_ALIVE_S, less than the action server's own keep-alive
(Sanic's 5 s), so a connection is never reused just as the server closes it. The same headers,
authentication and timeout are sent; the sessions are closed when the Rasa server stops.

6. Speed, no change in behaviour: no NLU for a button's payload. A message like
`/inform_profile{"role": "ward manager"}` is what it says, and Rasa's NLU graph ends with its
RegexMessageHandler, which replaces whatever the featurizers and DIET made of it with the
payload's intent and entities. Rasa 3.6 still runs the whole pipeline first. Here a payload that
names one of the domain's intents goes to the RegexMessageHandler alone: the same parse, without
the featurizers and DIET. Anything else (typed text, a payload naming no intent) goes through
the graph as before.
"""
from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
import weakref
from typing import Any

import aiohttp
import rasa.server
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction, create_bot_utterance
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler
from rasa.shared.constants import DOCS_BASE_URL, INTENT_MESSAGE_PREFIX
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.endpoints import EndpointConfig
from sanic import Sanic, response
from sanic.request import Request

logger = logging.getLogger(__name__)

_APPLIED_FLAG = "_coach_cached_validator"
ORIGINAL_VALIDATE_ACTION_RESULT = RemoteAction._validate_action_result
ORIGINAL_REMOTE_RUN = RemoteAction.run
ORIGINAL_RUN_ACTION = MessageProcessor._run_action
ORIGINAL_ADD_ROOT_ROUTE = rasa.server.add_root_route
ORIGINAL_ENDPOINT_SESSION = EndpointConfig.session
ORIGINAL_PARSE_WITH_GRAPH = MessageProcessor._parse_message_with_graph
KEEP_ALIVE_S = 4.0  # below Sanic's KEEP_ALIVE_TIMEOUT (5 s), the action server's
ROOT_TEXT = "Hello from the coach"
ORIGINAL_FAILSAFE = {name: getattr(FailSafeTrackerStore, name) for name in ("retrieve", "save", "retrieve_full_tracker")}

TROUBLE_RESPONSE = "utter_having_trouble"
TROUBLE_TEXT = (
    "Sorry, I'm having trouble right now and couldn't finish that. "
    "Please try again in a moment."
)
# Set when a remote action of the current turn's action could not reach the action server.
_action_server_failed: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "coach_action_server_failed", default=False
)


@functools.lru_cache(maxsize=1)
def action_response_validator():
    """One validator for Rasa's action server response schema, the schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result with a cached validator (same result, same error)."""
    try:
        action_response_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from "
            f"the Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error


async def _run_remote_action(self: RemoteAction, output_channel, nlg, tracker, domain):
    """RemoteAction.run, noting (for this turn) that the action server could not be reached."""
    try:
        return await ORIGINAL_REMOTE_RUN(self, output_channel, nlg, tracker, domain)
    except ActionExecutionRejection:
        raise
    except RasaException:
        _action_server_failed.set(True)
        raise


async def _run_action(self: MessageProcessor, action, tracker, output_channel, nlg, prediction) -> bool:
    """MessageProcessor._run_action, with an apology instead of silence when the action server failed."""
    token = _action_server_failed.set(False)
    try:
        predict_another = await ORIGINAL_RUN_ACTION(self, action, tracker, output_channel, nlg, prediction)
        failed = _action_server_failed.get()
    finally:
        _action_server_failed.reset(token)
    if not failed:
        return predict_another
    logger.warning("The action server could not run %s; the leader was asked to try again", action.name())
    message = None
    if TROUBLE_RESPONSE in self.domain.responses:
        message = await nlg.generate(TROUBLE_RESPONSE, tracker, output_channel.name())
    message = dict(message or {"text": TROUBLE_TEXT})
    await output_channel.send_response(tracker.sender_id, dict(message))
    utterance = create_bot_utterance(message)
    utterance.metadata = {**(utterance.metadata or {}), "utter_action": TROUBLE_RESPONSE}
    tracker.update(utterance)
    tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
    return False


def _fail_loudly(name: str):
    """FailSafeTrackerStore.<name>, without the in-memory fallback for stores with `fail_loudly`."""
    original = ORIGINAL_FAILSAFE[name]

    @functools.wraps(original)
    async def method(self: FailSafeTrackerStore, *args, **kwargs):
        if getattr(self._tracker_store, "fail_loudly", False):
            return await getattr(self._tracker_store, name)(*args, **kwargs)
        return await original(self, *args, **kwargs)

    return method


class _KeptSession:
    """`async with` a shared aiohttp session without closing it at the end (EndpointConfig.request
    opens and closes one per request)."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *exc_info) -> None:
        return None


# Per event loop: the endpoint's (headers, basic auth) -> its open session.
_sessions: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _endpoint_session(self: EndpointConfig):
    """EndpointConfig.session, one kept-alive session per endpoint and event loop (fix 5)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # not inside a loop: Rasa's own, closed after use
        return ORIGINAL_ENDPOINT_SESSION(self)
    key = (tuple(sorted((self.headers or {}).items())), tuple(sorted((self.basic_auth or {}).items())))
    sessions = _sessions.setdefault(loop, {})
    session = sessions.get(key)
    if session is None or session.closed:
        # Rasa's headers, authentication and timeout (EndpointConfig.session), kept alive.
        auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
        session = aiohttp.ClientSession(
            headers=self.headers, auth=auth, timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEP_ALIVE_S),
        )
        sessions[key] = session
    return _KeptSession(session)


async def close_endpoint_sessions() -> None:
    """Close this event loop's kept-alive sessions (when the server stops)."""
    for session in _sessions.pop(asyncio.get_running_loop(), {}).values():
        await session.close()


def _add_root_route(app: Sanic) -> None:
    """Rasa's `/` health route, without Rasa's version; and the kept-alive sessions closed when
    the server stops."""

    @app.get("/")
    async def hello(_request: Request):
        return response.text(ROOT_TEXT)

    @app.listener("after_server_stop")
    async def close_sessions(_app, _loop) -> None:
        await close_endpoint_sessions()


def parse_payload(text: str, domain) -> dict[str, Any] | None:
    """What Rasa's NLU graph makes of a button's payload naming one of the domain's intents (its
    RegexMessageHandler's parse), or None for anything else."""
    if not text.strip().startswith(INTENT_MESSAGE_PREFIX):
        return None
    parsed = RegexMessageHandler().process([Message(data={TEXT: text})], domain)[0]
    if not parsed.get(INTENT):
        return None
    return {TEXT: "", INTENT: {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, ENTITIES: [],
            **parsed.as_dict(only_output_properties=True)}


def _parse_message_with_graph(self: MessageProcessor, message, tracker, only_output_properties: bool = True):
    """MessageProcessor._parse_message_with_graph, without the pipeline for a payload (fix 6)."""
    if only_output_properties:
        parsed = parse_payload(message.text or "", self.domain)
        if parsed is not None:
            return parsed
    return ORIGINAL_PARSE_WITH_GRAPH(self, message, tracker, only_output_properties)


def apply() -> None:
    """Install the fixes once per process (idempotent)."""
    if getattr(RemoteAction, _APPLIED_FLAG, False):
        return
    RemoteAction._validate_action_result = _validate_action_result
    RemoteAction.run = _run_remote_action
    MessageProcessor._run_action = _run_action
    for name in ORIGINAL_FAILSAFE:
        setattr(FailSafeTrackerStore, name, _fail_loudly(name))
    rasa.server.add_root_route = _add_root_route  # looked up at call time, also by rasa.core.run
    EndpointConfig.session = _endpoint_session
    MessageProcessor._parse_message_with_graph = _parse_message_with_graph
    setattr(RemoteAction, _APPLIED_FLAG, True)
