"""Feedback in the channels: stored as a tracker event without running the model (bot.feedback).

`record` takes the conversation's lock (the lock store: Redis in production, so every replica
agrees), reads the tracker, refuses feedback about an answer this conversation was not given,
and appends Rasa's `agent` event with the feedback, the entry id and the channel. No policy reads
that event, and no action runs, so whatever step the leader is at still waits for its answer.
"Forget me" deletes every event of the conversation, these too.
"""
from __future__ import annotations

import logging
from typing import Any

from rasa.shared.core.events import AgentUttered

from bot import feedback

logger = logging.getLogger(__name__)


async def record(agent: Any, sender_id: str, given: feedback.Feedback, channel: str) -> bool:
    """Store `given` in `sender_id`'s tracker; False (nothing stored) when that conversation was
    not given the answer it rates, or there is no model loaded to take it."""
    if agent is None or getattr(agent, "tracker_store", None) is None:
        return False
    async with agent.lock_store.lock(sender_id):
        tracker = await agent.tracker_store.retrieve(sender_id)
        events = [event.as_dict() for event in tracker.events] if tracker is not None else []
        if tracker is None or not feedback.was_offered(events, given):
            logger.warning("Feedback about an answer this conversation was not given was refused (%s)", channel)
            return False
        tracker.update(AgentUttered(data=feedback.event_data(given, channel)))
        await agent.tracker_store.save(tracker)
    logger.info("Feedback recorded: %s on a %s (%s)", given.rating, given.kind, channel)
    return True


async def record_text(agent: Any, sender_id: str, text: str, channel: str) -> bool | None:
    """`record` for a typed or button payload: None when `text` is not feedback at all, else
    whether it was stored (malformed feedback is not)."""
    if not feedback.is_feedback(text):
        return None
    try:
        given = feedback.parse_payload(text)
    except feedback.BadFeedback as error:
        logger.warning("A malformed feedback payload was refused (%s): %s", channel, error)
        return False
    return await record(agent, sender_id, given, channel)
