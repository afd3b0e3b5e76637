"""`make bench-rasa`: our coach against a default `rasa init` assistant, same Rasa, same machine,
same run.

    python -m bot.ops.bench_rasa            the full comparison (about 10 minutes on 2 cores)
    python -m bot.ops.bench_rasa --quick    smoke test: fewer questions, short throughput runs, no
                                        training-time measurement, docs left untouched

Plain: `rasa init --no-prompt` in a temporary folder (it trains its model), served by `rasa run`
with its own default endpoints (in-memory tracker store, no action server). Ours: as `make run`
starts it (action server + `rasa run`), with an SQLite tracker store in a temporary file. Every
process gets free ports, runs in its own process group with telemetry off, and is stopped at the
end, also on Ctrl-C or an error.

Measured for both: per-turn latency over REST (knowledge questions from tests/eval/questions.yml,
each from a new sender after an untimed greeting, a few warm-up conversations first, the two
assistants interleaved so machine load affects both alike); throughput at 1, 8 and 32 concurrent
users, each a distinct sender running a fixed multi-turn script for a fixed duration; training
time (`rasa train --force` into a temporary folder with a fresh training cache); cold start
(process start until the REST webhook answers a message, and for ours the action server answers);
resident memory of the `rasa run` process tree (and our action server) after the runs.

Writes results/bench.json, docs/benchmarks.md and the README's Benchmarks table (the last two
not with --quick).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

import yaml

from bot.config import ROOT, Settings
from bot.ops import launch
from bot.ops.bench import EVAL_PATH
from bot.ops.bench import _percentile as percentile
from bot.ops.evaluation import _free_port as free_port

# Issue 20: a full coaching turn costs no more than plain Rasa's.
TARGET_P50_RATIO = 1.0  # ours' median turn latency at most plain Rasa's
TARGET_THROUGHPUT_RATIO = 1.0  # ours' turns/s with 8 users at least plain Rasa's
TARGET_THROUGHPUT_USERS = 8
TARGET_TRAINING_S = 60.0  # `rasa train --force` of the coach
USERS = (1, 8, 32)
RESULTS_PATH = ROOT / "results" / "bench.json"
LOG_DIR = ROOT / "results" / "bench-logs"
DOCS_PATH = ROOT / "docs" / "benchmarks.md"
README_PATH = ROOT / "README.md"
README_START, README_END = "<!-- bench-rasa:start -->", "<!-- bench-rasa:end -->"
NAMES = {"plain": "plain `rasa init`", "ours": "the coach"}
GREETING, CLOSING = "hello", "thanks, that helps"
REQUEST_TIMEOUT_S = 120
COLD_START_TIMEOUT_S = launch.STARTUP_TIMEOUT_S


# ---- pure parts (tests/unit/test_bench_compare.py) ----

def latency_summary(timings_ms: list[float]) -> dict:
    return {"p50_ms": percentile(timings_ms, 0.5), "p95_ms": percentile(timings_ms, 0.95),
            "turns": len(timings_ms)}


def verdict(ours_p50: float, plain_p50: float, target: float = TARGET_P50_RATIO) -> dict:
    """Ours' median latency as a multiple of plain Rasa's, and whether it meets the target."""
    ratio = ours_p50 / plain_p50 if plain_p50 > 0 else float("inf")
    return {"ratio": ratio, "target": target, "verdict": "PASS" if ratio <= target else "MISS"}


def targets(servers: dict) -> list[dict]:
    """Issue 20's targets: (what, measured, target, PASS or MISS); training only when measured."""
    plain, ours = servers["plain"], servers["ours"]
    p50 = verdict(ours["latency"]["p50_ms"], plain["latency"]["p50_ms"])
    users = str(TARGET_THROUGHPUT_USERS)
    rate = (ours["throughput"][users]["turns_per_s"] / plain["throughput"][users]["turns_per_s"]
            if plain["throughput"][users]["turns_per_s"] else 0.0)
    rows = [
        {"what": "latency p50, ours / plain", "value": f"{p50['ratio']:.2f}x",
         "target": f"<= {TARGET_P50_RATIO:.1f}x", "verdict": p50["verdict"]},
        {"what": f"throughput, {users} users, ours / plain", "value": f"{rate:.2f}x",
         "target": f">= {TARGET_THROUGHPUT_RATIO:.1f}x",
         "verdict": "PASS" if rate >= TARGET_THROUGHPUT_RATIO else "MISS"},
    ]
    if ours["training_s"] is not None:
        rows.append({"what": "training time, the coach", "value": f"{ours['training_s']:.0f} s",
                     "target": f"<= {TARGET_TRAINING_S:.0f} s",
                     "verdict": "PASS" if ours["training_s"] <= TARGET_TRAINING_S else "MISS"})
    return rows


