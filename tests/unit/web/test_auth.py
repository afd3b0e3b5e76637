"""Dashboard sessions (in the database) and CSRF tokens (the sign-in flows through the app:
test_dashboard_auth.py)."""
from __future__ import annotations

import pytest

from bot.analytics.accounts import TrainerAccounts
from bot.db import get_engine, migrate
from bot.web import auth


@pytest.fixture
def accounts(tmp_path):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate(url)
    accounts = TrainerAccounts(get_engine(url))
    for name, role in (("tess", "trainer"), ("ada", "admin")):
        accounts.add_trainer(name, "a long enough passphrase", role)
    return accounts


def test_sessions_expire(accounts):
    now = [1000.0]
    store = auth.SessionStore(lambda: accounts.engine, lifetime_s=10, clock=lambda: now[0])
    session = store.create("tess")
    assert store.get(session.token).name == "tess"
    now[0] += 10
    assert store.get(session.token) is None
    assert store.get(None) is None and store.get("") is None


@pytest.mark.parametrize("expected, given, match", [
    ("abc", "abc", True),
    ("abc", "abd", False),
    ("abc", "ab", False),
    ("abc", "", False),
    ("abc", None, False),
    ("abc", ["abc"], False),
    (None, "abc", False),
    ("", "", False),
    ("\u00e9t\u00e9", "\u00e9t\u00e9", True),
])
def test_tokens_match(expected, given, match):
    assert auth.tokens_match(expected, given) is match


def test_sessions_have_their_own_tokens_and_roles_and_end_when_deleted(accounts):
    store = auth.SessionStore(lambda: accounts.engine)
    admin, trainer = store.create("ada"), store.create("tess")
    assert admin.is_admin and not trainer.is_admin
    assert len({admin.token, admin.csrf, trainer.token, trainer.csrf}) == 4
    store.delete(admin.token)
    store.delete(None)
    assert store.get(admin.token) is None and store.get(trainer.token).name == "tess"
    assert store.create("nobody") is None


def test_another_replica_knows_the_session_and_the_token_itself_is_not_stored(accounts):
    session = auth.SessionStore(lambda: accounts.engine).create("tess")
    other_replica = auth.SessionStore(lambda: get_engine(str(accounts.engine.url)))
    assert other_replica.get(session.token).csrf == session.csrf
    with accounts.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT token_hash, csrf FROM analytics_sessions").all()
    assert session.token not in str(stored)


@pytest.mark.parametrize("change", ["remove", "set-password"])
def test_a_session_ends_when_its_account_is_removed_or_its_password_changes(accounts, change):
    store = auth.SessionStore(lambda: accounts.engine)
    session, others = store.create("tess"), store.create("ada")
    if change == "remove":
        assert accounts.remove_trainer("tess")
    else:
        assert accounts.set_password("tess", "another long passphrase")
    assert store.get(session.token) is None
    assert store.get(others.token) is not None


def test_a_role_change_or_cohorts_apply_to_the_live_session(accounts):
    store = auth.SessionStore(lambda: accounts.engine)
    session = store.create("tess")
    assert not session.restricted and session.may_see("north")
    accounts.set_cohorts("tess", ["north", "east"])
    limited = store.get(session.token)
    assert limited.cohorts == ("east", "north") and limited.may_see("north") and not limited.may_see("south")
    assert not limited.may_see(None)
    accounts.set_role("tess", "admin")
    assert store.get(session.token).may_see("south")  # admins see every cohort
