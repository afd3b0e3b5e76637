"""`make eval`: answer quality measured through the real running assistant over REST.

Three sets, all sent to the coach started on free ports with a throw-away SQLite database:

- the leaders' set (`tests/eval/leaders.yml`): held-out messages written by someone who never
  read the knowledge base, split into `dev` and `test` by a hash of each case's id
  (`split_of`). Each case is a conversation of its own (one sender). What the coach *did* in a
  turn is read from the tracker store's events, not guessed from its words (`read_turn`), and
  each case is scored against its expectations (`score_case`). `make eval` prints the dev half:
  accuracy per category, a routing confusion matrix and every miss; `EVAL_SPLIT=test` prints the
  test half's figures only, without per-case misses, so nobody tunes on them.
- our own set (`tests/eval/questions.yml`) and the shared development set
  (`../shared/eval/dev-questions.yml`, or EVAL_DEV_SET): both are dev, reported with the dev half.
  They print accuracy per category, citation rate, abstention on out-of-scope questions, and
  retrieval-only top-1/top-3 hit rates.
"""
from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
import socket
import tempfile
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import requests
import yaml

from bot import names
from bot.config import ROOT, Settings

DEV_SET = Path(os.environ.get("EVAL_DEV_SET", ROOT.parent / "shared" / "eval" / "dev-questions.yml"))
OWN_SET = ROOT / "tests" / "eval" / "questions.yml"
LEADERS_SET = ROOT / "tests" / "eval" / "leaders.yml"
# Sets written blind later, each used whole. `fresh`, `fresh3`, `fresh4` and then `fresh5` were
# measured as held out and then became tuning data (their misses are shown, --cases runs some of
# them), and then `fresh6` (after two looks, 2026-12-02); `fresh7`, written blind after fresh6's
# second look, is held out, and so is `fresh8`, written blind 2026-12-03. `fresh9`, written the
# same way the same day, is tuning data from the start.
WHOLE_SETS = {"fresh": LEADERS_SET.with_name("leaders-fresh.yml"),
              "fresh3": LEADERS_SET.with_name("leaders-fresh3.yml"),
              "fresh4": LEADERS_SET.with_name("leaders-fresh4.yml"),
              "fresh5": LEADERS_SET.with_name("leaders-fresh5.yml"),
              "fresh6": LEADERS_SET.with_name("leaders-fresh6.yml"),
              "fresh7": LEADERS_SET.with_name("leaders-fresh7.yml"),
              "fresh8": LEADERS_SET.with_name("leaders-fresh8.yml"),
              "fresh9": LEADERS_SET.with_name("leaders-fresh9.yml")}
HELD_OUT = ("test", "fresh7", "fresh8")  # measured, never tuned on: figures only
SPLITS = ("dev", "test", *WHOLE_SETS)


def set_of(split: str) -> Path:
    return WHOLE_SETS.get(split, LEADERS_SET)


def _in_split(case: Mapping, split: str) -> bool:
    return split in WHOLE_SETS or split_of(case["id"]) == split
SOURCE_MARK = "Source:"
# Replies that decline: the domain responses for out of scope, not in the knowledge base, clinical.
DECLINE_RESPONSES = (names.UTTER_OUT_OF_SCOPE, names.UTTER_NOT_IN_KNOWLEDGE_BASE, names.UTTER_CLINICAL)
# The "done when" figures for the test half, per category.
TARGETS = {"knowledge": 0.95, "catalogue": 0.90, "exercise": 0.95, "out_of_scope": 0.95}
MIN_TEST_CASES = 20  # per category, so the test half's figures mean something


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
        return "\n".join(message.get("text") or "" for message in response.json())

    def ask(self, text: str) -> str:
        return self.say(new_sender(), text)


def new_sender() -> str:
    return f"eval-{uuid.uuid4().hex[:12]}"


# The split ------------------------------------------------------------------------------------

