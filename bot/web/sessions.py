"""Widget sessions the server issues: who a socket.io connection talks as (no Rasa imports here).

- `issue()` makes a new session: a random id and its token `v1.<id>.<HMAC>`, signed with
  SESSION_SECRET. The widget keeps the token in its own storage (localStorage: the widget sits on
  other sites' pages, so it cannot rely on a third-party cookie) and presents it on every
  connection; `verify` gives back the id only for a token this server signed. A client-chosen or
  unsigned id is refused.
- `identity_session(token)`: where the host site has its own sign-in, it can pass a signed
  identity token (a JWT, HS256 with WIDGET_JWT_SECRET, or RS256 against the keys at
  WIDGET_JWKS_URL; `exp` and `sub` required, `iss`/`aud` checked when WIDGET_JWT_ISSUER /
  WIDGET_JWT_AUDIENCE are set). Its session id is a digest of issuer and subject, so the same
  leader gets the same journal on any device; the session's own token works as above.

Without SESSION_SECRET a random per-process key is used (with a warning); the launcher makes
one per launch, so every replica it starts agrees, but tokens stop working after a restart.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

logger = logging.getLogger(__name__)

SECRET_ENV = "SESSION_SECRET"
MIN_SECRET_CHARS = 16
VERSION = "v1"
_RANDOM_ID = re.compile(r"^[0-9a-f]{32}$")
_IDENTITY_ID = re.compile(r"^u-[0-9a-f]{40}$")
MAX_TOKEN_CHARS = 200
MAX_IDENTITY_TOKEN_CHARS = 8_000
LEEWAY_S = 30


class SessionError(ValueError):
    """A token that this server did not issue, or an identity token that does not verify."""


@dataclass(frozen=True)
class Session:
    id: str
    token: str
    signed_in: bool  # from the host site's identity token


@lru_cache(maxsize=1)
def _process_secret() -> bytes:
    logger.warning("%s is not set: widget sessions are signed with a random key for this process only, "
                   "so leaders start afresh after a restart. Set it in production.", SECRET_ENV)
    return secrets.token_bytes(32)


def session_secret(environ: Mapping[str, str] | None = None) -> bytes:
    raw = (os.environ if environ is None else environ).get(SECRET_ENV, "")
    if not raw:
        return _process_secret()
    if len(raw) < MIN_SECRET_CHARS:
        raise SessionError(f"{SECRET_ENV} must be at least {MIN_SECRET_CHARS} characters long")
    return raw.encode("utf-8")


def _signature(session_id: str, secret: bytes) -> str:
    digest = hmac.new(secret, f"widget-session:{VERSION}:{session_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def token_for(session_id: str, secret: bytes | None = None) -> str:
    return f"{VERSION}.{session_id}.{_signature(session_id, secret or session_secret())}"


def issue(secret: bytes | None = None) -> Session:
    """A new anonymous session."""
    session_id = secrets.token_hex(16)
    return Session(session_id, token_for(session_id, secret), signed_in=False)


def verify(token: object, secret: bytes | None = None) -> Session:
    """The session a token names; SessionError unless this server signed it."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_CHARS or token.count(".") != 2:
        raise SessionError("not a session token")
    version, session_id, signature = token.split(".")
    if version != VERSION or not (_RANDOM_ID.match(session_id) or _IDENTITY_ID.match(session_id)):
        raise SessionError("not a session token")
    expected = _signature(session_id, secret or session_secret())
    if not hmac.compare_digest(expected.encode("ascii"), signature.encode("ascii", "replace")):
        raise SessionError("the session token's signature does not match")
    return Session(session_id, token, signed_in=session_id.startswith("u-"))


# Identity tokens from the host site -------------------------------------------------------------

@dataclass(frozen=True)
class IdentityConfig:
    """How to check the host site's identity tokens (from WIDGET_JWT_* and WIDGET_JWKS_URL)."""

    secret: str = ""
    jwks_url: str = ""
    issuer: str = ""
    audience: str = ""

    @classmethod
    def from_settings(cls, settings) -> IdentityConfig:
        return cls(settings.widget_jwt_secret, settings.widget_jwks_url, settings.widget_jwt_issuer,
                   settings.widget_jwt_audience)

    @property
    def enabled(self) -> bool:
        return bool(self.secret or self.jwks_url)


@lru_cache(maxsize=4)
def _jwks_client(url: str):
    import jwt

    return jwt.PyJWKClient(url, cache_keys=True, lifespan=3600, timeout=10)


def verify_identity(token: object, config: IdentityConfig) -> tuple[str, str]:
    """(issuer, subject) of a valid identity token; SessionError otherwise. Blocking: the RS256
    keys may be fetched from WIDGET_JWKS_URL (cached for an hour)."""
    import jwt

    if not config.enabled:
        raise SessionError("identity tokens are not configured (WIDGET_JWT_SECRET or WIDGET_JWKS_URL)")
    if not isinstance(token, str) or not token or len(token) > MAX_IDENTITY_TOKEN_CHARS:
        raise SessionError("not an identity token")
    options = {"require": ["exp", "sub"], "verify_aud": bool(config.audience)}
    kwargs = {"audience": config.audience or None, "issuer": config.issuer or None, "leeway": LEEWAY_S,
              "options": options}
    try:
        if config.jwks_url:
            key = _jwks_client(config.jwks_url).get_signing_key_from_jwt(token).key
            claims = jwt.decode(token, key, algorithms=["RS256"], **kwargs)
        else:
            claims = jwt.decode(token, config.secret, algorithms=["HS256"], **kwargs)
    except jwt.PyJWTError as error:  # expired, bad signature, wrong algorithm, issuer or audience
        raise SessionError(f"the identity token was refused: {type(error).__name__}") from None
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject.strip():
        raise SessionError("the identity token names no subject")
    return str(claims.get("iss") or ""), subject


def identity_session(token: object, config: IdentityConfig, secret: bytes | None = None) -> Session:
    """The session of the leader a valid identity token names: the same on every device."""
    issuer, subject = verify_identity(token, config)
    session_id = "u-" + hashlib.sha256(f"{issuer}\0{subject}".encode()).hexdigest()[:40]
    return Session(session_id, token_for(session_id, secret), signed_in=True)
