"""The real Rasa server and action server, over HTTP, with the SQL tracker store.

One coach is started for the module (about half a minute) and restarted once to prove that a
conversation continues from the tracker store.
"""
from __future__ import annotations

import sqlite3

import pytest
import requests

from tests.integration.servers import RunningCoach

pytestmark = pytest.mark.integration
MENU = ["Ask about system leadership", "Reflect on my leadership", "Find programmes and networks"]


@pytest.fixture(scope="module")
def coach(tmp_path_factory):
    folder = tmp_path_factory.mktemp("coach")
    running = RunningCoach(f"sqlite:///{folder / 'coach.db'}", folder / "coach.log")
    running.start()
    yield running
    if running.process and running.process.poll() is None:
        running.stop()


def texts(replies: list[dict]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def button_titles(replies: list[dict]) -> list[str]:
    return [button["title"] for reply in replies for button in reply.get("buttons", [])]


def test_greeting_introduces_the_coach_and_offers_its_three_things(coach):
    replies = coach.say("leader-greet", "Hello!")
    assert "System Leadership Coach" in texts(replies)
    assert button_titles(replies) == MENU


@pytest.mark.parametrize(
    "message, expected",
    [
        ("What's the weather like in Leeds today?", "outside what I can help with"),
        ("Can you diagnose my rash?", "not a clinical tool"),
        ("I'm completely burnt out and can't face work tomorrow", "116 123"),
        ("are you a real person?", "not a person"),
    ],
)
def test_basic_replies(coach, message, expected):
    assert expected in texts(coach.say(f"leader-{hash(message)}", message))


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"", "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b"{not json", "application/json"),
        (b'{"sender": "x"}', "application/json"),
        (b'{"sender": "x", "message": ""}', "application/json"),
        (b'{"sender": 5, "message": "hi"}', "application/json"),
        (b"hello", "text/plain"),
    ],
)
def test_bad_requests_get_a_400_with_a_reason(coach, body, content_type):
    response = requests.post(
        f"{coach.url}/webhooks/rest/webhook", data=body, headers={"Content-Type": content_type}, timeout=30
    )
    assert response.status_code == 400
    assert response.json()["error"]


def test_an_over_long_message_gets_a_polite_reply(coach):
    replies = coach.say("leader-long", "word " * 200_000)
    assert "under 2,000 characters" in texts(replies)


def test_conversation_continues_after_the_servers_restart(coach, tmp_path_factory):
    sender = "leader-restart"
    assert "put that another way" in texts(coach.say(sender, "xkcd blorp wibble"))

    assert coach.stop() == 0
    assert coach.port_is_free(coach.rasa_port) and coach.port_is_free(coach.action_port)

    database = coach.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        stored = connection.execute(
            "SELECT count(*) FROM events WHERE sender_id = ? AND type_name = 'user'", (sender,)
        ).fetchone()[0]
    assert stored == 1

    coach.start()
    # The tracker store remembers the first misunderstanding, so the second one offers the menu.
    replies = coach.say(sender, "sdfkj qwpeo")
    assert "still not sure" in texts(replies)
    assert button_titles(replies) == MENU


def test_a_question_is_answered_with_its_source_then_more_and_the_citation(coach):
    sender = "leader-knowledge"
    answer = coach.say(sender, "What does system leadership actually mean?")
    assert "Source: System leadership for integrated care, Social Care Institute for Excellence" in texts(answer)
    assert "Reflect on this theme" in button_titles(answer)
    more = texts(coach.say(sender, "tell me more"))
    assert more and more not in texts(answer)
    assert "https://www.scie.org.uk/" in texts(coach.say(sender, "where is that from?"))


def test_a_question_outside_the_knowledge_base_is_declined_honestly(coach):
    replies = coach.say("leader-gap", "How do I get my sourdough starter to rise?")
    assert "Source:" not in texts(replies)
    assert len(button_titles(replies)) >= 3
