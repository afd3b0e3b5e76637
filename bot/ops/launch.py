"""Start the action server and the Rasa server, wait until both answer, stop both on Ctrl-C.

Stops leave nothing behind (the Supervisor, shared with the production layout):
- the first SIGTERM or SIGINT begins the shutdown and every later one is ignored (GNU make
  forwards a SIGTERM it receives, so a launcher under `make run` often gets two; a second
  KeyboardInterrupt inside `stop()` used to leave servers running);
- once the shutdown has begun the supervisor starts no child, not even a crashed one again;
- it stops its children's whole process groups (each child leads its own) on SIGTERM, SIGINT or
  its own crash: SIGTERM, then SIGKILL for what is left after STOP_GRACE_S;
- killed outright (SIGKILL), it cannot stop anything: each child asked Linux, before exec, for
  SIGTERM when its parent dies (PR_SET_PDEATHSIG), so they stop by themselves.
"""
from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bot.config import ROOT, Settings

# How long the servers may take to answer after starting; a heavily loaded machine may need more.
STARTUP_TIMEOUT_S = float(os.environ.get("STARTUP_TIMEOUT_S", "240"))
# SIGTERM to SIGKILL: idle servers stop within about 2 s; a Rasa server busy with turns may not,
# and a stop must stay under 10 s (a harness's grace period) on a loaded 2-core machine.
STOP_GRACE_S = 3.0
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
# A crashed server is started again, unless it crashed this often within the window.
MAX_RESTARTS = 5
RESTART_WINDOW_S = 300


def action_server_command(settings: Settings) -> list[str]:
    return [sys.executable, "-m", "actions", "--actions", "actions", "--port", str(settings.action_port)]


def web_app_command(settings: Settings) -> list[str]:
    return [sys.executable, "-m", "bot.web"]


def rasa_server_command(settings: Settings, model: Path) -> list[str]:
    return [
        sys.executable, "-m", "bot.rasa.server", "run", "--model", str(model), "--endpoints", "endpoints.yml",
        "--credentials", "credentials.yml", "--port", str(settings.rasa_port),
        "--interface", settings.host,
    ]


def ensure_ports_free(ports: dict[str, int]) -> None:
    """Stop with a clear message when a port we need is taken (say, by an earlier `make run`)."""
    for variable, port in ports.items():
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                raise SystemExit(
                    f"Port {port} ({variable}) is already in use: stop the process using it "
                    f"or choose another, e.g. {variable}={port + 100} make run"
                )


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


class ShuttingDown(RuntimeError):
    """The supervisor is stopping: it starts no more processes."""


_shutdown_requested = False


def begin_shutdown(signum, frame):
    """The SIGTERM and SIGINT handler of the launchers: the first one stops everything (as a
    KeyboardInterrupt), and any later one is ignored so it cannot interrupt the stop itself.

    The request is also remembered: an exception raised in a signal handler can land where Python
    swallows it ("Exception ignored in: logging._releaseLock"), so the supervisor checks the flag
    before it starts anything and while it waits (`interrupt_if_stopping`)."""
    global _shutdown_requested
    _shutdown_requested = True
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def interrupt_if_stopping() -> None:
    """Raise the KeyboardInterrupt a stop signal asked for, if it was swallowed on the way."""
    if _shutdown_requested:
        raise KeyboardInterrupt


def handle_stop_signals() -> None:
    signal.signal(signal.SIGTERM, begin_shutdown)
    # A shell starts background jobs with SIGINT ignored; Ctrl-C (or kill -INT) must still stop us.
    signal.signal(signal.SIGINT, begin_shutdown)


def _die_with_parent(parent: int):
    """Runs in the child between fork and exec: SIGTERM when the supervisor dies, however it dies."""

    def prepare() -> None:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):  # not Linux: the supervisor's stop() is all there is
            return
        # SIGTERM/SIGINT ignored by the shutdown handler must not stay ignored in the child.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if os.getppid() != parent:  # the supervisor died before prctl: no signal will come
            os._exit(1)

    return prepare


