"""Proactive check-ins in Teams: where to reach a leader, how to write first, and when.

Rasa glue for bot.checkins (see docs/teams.md, "Proactive check-ins"):

- **References.** When a leader writes to the coach in a Teams *personal* chat, the Bot
  Framework conversation reference of that chat (service URL, channel, conversation, bot, user and
  tenant ids: no names) is stored for their sender id in `checkin_preferences.teams_reference`.
  It is written in a worker thread after the webhook has answered, and only when it changed
  (the last one written per sender is remembered in memory for an hour). Group chats and channels never get
  a reference, so a personal check-in can never be posted where others read it.
- **Output.** `ProactiveTeamsOutput` is the channel's TeamsOutput for a stored reference: the
  same app token and messageBack hero-card buttons, posted as a new message (not a reply) to
  `{serviceUrl}/v3/conversations/{id}/activities`.
- **Scheduler.** With the Teams channel configured, a CheckinPoller starts with the Rasa server
  (the webhook blueprint's `after_server_start`) and stops with it. Every CHECKIN_POLL_SECONDS it
  claims due check-ins of leaders who asked for Teams reminders and, for each, under the
  conversation's lock, triggers the intent `EXTERNAL_checkin_due` into the leader's conversation
  with the proactive output: the domain's rule runs `action_checkin_open`, which asks the
  check-in question. Until the model's domain has that intent, nothing is claimed.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import time
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from sanic import Blueprint

from bot import names
from bot.checkins.proactive import CheckinPoller
from bot.checkins.scheduler import Claim
from bot.config import Settings
from bot.journal.repository import JournalRepository
from bot.rasa.channels.teams import TeamsOutput
from bot.rasa.channels.teams_activity import MAX_ID_CHARS, Activity, conversation_reference, sender_id
from bot.rasa.channels.teams_connector import BotConnector

if TYPE_CHECKING:  # pragma: no cover
    from bot.rasa.channels.teams import TeamsInput  # which imports this module when it is first built

logger = logging.getLogger(__name__)

CHECKIN_INTENT = names.EXTERNAL_CHECKIN_DUE_INTENT
PROACTIVE_ATTEMPTS = 2  # per poll: a longer outage is retried by the next polls, not here
MAX_SERVICE_URL_CHARS = 512
REMEMBERED_SENDERS = 10_000
RECHECK_AFTER_S = 3600.0  # the database is read again after this, e.g. after a leader's "forget me"
REQUIRED = ("service_url", "conversation_id", "bot_id", "user_id")
OPTIONAL = ("channel_id", "user_aad_object_id", "tenant_id")
SERVICE_URL = re.compile(r"^https?://[^\s/?#]+(/[^\s?#]*)?$")


class InvalidReference(ValueError):
    """A stored reference cannot be used to reach a personal chat."""


def clean_reference(reference: Any) -> dict[str, str]:
    """A reference fit to store and to post to: a personal chat, the ids we need, bounded sizes.

    Raises InvalidReference (the message names the field, never its value)."""
    if not isinstance(reference, dict):
        raise InvalidReference("the reference is not an object")
    if reference.get("conversation_type", "personal") != "personal":
        raise InvalidReference("the reference is not a personal chat")
    cleaned: dict[str, str] = {"conversation_type": "personal"}
    for key in REQUIRED + OPTIONAL:
        value = reference.get(key)
        if value is None or value == "":
            if key in REQUIRED:
                raise InvalidReference(f"the reference has no {key}")
            continue
        limit = MAX_SERVICE_URL_CHARS if key == "service_url" else MAX_ID_CHARS
        if not isinstance(value, str) or len(value) > limit:
            raise InvalidReference(f"the reference's {key} is not a string of at most {limit} characters")
        cleaned[key] = value
    if not SERVICE_URL.match(cleaned["service_url"]):
        raise InvalidReference("the reference's service_url is not an http(s) URL")
    return cleaned


def reference_for(activity: Activity) -> dict[str, str] | None:
    """The reference to store for a message activity, or None (not a personal chat, or unusable)."""
    if activity.type != "message" or not activity.is_personal:
        return None
    try:
        return clean_reference(conversation_reference(activity))
    except InvalidReference:
        return None


class ProactiveTeamsOutput(TeamsOutput):
    """Posts new messages (not replies) into a leader's personal chat; counts those delivered."""

    def __init__(self, connector: BotConnector, reference: Any, max_attempts: int = PROACTIVE_ATTEMPTS) -> None:
        ref = clean_reference(reference)
        super().__init__(connector, Activity(
            type="message", id=None, service_url=ref["service_url"],
            channel_id=ref.get("channel_id", "msteams"), conversation_id=ref["conversation_id"],
            conversation_type="personal", tenant_id=ref.get("tenant_id"), from_id=ref["user_id"],
            from_aad_object_id=ref.get("user_aad_object_id"), recipient_id=ref["bot_id"],
            text=None, value=None, members_added=(),
        ))
        self.max_attempts = max_attempts
        self.sent = 0

    async def post(self, activity: dict[str, Any], max_attempts: int | None = None) -> None:
        await super().post(activity, max_attempts=max_attempts or self.max_attempts)
        if activity.get("type", "message") == "message":
            self.sent += 1

    async def send_typing(self) -> None:
        """Nobody is waiting for an answer: no typing indicator before a check-in."""


