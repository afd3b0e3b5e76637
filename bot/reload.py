"""Content without a redeploy: the action server reloads knowledge/ while it runs.

What is reloaded: the knowledge entries, sources and glossary (with the search index), the
reflective exercises and the finder's catalogue, and the understanding step built over them, all
together. When: a file under KNOWLEDGE_DIR changed (polled every KNOWLEDGE_RELOAD_SECONDS, 2 by
default), on SIGHUP, or after `python -m bot knowledge reload` (which validates, then touches
STAMP in the folder, so every action server watching that folder reloads: every replica of the
production layout, which share it).

Validation comes first: the new content is loaded and indexed beside the old one, and only when
every part is valid does it replace the old (each factory's default value, one assignment each,
bot.reloadable). A bad file keeps the old content and logs every problem, each naming the file,
the entry and the field (bot.validation). A new entry is answerable at once: the understanding
step ranks the entries whatever the intent. Its example questions reach the intent classifier
only at the next `make train` (see the README's "Which changes need a retrain").
"""
from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from pathlib import Path

logger = logging.getLogger(__name__)

STAMP = ".reload"  # touched by `python -m bot knowledge reload`; watched with the content files
CONTENT_SUFFIXES = (".yml", ".yaml")


def signature(folder: str | Path) -> tuple[tuple[str, int, int], ...]:
    """What a change to the content changes: every content file's path, mtime and size."""
    root = Path(folder)
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and (path.suffix in CONTENT_SUFFIXES or path.name == STAMP):
            stat = path.stat()
            found.append((path.relative_to(root).as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def load_all(folder: str):
    """(knowledge, exercises, finder, understanding) freshly read from `folder`; ContentError
    (listing every problem of the first bad part) when any part is invalid."""
    from bot.coaching import REFLECTIONS_DIR, load_exercises
    from bot.finder import load_finder
    from bot.knowledge import Knowledge
    from bot.knowledge.loader import load_knowledge
    from bot.knowledge.search import KnowledgeIndex
    from bot.nlp import PIPELINE_DIR, load_pipeline
    from bot.understanding import build_understanding

    kb = load_knowledge(folder)
    exercises = load_exercises(str(Path(folder) / REFLECTIONS_DIR), set(kb.entries))
    finder = load_finder(folder)
    knowledge = Knowledge(kb=kb, index=KnowledgeIndex.build(kb, load_pipeline(str(PIPELINE_DIR))))
    return knowledge, exercises, finder, build_understanding(knowledge, exercises, finder)


_lock = threading.Lock()


def reload_content(folder: str | None = None) -> bool:
    """Validate and load the content, then serve it (True); on any problem keep the old (False)."""
    from bot.coaching import get_exercises
    from bot.config import Settings
    from bot.finder import get_finder
    from bot.knowledge import get_knowledge
    from bot.understanding import get_understanding
    from bot.validation import ContentError

    folder = folder or Settings.from_environ().knowledge_dir
    with _lock:
        try:
            knowledge, exercises, finder, understanding = load_all(folder)
        except ContentError as error:
            logger.error("Content reload refused, the content already loaded stays: %s", error)
            return False
        get_knowledge.install(knowledge)
        get_exercises.install(exercises)
        get_finder.install(finder)
        get_understanding.install(understanding)
    logger.info("Content reloaded: %d knowledge entries, %d exercises, %d programmes and networks",
                len(knowledge.kb.entries), len(exercises), len(finder.items))
    return True


class Watcher:
    """Reloads the content when its files change (polling), or when asked (`request`: SIGHUP)."""

    def __init__(self, folder: str, interval_s: float, reload: Callable[[str], bool] = reload_content):
        self.folder, self.interval_s, self._reload = folder, interval_s, reload
        self._seen = signature(folder)
        self._asked = threading.Event()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="content-reload", daemon=True)

    def start(self) -> Watcher:
        self._thread.start()
        return self

    def request(self) -> None:
        self._asked.set()

    def stop(self) -> None:
        self._stopped.set()
        self._asked.set()
        self._thread.join(5)

    def check(self) -> bool | None:
        """Reload if asked or if the files changed since the last look; None when nothing to do."""
        now = signature(self.folder)
        asked = self._asked.is_set()
        self._asked.clear()
        if now == self._seen and not asked:
            return None
        self._seen = now
        return self._reload(self.folder)

    def _run(self) -> None:
        while not self._stopped.is_set():
            self._asked.wait(self.interval_s if self.interval_s > 0 else None)
            if self._stopped.is_set():
                return
            try:
                self.check()
            except Exception:  # a reload must never take the action server down
                logger.exception("Content reload failed; the content already loaded stays")


def watch(folder: str | None = None, interval_s: float | None = None) -> Watcher:
    """Start watching (the action server calls this once it has loaded the content), with SIGHUP
    asking for a reload."""
    from bot.config import Settings

    settings = Settings.from_environ()
    watcher = Watcher(folder or settings.knowledge_dir,
                      settings.knowledge_reload_seconds if interval_s is None else interval_s).start()
    signal.signal(signal.SIGHUP, lambda *_: watcher.request())
    return watcher


def request_reload(folder: str | None = None) -> Path:
    """Ask every action server watching `folder` to reload: touch its STAMP (after validating)."""
    from bot.config import Settings

    stamp = Path(folder or Settings.from_environ().knowledge_dir) / STAMP
    stamp.touch()
    return stamp