def cpu_ms_per_turn(cpu_s: float, turns: int) -> float | None:
    return 1000 * cpu_s / turns if turns else None


def turns_per_core(cpu_ms: float | None) -> float | None:
    """Turns a second one core would serve at this CPU cost per turn."""
    return 1000 / cpu_ms if cpu_ms else None


def pick_questions(questions: list[str], count: int) -> list[str]:
    """`count` questions spread evenly over the list (so every category is represented)."""
    if count >= len(questions):
        return list(questions)
    return [questions[index * len(questions) // count] for index in range(count)]


def _number(value: float | None, digits: int) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def _ratio(ours: float | None, plain: float | None) -> str:
    return "" if not ours or not plain else f"{ours / plain:.2f}x"


def table_rows(results: dict) -> list[tuple[str, str, str, str]]:
    """(metric, plain, ours, ours/plain) rows of the results table."""
    plain, ours = results["servers"]["plain"], results["servers"]["ours"]
    rows = []

    def add(label: str, key, digits: int, with_ratio: bool = True) -> None:
        values = [key(server) for server in (plain, ours)]
        rows.append((label, _number(values[0], digits), _number(values[1], digits),
                     _ratio(values[1], values[0]) if with_ratio else ""))

    add("latency p50 (ms)", lambda s: s["latency"]["p50_ms"], 0)
    add("latency p95 (ms)", lambda s: s["latency"]["p95_ms"], 0)
    add("greeting (first turn) p50 (ms)", lambda s: s["greeting_latency"]["p50_ms"], 0)
    for users in results["users"]:
        add(f"throughput, {users} user{'s' * (users > 1)} (turns/s)",
            lambda s, users=users: s["throughput"][str(users)]["turns_per_s"], 1)
    for users in results["users"][1:]:
        add(f"p95 under {users} users (ms)", lambda s, users=users: s["throughput"][str(users)].get("p95_ms"), 0)
    for users in results["users"][1:]:
        add(f"CPU per turn, {users} users (ms)",
            lambda s, users=users: s["throughput"][str(users)].get("cpu_ms_per_turn"), 1)
        add(f"turns/s per core, {users} users",
            lambda s, users=users: turns_per_core(s["throughput"][str(users)].get("cpu_ms_per_turn")), 1)
    add("training time (s)", lambda s: s["training_s"], 0)
    add("cold start (s)", lambda s: s["cold_start_s"], 1)
    add("`rasa run` memory, RSS (MB)", lambda s: s["rss_mb"]["rasa"], 0)
    add("action server memory, RSS (MB)", lambda s: s["rss_mb"]["action_server"], 0, with_ratio=False)
    rows.append(("tracker store", plain["tracker_store"], ours["tracker_store"], ""))
    return rows


def render_table(results: dict) -> str:
    header = ("metric", NAMES["plain"], NAMES["ours"], "ours / plain")
    lines = ["| " + " | ".join(header) + " |", "| --- | ---: | ---: | ---: |"]
    lines += ["| " + " | ".join(row) + " |" for row in table_rows(results)]
    return "\n".join(lines)


def verdict_line(results: dict) -> str:
    parts = [f"{row['what']} {row['value']} (target {row['target']}): **{row['verdict']}**"
             for row in results["targets"]]
    return "Targets (issue 20): " + "; ".join(parts) + "."


def missed(results: dict) -> list[str]:
    return [row["what"] for row in results["targets"] if row["verdict"] != "PASS"]


def describe_machine(machine: dict) -> str:
    text = (f"{machine['cpus']} CPUs ({machine['cpu_model']}), {machine['ram_gb']:.0f} GB RAM, "
            f"Python {machine['python']}, Rasa {machine['rasa']}, {machine['date']}; load average "
            f"(1/5/15 min) {machine['load_before']} before and {machine['load_after']} after the run")
    if busy(machine):
        text += " (busy: other work competed for the CPUs, so the figures are only indicative)"
    return text


def busy(machine: dict) -> bool:
    """Whether the 1-minute load average exceeded half the CPUs before the run (after it, the
    load is the benchmark's own)."""
    return float(machine["load_before"].split(" / ")[0]) > machine["cpus"] / 2


def render_markdown(results: dict) -> str:
    machine, settings = results["machine"], results["settings"]
    errors = {name: sum(run["errors"] for run in server["throughput"].values())
              for name, server in results["servers"].items()}
    training = ("skipped in this run" if settings["skip_training"] else
                "the coach's spaCy pipeline is built beforehand and not counted")
    return f"""# Benchmarks: the coach against a default `rasa init` assistant

Written by `make bench-rasa` (also part of `make bench`); `results/bench.json` has the same
figures and more (latency under load, turn and error counts). Re-run on a quiet machine before
quoting them.

**Machine:** {describe_machine(machine)}.

{render_table(results)}

{verdict_line(results)}

How it was measured (`bot/ops/bench_rasa.py`), both assistants served by the same Rasa on this
machine in the same run:

- **plain `rasa init`**: `rasa init --no-prompt` in a temporary folder, then `rasa run` there
  with its own default endpoints: in-memory tracker store, no action server.
- **the coach**: as `make run` starts it, action server and `rasa run`, with the SQLite tracker
  store in a temporary file (the web app is not on the REST path and is not started).
- **latency**: knowledge questions from `tests/eval/questions.yml`, each from a new sender after
  a greeting (timed apart: a conversation's first turn), sent to the two assistants in turn over
  `/webhooks/rest/webhook`, after warm-up conversations that are not counted.
  Questions: {settings['questions']}; warm-up conversations: {settings['warmup']}.
- **throughput**: 1, 8 and 32 concurrent users (asyncio + aiohttp), each a distinct sender
  repeating a script (greeting, three knowledge questions, thanks) for a fixed time; completed
  turns divided by the elapsed time. Seconds per run: {settings['duration_s']:g}; failed turns:
  plain {errors['plain']}, coach {errors['ours']}.
- **CPU per turn**: the user and system CPU time the servers used during a throughput run (read
  from `/proc`: `rasa run` and its children, and for the coach the action server too), divided
  by the turns completed. Unlike turns/s it hardly moves when other work shares the machine;
  turns/s per core is 1,000 divided by it.
- **training time**: `rasa train --force` into a temporary folder with an empty training cache;
  {training}.
- **cold start**: from starting the processes until the REST webhook answers a message (and,
  for the coach, the action server answers too).
- **memory**: resident set size of the `rasa run` process and its children after all runs, read
  from `/proc`; the action server separately.
"""


def replace_between(text: str, start: str, end: str, content: str) -> str:
    """`text` with what lies between the `start` and `end` markers replaced by `content`."""
    head, found, rest = text.partition(start)
    if not found or end not in rest:
        raise ValueError(f"markers {start} ... {end} not found")
    return f"{head}{start}\n{content}\n{end}{rest.split(end, 1)[1]}"


def write_docs_section(path: Path, generated: str) -> None:
    """docs/benchmarks.md: the generated part between the bench-rasa markers, the hand-written
    rest (the profile breakdowns) kept; the whole file when it has no markers yet."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    try:
        path.write_text(replace_between(text, README_START, README_END, generated.strip()), encoding="utf-8")
    except ValueError:
        path.write_text(f"{README_START}\n{generated.strip()}\n{README_END}\n", encoding="utf-8")


def readme_section(results: dict) -> str:
    return (f"{render_table(results)}\n\n{verdict_line(results)} Measured on "
            f"{describe_machine(results['machine'])}.")


# ---- the machine ----

def _meminfo_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 ** 2
    return 0.0


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def _load() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def describe_this_machine() -> dict:
    from importlib.metadata import version

    return {
        "cpus": len(os.sched_getaffinity(0)),  # what `nproc` prints
        "cpu_model": _cpu_model(),
        "ram_gb": _meminfo_gb(),
        "python": platform.python_version(),
        "rasa": version("rasa"),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "load_before": _load(),
    }


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants."""
    children: dict[int, list[int]] = defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children[parent].append(int(stat.parent.name))
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(children[current])
    return found


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB (shared pages count twice)."""
    total_kb = 0
    for current in process_tree(pid):
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        total_kb += next((int(line.split()[1]) for line in status.splitlines()
                          if line.startswith("VmRSS:")), 0)
    return total_kb / 1024


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU seconds used so far by these processes and their descendants."""
    ticks = 0
    for pid in pids:
        for current in process_tree(pid):
            try:
                fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


# ---- processes ----

class Processes(launch.Supervisor):
    """launch.Supervisor (process groups, all stopped together) with a working folder and
    environment per process, and one-shot commands that are timed."""

    def start(self, command: list[str], cwd: Path = ROOT, env: dict | None = None,
              log: str = "servers") -> subprocess.Popen:
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        with (LOG_DIR / f"{log}.log").open("ab") as output:
            process = subprocess.Popen(command, cwd=cwd, env=env or self.env, stdout=output,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def timed(self, command: list[str], log: str, **kwargs) -> float:
        """Run a command to its end; its wall-clock seconds. Ctrl-C stops it with the rest."""
        start = time.perf_counter()
        process = self.start(command, log=log, **kwargs)
        code = process.wait()
        self.processes.remove(process)
        if code != 0:
            raise SystemExit(f"{' '.join(command[2:5])} failed (exit code {code}); see {LOG_DIR}/{log}.log")
        return time.perf_counter() - start


def _rasa(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "rasa", *arguments]


# ---- HTTP ----

async def say(session, url: str, sender: str, text: str) -> float:
    """One turn; its milliseconds. Raises on anything but a 200 with a JSON list."""
    start = time.perf_counter()
    async with session.post(url, json={"sender": sender, "message": text}) as response:
        body = await response.json(content_type=None)
        if response.status != 200 or not isinstance(body, list):
            raise RuntimeError(f"HTTP {response.status}: {str(body)[:200]}")
    return (time.perf_counter() - start) * 1000


def _session(connections: int = 1):
    import aiohttp

    return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S),
                                 connector=aiohttp.TCPConnector(limit=max(connections, 1)))


async def first_answer(url: str, processes: Processes, timeout_s: float = COLD_START_TIMEOUT_S) -> None:
    """Return once the webhook answers a greeting with at least one message."""
    deadline = time.monotonic() + timeout_s
    async with _session() as session:
        while time.monotonic() < deadline:
            processes.check_alive()
            try:
                async with session.post(url, json={"sender": f"cold-{uuid.uuid4().hex[:8]}",
                                                   "message": GREETING}) as response:
                    if response.status == 200 and await response.json(content_type=None):
                        return
            except Exception:  # not listening yet, or reset while starting
                pass
            await asyncio.sleep(0.1)
    raise SystemExit(f"{url} did not answer within {timeout_s:.0f} s; see {LOG_DIR}")


async def latencies(urls: dict[str, str], questions: list[str],
                    warmup: list[str]) -> dict[str, dict[str, list[float]]]:
    """Per-question latency for each assistant, alternating which one goes first; the greeting
    before each question is timed apart (it is a new conversation's first turn)."""
    timings = {name: {"question": [], "greeting": []} for name in urls}
    async with _session() as session:
        for number, question in enumerate([*warmup, *questions]):
            order = list(urls) if number % 2 == 0 else list(reversed(urls))
            for name in order:
                sender = f"latency-{uuid.uuid4().hex[:12]}"
                greeting = await say(session, urls[name], sender, GREETING)
                answer = await say(session, urls[name], sender, question)
                if number >= len(warmup):
                    timings[name]["greeting"].append(greeting)
                    timings[name]["question"].append(answer)
    return timings


async def throughput(url: str, users: int, duration_s: float, script: list[str]) -> dict:
    """`users` concurrent senders repeating `script` for `duration_s`; completed turns per second."""
    timings: list[float] = []
    errors = 0
    deadline = time.monotonic() + duration_s

    async def user(number: int, session) -> None:
        nonlocal errors
        while time.monotonic() < deadline:
            sender = f"load-{users}-{number}-{uuid.uuid4().hex[:8]}"
            for text in script:
                if time.monotonic() >= deadline:
                    return
                try:
                    timings.append(await say(session, url, sender, text))
                except Exception:
                    errors += 1
                    await asyncio.sleep(0.1)

    start = time.perf_counter()
    async with _session(users) as session:
        await asyncio.gather(*(user(number, session) for number in range(users)))
    elapsed = time.perf_counter() - start
    return {"users": users, "turns": len(timings), "errors": errors, "seconds": elapsed,
            "turns_per_s": len(timings) / elapsed,
            **({"p50_ms": percentile(timings, 0.5), "p95_ms": percentile(timings, 0.95)} if timings else {})}


# ---- the run ----

def _knowledge_questions() -> list[str]:
    return [item["q"] for item in yaml.safe_load(EVAL_PATH.read_text(encoding="utf-8"))["knowledge"]]


def _say(message: str) -> None:
    print(f"[bench-rasa {time.strftime('%H:%M:%S')}] {message}", flush=True)


def measure(args: argparse.Namespace, folder: Path, processes: Processes) -> dict:
    from bot.ops.training import ensure_model

    machine = describe_this_machine()
    all_questions = _knowledge_questions()
    questions = pick_questions(all_questions, args.questions)
    warmup = [q for q in all_questions if q not in questions][:args.warmup] or questions[:args.warmup]
    script = [GREETING, *questions[:3], CLOSING]
    servers: dict[str, dict] = {
        "plain": {"tracker_store": "in-memory (Rasa's default)", "training_s": None},
        "ours": {"tracker_store": "SQLite (temporary file)", "training_s": None},
    }
    telemetry_off = {"RASA_TELEMETRY_ENABLED": "false"}

    # Both models first, while no server competes for the CPU.
    plain_dir = folder / "plain"
    plain_dir.mkdir()
    plain_env = {**processes.env, **telemetry_off, "RASA_CACHE_DIRECTORY": str(folder / "cache-plain")}
    _say(f"rasa init --no-prompt --init-dir {plain_dir} (scaffolds and trains, about a minute)")
    servers["plain"]["init_s"] = processes.timed(
        _rasa("init", "--no-prompt", "--init-dir", str(plain_dir)), "plain-init", env=plain_env)
    plain_model = max((plain_dir / "models").glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    our_model = ensure_model(processes.settings)
    if not args.skip_training:
        _say("rasa train --force for plain rasa init")
        servers["plain"]["training_s"] = processes.timed(
            _rasa("train", "--force", "--out", str(folder / "plain-train")), "plain-train",
            cwd=plain_dir, env={**plain_env, "RASA_CACHE_DIRECTORY": str(folder / "cache-plain-2")})
        _say("rasa train --force for the coach (3 to 4 minutes on 2 cores)")
        servers["ours"]["training_s"] = processes.timed(
            _rasa("train", "--force", "--config", "config.yml", "--domain", "domain.yml", "--data", "data",
                  "--out", str(folder / "ours-train")), "ours-train",
            env={**processes.env, "RASA_CACHE_DIRECTORY": str(folder / "cache-ours")})

    settings = processes.settings
    plain_port = free_port()
    urls = {"plain": f"http://127.0.0.1:{plain_port}/webhooks/rest/webhook",
            "ours": f"http://127.0.0.1:{settings.rasa_port}/webhooks/rest/webhook"}
    _say("starting plain rasa run (cold start)")
    start = time.perf_counter()
    plain_rasa = processes.start(_rasa("run", "--model", str(plain_model), "--port", str(plain_port),
                                       "--interface", "127.0.0.1"), cwd=plain_dir, env=plain_env, log="plain-server")
    asyncio.run(first_answer(urls["plain"], processes))
    servers["plain"]["cold_start_s"] = time.perf_counter() - start

    _say("starting the coach's action server and rasa run (cold start)")
    start = time.perf_counter()
    action_server = processes.start(launch.action_server_command(settings), log="ours-action-server")
    our_rasa = processes.start(launch.rasa_server_command(settings, our_model), log="ours-server")
    asyncio.run(first_answer(urls["ours"], processes))
    processes.wait_until_ready([f"http://127.0.0.1:{settings.action_port}/health"])
    servers["ours"]["cold_start_s"] = time.perf_counter() - start

    _say(f"latency: {len(questions)} questions to each, after {len(warmup)} warm-up conversations")
    for name, timings in asyncio.run(latencies(urls, questions, warmup)).items():
        servers[name]["latency"] = latency_summary(timings["question"])
        servers[name]["greeting_latency"] = latency_summary(timings["greeting"])
    for name in servers:
        servers[name]["throughput"] = {}
    measured = {"plain": [plain_rasa.pid], "ours": [our_rasa.pid, action_server.pid]}
    for users in USERS:
        for name in servers:
            _say(f"throughput: {users} users on {name} for {args.duration:g} s")
            before = cpu_seconds(measured[name])
            run = asyncio.run(throughput(urls[name], users, args.duration, script))
            run["cpu_s"] = cpu_seconds(measured[name]) - before
            run["cpu_ms_per_turn"] = cpu_ms_per_turn(run["cpu_s"], run["turns"])
            servers[name]["throughput"][str(users)] = run
    processes.check_alive()
    servers["plain"]["rss_mb"] = {"rasa": tree_rss_mb(plain_rasa.pid), "action_server": None}
    servers["ours"]["rss_mb"] = {"rasa": tree_rss_mb(our_rasa.pid),
                                 "action_server": tree_rss_mb(action_server.pid)}
    machine["load_after"] = _load()
    return {
        "machine": machine,
        "settings": {"quick": args.quick, "questions": len(questions), "warmup": len(warmup),
                     "duration_s": args.duration, "script_turns": len(script),
                     "skip_training": args.skip_training},
        "users": list(USERS),
        "servers": servers,
        "targets": targets(servers),
    }


def _raise_keyboard_interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.ops.bench_rasa", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="smoke test: 15 questions, 5 s per throughput run, no training times, no docs")
    parser.add_argument("--questions", type=int, help="knowledge questions to time (default 60, quick 15)")
    parser.add_argument("--duration", type=float, help="seconds per throughput run (default 20, quick 5)")
    parser.add_argument("--skip-training", action="store_true", help="do not measure training times")
    parser.add_argument("--no-docs", action="store_true",
                        help="do not write docs/benchmarks.md and the README table")
    args = parser.parse_args(argv)
    args.questions = args.questions or (15 if args.quick else 60)
    args.duration = args.duration or (5.0 if args.quick else 20.0)
    args.warmup = 3 if args.quick else 5
    args.skip_training = args.skip_training or args.quick
    write_docs = not (args.quick or args.no_docs)

    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if LOG_DIR.exists():
        for old in LOG_DIR.glob("*.log"):
            old.unlink()
    with tempfile.TemporaryDirectory(prefix="bench-rasa-") as name:
        folder = Path(name)
        settings = Settings.from_environ({
            **os.environ, "HOST": "127.0.0.1", "RASA_PORT": str(free_port()),
            "ACTION_PORT": str(free_port()), "ACTION_SERVER_URL": "",
            "DATABASE_URL": f"sqlite:///{folder}/coach.db",
        })
        processes = Processes(settings)
        processes.env["RASA_TELEMETRY_ENABLED"] = "false"
        results = None
        try:
            results = measure(args, folder, processes)
        except KeyboardInterrupt:
            print("\nInterrupted: stopping every process started.", file=sys.stderr)
        finally:
            processes.stop()
    if results is None:
        # Die of SIGINT, so that a shell (make bench) stops too instead of running the next step.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
        return 130

    RESULTS_PATH.parent.mkdir(exist_ok=True)
    RESULTS_PATH.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nMachine: {describe_machine(results['machine'])}\n")
    print(render_table(results))
    print(f"\n{verdict_line(results)}\n\nWritten: {RESULTS_PATH.relative_to(ROOT)}", end="")
    if write_docs:
        write_docs_section(DOCS_PATH, render_markdown(results))
        print(f", {DOCS_PATH.relative_to(ROOT)}", end="")
        readme = README_PATH.read_text(encoding="utf-8")
        try:
            README_PATH.write_text(replace_between(readme, README_START, README_END, readme_section(results)),
                                   encoding="utf-8")
            print(", README.md (Benchmarks)", end="")
        except ValueError as error:
            print(f" (README.md not updated: {error})", end="")
    else:
        print(" (docs/benchmarks.md and README.md untouched: --quick or --no-docs)", end="")
    print(f"; server logs in {LOG_DIR.relative_to(ROOT)}/")
    if missed(results):
        print(f"\nbench-rasa: MISSED {len(missed(results))} target(s): {', '.join(missed(results))}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
