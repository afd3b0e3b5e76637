"""Tiny finder content written to tmp_path, so loader and ranking tests need no real content."""
from __future__ import annotations

import copy

import pytest
import yaml

from bot.finder import load_finder


def item(id, kind="programme", roles=("middle-manager",), sectors=("nhs",), nations=("england",),
         **extra) -> dict:
    """A valid catalogue entry; `extra` overrides or adds fields."""
    data = {
        "id": id,
        "name": id.replace("-", " ").title(),
        "provider": "A Provider",
        "kind": kind,
        "summary": "For testing. It offers nothing.",
        "roles": list(roles),
        "sectors": list(sectors),
        "nations": list(nations),
        "format": "Two days, free.",
        "themes": ["system-leadership"],
        "url": f"https://example.org/{id}",
        "source": f"https://example.org/{id}/about",
        "checked": "2026-11",
    }
    data.update(extra)
    return data


PROGRAMMES = [
    item("nhs-course"),
    item("council-course", sectors=["local-government"], roles=["middle-manager", "elected-member"]),
    item("any-course", sectors=["any"], themes=["place"]),
]
NETWORKS = [
    item("nhs-network", kind="network"),
    item("coaching", kind="mentoring", roles=["clinician"]),
]
SUPPORTS = [
    {"id": "peer-support", "title": "Peer support",
     "explanation": "Peers help. They listen.", "instances": ["coaching", "nhs-network"]},
]


def content() -> dict:
    """A fresh copy of valid content as {file name: data}, to change in one place per test."""
    return copy.deepcopy({
        "programmes.yml": {"programmes": PROGRAMMES},
        "networks.yml": {"networks": NETWORKS},
        "support.yml": {"supports": SUPPORTS},
    })


def write(folder, files: dict) -> str:
    """Write {file name: data or raw text} into `folder` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
        (folder / name).write_text(text, encoding="utf-8")
    return str(folder)


@pytest.fixture
def finder(tmp_path):
    return load_finder(write(tmp_path / "knowledge", content()))


@pytest.fixture(scope="session")
def real_finder():
    """The real catalogue in knowledge/."""
    from pathlib import Path

    return load_finder(str(Path(__file__).resolve().parents[3] / "knowledge"))