def split_of(case_id: str) -> str:
    """`dev` or `test` for a case id: the first hex digit of sha1(id), below 8 is dev.

    Depends on the id alone, so adding cases never moves another case between halves.
    """
    return "dev" if hashlib.sha1(case_id.encode("utf-8")).hexdigest()[0] < "8" else "test"


# What the coach did in a turn, read from the tracker store's events ---------------------------

ROUTES = ("knowledge", "catalogue", "finder", "exercise", "journal", "out_of_scope", "safety", "closing", "other")
JOURNAL_ACTIONS = frozenset({
    names.ACTION_SHOW_JOURNAL, names.ACTION_OPEN_REFLECTION, names.ACTION_EXPORT_JOURNAL,
    names.ACTION_FORGET_ME, names.ACTION_SHARE_REFLECTION,
})
JOURNAL_RESPONSES = frozenset({
    names.UTTER_JOURNAL_EMPTY, names.UTTER_JOURNAL_LIST, names.UTTER_REFLECTION_NOT_FOUND,
    names.UTTER_JOURNAL_EXPORT_INTRO, names.UTTER_CONFIRM_FORGET, names.UTTER_FORGOTTEN,
    names.UTTER_FORGET_CANCELLED,
})
SAFETY_RESPONSES = frozenset({names.UTTER_CLINICAL, names.UTTER_DISTRESS_SUPPORT})
# Safety responses the safety layer (issues 14, 17) may add are recognised by their name.
SAFETY_PREFIXES = ("utter_crisis", "utter_distress", "utter_safety", "utter_strain", "utter_clinical")
OUT_OF_SCOPE_RESPONSES = frozenset({names.UTTER_NOT_IN_KNOWLEDGE_BASE, names.UTTER_OUT_OF_SCOPE})
OUT_OF_SCOPE_ACTIONS = frozenset({names.ACTION_DECLINE_OUT_OF_SCOPE})
CLOSING_RESPONSES = frozenset({names.UTTER_GOODBYE, names.UTTER_YOURE_WELCOME})
NOT_UNDERSTOOD_RESPONSES = frozenset({names.UTTER_ASK_REPHRASE, names.UTTER_STILL_UNCLEAR})
FOLLOW_UP_ACTIONS = frozenset({names.ACTION_TELL_MORE, names.ACTION_CITE_SOURCE})
NOTHING_TO_FOLLOW_UP = frozenset({
    names.UTTER_NOTHING_TO_EXPAND, names.UTTER_NO_MORE_DETAIL, names.UTTER_NOTHING_TO_CITE,
    names.UTTER_NOT_IN_KNOWLEDGE_BASE,
})
FINDER_QUESTION_PREFIX = "utter_ask_finder_"
ACTIVE = "active"  # bot.coaching.engine's status of an exercise in progress
MENU = "menu"  # the exercise expected or offered when the opener names none
# The card every catalogue item is described with (actions/finder.py describe): "**name** (provider)".
CARD_HEADER = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Turn:
    """What the coach did with one message, from the events the turn stored."""

    routes: tuple[str, ...]  # every route the turn took, most telling first; ("other",) if none
    actions: tuple[str, ...] = ()
    responses: tuple[str, ...] = ()  # domain responses uttered (bot events' metadata.utter_action)
    text: str = ""  # every bot message's text, one per line
    entry: str | None = None  # the knowledge entry answered from
    shown: tuple[str, ...] = ()  # catalogue item ids shown (recommended or described)
    exercise: str | None = None  # the exercise started (its id), or MENU when the menu was offered
    asked_finder: bool = False  # the finder asked the leader a question (role, sector, what they want)

    @property
    def route(self) -> str:
        return self.routes[0]


def _data(event: Mapping) -> dict:
    data = event.get("data")
    if isinstance(data, str):
        data = json.loads(data or "{}")
    return data or {}


