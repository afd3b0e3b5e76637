"""The REST channel on a real Sanic app: answers, 400s with a reason, 413s, the polite over-long
reply and a 503 when the turn fails; `on_new_message` stands in for Rasa's agent."""
from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

import aiohttp
import pytest
from rasa.shared.core.domain import Domain

from bot.config import ROOT
from bot.rasa.channels.guard import UNAVAILABLE_TEXT
from bot.rasa.channels.rest import SafeRestInput
from tests.unit.rasa.channels.conftest import serve

MAX_CHARS, MAX_BYTES = 40, 2_000


@pytest.fixture(scope="module")
def agent():
    return SimpleNamespace(domain=Domain.load(ROOT / "domain.yml"))


class Coach:
    """What Rasa does with a message: here, one reply echoing what it was given."""

    def __init__(self, fail: bool = False):
        self.received = []
        self.fail = fail

    async def __call__(self, message):
        self.received.append(message)
        if self.fail:
            raise ConnectionError("the tracker store is down")
        await message.output_channel.send_text_message(message.sender_id, f"you said: {message.text}")


def post(agent, coach, *requests, channel=None, headers=None):
    """POST each (body or json) to the webhook; returns [(status, headers, parsed body)]."""
    channel = channel or SafeRestInput(max_message_chars=MAX_CHARS, max_request_bytes=MAX_BYTES)

    async def main():
        async with serve((channel.blueprint(coach), "/webhooks/rest"), agent=agent) as (_, url):
            async with aiohttp.ClientSession() as session:
                answers = [await session.get(f"{url}/webhooks/rest/")]
                for request in requests:
                    kwargs = {"data": request} if isinstance(request, bytes) else {"json": request}
                    answers.append(await session.post(f"{url}/webhooks/rest/webhook", headers=headers, **kwargs))
                return [(a.status, a.headers, await a.json(content_type=None)) for a in answers]
    return asyncio.run(main())


def test_a_message_is_answered_in_rasas_reply_format(agent):
    coach = Coach()
    health, answer = post(agent, coach, {"sender": "leader-1", "message": "hello", "metadata": {"cohort": "a"}})
    assert health[0] == 200 and health[2] == {"status": "ok"}
    assert answer[0] == 200 and answer[2] == [{"recipient_id": "rest:leader-1", "text": "you said: hello"}]
    [message] = coach.received
    assert (message.input_channel, message.metadata) == ("rest", {"cohort": "a"})


@pytest.mark.parametrize("sender", ["0123456789abcdef0123456789abcdef", "web:0123456789abcdef",
                                    "teams:tenant:aad-person", "rest:leader-1"])
def test_a_caller_naming_another_channels_leader_stays_in_the_rest_namespace(agent, sender):
    coach = Coach()
    post(agent, coach, {"sender": sender, "message": "export my reflections"})
    assert [m.sender_id for m in coach.received] == [f"rest:{sender}"]


def test_with_rest_token_set_a_message_needs_the_bearer_token(agent):
    coach = Coach()
    channel = SafeRestInput(max_message_chars=MAX_CHARS, max_request_bytes=MAX_BYTES, token="s3cret-token")
    body = {"sender": "leader-1", "message": "hello"}
    health, missing = post(agent, coach, body, channel=channel)
    _, wrong = post(agent, coach, body, channel=channel, headers={"Authorization": "Bearer guessed"})
    _, right = post(agent, coach, body, channel=channel, headers={"Authorization": "Bearer s3cret-token"})
    assert health[0] == 200  # the health check stays open
    assert (missing[0], wrong[0], right[0]) == (401, 401, 200)
    assert len(coach.received) == 1


def test_without_rest_token_the_public_port_is_refused(agent):
    coach = Coach()
    channel = SafeRestInput(max_message_chars=MAX_CHARS, max_request_bytes=MAX_BYTES, token="")
    _, (status, _, answer) = post(agent, coach, {"sender": "a", "message": "hi"}, channel=channel,
                                  headers={"X-Coach-Public-Port": "1"})
    assert status == 403 and "REST_TOKEN" in answer["error"] and coach.received == []


@pytest.mark.parametrize("body, reason", [
    (b"{not json", "must be a JSON object"),
    ([{"sender": "a", "message": "hi"}], "must be a JSON object"),
    ({"sender": "a"}, '"message" is required'),
    ({"sender": "a", "message": "   "}, "must not be empty"),
    ({"sender": "", "message": "hi"}, "non-empty string"),
    ({"sender": "a", "message": "hi", "metadata": "cohort"}, '"metadata" must be a JSON object'),
])
def test_bad_bodies_get_a_400_with_the_reason_and_never_reach_the_coach(agent, body, reason):
    coach = Coach()
    _, (status, _, answer) = post(agent, coach, body)
    assert status == 400 and reason in answer["error"]
    assert coach.received == []


def test_an_over_long_message_gets_the_domains_polite_reply_without_the_coach(agent):
    coach = Coach()
    _, (status, _, answer) = post(agent, coach, {"sender": "leader-1", "message": "word " * 20})
    assert status == 200 and coach.received == []
    [reply] = answer
    assert reply["recipient_id"] == "rest:leader-1"
    assert "longer than I can take in one go" in reply["text"] and f"under {MAX_CHARS} characters" in reply["text"]


def test_a_failed_turn_is_a_503_with_retry_after_and_the_words_are_not_logged(agent, caplog):
    caplog.set_level(logging.INFO)
    _, (status, headers, answer) = post(agent, Coach(fail=True), {"sender": "leader-1", "message": "my secret plan"})
    assert status == 503 and headers["Retry-After"] == "30" and answer == {"error": UNAVAILABLE_TEXT}
    assert "Handling a REST message failed" in caplog.text and "my secret plan" not in caplog.text
