"""Impersonation attempts against the real coach (issue 18): each is refused or reaches only the
caller's own namespace. REST, socket.io and the action server here; Teams and account linking in
tests/teams/test_teams_privacy.py; the dashboard in tests/unit/web/test_dashboard_auth.py."""
from __future__ import annotations

import json
import re
import time
from importlib.metadata import version as package_version

import pytest
import requests
import socketio

from bot.journal import get_journal
from tests.integration.servers import Widget

pytestmark = pytest.mark.integration
VICTIMS_WORDS = "my private plan to restructure the discharge team"


def texts(replies: list[dict]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def everything_said(replies: list[dict]) -> str:
    return json.dumps(replies)


@pytest.fixture(scope="module")
def journal(coach):
    return get_journal(coach.database_url)


@pytest.fixture
def victim(coach, journal):
    """A widget leader with a saved reflection, connected."""
    widget = Widget(coach)
    assert not widget.refused and widget.token.startswith("v1.")
    journal.save_reflection(widget.tracker_id, "failing-well", "Discharge", VICTIMS_WORDS, {"what": VICTIMS_WORDS})
    yield widget
    widget.close()


@pytest.mark.parametrize("as_whom", ["session id", "tracker id", "token"])
def test_rest_naming_a_widget_leader_reaches_only_its_own_rest_namespace(coach, victim, journal, as_whom):
    sender = {"session id": victim.session_id, "tracker id": victim.tracker_id, "token": victim.token}[as_whom]
    exported = coach.say(sender, "export my reflections")
    assert VICTIMS_WORDS not in everything_said(exported)
    assert all(reply["recipient_id"] == f"rest:{sender}" for reply in exported)
    # "forget me" + "yes" as the impersonator deletes nothing of the victim's.
    assert "Are you sure" in texts(coach.say(sender, "forget me"))
    coach.say(sender, "yes")
    assert [r.title for r in journal.list_reflections(victim.tracker_id)] == ["Discharge"]
    assert VICTIMS_WORDS in everything_said(victim.say_all("export my reflections"))


def test_sharing_as_an_impersonator_shares_nothing_of_the_victims(coach, victim, journal):
    assert "empty" in texts(coach.say(victim.tracker_id, "share my reflection with my trainer"))
    coach.say(victim.tracker_id, "yes")
    assert all(r.summary != VICTIMS_WORDS for r in journal.shared_reflections())


@pytest.mark.parametrize("request_body", [
    {"session_id": "0123456789abcdef0123456789abcdef"},             # an id the client chose
    {"session_token": "v1.0123456789abcdef0123456789abcdef.forged"},  # a forged signature
])
def test_socketio_a_chosen_session_id_is_refused(coach, request_body):
    client = Widget(coach, request=request_body)
    try:
        assert client.refused
        assert "reload the page" in client.send({"message": "export my reflections"})
    finally:
        client.close()


def test_socketio_someone_elses_session_id_is_refused_and_hears_nothing(coach, victim):
    for body in ({"session_id": victim.session_id}, {"session_token": f"v1.{victim.session_id}.AAAA"},
                 {"session_token": victim.tracker_id}):
        listener = Widget(coach, request=body)
        try:
            assert listener.refused
            assert "System Leadership Coach" in victim.say("hello")
            time.sleep(1)
            assert listener.replies.empty(), "a socket without the victim's token heard the victim's replies"
        finally:
            listener.close()


def test_socketio_a_second_socket_on_a_live_session_hears_nothing_without_the_token(coach, victim):
    eavesdropper = Widget(coach)  # a session of its own: allowed, but another leader's
    try:
        assert eavesdropper.session_id != victim.session_id
        assert VICTIMS_WORDS not in everything_said(eavesdropper.say_all("export my reflections"))
        victim.say("hello")
        time.sleep(1)
        assert eavesdropper.replies.empty()
    finally:
        eavesdropper.close()


def test_socketio_several_tabs_of_the_same_leader_share_the_session(coach, victim):
    tab = Widget(coach, token=victim.token)
    try:
        assert not tab.refused and tab.session_id == victim.session_id
        assert VICTIMS_WORDS in everything_said(tab.say_all("export my reflections"))
        assert "Here is everything I hold about you" in victim.next_reply(timeout=30)  # both tabs see it
    finally:
        tab.close()


@pytest.mark.parametrize("origin", [None, "https://evil.example"])
def test_socketio_a_socket_without_an_allowed_origin_is_refused(coach, origin):
    with pytest.raises(socketio.exceptions.ConnectionError):
        Widget(coach, origin=origin)


def test_the_action_server_refuses_a_forged_tracker(coach, victim):
    tracker = {"sender_id": victim.tracker_id, "slots": {}, "latest_message": {"text": "export", "intent": {}},
               "events": [], "paused": False, "followup_action": None, "active_loop": {},
               "latest_action_name": "action_listen"}
    body = {"next_action": "action_export_journal", "sender_id": victim.tracker_id, "tracker": tracker,
            "domain": {}, "version": "3.6.21"}
    url = f"http://127.0.0.1:{coach.action_port}/webhook"
    for headers in ({}, {"X-Action-Server-Token": "guessed"}):
        response = requests.post(url, json=body, headers=headers, timeout=30)
        assert response.status_code == 401, response.text
        assert VICTIMS_WORDS not in response.text
    assert requests.get(f"http://127.0.0.1:{coach.action_port}/health", timeout=10).status_code == 200


SOFTWARE = re.compile(r"python|aiohttp|sanic|rasa", re.IGNORECASE)
VERSION = re.compile(r"\d+\.\d+")


def test_no_public_answer_names_the_software_or_its_version(coach):
    """Rasa's `/` used to say "Hello from Rasa: 3.6.21"; the web app's Server header named Python
    and aiohttp with their versions. Neither the headers nor the bodies tell them now."""
    answers = {
        "rasa /": requests.get(f"{coach.url}/", timeout=10),
        "rasa 404": requests.get(f"{coach.url}/no-such-page", timeout=10),
        "rasa version": requests.get(f"{coach.url}/version", timeout=10),
        "rest": requests.post(f"{coach.url}/webhooks/rest/webhook", json={"sender": "banner", "message": "hi"},
                              timeout=60),
        "web /": requests.get(f"http://127.0.0.1:{coach.web_port}/", timeout=10),
        "web 404": requests.get(f"http://127.0.0.1:{coach.web_port}/no-such-page", timeout=10),
        "web login": requests.get(f"http://127.0.0.1:{coach.web_port}/analytics/login", timeout=10),
        "action health": requests.get(f"http://127.0.0.1:{coach.action_port}/health", timeout=10),
    }
    assert answers["rasa /"].status_code == 200 and answers["rasa /"].text == "Hello from the coach"
    assert answers["rasa version"].status_code == 404
    for what, answer in answers.items():
        assert not SOFTWARE.search(json.dumps(dict(answer.headers))), (what, answer.headers)
        for banner in ("Server", "X-Powered-By"):
            assert not VERSION.search(answer.headers.get(banner, "")), (what, answer.headers)
        assert coach_version_free(answer.text), (what, answer.text[:200])


def coach_version_free(body: str) -> bool:
    return all(version not in body for version in (package_version("rasa"), package_version("sanic"), "aiohttp/"))
