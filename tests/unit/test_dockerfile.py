"""deploy/Dockerfile (not built here: no Docker engine) takes only what runs: the runtime lock with
hashes, npm's non-dev dependencies, and the Node major that package.json asks for."""
from __future__ import annotations

import json
import re

from bot.config import ROOT

DOCKERFILE = (ROOT / "deploy" / "Dockerfile").read_text()
INSTRUCTIONS = [line.strip() for line in re.sub(r"\\\n\s*", " ", DOCKERFILE).splitlines()
                if line.strip() and not line.lstrip().startswith("#")]


def stages() -> list[list[str]]:
    result: list[list[str]] = []
    for line in INSTRUCTIONS:
        if line.startswith("FROM "):
            result.append([])
        result[-1].append(line)
    return result


def test_node_is_the_major_package_json_asks_for():
    engines = json.loads((ROOT / "package.json").read_text())["engines"]["node"]
    major = re.search(r"\d+", engines)[0]
    nodes = [line for line in INSTRUCTIONS if line.startswith("FROM node:")]
    assert nodes and all(line.startswith(f"FROM node:{major}-") for line in nodes)
    assert not any("nodejs" in line for line in INSTRUCTIONS if line.startswith("RUN"))  # Debian's is 18


def test_only_the_runtime_lock_with_hashes_and_no_dev_npm_packages():
    runs = [line for line in INSTRUCTIONS if line.startswith(("RUN", "COPY"))]
    assert not any("requirements-dev" in line for line in runs)
    assert any("pip install --require-hashes" in line and "requirements.lock" in line for line in runs)
    npm = [line for line in runs if "npm " in line]
    assert npm and all("npm ci --omit=dev" in line for line in npm)


def test_the_runtime_stage_has_no_compiler_or_node():
    final = stages()[-1]
    assert final[0].startswith("FROM python:3.10-")
    assert not any("build-essential" in line or "npm" in line for line in final)
