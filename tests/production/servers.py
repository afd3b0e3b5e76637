"""Start `python -m bot.production` on free ports with a fresh PostgreSQL database."""
from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

from bot.config import ROOT

POSTGRES = os.environ.get("PRODUCTION_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("PRODUCTION_TEST_REDIS", "redis://127.0.0.1:6379/0")


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


def postgres_url(database: str) -> str:
    return POSTGRES.rsplit("/", 1)[0] + "/" + database


def drop_database(database: str) -> None:
    engine = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
    engine.dispose()


class ProductionCoach:
    def __init__(self, folder: Path):
        self.folder = folder
        self.database = f"coach_prodtest_{uuid.uuid4().hex[:10]}"
        self.database_url = postgres_url(self.database)
        self.rasa_port = free_block(2)
        self.action_port = free_block(2)
        self.web_port = free_block(1)
        self.prod_port = free_block(2)
        self.action_proxy_port = self.prod_port + 1
        self.var_dir = folder / "var"
        self.log_path = folder / "production.log"
        self.process: subprocess.Popen | None = None
        self.start_seconds = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.prod_port}"

    def start(self, timeout_s: float = 420) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "LOCK_STORE_URL": REDIS,
            "RASA_PORT": str(self.rasa_port),
            "ACTION_PORT": str(self.action_port),
            "WEB_PORT": str(self.web_port),
            "PROD_PORT": str(self.prod_port),
            "ACTION_PROXY_PORT": str(self.action_proxy_port),
            "PROD_VAR_DIR": str(self.var_dir),
        }
        log = self.log_path.open("ab")
        started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.production"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        while time.monotonic() - started < timeout_s:
            if self.process.poll() is not None:
                raise RuntimeError(f"bot.production stopped while starting; see {self.log_path}")
            if b"The coach is ready" in self.log_path.read_bytes():
                self.start_seconds = time.monotonic() - started
                return
            time.sleep(0.5)
        raise RuntimeError(f"bot.production did not start within {timeout_s} s; see {self.log_path}")

    def stop(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=60)

    def ports(self) -> list[int]:
        return [self.prod_port, self.action_proxy_port, self.web_port, self.rasa_port, self.rasa_port + 1,
                self.action_port, self.action_port + 1]

    def port_is_free(self, port: int) -> bool:
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) != 0
