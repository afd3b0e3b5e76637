"""Dashboard sessions and CSRF tokens.

A session is a random token in the `slc_session` cookie (HttpOnly, SameSite=Strict,
Path=/analytics, Secure over https) that names a row of `analytics_sessions` in the database (its
SHA-256; the token itself is never stored), so every web replica knows every session and a
restart logs nobody out. A session lasts SESSION_SECONDS (8 hours from login), and ends at once
when its account is removed or its password changes (bot.analytics.accounts deletes its rows).
Each request reads the account's current role and cohorts with the session.

CSRF: every POST carries a `csrf` form field. Signed-in, it must equal the session's token;
on the login form (no session yet) it must equal the `slc_csrf` cookie the form page set
(double submit). Tokens are compared in constant time.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from aiohttp import web
from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine

from bot.db.tables import TRAINER_COHORTS, TRAINER_SESSIONS, TRAINERS

SESSION_COOKIE = "slc_session"
LOGIN_CSRF_COOKIE = "slc_csrf"
COOKIE_PATH = "/analytics"
SESSION_SECONDS = 8 * 3600
LOGIN_CSRF_SECONDS = 3600


def new_token() -> str:
    return secrets.token_urlsafe(32)


def tokens_match(expected: str | None, given: object) -> bool:
    if not expected or not isinstance(given, str) or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass
class Session:
    token: str
    name: str
    role: str
    csrf: str
    expires_at: float
    cohorts: tuple[str, ...] = ()  # the cohorts a trainer may see; empty: all of them

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def restricted(self) -> bool:
        """A trainer limited to some cohorts (an admin sees everything)."""
        return bool(self.cohorts) and not self.is_admin

    def may_see(self, cohort: str | None) -> bool:
        return not self.restricted or cohort in self.cohorts


@dataclass
class SessionStore:
    """Sessions in the database (see the module docstring)."""

    engine: Callable[[], Engine]
    lifetime_s: float = SESSION_SECONDS
    clock: Callable[[], float] = time.time

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), timezone.utc)

    def create(self, name: str) -> Session | None:
        """A new session for the trainer called `name`; None if there is no such account."""
        engine = self.engine()
        token, csrf = new_token(), new_token()
        expires = self.clock() + self.lifetime_s
        with engine.begin() as connection:
            trainer = connection.execute(select(TRAINERS.c.id).where(TRAINERS.c.name == name)).scalar()
            if trainer is None:
                return None
            connection.execute(delete(TRAINER_SESSIONS).where(TRAINER_SESSIONS.c.expires_at <= self._now()))
            connection.execute(insert(TRAINER_SESSIONS).values(
                token_hash=_hash(token), trainer_id=trainer, csrf=csrf,
                expires_at=datetime.fromtimestamp(expires, timezone.utc)))
        session = self.get(token)
        assert session is not None
        return session

    def get(self, token: str | None) -> Session | None:
        if not token or not isinstance(token, str) or len(token) > 200:
            return None
        query = (
            select(TRAINERS.c.id, TRAINERS.c.name, TRAINERS.c.role, TRAINER_SESSIONS.c.csrf,
                   TRAINER_SESSIONS.c.expires_at)
            .select_from(TRAINER_SESSIONS.join(TRAINERS, TRAINERS.c.id == TRAINER_SESSIONS.c.trainer_id))
            .where(TRAINER_SESSIONS.c.token_hash == _hash(token))
        )
        with self.engine().connect() as connection:
            row = connection.execute(query).first()
            if row is None or row.expires_at <= self._now():
                return None
            cohorts = tuple(sorted(connection.execute(
                select(TRAINER_COHORTS.c.cohort).where(TRAINER_COHORTS.c.trainer_id == row.id)).scalars()))
        return Session(token, row.name, row.role, row.csrf, row.expires_at.timestamp(), cohorts)

    def delete(self, token: str | None) -> None:
        if token and isinstance(token, str):
            with self.engine().begin() as connection:
                connection.execute(delete(TRAINER_SESSIONS).where(TRAINER_SESSIONS.c.token_hash == _hash(token)))


def set_cookie(response: web.StreamResponse, request: web.Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name, value, path=COOKIE_PATH, max_age=max_age, httponly=True, samesite="Strict",
        secure=request.secure or None,
    )


def clear_cookie(response: web.StreamResponse, name: str) -> None:
    response.del_cookie(name, path=COOKIE_PATH)
