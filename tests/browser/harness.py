"""Servers for the browser tests: the real coach (tests/integration/servers.py) and the widget's web app.

`python -m tests.browser.harness` starts both on free ports with a temporary SQLite database and
prints one JSON line per event on stdout ({"event": "ready", ...}). It then reads commands on
stdin, one a line, answering each with a JSON line:

    stop-coach          Ctrl-C the coach (the web app keeps running)
    start-coach         start it again on the same ports and database
    metadata SENDER     the metadata of SENDER's user messages in the tracker store
    quit (or EOF)       stop everything and exit

The node tests (tests/browser/*.test.mjs) drive it; it is not a pytest module.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bot.config import ROOT
from tests.integration.servers import RunningCoach, free_port


def say(event: str, **fields) -> None:
    print(json.dumps({"event": event, **fields}), flush=True)


def wait_for(url: str, process: subprocess.Popen, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the web app stopped while starting (exit code {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout_s} s")


def user_metadata(db_path: Path, sender: str) -> list[dict]:
    with sqlite3.connect(db_path) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (sender,)
        ).fetchall()
    return [json.loads(data).get("metadata") or {} for (data,) in rows]


def log_tails(folder: Path, chars: int = 3000) -> dict[str, str]:
    return {
        path.name: path.read_text(errors="replace")[-chars:] for path in sorted(folder.glob("*.log"))
    }


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="browser-tests-"))
    db_path = folder / "coach.db"
    web_port = free_port()
    origins = f"http://127.0.0.1:{web_port},http://localhost:{web_port}"
    # The coach's socket accepts the web app's origins (bot/rasa/channels/socketio.py reads these).
    os.environ["WEB_PORT"] = str(web_port)
    os.environ["WIDGET_ORIGINS"] = origins
    coach = RunningCoach(f"sqlite:///{db_path}", folder / "coach.log")
    web_log = (folder / "web.log").open("ab")
    web_env = {
        **os.environ, "WEB_PORT": str(web_port), "RASA_PORT": str(coach.rasa_port), "HOST": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{db_path}",  # the dashboard (/analytics) reads the coach's database
    }
    web = subprocess.Popen(
        [sys.executable, "-m", "bot.web"], cwd=ROOT, env=web_env, stdout=web_log, stderr=subprocess.STDOUT
    )
    keep = os.environ.get("KEEP_BROWSER_TEST_LOGS") == "1"
    try:
        wait_for(f"http://127.0.0.1:{web_port}/health", web)
        started = time.monotonic()
        coach.start()
        say(
            "ready", web=f"http://127.0.0.1:{web_port}", rasa=coach.url, webPort=web_port,
            rasaPort=coach.rasa_port, folder=str(folder), startSeconds=round(time.monotonic() - started, 1),
        )
        for line in sys.stdin:
            command, _, argument = line.strip().partition(" ")
            if command == "stop-coach":
                say("coach-stopped", exitCode=coach.stop())
            elif command == "start-coach":
                started = time.monotonic()
                coach.start()
                say("coach-started", startSeconds=round(time.monotonic() - started, 1))
            elif command == "metadata":
                say("metadata", sender=argument, metadata=user_metadata(db_path, argument))
            elif command == "quit":
                break
            elif command:
                say("error", message=f"unknown command {command!r}")
    except Exception as error:  # reported to the node side with the ends of the logs
        keep = True
        say("error", message=str(error), folder=str(folder), logs=log_tails(folder))
        return 1
    finally:
        if coach.process and coach.process.poll() is None:
            coach.stop()
        web.terminate()
        try:
            web.wait(timeout=10)
        except subprocess.TimeoutExpired:
            web.kill()
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
