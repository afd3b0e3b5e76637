"""Bad input on every web channel of the real coach: REST, socket.io (polling and websocket) and the
web app. Each gets a 4xx or a polite reply, never a 5xx, a hang, a model run on a megabyte or a
changed protected slot; afterwards the same conversation still answers normally.

Teams gets the same treatment against the fake Bot Framework in tests/teams/test_bad_input_teams.py.
"""
from __future__ import annotations

import json
import re
import sqlite3
import uuid

import pytest
import requests
import yaml

from bot.config import ROOT, Settings
from bot.identity import rest_sender
from bot.rasa.channels.guard import (
    ORDINARY_SLOTS,
    PROTECTED_SLOTS,
    PayloadRules,
    is_protected_slot,
    protect_slots,
    protected_entities,
)
from tests.integration.servers import RunningCoach, Widget

pytestmark = pytest.mark.integration
GREETING = "System Leadership Coach"
REPHRASE = "put that another way"
TOO_LONG = "under 2,000 characters"
RELOAD = "reload the page"
LIMITS = Settings()
HOSTILE_SLOTS = {
    "forgotten": True, "pending_confirmation": "share", "reflection_state": {"exercise": "failing-well"},
    "checkin_due": "2026-01-01",
}


# -- helpers -------------------------------------------------------------------------------------

