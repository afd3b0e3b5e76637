"""Stopping `make run` and `make run-prod` as a harness or a user would, and finding what is left.

Every process of one run carries a marker in its environment (make passes it to the launcher,
the launcher to its servers, nginx to its workers), so what is left after a stop is found by
reading /proc, whatever process group or session it moved to. `make` runs with `-o install`:
the tests run after `make test` installed everything, and must not reinstall a shared venv.

STOP_ROUNDS (default 1) repeats every stop scenario; `make soak-stops` sets it to 20.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import requests

from bot.config import ROOT

MARKER = "COACH_STOP_PROBE"
STOP_LIMIT_S = 10.0  # from the signal to the last port freed and the last process gone
ROUNDS = range(int(os.environ.get("STOP_ROUNDS", "1")))
SERVER_MODULES = ("-m actions", "bot.rasa.server", "-m bot.web")


def marked_processes(marker: str) -> list[int]:
    """Live (not zombie) processes whose environment carries the marker."""
    needle = f"{MARKER}={marker}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


def listening(ports: list[int]) -> list[int]:
    def accepts(port: int) -> bool:
        with socket.socket() as probe:
            probe.settimeout(0.5)
            return probe.connect_ex(("127.0.0.1", port)) == 0

    return [port for port in ports if accepts(port)]


def command_lines(pids: list[int]) -> list[str]:
    lines = []
    for pid in pids:
        try:
            lines.append(f"{pid}: " + Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return lines


class MakeRun:
    """One `make <target>` in a process group of its own (as a harness or a terminal runs it)."""

    def __init__(self, target: str, env: dict[str, str], ports: list[int], log_path: Path):
        self.target, self.env, self.ports, self.log_path = target, env, ports, log_path
        self.marker = uuid.uuid4().hex
        self.process: subprocess.Popen | None = None
        self._load: list[threading.Thread] = []
        self._loading = threading.Event()

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "-o", "install", self.target], cwd=ROOT,
            env={**os.environ, **self.env, MARKER: self.marker}, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for(self, condition: Callable[[], bool], what: str, timeout_s: float = 420) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            assert self.process is not None and self.process.poll() is None, \
                f"make {self.target} stopped while waiting for {what}:\n{self.log()[-3000:]}"
            if condition():
                return
            time.sleep(0.2)
        raise AssertionError(f"make {self.target}: no {what} within {timeout_s} s:\n{self.log()[-3000:]}")

    def wait_until_ready(self) -> None:
        self.wait_for(lambda: "The coach is ready" in self.log(), "ready banner")

    def wait_until_a_server_starts(self) -> None:
        """The launcher has started its first child (a server that does not answer yet)."""
        def started() -> bool:
            return any(module in line for line in command_lines(marked_processes(self.marker))
                       for module in SERVER_MODULES)

        self.wait_for(started, "server process")

    def wait_until_a_port_listens(self) -> None:
        self.wait_for(lambda: bool(listening(self.ports)), "listening port")

    def load(self, send: Callable[[str], None], users: int = 4) -> None:
        """Keep `users` leaders talking until the stop (errors are expected once it begins)."""
        self._loading.set()

        def talk(user: int) -> None:
            turn = 0
            while self._loading.is_set():
                turn += 1
                try:
                    send(f"stop-load-{self.marker[:8]}-{user}")
                except requests.RequestException:
                    time.sleep(0.05)

        self._load = [threading.Thread(target=talk, args=(user,), daemon=True) for user in range(users)]
        for thread in self._load:
            thread.start()
        time.sleep(1.5)  # turns in flight

    def stop(self, signum: int) -> float:
        """Send `signum` to make's process group; the seconds until no port listens and no
        process of this run is left. Fails (after cleaning up) when that takes over STOP_LIMIT_S."""
        assert self.process is not None
        started = time.monotonic()
        os.killpg(self.process.pid, signum)
        left_pids: list[int] = []
        left_ports: list[int] = self.ports
        while time.monotonic() - started < STOP_LIMIT_S + 5:
            left_pids, left_ports = marked_processes(self.marker), listening(self.ports)
            if not left_pids and not left_ports:
                break
            time.sleep(0.1)
        took = time.monotonic() - started
        self._loading.clear()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        leftovers = command_lines(left_pids)
        for pid in marked_processes(self.marker):  # leave the machine clean for the next test
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        assert not leftovers and not left_ports, (
            f"make {self.target} left after {signal.Signals(signum).name}: processes {leftovers}, "
            f"listening ports {left_ports}\n{self.log()[-3000:]}")
        assert took < STOP_LIMIT_S, f"make {self.target} took {took:.1f} s to stop after {signal.Signals(signum).name}"
        return took


# The three ways of stopping, the same for `make run` and `make run-prod` -----------------------

def sigterm_while_starting(run: MakeRun) -> None:
    """A harness's SIGTERM to the process group while the launcher starts its servers."""
    run.start()
    run.wait_until_a_server_starts()
    run.stop(signal.SIGTERM)


def killed_outright_once_a_port_listens(run: MakeRun) -> None:
    """The whole group SIGKILLed (a harness after its grace period): make and the launcher die at
    once, and the servers must follow them by themselves."""
    run.start()
    run.wait_until_a_port_listens()
    run.stop(signal.SIGKILL)


def ctrl_c_under_load(run: MakeRun, url: str, headers: dict[str, str] | None = None) -> float:
    """Ctrl-C (SIGINT to the group) while leaders' REST turns are in flight; the seconds it took."""
    run.start()
    run.wait_until_ready()
    run.load(lambda sender: requests.post(url, json={"sender": sender, "message": "what is system leadership?"},
                                          headers=headers or {}, timeout=10))
    took = run.stop(signal.SIGINT)
    print(f"make {run.target} stopped under load in {took:.1f} s")
    return took
