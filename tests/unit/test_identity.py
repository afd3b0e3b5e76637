"""Leader keys: each channel's namespace, one Teams journal per person, nothing a caller can cross."""
from __future__ import annotations

from bot.identity import channel_of, leader_key, rest_sender, teams_sender, tracker_ids_like, web_sender

TENANT, AAD = "72f988bf-86f1-41af-91ab-2d7cd011db47", "6b3a1c52-7f55-4d3b-9d1a-1b2c3d4e5f60"


def test_rest_and_web_senders_are_their_own_keys_inside_their_namespace():
    assert leader_key(rest_sender("leader-1")) == "rest:leader-1"
    assert leader_key(web_sender("abc")) == "web:abc"
    # A REST caller naming a widget or Teams leader gets a REST key, never theirs.
    assert leader_key(rest_sender(web_sender("abc"))) == "rest:web:abc"
    assert leader_key(rest_sender(teams_sender(TENANT, AAD, None))).startswith("rest:teams:")


def test_a_teams_person_has_one_key_across_their_chats():
    personal = teams_sender(TENANT, AAD, "29:1x")
    group = teams_sender(TENANT, AAD, "29:1x", "19:abc@thread.v2")
    assert personal == f"teams:{TENANT}:{AAD}"
    assert leader_key(personal) == leader_key(group) == personal
    assert leader_key(teams_sender("other-tenant", AAD, "29:1x")) != personal


def test_ids_that_are_not_plain_are_hashed_so_they_cannot_add_segments():
    key = teams_sender("t:1", "a:b", None)
    assert key.count(":") == 2 and leader_key(key) == key


def test_channels_and_patterns():
    assert (channel_of("rest:a"), channel_of("web:a"), channel_of("teams:t:a"), channel_of("leader-1")) == (
        "rest", "web", "teams", None)
    assert tracker_ids_like(f"teams:{TENANT}:{AAD}") == f"teams:{TENANT}:{AAD}:%"
    assert tracker_ids_like("web:a_b") is None
