"""The boundaries ARCHITECTURE.md draws, checked on the source: who may import Rasa, and what.

- Only bot/rasa/ imports Rasa (`rasa`, not `rasa_sdk`): the channels, the tracker and lock
  stores, the check-in policy and the fixes. Everything else in bot/ is plain Python.
- actions/ imports rasa_sdk, never Rasa nor bot/rasa/ (the action server must not load Rasa:
  tests/integration/test_action_server_process.py checks the running process).
- The product does not depend on its tooling: only the command line (bot/__main__.py) reaches
  into bot/ops/.
Imports inside functions count too.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.config import ROOT


def _modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_import_reader_sees_every_kind_of_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import rasa.core\nfrom rasa_sdk import Action\n\ndef f():\n    from bot import ops\n")
    assert _imports(sample) == {"rasa.core", "rasa_sdk", "rasa_sdk.Action", "bot", "bot.ops"}


@pytest.mark.parametrize("path", [p for p in _modules("bot") if not _relative(p).startswith("bot/rasa/")],
                         ids=_relative)
def test_only_bot_rasa_imports_rasa(path):
    assert not {name for name in _imports(path) if _within(name, "rasa")}


@pytest.mark.parametrize("path", _modules("actions"), ids=_relative)
def test_actions_import_neither_rasa_nor_our_rasa_glue(path):
    imported = _imports(path)
    assert not {name for name in imported if _within(name, "rasa") or _within(name, "bot.rasa")}


@pytest.mark.parametrize("path", [p for p in _modules("bot") if not _relative(p).startswith("bot/ops/")
                                  and _relative(p) != "bot/__main__.py"], ids=_relative)
def test_the_product_does_not_import_its_tooling(path):
    assert not {name for name in _imports(path) if _within(name, "bot.ops")}
