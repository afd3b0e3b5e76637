"""The SQL building blocks give the same answers on SQLite and PostgreSQL (the `engine` fixture runs both)."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select, true

from bot.analytics.sql import EVENTS, array_elements, json_array, json_text, utc_day
from tests.unit.analytics.events import events, ts


def store(engine, *rows: dict) -> None:
    with engine.begin() as connection:
        connection.execute(events.insert(), [
            {"sender_id": f"s{i}", "type_name": "user", "timestamp": row.pop("timestamp", 0.0),
             "data": json.dumps(row)} for i, row in enumerate(rows)
        ])


def column(engine, expression) -> list:
    with engine.connect() as connection:
        return list(connection.execute(select(expression).order_by(EVENTS.c.id)).scalars())


def test_json_text_reads_nested_text_and_gives_null_when_missing(engine):
    store(engine, {"metadata": {"utter_action": "utter_greet"}}, {"metadata": {}}, {})
    assert column(engine, json_text(EVENTS.c.data, "metadata", "utter_action")) == ["utter_greet", None, None]


def test_json_array_is_the_array_or_an_empty_one(engine):
    store(engine, {"value": ["adass", "nhs"]}, {"value": "adass"}, {"value": None}, {})
    arrays = [json.loads(value) if isinstance(value, str) else value
              for value in column(engine, json_array(EVENTS.c.data, "value"))]
    assert arrays == [["adass", "nhs"], [], [], []]


def test_array_elements_read_strings_and_objects(engine):
    dialect = engine.dialect.name
    store(engine, {"value": ["adass", "nhs"], "entities": [{"entity": "theme", "value": "trust"}]}, {"value": 3})
    strings = array_elements(dialect, json_array(EVENTS.c.data, "value"))
    objects = array_elements(dialect, json_array(EVENTS.c.data, "entities"), objects=True)
    with engine.connect() as connection:
        shown = connection.execute(
            select(EVENTS.c.sender_id, strings.c.value).select_from(EVENTS.join(strings, true()))
            .order_by(EVENTS.c.sender_id, strings.c.value)
        ).all()
        entities = connection.execute(
            select(json_text(objects.c.value, "entity"), json_text(objects.c.value, "value"))
            .select_from(EVENTS.join(objects, true()))
        ).all()
    assert [tuple(row) for row in shown] == [("s0", "adass"), ("s0", "nhs")]
    assert [tuple(row) for row in entities] == [("theme", "trust")]


def test_utc_day_is_the_date_in_utc(engine):
    store(engine, {"timestamp": ts("2025-03-10", 86399.5)}, {"timestamp": ts("2025-03-11")})
    assert column(engine, utc_day(EVENTS.c.timestamp)) == ["2025-03-10", "2025-03-11"]


@pytest.mark.parametrize("key", ["a'b", "1st", "", "a.b", "a}"])
def test_a_path_is_made_of_identifiers_only(key):
    with pytest.raises(ValueError, match="not a JSON key"):
        json_text(EVENTS.c.data, "metadata", key)
    with pytest.raises(ValueError, match="not a JSON key"):
        json_array(EVENTS.c.data, key)
