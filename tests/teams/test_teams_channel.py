"""The real coach behind the Teams channel, talking to the fake Bot Framework over HTTP."""
from __future__ import annotations

import time

import pytest

from tests.teams.fake_bot_framework import (
    APP_ID,
    TENANT_ID,
    conversation_update,
    message,
    new_rsa_key,
    tracker_id,
)

pytestmark = pytest.mark.integration
MENU = ["Ask about system leadership", "Reflect on my leadership", "Find programmes and networks"]


def sender(activity: dict) -> str:
    return tracker_id(activity)


def card_actions(post) -> list[dict]:
    return [button for attachment in post.activity.get("attachments", [])
            if attachment["contentType"] == "application/vnd.microsoft.card.hero"
            for button in attachment["content"].get("buttons", [])]


def test_a_mention_in_a_channel_is_stripped_and_the_grounded_answer_is_posted_in_the_thread(teams_coach, fake_bf):
    activity = message(fake_bf, "<at>Coach</at> What does system leadership actually mean?", "channel")
    conversation = activity["conversation"]["id"]
    assert ";messageid=" in conversation

    assert teams_coach.send(activity).status_code == 200
    posts = fake_bf.wait_for_posts(conversation)

    answer = posts[0]
    assert "Source:" in answer.text
    assert answer.activity["textFormat"] == "markdown"
    assert answer.authorization.startswith("Bearer outbound-token-")
    assert answer.reply_to_id == activity["id"]  # a reply in the channel thread
    assert answer.activity["replyToId"] == activity["id"]
    typing = fake_bf.posts_to(conversation, kind="typing")
    assert typing and typing[0].at <= answer.at
    # The tracker: this person in this conversation, with channel metadata but no names.
    metadata = teams_coach.user_metadata(sender(activity))
    assert metadata and metadata[0]["channel"] == "teams"
    assert metadata[0]["conversation_type"] == "channel"
    assert metadata[0]["tenant_id"] == TENANT_ID
    reference = metadata[0]["conversation_reference"]
    assert reference["service_url"] == fake_bf.service_url
    assert reference["conversation_id"] == conversation
    assert reference["bot_id"] == f"28:{APP_ID}"
    assert reference["user_id"] == activity["from"]["id"]
    assert "Alex Example" not in str(metadata)


def test_two_people_in_a_group_chat_have_their_own_trackers(teams_coach, fake_bf):
    first = message(fake_bf, "<at>Coach</at> hello", "groupChat", user="sam")
    second = message(fake_bf, "<at>Coach</at> hello", "groupChat", user="kim",
                     conversation_id=first["conversation"]["id"])
    for activity in (first, second):
        assert teams_coach.send(activity).status_code == 200
    fake_bf.wait_for_posts(first["conversation"]["id"], count=2)
    assert sender(first) != sender(second)
    teams_coach.wait_for_user_events(sender(first))
    teams_coach.wait_for_user_events(sender(second))
    assert "user" in teams_coach.events(sender(first)) and "user" in teams_coach.events(sender(second))


REJECTIONS = {
    "missing header": "no Authorization header",
    "not bearer": "not a Bearer token",
    "bad signature": "signature is invalid",
    "wrong audience": "another audience",
    "wrong issuer": "wrong issuer",
    "expired": "has expired",
    "not yet valid": "not valid yet",
    "serviceUrl mismatch": "serviceurl does not match",
    "unknown key": "signing key is unknown",
    "missing endorsement": "not endorsed for channel 'msteams'",
}


def rejected_headers(fake, case: str) -> dict[str, str]:
    now = int(time.time())
    if case == "missing header":
        return {"Content-Type": "application/json"}
    if case == "not bearer":
        return {"Authorization": "Basic YWxleDpzZWNyZXQ=", "Content-Type": "application/json"}
    token = {
        "bad signature": lambda: fake.token(key=new_rsa_key()),
        "wrong audience": lambda: fake.token(aud="another-app"),
        "wrong issuer": lambda: fake.token(iss="https://sts.windows.net/evil/"),
        "expired": lambda: fake.token(exp=now - 600, nbf=now - 4000),
        "not yet valid": lambda: fake.token(nbf=now + 900),
        "serviceUrl mismatch": lambda: fake.token(service_url="https://evil.example/amer/"),
        "unknown key": lambda: fake.token(key=new_rsa_key(), kid="nobody-knows-this-key"),
        "missing endorsement": lambda: fake.token(key=fake.webchat_key, kid="webchat-only-key"),
    }[case]()
    return fake.headers(token)


