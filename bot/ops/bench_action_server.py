"""What the action server costs to start: its imports and its memory, measured on the real process.

    python -m bot.ops.bench_action_server     (part of `make bench`)

It starts the action server exactly as `make run` does (bot.ops.launch.action_server_command) on a
free port with a throw-away SQLite database, with Python's own import profiler on
(PYTHONPROFILEIMPORTTIME: one line per imported module, on standard error), waits until it
answers /health, and reads:
- import time: the sum of the top-level imports' cumulative times, so everything the process
  imported before serving, including spaCy and bm25s, which load with the content;
- memory: the resident set size (VmRSS) once it is ready;
- what it loaded: Rasa (any `rasa.` module in the import log: nothing keeps Rasa out, so an
  attempt is a load), and TensorFlow or JAX (their native libraries mapped into the process,
  /proc/PID/maps: the import log also lists the attempts bot/lean.py refuses).
The tests (tests/integration/test_action_server_process.py) use the same probe.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bot.config import ROOT, Settings

# Targets of issue 14: the action server after start-up.
RSS_TARGET_MB = 250
IMPORT_TARGET_S = 1.5
_IMPORT_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( *)(\S+)\s*$")


@dataclass(frozen=True)
class ActionServerStart:
    ready_s: float  # from the process's start until /health answered
    import_s: float
    rss_mb: float
    modules: frozenset[str]  # every module the import log names
    libraries: frozenset[str]  # the files mapped into the process once it was ready

    @property
    def loaded_rasa(self) -> bool:
        return any(name == "rasa" or name.startswith("rasa.") for name in self.modules)

    def mapped(self, package: str) -> bool:
        """Whether a native library from site-packages/<package>/ is mapped into the process."""
        return any(f"/site-packages/{package}/" in path for path in self.libraries)


def parse_import_log(text: str) -> tuple[float, frozenset[str]]:
    """(seconds spent importing, names of the modules imported) from a -X importtime log."""
    total_us = 0
    modules = set()
    for line in text.splitlines():
        match = _IMPORT_LINE.match(line)
        if not match:
            continue
        _self_us, cumulative_us, indent, name = match.groups()
        modules.add(name)
        if len(indent) == 1:  # a top-level import: its cumulative time includes its children's
            total_us += int(cumulative_us)
    return total_us / 1e6, frozenset(modules)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def mapped_files(pid: int) -> frozenset[str]:
    paths = set()
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        parts = line.split(maxsplit=5)
        if len(parts) == 6 and parts[5].startswith("/"):
            paths.add(parts[5])
    return frozenset(paths)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure_start(timeout_s: float = 120) -> ActionServerStart:
    """Start the real action server once, measure it, stop it."""
    from bot.ops.launch import action_server_command, answers

    with tempfile.TemporaryDirectory(prefix="coach-action-bench-") as scratch:
        port = _free_port()
        environ = {**os.environ, "ACTION_PORT": str(port),
                   "DATABASE_URL": f"sqlite:///{Path(scratch) / 'coach.db'}"}
        settings = Settings.from_environ(environ)
        env = {**settings.child_environ(environ), "PYTHONPROFILEIMPORTTIME": "1"}
        log_path = Path(scratch) / "imports.log"
        with log_path.open("w") as log:
            start = time.perf_counter()
            process = subprocess.Popen(action_server_command(settings), cwd=ROOT, env=env,
                                       stdout=subprocess.DEVNULL, stderr=log)
            try:
                while not answers(f"http://127.0.0.1:{port}/health"):
                    if process.poll() is not None:
                        raise RuntimeError(f"the action server stopped (exit code {process.returncode})")
                    if time.perf_counter() - start > timeout_s:
                        raise RuntimeError(f"the action server did not answer within {timeout_s:.0f} s")
                    time.sleep(0.1)
                ready_s = time.perf_counter() - start
                memory = rss_mb(process.pid)
                libraries = mapped_files(process.pid)
            finally:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        import_s, modules = parse_import_log(log_path.read_text(errors="replace"))
    return ActionServerStart(ready_s=ready_s, import_s=import_s, rss_mb=memory, modules=modules,
                             libraries=libraries)


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> int:
    runs = [measure_start() for _ in range(3)]
    best_import = min(run.import_s for run in runs)
    rss = max(run.rss_mb for run in runs)
    last = runs[-1]
    print("action server start-up (3 runs; import: the fastest, memory: the largest)")
    print(f"  imports     {best_import:6.2f} s   target < {IMPORT_TARGET_S} s   "
          f"{_verdict(best_import < IMPORT_TARGET_S)}")
    print(f"  memory RSS  {rss:6.0f} MB  target < {RSS_TARGET_MB} MB   {_verdict(rss < RSS_TARGET_MB)}")
    print(f"  ready after {min(run.ready_s for run in runs):6.2f} s (imports, content, journal migration)")
    print(f"  loaded rasa: {last.loaded_rasa}, tensorflow: {last.mapped('tensorflow')}, "
          f"jax: {last.mapped('jaxlib')}")
    ok = best_import < IMPORT_TARGET_S and rss < RSS_TARGET_MB and not last.loaded_rasa \
        and not last.mapped("tensorflow")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
