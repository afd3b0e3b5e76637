"""Every CSV cell a spreadsheet would run as a formula is made text; numbers stay numbers."""
from __future__ import annotations

import csv
import io

import pytest

from bot.analytics.spreadsheet import safe_cell, to_csv
from tests.unit.analytics.scenario import FORMULAS


@pytest.mark.parametrize("text", FORMULAS)
def test_a_text_starting_a_formula_is_shown_as_text(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["ordinary text", "", "a=b", "1+1", -3, 0.25, None, "'quoted"])
def test_other_values_are_unchanged(value):
    assert safe_cell(value) == value


def test_every_cell_of_a_document_is_escaped_header_included():
    body = to_csv(["=header", "count"], [(text, -1) for text in FORMULAS])
    rows = list(csv.reader(io.StringIO(body, newline="")))
    assert rows[0] == ["'=header", "count"]
    assert [row[0] for row in rows[1:]] == ["'" + text for text in FORMULAS]
    assert all(row[1] == "-1" for row in rows[1:])


def test_a_carriage_return_inside_a_cell_cannot_start_a_row_of_its_own():
    body = to_csv(["question"], [("why?\r=1+1",), ("fine\n@SUM(A1)",)])
    assert list(csv.reader(io.StringIO(body, newline=""))) == [["question"], ["why?\r=1+1"], ["fine\n@SUM(A1)"]]
