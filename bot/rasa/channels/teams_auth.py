"""Inbound authentication for the Teams channel, as the Bot Framework specifies.

Every request from the Bot Connector carries `Authorization: Bearer <JWT>`. We accept it only when
- the token is RS256-signed by a key published at the `jwks_uri` of the OpenID metadata document;
- the issuer is https://api.botframework.com and the audience is our app id;
- it is within its exp/nbf window (5 minutes' clock skew allowed);
- its `serviceurl` claim equals the activity's serviceUrl, and the signing key's `endorsements`
  contain the activity's channelId ("msteams").

The keys are cached, refreshed daily and on an unknown key id (at most every 30 s, so forged key
ids cannot make us hammer the metadata endpoint). All HTTP here is aiohttp: nothing blocks the loop.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import jwt
from jwt.algorithms import RSAAlgorithm

logger = logging.getLogger(__name__)

DEFAULT_OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
ALGORITHM = "RS256"
CLOCK_SKEW_S = 300
KEYS_MAX_AGE_S = 24 * 3600
UNKNOWN_KID_REFRESH_INTERVAL_S = 30.0
BEARER = re.compile(r"^Bearer\s+(\S+)\s*$", re.IGNORECASE)
# The Bot Framework SDKs read the claim as "serviceurl"; accept the camel-case spelling too.
SERVICE_URL_CLAIMS = ("serviceurl", "serviceUrl")

SessionGetter = Callable[[], Awaitable[aiohttp.ClientSession]]


class AuthError(Exception):
    """The request is not from the Bot Framework (401). The message is a loggable reason."""


class KeysUnavailable(Exception):
    """The OpenID metadata or the key set could not be fetched (503: we cannot judge the token)."""


@dataclass(frozen=True)
class VerifiedToken:
    claims: dict[str, Any]
    endorsements: tuple[str, ...]

    @property
    def service_url(self) -> str | None:
        for name in SERVICE_URL_CLAIMS:
            value = self.claims.get(name)
            if isinstance(value, str):
                return value
        return None


class SigningKeys:
    """The Bot Framework's signing keys by key id, from the OpenID metadata's jwks_uri."""

    def __init__(
        self,
        metadata_url: str,
        session: SessionGetter,
        max_age_s: float = KEYS_MAX_AGE_S,
        unknown_kid_refresh_interval_s: float = UNKNOWN_KID_REFRESH_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.metadata_url = metadata_url
        self._session = session
        self.max_age_s = max_age_s
        self.unknown_kid_refresh_interval_s = unknown_kid_refresh_interval_s
        self._clock = clock
        self._keys: dict[str, dict[str, Any]] = {}
        self._fetched_at: float | None = None
        self._lock = asyncio.Lock()
        self.fetch_count = 0

    async def get(self, kid: str) -> dict[str, Any] | None:
        """The JWK with this key id, refreshing the cache when it is stale or does not know the id."""
        async with self._lock:
            now = self._clock()
            stale = self._fetched_at is None or now - self._fetched_at > self.max_age_s
            may_retry = self._fetched_at is None or now - self._fetched_at >= self.unknown_kid_refresh_interval_s
            if stale or (kid not in self._keys and may_retry):
                try:
                    await self._refresh()
                except KeysUnavailable:
                    if not self._keys:
                        raise
                    logger.warning("Could not refresh the Bot Framework signing keys; using the cached ones")
            return self._keys.get(kid)

    async def _refresh(self) -> None:
        self.fetch_count += 1
        session = await self._session()
        try:
            async with session.get(self.metadata_url) as response:
                response.raise_for_status()
                metadata = await response.json(content_type=None)
            jwks_uri = metadata["jwks_uri"]
            async with session.get(jwks_uri) as response:
                response.raise_for_status()
                key_set = await response.json(content_type=None)
            keys = {key["kid"]: key for key in key_set["keys"] if isinstance(key, dict) and "kid" in key}
        except (aiohttp.ClientError, asyncio.TimeoutError, KeyError, TypeError, ValueError) as error:
            # Stamp the failure too, so an outage is not retried on every request.
            self._fetched_at = self._clock()
            raise KeysUnavailable(f"could not fetch the signing keys: {type(error).__name__}") from None
        self._keys = keys
        self._fetched_at = self._clock()
        logger.info("Fetched %d Bot Framework signing keys", len(keys))


class TokenValidator:
    """Checks the bearer token of a request from the Bot Connector service."""

    def __init__(
        self, app_id: str, keys: SigningKeys, issuer: str = BOT_FRAMEWORK_ISSUER,
        leeway_s: int = CLOCK_SKEW_S,
    ) -> None:
        self.app_id = app_id
        self.keys = keys
        self.issuer = issuer
        self.leeway_s = leeway_s

    async def verify(self, authorization: str | None) -> VerifiedToken:
        """Check the header's token: signature, issuer, audience and lifetime. Raises AuthError."""
        if not authorization:
            raise AuthError("no Authorization header")
        match = BEARER.match(authorization)
        if not match:
            raise AuthError("the Authorization header is not a Bearer token")
        token = match.group(1)
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise AuthError("the bearer token is not a JWT") from None
        if header.get("alg") != ALGORITHM:
            raise AuthError(f"the token's algorithm is {header.get('alg')!r}, not {ALGORITHM}")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise AuthError("the token names no signing key")
        jwk = await self.keys.get(kid)
        if jwk is None:
            raise AuthError("the token's signing key is unknown")
        try:
            public_key = RSAAlgorithm.from_jwk(json.dumps(jwk))
        except (jwt.PyJWTError, ValueError, TypeError):
            raise AuthError("the published signing key is not a usable RSA key") from None
        try:
            claims = jwt.decode(
                token, key=public_key, algorithms=[ALGORITHM], audience=self.app_id, issuer=self.issuer,
                leeway=self.leeway_s, options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise AuthError("the token has expired") from None
        except jwt.ImmatureSignatureError:
            raise AuthError("the token is not valid yet") from None
        except jwt.InvalidAudienceError:
            raise AuthError("the token is for another audience") from None
        except jwt.InvalidIssuerError:
            raise AuthError("the token has the wrong issuer") from None
        except jwt.InvalidSignatureError:
            raise AuthError("the token's signature is invalid") from None
        except jwt.PyJWTError as error:
            raise AuthError(f"the token is invalid ({type(error).__name__})") from None
        endorsements = jwk.get("endorsements") or []
        if not isinstance(endorsements, list):
            endorsements = []
        return VerifiedToken(claims=claims, endorsements=tuple(e for e in endorsements if isinstance(e, str)))

    @staticmethod
    def check_activity(token: VerifiedToken, service_url: str, channel_id: str) -> None:
        """The token must be for this activity's serviceUrl and its key endorsed for the channel."""
        claimed = token.service_url
        if claimed is None:
            raise AuthError("the token has no serviceurl claim")
        if claimed.rstrip("/") != service_url.rstrip("/"):
            raise AuthError("the token's serviceurl does not match the activity's serviceUrl")
        if channel_id not in token.endorsements:
            raise AuthError(f"the signing key is not endorsed for channel {channel_id!r}")