@pytest.mark.parametrize("case", list(REJECTIONS))
def test_unauthenticated_requests_get_401_and_nothing_is_processed(teams_coach, fake_bf, case):
    activity = message(fake_bf, "hello")
    log_size = teams_coach.log.stat().st_size
    response = teams_coach.send(activity, headers=rejected_headers(fake_bf, case))
    assert response.status_code == 401
    time.sleep(0.3)
    assert fake_bf.posts_to(activity["conversation"]["id"], kind=None) == []
    assert teams_coach.events(sender(activity)) == []
    logged = teams_coach.log.read_bytes()[log_size:].decode(errors="replace")
    assert "Teams request rejected (401): " in logged and REJECTIONS[case] in logged
    assert "hello" not in logged


def test_a_minute_of_clock_skew_is_allowed(teams_coach, fake_bf):
    activity = message(fake_bf, "hello")
    token = fake_bf.token(exp=int(time.time()) - 60)  # expired a minute ago: within the skew
    assert teams_coach.send(activity, token=token).status_code == 200
    fake_bf.wait_for_posts(activity["conversation"]["id"])


def test_greeting_buttons_are_clickable_hero_card_actions_and_a_click_reaches_rasa(teams_coach, fake_bf):
    greeting = message(fake_bf, "Hello!")
    conversation = greeting["conversation"]["id"]
    assert teams_coach.send(greeting).status_code == 200
    post = fake_bf.wait_for_posts(conversation)[0]
    assert "System Leadership Coach" in post.text
    actions = card_actions(post)
    assert [a["title"] for a in actions] == MENU
    assert all(a["type"] == "messageBack" and a["displayText"] == a["title"] for a in actions)
    assert [a["text"] for a in actions] == ["/explore_topics", "/start_reflection", "/find_programme"]

    # Teams delivers a messageBack click as a message whose text and value carry the payload.
    explore = actions[0]
    click = message(fake_bf, explore["text"], conversation_id=conversation, value=explore["value"])
    assert teams_coach.send(click).status_code == 200
    replies = fake_bf.wait_for_posts(conversation, count=2)
    assert "Ask me anything about system leadership" in replies[1].text
    teams_coach.wait_for_user_events(sender(click), count=2)
    assert teams_coach.intents(sender(click)) == ["greet", "explore_topics"]


def test_group_chat_does_not_expose_the_journal(teams_coach, fake_bf):
    activity = message(fake_bf, "<at>Coach</at> show my reflections", "groupChat")
    conversation = activity["conversation"]["id"]
    assert teams_coach.send(activity).status_code == 200
    posts = fake_bf.wait_for_posts(conversation, settle_s=0.5)
    assert len(posts) == 1
    assert "private" in posts[0].text.lower()
    assert [a["type"] for a in card_actions(posts[0])] == ["openUrl"]
    assert f"users=28:{APP_ID}" in card_actions(posts[0])[0]["value"]
    assert fake_bf.posts_to(conversation, kind="typing") == []
    assert teams_coach.events(sender(activity)) == []  # nothing reached Rasa


def test_a_reflection_button_click_in_a_channel_is_kept_private_too(teams_coach, fake_bf):
    click = message(fake_bf, "/start_reflection", "channel", value={"payload": "/start_reflection"})
    assert teams_coach.send(click).status_code == 200
    posts = fake_bf.wait_for_posts(click["conversation"]["id"])
    assert "private" in posts[0].text.lower()
    assert teams_coach.events(sender(click)) == []


