"""Forget me on SQLite and PostgreSQL: one call deletes everything kept about one leader, all or
nothing, and nobody else's; retention forgets stale leaders the same way."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, inspect, select

from bot.analytics.accounts import TrainerAccounts
from bot.analytics.maintenance import purge
from bot.analytics.privacy import pseudonym
from bot.db.forget import forget_leader
from bot.db.tables import CLAIMS, TAGS, CheckinPreferenceRow, CommitmentRow, ReflectionRow
from tests.unit.analytics.events import create_events_table, events
from tests.unit.journal.conftest import refusing

ALICE, BOB = "leader-alice", "leader-bob"
SECRET = "a test secret of enough length"
NOTHING = {"claims": 0, "preferences": 0, "commitments": 0, "reflections": 0, "tags": 0, "views": 0, "links": 0,
           "events": 0}
TABLES = {"reflections": ReflectionRow.__table__, "commitments": CommitmentRow.__table__,
          "preferences": CheckinPreferenceRow.__table__, "claims": CLAIMS, "tags": TAGS, "events": events}


@pytest.fixture(autouse=True)
def analytics_secret(monkeypatch):
    monkeypatch.setenv("ANALYTICS_SECRET", SECRET)


def _everything_of(journal, sender, *, reflections=2, last_seen=None):
    """Reflections, a commitment with a claim, preferences, a trainer's tag and a conversation."""
    ids = [journal.save_reflection(sender, "grow", "Title", "Summary", {"Q?": "A"}) for _ in range(reflections)]
    commitment = journal.add_commitment(sender, "Call Sam", date(2026, 3, 1), ids[0] if ids else None)
    journal.set_preferences(sender, teams_reminders=True, teams_reference={"conversation_id": f"a:{sender}"})
    with journal.engine.begin() as connection:
        connection.execute(CLAIMS.insert().values(commitment_id=commitment, attempts=1))
    TrainerAccounts(journal.engine).add_tag(pseudonym(sender), "follow-up", "trainer", note="asked for help")
    if events.name in _tables(journal):
        moment = (last_seen or datetime.now(timezone.utc)).timestamp()
        with journal.engine.begin() as connection:
            connection.execute(events.insert(), [
                {"sender_id": sender, "type_name": "user", "timestamp": moment, "data": "{}"}] * 3)


def _tables(journal) -> set[str]:
    return set(inspect(journal.engine).get_table_names())


def _rows(journal, sender) -> dict[str, int]:
    """How many rows each table holds for `sender`."""
    found = {}
    with journal.engine.connect() as connection:
        for name, table in TABLES.items():
            if table.name not in _tables(journal):
                continue
            if name == "claims":
                condition = table.c.commitment_id.in_(
                    select(CommitmentRow.id).where(CommitmentRow.sender_id == sender).scalar_subquery())
            elif name == "tags":
                condition = table.c.pseudonym == pseudonym(sender)
            else:
                condition = table.c.sender_id == sender
            found[name] = connection.execute(select(func.count()).select_from(table).where(condition)).scalar_one()
    return found


def test_forget_deletes_everything_of_the_leader_and_nothing_of_anyone_else(journal):
    create_events_table(journal.engine)
    _everything_of(journal, ALICE)
    _everything_of(journal, BOB, reflections=1)
    bobs = _rows(journal, BOB)

    counts = forget_leader(journal.engine, ALICE)

    assert counts == {**NOTHING, "claims": 1, "preferences": 1, "commitments": 1, "reflections": 2, "tags": 1,
                      "events": 3}
    assert _rows(journal, ALICE) == {name: 0 for name in TABLES}
    assert _rows(journal, BOB) == bobs == {"claims": 1, "preferences": 1, "commitments": 1,
                                           "reflections": 1, "tags": 1, "events": 3}
    assert journal.get_preferences(ALICE).teams_reference is None
    assert forget_leader(journal.engine, ALICE) == NOTHING


def test_the_journal_forgets_through_the_same_call(journal):
    _everything_of(journal, ALICE)
    assert journal.forget(ALICE) == {**NOTHING, "claims": 1, "preferences": 1, "commitments": 1,
                                     "reflections": 2, "tags": 1}
    assert journal.list_reflections(ALICE) == [] and journal.list_commitments(ALICE) == []


def test_forget_works_before_rasa_has_created_its_events_table(journal):
    journal.save_reflection(ALICE, "grow", "Title", "Summary", {})
    assert forget_leader(journal.engine, ALICE) == {**NOTHING, "reflections": 1}


