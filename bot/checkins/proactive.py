"""The poller behind proactive check-ins: claim what is due, deliver each claim, record the result.

Rasa-free: the channel (bot/rasa/channels/teams_proactive.py) supplies `deliver`, which sends one
claimed check-in and returns how many messages reached the leader. Every `poll_seconds` the
poller claims due check-ins (bot.checkins.scheduler.claim_due, so replicas polling the same
database never deliver one twice) and, for each claim:

- delivered (at least one message sent): `mark_sent`;
- `deliver` raised (the Bot Connector refused or failed after its retries, the conversation lock
  timed out, ...) or sent nothing: `release` with the reason, undoing the attempt's `asked_at`,
  so a later poll retries, up to `max_attempts` in all.

Database calls run in worker threads; the event loop never waits on them. `stop` lets a delivery
in progress finish (up to STOP_GRACE_S) and gives back the claims not yet tried; a delivery cut
short after that keeps its claim (the scheduler's rule: no risk of a duplicate message).
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy.engine import Engine

from bot.checkins import clock
from bot.checkins.scheduler import Claim, claim_due, mark_sent, release

logger = logging.getLogger(__name__)

DEFAULT_POLL_SECONDS = 300.0
MIN_POLL_SECONDS = 0.05
BATCH = 20
MAX_ATTEMPTS = 5
STOP_GRACE_S = 10.0

Deliver = Callable[[Claim], Awaitable[int]]


class CheckinPoller:
    """Polls for due check-ins in a background task; `start` on server start, `stop` on shutdown."""

    def __init__(
        self,
        engine: Callable[[], Engine],
        deliver: Deliver,
        poll_seconds: float = DEFAULT_POLL_SECONDS,
        *,
        ready: Callable[[], bool] = lambda: True,
        batch: int = BATCH,
        max_attempts: int = MAX_ATTEMPTS,
        clock: Callable[[], datetime] = clock.now,  # COACH_TODAY moves it, as it moves the actions
    ) -> None:
        self._engine = engine
        self._deliver = deliver
        self.poll_seconds = max(float(poll_seconds), MIN_POLL_SECONDS)
        self._ready = ready
        self.batch = batch
        self.max_attempts = max_attempts
        self._clock = clock
        self._task: asyncio.Task | None = None
        self._stopping = asyncio.Event()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        if not self.running:
            self._stopping = asyncio.Event()
            self._task = asyncio.ensure_future(self._run())

    async def stop(self, grace_s: float = STOP_GRACE_S) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(task, grace_s)
        except asyncio.TimeoutError:
            logger.warning("Check-in poller stopped during a delivery; its claim is left for an operator")
        except asyncio.CancelledError:
            pass

    async def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.poll_once()
            except Exception:  # a database hiccup must not end the loop: try again next time
                logger.exception("Check-in poll failed; trying again in %.0f s", self.poll_seconds)
            try:
                await asyncio.wait_for(self._stopping.wait(), self.poll_seconds)
            except asyncio.TimeoutError:
                pass

    async def poll_once(self) -> int:
        """Claim and deliver what is due now; returns how many check-ins were delivered."""
        if not self._ready():
            return 0
        engine = await asyncio.to_thread(self._engine)
        claims = await asyncio.to_thread(
            claim_due, engine, self._clock(), self.batch, max_attempts=self.max_attempts
        )
        delivered = 0
        for index, claim in enumerate(claims):
            if self._stopping.is_set():
                for untried in claims[index:]:
                    await asyncio.to_thread(release, engine, untried.commitment_id, "the server stopped")
                break
            delivered += await self._handle(engine, claim)
        if claims:
            logger.info("Proactive check-ins: %d claimed, %d delivered", len(claims), delivered)
        return delivered

    async def _handle(self, engine: Engine, claim: Claim) -> int:
        try:
            sent = await self._deliver(claim)
        except Exception as error:  # noqa: BLE001 - any failure is a retry later, never a crash
            reason = str(error) or type(error).__name__
            logger.warning("Proactive check-in %d not delivered (attempt %d of %d): %s",
                           claim.commitment_id, claim.attempts, self.max_attempts, reason)
            await self._release(engine, claim, reason)
            return 0
        if not sent:
            logger.warning("Proactive check-in %d: the coach sent nothing (attempt %d of %d)",
                           claim.commitment_id, claim.attempts, self.max_attempts)
            await self._release(engine, claim, "nothing was sent")
            return 0
        await asyncio.to_thread(mark_sent, engine, claim.commitment_id, self._clock())
        return 1

    async def _release(self, engine: Engine, claim: Claim, reason: str) -> None:
        await asyncio.to_thread(
            release, engine, claim.commitment_id, reason, unask_since=claim.claimed_at
        )
