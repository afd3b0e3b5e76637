"""The Rasa speed fixes keep Rasa's behaviour: same accepted responses, same errors."""
from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.rasa import fixes as rasa_fixes

VALID = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "finder_role", "value": "ward manager"}],
     "responses": [{"text": "Hello", "buttons": [{"title": "Yes", "payload": "/affirm"}]}]},
    {"events": [{"event": "active_loop", "name": "reflection_form"},
                {"event": "followup", "name": "action_listen"}], "responses": []},
    {},
]
INVALID = [
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot"}]},  # a slot event without a name
    {"responses": "hello"},
    [],
]


def _outcome(function, result):
    action = RemoteAction("action_anything", None)
    try:
        return function(action, result)
    except ValidationError as error:
        return ("ValidationError", error.message)


@pytest.mark.parametrize("result", VALID + INVALID)
def test_same_outcome_as_rasa(result):
    assert _outcome(rasa_fixes._validate_action_result, result) == _outcome(
        rasa_fixes.ORIGINAL_VALIDATE_ACTION_RESULT, result
    )


@pytest.mark.parametrize("result", INVALID)
def test_a_malformed_action_response_is_still_refused_with_rasas_explanation(result):
    outcome = _outcome(rasa_fixes._validate_action_result, result)
    assert outcome[0] == "ValidationError"
    assert "Failed to validate Action server response" in outcome[1]


def test_importing_our_rasa_modules_applies_nothing_and_apply_installs_the_fix_once():
    import subprocess
    import sys

    probe = ("import bot.rasa.tracker_store, bot.rasa.lock_store, bot.rasa.checkin_policy, bot.rasa.channels.rest; "
             "from rasa.core.actions.action import RemoteAction; "
             "from bot.rasa import fixes; "
             "print(RemoteAction._validate_action_result is fixes.ORIGINAL_VALIDATE_ACTION_RESULT)")
    imported = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert imported.stdout.strip() == "True"
    rasa_fixes.apply()
    assert RemoteAction._validate_action_result is rasa_fixes._validate_action_result
    rasa_fixes.apply()
    assert RemoteAction._validate_action_result is rasa_fixes._validate_action_result


class _BrokenStore:
    """A tracker store whose database is down."""

    def __init__(self, fail_loudly: bool):
        self.fail_loudly = fail_loudly
        self.domain = None
        self.event_broker = None

    async def retrieve(self, sender_id):
        raise ConnectionError("database is down")

    async def save(self, tracker):
        raise ConnectionError("database is down")

    async def retrieve_full_tracker(self, sender_id):
        raise ConnectionError("database is down")


def test_a_store_that_fails_loudly_raises_instead_of_forgetting_the_conversation():
    import asyncio

    from rasa.core.tracker_store import FailSafeTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    rasa_fixes.apply()
    tracker = DialogueStateTracker("leader", slots=[])
    loud = FailSafeTrackerStore(_BrokenStore(fail_loudly=True))
    for call in (loud.retrieve("leader"), loud.save(tracker), loud.retrieve_full_tracker("leader")):
        with pytest.raises(ConnectionError):
            asyncio.run(call)
    # Any other store keeps Rasa's behaviour: an empty conversation, saved in memory.
    quiet = FailSafeTrackerStore(_BrokenStore(fail_loudly=False))
    quiet.domain = Domain.empty()
    assert asyncio.run(quiet.retrieve("leader")) is None
    asyncio.run(quiet.save(tracker))


def test_our_tracker_store_fails_loudly():
    from bot.rasa.tracker_store import ForgettingSQLTrackerStore

    assert ForgettingSQLTrackerStore.fail_loudly is True


def test_the_action_server_is_called_over_one_kept_alive_connection():
    """Every custom action used to open a new connection to the action server; now a turn's
    calls reuse one, with the same headers, and a server that closed it is reconnected."""
    import asyncio

    from aiohttp import web
    from rasa.utils.endpoints import EndpointConfig

    rasa_fixes.apply()
    peers: list = []
    tokens: list[str] = []

    async def webhook(request):
        peers.append(request.transport.get_extra_info("peername"))
        tokens.append(request.headers.get("X-Action-Server-Token", ""))
        return web.json_response({"events": [], "responses": []})

    async def scenario():
        app = web.Application()
        app.router.add_post("/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook", headers={"X-Action-Server-Token": "t"})
        try:
            answers = [await endpoint.request(json={"next_action": "a"}, method="post") for _ in range(3)]
            await runner.cleanup()  # the action server restarts: its connections are gone
            runner2 = web.AppRunner(app)
            await runner2.setup()
            await web.TCPSite(runner2, "127.0.0.1", port).start()
            answers.append(await endpoint.request(json={"next_action": "a"}, method="post"))
            await runner2.cleanup()
        finally:
            await rasa_fixes.close_endpoint_sessions()
        return answers

    answers = asyncio.run(scenario())
    assert answers == [{"events": [], "responses": []}] * 4
    assert tokens == ["t"] * 4
    assert len(set(peers[:3])) == 1  # three actions, one connection
    assert peers[3] != peers[0]


def test_a_button_payload_is_parsed_without_the_nlu_pipeline_as_rasa_parses_it():
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.domain import Domain

    from bot.config import ROOT

    domain = Domain.load(str(ROOT / "domain.yml"))
    parsed = rasa_fixes.parse_payload('/inform_profile{"role": "ward manager"}', domain)
    assert parsed["intent"] == {"name": "inform_profile", "confidence": 1.0}
    assert parsed["intent_ranking"] == [{"name": "inform_profile", "confidence": 1.0}]
    assert [(e["entity"], e["value"]) for e in parsed["entities"]] == [("role", "ward manager")]
    assert parsed["text"] == '/inform_profile{"role": "ward manager"}'
    # Typed words, and a payload naming no intent of the domain, go through the pipeline.
    assert rasa_fixes.parse_payload("I'd like to find a programme", domain) is None
    assert rasa_fixes.parse_payload("/no_such_intent", domain) is None
    rasa_fixes.apply()
    assert MessageProcessor._parse_message_with_graph is rasa_fixes._parse_message_with_graph
