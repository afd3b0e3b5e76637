"""Leaders' feedback for trainers: satisfaction per topic, entry and programme, and the review queue.

Read-only over Rasa's `events` (bot.feedback describes what is stored): an answer given is a bot
event carrying a feedback offer (`data.custom.feedback`), feedback is an `agent` event carrying
`data.feedback` (entry id, kind, rating, reason, comment, channel).

Definitions (exact, so a test can check them):
- the unit is an *answered pair*: one conversation given one entry (or one recommended catalogue
  item) at least once in the period;
- its rating is the latest feedback that conversation sent about that entry in the period:
  `helpful`, `not_helpful`, or none (`no_feedback`);
- `satisfaction` is helpful / (helpful + not_helpful), or null when nothing was rated;
- a topic is the entry's topic file (`topics/support.yml` is "support"), or the catalogue item's
  kind ("programme", "network", ...); a programme is the conversation's cohort (the widget's
  `data-cohort`: the leadership programme a leader belongs to), "none" without one.

The review queue lists, each masked (bot.analytics.privacy.mask) and with its nearest knowledge
entry from the content the process serves (reloaded with knowledge/, bot/reload.py): the questions
whose answer was rated not helpful, the unanswered questions and the out-of-scope ones. Trainers
mark each item "content gap", "wrong route", "fine" or "out of scope"; a mark is kept as a trainer
tag on the item's key (32 hex digits: never a leader's pseudonym, which has 20). The queue exports
as evaluation cases in the format of tests/eval/leaders.yml, so each real miss becomes a test.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, inspect, or_, select
from sqlalchemy.engine import Engine

from bot.analytics.privacy import mask
from bot.analytics.queries import E, Filters, conversations_cte, has_events, in_period, overview
from bot.analytics.sql import json_text

NO_COHORT = "none"
MARKS = {"content_gap": "content gap", "wrong_route": "wrong route", "fine": "fine", "out_of_scope": "out of scope"}
MARK_PREFIX = "review:"  # the trainer tag that records a mark
KEY_HEX = 32
ITEM_KINDS = ("not_helpful", "unanswered", "out_of_scope")
MAX_COMMENTS = 5


@dataclass
class Pair:
    """One conversation given one entry: how often, and its latest rating."""

    sender: str
    entry_id: str
    kind: str
    channel: str | None
    cohort: str | None
    first_offer_id: int
    rating: str | None = None
    reason: str | None = None
    comment: str | None = None
    rated_id: int = 0


@dataclass
class Tally:
    answered: int = 0
    helpful: int = 0
    not_helpful: int = 0
    reasons: Counter = field(default_factory=Counter)

    def add(self, pair: Pair) -> None:
        self.answered += 1
        if pair.rating == "helpful":
            self.helpful += 1
        elif pair.rating == "not_helpful":
            self.not_helpful += 1
            self.reasons[pair.reason or "none given"] += 1

    def as_dict(self) -> dict[str, Any]:
        rated = self.helpful + self.not_helpful
        return {"answered": self.answered, "helpful": self.helpful, "not_helpful": self.not_helpful,
                "no_feedback": self.answered - rated,
                "satisfaction": round(self.helpful / rated, 4) if rated else None,
                "reasons": dict(sorted(self.reasons.items()))}


def _pairs(engine: Engine, filters: Filters) -> list[Pair]:
    """Every answered pair of the period's conversations (channel and cohort filters applied),
    with its latest feedback."""
    if not has_events(engine):
        return []
    conv = conversations_cte(filters, name="fb_conv")
    offer_entry = json_text(E.c.data, "data", "custom", "feedback", "entry_id")
    offer_kind = json_text(E.c.data, "data", "custom", "feedback", "kind")
    query = (
        select(E.c.id, E.c.sender_id, E.c.type_name, E.c.data, offer_entry.label("entry"), offer_kind.label("kind"),
               conv.c.channel, conv.c.cohort)
        .select_from(E.join(conv, conv.c.sender_id == E.c.sender_id))
        .where(in_period(filters), E.c.data.contains('"feedback"'),
               or_(and_(E.c.type_name == "bot", offer_entry.isnot(None)), E.c.type_name == "agent"))
        .order_by(E.c.id)
    )
    pairs: dict[tuple[str, str, str], Pair] = {}
    with engine.connect() as connection:
        for row in connection.execute(query):
            if row.type_name == "bot":
                key = (row.sender_id, row.entry, row.kind or "answer")
                if key not in pairs:
                    pairs[key] = Pair(row.sender_id, row.entry, row.kind or "answer", row.channel, row.cohort, row.id)
                continue
            given = _stored(row.data)
            pair = pairs.get((row.sender_id, str(given.get("entry_id")), str(given.get("kind") or "answer"))) \
                if given else None
            if pair is not None:  # feedback about an answer given in the period
                pair.rating, pair.reason, pair.comment, pair.rated_id = (
                    given["rating"], given.get("reason"), given.get("comment"), row.id)
    return list(pairs.values())


def _stored(data: str | None) -> dict | None:
    from bot.feedback import stored

    try:
        return stored((json.loads(data or "{}") or {}).get("data"))
    except (TypeError, ValueError, AttributeError):
        return None


def topic_of(content: Mapping[str, str]) -> Callable[[Pair], str]:
    return lambda pair: content.get(f"{pair.kind}:{pair.entry_id}", "unknown")


def content_topics() -> dict[str, str]:
    """"answer:<entry id>" -> topic file and "recommendation:<item id>" -> item kind, from the
    content the process serves (the factories, reloaded with knowledge/)."""
    from bot.finder import get_finder
    from bot.knowledge.loader import load_knowledge

    topics: dict[str, str] = {}
    try:
        from bot.config import Settings

        kb = load_knowledge(Settings.from_environ().knowledge_dir)
        for entry in kb.entries.values():
            topics[f"answer:{entry.id}"] = entry.file.rsplit("/", 1)[-1].removesuffix(".yml")
        for item in get_finder().items.values():
            topics[f"recommendation:{item.id}"] = item.kind
    except ValueError:  # content invalid on disk: topics unknown, figures still exact
        pass
    return topics


def summary(engine: Engine, filters: Filters, topics: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The `feedback` key of the report: totals, then per topic, entry, programme and channel."""
    pairs = _pairs(engine, filters)
    topic = topic_of(content_topics() if topics is None else topics)
    total = Tally()
    groups: dict[str, dict[str, Tally]] = {name: defaultdict(Tally) for name in
                                           ("by_topic", "by_entry", "by_programme", "by_channel")}
    for pair in pairs:
        total.add(pair)
        groups["by_topic"][topic(pair)].add(pair)
        groups["by_entry"][pair.entry_id].add(pair)
        groups["by_programme"][pair.cohort or NO_COHORT].add(pair)
        groups["by_channel"][pair.channel or "unknown"].add(pair)
    return {**total.as_dict(),
            **{name: {key: tally.as_dict() for key, tally in sorted(group.items())} for name, group in groups.items()}}