def _slots(events: Iterable[Mapping]) -> dict:
    values: dict = {}
    for event in events:
        if event.get("type_name") in ("restart", "session_started"):
            values.clear()  # a new session re-sends the slots it carries over
        elif event.get("type_name") == "slot":
            data = _data(event)
            values[data.get("name", event.get("action_name"))] = data.get("value")
    return values


def _is_safety(response: str) -> bool:
    return response in SAFETY_RESPONSES or response.startswith(SAFETY_PREFIXES)


def read_turn(events: Sequence[Mapping], earlier: Sequence[Mapping] = (),
              item_names: Mapping[str, str] | None = None) -> Turn:
    """What the coach did, from the tracker store's rows for one turn.

    `events` are `events` rows (type_name, action_name, data as JSON text or a dict) from the
    leader's message on; anything before the first `user` row is treated as earlier. `earlier`
    are the conversation's rows before, for what slots already held (the entry a "tell me more"
    follows up, the recommendations already shown). `item_names` maps catalogue item ids to
    names, to recognise an item's card in the text when no slot records it.
    """
    events = list(events)
    first_user = next((i for i, e in enumerate(events) if e.get("type_name") == "user"), 0)
    earlier, events = [*earlier, *events[:first_user]], events[first_user:]
    before, after = _slots(earlier), {}
    actions, responses, texts = [], [], []
    # `finder_shown` is cumulative ("show more" repeats the earlier items) and reset to [] when the
    # finder starts again: what this turn showed is its last value less the value it replaced.
    recommended: list[str] = []
    shown_value = before.get(names.FINDER_SHOWN_SLOT) or []
    for event in events:
        kind, data = event.get("type_name"), _data(event)
        if kind == "action":
            actions.append(data.get("name") or event.get("action_name"))
        elif kind == "bot":
            if (data.get("metadata") or {}).get("utter_action"):
                responses.append(data["metadata"]["utter_action"])
            texts.append(data.get("text") or "")
        elif kind == "slot":
            name, value = data.get("name", event.get("action_name")), data.get("value")
            after[name] = value
            if name == names.FINDER_SHOWN_SLOT:
                value = value if isinstance(value, list) else []
                recommended = [i for i in value if i not in shown_value] if value else []
                shown_value = value
    slots = {**before, **after}
    text = "\n".join(texts)
    found: list[str] = []  # routes in the order of the checks below, the most telling first

    if any(_is_safety(r) for r in responses):
        found.append("safety")
    if JOURNAL_ACTIONS & set(actions) or JOURNAL_RESPONSES & set(responses):
        found.append("journal")
    exercise = None
    state, was = after.get(names.REFLECTION_STATE_SLOT), before.get(names.REFLECTION_STATE_SLOT)
    if isinstance(state, dict) and state.get("status") == ACTIVE and not (
            isinstance(was, dict) and was.get("status") == ACTIVE and was.get("exercise") == state.get("exercise")):
        exercise = state.get("exercise")
    elif names.UTTER_CHOOSE_EXERCISE in responses:
        exercise = MENU
    if exercise:
        found.append("exercise")

    shown = list(recommended)
    asked = any(r.startswith(FINDER_QUESTION_PREFIX) for r in responses)
    if shown or asked:
        found.append("finder")
    described = [item_id for item_id, name in (item_names or {}).items()
                 if name in CARD_HEADER.findall(text) and item_id not in shown]
    for name, value in after.items():  # any other slot naming catalogue items (ids), say a "last offer"
        if name in (names.FINDER_SHOWN_SLOT, names.KNOWLEDGE_ENTRY_SLOT) or item_names is None:
            continue
        for value_id in value if isinstance(value, list) else [value]:
            if isinstance(value_id, str) and value_id in item_names and value_id not in shown + described:
                described.append(value_id)
    if described:
        found.append("catalogue")
        shown += described

    if OUT_OF_SCOPE_RESPONSES & set(responses):
        found.append("out_of_scope")
    entry = after.get(names.KNOWLEDGE_ENTRY_SLOT) or None
    if entry is None and FOLLOW_UP_ACTIONS & set(actions) and not NOTHING_TO_FOLLOW_UP & set(responses):
        entry = slots.get(names.KNOWLEDGE_ENTRY_SLOT) or None
    if entry:
        found.append("knowledge")
    # The declining action answers instead when the knowledge base covers the words after all.
    if OUT_OF_SCOPE_ACTIONS & set(actions) and not found:
        found.append("out_of_scope")
    if CLOSING_RESPONSES & set(responses) and not NOT_UNDERSTOOD_RESPONSES & set(responses):
        found.append("closing")
    return Turn(routes=tuple(found) or ("other",), actions=tuple(actions), responses=tuple(responses),
                text=text, entry=entry, shown=tuple(shown), exercise=exercise, asked_finder=asked)


