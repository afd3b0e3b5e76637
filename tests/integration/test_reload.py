"""Content hot reload in the real action server, two replicas watching one knowledge folder (as
the production layout's action servers share it): a new entry dropped into topics/ is answered by
both, with no restart and no retraining; a bad file leaves both answering from the old content and
logging what is wrong; `python -m bot knowledge reload` refuses bad content."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest
import requests
import yaml

from bot.config import ROOT, Settings
from bot.ops.launch import Supervisor
from tests.integration.servers import free_port
from tests.unit.test_reload import NEW_ENTRY

pytestmark = pytest.mark.integration
QUESTION = "how do virtual wards work across a system?"
NEW_ANSWER = "A virtual ward lets people get hospital-level care at home"
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())


class Replicas:
    def __init__(self, folder, ports, token, log):
        self.folder, self.ports, self.token, self.log = folder, ports, token, log

    def answer(self, port: int, text: str) -> str:
        tracker = {"sender_id": "reload-test", "slots": {}, "events": [], "paused": False, "followup_action": None,
                   "latest_message": {"text": text, "intent": {"name": "ask_question", "confidence": 0.9},
                                      "entities": []},
                   "active_loop": {}, "latest_action_name": "action_listen"}
        body = {"next_action": "action_answer_question", "sender_id": "reload-test", "tracker": tracker,
                "domain": DOMAIN, "version": "3.6.21"}
        reply = requests.post(f"http://127.0.0.1:{port}/webhook", json=body, timeout=30,
                              headers={"X-Action-Server-Token": self.token})
        reply.raise_for_status()
        return " ".join(r.get("text") or "" for r in reply.json()["responses"])

    def wait_for(self, text: str, expected: str, timeout_s: float = 30) -> dict[int, str]:
        deadline, got = time.monotonic() + timeout_s, {}
        while time.monotonic() < deadline:
            got = {port: self.answer(port, text) for port in self.ports}
            if all(expected in answer for answer in got.values()):
                break
            time.sleep(0.25)
        return got


@pytest.fixture(scope="module")
def replicas(tmp_path_factory):
    base = tmp_path_factory.mktemp("reload")
    folder = base / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder)
    ports = [free_port(), free_port()]
    settings = Settings.from_environ({"ACTION_PORT": str(ports[0]), "DATABASE_URL": f"sqlite:///{base / 'coach.db'}",
                                      "KNOWLEDGE_DIR": str(folder)})
    supervisor = Supervisor(settings)
    token = "reload-test-token-0123456789"
    supervisor.env.update({"KNOWLEDGE_DIR": str(folder), "KNOWLEDGE_RELOAD_SECONDS": "0.5",
                           "ACTION_SERVER_TOKEN": token, "LOG_LEVEL": "INFO"})
    log_path = base / "actions.log"
    log = log_path.open("ab")
    try:
        for port in ports:
            supervisor.start([sys.executable, "-m", "actions", "--actions", "actions", "--port", str(port)],
                             stdout=log, stderr=subprocess.STDOUT)
        try:
            supervisor.wait_until_ready([f"http://127.0.0.1:{port}/health" for port in ports])
        except SystemExit as error:
            pytest.fail(f"{error}; see {log_path}:\n{log_path.read_text()[-3000:]}")
        yield Replicas(folder, ports, token, log_path)
    finally:
        supervisor.stop()
        log.close()


def test_a_new_entry_is_answered_by_every_replica_without_a_restart(replicas):
    before = {port: replicas.answer(port, QUESTION) for port in replicas.ports}
    assert not any(NEW_ANSWER in answer for answer in before.values())
    started = time.monotonic()
    (replicas.folder / "topics" / "virtual-wards.yml").write_text(NEW_ENTRY)
    after = replicas.wait_for(QUESTION, NEW_ANSWER)
    assert all(NEW_ANSWER in answer for answer in after.values()), after
    print(f"both replicas answered the new entry {time.monotonic() - started:.1f} s after it was written")


def test_a_bad_file_keeps_every_replica_on_the_old_content_and_logs_the_problem(replicas):
    (replicas.folder / "topics" / "virtual-wards.yml").write_text(NEW_ENTRY)
    replicas.wait_for(QUESTION, NEW_ANSWER)
    bad = NEW_ENTRY.replace("sources: [scie-system-leadership]", "sources: [no-such-source]")
    (replicas.folder / "topics" / "virtual-wards.yml").write_text(bad)
    deadline = time.monotonic() + 30
    while replicas.log.read_text().count("Content reload refused") < 2 and time.monotonic() < deadline:
        time.sleep(0.25)
    log = replicas.log.read_text()
    assert log.count("Content reload refused") >= 2  # each replica
    assert "topics/virtual-wards.yml: entry 'virtual-wards-across-the-system': field 'sources'" in log
    answers = {port: replicas.answer(port, QUESTION) for port in replicas.ports}
    assert all(NEW_ANSWER in answer for answer in answers.values()), answers  # the last good content


def test_the_reload_command_refuses_bad_content(replicas):
    (replicas.folder / "topics" / "broken.yml").write_text("entries: [\n")
    done = subprocess.run([sys.executable, "-m", "bot", "knowledge", "reload"], capture_output=True, text=True,
                          env={**os.environ, "KNOWLEDGE_DIR": str(replicas.folder)}, cwd=ROOT, timeout=120)
    assert done.returncode == 1 and "topics/broken.yml" in done.stderr + done.stdout
    assert not (replicas.folder / ".reload").exists()
    (replicas.folder / "topics" / "broken.yml").unlink()
