"""Benchmark: the analytics overview over one million synthetic events on PostgreSQL.

    python -m bot.ops.bench_analytics [--events 1000000] [--admin-url postgresql://postgres@127.0.0.1:5432/test]

Creates a uniquely named database through the admin URL, fills Rasa's `events` table with
synthetic conversations shaped like the real ones (greeting, answered and unanswered questions,
fallbacks, reflections, finder recommendations and clicks, signposts) with COPY, migrates (which
adds the analytics indexes), ANALYZEs, times `overview` over 30 days (best of three, after a
warm-up) and drops the database. Prints:

    analytics overview (1,000,000 events, PostgreSQL): N ms
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import time
import uuid
from datetime import date, datetime, timedelta, timezone

ADMIN_URL = os.environ.get("ANALYTICS_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
EVENTS_DDL = """
CREATE TABLE events (
    id SERIAL PRIMARY KEY,
    sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT,
    intent_name VARCHAR(255),
    action_name VARCHAR(255),
    data TEXT
);
CREATE INDEX ix_events_sender_id ON events (sender_id);
"""
COLUMNS = ("sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")
TOPICS = [f"topic-{n}" for n in range(40)]
ITEMS = [f"programme-{n}" for n in range(25)]
EXERCISES = ["cross-boundary-challenge", "failing-well", "relationships-before-structures"]
CHANNELS = ["rest", "socketio", "socketio", "teams"]
META = {"model_id": "bench", "assistant_id": "system-leadership-coach"}
PADDING = "x" * 600  # real user events carry ~1-2 kB of parse data (intent ranking, tokens)


class Writer:
    """Builds the COPY text for the events of synthetic conversations."""

    def __init__(self, seed: int = 20240601):
        self.rng = random.Random(seed)
        self.buffer = io.StringIO()
        self.count = 0

    def add(self, sender, type_name, ts, intent=None, action=None, data=None):
        row = (sender, type_name, repr(ts), intent, action, json.dumps(data or {}))
        self.buffer.write("\t".join("\\N" if v is None else str(v).replace("\\", "\\\\").replace("\t", " ")
                                    .replace("\n", " ") for v in row) + "\n")
        self.count += 1

    def user(self, sender, ts, intent, text, channel, cohort, entities=()):
        metadata = {**META, **({"cohort": cohort} if cohort else {})}
        self.add(sender, "user", ts, intent, None, {
            "event": "user", "timestamp": ts, "metadata": metadata, "text": text, "input_channel": channel,
            "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "entities": list(entities),
                           "text": text, "padding": PADDING},
        })

    def action(self, sender, ts, name):
        self.add(sender, "action", ts, None, name, {"event": "action", "name": name, "metadata": META})

    def bot(self, sender, ts, text, utter=None):
        metadata = {**META, **({"utter_action": utter} if utter else {})}
        self.add(sender, "bot", ts, None, None, {"event": "bot", "text": text, "metadata": metadata})

    def slot(self, sender, ts, name, value):
        self.add(sender, "slot", ts, None, name, {"event": "slot", "name": name, "value": value, "metadata": META})

    def conversation(self, number: int, start: float) -> None:
        rng, sender = self.rng, f"bench-{number}"
        channel = rng.choice(CHANNELS)
        cohort = rng.choice(["A", "B", None]) if channel == "socketio" else None
        ts = start
        self.action(sender, ts, "action_session_start")
        self.add(sender, "session_started", ts, data={"event": "session_started"})
        self.action(sender, ts, "action_listen")
        for _ in range(rng.randint(3, 12)):
            ts += rng.uniform(5, 90)
            kind = rng.random()
            if kind < 0.35:
                entry = rng.choice(TOPICS)
                self.user(sender, ts, "ask_question", f"question about {entry}", channel, cohort)
                self.add(sender, "user_featurization", ts, data={"event": "user_featurization"})
                self.action(sender, ts, "action_answer_question")
                self.bot(sender, ts, "An answer with its source.")
                self.slot(sender, ts, "knowledge_entry", entry)
            elif kind < 0.45:
                self.user(sender, ts, "nlu_fallback", "How do I bake bread? Call Sarah Jones on 07700 900123",
                          channel, cohort)
                self.action(sender, ts, "action_handle_fallback")
                self.bot(sender, ts, "That is outside my knowledge base.", "utter_not_in_knowledge_base")
                self.slot(sender, ts, "knowledge_entry", None)
            elif kind < 0.55:
                self.user(sender, ts, "nonsense", "sdfkj qwpeo", channel, cohort)
                self.action(sender, ts, "action_handle_fallback")
                self.bot(sender, ts, "Could you put that another way?", "utter_ask_rephrase")
            elif kind < 0.65:
                exercise = rng.choice(EXERCISES)
                self.user(sender, ts, "start_reflection", "I want to reflect", channel, cohort)
                self.action(sender, ts, "action_start_reflection")
                self.bot(sender, ts, "Introduction")
                self.slot(sender, ts, "reflection_state", {"exercise": exercise, "status": "active", "answers": {}})
                self.action(sender, ts, "reflection_form")
                if rng.random() < 0.6:
                    ts += 60
                    self.user(sender, ts, "inform", "my answer", channel, cohort)
                    self.action(sender, ts, "reflection_form")
                    self.slot(sender, ts, "reflection_state", {"exercise": exercise, "status": "completed"})
                    self.action(sender, ts, "action_finish_reflection")
                    self.bot(sender, ts, "Save it?", "utter_offer_save")
            elif kind < 0.75:
                shown = rng.sample(ITEMS, 3)
                self.user(sender, ts, "find_programme", "find me a programme", channel, cohort)
                self.action(sender, ts, "action_find_programme")
                self.slot(sender, ts, "finder_shown", shown)
                self.bot(sender, ts, "Here are three", "utter_finder_reminder")
                if rng.random() < 0.4:
                    ts += 20
                    self.user(sender, ts, "ask_programme", "/ask_programme", channel, cohort,
                              [{"entity": "programme_id", "value": shown[0]}])
                    self.action(sender, ts, "action_ask_programme")
                    self.bot(sender, ts, "Details")
            elif kind < 0.78:
                self.user(sender, ts, "distress", "I can't cope", channel, cohort)
                self.action(sender, ts, "utter_distress_support")
                self.bot(sender, ts, "Samaritans 116 123", "utter_distress_support")
            else:
                self.user(sender, ts, "greet", "hello", channel, cohort)
                self.action(sender, ts, "utter_greet")
                self.bot(sender, ts, "Hello", "utter_greet")
            self.action(sender, ts, "action_listen")


def fill(url: str, events: int, until: date, days: int = 30, batch_rows: int = 100_000) -> int:
    """COPY about `events` synthetic events spread over the `days` before `until`; returns the count."""
    import psycopg2

    start = datetime.combine(until - timedelta(days=days - 1), datetime.min.time(), tzinfo=timezone.utc).timestamp()
    span = days * 86_400 - 3_600
    writer = Writer()
    connection = psycopg2.connect(url)
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(EVENTS_DDL)
            number, copied = 0, 0
            while copied + writer.count < events:
                writer.conversation(number, start + writer.rng.uniform(0, span))
                number += 1
                if writer.count >= batch_rows or copied + writer.count >= events:
                    writer.buffer.seek(0)
                    cursor.copy_from(writer.buffer, "events", columns=COLUMNS)
                    copied += writer.count
                    writer.buffer, writer.count = io.StringIO(), 0
        with connection.cursor() as cursor:
            connection.autocommit = True
            cursor.execute("ANALYZE events")
    finally:
        connection.close()
    return copied


def run(events: int = 1_000_000, admin_url: str = ADMIN_URL, repeat: int = 3) -> float:
    """Fill a fresh database, time the overview; returns the best time in milliseconds."""
    from sqlalchemy import create_engine, text

    from bot.analytics.queries import make_filters, overview
    from bot.db import get_engine, migrate

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", future=True)
    name = f"analytics_bench_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    try:
        until = datetime.now(timezone.utc).date()
        began = time.perf_counter()
        copied = fill(url, events, until)
        print(f"inserted {copied:,} events with COPY in {time.perf_counter() - began:.1f} s", file=sys.stderr)
        migrate(url)  # journal and analytics tables, and the indexes on events
        with get_engine(url).connect() as connection:
            connection.execute(text("ANALYZE"))
        engine = get_engine(url)
        filters = make_filters(until=until)
        report = overview(engine, filters)  # warm-up (and a sanity check below)
        timings = []
        for _ in range(repeat):
            began = time.perf_counter()
            overview(engine, filters)
            timings.append((time.perf_counter() - began) * 1000)
        best = min(timings)
        print(f"  {report['conversations']:,} conversations, {report['messages']:,} messages", file=sys.stderr)
        print(f"analytics overview ({copied:,} events, PostgreSQL): {best:.0f} ms")
        return best
    finally:
        get_engine(url).dispose()
        get_engine.cache_clear()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.ops.bench_analytics", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--admin-url", default=ADMIN_URL)
    args = parser.parse_args(argv)
    run(args.events, args.admin_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
