"""Proactive check-ins in Teams against the fake Bot Framework on loopback.

Most tests run the channel's own pieces in this process: the webhook storing conversation
references (TeamsInput.handle with tokens the fake signs), the proactive output, and the check-in
poller with the Rasa side replaced by a stand-in agent that does what `action_checkin_open` does
(asks the earliest due, unasked commitment with buttons and marks it asked). Databases are
throwaway SQLite files and PostgreSQL databases (tests/unit/journal/conftest.py).

`test_the_real_coach_sends_a_due_check_in_once` goes through the real Rasa server and needs the
domain's `EXTERNAL_checkin_due` intent and rule (the check-ins conversation): it is skipped while
domain.yml has no such intent.
"""
from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from rasa.core.lock_store import InMemoryLockStore
from sqlalchemy import create_engine, select, update

from bot.checkins import clock
from bot.checkins.scheduler import CLAIMS, COMMITMENTS
from bot.config import ROOT, Settings
from bot.db import get_engine, migrate
from bot.journal.repository import JournalRepository
from bot.rasa.channels.teams import TeamsInput
from bot.rasa.channels.teams_activity import parse_activity, sender_id
from bot.rasa.channels.teams_connector import ConnectorError
from bot.rasa.channels.teams_proactive import (
    CHECKIN_INTENT,
    PROACTIVE_ATTEMPTS,
    InvalidReference,
    ProactiveCheckins,
    ProactiveTeamsOutput,
    clean_reference,
    reference_for,
)
from tests.teams.fake_bot_framework import APP_ID, APP_PASSWORD, TENANT_ID, FakeBotFramework, message
from tests.unit.journal.conftest import database_url, postgres_admin  # noqa: F401  (fixtures)

BUTTONS = [{"title": "Done", "payload": "/checkin_outcome{\"outcome\": \"done\"}"},
           {"title": "Not yet", "payload": "/checkin_outcome{\"outcome\": \"not_yet\"}"}]


def channel_for(fake) -> TeamsInput:
    return TeamsInput(app_id=APP_ID, app_password=APP_PASSWORD, tenant_id=TENANT_ID,
                      openid_metadata_url=fake.openid_metadata_url, login_url=fake.url)


def settings(url: str, poll: str = "0.2") -> Settings:
    return Settings.from_environ({"DATABASE_URL": url, "CHECKIN_POLL_SECONDS": poll})


def card_actions(post) -> list[dict]:
    return [button for attachment in post.activity.get("attachments", [])
            for button in attachment["content"].get("buttons", [])]


class StandInProcessor:
    """What Rasa does for `EXTERNAL_checkin_due` once the domain's rule runs action_checkin_open."""

    def __init__(self, repository: JournalRepository, pause_s: float = 0.0):
        self.repository = repository
        self.pause_s = pause_s
        self.triggered: list[tuple[str, str]] = []

    async def fetch_tracker_and_update_session(self, sender, output=None):
        return SimpleNamespace(sender_id=sender)

    async def trigger_external_user_uttered(self, intent, entities, tracker, output):
        self.triggered.append((intent, tracker.sender_id))
        today = clock.today()  # as action_checkin_open reads it
        due = [c for c in await asyncio.to_thread(self.repository.due_commitments, tracker.sender_id, today)
               if c.asked_at is None]
        if not due:
            return
        await asyncio.sleep(self.pause_s)  # the action server's round trip: lets replicas interleave
        # The action marks it asked and returns its message; Rasa then sends it (and may fail to).
        await asyncio.to_thread(self.repository.mark_commitment_asked, tracker.sender_id, due[0].id)
        await output.send_text_with_buttons(tracker.sender_id, f"How did it go: {due[0].text}?", BUTTONS)


class StandInAgent:
    def __init__(self, repository: JournalRepository, intents=(CHECKIN_INTENT,), pause_s: float = 0.0):
        self.lock_store = InMemoryLockStore()
        self.domain = SimpleNamespace(intents=list(intents))
        self.processor = StandInProcessor(repository, pause_s)

    def is_ready(self) -> bool:
        return True


