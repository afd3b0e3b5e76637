"""The trainers' report over conversations with the REAL assistant, on SQLite and on PostgreSQL.

For each database a coach is started (`python -m bot run`, DATABASE_URL pointing at a fresh
database), scripted conversations are sent over REST, the coach is stopped, and the report's
figures must be exactly what those conversations were.
"""
from __future__ import annotations

import io
import json
import re
import uuid
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from bot.analytics.cli import main as cli
from bot.analytics.privacy import pseudonym
from bot.analytics.queries import make_filters
from bot.analytics.review import list_conversations
from bot.db import get_engine
from bot.journal import JournalRepository, get_journal
from tests.integration.servers import RunningCoach
from tests.unit.journal.conftest import postgres_admin  # noqa: F401  (fixture)

pytestmark = pytest.mark.integration

REFLECTION = [
    "I want to reflect on a challenge",
    "Getting Priya Shah's two trusts to agree a discharge plan",
    "I think we should stop the pilot and start again with both teams",
    "Both trusts are under winter pressure and see risk differently",
    "Hold a joint listening session; ask the ICB to convene",  # classified nlu_fallback: still an answer
    "I'll hold a joint listening session by 30 March",
    "4",
    "yes",  # save
    "no",  # do not share
]
UNANSWERED = "How do I get my sourdough starter to rise, asks Sarah Jones?"


def texts(replies):
    return " ".join(reply.get("text") or "" for reply in replies)


def converse(coach: RunningCoach) -> dict:
    """The scripted conversations; returns what only the replies can tell (the items shown)."""
    def say(sender, message, metadata=None):
        import requests

        body = {"sender": sender, "message": message, **({"metadata": metadata} if metadata else {})}
        response = requests.post(f"{coach.url}/webhooks/rest/webhook", json=body, timeout=60)
        response.raise_for_status()
        return response.json()

    assert "System Leadership Coach" in texts(say("it-greet", "Hello!", {"cohort": "alpha"}))
    assert "Source:" in texts(say("it-question", "What does system leadership actually mean?"))
    assert "outside my curated knowledge base" in texts(say("it-gap", UNANSWERED))
    assert "put that another way" in texts(say("it-nonsense", "xkcd blorp wibble"))
    replies = [say("it-reflect", message, {"cohort": "beta"}) for message in REFLECTION]
    assert "save this to your private journal" in texts(replies[-3])
    assert "Saved to your private journal" in texts(replies[-2])
    first = say("it-finder", '/find_programme{"want": "network"}')  # the finder answers first
    recommended = say("it-finder", "I'm a middle manager in a council")
    shown = [json.loads(button["payload"].removeprefix("/ask_programme"))["programme_id"]
             for reply in recommended for button in reply.get("buttons", [])
             if button["payload"].startswith("/ask_programme")]
    shown_first = [json.loads(button["payload"].removeprefix("/ask_programme"))["programme_id"]
                   for reply in first for button in reply.get("buttons", [])
                   if button["payload"].startswith("/ask_programme")]
    assert len(shown) >= 3
    clicked = say("it-finder", "/ask_programme" + json.dumps({"programme_id": shown[0]}))
    # An entry just shown in the list gets its short details: the link is the authority.
    assert "Format:" in texts(clicked) and "http" in texts(clicked)
    assert "116 123" in texts(say("it-distress", "I'm completely burnt out and can't face work tomorrow"))
    assert "outside what I can help with" in texts(say("it-scope", "What's the weather like in Leeds today?"))
    assert "outside what I can help with" in texts(say("it-scope", "did England win the rugby at the weekend?"))
    assert "not a clinical tool" in texts(say("it-scope", "how many mg of codeine can I take a day"))
    return {"shown": shown, "shown_first": shown_first}


def report(url: str, *options: str) -> dict:
    today = datetime.now(timezone.utc).date()
    out, err = io.StringIO(), io.StringIO()
    code = cli(["analytics", "--database-url", url, "report", "--format", "json",
                "--since", str(today - timedelta(days=1)), "--until", str(today + timedelta(days=1)), *options],
               out=out, err=err)
    assert code == 0, err.getvalue()
    return json.loads(out.getvalue())


@pytest.fixture(params=["sqlite", "postgresql"])
def conversed(request, tmp_path, monkeypatch):
    """(database URL, what the replies showed) after the scripted conversations with a real coach."""
    monkeypatch.setenv("ANALYTICS_SECRET", "integration-test-secret-0123456789")
    name = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'coach.db'}"
    else:
        admin = request.getfixturevalue("postgres_admin")
        name = f"analytics_it_{uuid.uuid4().hex[:12]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = admin.url.set(database=name).render_as_string(hide_password=False)
    coach = RunningCoach(url, tmp_path / "coach.log")
    try:
        coach.start()
        try:
            seen = converse(coach)
        finally:
            assert coach.stop() == 0
        yield url, seen
    finally:
        get_engine(url).dispose()
        get_journal.cache_clear()
        get_engine.cache_clear()
        if name is not None:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def fell_back(url: str, sender: str) -> int:
    """1 when the stored events of `sender` show a fallback turn (the classifier's nlu_fallback or
    action_handle_fallback), else 0: read from the tracker store directly, not through the report."""
    with get_engine(url).connect() as connection:
        rows = connection.execute(text("SELECT type_name, action_name, data FROM events WHERE sender_id LIKE :s"),
                                  {"s": f"%{sender}"}).fetchall()
    intents = [((json.loads(data).get("parse_data") or {}).get("intent") or {}).get("name")
               for type_name, _, data in rows if type_name == "user"]
    return int("nlu_fallback" in intents or any(action == "action_handle_fallback" for _, action, _ in rows))


