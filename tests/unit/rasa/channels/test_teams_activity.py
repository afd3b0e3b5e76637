"""Teams activities: mentions and text, personal requests, sender ids, malformed activities, replies."""
from __future__ import annotations

import pytest

from bot.identity import leader_key
from bot.rasa.channels.guard import BadRequest
from bot.rasa.channels.teams_activity import (
    is_personal_request,
    message_text,
    parse_activity,
    reply_activity,
    sender_id,
    strip_mentions,
)
from tests.teams.fake_bot_framework import TENANT_ID, message
from tests.unit.rasa.channels.conftest import FAKE


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


def test_one_journal_per_person_across_personal_chats_keyed_by_tenant_and_aad_object_id():
    first = parse_activity(message(FAKE, "hi", user="sam"))
    again = parse_activity(message(FAKE, "hi", user="sam"))  # another personal chat of the same person
    kim = parse_activity(message(FAKE, "hi", user="kim"))
    assert first.conversation_id != again.conversation_id
    assert sender_id(first) == sender_id(again) == f"teams:{first.tenant_id}:{first.from_aad_object_id}"
    assert sender_id(first) != sender_id(kim)


def test_group_chats_get_their_own_tracker_under_the_persons_key():
    first = parse_activity(message(FAKE, "hi", "groupChat", user="sam"))
    second = parse_activity(message(FAKE, "hi", "groupChat", user="kim", conversation_id=first.conversation_id))
    assert sender_id(first) == f"teams:{first.tenant_id}:{first.from_aad_object_id}:{first.conversation_id}"
    assert sender_id(first) != sender_id(second)
    assert leader_key(sender_id(first)) == sender_id(parse_activity(message(FAKE, "hi", user="sam")))
    no_aad = message(FAKE, "hi")
    del no_aad["from"]["aadObjectId"]
    assert sender_id(parse_activity(no_aad)).startswith(f"teams:{TENANT_ID}:id-")
    long = parse_activity(message(FAKE, "hi", "groupChat", conversation_id="19:" + "x" * 400))
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