def replica(fake, url: str, agent_intents=(CHECKIN_INTENT,), pause_s: float = 0.0):
    """One Rasa replica's proactive side: its own channel, engine and (stand-in) agent."""
    repository = JournalRepository(create_engine(url, future=True))
    channel = channel_for(fake)
    checkins = ProactiveCheckins(channel, settings(url), repository)
    agent = StandInAgent(repository, agent_intents, pause_s)
    checkins._app = SimpleNamespace(ctx=SimpleNamespace(agent=agent))
    return checkins, agent


async def shut(*replicas) -> None:
    for checkins, _ in replicas:
        await checkins.poller.stop()
        await checkins.settled()
        await checkins.channel.close()
        checkins._repository().engine.dispose()


def due_leader(url: str, fake, name: str, *, opt_in: bool = True, checkins_enabled: bool = True,
               due_in_days: int = 0) -> dict:
    """A leader who wrote in a personal chat, with a commitment made yesterday and due today (or
    `due_in_days` later)."""
    activity = message(fake, "hello", "personal", user=name)
    sender = sender_id(parse_activity(activity))
    repository = JournalRepository(get_engine(url))
    reference = reference_for(parse_activity(activity))
    repository.set_preferences(sender, teams_reference=reference, teams_reminders=opt_in,
                               checkins_enabled=checkins_enabled)
    now = datetime.now(timezone.utc)
    cid = repository.add_commitment(sender, f"talk to {name}'s partners", now.date() + timedelta(days=due_in_days))
    with get_engine(url).begin() as connection:
        connection.execute(update(COMMITMENTS).where(COMMITMENTS.c.id == cid)
                           .values(created_at=now - timedelta(days=1)))
    return {"sender": sender, "conversation": activity["conversation"]["id"], "commitment": cid,
            "activity": activity}


@pytest.fixture(scope="module")
def bf():
    """A fake Bot Framework of these tests' own: its token requests and failures are theirs alone
    (the session's `fake_bf` serves the real coach)."""
    fake = FakeBotFramework().start()
    yield fake
    fake.stop()


@pytest.fixture
def url(database_url):  # noqa: F811
    migrate(database_url)
    return database_url


# -- references ------------------------------------------------------------------------------

def test_a_personal_chat_gives_a_reference_of_ids_and_other_chats_none(bf):
    activity = parse_activity(message(bf, "hello", "personal", user="ref"))
    reference = reference_for(activity)
    assert reference == {
        "conversation_type": "personal", "service_url": bf.service_url, "channel_id": "msteams",
        "conversation_id": activity.conversation_id, "bot_id": f"28:{APP_ID}", "user_id": activity.from_id,
        "user_aad_object_id": activity.from_aad_object_id, "tenant_id": TENANT_ID,
    }
    assert "Alex Example" not in json.dumps(reference)
    for kind in ("groupChat", "channel"):
        assert reference_for(parse_activity(message(bf, "hello", kind))) is None


