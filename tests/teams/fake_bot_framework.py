"""A fake Bot Framework on loopback: OpenID metadata, signing keys, token endpoint, Bot Connector.

It runs an aiohttp server on a free port in a thread of the test process, signs inbound tokens with
RSA keys generated at test time, and records every token request and every activity the bot posts.
`fail_next_messages` makes the connector answer the next message posts with an error (say 429 with
Retry-After: 1) to exercise the bot's retries.
"""
from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://api.botframework.com"
APP_ID = "9f0c2d7e-6a51-4b8e-9d3a-2c4b5e6f7a81"
APP_PASSWORD = "test-secret-not-real"
TENANT_ID = "3e5b9a1c-8d2f-4c6e-a7b0-1f2e3d4c5b6a"


@dataclass
class Post:
    """One activity the bot posted to the fake connector."""

    conversation_id: str
    reply_to_id: str | None
    authorization: str | None
    activity: dict[str, Any]
    status: int
    at: float = field(default_factory=time.monotonic)

    @property
    def text(self) -> str:
        return self.activity.get("text") or ""


def new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key: rsa.RSAPrivateKey, kid: str, endorsements: list[str] | None) -> dict[str, Any]:
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": kid, "use": "sig", "kty": "RSA"})
    if endorsements is not None:
        jwk["endorsements"] = endorsements
    return jwk


class FakeBotFramework:
    def __init__(self) -> None:
        self.signing_key = new_rsa_key()
        self.kid = "fake-key-1"
        self.published: dict[str, dict[str, Any]] = {self.kid: public_jwk(self.signing_key, self.kid, ["msteams"])}
        # A genuine key, but endorsed for another channel only: it must not sign Teams activities.
        self.webchat_key = self.publish_key("webchat-only-key", endorsements=["webchat"])
        self.metadata_requests = 0
        self.token_requests: list[dict[str, Any]] = []
        self.posts: list[Post] = []
        self.fail_next_messages: list[tuple[int, dict[str, str]]] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # -- addresses ---------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def service_url(self) -> str:
        return f"{self.url}/amer/"

    @property
    def openid_metadata_url(self) -> str:
        return f"{self.url}/v1/.well-known/openidconfiguration"

    # -- keys and tokens ---------------------------------------------------------------------
    def publish_key(self, kid: str, endorsements: list[str] | None = None) -> rsa.RSAPrivateKey:
        key = new_rsa_key()
        self.published[kid] = public_jwk(key, kid, endorsements)
        return key

    def token(self, key: rsa.RSAPrivateKey | None = None, kid: str | None = None,
              service_url: str | None = None, **claims: Any) -> str:
        """A Bot Connector token as Teams sends it; keyword arguments override claims."""
        now = int(time.time())
        payload = {
            "iss": ISSUER, "aud": APP_ID, "serviceurl": service_url or self.service_url,
            "nbf": now - 5, "exp": now + 3600,
        }
        payload.update(claims)
        payload = {name: value for name, value in payload.items() if value is not None}
        return jwt.encode(payload, key or self.signing_key, algorithm="RS256",
                          headers={"kid": kid or self.kid, "typ": "JWT"})

    def headers(self, token: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.token()}", "Content-Type": "application/json"}

    # -- recordings --------------------------------------------------------------------------
    def posts_to(self, conversation_id: str, kind: str | None = "message") -> list[Post]:
        return [p for p in list(self.posts) if p.conversation_id == conversation_id and p.status < 300
                and (kind is None or p.activity.get("type") == kind)]

    def wait_for_posts(self, conversation_id: str, count: int = 1, timeout_s: float = 60,
                       settle_s: float = 0.0) -> list[Post]:
        """The delivered message posts to a conversation, once there are `count` (then `settle_s` more)."""
        deadline = time.monotonic() + timeout_s
        while len(self.posts_to(conversation_id)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"expected {count} message(s) in {conversation_id}, got {len(self.posts_to(conversation_id))}"
                )
            time.sleep(0.05)
        if settle_s:
            time.sleep(settle_s)
        return self.posts_to(conversation_id)

    # -- handlers ----------------------------------------------------------------------------
    async def _metadata(self, request: web.Request) -> web.Response:
        self.metadata_requests += 1
        return web.json_response({
            "issuer": ISSUER,
            "authorization_endpoint": f"{self.url}/v1/authorize",
            "jwks_uri": f"{self.url}/v1/.well-known/keys",
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        })

    async def _keys(self, request: web.Request) -> web.Response:
        return web.json_response({"keys": list(self.published.values())})

    async def _token(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        self.token_requests.append({"tenant": request.match_info["tenant"], "form": form})
        if form.get("client_id") != APP_ID or form.get("client_secret") != APP_PASSWORD:
            return web.json_response({"error": "invalid_client"}, status=401)
        return web.json_response({
            "token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599,
            "access_token": f"outbound-token-{len(self.token_requests)}",
        })

    async def _activity(self, request: web.Request) -> web.Response:
        activity = await request.json()
        post = Post(
            conversation_id=request.match_info["conversation"],
            reply_to_id=request.match_info.get("reply_to"),
            authorization=request.headers.get("Authorization"),
            activity=activity, status=200,
        )
        if not (post.authorization or "").startswith("Bearer outbound-token-"):
            post.status = 401
        elif activity.get("type") == "message" and self.fail_next_messages:
            post.status, headers = self.fail_next_messages.pop(0)
            self.posts.append(post)
            return web.json_response({"error": {"code": "Throttled"}}, status=post.status, headers=headers)
        self.posts.append(post)
        if post.status != 200:
            return web.json_response({"error": {"code": "Unauthorized"}}, status=post.status)
        return web.json_response({"id": uuid.uuid4().hex})

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> FakeBotFramework:
        ready = threading.Event()

        def serve() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            app = web.Application()
            app.router.add_get("/v1/.well-known/openidconfiguration", self._metadata)
            app.router.add_get("/v1/.well-known/keys", self._keys)
            app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
            app.router.add_post("/amer/v3/conversations/{conversation}/activities", self._activity)
            app.router.add_post("/amer/v3/conversations/{conversation}/activities/{reply_to}", self._activity)
            self._runner = web.AppRunner(app, access_log=None)
            self._loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            self._loop.run_until_complete(site.start())
            self.port = site._server.sockets[0].getsockname()[1]
            ready.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self._runner.cleanup())
            self._loop.close()

        self._thread = threading.Thread(target=serve, name="fake-bot-framework", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the fake Bot Framework did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)


