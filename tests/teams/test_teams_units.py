"""The Teams channel's parts without the coach: activities, tokens, keys and the connector.

The key and connector tests talk to the fake Bot Framework on loopback; nothing else is started.
"""
from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import pytest

from bot.rasa.channels.guard import BadRequest
from bot.rasa.channels.teams import TeamsInput
from bot.rasa.channels.teams_activity import (
    is_personal_request,
    message_text,
    parse_activity,
    reply_activity,
    sender_id,
    strip_mentions,
)
from bot.rasa.channels.teams_auth import AuthError, SigningKeys, TokenValidator
from bot.rasa.channels.teams_connector import (
    BotConnector,
    ConnectorError,
    activities_url,
    retry_after_seconds,
)
from tests.teams.fake_bot_framework import (
    APP_ID,
    APP_PASSWORD,
    TENANT_ID,
    FakeBotFramework,
    message,
    new_rsa_key,
)


def run(coroutine_function):
    """Run `coroutine_function(session_getter)` in a fresh loop with one aiohttp session."""
    async def main():
        async with aiohttp.ClientSession() as session:
            async def getter():
                return session
            return await coroutine_function(getter)
    return asyncio.run(main())


# -- mentions and text -------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("<at>Coach</at> what is system leadership?", "what is system leadership?"),
    ("<at>Coach</at>\u00a0 what   is it?", "what is it?"),
    ("Hi <at>Coach</at>, what is it?", "Hi, what is it?"),
    ('<at id="0">System Leadership Coach</at> help', "help"),
    ("what is <AT>Coach</AT> this", "what is this"),
    ("first line <at>Coach</at>\n\n\n\nsecond line", "first line\n\nsecond line"),
    ("Q&amp;A about &lt;integration&gt;", "Q&A about <integration>"),
    ("plain text", "plain text"),
])
def test_mentions_are_stripped_with_their_whitespace(raw, expected):
    assert strip_mentions(raw) == expected


FAKE = FakeBotFramework()  # addresses only; not started


@pytest.mark.parametrize("activity, expected", [
    (message(FAKE, "<at>Coach</at> what is system leadership?"), "what is system leadership?"),
    (message(FAKE, "/explore_topics", value={"payload": "/explore_topics"}), "/explore_topics"),
    (message(FAKE, None, value={"payload": '/ask_question{"topic_id": "x"}'}), '/ask_question{"topic_id": "x"}'),
    (message(FAKE, "<at>Coach</at> reflect"), "/start_reflection"),
    (message(FAKE, "Find a programme"), "/find_programme"),
    (message(FAKE, "<at>Coach</at>"), "/greet"),
    (message(FAKE, None), ""),
])
def test_message_text(activity, expected):
    assert message_text(parse_activity(activity)) == expected


@pytest.mark.parametrize("text, personal", [
    ("/start_reflection", True),
    ('/start_reflection{"theme": "trust"}', True),
    ("/resume_reflection", True),
    ("/show_journal", True),
    ("show my reflections", True),
    ("I'd like to reflect on a meeting", True),
    ("open my journal", True),
    ("please forget me", True),
    ("Forget  me", True),
    ("export my notes", True),
    ("/explore_topics", False),
    ("/find_programme", False),
    ("what is system leadership?", False),
    ("what is reflective practice?", False),
    ("tell me about exports of data standards", False),
])
def test_personal_requests_are_recognised(text, personal):
    assert is_personal_request(text) is personal


def test_one_tracker_per_person_per_conversation():
    first = parse_activity(message(FAKE, "hi", "groupChat", user="sam"))
    second = parse_activity(message(FAKE, "hi", "groupChat", user="kim", conversation_id=first.conversation_id))
    assert sender_id(first) == f"teams:{first.from_aad_object_id}:{first.conversation_id}"
    assert sender_id(first) != sender_id(second)
    no_aad = message(FAKE, "hi")
    del no_aad["from"]["aadObjectId"]
    assert sender_id(parse_activity(no_aad)).startswith(f"teams:{no_aad['from']['id']}:a:1")
    long = parse_activity(message(FAKE, "hi", conversation_id="a:" + "x" * 400))
    assert len(sender_id(long)) <= 255 and sender_id(long) == sender_id(long)


@pytest.mark.parametrize("mutate, reason", [
    (lambda a: a.update(type=5), '"type"'),
    (lambda a: a.pop("serviceUrl"), '"serviceUrl"'),
    (lambda a: a.update(serviceUrl="ftp://x"), '"serviceUrl"'),
    (lambda a: a.pop("channelId"), '"channelId"'),
    (lambda a: a.update(conversation={"id": ""}), '"conversation"'),
    (lambda a: a.update(conversation="c"), '"conversation"'),
    (lambda a: a.pop("from"), '"from"'),
    (lambda a: a.update(recipient={"id": 3}), '"recipient"'),
    (lambda a: a.update(text=["hi"]), '"text"'),
    (lambda a: a.update(membersAdded="bot"), '"membersAdded"'),
])
def test_malformed_activities_are_bad_requests(mutate, reason):
    activity = message(FAKE, "hello")
    mutate(activity)
    with pytest.raises(BadRequest, match=reason):
        parse_activity(activity)
    with pytest.raises(BadRequest):
        parse_activity([activity])


def test_conversation_type_defaults():
    activity = message(FAKE, "hi")
    del activity["conversation"]["conversationType"]
    assert parse_activity(activity).conversation_type == "personal"
    activity["conversation"]["isGroup"] = True
    assert parse_activity(activity).conversation_type == "groupChat"


