"""Bot Framework tokens: JWT validation with a reason for every refusal, and the signing keys' cache."""
from __future__ import annotations

import asyncio
import time

import pytest

from bot.rasa.channels.teams_auth import AuthError, SigningKeys, TokenValidator
from tests.teams.fake_bot_framework import APP_ID, FakeBotFramework, new_rsa_key
from tests.unit.rasa.channels.conftest import run


class StaticKeys(SigningKeys):
    def __init__(self, keys):
        self.keys_by_id = keys

    async def get(self, kid):
        return self.keys_by_id.get(kid)


@pytest.fixture(scope="module")
def validator():
    fake = FakeBotFramework()
    fake.port = 3978  # addresses only
    unendorsed = fake.publish_key("unendorsed", endorsements=None)
    return fake, unendorsed, TokenValidator(APP_ID, StaticKeys(fake.published))


def verify(validator, token, service_url=None, channel="msteams"):
    fake, _, checker = validator

    async def check():
        verified = await checker.verify(f"Bearer {token}")
        TokenValidator.check_activity(verified, service_url or fake.service_url, channel)
        return verified
    return asyncio.run(check())


def test_a_good_token_is_accepted(validator):
    fake, _, _ = validator
    verified = verify(validator, fake.token())
    assert verified.claims["aud"] == APP_ID and "msteams" in verified.endorsements


def test_a_camel_case_service_url_claim_is_read_too(validator):
    fake, _, _ = validator
    assert verify(validator, fake.token(serviceurl=None, serviceUrl=fake.service_url))


@pytest.mark.parametrize("case, reason", [
    ("signature", "signature is invalid"),
    ("audience", "another audience"),
    ("issuer", "wrong issuer"),
    ("expired", "expired"),
    ("not yet", "not valid yet"),
    ("service url", "serviceurl does not match"),
    ("no service url", "no serviceurl claim"),
    ("unknown key", "signing key is unknown"),
    ("not endorsed", "not endorsed"),
    ("other channel", "not endorsed for channel 'webchat'"),
    ("hs256", "algorithm"),
    ("garbage", "not a JWT"),
    ("no expiry", "invalid"),
])
def test_bad_tokens_are_refused_with_a_reason(validator, case, reason):
    fake, unendorsed, _ = validator
    now = int(time.time())
    channel = "msteams"
    service_url = None
    token = {
        "signature": lambda: fake.token(key=new_rsa_key()),
        "audience": lambda: fake.token(aud="someone-else"),
        "issuer": lambda: fake.token(iss="https://login.microsoftonline.com/x/v2.0"),
        "expired": lambda: fake.token(exp=now - 301, nbf=now - 3600),
        "not yet": lambda: fake.token(nbf=now + 301),
        "service url": lambda: fake.token(service_url="https://evil.example/"),
        "no service url": lambda: fake.token(serviceurl=None),
        "unknown key": lambda: fake.token(kid="rotated-away"),
        "not endorsed": lambda: fake.token(key=unendorsed, kid="unendorsed"),
        "other channel": lambda: fake.token(),
        "hs256": lambda: __import__("jwt").encode({"aud": APP_ID}, "s" * 32, algorithm="HS256",
                                                  headers={"kid": fake.kid}),
        "garbage": lambda: "not-a-token",
        "no expiry": lambda: fake.token(exp=None),
    }[case]()
    if case == "other channel":
        channel = "webchat"
    with pytest.raises(AuthError, match=reason):
        verify(validator, token, service_url, channel)


def test_clock_skew_of_five_minutes_is_allowed(validator):
    fake, _, _ = validator
    now = int(time.time())
    assert verify(validator, fake.token(exp=now - 240, nbf=now + 240))


@pytest.mark.parametrize("header", [None, "", "Bearer", "Basic dXNlcjpwYXNz", "Bearer a b"])
def test_missing_or_non_bearer_headers_are_refused(validator, header):
    _, _, checker = validator
    with pytest.raises(AuthError):
        asyncio.run(checker.verify(header))


def test_keys_are_cached_and_refreshed_for_an_unknown_key_id(fake):
    async def scenario(session):
        keys = SigningKeys(fake.openid_metadata_url, session, unknown_kid_refresh_interval_s=0)
        assert (await keys.get(fake.kid))["endorsements"] == ["msteams"]
        assert (await keys.get(fake.kid)) is not None
        assert fake.metadata_requests == 1  # cached
        fake.publish_key("rotated-in", endorsements=["msteams"])
        assert (await keys.get("rotated-in")) is not None
        assert fake.metadata_requests == 2  # refreshed for the new key id
        throttled = SigningKeys(fake.openid_metadata_url, session)
        await throttled.get(fake.kid)
        assert await throttled.get("forged-1") is None and await throttled.get("forged-2") is None
        assert throttled.fetch_count == 1  # unknown ids cannot force a fetch on every request
    run(scenario)


