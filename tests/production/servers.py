"""Start `python -m bot.ops.production` on free ports, against a PostgreSQL and a Redis of its own.

The fault tests stop and restart the database and the lock store, so the layout under test gets
private instances started from the machine's own binaries (Debian's postgresql and redis-server
packages): the PostgreSQL and Redis that other tests and other work on this machine use are never
touched.
"""
from __future__ import annotations

import glob
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

from bot.identity import rest_sender
from tests.integration.servers import interrupt, launch


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def free_block(size: int) -> int:
    """The first of `size` consecutive free ports."""
    for _ in range(200):
        base = random.randrange(20000, 40000)
        if all(_free(base + i) for i in range(size)):
            return base
    raise RuntimeError(f"no {size} consecutive free ports")


def _wait(check, what: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not happen within {timeout_s:.0f} s")
        time.sleep(0.2)


def _as_postgres_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the `postgres` user when we are root."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


class PrivatePostgres:
    """A throwaway PostgreSQL cluster (trust auth) on a free port, which tests may stop and start."""

    def __init__(self):
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not binaries and shutil.which("pg_ctl") is None:
            raise RuntimeError("PostgreSQL's server binaries are missing: apt-get install -y postgresql")
        self.bin = Path(binaries[-1]).parent if binaries else Path(shutil.which("pg_ctl")).parent
        # Its own folder under /tmp: pytest's are private to root, and PostgreSQL runs as `postgres`.
        self.folder = Path(tempfile.mkdtemp(prefix="coach-postgres-"))
        self.data = self.folder / "pgdata"
        self.port = free_block(1)
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/coach"

    def _run(self, *args: str) -> None:
        subprocess.run(_as_postgres_user([str(self.bin / args[0]), *args[1:]]), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> None:
        if not self.data.exists():
            if os.geteuid() == 0:
                shutil.chown(self.folder, "postgres")
            self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "postgres.log"), "-w", "-o",
                  f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        _wait(self.answers, "PostgreSQL start", 30)

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def answers(self) -> bool:
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", self.port)) == 0

    def remove(self) -> None:
        if self.answers():
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class PrivateRedis:
    """A throwaway Redis (nothing saved to disk) on a free port, which tests may stop and start."""

    def __init__(self, folder: Path):
        if shutil.which("redis-server") is None:
            raise RuntimeError("redis-server is missing: apt-get install -y redis-server")
        self.folder = folder
        self.port = free_block(1)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        _wait(self.answers, "Redis start", 15)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)

    def answers(self) -> bool:
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", self.port)) == 0


REST_TOKEN = "production-tests-" + uuid.uuid4().hex  # REST needs it on the public port


class ProductionCoach:
    def __init__(self, folder: Path, database_url: str, redis_url: str):
        self.folder = folder
        self.database_url = database_url
        self.redis_url = redis_url
        self.rasa_port = free_block(2)
        self.action_port = free_block(2)
        self.web_port = free_block(1)
        self.prod_port = free_block(2)
        self.action_proxy_port = self.prod_port + 1
        self.var_dir = folder / "var"
        self.log_path = folder / "production.log"
        self.process: subprocess.Popen | None = None
        self.start_seconds = 0.0
        self.rest_token = REST_TOKEN  # "" to start the layout with REST off on the public port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.prod_port}"

    def start(self, timeout_s: float = 420) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "LOCK_STORE_URL": self.redis_url,
            "RASA_PORT": str(self.rasa_port),
            "ACTION_PORT": str(self.action_port),
            "WEB_PORT": str(self.web_port),
            "PROD_PORT": str(self.prod_port),
            "ACTION_PROXY_PORT": str(self.action_proxy_port),
            "PROD_VAR_DIR": str(self.var_dir),
            "REST_TOKEN": self.rest_token,
        }
        started = time.monotonic()
        self.process = launch([sys.executable, "-m", "bot.ops.production"], env, self.log_path, timeout_s)
        self.start_seconds = time.monotonic() - started

    def stop(self) -> int:
        return interrupt(self.process)

    def ports(self) -> list[int]:
        return [self.prod_port, self.action_proxy_port, self.web_port, self.rasa_port, self.rasa_port + 1,
                self.action_port, self.action_port + 1]

    def port_is_free(self, port: int) -> bool:
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) != 0

    def server_pid(self, port: int) -> int:
        """The pid of the supervised server listening on `port` (its command line names the port)."""
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                args = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"--port" in args and args[args.index(b"--port") + 1] == str(port).encode():
                return int(entry.name)
        raise LookupError(f"no server on port {port}")

    def kill(self, port: int) -> int:
        """SIGKILL the server on `port`, as a crash would; returns its pid."""
        pid = self.server_pid(port)
        os.kill(pid, signal.SIGKILL)
        return pid

    def wait_until_serving(self, port: int, old_pid: int, path: str, timeout_s: float = 240) -> None:
        """Wait until the supervisor has started the server on `port` again and it answers."""

        def back() -> bool:
            try:
                if self.server_pid(port) == old_pid:
                    return False
                return requests.get(f"http://127.0.0.1:{port}{path}", timeout=2).status_code == 200
            except (LookupError, requests.RequestException):
                return False

        _wait(back, f"the server on port {port} to come back", timeout_s)


def say(layout: ProductionCoach, sender: str, text: str, timeout_s: float = 90, **extra) -> requests.Response:
    """One leader's turn over REST through nginx."""
    return requests.post(f"{layout.url}/webhooks/rest/webhook",
                         json={"sender": sender, "message": text, **extra}, timeout=timeout_s,
                         headers={"Authorization": f"Bearer {layout.rest_token}"})


def events(layout: ProductionCoach, sender: str) -> list[tuple[str, dict]]:
    """The conversation's stored events (type, data), in order: a REST sender's, or a widget's
    (its `web:` tracker id)."""
    import psycopg2

    with psycopg2.connect(layout.database_url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT type_name, data FROM events WHERE sender_id = %s ORDER BY id",
                       (sender if sender.startswith("web:") else rest_sender(sender),))
        return [(type_name, json.loads(data)) for type_name, data in cursor.fetchall()]
