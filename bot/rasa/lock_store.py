"""Rasa's Redis lock store, with every change to a conversation's lock made atomically.

Rasa 3.6's RedisLockStore changes a lock by reading it,
changing it in Python and writing it back (GET, then SET). When two replicas take a ticket for
the same conversation at the same moment, both can read the same lock and both write a ticket
with the same number: two turns of one conversation then run at once and their events
interleave. `make test-production` caught it (a turn with no reply stored between the next
user message). Here each change runs inside Redis' optimistic transaction (WATCH, MULTI, EXEC)
and is retried if another replica changed the lock in between, so ticket numbers are unique and
a finished ticket never drops one issued meanwhile. Reading and waiting stay as in Rasa.

deploy/endpoints-prod.yml: `lock_store: type: bot.rasa.lock_store.AtomicRedisLockStore` with the
same keys as Rasa's `redis` type (url, port, db, password, key_prefix).
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

# A change is retried while other replicas keep changing the same lock; a few tries are plenty.
MAX_ATTEMPTS = 50


class AtomicRedisLockStore(RedisLockStore):
    """RedisLockStore whose ticket changes cannot overwrite one another across replicas."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    def _change(self, conversation_id: str, change: Callable[[TicketLock | None], tuple[TicketLock | None, Any]]):
        """Apply `change` to the stored lock atomically; it returns (lock to store or None to delete, result)."""
        key = self.key_prefix + conversation_id
        for _ in range(MAX_ATTEMPTS):
            with self.red.pipeline() as pipe:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(raw)) if raw else None
                    new_lock, result = change(lock)
                    pipe.multi()
                    if new_lock is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, new_lock.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another replica changed the lock first: read it again
        raise LockError(f"Could not change the lock of a conversation in {MAX_ATTEMPTS} attempts")

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def take(lock: TicketLock | None):
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, take)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        def expire(lock: TicketLock | None):
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, expire)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        def finish(lock: TicketLock | None):
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._change(conversation_id, finish)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Remove the ticket; delete the lock only if, at that same moment, no one else holds a ticket."""

        def finish(lock: TicketLock | None):
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._change(conversation_id, finish)