def test_forget_is_all_or_nothing(journal):
    create_events_table(journal.engine)
    _everything_of(journal, ALICE)
    before = _rows(journal, ALICE)

    with refusing(journal.engine, "DELETE FROM events"), pytest.raises(RuntimeError, match="went away"):
        forget_leader(journal.engine, ALICE)
    assert _rows(journal, ALICE) == before  # the journal, claims, preferences and tags are all still there


@pytest.mark.parametrize("sender", ["", "x" * 256, "nul\x00", None])
def test_an_unusable_sender_id_is_a_value_error_and_deletes_nothing(journal, sender):
    _everything_of(journal, ALICE)
    with pytest.raises(ValueError, match="sender_id"):
        forget_leader(journal.engine, sender)
    assert _rows(journal, ALICE)["reflections"] == 2


def test_retention_forgets_stale_leaders_as_forget_me_does(journal):
    create_events_table(journal.engine)
    now = datetime(2026, 3, 10, tzinfo=timezone.utc)
    _everything_of(journal, ALICE, last_seen=now - timedelta(days=40))
    _everything_of(journal, BOB, last_seen=now - timedelta(days=1))

    counts = purge(journal.engine, 30, now)

    assert counts == {"conversations": 1, "claims": 1, "preferences": 1, "commitments": 1, "reflections": 2,
                      "tags": 1, "views": 0, "links": 0, "events": 3}
    assert _rows(journal, ALICE) == {name: 0 for name in TABLES}
    assert _rows(journal, BOB)["preferences"] == 1 and _rows(journal, BOB)["reflections"] == 2


WEB, TEAMS = "web:" + "a" * 32, "teams:tenant-1:aad-1"


def test_forget_covers_every_linked_identity_their_teams_group_chats_and_trainers_records(journal):
    from bot.db.tables import TRANSCRIPT_VIEWS
    from bot.journal import links

    create_events_table(journal.engine)
    _everything_of(journal, TEAMS)
    _everything_of(journal, WEB, reflections=1)
    group_chat = TEAMS + ":19:chat@thread.v2"
    with journal.engine.begin() as connection:
        connection.execute(events.insert(), [{"sender_id": group_chat, "type_name": "user", "timestamp": 1.0,
                                              "data": "{}"}])
        connection.execute(TRANSCRIPT_VIEWS.insert().values(trainer_name="trainer", pseudonym=pseudonym(WEB),
                                                            viewed_at=datetime.now(timezone.utc)))
    _everything_of(journal, BOB, reflections=1)
    code = links.issue_code(journal.engine, WEB)
    assert links.redeem(journal.engine, code, TEAMS).outcome == "linked"
    assert journal.leader_for(WEB) == TEAMS and len(journal.list_reflections(TEAMS)) == 3

    counts = forget_leader(journal.engine, WEB)  # said on the widget: Teams goes too

    assert counts["reflections"] == 3 and counts["events"] == 7 and counts["links"] == 1
    assert counts["tags"] == 2 and counts["views"] == 1
    for sender in (WEB, TEAMS, group_chat):
        assert not any(_rows(journal, sender).values()), sender
    assert journal.leader_for(WEB) == WEB
    assert _rows(journal, BOB)["reflections"] == 1


def test_retention_purges_journals_set_aside_by_the_migration_once_they_are_old(journal):
    create_events_table(journal.engine)
    now = datetime.now(timezone.utc)
    journal.save_reflection("legacy:0123456789abcdef0123456789abcdef", "grow", "Old", "words", {})
    assert purge(journal.engine, 30, now)["conversations"] == 0  # written just now: kept
    counts = purge(journal.engine, 30, now + timedelta(days=31))
    assert counts["conversations"] == 1 and counts["reflections"] == 1


def test_retention_keeps_a_shared_journal_while_a_linked_identity_is_still_active(journal):
    from bot.journal import links

    create_events_table(journal.engine)
    now = datetime(2026, 3, 10, tzinfo=timezone.utc)
    _everything_of(journal, TEAMS, last_seen=now - timedelta(days=40))  # Teams: quiet for 40 days
    _everything_of(journal, WEB, reflections=0, last_seen=now - timedelta(days=1))  # the widget: yesterday
    assert links.redeem(journal.engine, links.issue_code(journal.engine, WEB), TEAMS).outcome == "linked"
    assert purge(journal.engine, 30, now)["reflections"] == 0
    assert len(journal.list_reflections(journal.leader_for(WEB))) == 2
    assert purge(journal.engine, 30, now + timedelta(days=30))["reflections"] == 2  # both quiet now