# The leaders' set: cases, expectations and the per-case scorer --------------------------------

EXERCISE_LABELS = ("self-assessment", "enabling environment", "cross-boundary challenge",
                   "relationships before structures", "failing well", "engaging middle managers")
CATALOGUE_ROUTES = ("catalogue", "finder")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def exercise_ids(reflections_dir: Path) -> dict[str, str]:
    """The exercise id for each label the leaders' set uses, matched by the exercises' titles.

    A label goes to the one title that shares the most words with it; a label with no such
    single title is an error (the set or the titles changed, and the mapping must be looked at).
    """
    titles = {}
    for path in sorted(Path(reflections_dir).glob("*.yml")):
        record = yaml.safe_load(path.read_text()) or {}
        titles[record["id"]] = record["title"]
    mapping = {}
    for label in EXERCISE_LABELS:
        overlap = {exercise: len(_words(label) & _words(title)) for exercise, title in titles.items()}
        best = max(overlap.values(), default=0)
        winners = [exercise for exercise, count in overlap.items() if count == best]
        if best == 0 or len(winners) != 1:
            raise ValueError(f"exercise label {label!r} matches no single exercise title: {titles}")
        mapping[label] = winners[0]
    return mapping


def case_turns(case: Mapping) -> list[tuple[str, dict | None]]:
    """(message, expectation or None) per turn: a turn's own `expect`, else the case's `expect`
    for the last turn."""
    turns = [(t, None) if isinstance(t, str) else (t["say"], t.get("expect")) for t in case["turns"]]
    if case.get("expect") and turns[-1][1] is None:
        turns[-1] = (turns[-1][0], case["expect"])
    return turns


def check_case_format(case: Mapping, labels: Iterable[str], item_names: Iterable[str]) -> list[str]:
    """What is malformed in a case for the format in leaders.yml's header (empty when fine)."""
    problems = []
    known_names, known_labels = set(item_names), {*labels, MENU}
    for key in ("id", "category", "turns"):
        if not case.get(key):
            problems.append(f"no {key}")
    if problems:
        return problems
    for position, (said, expect) in enumerate(case_turns(case), 1):
        if not isinstance(said, str) or not said.strip():
            problems.append(f"turn {position}: nothing to say")
        if expect is None:
            continue
        if expect.get("route") not in {*ROUTES, "catalogue", "finder"} - {"safety", "other"}:
            problems.append(f"turn {position}: unknown route {expect.get('route')!r}")
        if expect.get("route") == "exercise" and expect.get("exercise") not in known_labels:
            problems.append(f"turn {position}: unknown exercise {expect.get('exercise')!r}")
        unknown = [name for name in expect.get("fits") or [] if name not in known_names]
        if unknown:
            problems.append(f"turn {position}: fits names no catalogue item: {unknown}")
        for group in expect.get("concepts") or []:
            for pattern in group:
                try:
                    re.compile(pattern)
                except re.error:
                    problems.append(f"turn {position}: bad pattern {pattern!r}")
    if not any(expect for _, expect in case_turns(case)):
        problems.append("no expectation")
    return problems


