"""The README's layout section names every top-level folder and every package under bot/, and
nothing that is not there: a newcomer reading it sees the tree as it is."""
from __future__ import annotations

import re
import subprocess

from bot.config import ROOT

_ENTRY = re.compile(r"^(?P<indent> *)(?P<name>[\w.-]+/)\s+(?P<what>\S.*)$")


def layout_section(readme: str) -> str:
    section = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    return section.split("```", 2)[1]


def named_folders(block: str) -> dict[str, str]:
    """Folder paths (`bot/rasa/channels`) to their one-line description, from the indented block."""
    folders: dict[str, str] = {}
    parents: list[tuple[int, str]] = []
    for line in block.splitlines():
        match = _ENTRY.match(line)
        if not match:
            continue
        indent = len(match["indent"])
        while parents and parents[-1][0] >= indent:
            parents.pop()
        name = match["name"].rstrip("/")
        path = f"{parents[-1][1]}/{name}" if parents else name
        folders[path] = match["what"]
        parents.append((indent, path))
    return folders


def tree_folders() -> set[str]:
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    top = {line.split("/", 1)[0] for line in tracked.stdout.splitlines() if "/" in line}
    top = {name for name in top if not name.startswith(".")}
    packages = {init.parent.relative_to(ROOT).as_posix() for init in (ROOT / "bot").rglob("__init__.py")}
    return top | packages


def test_the_reader_follows_indentation():
    block = "bot/  the library\n  rasa/  glue\n    channels/  channels\n  web/  app\ndata/  examples\n"
    assert named_folders(block) == {"bot": "the library", "bot/rasa": "glue", "bot/rasa/channels": "channels",
                                    "bot/web": "app", "data": "examples"}


def test_the_layout_section_matches_the_tree():
    named = named_folders(layout_section((ROOT / "README.md").read_text(encoding="utf-8")))
    tree = tree_folders()
    assert sorted(tree - set(named)) == [], "folders the README's layout section does not name"
    assert sorted(path for path in named if not (ROOT / path).is_dir()) == [], \
        "the README's layout section names folders that are not in the tree"
