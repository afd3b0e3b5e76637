"""Start the real coach (`python -m bot run`) on free ports for integration tests."""
from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import requests
import socketio

from bot.config import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class StoppedWhileStarting(RuntimeError):
    """The launcher exited before it was ready; the message carries the end of its log."""


def log_tail(log_path: Path, start: int, lines: int = 25) -> str:
    """The last lines the launcher logged since `start`: what CI shows when a start fails."""
    text = log_path.read_bytes()[start:].decode("utf-8", "replace")
    return "\n".join(text.splitlines()[-lines:])


def launch(command: list[str], env: dict[str, str], log_path: Path, timeout_s: float) -> subprocess.Popen:
    """Start a launcher (`bot run`, `bot.ops.production`) logging to `log_path`; return once it says it is ready."""
    log = log_path.open("ab")
    already_logged = log.tell()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StoppedWhileStarting(
                f"{' '.join(command[1:3])} stopped while starting; see {log_path}. Its last lines:\n"
                + log_tail(log_path, already_logged)
            )
        if b"The coach is ready" in log_path.read_bytes()[already_logged:]:
            return process
        time.sleep(0.5)
    interrupt(process)  # else the half-started coach outlives the test run
    raise RuntimeError(f"{' '.join(command[1:3])} did not start within {timeout_s} s; see {log_path}")


def interrupt(process: subprocess.Popen | None) -> int:
    """Ctrl-C, as a user would; the launcher's exit code."""
    assert process is not None
    process.send_signal(signal.SIGINT)
    return process.wait(timeout=60)


class RunningCoach:
    """`make run` as a user starts it, with its own ports and database."""

    def __init__(self, database_url: str, log_path: Path, env: dict[str, str] | None = None):
        # Extra environment for the servers, e.g. {"COACH_TODAY": "2026-12-10"}; change it between
        # stop() and start() to restart them with another setting.
        self.env = dict(env or {})
        self.rasa_port = free_port()
        self.action_port = free_port()
        self.web_port = free_port()
        self.database_url = database_url
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def start(self, timeout_s: float = 240, tries: int = 3) -> None:
        """Start the coach; when a port it was given was taken meanwhile (free_port only probes,
        so another process can bind the port before the coach does), try again on new ports."""
        for attempt in range(tries):
            try:
                return self._start(timeout_s)
            except StoppedWhileStarting as stopped:
                if "already in use" not in str(stopped) or attempt == tries - 1:
                    raise
                self.rasa_port, self.action_port, self.web_port = free_port(), free_port(), free_port()

    def _start(self, timeout_s: float) -> None:
        env = {
            **os.environ,
            "RASA_PORT": str(self.rasa_port),
            "ACTION_PORT": str(self.action_port),
            "WEB_PORT": str(self.web_port),
            "DATABASE_URL": self.database_url,
            **self.env,
        }
        self.process = launch([sys.executable, "-m", "bot", "run"], env, self.log_path, timeout_s)

    def stop(self) -> int:
        """Ctrl-C, as a user would; returns the launcher's exit code."""
        return interrupt(self.process)

    def port_is_free(self, port: int) -> bool:
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) != 0

    def say(self, sender: str, text: str) -> list[dict]:
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60
        )
        response.raise_for_status()
        return response.json()


class Widget:
    """A socket.io client speaking the widget's protocol (polling: no websocket library needed).

    It connects from the web app's origin and asks for a session: a new one, or the one whose
    signed `token` (or the host site's `identity_token`) it presents. `token` is what the server
    confirmed; `refused` is True when the server refused what was presented."""

    def __init__(self, coach, token: str | None = None, identity_token: str | None = None,
                 origin: str | None = "default", request: dict | None = None):
        self.replies: queue.Queue = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        self.client.on("bot_uttered", self.replies.put)
        answered: queue.Queue = queue.Queue()
        self.client.on("session_confirm", lambda token: answered.put(("confirm", token)))
        self.client.on("session_refused", lambda reason: answered.put(("refused", reason)))
        if origin == "default":
            origin = f"http://127.0.0.1:{coach.web_port}"
        headers = {"Origin": origin} if origin else {}
        self.client.connect(coach.url, socketio_path="/socket.io", transports=["polling"], wait_timeout=10,
                            headers=headers)
        if request is None:
            request = {key: value for key, value in (("session_token", token), ("identity_token", identity_token))
                       if value}
        self.client.emit("session_request", request)
        kind, value = answered.get(timeout=10)
        self.refused = kind == "refused"
        self.token = None if self.refused else value

    @property
    def session_id(self) -> str:
        """The session id inside the signed token (`v1.<id>.<signature>`)."""
        return self.token.split(".")[1]

    @property
    def tracker_id(self) -> str:
        return f"web:{self.session_id}"

    def send(self, *arguments) -> str:
        """Emit user_uttered with these arguments (none, one or several); the text of the reply."""
        self.client.emit("user_uttered", arguments)  # python-socketio sends a tuple as the arguments
        return self.next_reply()

    def say(self, text: str, **extra) -> str:
        return self.send({"message": text, **extra})

    def say_all(self, text: str, quiet_s: float = 3.0) -> list[dict]:
        """Every reply to `text`: the first, then any that follow within `quiet_s` of each other."""
        self.client.emit("user_uttered", {"message": text})
        replies = [self.replies.get(timeout=60)]
        while True:
            try:
                replies.append(self.replies.get(timeout=quiet_s))
            except queue.Empty:
                return replies

    def next_reply(self, timeout: float = 60) -> str:
        return self.replies.get(timeout=timeout).get("text", "")

    def close(self) -> None:
        self.client.eio.disconnect(abort=True)  # without waiting for the long poll to return


def serve(folder: Path, env: dict[str, str] | None = None) -> Iterator[RunningCoach]:
    """A module fixture's body: a coach with its own SQLite database in `folder`, stopped after."""
    running = RunningCoach(f"sqlite:///{folder / 'coach.db'}", folder / "coach.log", env)
    running.start()
    yield running
    if running.process and running.process.poll() is None:
        running.stop()