def test_the_report_matches_the_conversations_exactly(conversed):
    url, seen = conversed
    figures = report(url)
    assert figures["conversations"] == figures["leaders"] == 8
    assert figures["messages"] == 1 + 1 + 1 + 1 + len(REFLECTION) + 3 + 1 + 3
    assert figures["by_channel"] == {"rest": 8}
    assert figures["by_cohort"] == {"none": 6, "alpha": 1, "beta": 1}
    assert list(figures["conversations_per_day"].values()) == [8]
    assert figures["top_topics"] == {"what-is-system-leadership": 1}
    assert figures["unanswered"] == [
        {"text": "How do I get my sourdough starter to rise, asks [NAME]?", "count": 1},
        {"text": "xkcd blorp wibble", "count": 1},
    ]
    # The nonsense, and the sourdough question when the classifier was unsure of it (a sure wrong
    # intent goes to the understanding step instead, which declines it just the same); not the
    # reflection answer classified nlu_fallback inside the form.
    fallbacks = 1 + fell_back(url, "it-gap")
    assert figures["fallbacks"] == fallbacks
    assert figures["fallback_rate"] == round(fallbacks / figures["messages"], 4)
    assert figures["reflections"] == {
        "started": 1, "completed": 1, "saved": 1,
        "by_exercise": {"cross-boundary-challenge": {"started": 1, "completed": 1, "saved": 1}},
    }
    assert figures["programme_referrals"] == {
        # Conversations, not displays: an entry in both of one conversation's lists counts once.
        "shown": dict(sorted(Counter({*seen["shown"], *seen["shown_first"]}).items())),
        "clicked": {seen["shown"][0]: 1},
    }
    assert figures["wellbeing_signposts"] == 1
    # Declined as out of scope: listed apart from the content gaps; the clinical question only counted.
    assert figures["out_of_scope"] == [
        {"text": "What's the weather like in Leeds today?", "count": 1},
        {"text": "did England win the rugby at the weekend?", "count": 1},
    ]
    assert (figures["out_of_scope_total"], figures["clinical_declines"]) == (2, 1)
    assert "codeine" not in json.dumps(figures)

    cohort = report(url, "--cohort", "beta")
    assert (cohort["conversations"], cohort["messages"], cohort["reflections"]["saved"]) == (1, len(REFLECTION), 1)
    assert report(url, "--channel", "socketio")["conversations"] == 0

    # The review list names leaders only by pseudonym and nothing typed leaks into the report.
    today = datetime.now(timezone.utc).date()
    listed = list_conversations(get_engine(url), make_filters(today - timedelta(days=1), today + timedelta(days=1)),
                                exercise="cross-boundary-challenge")
    assert [c.pseudonym for c in listed] == [pseudonym("rest:it-reflect")]
    dumped = json.dumps(figures)
    assert not re.search(r"it-(greet|question|gap|reflect|finder|distress|scope)|Priya|Sarah|discharge", dumped)

    # Commitments: what the check-ins record in the journal, counted by the conversations' cohorts.
    # Compared with the figures before (the reflection may itself have saved a commitment).
    before = figures["commitments"]
    journal = JournalRepository(get_engine(url))
    made = [journal.add_commitment("rest:it-reflect", f"step {i}", today) for i in range(3)]
    journal.record_checkin("rest:it-reflect", made[0], "done")
    journal.record_checkin("rest:it-reflect", made[1], "not_yet")
    journal.add_commitment("rest:it-greet", "call the ICB", None)
    journal.add_commitment("it-unknown", "no conversation in the period", today)
    after = report(url)["commitments"]
    assert after["made"] - before["made"] == 4
    assert after["checked_in"] - before["checked_in"] == 2
    assert {k: after["outcomes"][k] - before["outcomes"][k] for k in after["outcomes"]} == {
        "done": 1, "partly": 0, "not_yet": 1, "skipped": 0}
    zero = dict.fromkeys(("made", "checked_in", "done", "partly", "not_yet", "skipped", "teams_reminders"), 0)
    beta = {k: v - before["by_cohort"].get("beta", zero)[k] for k, v in after["by_cohort"]["beta"].items()}
    assert beta == {**zero, "made": 3, "checked_in": 2, "done": 1, "not_yet": 1}
    assert after["by_cohort"]["alpha"]["made"] - before["by_cohort"].get("alpha", zero)["made"] == 1
    assert report(url, "--cohort", "alpha")["commitments"]["checked_in"] == 0
    assert "step" not in json.dumps(after) and "it-" not in json.dumps(after)
