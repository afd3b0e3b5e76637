"""Bad input on the Teams channel, with valid Bot Framework tokens (the fake Bot Framework signs them):
a 4xx or a polite reply, never a 5xx, a model run on a huge activity or a changed protected slot;
afterwards the conversation still answers. The web channels: tests/integration/test_bad_input.py.
"""
from __future__ import annotations

import json
import sqlite3
import time
import uuid

import pytest

from bot.config import Settings
from tests.teams.fake_bot_framework import message, tracker_id

pytestmark = pytest.mark.integration
GREETING = "System Leadership Coach"
TOO_LONG = "under 2,000 characters"
LIMITS = Settings()


def sender(activity: dict) -> str:
    return tracker_id(activity)


def stored(teams_coach, sql: str, *parameters) -> list[tuple]:
    with sqlite3.connect(teams_coach.database) as connection:
        try:
            return connection.execute(sql, parameters).fetchall()
        except sqlite3.OperationalError:  # no table yet
            return []


def senders(teams_coach) -> set[str]:
    return {row[0] for row in stored(teams_coach, "SELECT DISTINCT sender_id FROM events")}


def user_texts(teams_coach, sender_id: str) -> list[str]:
    rows = stored(teams_coach, "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id",
                  sender_id)
    return [json.loads(row[0])["text"] for row in rows]


def slot_values(teams_coach, sender_id: str, slot: str) -> list:
    rows = stored(teams_coach, "SELECT data FROM events WHERE sender_id = ? AND type_name = 'slot' ORDER BY id",
                  sender_id)
    return [event["value"] for event in map(json.loads, (row[0] for row in rows)) if event["name"] == slot]


def replies(fake_bf, activity: dict, count: int = 1) -> list[str]:
    return [post.text for post in fake_bf.wait_for_posts(activity["conversation"]["id"], count=count)]


def answers_normally(teams_coach, fake_bf, conversation_id: str) -> None:
    hello = message(fake_bf, "hello", conversation_id=conversation_id)
    already = len(fake_bf.posts_to(conversation_id))
    assert teams_coach.send(hello).status_code == 200
    assert GREETING in replies(fake_bf, hello, count=already + 1)[-1]


def with_field(fake_bf, change) -> bytes:
    activity = message(fake_bf, "hello")
    change(activity)
    return json.dumps(activity).encode()


BAD_ACTIVITIES = {
    "invalid UTF-8 bytes": lambda fake: json.dumps(message(fake, "hello")).encode().replace(b"hello", b"he\xff\xfe"),
    "deeply nested JSON": lambda fake: b"[" * 20_000 + b"]" * 20_000,
    "a JSON string": lambda fake: b'"hello"',
    "type is a number": lambda fake: with_field(fake, lambda a: a.update(type=5)),
    "text is a number": lambda fake: with_field(fake, lambda a: a.update(text=42)),
    "text is a list": lambda fake: with_field(fake, lambda a: a.update(text=["hello"])),
    "from is a list": lambda fake: with_field(fake, lambda a: a.update({"from": [a["from"]]})),
    "from.id is a number": lambda fake: with_field(fake, lambda a: a["from"].update(id=29)),
    "from.id over 255 characters": lambda fake: with_field(fake, lambda a: a["from"].update(id="29:" + "x" * 300)),
    "from.id over 128 characters": lambda fake: with_field(fake, lambda a: a["from"].update(id="29:" + "x" * 130)),
    "NUL in from.id": lambda fake: with_field(fake, lambda a: a["from"].update(id="29:1alex\x00")),
    "aadObjectId over 128 characters": lambda fake: with_field(
        fake, lambda a: a["from"].update(aadObjectId=str(uuid.uuid4()) * 4)),
    "lone surrogate in aadObjectId": lambda fake: with_field(
        fake, lambda a: a["from"].update(aadObjectId=str(uuid.uuid4()) + "\ud800")),
    "escape sequence in conversation.id": lambda fake: with_field(
        fake, lambda a: a["conversation"].update(id="a:1\x1b[2J" + uuid.uuid4().hex)),
    "conversation.id over 1024 characters": lambda fake: with_field(
        fake, lambda a: a["conversation"].update(id="a:1" + "x" * 1100)),
    "membersAdded is a string": lambda fake: with_field(fake, lambda a: a.update(membersAdded="28:bot")),
}


@pytest.mark.parametrize("case", list(BAD_ACTIVITIES))
def test_bad_activities_with_a_valid_token_get_a_400_and_nothing_is_processed(teams_coach, fake_bf, case):
    body = BAD_ACTIVITIES[case](fake_bf)
    before, posts = senders(teams_coach), len(fake_bf.posts)
    response = teams_coach.send(body)
    assert response.status_code == 400
    assert response.json()["error"]
    time.sleep(0.3)
    assert len(fake_bf.posts) == posts
    assert senders(teams_coach) == before