def test_being_added_sends_one_welcome(teams_coach, fake_bf):
    added = conversation_update(fake_bf, "groupChat")
    conversation = added["conversation"]["id"]
    someone_else = conversation_update(fake_bf, "groupChat", members=["29:1someone"], conversation_id=conversation)
    for activity in (added, added, someone_else):  # the Bot Connector may deliver twice
        assert teams_coach.send(activity).status_code == 200
    posts = fake_bf.wait_for_posts(conversation, settle_s=1.5)
    assert len(posts) == 1
    assert "System Leadership Coach" in posts[0].text
    # In a group the private feature's button is left out of the menu.
    assert [a["title"] for a in card_actions(posts[0])] == [MENU[0], MENU[2]]


def test_an_over_long_message_gets_a_polite_reply_without_the_model(teams_coach, fake_bf):
    activity = message(fake_bf, "word " * 1000)
    assert teams_coach.send(activity).status_code == 200
    posts = fake_bf.wait_for_posts(activity["conversation"]["id"])
    assert "under 2,000 characters" in posts[0].text
    assert teams_coach.events(sender(activity)) == []


@pytest.mark.parametrize("body", [
    b"{not json",
    b"[1, 2, 3]",
    b"",
    b'{"type": "message"}',
    b'{"type": "message", "serviceUrl": "x", "channelId": "msteams", "conversation": {"id": "c"}}',
])
def test_malformed_bodies_with_a_valid_token_get_400(teams_coach, fake_bf, body):
    response = teams_coach.send(body)
    assert response.status_code == 400
    assert response.json()["error"]


def test_missing_fields_and_wrong_types_get_400(teams_coach, fake_bf):
    no_conversation = message(fake_bf, "hello")
    del no_conversation["conversation"]
    bad_text = message(fake_bf, "hello")
    bad_text["text"] = {"html": "<p>hi</p>"}
    no_sender = message(fake_bf, "hello")
    del no_sender["from"]
    for activity in (no_conversation, bad_text, no_sender):
        response = teams_coach.send(activity)
        assert response.status_code == 400, activity


def test_a_429_is_retried_after_retry_after(teams_coach, fake_bf):
    fake_bf.fail_next_messages.append((429, {"Retry-After": "1"}))
    activity = message(fake_bf, "hello")
    conversation = activity["conversation"]["id"]
    assert teams_coach.send(activity).status_code == 200
    delivered = fake_bf.wait_for_posts(conversation)
    throttled = [p for p in fake_bf.posts if p.conversation_id == conversation and p.status == 429]
    assert len(throttled) == 1
    assert delivered[0].at - throttled[0].at >= 0.95
    assert delivered[0].activity == throttled[0].activity


def test_one_token_request_serves_every_reply(teams_coach, fake_bf):
    for text in ("hello", "thanks", "help"):
        activity = message(fake_bf, text)
        teams_coach.send(activity)
        fake_bf.wait_for_posts(activity["conversation"]["id"])
    assert len([p for p in fake_bf.posts if p.status == 200]) >= 4
    assert len(fake_bf.token_requests) == 1
    request = fake_bf.token_requests[0]
    assert request["tenant"] == TENANT_ID  # single-tenant: the bot's own tenant, not botframework.com
    assert request["form"]["grant_type"] == "client_credentials"
    assert request["form"]["scope"] == "https://api.botframework.com/.default"
    assert request["form"]["client_id"] == APP_ID


def test_a_single_tenant_bot_refuses_other_tenants(teams_coach, fake_bf):
    activity = message(fake_bf, "hello")
    activity["conversation"]["tenantId"] = "00000000-0000-0000-0000-000000000001"
    assert teams_coach.send(activity).status_code == 403
    time.sleep(0.3)
    assert fake_bf.posts_to(activity["conversation"]["id"], kind=None) == []


def test_other_activity_types_are_acknowledged_and_ignored(teams_coach, fake_bf):
    reaction = message(fake_bf, None, type="messageReaction", reactionsAdded=[{"type": "like"}])
    removed = conversation_update(fake_bf)
    removed["membersAdded"] = []
    removed["membersRemoved"] = [{"id": f"28:{APP_ID}"}]
    for activity in (reaction, removed):
        assert teams_coach.send(activity).status_code == 200
    time.sleep(0.5)
    for activity in (reaction, removed):
        assert fake_bf.posts_to(activity["conversation"]["id"], kind=None) == []