def malformed_cases(cases: Sequence[Mapping], labels: Iterable[str], item_names: Iterable[str]) -> dict[str, list[str]]:
    """What is wrong with each malformed case, by id; a repeated id is malformed too."""
    labels, item_names = list(labels), list(item_names)
    counts = Counter(case.get("id") for case in cases)
    found = {}
    for case in cases:
        problems = check_case_format(case, labels, item_names)
        if counts[case.get("id")] > 1:
            problems.append("id used more than once")
        if problems:
            found.setdefault(case.get("id"), []).extend(p for p in problems if p not in found.get(case.get("id"), []))
    return found


@dataclass(frozen=True)
class Exchange:
    """One message sent and what the coach did; `case_turn` is None for the harness's own answer
    to a finder question (see needs_answer)."""

    said: str
    turn: Turn
    case_turn: int | None


def needs_answer(expect: Mapping | None, turn: Turn) -> bool:
    """A request that should end in a fitting recommendation got a finder question instead:
    the leader answers it (with the persona), and the recommendation may come in that turn."""
    return bool(expect and expect.get("fits") and turn.asked_finder and not turn.shown)


def finder_reply(case: Mapping) -> str:
    """What the leader answers a finder question with: who they are, as the case describes them."""
    return case.get("persona") or "skip"


@dataclass(frozen=True)
class Check:
    """One expectation of a case against what the coach did."""

    position: int  # the case's turn, from 1
    said: str
    expected: str  # the expected route
    actual: str  # the route taken: the expected one when the turn took it, else the turn's first
    ok: bool
    why: str  # what happened, for the list of misses
    still_asking: bool = False  # a request for an offer that ended on a finder question


@dataclass(frozen=True)
class CaseResult:
    id: str
    category: str
    checks: tuple[Check, ...]

    @property
    def passed(self) -> bool:
        return all(check.ok for check in self.checks)


def _missing_concepts(groups: Sequence[Sequence[str]], text: str) -> list[list[str]]:
    return [list(group) for group in groups if not any(re.search(p, text, re.IGNORECASE) for p in group)]


def _describe(turn: Turn, item_names: Mapping[str, str]) -> str:
    parts = [f"got {'+'.join(turn.routes)}"]
    if turn.entry:
        parts.append(f"entry {turn.entry}")
    if turn.shown:
        parts.append("shown " + "; ".join(item_names.get(i, i) for i in turn.shown))
    if turn.exercise:
        parts.append(f"exercise {turn.exercise}")
    if turn.responses:
        parts.append("responses " + ",".join(dict.fromkeys(turn.responses)))
    return ", ".join(parts)


def check_turn(expect: Mapping, candidates: Sequence[Turn], item_names: Mapping[str, str],
               exercises: Mapping[str, str]) -> tuple[bool, str, str]:
    """(passed, actual route, what happened) for one expectation.

    `candidates` are the turn itself and, when the coach asked a finder question, the turn that
    answered it: a recommendation may come within those two turns.
    """
    route, first = expect["route"], candidates[0]
    concepts = expect.get("concepts") or []
    problems: list[str] = []
    if route in CATALOGUE_ROUTES:
        fits = set(expect.get("fits") or [])
        reached = next((n for n, turn in enumerate(candidates)
                        if fits & {item_names.get(i) for i in turn.shown}), None) if fits else None
        if fits and reached is None:
            problems.append("no fitting item shown")
        elif not fits and not set(CATALOGUE_ROUTES) & set(first.routes):
            problems.append("the catalogue was not used")
        text = "\n".join(turn.text for turn in candidates[: (reached or 0) + 1])
        took = route if route in first.routes or (fits and reached is not None) else first.route
    else:
        text, took = first.text, route if route in first.routes else first.route
        if route == "exercise":
            wanted = MENU if expect.get("exercise") == MENU else exercises[expect["exercise"]]
            if first.exercise != wanted:
                problems.append(f"wanted exercise {wanted}")
        elif route == "out_of_scope":
            declined = "out_of_scope" in first.routes or names.UTTER_CLINICAL in first.responses
            took = route if declined else took
            if not declined or "knowledge" in first.routes or first.shown:
                problems.append("not declined")
        elif route not in first.routes:
            problems.append(f"wanted {route}")
        if route == "knowledge" and expect.get("cite") and SOURCE_MARK not in text:
            problems.append("no source line")
    missing = _missing_concepts(concepts, text)
    if missing:
        problems.append("missing concepts " + " ".join("|".join(group) for group in missing))
    what = "; ".join([_describe(turn, item_names) for turn in candidates[:2]] + problems)
    return not problems, took, what