def test_the_channel_answers_normally_after_the_bad_activities(teams_coach, fake_bf):
    for make in BAD_ACTIVITIES.values():
        teams_coach.send(make(fake_bf))
    first = message(fake_bf, "hi")
    assert teams_coach.send(first).status_code == 200
    replies(fake_bf, first)
    answers_normally(teams_coach, fake_bf, first["conversation"]["id"])


def test_a_long_conversation_id_within_bounds_keys_a_tracker_that_fits_the_column(teams_coach, fake_bf):
    activity = message(fake_bf, "<at>Coach</at> hello", "groupChat", conversation_id="19:" + "x" * 600)
    assert teams_coach.send(activity).status_code == 200
    assert GREETING in replies(fake_bf, activity)[0]
    hashed = f"teams:{activity['conversation']['tenantId']}:{activity['from']['aadObjectId']}:sha256-"
    deadline = time.monotonic() + 15
    while not (keys := [key for key in senders(teams_coach) if key.startswith(hashed)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(keys) == 1 and len(keys[0]) <= 255


@pytest.mark.parametrize("size", [300_000, 1_000_000])
def test_an_activity_over_the_limit_gets_a_413(teams_coach, fake_bf, size):
    assert size > LIMITS.max_teams_request_bytes
    activity = message(fake_bf, "x" * size)
    response = teams_coach.send(activity)
    assert response.status_code == 413
    time.sleep(0.3)
    assert fake_bf.posts_to(activity["conversation"]["id"], kind=None) == []
    assert teams_coach.events(sender(activity)) == []
    answers_normally(teams_coach, fake_bf, activity["conversation"]["id"])


def test_a_100_kilobyte_message_within_the_limit_gets_the_polite_reply_without_the_model(teams_coach, fake_bf):
    activity = message(fake_bf, "word " * 20_000)
    assert len(json.dumps(activity)) < LIMITS.max_teams_request_bytes
    assert teams_coach.send(activity).status_code == 200
    assert TOO_LONG in replies(fake_bf, activity)[0]
    assert teams_coach.events(sender(activity)) == []
    answers_normally(teams_coach, fake_bf, activity["conversation"]["id"])


@pytest.mark.parametrize("text", ["\x1b[31mhello\x1b[0m", "hello\x00", "hello \ud800", "<at>Coach</at>\x07 hello"])
def test_control_characters_and_lone_surrogates_are_removed_from_the_text(teams_coach, fake_bf, text):
    activity = message(fake_bf, text)
    assert teams_coach.send(activity).status_code == 200
    assert GREETING in replies(fake_bf, activity)[0]
    teams_coach.wait_for_user_events(sender(activity))
    assert user_texts(teams_coach, sender(activity)) == ["hello"]


def test_typed_and_card_payloads_cannot_set_protected_slots(teams_coach, fake_bf):
    forget = message(fake_bf, "forget me")
    conversation, leader = forget["conversation"]["id"], sender(forget)
    assert teams_coach.send(forget).status_code == 200
    assert "Are you sure?" in replies(fake_bf, forget)[0]
    hostile = {"forgotten": True, "pending_confirmation": "share", "checkin_due": "2026-01-01"}
    typed = message(fake_bf, "/greet" + json.dumps(hostile), conversation_id=conversation)
    click = message(fake_bf, "Hello", conversation_id=conversation,
                    value={"payload": "/help" + json.dumps(hostile)})
    trigger = message(fake_bf, "Hello", conversation_id=conversation, value={"payload": "/EXTERNAL_checkin_due"})
    for count, activity in enumerate((typed, click, trigger), start=2):
        assert teams_coach.send(activity).status_code == 200
        replies(fake_bf, activity, count=count)
        teams_coach.wait_for_user_events(leader, count=count)
    # The coach's own check-in trigger, clicked or typed, is only words from a leader.
    assert user_texts(teams_coach, leader) == ["forget me", "/greet", "/help", "EXTERNAL_checkin_due"]
    assert slot_values(teams_coach, leader, "pending_confirmation") == ["forget"]
    assert slot_values(teams_coach, leader, "forgotten") == []
    no = message(fake_bf, "no", conversation_id=conversation)
    assert teams_coach.send(no).status_code == 200
    assert "nothing has been deleted" in replies(fake_bf, no, count=5)[-1]


def test_logs_carry_no_text_of_bad_input(teams_coach, fake_bf):
    marker = f"marker{uuid.uuid4().hex[:8]}"
    log_size = teams_coach.log.stat().st_size
    activities = [
        message(fake_bf, f'/greet{{"forgotten": "{marker}"}}'),
        message(fake_bf, f"\x1b[2J{marker} hello"),
        message(fake_bf, marker * 300),
    ]
    for activity in activities:
        assert teams_coach.send(activity).status_code == 200
        replies(fake_bf, activity)
    assert teams_coach.send(json.dumps(message(fake_bf, marker * 40_000)).encode()).status_code == 413
    assert marker not in teams_coach.log.read_bytes()[log_size:].decode(errors="replace")
