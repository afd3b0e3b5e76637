"""The sign-in throttle's policy on a fake clock: per client, per name, alike for every name."""
from __future__ import annotations

import pytest

from bot.web.throttle import (
    CLIENT_MAX_FAILURES,
    CLIENT_WINDOW_S,
    NAME_LOCK_S,
    NAME_MAX_FAILURES,
    LoginThrottle,
    client_address,
)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def throttle(clock):
    return LoginThrottle(clock=clock)


def fail(throttle, client, name):
    assert throttle.check(client, name).allowed
    return throttle.failed(client, name)


def test_a_spray_across_names_from_one_client_is_slowed_before_any_name_pauses(throttle, clock):
    names = [f"trainer{i}" for i in range(5)]
    answers = []
    for attempt in range(20):
        name = names[attempt % 5]
        decision = throttle.check("203.0.113.9", name)
        if decision.allowed:
            decision = throttle.failed("203.0.113.9", name)
        answers.append(decision)
    assert [d.allowed for d in answers] == [True] * (CLIENT_MAX_FAILURES - 1) + [False] * (20 - CLIENT_MAX_FAILURES + 1)
    assert answers[-1].retry_after_s == CLIENT_WINDOW_S
    # Other clients are not affected: each name has had only 2 failures.
    assert throttle.check("198.51.100.4", "trainer0").allowed
    clock.now += CLIENT_WINDOW_S + 1
    assert throttle.check("203.0.113.9", "trainer0").allowed


@pytest.mark.parametrize("name", ["tess", "nobody-by-this-name"])
def test_every_name_pauses_on_the_same_curve_whether_or_not_it_exists(throttle, clock, name):
    decisions = [fail(throttle, f"10.0.0.{i}", name) for i in range(NAME_MAX_FAILURES)]
    assert [d.allowed for d in decisions] == [True] * (NAME_MAX_FAILURES - 1) + [False]
    assert decisions[-1].retry_after_s == NAME_LOCK_S
    # A client that has been failing waits...
    assert throttle.check("10.0.0.0", name).retry_after_s == NAME_LOCK_S
    # ...one that has not still has its password checked, and a wrong one pauses the name again.
    assert throttle.check("192.0.2.50", name).allowed
    clock.now += 10
    assert not throttle.failed("192.0.2.50", name).allowed
    clock.now += NAME_LOCK_S + 1
    assert throttle.check("10.0.0.0", name).allowed


def test_a_success_ends_the_names_run_of_failures(throttle):
    for _ in range(NAME_MAX_FAILURES - 1):
        fail(throttle, "10.0.0.1", "tess")
    throttle.succeeded("tess")
    assert fail(throttle, "10.0.0.2", "tess").allowed  # counting from one again


def test_names_are_one_whatever_their_case_and_never_kept_as_typed(throttle):
    for i in range(NAME_MAX_FAILURES):
        fail(throttle, f"10.0.1.{i}", "Tess" if i % 2 else "tess")
    assert not throttle.check("10.0.1.0", "TESS").allowed
    assert all(isinstance(key, bytes) and b"tess" not in key for key in throttle._names)


def test_the_client_is_the_peer_unless_a_trusted_proxy_names_it():
    assert client_address("203.0.113.9", None, ()) == "203.0.113.9"
    assert client_address("203.0.113.9", "10.1.1.1", ("127.0.0.1",)) == "203.0.113.9"  # not our proxy
    assert client_address("127.0.0.1", "198.51.100.7", ("127.0.0.1",)) == "198.51.100.7"
    assert client_address("127.0.0.1", "not an address", ("127.0.0.1",)) == "127.0.0.1"
    assert client_address(None, None, ()) == "unknown"
    assert client_address("172.18.0.5", "198.51.100.7", ("172.16.0.0/12",)) == "198.51.100.7"  # a network
    assert client_address("172.18.0.5", "198.51.100.7", ("not-a-network",)) == "172.18.0.5"