def score_case(case: Mapping, exchanges: Sequence[Exchange], item_names: Mapping[str, str],
               exercises: Mapping[str, str]) -> CaseResult:
    """Every expectation of `case` against the exchanges that ran it (run_case)."""
    checks = []
    for position, (said, expect) in enumerate(case_turns(case)):
        if expect is None:
            continue
        at = next(i for i, exchange in enumerate(exchanges) if exchange.case_turn == position)
        candidates = [exchanges[at].turn]
        if at + 1 < len(exchanges) and exchanges[at + 1].case_turn is None:
            candidates.append(exchanges[at + 1].turn)
        ok, took, what = check_turn(expect, candidates, item_names, exercises)
        asking = not ok and expect["route"] in CATALOGUE_ROUTES and candidates[-1].asked_finder
        checks.append(Check(position + 1, said, expect["route"], took, ok, what, asking))
    return CaseResult(case["id"], case["category"], tuple(checks))


class TrackerRows:
    """The tracker store's `events` rows of each conversation, read as the turns go by.

    The REST channel may store a sender as `<sender>` or namespaced as `rest:<sender>`; both
    are read.
    """

    def __init__(self, database_url: str):
        from bot.db.engine import get_engine

        self.engine = get_engine(database_url)
        self.last_id: dict[str, int] = {}

    def new_rows(self, sender: str) -> list[dict]:
        from sqlalchemy import text

        query = text("SELECT id, type_name, action_name, data FROM events "
                     "WHERE sender_id IN (:plain, :namespaced) AND id > :after ORDER BY id")
        with self.engine.connect() as connection:
            rows = [dict(row._mapping) for row in connection.execute(
                query, {"plain": sender, "namespaced": f"rest:{sender}", "after": self.last_id.get(sender, 0)})]
        if rows:
            self.last_id[sender] = rows[-1]["id"]
        return rows


def run_case(chat: Chat, store: TrackerRows, case: Mapping, item_names: Mapping[str, str]) -> list[Exchange]:
    """Send a case's turns as one conversation (its own sender); read what the coach did."""
    sender, history, exchanges = new_sender(), [], []

    def send(text: str, case_turn: int | None) -> Turn:
        chat.say(sender, text)
        rows = store.new_rows(sender)
        turn = read_turn(rows, history, item_names)
        history.extend(rows)
        exchanges.append(Exchange(text, turn, case_turn))
        return turn

    for position, (said, expect) in enumerate(case_turns(case)):
        turn = send(said, position)
        if needs_answer(expect, turn):
            send(finder_reply(case), None)
    return exchanges


def load_cases(path: Path = LEADERS_SET) -> list[dict]:
    return yaml.safe_load(path.read_text())["cases"]


def select_cases(cases: Sequence[Mapping], split: str, patterns: str | None = None) -> list[Mapping]:
    """The cases of one half; `patterns` (comma-separated globs on ids) narrows the dev half."""
    chosen = [case for case in cases if _in_split(case, split)]
    if patterns:
        globs = [p.strip() for p in patterns.split(",") if p.strip()]
        chosen = [case for case in chosen if any(fnmatch.fnmatchcase(case["id"], g) for g in globs)]
    return chosen


