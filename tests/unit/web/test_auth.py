"""Dashboard sessions and CSRF tokens (the sign-in flows through the app: test_dashboard_auth.py)."""
from __future__ import annotations

import pytest

from bot.web import auth


def test_sessions_expire():
    now = [1000.0]
    store = auth.SessionStore(lifetime_s=10, clock=lambda: now[0])
    session = store.create("tess", "trainer")
    assert store.get(session.token) is session
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


def test_sessions_have_their_own_tokens_and_roles_and_end_when_deleted():
    store = auth.SessionStore()
    admin, trainer = store.create("ada", "admin"), store.create("tess", "trainer")
    assert admin.is_admin and not trainer.is_admin
    assert len({admin.token, admin.csrf, trainer.token, trainer.csrf}) == 4
    store.delete(admin.token)
    store.delete(None)
    assert store.get(admin.token) is None and store.get(trainer.token) is trainer


def test_expired_sessions_are_dropped_and_the_oldest_goes_when_the_store_is_full(monkeypatch):
    monkeypatch.setattr(auth, "MAX_SESSIONS", 3)
    now = [0.0]
    store = auth.SessionStore(lifetime_s=100, clock=lambda: now[0])
    first = store.create("a", "trainer")
    now[0] = 1
    second, third = store.create("b", "trainer"), store.create("c", "trainer")
    fourth = store.create("d", "trainer")
    assert store.get(first.token) is None
    assert [store.get(s.token) for s in (second, third, fourth)] == [second, third, fourth]
    now[0] = 101
    store.create("e", "trainer")
    assert [s.name for s in store.sessions.values()] == ["e"]  # the expired ones were purged