def texts(replies: list[dict]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def rest(coach: RunningCoach, body: bytes | dict, content_type: str = "application/json") -> requests.Response:
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    return requests.post(f"{coach.url}/webhooks/rest/webhook", data=data,
                         headers={"Content-Type": content_type}, timeout=60)


def rows(coach: RunningCoach, sender: str, kind: str) -> list[dict]:
    """The stored events of one type for a REST sender (or a widget's `web:` tracker id), from the
    tracker store's SQLite file."""
    tracker = sender if sender.startswith("web:") else rest_sender(sender)
    with sqlite3.connect(coach.database_url.removeprefix("sqlite:///")) as connection:
        try:
            found = connection.execute(
                "SELECT data FROM events WHERE sender_id = ? AND type_name = ? ORDER BY id",
                (tracker, kind),
            ).fetchall()
        except sqlite3.OperationalError:  # no table yet
            return []
    return [json.loads(row[0]) for row in found]


def user_texts(coach: RunningCoach, sender: str) -> list[str]:
    return [event["text"] for event in rows(coach, sender, "user")]


def slot_values(coach: RunningCoach, sender: str, slot: str) -> list:
    return [event["value"] for event in rows(coach, sender, "slot") if event["name"] == slot]


def all_senders(coach: RunningCoach) -> set[str]:
    with sqlite3.connect(coach.database_url.removeprefix("sqlite:///")) as connection:
        return {row[0] for row in connection.execute("SELECT DISTINCT sender_id FROM events")}


def new_sender() -> str:
    return f"bad-{uuid.uuid4().hex[:12]}"


def answers_normally(coach: RunningCoach, sender: str) -> None:
    assert GREETING in texts(coach.say(sender, "hello"))


# -- the protected-slot list is explicit and complete ---------------------------------------------

def domain() -> dict:
    return yaml.safe_load((ROOT / "domain.yml").read_text())


def test_every_slot_is_either_protected_or_listed_as_ordinary_and_protected_ones_never_come_from_entities():
    slots = domain()["slots"]
    unclassified = {name for name in slots if not is_protected_slot(name) and name not in ORDINARY_SLOTS}
    assert not unclassified, f"classify these slots in bot/rasa/channels/guard.py: {sorted(unclassified)}"
    assert not {name for name in ORDINARY_SLOTS if is_protected_slot(name)}
    for name, slot in slots.items():
        if is_protected_slot(name):
            kinds = {mapping["type"] for mapping in slot.get("mappings", [])}
            assert "from_entity" not in kinds, f"{name} is protected but filled from an entity"
    assert {"forgotten", "pending_confirmation", "reflection_state"} <= PROTECTED_SLOTS
    # Check-in slots (added later) are protected by their prefix, with the entities mapped into them.
    future = {"checkin_due": [{"type": "from_entity", "entity": "due_date"}], "finder_role": []}
    assert {"checkin_due", "due_date"} <= protected_entities(future)
    assert "finder_role" not in protected_entities(future)


def domain_rules() -> PayloadRules:
    """As bot.rasa.channels.incoming.payload_rules builds them from the running model's domain."""
    spec = domain()
    return PayloadRules(
        protected=protected_entities({name: slot.get("mappings", []) for name, slot in spec["slots"].items()}),
        intents=frozenset(spec["intents"]), entities=frozenset(spec["entities"]),
    )


def test_every_button_payload_of_the_domain_passes_the_guard_unchanged():
    payloads = [button["payload"] for variants in domain()["responses"].values() for variant in variants
                for button in variant.get("buttons", [])]
    payloads += ['/inform_profile{"role": "middle-manager"}', '/open_reflection{"reflection_id": "12"}',
                 '/start_reflection{"exercise": "failing-well"}', '/ask_programme{"programme_id": "nye-bevan"}']
    assert payloads
    for payload in payloads:
        assert protect_slots(payload, domain_rules()) == payload


@pytest.mark.parametrize("typed, read", [
    ('/affirm{"forgotten": true}', "/affirm"),
    ('/greet{"pending_confirmation": "share", "checkin_state": "done"}', "/greet"),
    ('/inform_profile{"role": "middle-manager", "forgotten": true}', '/inform_profile{"role": "middle-manager"}'),
    ('/affirm@0.99{"role": "executive"} and more', '/affirm{"role": "executive"}'),
    ('/greet{"not_an_entity": 1}', "/greet"),
    ('/greet{"role": "a"', "/greet"),
    ('/greet["role"]', "greet[\"role\"]"),
    ("/shrug I am tired", "shrug I am tired"),
    # The coach's own triggers are never accepted from a leader, in any case or with entities.
    ("/EXTERNAL_checkin_due", "EXTERNAL_checkin_due"),
    ("  /external_checkin_due  ", "external_checkin_due"),
    ('/EXTERNAL_checkin_due{"due_date": "2026-01-01"}', 'EXTERNAL_checkin_due{"due_date": "2026-01-01"}'),
    ("and/or", "and/or"),
])
def test_typed_payloads_are_read_without_protected_unknown_or_malformed_parts(typed, read):
    assert protect_slots(typed, domain_rules()) == read


# -- REST ------------------------------------------------------------------------------------------

BAD_REST_BODIES = {
    "invalid JSON": b'{"sender": "x", "message": ',
    "empty body": b"",
    "JSON array": b'[{"sender": "x", "message": "hi"}]',
    "JSON string": b'"hello"',
    "message is a number": {"message": 42},
    "message is an object": {"message": {"text": "hi"}},
    "message is null": {"message": None},
    "message is only control characters": {"message": "\x00\x1b\x07\x7f"},
    "sender is a list": {"sender": ["a", "b"], "message": "hi"},
    "sender is a number": {"sender": 7, "message": "hi"},
    "sender is blank": {"sender": "   ", "message": "hi"},
    "metadata is a string": {"metadata": "cohort-a", "message": "hi"},
    "metadata is a list": {"metadata": ["cohort-a"], "message": "hi"},
    "sender over 255 characters": {"sender": "s" * 300, "message": "hi"},
    "sender over 128 characters": {"sender": "s" * 129, "message": "hi"},
    "NUL in the sender": {"sender": "leader\x00one", "message": "hi"},
    "escape sequence in the sender": {"sender": "leader\x1b[2J", "message": "hi"},
    "lone surrogate in the sender": b'{"sender": "leader\\ud800", "message": "hi"}',
    "invalid UTF-8 bytes": b'{"sender": "leader", "message": "hi \xff\xfe there"}',
    "deeply nested JSON": b"[" * 20_000 + b"]" * 20_000,
    "plain text": b"hello",
}


@pytest.mark.parametrize("case", list(BAD_REST_BODIES))
def test_rest_bad_bodies_get_a_400_with_a_reason_and_store_nothing(coach, case):
    body = BAD_REST_BODIES[case]
    before = all_senders(coach)
    content_type = "text/plain" if case == "plain text" else "application/json"
    response = rest(coach, body, content_type)
    assert response.status_code == 400
    assert response.json()["error"]
    assert all_senders(coach) == before


def test_rest_the_server_survives_the_bad_bodies_and_answers_normally(coach):
    for body in BAD_REST_BODIES.values():
        rest(coach, body)
    answers_normally(coach, new_sender())


@pytest.mark.parametrize("message, stored", [
    ("\x1b[31mhello\x1b[0m", "hello"),
    ("hello\x00", "hello"),
    ("hello \ud800", "hello"),
    ("\x1b]0;owned\x07hello", "hello"),
])
def test_rest_control_characters_and_lone_surrogates_are_removed_from_the_text(coach, message, stored):
    sender = new_sender()
    replies = rest(coach, {"sender": sender, "message": message})
    assert replies.status_code == 200
    assert GREETING in texts(replies.json())
    assert user_texts(coach, sender) == [stored]


def test_rest_a_message_of_60_kilobytes_gets_the_polite_reply_without_the_model(coach):
    sender = new_sender()
    response = rest(coach, {"sender": sender, "message": "word " * 12_000})
    assert response.status_code == 200
    assert TOO_LONG in texts(response.json())
    assert rows(coach, sender, "user") == []
    answers_normally(coach, sender)


@pytest.mark.parametrize("size", [100_000, 300_000, 1_000_000])
def test_rest_a_body_over_the_limit_gets_a_413_without_the_model(coach, size):
    assert size > LIMITS.max_request_bytes
    sender = new_sender()
    response = rest(coach, {"sender": sender, "message": "x" * size})
    assert response.status_code == 413
    assert rows(coach, sender, "user") == []
    answers_normally(coach, sender)


def test_rest_typed_payloads_cannot_set_protected_slots_and_buttons_still_fill_ordinary_ones(coach):
    sender = new_sender()
    assert "Are you sure?" in texts(coach.say(sender, "forget me"))
    assert slot_values(coach, sender, "pending_confirmation") == ["forget"]
    for intent in ("greet", "help", "thank"):
        coach.say(sender, f"/{intent}" + json.dumps(HOSTILE_SLOTS))
    # The payloads reached Rasa without their protected entities...
    assert user_texts(coach, sender)[1:] == ["/greet", "/help", "/thank"]
    assert all(event["parse_data"]["entities"] == [] for event in rows(coach, sender, "user"))
    # ...so nothing was forgotten, the pending question is still "forget", and "no" keeps everything.
    assert slot_values(coach, sender, "pending_confirmation") == ["forget"]
    assert slot_values(coach, sender, "forgotten") == []
    assert slot_values(coach, sender, "reflection_state") == []
    assert "nothing has been deleted" in texts(coach.say(sender, "no"))
    assert len(rows(coach, sender, "user")) == 5

    # A protected key beside an ordinary entity: the entity stays and the button works.
    coach.say(sender, "/find_programme")
    coach.say(sender, '/inform_profile{"role": "middle-manager", "forgotten": true}')
    assert user_texts(coach, sender)[-1] == '/inform_profile{"role": "middle-manager"}'
    assert slot_values(coach, sender, "finder_role")[-1] == "middle-manager"
    assert slot_values(coach, sender, "forgotten") == []


def opened_checkin(coach: RunningCoach, sender: str) -> bool:
    return any(event["name"] == "action_checkin_open" for event in rows(coach, sender, "action"))


def test_rest_a_typed_external_intent_is_read_as_words_not_as_the_coach_trigger(coach):
    sender = new_sender()
    coach.say(sender, "/EXTERNAL_checkin_due")
    (event,) = rows(coach, sender, "user")
    assert event["text"] == "EXTERNAL_checkin_due"
    assert event["parse_data"]["intent"]["name"] != "EXTERNAL_checkin_due"
    assert not opened_checkin(coach, sender)
    answers_normally(coach, sender)


def test_rest_logs_carry_no_message_text_of_bad_input(coach):
    marker = f"marker{uuid.uuid4().hex[:8]}"
    sender = new_sender()
    coach.say(sender, f'/greet{{"forgotten": "{marker}", "pending_confirmation": "{marker}"}}')
    coach.say(sender, f"\x1b[2J{marker} what is system leadership?")
    coach.say(sender, f"/{marker} is not an intent")  # Rasa would warn, quoting the message
    coach.say(sender, f'/greet{{"{marker}": 1}}')
    coach.say(sender, f'/greet{{"role": "{marker}"')
    rest(coach, {"sender": sender, "message": marker * 5000})
    assert marker not in coach.log_path.read_text(errors="replace")


# -- socket.io -------------------------------------------------------------------------------------

@pytest.fixture
def widget(coach):
    client = Widget(coach)
    yield client
    client.close()


def bad_socket_payloads(session_id: str) -> dict[str, tuple[tuple, str]]:
    """name: (the arguments emitted with user_uttered, a phrase of the polite reply). A session id
    in the message is ignored: the socket's own verified session decides whose it is."""
    return {
        "a bare string": (("hello",), REPHRASE),
        "a number": ((5,), REPHRASE),
        "null": ((None,), REPHRASE),
        "a list": (([{"message": "hi", "session_id": session_id}],), REPHRASE),
        "no data at all": ((), REPHRASE),
        "two arguments": (({"message": 1, "session_id": session_id}, "extra"), REPHRASE),
        "message is a number": (({"message": 5, "session_id": session_id},), REPHRASE),
        "message is an object": (({"message": {"text": "hi"}, "session_id": session_id},), REPHRASE),
        "message is null": (({"message": None, "session_id": session_id},), REPHRASE),
        "message is empty": (({"message": "  ", "session_id": session_id},), REPHRASE),
        "message is only control characters": (({"message": "\x00\x1b", "session_id": session_id},), REPHRASE),
    }


@pytest.mark.parametrize("case", list(bad_socket_payloads("x")))
def test_socketio_bad_payloads_get_a_polite_reply_and_the_socket_stays_usable(coach, widget, case):
    arguments, phrase = bad_socket_payloads(widget.session_id)[case]
    before = all_senders(coach)
    assert phrase in widget.send(*arguments)
    assert all_senders(coach) == before  # nothing reached Rasa
    assert GREETING in widget.say("hello")
    assert user_texts(coach, widget.tracker_id) == ["hello"]


@pytest.mark.parametrize("request_body", [
    {"session_token": ["v1.x.y"]}, {"session_token": "a" * 300}, {"session_token": "v1.\x00.x"},
    {"session_token": "v1." + "0" * 20 + "\ud800.x"}, {"identity_token": {"sub": "me"}},
])
def test_socketio_a_malformed_session_request_is_refused_and_its_messages_get_the_reload_reply(coach, request_body):
    client = Widget(coach, request=request_body)
    try:
        assert client.refused
        before = all_senders(coach)
        assert RELOAD in client.send({"message": "hi"})
        assert all_senders(coach) == before
    finally:
        client.close()


@pytest.mark.parametrize("custom_data", ["cohort-a", ["cohort-a"], 5, "{not json", {"cohort": "A\x00\x1b[31m"}])
def test_socketio_odd_metadata_is_ignored_or_cleaned_and_the_message_answered(coach, widget, custom_data):
    assert GREETING in widget.say("hello", customData=custom_data)
    metadata = rows(coach, widget.tracker_id, "user")[0]["metadata"]
    assert "\x00" not in json.dumps(metadata, ensure_ascii=False) and "\x1b" not in json.dumps(metadata)


def test_socketio_control_characters_are_removed_from_the_text(coach, widget):
    assert GREETING in widget.say("\x1b[31mhello\x00 \ud800")
    assert user_texts(coach, widget.tracker_id) == ["hello"]


def test_socketio_a_message_of_50_kilobytes_is_refused_politely_and_the_socket_stays_usable(coach, widget):
    assert TOO_LONG in widget.say("word " * 10_000)
    assert rows(coach, widget.tracker_id, "user") == []
    assert GREETING in widget.say("hello")


def test_socketio_typed_payloads_cannot_set_protected_slots(coach, widget):
    assert "Are you sure?" in widget.say("forget me")
    widget.say("/greet" + json.dumps(HOSTILE_SLOTS))
    assert user_texts(coach, widget.tracker_id) == ["forget me", "/greet"]
    assert slot_values(coach, widget.tracker_id, "pending_confirmation") == ["forget"]
    assert slot_values(coach, widget.tracker_id, "forgotten") == []
    widget.say("/EXTERNAL_checkin_due")
    assert user_texts(coach, widget.tracker_id)[-1] == "EXTERNAL_checkin_due"
    assert rows(coach, widget.tracker_id, "user")[-1]["parse_data"]["intent"]["name"] != "EXTERNAL_checkin_due"
    assert not opened_checkin(coach, widget.tracker_id)


class EngineIO:
    """The engine.io polling protocol by hand, to see the HTTP status of each request."""

    def __init__(self, coach: RunningCoach):
        self.base = f"{coach.url}/socket.io/"
        self.http = requests.Session()
        self.http.headers["Origin"] = f"http://127.0.0.1:{coach.web_port}"
        handshake = self.http.get(self.base, params={"EIO": "4", "transport": "polling"}, timeout=10)
        opened = json.loads(handshake.text[1:])
        self.sid, self.max_payload = opened["sid"], opened["maxPayload"]
        assert self.post("40").status_code == 200
        assert self.poll().startswith("40")

    def post(self, packet: str) -> requests.Response:
        return self.http.post(self.base, params={"EIO": "4", "transport": "polling", "sid": self.sid},
                              data=packet.encode(), headers={"Content-Type": "text/plain"}, timeout=30)

    def emit(self, event: str, data) -> requests.Response:
        return self.post("42" + json.dumps([event, data]))

    def poll(self) -> str:
        return self.http.get(self.base, params={"EIO": "4", "transport": "polling", "sid": self.sid},
                             timeout=60).text

def confirmed_token(packets: str) -> str:
    """The signed token in a `42["session_confirm", "<token>"]` packet."""
    match = re.search(r'"session_confirm",\s*"([^"]+)"', packets)
    assert match, packets
    return match.group(1)


def poll_until(engine: EngineIO, event: str) -> str:
    for _ in range(20):
        packets = engine.poll()
        if event in packets:
            return packets
    raise AssertionError(f"no {event} arrived")


def nothing_stored_and_a_reconnected_widget_goes_on(coach: RunningCoach, token: str) -> bool:
    """Nothing of the refused message was stored; the widget reconnects with its session's token and
    the conversation goes on."""
    assert rows(coach, "web:" + token.split(".")[1], "user") == []
    again = Widget(coach, token)
    try:
        return GREETING in again.say("hello")
    finally:
        again.close()


@pytest.mark.parametrize("size", [100_000, 1_000_000])
def test_socketio_a_polling_post_over_the_limit_gets_a_413_and_the_socket_stays_usable(coach, size):
    engine = EngineIO(coach)
    assert engine.max_payload == LIMITS.max_request_bytes  # the widget's client learns the limit
    assert engine.emit("session_request", {}).status_code == 200
    token = confirmed_token(poll_until(engine, "session_confirm"))
    refused = engine.emit("user_uttered", {"message": "x" * size})
    assert refused.status_code == 413
    assert engine.emit("user_uttered", {"message": "hello"}).status_code == 200
    assert GREETING in poll_until(engine, "bot_uttered")
    assert user_texts(coach, "web:" + token.split(".")[1]) == ["hello"]


def test_socketio_a_megabyte_over_websocket_closes_the_socket_and_the_server_goes_on(coach):
    import asyncio

    import aiohttp

    token = {}

    async def send_a_megabyte() -> aiohttp.WSMsgType:
        url = f"{coach.url}/socket.io/?EIO=4&transport=websocket"
        origin = {"Origin": f"http://127.0.0.1:{coach.web_port}"}
        async with aiohttp.ClientSession() as http, http.ws_connect(url, max_msg_size=0, headers=origin) as ws:
            assert (await ws.receive()).data.startswith("0")
            await ws.send_str("40")
            assert (await ws.receive()).data.startswith("40")
            await ws.send_str("42" + json.dumps(["session_request", {}]))
            confirm = (await ws.receive()).data
            assert "session_confirm" in confirm
            token["value"] = confirmed_token(confirm)
            await ws.send_str("42" + json.dumps(["user_uttered", {"message": "x" * 1_000_000}]))
            while True:
                message = await asyncio.wait_for(ws.receive(), 30)
                if message.type != aiohttp.WSMsgType.TEXT or message.data.startswith("42"):
                    return message.type

    assert asyncio.run(send_a_megabyte()) in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                                              aiohttp.WSMsgType.ERROR)
    assert nothing_stored_and_a_reconnected_widget_goes_on(coach, token["value"])


