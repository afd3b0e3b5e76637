"""Dashboard sessions and CSRF tokens.

A session is a random token in the `slc_session` cookie (HttpOnly, SameSite=Strict,
Path=/analytics, Secure over https) that names a record kept in this process's memory for
SESSION_SECONDS (8 hours from login). Several web replicas behind a load balancer would need a
shared store (the database, Redis) instead of this dict: a session made by one replica is unknown
to the others, and every restart logs everybody out.

CSRF: every POST carries a `csrf` form field. Signed-in, it must equal the session's token;
on the login form (no session yet) it must equal the `slc_csrf` cookie the form page set
(double submit). Tokens are compared in constant time.
"""
from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass, field

from aiohttp import web

SESSION_COOKIE = "slc_session"
LOGIN_CSRF_COOKIE = "slc_csrf"
COOKIE_PATH = "/analytics"
SESSION_SECONDS = 8 * 3600
LOGIN_CSRF_SECONDS = 3600
MAX_SESSIONS = 10_000


def new_token() -> str:
    return secrets.token_urlsafe(32)


def tokens_match(expected: str | None, given: object) -> bool:
    if not expected or not isinstance(given, str) or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


@dataclass
class Session:
    token: str
    name: str
    role: str
    csrf: str
    expires_at: float

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass
class SessionStore:
    """Sessions in memory (one process only: see the module docstring)."""

    lifetime_s: float = SESSION_SECONDS
    clock: object = time.monotonic
    sessions: dict[str, Session] = field(default_factory=dict)

    def create(self, name: str, role: str) -> Session:
        self.purge()
        if len(self.sessions) >= MAX_SESSIONS:  # drop the oldest rather than grow without bound
            oldest = min(self.sessions.values(), key=lambda s: s.expires_at)
            self.sessions.pop(oldest.token, None)
        session = Session(new_token(), name, role, new_token(), self.clock() + self.lifetime_s)
        self.sessions[session.token] = session
        return session

    def get(self, token: str | None) -> Session | None:
        if not token:
            return None
        session = self.sessions.get(token)
        if session is None:
            return None
        if session.expires_at <= self.clock():
            self.sessions.pop(token, None)
            return None
        return session

    def delete(self, token: str | None) -> None:
        if token:
            self.sessions.pop(token, None)

    def purge(self) -> None:
        now = self.clock()
        for token in [t for t, s in self.sessions.items() if s.expires_at <= now]:
            self.sessions.pop(token, None)


def set_cookie(response: web.StreamResponse, request: web.Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name, value, path=COOKIE_PATH, max_age=max_age, httponly=True, samesite="Strict",
        secure=request.secure or None,
    )


def clear_cookie(response: web.StreamResponse, name: str) -> None:
    response.del_cookie(name, path=COOKIE_PATH)
