"""Widget sessions: tokens only this server can make, identity tokens checked like a host's sign-in."""
from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.web import sessions
from bot.web.sessions import IdentityConfig, SessionError

SECRET = b"a-session-secret-for-the-tests"
HOST_SECRET = "the-host-sites-shared-secret-0123456789"


def test_an_issued_token_verifies_to_its_session_and_ids_are_random():
    first, second = sessions.issue(SECRET), sessions.issue(SECRET)
    assert first.id != second.id and len(first.id) == 32
    assert sessions.verify(first.token, SECRET).id == first.id


@pytest.mark.parametrize("token", [
    "0123456789abcdef0123456789abcdef",           # a bare id the client chose
    "v1.0123456789abcdef0123456789abcdef.",        # unsigned
    "v1.0123456789abcdef0123456789abcdef.AAAA",    # a made-up signature
    "v2.0123456789abcdef0123456789abcdef.AAAA", "v1.web:x.AAAA", "", None, 5, ["v1.a.b"], "v1." + "a" * 300,
])
def test_anything_this_server_did_not_sign_is_refused(token):
    with pytest.raises(SessionError):
        sessions.verify(token, SECRET)


def test_a_token_signed_with_another_key_is_refused():
    with pytest.raises(SessionError):
        sessions.verify(sessions.issue(b"another-servers-secret-key").token, SECRET)


def test_a_short_session_secret_is_refused():
    with pytest.raises(SessionError, match="at least 16"):
        sessions.session_secret({"SESSION_SECRET": "short"})


def hs256(claims: dict, key: str = HOST_SECRET) -> str:
    return jwt.encode(claims, key, algorithm="HS256")


def test_an_identity_token_gives_the_same_session_on_every_device():
    config = IdentityConfig(secret=HOST_SECRET, issuer="https://host.example")
    claims = {"sub": "leader-42", "iss": "https://host.example", "exp": int(time.time()) + 300}
    laptop = sessions.identity_session(hs256(claims), config, SECRET)
    phone = sessions.identity_session(hs256({**claims, "iat": int(time.time())}), config, SECRET)
    other = sessions.identity_session(hs256({**claims, "sub": "leader-43"}), config, SECRET)
    assert laptop.id == phone.id != other.id and laptop.signed_in
    assert sessions.verify(laptop.token, SECRET).id == laptop.id  # its own token works like any other


@pytest.mark.parametrize("claims, key", [
    ({"sub": "leader-42", "exp": int(time.time()) - 3600}, HOST_SECRET),        # expired
    ({"sub": "leader-42"}, HOST_SECRET),                                         # no expiry
    ({"exp": int(time.time()) + 300}, HOST_SECRET),                              # no subject
    ({"sub": "leader-42", "exp": int(time.time()) + 300}, "not-the-host-secret-at-all-0123456789"),
    ({"sub": "leader-42", "exp": int(time.time()) + 300, "iss": "https://evil.example"}, HOST_SECRET),
])
def test_bad_identity_tokens_are_refused(claims, key):
    config = IdentityConfig(secret=HOST_SECRET, issuer="https://host.example")
    with pytest.raises(SessionError):
        sessions.identity_session(hs256(claims, key), config, SECRET)


def test_identity_tokens_are_refused_when_not_configured_and_unsigned_ones_always():
    claims = {"sub": "leader-42", "exp": int(time.time()) + 300}
    with pytest.raises(SessionError, match="not configured"):
        sessions.identity_session(hs256(claims), IdentityConfig(), SECRET)
    unsigned = jwt.encode(claims, None, algorithm="none")
    with pytest.raises(SessionError):
        sessions.identity_session(unsigned, IdentityConfig(secret=HOST_SECRET), SECRET)


def test_rs256_identity_tokens_are_checked_against_the_hosts_keys(monkeypatch):
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    class Keys:  # PyJWKClient's interface, without the HTTP fetch of the host's JWKS URL
        def get_signing_key_from_jwt(self, token):
            return jwt.PyJWK.from_dict(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key(), as_dict=True))

    monkeypatch.setattr(sessions, "_jwks_client", lambda url: Keys())
    config = IdentityConfig(jwks_url="https://host.example/.well-known/jwks.json", audience="coach")
    claims = {"sub": "leader-7", "aud": "coach", "exp": int(time.time()) + 300}
    good = jwt.encode(claims, private, algorithm="RS256")
    assert sessions.identity_session(good, config, SECRET).signed_in
    with pytest.raises(SessionError):  # a token meant for another audience
        sessions.identity_session(jwt.encode({**claims, "aud": "other"}, private, algorithm="RS256"), config, SECRET)
