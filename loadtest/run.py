"""Load test of the production layout through nginx's REST endpoint (`make loadtest`).

Each simulated leader holds one multi-turn conversation: a greeting, two knowledge questions, the
"failing well" reflection answered to its end, then the programme finder followed by its buttons.
Every user message carries a unique marker in its metadata (`loadtest_marker`); afterwards the
script reads PostgreSQL and checks each conversation: every marker stored exactly once, in the
order sent, each followed by a bot reply, and every REST response held at least one message.

REST on nginx's public port needs the production layout's REST_TOKEN: the script sends
`Authorization: Bearer $REST_TOKEN` (set the same REST_TOKEN for `make run-prod` and
`make loadtest`), and looks each conversation up by its tracker id, `rest:<sender>`
(bot/identity.py: every REST sender is namespaced).

Cost: the CPU time the layout's Rasa replicas and action servers used during the run (read from
/proc: the processes serving RASA_PORT.. and ACTION_PORT.., RASA_REPLICAS and ACTION_REPLICAS of
them, with their children) divided by the turns: CPU ms per turn, which hardly moves when other
work shares the machine, turns/s per core (1,000 / that), and from it the Rasa replicas and
action servers (one core each) that 1,000 leaders at a 3-second pause would keep busy.

Bounded: talks to 127.0.0.1 only, a total time limit (--time-limit), and it stops by itself.
The last line is always:
    loadtest: <users> users, <turns> turns, <e> errors, <l> lost, <d> duplicated, p95 <ms> ms
followed, with --p95-target-ms, by "(target < <ms> ms: met)" or "MISSED" (and exit code 1).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import sys
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import aiohttp

REST_NAMESPACE = "rest:"  # bot.identity.rest_sender: the tracker id of a REST sender
GREETING = "Hello!"
QUESTIONS = [
    "What does system leadership actually mean?",
    "What is an enabling environment for system leadership?",
]
REFLECTION_START = '/start_reflection{"exercise": "failing-well"}'
REFLECTION_ANSWERS = [
    "We tried a joint discharge hub with the council and it stalled after two months",
    "I expected the teams to share one waiting list; each kept its own",
    "We met every week, named the problem openly and agreed to pause the hub",
    "That shared goals come before shared structures, and that I rush to fix things",
    "4",
    "The other place-based leads, at our next network meeting",
]
# After the summary the coach offers to save it; a few extra answers cover a follow-up question.
REFLECTION_CLOSE = ["no", "no"]
FINDER_START = "/find_programme"
MAX_FINDER_QUESTIONS = 3
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SIZING_LEADERS, SIZING_PAUSE_S = 1000, 3.0


@dataclass
class Turn:
    marker: str
    text: str
    status: int | None = None
    messages: int = 0
    latency_ms: float = 0.0
    error: str = ""


@dataclass
class Leader:
    sender: str
    turns: list[Turn] = field(default_factory=list)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = max(0, math.ceil(p / 100 * len(ordered)) - 1)
    return ordered[index]


class Run:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.url = args.url.rstrip("/") + "/webhooks/rest/webhook"
        self.run_id = uuid.uuid4().hex[:8]
        self.deadline = time.monotonic() + args.time_limit
        self.leaders = [Leader(f"loadtest-{self.run_id}-{i:03d}") for i in range(args.users)]
        self.headers = {"Authorization": f"Bearer {args.rest_token}"}

    async def say(self, session: aiohttp.ClientSession, leader: Leader, text: str) -> list[dict]:
        turn = Turn(marker=f"{leader.sender}-t{len(leader.turns):02d}", text=text)
        leader.turns.append(turn)
        body = {"sender": leader.sender, "message": text, "metadata": {"loadtest_marker": turn.marker}}
        started = time.monotonic()
        try:
            remaining = self.deadline - started
            if remaining <= 0:
                raise TimeoutError("total time limit reached")
            timeout = aiohttp.ClientTimeout(total=min(self.args.request_timeout, remaining))
            async with session.post(self.url, json=body, headers=self.headers, timeout=timeout) as response:
                turn.status = response.status
                payload = await response.text()
            turn.latency_ms = (time.monotonic() - started) * 1000
            if turn.status != 200:
                turn.error = f"HTTP {turn.status}: {payload[:120]}"
                return []
            replies = json.loads(payload)
            turn.messages = len(replies) if isinstance(replies, list) else 0
            return replies if isinstance(replies, list) else []
        except (aiohttp.ClientError, asyncio.TimeoutError, TimeoutError, ValueError) as error:
            turn.latency_ms = (time.monotonic() - started) * 1000
            turn.error = f"{type(error).__name__}: {error}"[:160]
            return []

    async def pause(self) -> None:
        if self.args.pause > 0:
            await asyncio.sleep(self.args.pause)

    async def converse(self, session: aiohttp.ClientSession, leader: Leader, index: int) -> None:
        # Leaders arrive over the first pause interval, not all in the same millisecond.
        await asyncio.sleep((index / max(1, self.args.users)) * max(self.args.pause, 0.5))
        script = [GREETING, *QUESTIONS, REFLECTION_START, *REFLECTION_ANSWERS, *REFLECTION_CLOSE]
        for text in script:
            if time.monotonic() >= self.deadline:
                return
            await self.say(session, leader, text)
            await self.pause()
        replies = await self.say(session, leader, FINDER_START)
        for _ in range(MAX_FINDER_QUESTIONS):
            payloads = [b.get("payload", "") for r in replies for b in r.get("buttons", []) or []]
            payloads = [p for p in payloads if p.startswith("/inform_profile")]
            if not payloads or time.monotonic() >= self.deadline:
                return
            await self.pause()
            replies = await self.say(session, leader, payloads[0])

    async def main(self) -> None:
        connector = aiohttp.TCPConnector(limit=self.args.users + 10)
        async with aiohttp.ClientSession(connector=connector) as session:
            await asyncio.gather(*(self.converse(session, leader, i) for i, leader in enumerate(self.leaders)))


def _ports(base: str, replicas: str) -> set[str]:
    return {str(int(base) + i) for i in range(int(replicas))}


def server_pids(environ=os.environ) -> dict[str, list[int]]:
    """The layout's Rasa replicas and action servers on this machine, found by their command line
    (`bot.rasa.server run ... --port P`, `-m actions ... --port P`) and the layout's ports."""
    rasa = _ports(environ.get("RASA_PORT", "5005"), environ.get("RASA_REPLICAS", "2"))
    actions = _ports(environ.get("ACTION_PORT", "5055"), environ.get("ACTION_REPLICAS", "2"))
    found: dict[str, list[int]] = {"rasa": [], "actions": []}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/cmdline", "rb") as handle:
                argv = handle.read().decode(errors="replace").split("\0")
        except OSError:
            continue
        port = argv[argv.index("--port") + 1] if "--port" in argv[:-1] else None
        if "bot.rasa.server" in argv and port in rasa:
            found["rasa"].append(int(entry.name))
        elif "actions" in argv and "-m" in argv and port in actions:
            found["actions"].append(int(entry.name))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU seconds of these processes, and of their children that were waited for."""
    ticks = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def sizing(cpu_ms: dict[str, float], leaders: int = SIZING_LEADERS, pause_s: float = SIZING_PAUSE_S) -> dict[str, int]:
    """Cores (one replica each) that `leaders` leaders keep busy, each sending a message every
    `pause_s` (the reply's own latency left out: an upper bound on the rate), at the measured CPU
    ms per turn of each kind of server."""
    rate = leaders / pause_s
    return {name: max(1, math.ceil(rate * ms / 1000)) for name, ms in cpu_ms.items()}


def check_database(database_url: str, leaders: list[Leader]) -> dict[str, list[str]]:
    """Per sender: problems found in PostgreSQL. Also returns lost/duplicated markers."""
    import psycopg2

    senders = [REST_NAMESPACE + leader.sender for leader in leaders]
    connection = psycopg2.connect(database_url.replace("postgresql+psycopg2://", "postgresql://"))
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sender_id, id, type_name, timestamp, data FROM events "
                "WHERE sender_id = ANY(%s) ORDER BY sender_id, id",
                (senders,),
            )
            rows = cursor.fetchall()
    finally:
        connection.close()
    by_sender: dict[str, list[tuple]] = {s: [] for s in senders}
    for sender, event_id, type_name, timestamp, data in rows:
        by_sender[sender].append((event_id, type_name, timestamp, data))

    lost: list[str] = []
    duplicated: list[str] = []
    disorder: list[str] = []
    unanswered: list[str] = []
    for leader in leaders:
        events = by_sender[REST_NAMESPACE + leader.sender]
        stored: list[str] = []
        last_timestamp = -math.inf
        for position, (_event_id, type_name, timestamp, data) in enumerate(events):
            if timestamp is not None and timestamp < last_timestamp:
                disorder.append(f"{leader.sender}: event timestamps go backwards")
            last_timestamp = max(last_timestamp, timestamp or last_timestamp)
            if type_name != "user":
                continue
            marker = ((json.loads(data).get("metadata") or {}).get("loadtest_marker"))
            if not marker:
                continue
            stored.append(marker)
            later = [e[1] for e in events[position + 1:]]
            before_next_user = later[: later.index("user")] if "user" in later else later
            if "bot" not in before_next_user:
                unanswered.append(marker)
        counts = {m: stored.count(m) for m in set(stored)}
        duplicated += [m for m, n in counts.items() if n > 1]
        sent = [t.marker for t in leader.turns if t.status is not None or not t.error]
        lost += [t.marker for t in leader.turns if t.status == 200 and t.marker not in counts]
        first_seen = list(dict.fromkeys(stored))
        expected_order = [m for m in sent if m in counts]
        if first_seen != expected_order:
            disorder.append(f"{leader.sender}: stored order {first_seen} != sent order {expected_order}")
    return {"lost": lost, "duplicated": duplicated, "disorder": disorder, "unanswered": unanswered}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default=os.environ.get("LOADTEST_URL")
                        or f"http://127.0.0.1:{os.environ.get('PROD_PORT', '8080')}",
                        help="nginx's address (loopback only; default http://127.0.0.1:PROD_PORT)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL")
                        or "postgresql://postgres@127.0.0.1:5432/coach",
                        help="the production layout's PostgreSQL database (default: DATABASE_URL)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--pause", type=float, default=3.0, help="seconds between a leader's turns")
    parser.add_argument("--no-pause", action="store_true", help="stress: no pause between turns")
    parser.add_argument("--time-limit", type=float, default=600, help="seconds for the whole run")
    parser.add_argument("--request-timeout", type=float, default=90)
    parser.add_argument("--p95-target-ms", type=float,
                        help="fail (exit 1, MISSED on the last line) when the p95 latency is above this")
    parser.add_argument("--rest-token", default=os.environ.get("REST_TOKEN", ""),
                        help="the production layout's REST_TOKEN (default: REST_TOKEN)")
    args = parser.parse_args(argv)
    if not args.rest_token:
        parser.error("REST_TOKEN is not set: nginx's public port refuses REST without it; start "
                     "`make run-prod` and `make loadtest` with the same REST_TOKEN")
    if args.no_pause:
        args.pause = 0.0
    host = urlsplit(args.url).hostname or ""
    if host not in LOOPBACK:
        parser.error(f"--url must point at this machine (127.0.0.1), got {host!r}")
    db_host = urlsplit(args.database_url).hostname or "127.0.0.1"
    if db_host not in LOOPBACK:
        parser.error(f"--database-url must point at this machine, got {db_host!r}")
    if not 1 <= args.users <= 500:
        parser.error("--users must be between 1 and 500")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    run = Run(args)
    mode = "no pause" if args.pause == 0 else f"{args.pause:g} s pause"
    print(f"loadtest {run.run_id}: {args.users} leaders via {run.url} ({mode}, limit {args.time_limit:g} s)",
          flush=True)
    pids = server_pids()
    before = {name: cpu_seconds(found) for name, found in pids.items()}
    load_before = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    started = time.monotonic()
    asyncio.run(run.main())
    elapsed = time.monotonic() - started
    cpu = {name: cpu_seconds(found) - before[name] for name, found in pids.items()}
    turns = [t for leader in run.leaders for t in leader.turns]
    errors = [t for t in turns if t.error]
    empty = [t for t in turns if t.status == 200 and not t.error and t.messages == 0]
    latencies = [t.latency_ms for t in turns if not t.error]
    for turn in errors[:10]:
        print(f"  error {turn.marker}: {turn.error}")
    if len(errors) > 10:
        print(f"  ... and {len(errors) - 10} more errors")
    try:
        found = check_database(args.database_url, run.leaders)
    except Exception as error:  # the run's numbers are still worth printing
        print(f"  could not check PostgreSQL: {type(error).__name__}: {error}")
        found = {"lost": [t.marker for t in turns], "duplicated": [], "disorder": [], "unanswered": []}
    for name in ("lost", "duplicated", "disorder", "unanswered"):
        for item in found[name][:5]:
            print(f"  {name}: {item}")
    lost = set(found["lost"]) | {t.marker for t in empty} | set(found["unanswered"])
    problems = len(found["disorder"])
    print(f"  {elapsed:.0f} s, {len(turns) / max(elapsed, 1e-9):.1f} turns/s, p50 {percentile(latencies, 50):.0f} ms, "
          f"max {max(latencies, default=0):.0f} ms, {len(empty)} empty replies, {problems} out of order")
    print(f"  load average {load_before} before, "
          f"{' / '.join(f'{value:.2f}' for value in os.getloadavg())} after")
    answered = len(turns) - len(errors)
    if answered and all(pids.values()):
        cpu_ms = {name: 1000 * seconds / answered for name, seconds in cpu.items()}
        total = sum(cpu_ms.values())
        need = sizing(cpu_ms)
        print(f"  CPU per turn {total:.1f} ms (Rasa {cpu_ms['rasa']:.1f}, actions {cpu_ms['actions']:.1f}): "
              f"{1000 / total:.1f} turns/s per core; {SIZING_LEADERS:,} leaders at a {SIZING_PAUSE_S:g} s pause "
              f"keep {need['rasa']} Rasa replicas and {need['actions']} action servers busy (a core each)")
    else:
        print(f"  CPU per turn: the layout's servers were not found on this machine ({pids})")
    p95 = percentile(latencies, 95)
    slow = args.p95_target_ms is not None and p95 > args.p95_target_ms
    target = "" if args.p95_target_ms is None else (
        f" (target < {args.p95_target_ms:,.0f} ms: {'MISSED' if slow else 'met'})")
    print(f"loadtest: {args.users} users, {len(turns)} turns, {len(errors)} errors, {len(lost)} lost, "
          f"{len(found['duplicated'])} duplicated, p95 {p95:.0f} ms{target}", flush=True)
    return 0 if not (errors or lost or found["duplicated"] or problems or slow) else 1


if __name__ == "__main__":
    sys.exit(main())
