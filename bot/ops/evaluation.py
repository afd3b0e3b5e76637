"""`make eval`: answer quality measured through the real running assistant over REST.

Question sets: the shared development set (`../shared/eval/dev-questions.yml`, or EVAL_DEV_SET)
and our own (`tests/eval/questions.yml`). Prints accuracy per category, citation rate, abstention
on out-of-scope questions, and retrieval-only top-1/top-3 hit rates.
"""
from __future__ import annotations

import os
import re
import socket
import tempfile
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import requests
import yaml

from bot import names
from bot.config import ROOT, Settings

DEV_SET = Path(os.environ.get("EVAL_DEV_SET", ROOT.parent / "shared" / "eval" / "dev-questions.yml"))
OWN_SET = ROOT / "tests" / "eval" / "questions.yml"
SOURCE_MARK = "Source:"
# Replies that decline: the domain responses for out of scope, not in the knowledge base, clinical.
DECLINE_RESPONSES = (names.UTTER_OUT_OF_SCOPE, names.UTTER_NOT_IN_KNOWLEDGE_BASE, names.UTTER_CLINICAL)


@dataclass
class Tally:
    passed: int = 0
    total: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, ok: bool, label: str) -> None:
        self.total += 1
        self.passed += ok
        if not ok:
            self.failures.append(label)

    def rate(self) -> str:
        return f"{self.passed}/{self.total} ({100 * self.passed / max(self.total, 1):.0f}%)"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Chat:
    """The coach over REST. Each conversation's tracker id is `rest:<sender>` (bot.identity);
    with REST_TOKEN set, every message carries it as a bearer token."""

    def __init__(self, url: str, token: str = ""):
        self.url = url
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def say(self, sender: str, text: str) -> str:
        response = requests.post(self.url, json={"sender": sender, "message": text}, headers=self.headers,
                                 timeout=60)
        response.raise_for_status()
        return "\n".join(message.get("text", "") for message in response.json())

    def ask(self, text: str) -> str:
        return self.say(f"eval-{uuid.uuid4().hex[:12]}", text)


def _matches(expect: list[list[str]], reply: str) -> bool:
    return all(any(re.search(pattern, reply, re.IGNORECASE) for pattern in group) for group in expect)


def _answered_entry(reply: str, answers: dict[str, str]) -> str | None:
    return next((entry_id for entry_id, answer in answers.items() if reply.startswith(answer)), None)


def _decline_texts(domain: dict) -> list[str]:
    return [domain["responses"][name][0]["text"].split(":")[0][:60] for name in DECLINE_RESPONSES]


def evaluate(chat: Chat, knowledge) -> list[str]:
    """Run every set; returns the report lines."""
    kb, index = knowledge.kb, knowledge.index
    answers = {entry_id: entry.answer for entry_id, entry in kb.entries.items()}
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    declines = _decline_texts(domain)
    lines: list[str] = []

    own = yaml.safe_load(OWN_SET.read_text())
    by_category: dict[str, Tally] = defaultdict(Tally)
    cited, top1, top3 = Tally(), Tally(), Tally()
    for item in own["knowledge"]:
        reply = chat.ask(item["q"])
        by_category[item["category"]].add(_answered_entry(reply, answers) == item["expect_id"], item["q"])
        cited.add(SOURCE_MARK in reply, item["q"])
        hits = index.search(item["q"], k=3)
        top1.add(bool(hits) and hits[0].entry.id == item["expect_id"], item["q"])
        top3.add(item["expect_id"] in [hit.entry.id for hit in hits], item["q"])
    overall = Tally(sum(t.passed for t in by_category.values()), sum(t.total for t in by_category.values()))
    lines.append(f"Own set ({OWN_SET.relative_to(ROOT)}): answered from the right entry {overall.rate()}")
    for category, tally in sorted(by_category.items()):
        lines.append(f"  {category:<22} {tally.rate()}")
    lines.append(f"  citation rate          {cited.rate()}")
    lines.append(f"  retrieval-only top-1   {top1.rate()}")
    lines.append(f"  retrieval-only top-3   {top3.rate()}")
    declined = Tally()
    for item in own["out_of_scope"]:
        reply = chat.ask(item["q"])
        declined.add(SOURCE_MARK not in reply and any(reply.startswith(text) for text in declines), item["q"])
    lines.append(f"  out of scope declined  {declined.rate()}")

    if DEV_SET.exists():
        dev = yaml.safe_load(DEV_SET.read_text())
        lines.append(f"Development set ({DEV_SET.name}):")
        for category, items in dev.items():
            tally = Tally()
            for item in items:
                if "turns" in item:
                    sender = f"eval-{uuid.uuid4().hex[:12]}"
                    replies = [chat.say(sender, turn) for turn in item["turns"]]
                    ok, label = _matches(item["expect"], "\n".join(replies)), " / ".join(item["turns"])
                else:
                    reply = chat.ask(item["q"])
                    ok = _matches(item["expect"], reply) and (not item.get("cite") or SOURCE_MARK in reply)
                    label = item["q"]
                tally.add(ok, label)
            lines.append(f"  {category:<22} {tally.rate()}")
            lines += [f"      missed: {label}" for label in tally.failures]
    for category, tally in sorted(by_category.items()):
        lines += [f"      missed ({category}): {label}" for label in tally.failures]
    lines += [f"      not declined: {label}" for label in declined.failures]
    return lines


def main(settings: Settings, model: Path) -> int:
    """Start the coach on free ports with a throw-away database, evaluate, stop it."""
    from bot.knowledge import get_knowledge
    from bot.ops import launch

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings.from_environ({
            **os.environ,
            "RASA_PORT": str(_free_port()), "ACTION_PORT": str(_free_port()),
            "DATABASE_URL": f"sqlite:///{folder}/eval.db", "ACTION_SERVER_URL": "",
        })
        supervisor = launch.Supervisor(settings)
        try:
            log = open(Path(folder) / "servers.log", "wb")
            supervisor.start(launch.action_server_command(settings), stdout=log, stderr=log)
            supervisor.start(launch.rasa_server_command(settings, model), stdout=log, stderr=log)
            base = f"http://127.0.0.1:{settings.rasa_port}"
            supervisor.wait_until_ready([f"{base}/", f"http://127.0.0.1:{settings.action_port}/health"])
            lines = evaluate(Chat(f"{base}/webhooks/rest/webhook", settings.rest_token), get_knowledge())
        finally:
            supervisor.stop()
    print("\n".join(lines))
    return 0
