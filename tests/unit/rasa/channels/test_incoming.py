"""Glue shared by our channels: the server's body limit is the largest any channel asked for, each
channel refuses bodies over its own, and typed payloads are judged by the running model's domain."""
from __future__ import annotations

import asyncio
from types import SimpleNamespace

import aiohttp
from rasa.shared.core.domain import Domain

from bot.rasa.channels.guard import PROTECTED_SLOTS, PayloadRules, protect_slots
from bot.rasa.channels.incoming import payload_rules
from bot.rasa.channels.rest import SafeRestInput
from tests.unit.rasa.channels.conftest import serve
from tests.unit.rasa.channels.test_rest import MAX_BYTES, MAX_CHARS, Coach

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet, choose_theme]
entities: [theme, secret_state]
slots:
  theme:
    type: text
    mappings:
      - type: from_entity
        entity: theme
  reflection_state:
    type: any
    mappings:
      - type: from_entity
        entity: secret_state
""")


class WideInput(SafeRestInput):
    """Another channel on the same server that accepts bigger bodies."""

    @classmethod
    def name(cls) -> str:
        return "wide"


def test_the_server_takes_the_largest_limit_and_each_channel_keeps_its_own():
    coach = Coach()

    async def main():
        rest = SafeRestInput(max_message_chars=MAX_CHARS, max_request_bytes=MAX_BYTES)
        wide = WideInput(max_message_chars=MAX_CHARS, max_request_bytes=10_000)
        async with serve((rest.blueprint(coach), "/webhooks/rest"), (wide.blueprint(coach), "/webhooks/wide")) \
                as (app, url):
            assert app.config.REQUEST_MAX_SIZE == 10_000
            async with aiohttp.ClientSession() as session:
                body = b"x" * 3_000
                own = await session.post(f"{url}/webhooks/rest/webhook", data=body)
                server = await session.post(f"{url}/webhooks/wide/webhook", data=b"x" * 12_000)
                return own.status, await own.json(), server.status
    own_status, own_answer, server_status = asyncio.run(main())
    assert own_status == 413 and own_answer == {"error": f"The request body is larger than {MAX_BYTES:,} bytes."}
    assert server_status == 413
    assert coach.received == []


def test_without_a_loaded_model_only_the_built_in_protections_apply():
    assert payload_rules(None) == PayloadRules()
    assert payload_rules(SimpleNamespace(ctx=SimpleNamespace())) == PayloadRules()
    assert payload_rules(SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(domain=None)))) == PayloadRules()


def test_the_domain_decides_what_a_typed_payload_may_carry():
    rules = payload_rules(SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(domain=DOMAIN))))
    assert {"greet", "choose_theme"} <= set(rules.intents) and "ask_question" not in rules.intents
    assert set(rules.entities) == {"theme", "secret_state"}
    # a protected slot's name and the entity that fills it; an ordinary slot's entity stays usable
    assert {"reflection_state", "secret_state"} <= set(rules.protected) and PROTECTED_SLOTS <= set(rules.protected)
    assert "theme" not in rules.protected
    assert protect_slots('/choose_theme{"theme": "trust", "secret_state": "x"}', rules) == \
        '/choose_theme{"theme": "trust"}'
