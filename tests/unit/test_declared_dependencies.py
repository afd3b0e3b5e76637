"""Every third-party package the code imports is declared: the running coach's (bot/, actions/,
scripts/, teams/) in requirements.in, the tests' in requirements.in or requirements-dev.in. A
package that only arrives through Rasa would vanish, or change, with Rasa's next pin."""
from __future__ import annotations

import ast
import importlib.metadata as metadata
import re
import sys
from functools import cache
from pathlib import Path

from bot.config import ROOT

RUNTIME_FOLDERS = ("bot", "actions", "scripts", "teams")
DEV_FOLDERS = ("tests", "loadtest")
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(path: Path) -> set[str]:
    """The distribution names a requirements .in file declares (options and comments skipped)."""
    names = set()
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0]
        match = _NAME.match(line)
        if match and not line.lstrip().startswith("-"):
            names.add(normalise(match[1]))
    return names


@cache
def import_names_to_distributions() -> dict[str, set[str]]:
    """packages_distributions(), completed from each distribution's file list: on Python 3.10 it
    reads only top_level.txt, which wheels built by flit or hatch (Jinja2, jsonschema) lack."""
    mapping = {name: {normalise(d) for d in dists} for name, dists in metadata.packages_distributions().items()}
    for dist in metadata.distributions():
        if dist.read_text("top_level.txt") is not None:
            continue
        distribution = normalise(dist.metadata["Name"])
        for file in dist.files or ():
            top = file.parts[0]
            if top.endswith((".dist-info", ".data")) or top in ("..", "__pycache__"):
                continue
            name = top.removesuffix(".py") if len(file.parts) == 1 else top
            if name.isidentifier():
                mapping.setdefault(name, set()).add(distribution)
    return mapping


def imported_top_levels(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def undeclared_imports(folders, allowed: set[str], root: Path = ROOT) -> dict[str, str]:
    """{"file.py: module": why} for every import of a third-party package outside `allowed`."""
    local = {path.name.removesuffix(".py") for path in root.iterdir()}
    problems = {}
    for folder in folders:
        for file in sorted((root / folder).rglob("*.py")):
            siblings = {path.name.removesuffix(".py") for path in file.parent.iterdir()}
            for name in imported_top_levels(file.read_text()):
                if name in sys.stdlib_module_names or name in local or name in siblings:
                    continue
                dists = import_names_to_distributions().get(name)
                where = f"{file.relative_to(root)}: {name}"
                if not dists:
                    problems[where] = "no installed distribution provides it"
                elif not dists & allowed:
                    problems[where] = f"declare {' or '.join(sorted(dists))}"
    return problems


def test_the_running_coach_imports_only_what_requirements_in_declares():
    runtime = declared(ROOT / "requirements.in")
    assert undeclared_imports(RUNTIME_FOLDERS, runtime) == {}


def test_tests_import_only_what_the_runtime_or_dev_lists_declare():
    allowed = declared(ROOT / "requirements.in") | declared(ROOT / "requirements-dev.in")
    assert undeclared_imports(DEV_FOLDERS, allowed) == {}


def test_test_tools_stay_out_of_the_runtime_list():
    assert {"pytest", "pytest-timeout", "ruff"} <= declared(ROOT / "requirements-dev.in")
    assert not {"pytest", "pytest-timeout", "ruff"} & declared(ROOT / "requirements.in")


def test_an_import_that_arrives_only_through_rasa_is_caught(tmp_path):
    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "store.py").write_text("import sqlalchemy\nfrom jinja2 import Template\nimport json\n")
    assert undeclared_imports(["bot"], {"rasa"}, root=tmp_path) == {
        "bot/store.py: sqlalchemy": "declare sqlalchemy",
        "bot/store.py: jinja2": "declare jinja2",
    }
    assert undeclared_imports(["bot"], {"sqlalchemy", "jinja2"}, root=tmp_path) == {}


def test_the_declared_list_reads_names_not_versions_or_options(tmp_path):
    path = tmp_path / "requirements.in"
    path.write_text("-c requirements.lock\nrasa[spacy]==3.6.21\nPyJWT[crypto]>=2.8,<3  # note\n# pytest\n")
    assert declared(path) == {"rasa", "pyjwt"}


def pinned_with_hashes(lock: Path) -> dict[str, bool]:
    """{distribution: has at least one --hash} for each `name==version` entry of a pip-compile lock."""
    entries: dict[str, bool] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", lock.read_text()):
        match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==\S+", block)
        if match:
            entries[normalise(match[1])] = "--hash=sha256:" in block
    return entries


def test_each_lock_pins_what_its_list_declares_and_every_pin_is_hashed():
    runtime = pinned_with_hashes(ROOT / "requirements.lock")
    dev = pinned_with_hashes(ROOT / "requirements-dev.lock")
    assert declared(ROOT / "requirements.in") <= set(runtime)
    assert declared(ROOT / "requirements-dev.in") <= set(dev)
    assert all(runtime.values()) and all(dev.values())
    assert not {"pytest", "pytest-timeout", "ruff"} & set(runtime)  # the image carries no test tools
