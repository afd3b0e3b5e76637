"""The supervisor starts a crashed server again, gives up on one that keeps crashing, and its stops
leave nothing behind."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.config import ROOT, Settings
from bot.ops.launch import MAX_RESTARTS, ShuttingDown, Supervisor


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


# -- stops leave nothing behind ---------------------------------------------------------------

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]
# A child that takes a while over SIGTERM, and a grandchild in its process group.
SLOW_TO_STOP = [sys.executable, "-c", (
    "import signal, subprocess, sys, time\n"
    "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
    "print(child.pid, flush=True)\n"
    "signal.signal(signal.SIGTERM, lambda *a: (time.sleep(1.5), sys.exit(0)))\n"
    "time.sleep(120)\n"
)]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_gone(pids, timeout_s: float = 10) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not any(alive(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


def test_once_stopping_the_supervisor_starts_nothing_not_even_a_crashed_child(supervisor):
    crashed = supervisor.start([sys.executable, "-c", "raise SystemExit(3)"])
    crashed.wait(timeout=30)
    supervisor.stop()
    assert supervisor.restart_stopped() == []
    with pytest.raises(ShuttingDown):
        supervisor.start(SLEEPER)
    assert supervisor.processes == [crashed]


def test_a_stop_signal_whose_interrupt_was_swallowed_still_stops_the_start(supervisor, monkeypatch):
    # Python can swallow an exception raised in a signal handler ("Exception ignored in:
    # logging._releaseLock"): the request is remembered, so nothing more is started.
    from bot.ops import launch

    monkeypatch.setattr(launch, "_shutdown_requested", False)  # restored to False afterwards
    previous = (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT))
    try:
        with pytest.raises(KeyboardInterrupt):
            launch.begin_shutdown(signal.SIGTERM, None)
        with pytest.raises(KeyboardInterrupt):
            supervisor.start(SLEEPER)
        with pytest.raises(KeyboardInterrupt):
            supervisor.watch()
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
    assert supervisor.processes == []


def test_stop_ends_each_childs_whole_process_group_and_kills_what_ignores_sigterm(supervisor):
    stubborn = supervisor.start([sys.executable, "-c",
                                 "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(120)"])
    parent = supervisor.start(SLOW_TO_STOP, stdout=subprocess.PIPE)
    grandchild = int(parent.stdout.readline())
    time.sleep(0.3)  # the stubborn child has installed its handler
    started = time.monotonic()
    supervisor.stop(grace_s=3)
    assert time.monotonic() - started < 5
    assert not any(alive(pid) for pid in (stubborn.pid, parent.pid, grandchild))
    parent.stdout.close()


LAUNCHER = """
import sys, time
from bot.config import Settings
from bot.ops.launch import Supervisor, handle_stop_signals
supervisor = Supervisor(Settings.from_environ({"DATABASE_URL": sys.argv[1]}))
handle_stop_signals()
try:
    child = supervisor.start(SLOW_TO_STOP, stdout=__import__("subprocess").PIPE)
    print(child.pid, child.stdout.readline().decode().strip(), flush=True)
    supervisor.watch()
except KeyboardInterrupt:
    print("stopping", flush=True)
finally:
    supervisor.stop()
print("stopped", flush=True)
""".replace("SLOW_TO_STOP", repr(SLOW_TO_STOP))


def start_launcher(tmp_path) -> tuple[subprocess.Popen, list[int]]:
    launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER, f"sqlite:///{tmp_path / 'x.db'}"],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    pids = [int(pid) for pid in launcher.stdout.readline().split()]
    assert len(pids) == 2 and all(alive(pid) for pid in pids)
    return launcher, pids


def test_a_second_sigterm_during_the_stop_is_ignored_and_nothing_is_left(tmp_path):
    launcher, pids = start_launcher(tmp_path)
    launcher.send_signal(signal.SIGTERM)
    time.sleep(0.5)  # inside stop(): the child takes 1.5 s over its SIGTERM
    launcher.send_signal(signal.SIGTERM)
    launcher.send_signal(signal.SIGINT)
    out, err = launcher.communicate(timeout=30)
    assert launcher.returncode == 0, err
    assert out.split() == ["stopping", "stopped"] and "Traceback" not in err
    assert wait_gone(pids, 1)


def test_children_stop_by_themselves_when_the_supervisor_is_killed_outright(tmp_path):
    launcher, pids = start_launcher(tmp_path)
    launcher.kill()
    launcher.wait(timeout=10)
    assert wait_gone(pids[:1], 10)  # SIGTERM from Linux (PR_SET_PDEATHSIG) when its parent died
    launcher.stdout.close()
    launcher.stderr.close()