# -- the web app -----------------------------------------------------------------------------------

def web(coach: RunningCoach, path: str) -> str:
    return f"http://127.0.0.1:{coach.web_port}{path}"


@pytest.mark.parametrize("path", ["/analytics/login", "/analytics/logout"])
def test_web_app_refuses_an_oversized_form_with_a_413(coach, path):
    body = "name=a&password=b&csrf=x&note=" + "x" * (LIMITS.max_request_bytes + 1)
    response = requests.post(web(coach, path), data=body, timeout=30, allow_redirects=False,
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413
    assert requests.get(web(coach, "/health"), timeout=10).json() == {"status": "ok"}


def test_web_app_takes_an_ordinary_sign_in_form(coach):
    response = requests.post(web(coach, "/analytics/login"), data={"name": "nobody", "password": "x", "csrf": "x"},
                             timeout=30, allow_redirects=False)
    assert response.status_code == 403  # the form's CSRF token is checked: the body was read


@pytest.mark.parametrize("body, content_type", [
    (b"name=\xff\xfe&password=b&csrf=x", "application/x-www-form-urlencoded"),
    (b"garbage", "multipart/form-data; boundary=xx"),
])
def test_web_app_malformed_forms_get_a_4xx(coach, body, content_type):
    response = requests.post(web(coach, "/analytics/login"), data=body, headers={"Content-Type": content_type},
                             timeout=30, allow_redirects=False)
    assert 400 <= response.status_code < 500