# The review queue ------------------------------------------------------------------------------

def item_key(kind: str, question: str, entry_id: str | None = None) -> str:
    return hashlib.sha256(f"{kind}\x00{question}\x00{entry_id or ''}".encode()).hexdigest()[:KEY_HEX]


def _question_before(engine: Engine, sender: str, event_id: int) -> str:
    """The leader's message that the answer (event `event_id`) answered."""
    query = (select(E.c.data).where(E.c.sender_id == sender, E.c.type_name == "user", E.c.id < event_id)
             .order_by(E.c.id.desc()).limit(1))
    with engine.connect() as connection:
        data = connection.execute(query).scalar()
    try:
        text = (json.loads(data or "{}") or {}).get("text") or ""
    except (TypeError, ValueError):
        text = ""
    return "" if text.startswith("/") else text  # a topic button asked for the entry by id


def review_queue(engine: Engine, filters: Filters, nearest: Callable[[str], dict | None] | None = None,
                 marked: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Negatively rated answers, then unanswered and out-of-scope questions, most frequent first.

    Each item: key, kind, question (masked), count, entry_id (the answer rated, for not_helpful),
    reasons, comments (masked), nearest ({id, title} or None) and mark (or None; `marked` maps
    keys to marks, default: the trainers' marks in the database)."""
    nearest = nearest or nearest_entry
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for pair in _pairs(engine, filters):
        if pair.rating != "not_helpful":
            continue
        question = mask(_question_before(engine, pair.sender, pair.first_offer_id)) or "(asked by button)"
        item = grouped.setdefault((question, pair.entry_id), {
            "kind": "not_helpful", "question": question, "count": 0, "entry_id": pair.entry_id,
            "entry_kind": pair.kind, "reasons": Counter(), "comments": []})
        item["count"] += 1
        item["reasons"][pair.reason or "none given"] += 1
        if pair.comment and len(item["comments"]) < MAX_COMMENTS:
            item["comments"].append(mask(pair.comment))
    items = sorted(grouped.values(), key=lambda item: (-item["count"], item["question"]))
    report = overview(engine, filters)
    for kind in ("unanswered", "out_of_scope"):
        for row in report[kind]:  # masked already
            items.append({"kind": kind, "question": row["text"], "count": row["count"], "entry_id": None,
                          "entry_kind": None, "reasons": Counter(), "comments": []})
    for item in items:
        item["reasons"] = dict(sorted(item["reasons"].items()))
        item["key"] = item_key(item["kind"], item["question"], item["entry_id"])
        item["nearest"] = nearest(item["question"]) if item["question"] != "(asked by button)" else None
    if marked is None:
        marked = marks(engine, [item["key"] for item in items])
    for item in items:
        item["mark"] = marked.get(item["key"])
    return items


def nearest_entry(question: str) -> dict | None:
    """The knowledge entry that ranks first for `question`, however weakly, from the served
    content (bot.knowledge.get_knowledge: reloaded with knowledge/)."""
    from bot.knowledge import get_knowledge

    hits = get_knowledge().index.search(question, k=1)
    return {"id": hits[0].entry.id, "title": hits[0].entry.title} if hits else None


def marks(engine: Engine, keys: Iterable[str]) -> dict[str, str]:
    """The latest trainer mark of each of these queue items."""
    from bot.db.tables import TAGS

    keys = list(keys)
    if not keys or not inspect(engine).has_table(TAGS.name):
        return {}
    query = (select(TAGS.c.pseudonym, TAGS.c.tag).where(TAGS.c.pseudonym.in_(keys), TAGS.c.tag.startswith(MARK_PREFIX))
             .order_by(TAGS.c.created_at, TAGS.c.id))
    with engine.connect() as connection:
        return marks_from_tags(connection.execute(query))


def marks_from_tags(tags: Iterable[Any]) -> dict[str, str]:
    """The latest mark per item key, from trainer tags (oldest first) named `review:<mark>`."""
    found: dict[str, str] = {}
    for tag in tags:
        if tag.tag.startswith(MARK_PREFIX) and tag.tag[len(MARK_PREFIX):] in MARKS:
            found[tag.pseudonym] = tag.tag[len(MARK_PREFIX):]
    return found


# Export as evaluation cases (tests/eval/leaders.yml) ------------------------------------------

def expectation(item: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """(category, expect) for a queue item, from its mark (else from its kind)."""
    mark = item.get("mark")
    if mark == "out_of_scope" or (mark is None and item["kind"] == "out_of_scope"):
        return "out_of_scope", {"route": "out_of_scope"}
    return "knowledge", {"route": "knowledge", "cite": True}


def as_eval_cases(items: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The queue as cases of tests/eval/leaders.yml (ids `rev-<key>`, stable across exports)."""
    cases = []
    for item in items:
        if not item["question"] or item["question"] == "(asked by button)":
            continue
        category, expect = expectation(item)
        note = [f"review queue: {item['kind'].replace('_', ' ')} x{item['count']}"]
        if item.get("mark"):
            note.append(f"marked {MARKS[item['mark']]}")
        if item.get("entry_id"):
            note.append(f"answered with {item['entry_id']}")
        if item.get("nearest"):
            note.append(f"nearest entry {item['nearest']['id']}")
        cases.append({"id": f"rev-{item['key'][:12]}", "category": category, "persona": "; ".join(note),
                      "turns": [item["question"]], "expect": expect})
    return cases


def to_eval_yaml(items: Iterable[Mapping[str, Any]]) -> str:
    import yaml

    header = ("# Exported from the trainers' review queue (bot/analytics/feedback.py): real misses, masked.\n"
              "# Same format as tests/eval/leaders.yml; add the cases there to make them part of `make eval`.\n")
    return header + yaml.safe_dump({"cases": as_eval_cases(items)}, sort_keys=False, allow_unicode=True, width=110)
