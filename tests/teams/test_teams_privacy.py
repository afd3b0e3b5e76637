"""A Teams leader's journal over the real coach and the fake Bot Framework (issue 18): saved in
Teams, it cannot be read over REST or the widget; linked with a one-time code, the same journal
opens on both; unlinking separates them again."""
from __future__ import annotations

import json
import re
import time

import pytest
import requests

from tests.integration.servers import Widget
from tests.teams.fake_bot_framework import message, tracker_id

pytestmark = pytest.mark.integration
WORDS = "Getting two trusts to agree a discharge plan"
CODE = re.compile(r"\b([A-Z]{4}-\d{4})\b")
EXERCISE = [
    "I want to reflect on a challenge", WORDS,
    "I think we should stop the pilot and start again with both teams",
    "Both trusts are under winter pressure and see risk differently",
    "Hold a joint listening session; ask the ICB to convene",
    "I'll hold a joint listening session by 30 March",
    "4",
]


class Person:
    """One Teams user in their personal chat with the coach."""

    def __init__(self, teams_coach, fake_bf, user: str):
        self.coach, self.fake = teams_coach, fake_bf
        self.first = message(fake_bf, "hello", user=user)
        self.conversation = self.first["conversation"]["id"]
        self.user = user

    @property
    def key(self) -> str:
        return tracker_id(self.first)

    def say(self, text: str) -> str:
        """Send `text` and return everything the coach posted in reply."""
        before = len(self.fake.posts_to(self.conversation))
        activity = message(self.fake, text, conversation_id=self.conversation, user=self.user)
        assert self.coach.send(activity).status_code == 200
        self.fake.wait_for_posts(self.conversation, count=before + 1)
        while True:  # until the coach has been quiet for a moment
            count = len(self.fake.posts_to(self.conversation))
            time.sleep(1.5)
            if len(self.fake.posts_to(self.conversation)) == count:
                break
        return "\n".join(json.dumps(p.activity) for p in self.fake.posts_to(self.conversation)[before:])


def rest(teams_coach, sender: str, text: str) -> str:
    response = requests.post(f"{teams_coach.url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                             timeout=60)
    response.raise_for_status()
    return json.dumps(response.json())


def save_a_reflection(person: Person) -> None:
    replies = [person.say(text) for text in EXERCISE]
    if "save this to your private journal" not in replies[-1]:  # one more answer than expected
        replies.append(person.say("4"))
    assert "save this to your private journal" in replies[-1], replies[-1][-500:]
    assert "Saved to your private journal" in person.say("yes")
    person.say("no")  # not shared


@pytest.fixture(scope="module")
def sam(teams_coach, fake_bf):
    person = Person(teams_coach, fake_bf, "sam-privacy")
    save_a_reflection(person)
    return person


def test_a_teams_leaders_reflection_cannot_be_read_over_rest(teams_coach, sam):
    assert WORDS in sam.say("export my data")
    for sender in (sam.key, sam.conversation, tracker_id(message(sam.fake, "x", user="sam-privacy"))):
        assert WORDS not in rest(teams_coach, sender, "export my reflections")
        assert WORDS not in rest(teams_coach, sender, "open my latest reflection")


def test_a_teams_leaders_reflection_cannot_be_read_over_the_widget(teams_coach, sam):
    for request in ({"session_id": sam.key}, {"session_token": sam.key}, {"session_token": f"v1.{sam.key}.x"}):
        widget = Widget(teams_coach, request=request)
        try:
            assert widget.refused
        finally:
            widget.close()
    widget = Widget(teams_coach)
    try:
        assert WORDS not in json.dumps(widget.say_all("export my reflections"))
    finally:
        widget.close()


def test_one_journal_across_the_persons_personal_chats(teams_coach, fake_bf, sam):
    another_chat = Person(teams_coach, fake_bf, "sam-privacy")  # a new personal chat, the same person
    assert another_chat.conversation != sam.conversation and another_chat.key == sam.key
    assert "A cross-boundary challenge" in another_chat.say("show my reflections")


def test_a_linked_leader_sees_the_same_journal_on_both_and_unlinking_separates_them(teams_coach, sam):
    widget = Widget(teams_coach)
    try:
        offer = json.dumps(widget.say_all("link my accounts"))
        code = CODE.search(offer).group(1)
        assert "10 minutes" in offer
        assert "that code was made here" in json.dumps(widget.say_all(f"link {code}")).lower()
        assert "Linked" in sam.say(f"link {code}")
        assert "A cross-boundary challenge" in json.dumps(widget.say_all("show my reflections"))
        assert WORDS in json.dumps(widget.say_all("export my data"))
        # The code was used up: nobody else can link with it.
        other = Widget(teams_coach)
        try:
            assert "expired" in json.dumps(other.say_all(f"link {code}"))
        finally:
            other.close()

        assert "Unlinked" in json.dumps(widget.say_all("unlink my accounts"))
        assert "empty" in json.dumps(widget.say_all("show my reflections"))
        assert "A cross-boundary challenge" in sam.say("show my reflections")
    finally:
        widget.close()


def test_a_link_code_allows_five_tries_then_is_gone(teams_coach, fake_bf):
    kim = Person(teams_coach, fake_bf, "kim-privacy")
    widget = Widget(teams_coach)
    try:
        code = CODE.search(json.dumps(widget.say_all("link my accounts"))).group(1)
        letters, digits = code.split("-")
        wrong = f"{letters}-{(int(digits) + 1) % 10_000:04d}"
        answers = [kim.say(f"link {wrong}") for _ in range(5)]
        assert "4 tries left" in answers[0] and "1 tries left" in answers[3]
        assert "expired" in answers[4]
        assert "expired" in kim.say(f"link {code}")  # the right code, too late
    finally:
        widget.close()