class Supervisor:
    """Owns the processes it starts: if one dies or we are stopped, all of them stop."""

    def __init__(self, settings: Settings):
        settings.prepare_storage()
        self.settings = settings
        self.env = settings.child_environ(os.environ)
        if not settings.session_secret:
            print("SESSION_SECRET is not set: widget sessions are signed with a key kept in var/session-secret "
                  "on this machine. Set it in production.",
                  file=sys.stderr, flush=True)
        self.processes: list[subprocess.Popen] = []
        self._how: dict[int, tuple[list[str], dict[str, str], dict]] = {}
        self._restarts: dict[int, list[float]] = {}
        self.stopping = False

    def start(self, command: list[str], **kwargs) -> subprocess.Popen:
        process = self._spawn(command, dict(self.env), kwargs)
        self.processes.append(process)
        return process

    def _spawn(self, command: list[str], env: dict[str, str], kwargs: dict) -> subprocess.Popen:
        interrupt_if_stopping()
        if self.stopping:
            raise ShuttingDown(f"not starting {' '.join(command[:4])}: the supervisor is stopping")
        process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True,
                                   preexec_fn=_die_with_parent(os.getpid()), **kwargs)
        self._how[process.pid] = (command, env, kwargs)
        return process

    def restart_stopped(self, now: float | None = None) -> list[str]:
        """Start again any process that stopped (as a service manager would); names of those restarted.

        A process that keeps stopping (more than MAX_RESTARTS within RESTART_WINDOW_S) is not
        restarted again: SystemExit, and everything stops, as before.
        """
        now = time.monotonic() if now is None else now
        restarted = []
        if self.stopping:
            return restarted
        for index, process in enumerate(self.processes):
            code = process.poll()
            if code is None:
                continue
            name = " ".join(process.args[:4])
            recent = [t for t in self._restarts.get(index, []) if now - t < RESTART_WINDOW_S]
            if len(recent) >= MAX_RESTARTS:
                raise SystemExit(f"{name} keeps stopping (exit code {code}); stopping everything")
            self._restarts[index] = [*recent, now]
            command, env, kwargs = self._how.pop(process.pid)
            print(f"{name} stopped (exit code {code}); starting it again", flush=True)
            self.processes[index] = self._spawn(command, env, kwargs)
            restarted.append(name)
        return restarted

    def wait_until_ready(self, urls: list[str], timeout_s: float = STARTUP_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout_s
        pending = list(urls)
        while pending:
            interrupt_if_stopping()
            self.check_alive()
            pending = [url for url in pending if not answers(url)]
            if pending and time.monotonic() > deadline:
                raise SystemExit(f"Servers did not answer within {timeout_s:.0f} s: {', '.join(pending)}")
            if pending:
                time.sleep(0.5)

    def check_alive(self) -> None:
        for process in self.processes:
            code = process.poll()
            if code is not None:
                raise SystemExit(f"{' '.join(process.args[:4])} stopped unexpectedly (exit code {code})")

    def watch(self) -> None:
        """Keep serving, starting again any process that stops, until we are interrupted."""
        while True:
            interrupt_if_stopping()
            self.restart_stopped()
            time.sleep(1)

    def stop(self, grace_s: float = STOP_GRACE_S) -> None:
        """Stop every child's process group: SIGTERM, then SIGKILL after `grace_s`. Idempotent,
        and no process is started once it has begun."""
        self.stopping = True
        for process in self.processes:
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + grace_s
        for process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                print(f"{' '.join(process.args[:4])} did not stop within {grace_s:.0f} s of SIGTERM: killed",
                      flush=True)
                _signal_group(process, signal.SIGKILL)
                process.wait()
        for process in self.processes:
            # A leader gone, its group may not be (nginx's workers): nothing of it stays.
            _signal_group(process, signal.SIGKILL)


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def ready_banner(heading: str, web_url: str, rest_url: str, extra: list[str]) -> str:
    """What `make run` and `make run-prod` print once every server answers."""
    return "\n".join([
        f"\n{heading}",
        f"  Web:     {web_url}/ (a demo page with the chat widget)",
        f"  REST:    curl -s {rest_url}/webhooks/rest/webhook -H 'Content-Type: application/json' "
        f"-d '{{\"sender\": \"me\", \"message\": \"hello\"}}'",
        *extra,
        "Press Ctrl-C to stop.\n",
    ])


def run(settings: Settings, model: Path) -> int:
    """`make run`: both servers in the background of this process until Ctrl-C."""
    ensure_ports_free({"RASA_PORT": settings.rasa_port, "ACTION_PORT": settings.action_port,
                       "WEB_PORT": settings.web_port})
    supervisor = Supervisor(settings)
    handle_stop_signals()
    try:
        supervisor.start(action_server_command(settings))
        supervisor.start(rasa_server_command(settings, model))
        supervisor.start(web_app_command(settings))
        print("Starting the action server, the Rasa server and the web app (about a minute)...", flush=True)
        rasa_url = f"http://{settings.host}:{settings.rasa_port}"
        web_url = f"http://{settings.host}:{settings.web_port}"
        supervisor.wait_until_ready(
            [f"{rasa_url}/", f"http://127.0.0.1:{settings.action_port}/health", f"{web_url}/health"]
        )
        print(ready_banner("The coach is ready.", web_url, rasa_url, [
            f"  Socket:  socket.io on {rasa_url} (web widget)",
            "  Terminal chat: make shell (in another terminal, with RASA_PORT set to a free port)",
        ]), flush=True)
        supervisor.watch()
    except KeyboardInterrupt:
        print("\nStopping...", flush=True)
        return 0
    finally:
        supervisor.stop()


def shell(settings: Settings, model: Path) -> int:
    """`make shell`: the action server in the background, Rasa's terminal chat in the foreground."""
    ensure_ports_free({"RASA_PORT": settings.rasa_port, "ACTION_PORT": settings.action_port})
    supervisor = Supervisor(settings)
    try:
        supervisor.start(action_server_command(settings), stdout=subprocess.DEVNULL)
        supervisor.wait_until_ready([f"http://127.0.0.1:{settings.action_port}/health"])
        command = [
            sys.executable, "-m", "bot.rasa.server", "shell", "--model", str(model), "--endpoints",
            "endpoints.yml", "--port", str(settings.rasa_port),
        ]
        return subprocess.call(command, cwd=ROOT, env=supervisor.env)
    except KeyboardInterrupt:
        return 0
    finally:
        supervisor.stop()
