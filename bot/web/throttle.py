"""Throttling the dashboard's sign-in, per client and per account name, without telling which
names exist.

Every attempt costs an argon2 verification (about 0.1 s of a core), so the limits also keep a
2-core host answering. The policy (the README's "Signing in" describes it to trainers):

- **Per client** (its address; behind the production layout's nginx, the `X-Real-IP` nginx sets,
  trusted only from TRUSTED_PROXIES): CLIENT_MAX_FAILURES failed sign-ins within
  CLIENT_WINDOW_S, whatever names they tried, and the client gets a 429 with Retry-After until the
  oldest of them leaves the window; no password is checked meanwhile. A spray of a few guesses at
  each of many names is slowed like a guess at one.
- **Per name**: NAME_MAX_FAILURES failed sign-ins in a row for one name (from any clients), and the
  name pauses for NAME_LOCK_S, again after every further failure. Names that exist and names that
  do not are counted alike, so the pause tells nothing about which exist.
- **A paused name still signs in its owner**: a client with no failures in CLIENT_WINDOW_S has its
  password checked as usual, so nobody can keep a trainer out by failing on their name. A paused
  name on a client that has been failing frees itself after NAME_LOCK_S without failures.

The counts live in the web app's memory (the production layout runs one web app; with several,
put the same limits in front of them, as the nginx `limit_req` zone does). Names are kept as
keyed hashes, not as typed.
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import secrets
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

CLIENT_MAX_FAILURES = 10
CLIENT_WINDOW_S = 15 * 60
NAME_MAX_FAILURES = 5
NAME_LOCK_S = 60
MAX_TRACKED = 10_000  # clients and names each; the oldest are forgotten first


@dataclass
class _Name:
    failures: int = 0
    paused_until: float = 0.0


@dataclass(frozen=True)
class Decision:
    """Whether to check the password now; if not, how long the client should wait."""

    allowed: bool
    retry_after_s: int = 0


@dataclass
class LoginThrottle:
    clock: Callable[[], float] = time.monotonic
    client_max_failures: int = CLIENT_MAX_FAILURES
    client_window_s: float = CLIENT_WINDOW_S
    name_max_failures: int = NAME_MAX_FAILURES
    name_lock_s: float = NAME_LOCK_S
    _clients: dict[str, deque] = field(default_factory=dict)
    _names: dict[bytes, _Name] = field(default_factory=dict)
    _key: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def _name_key(self, name: str) -> bytes:
        return hmac.new(self._key, name.casefold().encode("utf-8"), hashlib.sha256).digest()

    def _recent(self, client: str) -> deque:
        failures = self._clients.get(client)
        if failures is None:
            return deque()
        horizon = self.clock() - self.client_window_s
        while failures and failures[0] <= horizon:
            failures.popleft()
        if not failures:
            del self._clients[client]
        return failures

    @staticmethod
    def _wait(until: float, now: float) -> int:
        return max(1, math.ceil(until - now))

    def check(self, client: str, name: str) -> Decision:
        """Before checking a password: may `client` try `name` now?"""
        now = self.clock()
        failures = self._recent(client)
        if len(failures) >= self.client_max_failures:
            return Decision(False, self._wait(failures[0] + self.client_window_s, now))
        state = self._names.get(self._name_key(name))
        if state is not None and state.paused_until > now and failures:
            return Decision(False, self._wait(state.paused_until, now))
        return Decision(True)

    def failed(self, client: str, name: str) -> Decision:
        """A wrong name or password: count it; the Decision says whether to answer 429 (paused)."""
        now = self.clock()
        failures = self._clients.setdefault(client, deque())
        failures.append(now)
        key = self._name_key(name)
        state = self._names.setdefault(key, _Name())
        state.failures += 1
        if state.failures >= self.name_max_failures:
            state.paused_until = now + self.name_lock_s
        self._forget_oldest()
        if len(self._recent(client)) >= self.client_max_failures:
            return Decision(False, self._wait(failures[0] + self.client_window_s, now))
        if state.paused_until > now:
            return Decision(False, self._wait(state.paused_until, now))
        return Decision(True)

    def succeeded(self, name: str) -> None:
        """The right password: the name's run of failures ends (the client's count stays)."""
        self._names.pop(self._name_key(name), None)

    def _forget_oldest(self) -> None:
        for table in (self._clients, self._names):
            while len(table) > MAX_TRACKED:
                del table[next(iter(table))]


def client_address(peer: str | None, real_ip: str | None, trusted_proxies: Iterable[str]) -> str:
    """Who is signing in: the peer, or nginx's X-Real-IP when the peer is a trusted proxy (an
    address or a network such as 172.16.0.0/12 in TRUSTED_PROXIES)."""
    peer = peer or "unknown"
    if not real_ip or not _is_trusted(peer, trusted_proxies):
        return peer
    try:
        return str(ipaddress.ip_address(real_ip.strip()))
    except ValueError:
        return peer


def _is_trusted(peer: str, trusted_proxies: Iterable[str]) -> bool:
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    for proxy in trusted_proxies:
        try:
            if address in ipaddress.ip_network(proxy, strict=False):
                return True
        except ValueError:
            continue
    return False
