"""Trainer accounts: argon2 hashes, roles, lockout after repeated failures; tags (the tables: tests/unit/db)."""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import inspect, text

from bot.analytics.accounts import (
    AccountError,
    TrainerAccounts,
    ensure_event_indexes,
    trainers_table,
)
from bot.analytics.privacy import pseudonym
from bot.db import get_engine, migrate
from bot.db.forget import forget_leader
from tests.unit.analytics.events import create_events_table

PASSWORD = "correct horse battery staple"


def test_a_trainer_is_stored_with_an_argon2_hash_never_the_password(accounts, engine):
    trainer = accounts.add_trainer("alice", PASSWORD, "admin")
    assert (trainer.name, trainer.role, trainer.failed_logins, trainer.locked_until) == ("alice", "admin", 0, None)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT password_hash FROM analytics_trainers")).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert [t.name for t in accounts.list_trainers()] == ["alice"]


def test_the_default_hasher_uses_argon2_production_parameters(engine):
    accounts = TrainerAccounts(engine)
    accounts.add_trainer("bob", PASSWORD)
    assert accounts.verify_login("bob", PASSWORD).ok
    assert PasswordHasher().check_needs_rehash(_hash(engine, "bob")) is False


def _hash(engine, name):
    with engine.connect() as connection:
        return connection.execute(trainers_table.select().where(trainers_table.c.name == name)).first().password_hash


@pytest.mark.parametrize(
    "name, password, role, message",
    [
        ("", PASSWORD, "trainer", "trainer name"),
        ("bad name", PASSWORD, "trainer", "trainer name"),
        ("-dash", PASSWORD, "trainer", "trainer name"),
        ("carol", "short", "trainer", "12 to"),
        ("carol", " padded password ", "trainer", "spaces"),
        ("carol", PASSWORD, "owner", "role must be"),
    ],
)
def test_bad_names_passwords_and_roles_are_refused(accounts, name, password, role, message):
    with pytest.raises(AccountError, match=message):
        accounts.add_trainer(name, password, role)
    assert accounts.list_trainers() == []


def test_names_are_unique(accounts):
    accounts.add_trainer("alice", PASSWORD)
    with pytest.raises(AccountError, match="already exists"):
        accounts.add_trainer("alice", PASSWORD + "!")


def test_login_right_wrong_and_unknown(accounts):
    accounts.add_trainer("alice", PASSWORD)
    good = accounts.verify_login("alice", PASSWORD)
    assert good.ok and good.reason == "ok" and good.trainer.role == "trainer"
    assert accounts.verify_login("alice", PASSWORD + "x").reason == "invalid"
    assert accounts.verify_login("nobody", PASSWORD).reason == "invalid"  # same answer as a wrong password
    assert accounts.verify_login("alice", None).reason == "invalid"


class CountingHasher(PasswordHasher):
    def __init__(self):
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.verified: list[str] = []

    def verify(self, hash, password):  # noqa: A002 (argon2's own parameter name)
        self.verified.append(hash)
        return super().verify(hash, password)


def test_unknown_users_and_paused_accounts_cost_an_argon2_verification_too(engine):
    accounts = TrainerAccounts(engine, CountingHasher())
    accounts.add_trainer("alice", PASSWORD)
    accounts.verify_login("nobody", PASSWORD)
    accounts.verify_login("alice", "wrong password!!")
    assert len(accounts.hasher.verified) == 2
    assert all(h.startswith("$argon2id$") for h in accounts.hasher.verified)


def test_wrong_passwords_are_counted_for_admins_and_never_lock_the_account_here(accounts):
    """Pausing is the web app's throttle (bot/web/throttle.py), alike for real and unknown names."""
    accounts.add_trainer("alice", PASSWORD)
    results = [accounts.verify_login("alice", "wrong password!!") for _ in range(8)]
    assert [r.reason for r in results] == ["invalid"] * 8
    assert accounts.get_trainer("alice").failed_logins == 8
    assert accounts.verify_login("nobody", "wrong password!!").reason == "invalid"
    after = accounts.verify_login("alice", PASSWORD)
    assert after.ok and after.trainer.failed_logins == 0
    assert accounts.get_trainer("alice").failed_logins == 0  # a success starts the count again


def test_set_password_replaces_it(accounts):
    accounts.add_trainer("alice", PASSWORD)
    accounts.verify_login("alice", "wrong password!!")
    assert accounts.set_password("alice", "a brand new passphrase")
    assert accounts.get_trainer("alice").failed_logins == 0
    assert not accounts.verify_login("alice", PASSWORD).ok
    assert accounts.verify_login("alice", "a brand new passphrase").ok
    assert not accounts.set_password("nobody", "a brand new passphrase")


def test_roles_and_removal(accounts):
    accounts.add_trainer("alice", PASSWORD, "admin")
    accounts.add_trainer("bob", PASSWORD)
    assert {t.name: t.role for t in accounts.list_trainers()} == {"alice": "admin", "bob": "trainer"}
    assert accounts.set_role("bob", "admin") and accounts.get_trainer("bob").role == "admin"
    with pytest.raises(AccountError):
        accounts.set_role("bob", "root")
    assert accounts.remove_trainer("bob") and not accounts.remove_trainer("bob")
    assert not accounts.verify_login("bob", PASSWORD).ok


def test_tags_live_on_pseudonyms_and_forget_me_removes_them(accounts, database_url):
    mine, other = pseudonym("leader-1"), pseudonym("leader-2")
    accounts.add_tag(mine, "content-gap", "alice", note="asked about sourdough")
    accounts.add_tag(mine, "follow-up", "alice")
    accounts.add_tag(other, "follow-up", "bob")
    assert [t.tag for t in accounts.list_tags(mine)] == ["content-gap", "follow-up"]
    assert len(accounts.list_tags()) == 3
    with pytest.raises(AccountError, match="pseudonyms"):
        accounts.add_tag("leader-1", "x", "alice")  # a raw sender id is not a pseudonym
    assert forget_leader(accounts.engine, "leader-1")["tags"] == 2
    assert [t.pseudonym for t in accounts.list_tags()] == [other]
    assert forget_leader(accounts.engine, "leader-2")["tags"] == 1
    assert forget_leader(accounts.engine, "leader-2")["tags"] == 0


def test_event_indexes_come_with_the_migration_or_later(database_url):
    engine = get_engine(database_url)
    migrate(database_url)  # no events table yet: nothing to index
    assert ensure_event_indexes(engine) == []
    create_events_table(engine)  # Rasa starts later
    assert sorted(ensure_event_indexes(engine)) == ["ix_events_timestamp", "ix_events_type_name_action_name"]
    assert ensure_event_indexes(engine) == []
    names = {index["name"] for index in inspect(engine).get_indexes("events")}
    assert {"ix_events_timestamp", "ix_events_type_name_action_name"} <= names


def test_the_migration_indexes_an_existing_events_table(engine):
    names = {index["name"] for index in inspect(engine).get_indexes("events")}
    assert {"ix_events_timestamp", "ix_events_type_name_action_name"} <= names