class ProactiveCheckins:
    """The Teams channel's proactive side: stores references, runs the check-in poller."""

    def __init__(
        self, channel: TeamsInput, settings: Settings | None = None, repository: JournalRepository | None = None,
    ) -> None:
        self.channel = channel
        self.settings = settings or Settings.from_environ(os.environ)
        self._journal = repository
        self._written: OrderedDict[str, tuple[str, float]] = OrderedDict()
        self._writing: set[str] = set()
        self._tasks: set[asyncio.Task] = set()
        self._app = None
        self._warned_no_intent = False
        self._clock = time.monotonic
        self.poller = CheckinPoller(
            self._engine, self.deliver, self.settings.checkin_poll_seconds, ready=self._ready,
        )

    # -- references ------------------------------------------------------------------------
    def _repository(self) -> JournalRepository:
        if self._journal is None:
            from bot.journal import get_journal

            self._journal = get_journal(self.settings.database_url)  # migrated once per process
        return self._journal

    def _engine(self):
        return self._repository().engine

    def remember(self, activity: Activity) -> None:
        """Store the personal chat's reference for this sender, off the request path, if it changed."""
        if not self.channel.configured:
            return
        reference = reference_for(activity)
        if reference is None:
            return
        sender = sender_id(activity)
        encoded = json.dumps(reference, sort_keys=True)
        written = self._written.get(sender)
        fresh = written is not None and written[0] == encoded and self._clock() - written[1] < RECHECK_AFTER_S
        if fresh or sender in self._writing:
            return
        self._writing.add(sender)
        task = asyncio.ensure_future(self._store(sender, reference, encoded))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def settled(self) -> None:
        """Wait for the reference writes in progress (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _store(self, sender: str, reference: dict[str, str], encoded: str) -> None:
        try:
            await asyncio.to_thread(self._store_blocking, sender, reference)
        except Exception as error:  # noqa: BLE001 - the next message tries again
            logger.warning("Teams conversation reference not stored: %s", type(error).__name__)
            return
        finally:
            self._writing.discard(sender)
        self._written[sender] = (encoded, self._clock())
        self._written.move_to_end(sender)
        while len(self._written) > REMEMBERED_SENDERS:
            self._written.popitem(last=False)

    def _store_blocking(self, sender: str, reference: dict[str, str]) -> None:
        repository = self._repository()
        if repository.get_preferences(sender).teams_reference != reference:
            repository.set_preferences(sender, teams_reference=reference)

    # -- the poller ------------------------------------------------------------------------
    def register(self, blueprint: Blueprint) -> None:
        @blueprint.listener("after_server_start")
        async def start_checkins(app, loop) -> None:
            if not self.channel.configured:
                return
            self._app = app
            self.poller.start()
            logger.info("Proactive Teams check-ins: polling every %.1f s", self.poller.poll_seconds)

        @blueprint.listener("before_server_stop")
        async def stop_checkins(app, loop) -> None:
            await self.poller.stop()
            await self.settled()

    def _agent(self):
        return getattr(getattr(self._app, "ctx", None), "agent", None)

    def _ready(self) -> bool:
        agent = self._agent()
        if agent is None or not agent.is_ready():
            return False
        if CHECKIN_INTENT not in agent.domain.intents:
            if not self._warned_no_intent:
                logger.warning("Proactive check-ins wait: the model's domain has no intent %s", CHECKIN_INTENT)
                self._warned_no_intent = True
            return False
        return True

    async def deliver(self, claim: Claim) -> int:
        """Trigger the check-in in the leader's conversation; returns the messages delivered."""
        agent = self._agent()
        if agent is None:
            raise RuntimeError("no model loaded")
        output = ProactiveTeamsOutput(self.channel.connector, claim.teams_reference)
        async with agent.lock_store.lock(claim.sender_id):
            processor = agent.processor
            tracker = await processor.fetch_tracker_and_update_session(claim.sender_id, output)
            await processor.trigger_external_user_uttered(CHECKIN_INTENT, [], tracker, output)
        return output.sent