def test_buttons_become_message_back_actions_and_private_ones_stay_in_personal_chat():
    buttons = [
        {"title": "Ask", "payload": "/explore_topics"},
        {"title": "Reflect", "payload": "/start_reflection"},
        {"title": "Website", "url": "https://example.org"},
    ]
    reply = reply_activity("**Hello**", buttons)
    assert reply["text"] == "**Hello**" and reply["textFormat"] == "markdown"
    actions = reply["attachments"][0]["content"]["buttons"]
    assert actions[0] == {"type": "messageBack", "title": "Ask", "text": "/explore_topics",
                          "displayText": "Ask", "value": {"payload": "/explore_topics"}}
    assert actions[2] == {"type": "openUrl", "title": "Website", "value": "https://example.org"}
    group = reply_activity("Hello", buttons, personal=False)
    assert [a["title"] for a in group["attachments"][0]["content"]["buttons"]] == ["Ask", "Website"]
    many = reply_activity("Pick", [{"title": str(i), "payload": f"/p{i}"} for i in range(8)])
    assert [len(card["content"]["buttons"]) for card in many["attachments"]] == [6, 2]


def test_reply_urls_encode_teams_ids():
    url = activities_url("https://smba.trafficmanager.net/amer/", "19:abc@thread.tacv2;messageid=17", "17")
    assert str(url) == (
        "https://smba.trafficmanager.net/amer/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D17/activities/17"
    )


@pytest.mark.parametrize("header, seconds", [
    ("1", 1.0), ("0", 0.0), ("2.5", 2.5), ("9999", 30.0), (None, None), ("soon", None),
])
def test_retry_after(header, seconds):
    assert retry_after_seconds(header) == seconds


def test_retry_after_as_an_http_date():
    assert retry_after_seconds("Thu, 01 Jan 2026 00:00:10 GMT", now=1767225600.0) == 10.0


# -- JWT validation ----------------------------------------------------------------------------

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


# -- keys and the connector against the fake Bot Framework ---------------------------------------

@pytest.fixture
def fake():
    fake = FakeBotFramework().start()
    yield fake
    fake.stop()


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


def test_one_token_for_many_posts_and_single_tenant_authority(fake):
    async def scenario(session):
        connector = BotConnector(APP_ID, APP_PASSWORD, TENANT_ID, fake.url, session)
        await asyncio.gather(*[
            connector.post_activity(fake.service_url, "a:1conv", {"type": "message", "text": str(i)}, "act")
            for i in range(5)
        ])
    run(scenario)
    assert len(fake.token_requests) == 1 and fake.token_requests[0]["tenant"] == TENANT_ID
    assert len(fake.posts_to("a:1conv")) == 5
    assert {p.reply_to_id for p in fake.posts} == {"act"}


def test_multi_tenant_uses_botframework_com(fake):
    async def scenario(session):
        connector = BotConnector(APP_ID, APP_PASSWORD, "", fake.url, session)
        await connector.token()
    run(scenario)
    assert fake.token_requests[0]["tenant"] == "botframework.com"


def test_5xx_and_429_are_retried_with_bounded_attempts(fake):
    sleeps = []

    async def sleep(seconds):
        sleeps.append(seconds)

    fake.fail_next_messages.extend([(503, {}), (429, {"Retry-After": "2"})])

    async def deliver(session):
        connector = BotConnector(APP_ID, APP_PASSWORD, TENANT_ID, fake.url, session, sleep=sleep)
        await connector.post_activity(fake.service_url, "a:1c", {"type": "message", "text": "x"})
        fake.fail_next_messages.extend([(500, {})] * 4)
        with pytest.raises(ConnectorError, match="after 4 attempts"):
            await connector.post_activity(fake.service_url, "a:1c", {"type": "message", "text": "y"})
    run(deliver)
    assert sleeps[1] == 2.0  # Retry-After honoured
    assert len(sleeps) == 2 + 3
    assert [p.status for p in fake.posts] == [503, 429, 200, 500, 500, 500, 500]


def test_a_client_error_is_not_retried_and_a_bad_secret_fails_cleanly(fake):
    fake.fail_next_messages.append((404, {}))

    async def scenario(session):
        connector = BotConnector(APP_ID, APP_PASSWORD, TENANT_ID, fake.url, session)
        with pytest.raises(ConnectorError, match="404"):
            await connector.post_activity(fake.service_url, "a:1c", {"type": "message"})
        wrong = BotConnector(APP_ID, "wrong", TENANT_ID, fake.url, session)
        with pytest.raises(ConnectorError, match="token"):
            await wrong.post_activity(fake.service_url, "a:1c", {"type": "message"})
    run(scenario)


# -- the input channel without a server ---------------------------------------------------------

def test_empty_credentials_mean_unset_and_the_webhook_answers_503():
    channel = TeamsInput.from_credentials({
        "app_id": "", "app_password": "", "tenant_id": "", "openid_metadata_url": "", "login_url": None,
    })
    assert not channel.configured
    assert channel.keys.metadata_url == "https://login.botframework.com/v1/.well-known/openidconfiguration"
    assert channel.connector.token_url == "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"
    assert not TeamsInput.from_credentials(None).configured

    received = []

    async def on_new_message(message):
        received.append(message)

    status, body = asyncio.run(channel.handle(
        "Bearer x", json.dumps(message(FAKE, "hello")).encode(), on_new_message, {},
    ))
    assert status == 503 and "TEAMS_APP_ID" in body["error"]
    assert received == []


def test_configured_credentials():
    channel = TeamsInput.from_credentials({
        "app_id": APP_ID, "app_password": "p", "tenant_id": TENANT_ID,
        "openid_metadata_url": "http://127.0.0.1:1/meta", "login_url": "http://127.0.0.1:1/",
    })
    assert channel.configured
    assert channel.connector.token_url == f"http://127.0.0.1:1/{TENANT_ID}/oauth2/v2.0/token"