def runs_question_sets(split: str, patterns: str | None) -> bool:
    """Our own set and the shared set are dev: they run with the dev half, not with --cases."""
    return split == "dev" and not patterns


def _percent(passed: int, total: int) -> str:
    return f"{passed}/{total} ({100 * passed / max(total, 1):.0f}%)"


ABBREVIATIONS = {"knowledge": "know", "catalogue": "catal", "finder": "finder", "exercise": "exerc",
                 "journal": "journ", "out_of_scope": "oos", "safety": "safety", "closing": "close",
                 "other": "other"}


def report_leaders(results: Sequence[CaseResult], split: str, all_cases: Sequence[Mapping],
                   show_misses: bool) -> list[str]:
    """Accuracy per category, the routing confusion matrix and (dev only) the misses."""
    by_category: dict[str, list[CaseResult]] = defaultdict(list)
    for result in results:
        by_category[result.category].append(result)
    total = sum(result.passed for result in results)
    source = set_of(split)
    half = (("all of it, held out" if split in HELD_OUT else "all of it, tuned on") if split in WHOLE_SETS
            else f"{split} half")
    lines = [f"Leaders' set ({source.relative_to(ROOT)}), {half}: {_percent(total, len(results))} cases passed"]
    for category in sorted(by_category):
        group = by_category[category]
        passed = sum(result.passed for result in group)
        target = TARGETS.get(category)
        mark = ""
        if target is not None:
            mark = f"   target {100 * target:.0f}%: " + ("met" if passed >= target * len(group) else "not met")
        lines.append(f"  {category:<22} {_percent(passed, len(group))}{mark}")
    checks = [check for result in results for check in result.checks]
    if len(checks) > len(results):
        lines.append(f"  {'every turn checked':<22} {_percent(sum(c.ok for c in checks), len(checks))}")
    owed = [c for c in checks if c.expected in CATALOGUE_ROUTES and not c.ok]
    if owed:
        lines.append(f"  {'offers missed':<22} {len(owed)} turns; {sum(c.still_asking for c in owed)} of them"
                     " still had the finder asking a question after two")
    short = {category: count for category, count in sorted(Counter(
        c["category"] for c in all_cases if _in_split(c, "test" if split == "dev" else split)).items())
        if count < MIN_TEST_CASES}
    if short:
        lines.append(f"  note: the test half has fewer than {MIN_TEST_CASES} cases in "
                     + ", ".join(f"{category} ({count})" for category, count in short.items()))

    matrix: dict[str, Counter] = defaultdict(Counter)
    for check in checks:
        matrix[check.expected][check.actual] += 1
    lines.append("Routing, turn by turn (rows: the route expected; columns: what the coach did):")
    lines.append("  " + " " * 13 + "".join(f"{ABBREVIATIONS[r]:>7}" for r in ROUTES))
    for expected in [r for r in ROUTES if r in matrix]:
        lines.append(f"  {expected:<13}" + "".join(f"{matrix[expected][r] or '.':>7}" for r in ROUTES))
    lines.append("  (" + ", ".join(f"{short_name} = {route}" for route, short_name in ABBREVIATIONS.items()
                                   if short_name != route) + ")")
    if show_misses:
        misses = [(result, check) for result in results for check in result.checks if not check.ok]
        lines.append(f"Misses ({len(misses)} turns):")
        for result, check in misses:
            said = check.said if len(check.said) <= 80 else check.said[:77] + "..."
            lines.append(f"  {result.id} turn {check.position} [{check.expected}] \"{said}\": {check.why}")
    return lines


