"""The trainers' figures, aggregated in SQL over Rasa's `events` and the journal's tables.

Every figure is computed by the database (SQLite or PostgreSQL); Python only receives grouped
rows. The conventions read from the conversations (see actions/):

- a conversation is a sender with at least one user message in the period; its channel is the
  `input_channel` of its user events ("rest", "socketio", "teams") and its cohort the
  `metadata.cohort` the web widget sends with every message. Channel and cohort filters keep
  whole conversations (any user message on that channel / in that cohort).
- a turn is a user message and every event up to the next one.
- a fallback turn ran `action_handle_fallback`, or was classified `nlu_fallback` outside a form
  (inside the reflection and finder forms every message is an answer, whatever its intent).
- an unanswered turn (a content gap) got `utter_not_in_knowledge_base` (actions/common.py
  `KnowledgeAction.abstain`), or was a fallback that neither found a knowledge entry nor
  signposted support. Their texts are masked.
- an out-of-scope turn got `utter_out_of_scope` (the coach declined it as outside system
  leadership): demand beyond the current content, apart from the content gaps. Masked too.
- a clinical decline is a turn that got `utter_clinical`. Such turns, and signposted ones (crisis
  or distress), are counted only: their texts are never shown, in no list of questions.
- a topic is a non-empty `knowledge_entry` slot set by an action (not carried over by a new session).
- a reflection is started when `reflection_state` is set (status active) by
  `action_start_reflection`; completed when `action_finish_reflection` offers to save it
  (`utter_offer_save`, sent only after the form ended "completed"); saved = journal_reflections rows.
- programmes shown: the items of `finder_shown` slot values; clicked: user messages with intent
  `ask_programme` and a `programme_id` entity. Both count conversations, not events, because
  `finder_shown` is cumulative ("show more" repeats the earlier items).
- wellbeing signposts: turns in which the bot sent `utter_crisis_support` or `utter_distress_support`.
- a user event with an `EXTERNAL_` intent is not a leader's message but the coach's own trigger
  (a proactive check-in in Teams): it counts as no message, turn or conversation.
- commitments (journal_commitments, counts only): made = created in the period; checked in = a
  check-in recorded in the period (`checked_in_at`, status no longer open), by outcome (done,
  partly, not_yet, skipped); Teams reminders = proactive check-ins sent in the period
  (`checkin_claims.sent_at`). A commitment's cohort is its leader's conversation's in the period
  (proactive triggers included, so a reminder nobody answered still has one).
"""
from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import (
    BigInteger,
    Integer,
    String,
    and_,
    case,
    cast,
    func,
    inspect,
    literal,
    null,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.engine import Engine

from bot import names
from bot.analytics.privacy import mask
from bot.analytics.sql import EVENTS, array_elements, json_array, json_text, utc_day
from bot.checkins.scheduler import CLAIMS
from bot.db.tables import CommitmentRow, ReflectionRow

DEFAULT_DAYS = 30
TOP_TOPICS = 20
TOP_UNANSWERED = 50
FALLBACK_ACTION = names.ACTION_HANDLE_FALLBACK
NOT_IN_KB = names.UTTER_NOT_IN_KNOWLEDGE_BASE
OUT_OF_SCOPE = names.UTTER_OUT_OF_SCOPE
CLINICAL = names.UTTER_CLINICAL
SIGNPOSTS = (names.UTTER_CRISIS_SUPPORT, names.UTTER_CRISIS_SOMEONE_ELSE, names.UTTER_DISTRESS_SUPPORT)
OFFER_SAVE = names.UTTER_OFFER_SAVE
START_REFLECTION = names.ACTION_START_REFLECTION
SESSION_START = names.ACTION_SESSION_START
COUNTED_SLOTS = (names.KNOWLEDGE_ENTRY_SLOT, names.REFLECTION_STATE_SLOT, names.FINDER_SHOWN_SLOT)
COUNTED_RESPONSES = (NOT_IN_KB, OUT_OF_SCOPE, CLINICAL, *SIGNPOSTS, OFFER_SAVE)
EXTERNAL_INTENT_PREFIX = "EXTERNAL_"
OUTCOMES = ("done", "partly", "not_yet", "skipped")


@dataclass(frozen=True)
class Filters:
    """A period of whole UTC days (both ends included) and optional channel and cohort."""

    since: date
    until: date
    channel: str | None = None
    cohort: str | None = None

    @property
    def start_ts(self) -> float:
        return datetime.combine(self.since, time.min, tzinfo=timezone.utc).timestamp()

    @property
    def end_ts(self) -> float:
        """Exclusive: midnight after `until`."""
        return self.end.timestamp()

    @property
    def start(self) -> datetime:
        return datetime.combine(self.since, time.min, tzinfo=timezone.utc)

    @property
    def end(self) -> datetime:
        """Exclusive: midnight after `until`."""
        return datetime.combine(self.until + timedelta(days=1), time.min, tzinfo=timezone.utc)

    def covers(self, column):
        """A journal timestamp column within the period."""
        return and_(column >= self.start, column < self.end)


def make_filters(since: date | str | None = None, until: date | str | None = None,
                 channel: str | None = None, cohort: str | None = None,
                 today: date | None = None) -> Filters:
    """Filters from CLI-style values: ISO dates or dates; by default the last 30 days to today."""
    until_date = _date(until) if until else (today or datetime.now(timezone.utc).date())
    since_date = _date(since) if since else until_date - timedelta(days=DEFAULT_DAYS - 1)
    if since_date > until_date:
        raise ValueError(f"the period starts ({since_date}) after it ends ({until_date})")
    return Filters(since_date, until_date, channel or None, cohort or None)


def _date(value: date | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"dates are YYYY-MM-DD, not {value!r}") from None


def has_events(engine: Engine) -> bool:
    return inspect(engine).has_table("events")


# Building blocks --------------------------------------------------------------------------------

E = EVENTS


def in_period(f: Filters, events=E):
    return and_(events.c.timestamp >= f.start_ts, events.c.timestamp < f.end_ts)


def leader_message(events=E):
    """A user event the leader sent (not an EXTERNAL_ intent the coach triggered itself)."""
    return and_(
        events.c.type_name == "user",
        or_(events.c.intent_name.is_(None),
            ~events.c.intent_name.like(EXTERNAL_INTENT_PREFIX.replace("_", "\\_") + "%", escape="\\")),
    )


def _materialized(cte):
    """PostgreSQL inlines a CTE unless told otherwise; these narrow ones are cheaper computed once
    (their JSON parsed once, and later sorts carry a few short columns instead of `data`)."""
    return cte.prefix_with("MATERIALIZED", dialect="postgresql")


def conversations_cte(f: Filters, name: str = "conv", *, with_triggers: bool = False, senders=None):
    """One row per conversation in the period: sender, first/last message, turns, channel, cohort.

    Channel and cohort are read from the conversation's first user message in the period (the
    widget sends the cohort with every message, and a sender id belongs to one channel), so only
    one event's JSON per conversation is parsed. With `with_triggers`, a conversation the coach
    started (a proactive check-in) counts even if the leader has not written yet; with `senders`
    (a SELECT of sender ids), only those senders' conversations are read.
    """
    users = _materialized(
        select(
            E.c.sender_id,
            func.min(E.c.timestamp).label("first_ts"),
            func.max(E.c.timestamp).label("last_ts"),
            func.count().label("turns"),
            func.min(E.c.id).label("first_id"),
        )
        .where(
            E.c.type_name == "user" if with_triggers else leader_message(), in_period(f),
            *([] if senders is None else [E.c.sender_id.in_(senders)]),
        )
        .group_by(E.c.sender_id)
        .cte(f"{name}_users")
    )
    first = E.alias(f"{name}_first")
    channel, cohort = json_text(first.c.data, "input_channel"), json_text(first.c.data, "metadata", "cohort")
    query = select(
        users.c.sender_id, users.c.first_ts, users.c.last_ts, users.c.turns,
        channel.label("channel"), cohort.label("cohort"),
    ).select_from(users.join(first, first.c.id == users.c.first_id))
    if f.channel:
        query = query.where(channel == f.channel)
    if f.cohort:
        query = query.where(cohort == f.cohort)
    return _materialized(query.cte(name))


def _narrow_columns() -> list:
    """The event columns every figure reads; only bot events' utter_action and knowledge_entry
    slots have their JSON parsed."""
    is_type = E.c.type_name
    return [
        E.c.id,
        E.c.sender_id,
        E.c.type_name,
        E.c.timestamp,
        E.c.intent_name,
        E.c.action_name,
        case((is_type == "bot", json_text(E.c.data, "metadata", "utter_action"))).label("utter"),
        case((and_(is_type == "slot", E.c.action_name == names.KNOWLEDGE_ENTRY_SLOT), json_text(E.c.data, "value"))).label(
            "entry"
        ),
    ]


def _counted_events():
    """Only the events a figure depends on: every user message and action (but listening), the
    bot messages of counted responses (a cheap text search first), and the slots read here."""
    is_type = E.c.type_name
    mentions_counted = or_(*(E.c.data.contains(name, autoescape=True) for name in COUNTED_RESPONSES))
    return or_(
        leader_message(),
        and_(is_type == "action", E.c.action_name != names.ACTION_LISTEN),
        and_(is_type == "bot", mentions_counted),
        and_(is_type == "slot", E.c.action_name.in_(COUNTED_SLOTS)),
    )


def events_cte(f: Filters, conv, name: str = "ev"):
    """The period's events of the chosen conversations with their turn, last action and state.

    Window columns (one sort by sender and id): `turn_id` is the id of the latest user event,
    `last_action_id` of the latest action, `last_start_id` / `last_session_id` of the latest
    action_start_reflection / action_session_start (equal to last_action_id: that action set the
    slots that follow it; no self-join needed), `last_state_id` of the latest reflection_state slot.
    Only the events some figure depends on are kept, and JSON is parsed only where needed.
    """
    narrow = _materialized(
        select(*_narrow_columns())
        .where(
            in_period(f),
            _counted_events(),
            # Unfiltered, every event of the period belongs to a conversation of the period (or
            # to none, and then to no turn): skipping the semi-join saves a pass.
            *([E.c.sender_id.in_(select(conv.c.sender_id))] if f.channel or f.cohort else []),
        )
        .cte(f"{name}_narrow")
    )
    n = narrow.c
    window = {"partition_by": n.sender_id, "order_by": n.id}

    def latest(condition):
        return func.max(case((condition, n.id))).over(**window)

    return _materialized(
        select(
            narrow,
            latest(n.type_name == "user").label("turn_id"),
            latest(n.type_name == "action").label("last_action_id"),
            latest(and_(n.type_name == "action", n.action_name == START_REFLECTION)).label("last_start_id"),
            latest(and_(n.type_name == "action", n.action_name == SESSION_START)).label("last_session_id"),
            latest(and_(n.type_name == "slot", n.action_name == names.REFLECTION_STATE_SLOT)).label("last_state_id"),
        ).cte(name)
    )


def _not_equal(a, b):
    """a <> b where NULL counts as a value (no action of that kind yet means "not that action")."""
    return or_(a.is_(None), b.is_(None), a != b)


def _flag(condition):
    return func.max(case((condition, 1), else_=0))


def turns_cte(ev, name: str = "turns"):
    """One row per turn (its user event's id, sender, time, intent) and what happened in it."""
    action = ev.c.type_name == "action"
    user = ev.c.type_name == "user"
    per_turn = (
        select(
            ev.c.turn_id,
            func.max(ev.c.sender_id).label("sender_id"),
            func.max(case((user, ev.c.timestamp))).label("timestamp"),
            func.max(case((user, ev.c.intent_name))).label("intent_name"),
            _flag(and_(action, ev.c.action_name == FALLBACK_ACTION)).label("fallback_action"),
            _flag(and_(action, ev.c.action_name.like("%\\_form", escape="\\"))).label("form"),
            _flag(ev.c.utter == NOT_IN_KB).label("not_in_kb"),
            _flag(ev.c.entry.is_not(None)).label("answered"),
            _flag(ev.c.utter.in_(SIGNPOSTS)).label("signposted"),
            _flag(ev.c.utter == OUT_OF_SCOPE).label("declined"),
            _flag(ev.c.utter == CLINICAL).label("clinical"),
        )
        .where(ev.c.turn_id.is_not(None))
        .group_by(ev.c.turn_id)
        .subquery("per_turn")
    )
    t = per_turn.c
    fallback = or_(t.fallback_action == 1, and_(t.intent_name == "nlu_fallback", t.form == 0))
    # Words about a person's health or safety are never listed, whatever else the turn did.
    private = or_(t.signposted == 1, t.clinical == 1)
    out_of_scope = and_(t.declined == 1, ~private)
    unanswered = and_(or_(t.not_in_kb == 1, and_(fallback, t.answered == 0)), t.declined == 0, ~private)
    return _materialized(
        select(
            t.turn_id,
            t.sender_id,
            t.timestamp,
            t.intent_name,
            case((fallback, 1), else_=0).label("fallback"),
            case((unanswered, 1), else_=0).label("unanswered"),
            case((out_of_scope, 1), else_=0).label("out_of_scope"),
            t.signposted,
            t.clinical,
        ).cte(name)
    )


def _fact(kind: str, key, count, *, from_, where=None):
    """One branch of the overview's UNION ALL: (kind, key, n), grouped by key when there is one."""
    key_expr = cast(null(), String) if key is None else cast(key, String)
    query = select(literal(kind, String).label("kind"), key_expr.label("key"), cast(count, Integer).label("n"))
    query = query.select_from(from_)
    if where is not None:
        query = query.where(where)
    return query if key is None else query.group_by(key_expr)


# The overview -----------------------------------------------------------------------------------

# PostgreSQL: the overview's statement runs in this many parts at once, each over the
# conversations of one share of the senders (every figure is a sum over conversations or turns,
# or a count of distinct senders, so the parts' figures add up), on one snapshot.
REPORT_PARTS = 2


def _sender_share(part: tuple[int, int] | None, events=E):
    """The events of the senders in share k of n (PostgreSQL only), or no condition."""
    if part is None:
        return []
    k, n = part
    return [func.abs(func.coalesce(func.hashtext(events.c.sender_id), 0) % n) == k]


def _overview_events(f: Filters, part: tuple[int, int] | None = None):
    """(conv, ev) for the overview from a single pass over the period's events.

    Like `conversations_cte` and `events_cte`, but the conversations are grouped from the same
    narrow rows as the events (every user event of the period is one of them), the channel and
    cohort are read with one primary-key lookup per conversation, and the window carries the kind
    of the latest action in its id (id * 4 + kind: the largest is the latest) instead of three ids.
    """
    is_type = E.c.type_name
    reflection_slot = and_(is_type == "slot", E.c.action_name == names.REFLECTION_STATE_SLOT)
    shown_slot = and_(is_type == "slot", E.c.action_name == names.FINDER_SHOWN_SLOT)
    narrow = _materialized(
        select(
            *_narrow_columns(),
            # The small slot events' values are read here rather than looked up again later.
            case((reflection_slot, json_text(E.c.data, "value", "exercise"))).label("exercise"),
            case((reflection_slot, json_text(E.c.data, "value", "status"))).label("status"),
            case((shown_slot, json_array(E.c.data, "value"))).label("shown"),
        )
        .where(
            in_period(f),
            _counted_events(),
            *_sender_share(part),
        )
        .cte("ev_narrow")
    )
    n = narrow.c
    users = _materialized(
        select(
            n.sender_id,
            func.min(n.timestamp).label("first_ts"),
            func.max(n.timestamp).label("last_ts"),
            func.count().label("turns"),
            func.min(n.id).label("first_id"),
        )
        .where(n.type_name == "user")
        .group_by(n.sender_id)
        .cte("conv_users")
    )
    first = E.alias("conv_first")
    first_data = select(first.c.data).where(first.c.id == users.c.first_id).scalar_subquery()
    firsts = _materialized(select(users, first_data.label("first_data")).cte("conv_firsts"))
    conv = _materialized(
        select(
            firsts.c.sender_id, firsts.c.first_ts, firsts.c.last_ts, firsts.c.turns,
            json_text(firsts.c.first_data, "input_channel").label("channel"),
            json_text(firsts.c.first_data, "metadata", "cohort").label("cohort"),
        ).cte("conv_all" if f.channel or f.cohort else "conv")
    )
    if f.channel or f.cohort:
        query = select(conv)
        if f.channel:
            query = query.where(conv.c.channel == f.channel)
        if f.cohort:
            query = query.where(conv.c.cohort == f.cohort)
        conv = _materialized(query.cte("conv"))

    window = {"partition_by": n.sender_id, "order_by": n.id, "rows": (None, 0)}

    def latest(condition, value=n.id):
        return func.max(case((condition, value))).over(**window)

    action = n.type_name == "action"
    action_kind = case(
        (n.action_name == START_REFLECTION, 1), (n.action_name == SESSION_START, 2), else_=0
    )
    windowed = select(
        narrow,
        latest(n.type_name == "user").label("turn_id"),
        latest(action, cast(n.id, BigInteger) * 4 + action_kind).label("last_action"),
        latest(and_(n.type_name == "slot", n.action_name == names.REFLECTION_STATE_SLOT)).label("last_state_id"),
    )
    if f.channel or f.cohort:
        # Whole conversations: the window partitions by sender, so filtering first changes nothing.
        windowed = windowed.where(n.sender_id.in_(select(conv.c.sender_id)))
    return conv, _materialized(windowed.cte("ev"))


def overview_statement(f: Filters, dialect: str, part: tuple[int, int] | None = None):
    """The single statement behind `overview` (exposed for EXPLAIN and the benchmark); with
    `part` (k, n), PostgreSQL only, its figures for share k of n of the senders."""
    conv, all_ev = _overview_events(f, part)
    turns = turns_cte(all_ev)
    # The few rows the remaining figures read, so that they do not each scan every event again.
    ev = _materialized(
        select(all_ev)
        .where(
            or_(
                all_ev.c.entry.is_not(None),
                all_ev.c.utter == OFFER_SAVE,
                and_(all_ev.c.type_name == "slot", all_ev.c.action_name.in_((names.REFLECTION_STATE_SLOT, names.FINDER_SHOWN_SLOT))),
                and_(all_ev.c.type_name == "user", all_ev.c.intent_name == "ask_programme"),
            )
        )
        .cte("ev_facts")
    )
    state = E.alias("state_event")
    user_event = E.alias("user_event")

    shown_items = array_elements(dialect, ev.c.shown)
    entities = array_elements(dialect, json_array(user_event.c.data, "parse_data", "entities"), objects=True)
    last_kind = ev.c.last_action % 4  # NULL before any action: neither kind

    if dialect == "postgresql":
        # Conversations per UTC day: group by (day number, sender) first, name the ~30 days last.
        day_number = func.floor(turns.c.timestamp / 86400)
        sender_days = select(day_number.label("day"), turns.c.sender_id).group_by(day_number, turns.c.sender_id)
        sender_days = sender_days.subquery("sender_days")
        day_counts = select(sender_days.c.day, func.count().label("n")).group_by(sender_days.c.day)
        day_counts = day_counts.subquery("day_counts")
        days = select(
            literal("day", String).label("kind"),
            cast(utc_day(day_counts.c.day * 86400), String).label("key"),
            cast(day_counts.c.n, Integer).label("n"),
        )
    else:
        days = _fact("day", utc_day(turns.c.timestamp), func.count(turns.c.sender_id.distinct()), from_=turns)

    facts = [
        _fact("conversations", None, func.count(), from_=conv),
        _fact("channel", func.coalesce(conv.c.channel, "unknown"), func.count(), from_=conv),
        _fact("cohort", func.coalesce(conv.c.cohort, "none"), func.count(), from_=conv),
        _fact("messages", None, func.count(), from_=turns),
        _fact("fallbacks", None, func.coalesce(func.sum(turns.c.fallback), 0), from_=turns),
        _fact("signposts", None, func.coalesce(func.sum(turns.c.signposted), 0), from_=turns),
        days,
        _fact("clinical", None, func.coalesce(func.sum(turns.c.clinical), 0), from_=turns),
        _fact(
            "unanswered", json_text(user_event.c.data, "text"), func.count(),
            from_=turns.join(user_event, user_event.c.id == turns.c.turn_id), where=turns.c.unanswered == 1,
        ),
        _fact(
            "out_of_scope", json_text(user_event.c.data, "text"), func.count(),
            from_=turns.join(user_event, user_event.c.id == turns.c.turn_id), where=turns.c.out_of_scope == 1,
        ),
        _fact(
            "topic", ev.c.entry, func.count(), from_=ev,
            where=and_(ev.c.entry.is_not(None), or_(last_kind.is_(None), last_kind != 2)),
        ),
        _fact(
            "started", ev.c.exercise, func.count(), from_=ev,
            where=and_(
                ev.c.type_name == "slot", ev.c.action_name == names.REFLECTION_STATE_SLOT,
                last_kind == 1, ev.c.status == "active",
            ),
        ),
        _fact(
            "completed", func.coalesce(json_text(state.c.data, "value", "exercise"), "unknown"), func.count(),
            from_=ev.outerjoin(state, state.c.id == ev.c.last_state_id),
            where=ev.c.utter == OFFER_SAVE,
        ),
        _fact(
            "shown", shown_items.c.value, func.count(ev.c.sender_id.distinct()),
            from_=ev.join(shown_items, true()),
            where=and_(ev.c.type_name == "slot", ev.c.action_name == names.FINDER_SHOWN_SLOT),
        ),
        _fact(
            "clicked", json_text(entities.c.value, "value"), func.count(ev.c.sender_id.distinct()),
            from_=ev.join(user_event, user_event.c.id == ev.c.id).join(entities, true()),
            where=and_(
                ev.c.type_name == "user", ev.c.intent_name == "ask_programme",
                json_text(entities.c.value, "entity") == "programme_id",
            ),
        ),
    ]
    return union_all(*facts)


def tune_for_reporting(connection) -> None:
    """PostgreSQL, for this transaction only: no JIT (compiling this many expressions costs over
    a second, more than it saves) and enough work_mem to sort a month of events, keep its CTEs and
    hash its turns in memory (at 64MB they spilled to disk)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL jit = off")
        connection.exec_driver_sql("SET LOCAL work_mem = '256MB'")


def _overview_rows(engine: Engine, filters: Filters) -> list:
    """The overview statement's (kind, key, n) rows. On PostgreSQL, REPORT_PARTS shares of the
    senders run at once on as many connections, all in one exported snapshot (REPEATABLE READ),
    so they see the same events; their rows add up to the whole statement's."""
    dialect = engine.dialect.name
    if dialect != "postgresql" or REPORT_PARTS < 2:
        with engine.connect() as connection:
            tune_for_reporting(connection)
            return list(connection.execute(overview_statement(filters, dialect)))
    with ExitStack() as stack:
        connections = [
            stack.enter_context(engine.connect().execution_options(isolation_level="REPEATABLE READ"))
            for _ in range(REPORT_PARTS)
        ]
        for connection in connections:
            stack.enter_context(connection.begin())
        first, others = connections[0], connections[1:]
        snapshot = first.exec_driver_sql("SELECT pg_export_snapshot()").scalar()
        for connection in others:
            connection.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
        for connection in connections:
            tune_for_reporting(connection)
            # The parts already share the cores: no parallel workers on top.
            connection.exec_driver_sql("SET LOCAL max_parallel_workers_per_gather = 0")

        def run(part: int) -> list:
            statement = overview_statement(filters, dialect, (part, REPORT_PARTS))
            return list(connections[part].execute(statement))

        with ThreadPoolExecutor(max_workers=len(others)) as pool:
            futures = [pool.submit(run, part) for part in range(1, REPORT_PARTS)]
            rows = run(0)
            for future in futures:
                rows.extend(future.result())
        return rows


def _saved_by_exercise(engine: Engine, f: Filters) -> Counter:
    """journal_reflections saved in the period by the period's (filtered) conversations."""
    if not inspect(engine).has_table(ReflectionRow.__tablename__):
        return Counter()
    reflections = ReflectionRow.__table__
    query = select(reflections.c.exercise_id, func.count()).where(f.covers(reflections.c.created_at))
    if has_events(engine):
        conv = conversations_cte(f)
        query = query.where(reflections.c.sender_id.in_(select(conv.c.sender_id)))
    query = query.group_by(reflections.c.exercise_id)
    with engine.connect() as connection:
        return Counter({exercise: count for exercise, count in connection.execute(query)})


COMMITMENT_FIGURES = ("made", "checked_in", *OUTCOMES, "teams_reminders")


def _commitments(engine: Engine, f: Filters) -> dict:
    """Commitments made, checked in (by outcome) and reminded of in Teams: counts only, per cohort."""
    figures = {"made": 0, "checked_in": 0, "outcomes": dict.fromkeys(OUTCOMES, 0), "teams_reminders": 0,
               "by_cohort": {}}
    inspector = inspect(engine)
    if not inspector.has_table(CommitmentRow.__tablename__):
        return figures
    c = CommitmentRow.__table__
    made = f.covers(c.c.created_at)
    checked = and_(f.covers(c.c.checked_in_at), c.c.status != "open")
    counted = {"made": made, "checked_in": checked}
    counted.update({outcome: and_(checked, c.c.status == outcome) for outcome in OUTCOMES})
    joined, period = c, [made, checked]
    if inspector.has_table(CLAIMS.name):
        joined = joined.outerjoin(CLAIMS, CLAIMS.c.commitment_id == c.c.id)
        counted["teams_reminders"] = f.covers(CLAIMS.c.sent_at)
        period.append(counted["teams_reminders"])
    cohort = literal("none", String)
    if has_events(engine):
        # Only the conversations of the few leaders with commitment figures: no pass over all events.
        relevant = select(c.c.sender_id).select_from(joined).where(or_(*period))
        conv = conversations_cte(f, "commitment_conv", with_triggers=True, senders=relevant)
        joined = joined.join(conv, conv.c.sender_id == c.c.sender_id)
        cohort = func.coalesce(conv.c.cohort, "none")
    elif f.channel or f.cohort:
        return figures  # no conversations to tell the channel or cohort
    query = (
        select(cohort.label("cohort"), *(func.sum(case((when, 1), else_=0)).label(name) for name, when in counted.items()))
        .select_from(joined)
        .where(or_(*period))
        .group_by(cohort)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
    for row in sorted(rows, key=lambda row: row["cohort"]):
        counts = {name: int(row.get(name) or 0) for name in COMMITMENT_FIGURES}
        figures["by_cohort"][row["cohort"]] = counts
        figures["made"] += counts["made"]
        figures["checked_in"] += counts["checked_in"]
        figures["teams_reminders"] += counts["teams_reminders"]
        for outcome in OUTCOMES:
            figures["outcomes"][outcome] += counts[outcome]
    return figures


def _sorted_counts(counter: Counter, limit: int | None = None) -> dict[str, int]:
    ordered = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    return dict(ordered[:limit] if limit else ordered)


def _masked(texts: Counter | None) -> Counter:
    """Question texts masked; masking can merge texts that differed only in a name."""
    masked: Counter = Counter()
    for text, count in (texts or Counter()).items():
        masked[mask(text or "")] += count
    return masked


def _top_questions(masked: Counter) -> list[dict]:
    return [{"text": text, "count": count} for text, count in _sorted_counts(masked, TOP_UNANSWERED).items()]


def overview(engine: Engine, filters: Filters) -> dict:
    """All the report's figures for `filters` (see the module docstring for the definitions)."""
    facts: dict[str, Counter] = {}
    if has_events(engine):
        for kind, key, n in _overview_rows(engine, filters):
            facts.setdefault(kind, Counter())[key] += int(n or 0)
    get = facts.get

    def total(kind: str) -> int:
        return sum((get(kind) or Counter()).values())

    conversations, messages, fallbacks = total("conversations"), total("messages"), total("fallbacks")
    unanswered, out_of_scope = _masked(get("unanswered")), _masked(get("out_of_scope"))
    saved = _saved_by_exercise(engine, filters)
    started, completed = get("started") or Counter(), get("completed") or Counter()
    exercises = sorted(set(started) | set(completed) | set(saved))
    days = get("day") or Counter()
    return {
        "period": {"from": filters.since.isoformat(), "to": filters.until.isoformat()},
        "filters": {"channel": filters.channel, "cohort": filters.cohort},
        "conversations": conversations,
        "leaders": conversations,  # one pseudonymous leader per sender id, for now
        "messages": messages,
        "average_turns": round(messages / conversations, 2) if conversations else 0.0,
        "conversations_per_day": {day: days[day] for day in sorted(days)},
        "by_channel": _sorted_counts(get("channel") or Counter()),
        "by_cohort": _sorted_counts(get("cohort") or Counter()),
        "top_topics": _sorted_counts(get("topic") or Counter(), TOP_TOPICS),
        "unanswered": _top_questions(unanswered),
        "unanswered_total": sum(unanswered.values()),
        "out_of_scope": _top_questions(out_of_scope),
        "out_of_scope_total": sum(out_of_scope.values()),
        "fallbacks": fallbacks,
        "fallback_rate": round(fallbacks / messages, 4) if messages else 0.0,
        "reflections": {
            "started": sum(started.values()),
            "completed": sum(completed.values()),
            "saved": sum(saved.values()),
            "by_exercise": {
                exercise: {"started": started[exercise], "completed": completed[exercise], "saved": saved[exercise]}
                for exercise in exercises
            },
        },
        "programme_referrals": {
            "shown": _sorted_counts(get("shown") or Counter()),
            "clicked": _sorted_counts(get("clicked") or Counter()),
        },
        "wellbeing_signposts": total("signposts"),
        "clinical_declines": total("clinical"),
        "commitments": _commitments(engine, filters),
    }


