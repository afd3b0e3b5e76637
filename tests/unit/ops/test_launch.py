"""The supervisor starts a crashed server again, and gives up on one that keeps crashing."""
from __future__ import annotations

import sys

import pytest

from bot.config import Settings
from bot.ops.launch import MAX_RESTARTS, Supervisor


@pytest.fixture
def supervisor(tmp_path):
    supervisor = Supervisor(Settings.from_environ({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}))
    yield supervisor
    supervisor.stop()


def test_a_stopped_process_is_started_again_with_the_same_command_and_environment(supervisor, tmp_path):
    out = tmp_path / "out.txt"
    script = f"import os; open({str(out)!r}, 'a').write(os.environ['MARK'] + '\\n')"
    supervisor.env["MARK"] = "first"
    first = supervisor.start([sys.executable, "-c", script])
    supervisor.env["MARK"] = "changed later"  # the restart uses the environment it started with
    first.wait(timeout=30)
    assert supervisor.restart_stopped(now=0.0) == [" ".join(first.args[:4])]
    supervisor.processes[0].wait(timeout=30)
    assert out.read_text().splitlines() == ["first", "first"]
    assert supervisor.processes[0].pid != first.pid


def test_a_running_process_is_left_alone(supervisor):
    sleeper = supervisor.start([sys.executable, "-c", "import time; time.sleep(60)"])
    assert supervisor.restart_stopped() == []
    assert supervisor.processes == [sleeper]


def test_a_process_that_keeps_crashing_stops_everything(supervisor):
    supervisor.start([sys.executable, "-c", "raise SystemExit(3)"])
    for attempt in range(MAX_RESTARTS):
        supervisor.processes[0].wait(timeout=30)
        assert supervisor.restart_stopped(now=float(attempt))
    supervisor.processes[0].wait(timeout=30)
    with pytest.raises(SystemExit, match="keeps stopping"):
        supervisor.restart_stopped(now=float(MAX_RESTARTS))