def test_references_are_validated_and_bounded(bf):
    good = reference_for(parse_activity(message(bf, "hello")))
    assert clean_reference({**good, "extra": "x" * 10_000}) == good  # unknown keys are dropped
    for bad in ({**good, "conversation_type": "groupChat"}, {**good, "bot_id": None},
                {**good, "service_url": "https://x.example/" + "a" * 600}, {**good, "service_url": "ftp://x"},
                {**good, "user_id": ["29:1"]}, {**good, "tenant_id": "t" * 2000}, "a string"):
        with pytest.raises(InvalidReference):
            clean_reference(bad)
    long_url = message(bf, "hello", serviceUrl="https://smba.example/" + "a" * 600)
    assert reference_for(parse_activity(long_url)) is None


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_the_webhook_stores_a_personal_chats_reference_once_and_never_a_groups(bf, url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", url)
    personal = message(bf, "hello", "personal", user="writer")
    group = message(bf, "<at>Coach</at> hello", "groupChat", user="writer")
    received = []

    async def on_new_message(user_message):
        received.append(user_message.sender_id)

    async def scenario():
        channel = channel_for(bf)
        writes = []
        original = channel.proactive._store_blocking
        channel.proactive._store_blocking = lambda *args: (writes.append(args[0]), original(*args))
        try:
            for activity in (personal, group, personal, personal):
                started = time.monotonic()
                status, _ = await channel.handle(f"Bearer {bf.token()}", json.dumps(activity).encode(),
                                                 on_new_message, {})
                assert status == 200
                assert time.monotonic() - started < 0.5  # the write is not on the request path
                await channel.proactive.settled()
            await asyncio.gather(*list(channel._tasks), return_exceptions=True)
            return writes
        finally:
            await channel.close()

    writes = asyncio.run(scenario())
    repository = JournalRepository(get_engine(url))
    personal_sender = sender_id(parse_activity(personal))
    stored = repository.get_preferences(personal_sender)
    assert stored.teams_reference == reference_for(parse_activity(personal))
    assert (stored.checkins_enabled, stored.teams_reminders) == (True, False)  # storing is not opting in
    assert repository.get_preferences(sender_id(parse_activity(group))).teams_reference is None
    assert writes == [personal_sender]  # unchanged later: no second write
    assert len(received) == 4


def test_a_changed_reference_is_stored_again_and_forget_me_deletes_it(bf, tmp_path):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate(url)
    repository = JournalRepository(get_engine(url))
    activity = message(bf, "hello", "personal", user="mover")
    moved = {**activity, "serviceUrl": bf.url + "/emea/"}
    sender = sender_id(parse_activity(activity))

    async def scenario():
        checkins = ProactiveCheckins(channel_for(bf), settings(url), repository)
        for each in (activity, moved):
            checkins.remember(parse_activity(each))
            await checkins.settled()

    asyncio.run(scenario())
    assert repository.get_preferences(sender).teams_reference["service_url"] == bf.url + "/emea/"
    repository.forget(sender)
    assert repository.get_preferences(sender).teams_reference is None


def test_the_remembered_reference_is_checked_again_after_an_hour(bf, tmp_path):
    """After a "forget me" (in the action server), a later message stores the reference again."""
    import bot.rasa.channels.teams_proactive as proactive

    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate(url)
    repository = JournalRepository(get_engine(url))
    activity = parse_activity(message(bf, "hello", "personal", user="returning"))
    sender = sender_id(activity)
    clock = [1000.0]

    async def scenario():
        checkins = ProactiveCheckins(channel_for(bf), settings(url), repository)
        checkins._clock = lambda: clock[0]
        checkins.remember(activity)
        await checkins.settled()
        repository.forget(sender)
        checkins.remember(activity)  # within the hour: trusted, not written
        await checkins.settled()
        stored_within_the_hour = repository.get_preferences(sender).teams_reference
        clock[0] += proactive.RECHECK_AFTER_S
        checkins.remember(activity)
        await checkins.settled()
        return stored_within_the_hour

    assert asyncio.run(scenario()) is None
    assert repository.get_preferences(sender).teams_reference == reference_for(activity)


# -- the proactive output -------------------------------------------------------------------

def test_the_proactive_output_posts_a_new_message_with_card_buttons_and_the_app_token(bf):
    activity = parse_activity(message(bf, "hello", "personal", user="output"))

    async def scenario():
        channel = channel_for(bf)
        try:
            output = ProactiveTeamsOutput(channel.connector, reference_for(activity))
            await output.send_typing()
            await output.send_text_with_buttons("someone", "How did it go?", BUTTONS)
            return output.sent
        finally:
            await channel.close()

    assert asyncio.run(scenario()) == 1
    [post] = bf.posts_to(activity.conversation_id, kind=None)  # no typing indicator
    assert post.reply_to_id is None and "replyToId" not in post.activity
    assert post.authorization.startswith("Bearer outbound-token-")
    assert post.activity["from"] == {"id": f"28:{APP_ID}"}
    assert post.activity["recipient"] == {"id": activity.from_id}
    assert post.activity["conversation"] == {"id": activity.conversation_id}
    assert post.text == "How did it go?"
    assert [(a["type"], a["title"], a["value"]) for a in card_actions(post)] == [
        ("messageBack", b["title"], {"payload": b["payload"]}) for b in BUTTONS]


# -- the scheduler ----------------------------------------------------------------------------

@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_an_opted_in_leaders_due_check_in_is_sent_once_and_nobody_elses(bf, url):
    ready = due_leader(url, bf, "ready")
    not_asked = due_leader(url, bf, "not-opted-in", opt_in=False)
    stopped = due_leader(url, bf, "stopped", checkins_enabled=False)

    async def scenario():
        checkins, agent = replica(bf, url)
        try:
            first = await checkins.poller.poll_once()
            second = await checkins.poller.poll_once()
            return first, second, agent.processor.triggered
        finally:
            await shut((checkins, agent))

    first, second, triggered = asyncio.run(scenario())
    assert (first, second) == (1, 0)
    assert triggered == [(CHECKIN_INTENT, ready["sender"])]
    [post] = bf.posts_to(ready["conversation"])
    assert post.reply_to_id is None and post.authorization.startswith("Bearer outbound-token-")
    assert post.text == "How did it go: talk to ready's partners?"
    assert len(card_actions(post)) == 2
    for leader in (not_asked, stopped):
        assert bf.posts_to(leader["conversation"], kind=None) == []
    with get_engine(url).connect() as connection:
        rows = connection.execute(select(CLAIMS.c.commitment_id, CLAIMS.c.sent_at, CLAIMS.c.attempts)).all()
    assert [(row.commitment_id, row.attempts) for row in rows] == [(ready["commitment"], 1)]
    assert rows[0].sent_at is not None


def test_coach_today_moves_the_pollers_date_as_it_moves_the_actions(bf, url, monkeypatch):
    """A demo set ten days ahead gets the check-in due then, and the claim is dated then too."""
    monkeypatch.delenv("COACH_TODAY", raising=False)
    leader = due_leader(url, bf, "future", due_in_days=10)
    later = datetime.now(timezone.utc).date() + timedelta(days=10)

    async def poll():
        checkins, agent = replica(bf, url)
        try:
            return await checkins.poller.poll_once()
        finally:
            await shut((checkins, agent))

    assert asyncio.run(poll()) == 0  # the real date: not due yet
    monkeypatch.setenv("COACH_TODAY", later.isoformat())
    assert asyncio.run(poll()) == 1
    [post] = bf.posts_to(leader["conversation"])
    assert post.text == "How did it go: talk to future's partners?"
    with get_engine(url).connect() as connection:
        claimed, sent = connection.execute(select(CLAIMS.c.claimed_at, CLAIMS.c.sent_at)).one()
    assert claimed.date() == sent.date() == later


@pytest.mark.parametrize("failure", [(500, {}), (429, {"Retry-After": "0"})], ids=["500", "429"])
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_failed_send_is_retried_on_a_later_poll_and_sent_once(bf, url, failure):
    leader = due_leader(url, bf, f"retry-{failure[0]}")

    async def scenario():
        checkins, agent = replica(bf, url)
        bf.fail_next_messages[:] = [failure] * PROACTIVE_ATTEMPTS  # this poll's attempts all fail
        try:
            results = [await checkins.poller.poll_once()]
            with get_engine(url).connect() as connection:
                claim = connection.execute(select(CLAIMS)).one()
            asked = JournalRepository(get_engine(url)).get_commitment(leader["sender"], leader["commitment"]).asked_at
            results += [await checkins.poller.poll_once(), await checkins.poller.poll_once()]
            return results, claim, asked
        finally:
            bf.fail_next_messages.clear()
            await shut((checkins, agent))

    results, failed_claim, asked_after_failure = asyncio.run(scenario())
    assert results == [0, 1, 0]
    assert failed_claim.claimed_at is None and failed_claim.sent_at is None
    assert f"status {failure[0]}" in failed_claim.last_error
    assert asked_after_failure is None  # the failed attempt's question never arrived
    refused = [p for p in bf.posts if p.conversation_id == leader["conversation"] and p.status >= 300]
    assert len(refused) == PROACTIVE_ATTEMPTS
    assert len(bf.posts_to(leader["conversation"])) == 1
    with get_engine(url).connect() as connection:
        claim = connection.execute(select(CLAIMS)).one()
    assert claim.sent_at is not None and claim.attempts == 2 and claim.last_error is None
    repository = JournalRepository(get_engine(url))
    assert repository.get_commitment(leader["sender"], leader["commitment"]).asked_at is not None


@pytest.mark.timeout(120)
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_replicas_polling_together_send_each_check_in_once(bf, url):
    leaders = [due_leader(url, bf, f"pair-{i}") for i in range(12)]

    async def scenario():
        replicas = [replica(bf, url, pause_s=0.05) for _ in range(2)]
        try:
            for checkins, _ in replicas:
                checkins.poller.batch = 3  # several polls each, interleaved
                checkins.poller.start()
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if all(bf.posts_to(leader["conversation"]) for leader in leaders):
                    break
                await asyncio.sleep(0.1)
            await asyncio.sleep(1.0)  # several more polls by both: nothing more may be sent
            return [agent.processor.triggered for _, agent in replicas]
        finally:
            await shut(*replicas)

    triggered = asyncio.run(scenario())
    assert all(triggered), "both replicas took part"
    senders = [sender for each in triggered for _, sender in each]
    assert sorted(senders) == sorted(leader["sender"] for leader in leaders)
    for leader in leaders:
        [post] = bf.posts_to(leader["conversation"])
        assert post.authorization.startswith("Bearer outbound-token-")


def test_nothing_is_claimed_until_the_domain_has_the_check_in_intent(bf, tmp_path):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate(url)
    leader = due_leader(url, bf, "early")

    async def scenario():
        checkins, agent = replica(bf, url, agent_intents=("greet",))
        try:
            return await checkins.poller.poll_once(), agent.processor.triggered
        finally:
            await shut((checkins, agent))

    assert asyncio.run(scenario()) == (0, [])
    with get_engine(url).connect() as connection:
        assert connection.execute(select(CLAIMS)).all() == []
    assert bf.posts_to(leader["conversation"], kind=None) == []


def test_the_poller_starts_and_stops_with_the_server_and_survives_errors(bf, tmp_path, caplog):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate(url)
    leader = due_leader(url, bf, "loop")

    async def scenario():
        checkins, agent = replica(bf, url)
        calls = []
        real_deliver = checkins.poller._deliver

        async def flaky(claim):
            calls.append(claim.commitment_id)
            if len(calls) == 1:
                raise ConnectorError("could not get a Bot Framework token: ClientConnectorError")
            return await real_deliver(claim)

        checkins.poller._deliver = flaky
        checkins.poller.start()
        try:
            for _ in range(100):
                if bf.posts_to(leader["conversation"]):
                    break
                await asyncio.sleep(0.05)
        finally:
            await shut((checkins, agent))
        return calls, checkins.poller.running

    calls, running = asyncio.run(scenario())
    assert calls == [leader["commitment"]] * 2 and not running
    assert len(bf.posts_to(leader["conversation"])) == 1
    assert "not delivered (attempt 1 of 5)" in caplog.text
    assert "talk to loop" not in caplog.text  # never the leader's words


def test_the_poll_interval_is_a_setting():
    assert Settings.from_environ({}).checkin_poll_seconds == 300.0
    assert Settings.from_environ({"CHECKIN_POLL_SECONDS": "0.5"}).checkin_poll_seconds == 0.5
    with pytest.raises(SystemExit, match="CHECKIN_POLL_SECONDS must be a number"):
        Settings.from_environ({"CHECKIN_POLL_SECONDS": "often"})


# -- a real Rasa agent (a tiny model with the contract's rule) --------------------------------

TINY_DOMAIN = f"""
version: "3.1"
intents: [greet, {CHECKIN_INTENT}]
responses:
  utter_checkin_question:
    - text: "How did your commitment go?"
      buttons:
        - {{title: "Done", payload: "/greet"}}
        - {{title: "Not yet", payload: "/greet"}}
session_config:
  session_expiration_time: 60
  carry_over_slots_to_new_session: true
"""
TINY_RULES = f"""
version: "3.1"
rules:
  - rule: a due check-in is asked (in the coach, action_checkin_open)
    steps:
      - intent: {CHECKIN_INTENT}
      - action: utter_checkin_question
"""


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A core-only model (RulePolicy, seconds to train) whose domain has the check-in rule."""
    folder = tmp_path_factory.mktemp("tiny-rasa")
    (folder / "domain.yml").write_text(TINY_DOMAIN)
    (folder / "rules.yml").write_text(TINY_RULES)
    (folder / "config.yml").write_text(
        "recipe: default.v1\nassistant_id: tiny\nlanguage: en\npipeline: []\npolicies:\n  - name: RulePolicy\n")
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "train", "core", "--domain", "domain.yml", "--stories", "rules.yml",
         "--config", "config.yml", "--out", "models", "--fixed-model-name", "tiny"],
        cwd=folder, capture_output=True, text=True, timeout=300,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return folder / "models" / "tiny.tar.gz"


def test_a_real_rasa_agent_asks_through_the_proactive_output_and_keeps_nothing_of_a_failed_send(
        bf, tmp_path, tiny_model):
    """The real processor path: the conversation lock, the session, the external intent, the rule,
    the bot message with buttons through the proactive output. A failed send saves nothing in the
    conversation and is retried by the next poll."""
    from rasa.core.agent import Agent

    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate(url)
    leader = due_leader(url, bf, "rasa")

    async def scenario():
        checkins, stand_in = replica(bf, url)
        agent = Agent.load(str(tiny_model))
        checkins._app.ctx.agent = agent
        bf.fail_next_messages[:] = [(503, {})] * PROACTIVE_ATTEMPTS
        try:
            failed = await checkins.poller.poll_once()
            after_failure = await agent.tracker_store.retrieve(leader["sender"])
            sent = await checkins.poller.poll_once()
            again = await checkins.poller.poll_once()
            tracker = await agent.tracker_store.retrieve(leader["sender"])
            return failed, after_failure, sent, again, tracker
        finally:
            bf.fail_next_messages.clear()
            await shut((checkins, stand_in))

    failed, after_failure, sent, again, tracker = asyncio.run(scenario())
    assert (failed, sent, again) == (0, 1, 0)
    assert after_failure is None or not [e for e in after_failure.events if e.type_name == "bot"]
    [post] = bf.posts_to(leader["conversation"])
    assert post.text == "How did your commitment go?" and post.reply_to_id is None
    assert post.authorization.startswith("Bearer outbound-token-")
    assert [a["title"] for a in card_actions(post)] == ["Done", "Not yet"]
    user_events = [e for e in tracker.events if e.type_name == "user"]
    assert [e.intent_name for e in user_events] == [CHECKIN_INTENT]
    assert [e.text for e in tracker.events if e.type_name == "bot"] == ["How did your commitment go?"]


# -- the whole path through the real coach (needs the check-ins domain) ----------------------

def _domain_has_checkin_intent() -> bool:
    return CHECKIN_INTENT in (ROOT / "domain.yml").read_text(encoding="utf-8")


@pytest.mark.integration
@pytest.mark.skipif(not _domain_has_checkin_intent(),
                    reason=f"needs the check-ins domain ({CHECKIN_INTENT} and its rule): runs once merged")
def test_the_real_coach_sends_a_due_check_in_once(teams_coach, fake_bf):
    activity = message(fake_bf, "hello", "personal", user="real-check-in")
    conversation = activity["conversation"]["id"]
    sender = sender_id(parse_activity(activity))
    assert teams_coach.send(activity).status_code == 200
    fake_bf.wait_for_posts(conversation)
    url = f"sqlite:///{teams_coach.database}"
    repository = JournalRepository(get_engine(url))
    deadline = time.monotonic() + 15
    while repository.get_preferences(sender).teams_reference is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert repository.get_preferences(sender).teams_reference["conversation_id"] == conversation

    # What "remind me in Teams" and a saved commitment from yesterday leave behind.
    repository.set_preferences(sender, teams_reminders=True)
    now = datetime.now(timezone.utc)
    cid = repository.add_commitment(sender, "Ask the two trusts for a joint discharge meeting", now.date())
    with get_engine(url).begin() as connection:
        connection.execute(update(COMMITMENTS).where(COMMITMENTS.c.id == cid)
                           .values(created_at=now - timedelta(days=1)))
    before = len(fake_bf.posts_to(conversation))
    posts = fake_bf.wait_for_posts(conversation, count=before + 1, timeout_s=30, settle_s=2.0)  # ~4 more polls
    proactive = posts[before:]
    assert len(proactive) >= 1
    first = proactive[0]
    assert first.reply_to_id is None and first.authorization.startswith("Bearer outbound-token-")
    assert card_actions(first), "the check-in question has buttons"
    assert repository.get_commitment(sender, cid).asked_at is not None
    with sqlite3.connect(teams_coach.database) as connection:
        sent = connection.execute("SELECT sent_at FROM checkin_claims WHERE commitment_id = ?", (cid,)).fetchone()
    assert sent and sent[0]
    assert CHECKIN_INTENT in teams_coach.intents(sender)
    time.sleep(2.0)
    assert len(fake_bf.posts_to(conversation)) == len(posts)  # once