def message(fake: FakeBotFramework, text: str | None, conversation_type: str = "personal",
            conversation_id: str | None = None, user: str | None = None, **extra: Any) -> dict[str, Any]:
    """A Teams message activity, shaped like the real ones (ids, tenant, channelData).

    Without `user`, the person is the conversation's own (one per conversation id), so tests that
    start a new conversation also meet a new person: a person's personal chats share one tracker."""
    conversation_id = conversation_id or {
        "personal": f"a:1{uuid.uuid4().hex}",
        "groupChat": f"19:{uuid.uuid4().hex}@thread.v2",
        "channel": f"19:{uuid.uuid4().hex}@thread.tacv2;messageid={int(time.time() * 1000)}",
    }[conversation_type]
    user = user or "alex-" + uuid.uuid5(uuid.NAMESPACE_URL, conversation_id).hex[:12]
    activity = {
        "type": "message",
        "id": str(int(time.time() * 1000)) + uuid.uuid4().hex[:4],
        "timestamp": "2026-01-01T10:00:00.000Z",
        "serviceUrl": fake.service_url,
        "channelId": "msteams",
        "from": {"id": f"29:1{user}-teams-user-id", "name": "Alex Example",
                 "aadObjectId": str(uuid.uuid5(uuid.NAMESPACE_DNS, user))},
        "conversation": {"id": conversation_id, "conversationType": conversation_type,
                         "tenantId": TENANT_ID, **({"isGroup": True} if conversation_type != "personal" else {})},
        "recipient": {"id": f"28:{APP_ID}", "name": "Coach"},
        "textFormat": "plain",
        "locale": "en-GB",
        "channelData": {"tenant": {"id": TENANT_ID}},
    }
    if text is not None:
        activity["text"] = text
    activity.update(extra)
    return activity


def tracker_id(activity: dict[str, Any]) -> str:
    """The tracker id the coach keys an activity's conversation by (bot/identity.py), spelled out:
    teams:<tenant>:<AAD object id>, plus the conversation outside personal chats."""
    person = f"teams:{activity['conversation']['tenantId']}:{activity['from']['aadObjectId']}"
    if activity["conversation"].get("conversationType", "personal") == "personal":
        return person
    return f"{person}:{activity['conversation']['id']}"


def conversation_update(fake: FakeBotFramework, conversation_type: str = "personal",
                        members: list[str] | None = None, conversation_id: str | None = None) -> dict[str, Any]:
    activity = message(fake, None, conversation_type, conversation_id)
    activity["type"] = "conversationUpdate"
    activity["membersAdded"] = [{"id": member} for member in (members or [f"28:{APP_ID}"])]
    return activity
