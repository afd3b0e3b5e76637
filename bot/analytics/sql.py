"""SQL building blocks that differ between SQLite and PostgreSQL: JSON paths, arrays, UTC days.

Rasa stores each event's JSON in `events.data` as text. SQLite reads it with json_extract;
PostgreSQL casts it to json and uses #> / #>>. Paths are fixed identifiers from this package,
never user input.
"""
from __future__ import annotations

import re

from sqlalchemy import Float, Integer, String, Text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import column, table
from sqlalchemy.sql.functions import FunctionElement

# Rasa's tracker store table (rasa.core.tracker_store.SQLTrackerStore.SQLEvent), read-only here.
EVENTS = table(
    "events",
    column("id", Integer),
    column("sender_id", String),
    column("type_name", String),
    column("timestamp", Float),
    column("intent_name", String),
    column("action_name", String),
    column("data", Text),
)

_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _path(keys: tuple[str, ...]) -> tuple[str, ...]:
    for key in keys:
        if not _KEY.match(key):
            raise ValueError(f"not a JSON key this module uses: {key!r}")
    return keys


class json_text(FunctionElement):
    """The text at `path` inside a JSON text column (NULL when missing)."""

    type = String()
    name = "json_text"
    inherit_cache = False  # the path is not a bound parameter, so the SQL must not be cached

    def __init__(self, expression, *path: str):
        self.path = _path(path)
        super().__init__(expression)


class json_array(FunctionElement):
    """The JSON array at `path`, or an empty array when it is missing or not an array."""

    name = "json_array"
    inherit_cache = False

    def __init__(self, expression, *path: str):
        self.path = _path(path)
        super().__init__(expression)


class utc_day(FunctionElement):
    """A Unix timestamp (seconds, float) as its UTC date, 'YYYY-MM-DD'."""

    type = String()
    name = "utc_day"
    inherit_cache = True


@compiles(json_text, "sqlite")
def _json_text_sqlite(element, compiler, **kw):
    (expression,) = element.clauses
    path = "$" + "".join(f".{key}" for key in element.path) if element.path else "$"
    return f"json_extract({compiler.process(expression, **kw)}, '{path}')"


@compiles(json_text, "postgresql")
def _json_text_postgresql(element, compiler, **kw):
    (expression,) = element.clauses
    return f"(CAST({compiler.process(expression, **kw)} AS json) #>> '{{{','.join(element.path)}}}')"


@compiles(json_array, "sqlite")
def _json_array_sqlite(element, compiler, **kw):
    (expression,) = element.clauses
    inner = compiler.process(expression, **kw)
    path = "$" + "".join(f".{key}" for key in element.path)
    return f"(CASE WHEN json_type({inner}, '{path}') = 'array' THEN json_extract({inner}, '{path}') ELSE '[]' END)"


@compiles(json_array, "postgresql")
def _json_array_postgresql(element, compiler, **kw):
    (expression,) = element.clauses
    inner = f"(CAST({compiler.process(expression, **kw)} AS json) #> '{{{','.join(element.path)}}}')"
    return f"(CASE WHEN json_typeof({inner}) = 'array' THEN {inner} ELSE CAST('[]' AS json) END)"


@compiles(utc_day, "sqlite")
def _utc_day_sqlite(element, compiler, **kw):
    (expression,) = element.clauses
    return f"date({compiler.process(expression, **kw)}, 'unixepoch')"


@compiles(utc_day, "postgresql")
def _utc_day_postgresql(element, compiler, **kw):
    (expression,) = element.clauses
    return f"to_char(to_timestamp({compiler.process(expression, **kw)}) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"


def array_elements(dialect: str, array, *, objects: bool = False):
    """A table-valued function over a JSON array, with one column `value`.

    Strings come out as text; with objects=True, each element is JSON (read it with json_text).
    In FROM it may refer to earlier FROM items: SQLite and PostgreSQL both allow that for functions.
    """
    from sqlalchemy import func

    if dialect == "sqlite":
        return func.json_each(array).table_valued("value")
    if objects:
        return func.json_array_elements(array).table_valued("value")
    return func.json_array_elements_text(array).table_valued("value")
