"""Commitments and check-ins in the report, exactly, on SQLite and PostgreSQL: counts only, by
cohort and period; the coach's own proactive triggers are not leaders' messages."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

import pytest
from aiohttp import web

from bot.analytics import report as report_module
from bot.analytics.queries import make_filters, overview
from bot.analytics.review import transcript
from bot.checkins.scheduler import CLAIMS
from bot.config import Settings
from bot.db.tables import CommitmentRow
from bot.web import dashboard
from bot.web.app import common_headers
from tests.unit.analytics import scenario
from tests.unit.analytics.conftest import FAST_HASHER
from tests.unit.analytics.events import Conversation

DAY, OTHER_DAY = scenario.DAY, scenario.OTHER_DAY
TEAMS_LEADER = "teams:aad-1:a:1personal"
SECRET_WORDS = "Ask Priya Shah for the discharge data"
EMPTY = {"made": 0, "checked_in": 0, "outcomes": {"done": 0, "partly": 0, "not_yet": 0, "skipped": 0},
         "teams_reminders": 0, "by_cohort": {}}


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=timezone.utc)


def commit(engine, sender, made, status="open", checked=None, sent=None, attempts=None):
    with engine.begin() as connection:
        cid = connection.execute(CommitmentRow.__table__.insert().values(
            sender_id=sender, text=SECRET_WORDS, due_date=at(made).date(), status=status, created_at=at(made),
            checked_in_at=None if checked is None else at(checked, 11),
        )).inserted_primary_key[0]
        if sent is not None or attempts is not None:
            connection.execute(CLAIMS.insert().values(
                commitment_id=cid, claimed_at=at(sent or made, 9), attempts=attempts or 1,
                sent_at=None if sent is None else at(sent, 9),
            ))


def proactive_check_in(sender=TEAMS_LEADER, day=DAY, answer: str | None = None) -> Conversation:
    """A check-in the coach started in Teams (Rasa stores the trigger as a user event)."""
    c = Conversation(sender, day, channel="teams")
    c.user("EXTERNAL: EXTERNAL_checkin_due", "EXTERNAL_checkin_due").action("action_checkin_open")
    c.bot(f'How did it go: "{SECRET_WORDS}"?').listen()
    if answer:
        c.user(answer, "checkin_outcome").action("utter_checkin_thanks").bot("Thank you").listen()
    return c


@pytest.fixture
def scripted(engine):
    for conversation in [*scenario.everyone(), proactive_check_in()]:
        conversation.save(engine)
    commit(engine, "leader-reflect", DAY)  # beta: made
    commit(engine, "leader-reflect", "2025-03-01", "done", checked=DAY)  # beta: checked in, done
    commit(engine, "leader-reflect", DAY, "partly", checked=DAY)  # beta: made and checked in, partly
    commit(engine, "leader-greet", DAY, "not_yet", checked=OTHER_DAY)  # alpha: made; checked in the next day
    commit(engine, TEAMS_LEADER, "2025-03-01", sent=DAY)  # a Teams reminder nobody answered (yet)
    commit(engine, "leader-nonsense", DAY, attempts=1)  # teams: made; its reminder failed, not sent
    commit(engine, "leader-gone", DAY, "skipped", checked=DAY)  # no conversation in the period: not counted
    commit(engine, "leader-question", "2025-02-01", "done", checked="2025-02-02", sent="2025-02-01")  # before
    return engine


def test_commitments_made_checked_in_and_reminded_by_cohort(scripted):
    report = overview(scripted, make_filters(DAY, DAY))
    assert report["commitments"] == {
        "made": 4, "checked_in": 2, "outcomes": {"done": 1, "partly": 1, "not_yet": 0, "skipped": 0},
        "teams_reminders": 1,
        "by_cohort": {
            "alpha": {"made": 1, "checked_in": 0, "done": 0, "partly": 0, "not_yet": 0, "skipped": 0,
                      "teams_reminders": 0},
            "beta": {"made": 2, "checked_in": 2, "done": 1, "partly": 1, "not_yet": 0, "skipped": 0,
                     "teams_reminders": 0},
            "none": {"made": 1, "checked_in": 0, "done": 0, "partly": 0, "not_yet": 0, "skipped": 0,
                     "teams_reminders": 1},
        },
    }
    # Counts only: no words, no sender ids.
    dumped = json.dumps(report["commitments"])
    assert "Priya" not in dumped and "leader-" not in dumped and "teams:" not in dumped


def test_commitment_figures_follow_the_period_and_the_filters(scripted):
    both = overview(scripted, make_filters(DAY, OTHER_DAY))["commitments"]
    assert (both["made"], both["checked_in"], both["outcomes"]["not_yet"]) == (4, 3, 1)
    assert both["by_cohort"]["alpha"]["not_yet"] == 1
    beta = overview(scripted, make_filters(DAY, DAY, cohort="beta"))["commitments"]
    assert (beta["made"], beta["checked_in"], list(beta["by_cohort"])) == (2, 2, ["beta"])
    teams = overview(scripted, make_filters(DAY, DAY, channel="teams"))["commitments"]
    assert (teams["made"], teams["checked_in"], teams["teams_reminders"]) == (1, 0, 1)
    assert overview(scripted, make_filters("2025-03-12", "2025-03-31"))["commitments"] == EMPTY
    february = overview(scripted, make_filters("2025-02-01", "2025-02-28"))["commitments"]
    assert february == EMPTY  # leader-question wrote only in March: no conversation in February


def test_the_coachs_own_trigger_is_not_a_leaders_message(scripted):
    report = overview(scripted, make_filters(DAY, DAY))
    # scenario.everyone() alone: 8 conversations, 18 messages; the unanswered check-in adds none.
    assert (report["conversations"], report["messages"]) == (8, 18)
    assert report["by_channel"] == {"rest": 5, "socketio": 2, "teams": 1}
    proactive_check_in("teams:aad-2:a:1other", answer="Done, it went well").save(scripted)
    report = overview(scripted, make_filters(DAY, DAY))
    assert (report["conversations"], report["messages"], report["by_channel"]["teams"]) == (9, 19, 2)
    assert report["fallbacks"] == 3 and report["unanswered_total"] == 2


def test_a_check_in_transcript_shows_no_trigger_and_withholds_the_commitment(scripted):
    from bot.analytics.privacy import pseudonym

    proactive_check_in("teams:aad-3:a:1answered", answer="Done, it went well").save(scripted)
    found = transcript(scripted, pseudonym("teams:aad-3:a:1answered"), make_filters(DAY, DAY))
    assert [(t["speaker"], t["text"]) for t in found["turns"]] == [
        ("coach", "[reflection text withheld]"), ("leader", "Done, it went well"), ("coach", "Thank you"),
    ]


def test_the_report_formats_carry_the_commitments(scripted):
    report = overview(scripted, make_filters(DAY, DAY))
    rows = list(csv.reader(io.StringIO(report_module.to_csv(report))))
    assert ["commitments.made", "", "4"] in rows
    assert ["commitments.outcomes", "done", "1"] in rows
    assert ["commitments.by_cohort", "beta.partly", "1"] in rows
    assert ["commitments.teams_reminders", "", "1"] in rows
    page = report_module.to_html(report)
    assert "<h2>commitments.outcomes</h2>" in page and "Priya" not in page


def test_no_journal_commitments_reports_zeros(engine):
    scenario.greeting().save(engine)
    assert overview(engine, make_filters(DAY, DAY))["commitments"] == EMPTY


def test_the_dashboard_overview_has_a_commitments_table_and_csv(scripted, database_url):
    from bot.analytics.accounts import TrainerAccounts
    from tests.unit.web.conftest import PASSWORD, run, signed_in

    TrainerAccounts(scripted, FAST_HASHER).add_trainer("tess", PASSWORD, "trainer")
    app = web.Application(middlewares=[common_headers])
    dashboard.setup(app, Settings.from_environ({"DATABASE_URL": database_url}), hasher=FAST_HASHER)

    async def scenario_(client):
        await signed_in(client)
        page = await (await client.get("/analytics", params={"since": DAY, "until": DAY})).text()
        exported = await client.get("/analytics/export/commitments.csv", params={"since": DAY, "until": DAY})
        return page, exported.status, await exported.text()

    page, status, text = run(app, scenario_)
    table = page[page.index('<table id="commitments">'):]
    table = table[:table.index("</table>")]
    assert "<td>beta</td>" + "".join(f'<td class="n">{n}</td>' for n in (2, 2, 1, 1, 0, 0, 0)) in table
    assert '<th scope="row">All cohorts</th>' + "".join(
        f'<td class="n">{n}</td>' for n in (4, 2, 1, 1, 0, 0, 1)) in table
    assert "Priya" not in page
    assert status == 200
    assert list(csv.reader(io.StringIO(text))) == [
        ["cohort", "made", "checked_in", "done", "partly", "not_yet", "skipped", "teams_reminders"],
        ["alpha", "1", "0", "0", "0", "0", "0", "0"],
        ["beta", "2", "2", "1", "1", "0", "0", "0"],
        ["none", "1", "0", "0", "0", "0", "0", "1"],
        ["all cohorts", "4", "2", "1", "1", "0", "0", "1"],
    ]
