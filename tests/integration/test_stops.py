"""`make run` stopped as a harness or a user stops it leaves no process and no listening port, in
under 10 s: during start-up (SIGTERM to make's process group, as a harness does first; the whole
group killed outright, as it does after its grace period) and under load (Ctrl-C's SIGINT).

`make soak-stops` repeats these (STOP_ROUNDS=20) with the production layout's.
"""
from __future__ import annotations

import signal

import pytest

from tests.integration.servers import free_port
from tests.integration.stops import (
    ROUNDS,
    MakeRun,
    ctrl_c_under_load,
    killed_outright_once_a_port_listens,
    sigterm_while_starting,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def make_run(tmp_path):
    ports = {"RASA_PORT": free_port(), "ACTION_PORT": free_port(), "WEB_PORT": free_port()}
    env = {name: str(port) for name, port in ports.items()}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'coach.db'}"
    run = MakeRun("run", env, list(ports.values()), tmp_path / "make-run.log")
    run.rasa_port = ports["RASA_PORT"]
    yield run
    if run.process and run.process.poll() is None:
        run.stop(signal.SIGKILL)


@pytest.mark.parametrize("round_", ROUNDS)
def test_sigterm_while_the_servers_start(make_run, round_):
    sigterm_while_starting(make_run)


@pytest.mark.parametrize("round_", ROUNDS)
def test_the_whole_group_killed_outright_once_a_port_listens(make_run, round_):
    killed_outright_once_a_port_listens(make_run)


@pytest.mark.parametrize("round_", ROUNDS)
def test_ctrl_c_under_load(make_run, round_):
    ctrl_c_under_load(make_run, f"http://127.0.0.1:{make_run.rasa_port}/webhooks/rest/webhook")