def evaluate_leaders(chat: Chat, store: TrackerRows, split: str, patterns: str | None,
                     knowledge_dir: Path, progress: Callable[[str], None] = lambda _: None) -> list[str]:
    from bot.finder import get_finder

    item_names = {item_id: item.name for item_id, item in get_finder(str(knowledge_dir)).items.items()}
    exercises = exercise_ids(Path(knowledge_dir) / "reflections")
    all_cases = load_cases(set_of(split))
    malformed = malformed_cases(all_cases, exercises, item_names.values())
    lines = [f"  malformed case {case_id}: {'; '.join(problems)} (skipped)" for case_id, problems in malformed.items()]
    cases = [case for case in select_cases(all_cases, split, patterns) if case["id"] not in malformed]
    results = []
    for number, case in enumerate(cases, 1):
        results.append(score_case(case, run_case(chat, store, case, item_names), item_names, exercises))
        progress(f"{number}/{len(cases)} {case['id']}")
    return report_leaders(results, split, all_cases, show_misses=split not in HELD_OUT) + lines


# Our own question set and the shared development set (both dev) -------------------------------

def _matches(expect: list[list[str]], reply: str) -> bool:
    return all(any(re.search(pattern, reply, re.IGNORECASE) for pattern in group) for group in expect)


def _answered_entry(reply: str, answers: dict[str, str]) -> str | None:
    return next((entry_id for entry_id, answer in answers.items() if reply.startswith(answer)), None)


def _decline_texts(domain: dict) -> list[str]:
    return [domain["responses"][name][0]["text"].split(":")[0][:60] for name in DECLINE_RESPONSES]


def evaluate_question_sets(chat: Chat, knowledge) -> list[str]:
    """Our own set and the shared development set (both dev); returns the report lines."""
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


def main(settings: Settings, model: Path, cases: str | None = None) -> int:
    """Start the coach on free ports with a throw-away database, evaluate, stop it.

    EVAL_SPLIT (dev, the default, or test) picks the half of the leaders' set, or a whole set written
    blind later: `fresh` (tests/eval/leaders-fresh.yml, tuned on since its first look) or `fresh3`
    (held out); `cases` (globs on ids, comma-separated) runs only those tuning cases, without the
    other sets.
    """
    import sys

    from bot.knowledge import get_knowledge
    from bot.ops import launch

    split = os.environ.get("EVAL_SPLIT", "").strip() or "dev"
    if split not in SPLITS:
        print(f"EVAL_SPLIT must be one of {', '.join(SPLITS)}, not {split!r}", file=sys.stderr)
        return 2
    if cases and split in HELD_OUT:
        print("--cases selects tuning cases only: a held-out set is for measuring, not tuning", file=sys.stderr)
        return 2
    if cases and not select_cases(load_cases(set_of(split)), split, cases):
        print(f"no {split} case matches {cases!r}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{folder}/eval.db"
        settings = Settings.from_environ({
            **os.environ,
            "RASA_PORT": str(_free_port()), "ACTION_PORT": str(_free_port()),
            "DATABASE_URL": database_url, "ACTION_SERVER_URL": "",
        })
        supervisor = launch.Supervisor(settings)
        try:
            log = open(Path(folder) / "servers.log", "wb")
            supervisor.start(launch.action_server_command(settings), stdout=log, stderr=log)
            supervisor.start(launch.rasa_server_command(settings, model), stdout=log, stderr=log)
            base = f"http://127.0.0.1:{settings.rasa_port}"
            supervisor.wait_until_ready([f"{base}/", f"http://127.0.0.1:{settings.action_port}/health"])
            chat = Chat(f"{base}/webhooks/rest/webhook", settings.rest_token)
            tty = sys.stderr.isatty()
            lines = evaluate_leaders(chat, TrackerRows(database_url), split, cases, Path(settings.knowledge_dir),
                                     progress=lambda note: tty and print(f"\r  {note:<60}", end="", file=sys.stderr))
            if tty:
                print(file=sys.stderr)
            if runs_question_sets(split, cases):
                lines += evaluate_question_sets(chat, get_knowledge())
        finally:
            supervisor.stop()
    print("\n".join(lines))
    return 0
