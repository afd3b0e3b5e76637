"""The dashboard's SVG bar chart: every day of the period, a readable axis, escaped labels."""
from __future__ import annotations

import re
from datetime import date

import pytest

from bot.web.charts import bar_chart, days_between


def test_the_chart_escapes_its_labels_and_handles_an_empty_period():
    svg = bar_chart([("2025-03-10", 0)], title="A <b> & c", x_label="x<", y_label="y>", chart_id="c")
    assert "<b>" not in svg and "A &lt;b&gt; &amp; c" in svg and 'aria-label="A &lt;b&gt; &amp; c: 0 in total' in svg
    assert svg.count("<rect") == 1


def test_every_day_of_the_period_is_a_bar_and_missing_days_count_zero():
    series = days_between(date(2025, 2, 27), date(2025, 3, 2), {"2025-02-28": 3, "2025-03-02": 1, "2025-04-01": 9})
    assert series == [("2025-02-27", 0), ("2025-02-28", 3), ("2025-03-01", 0), ("2025-03-02", 1)]
    assert days_between(date(2025, 3, 2), date(2025, 3, 1), {}) == []


def y_labels(svg: str) -> list[str]:
    return re.findall(r'text-anchor="end" font-size="11" fill="#212b32">([^<]+)</text>', svg)


@pytest.mark.parametrize("largest, top", [(0, "5"), (5, "5"), (7, "10"), (21, "25"), (26, "50"), (101, "200"),
                                          (240, "250"), (4999, "5000")])
def test_the_y_axis_ends_at_a_round_number_above_the_largest_bar(largest, top):
    svg = bar_chart([("2025-03-10", largest)], title="t", x_label="x", y_label="y", chart_id="c")
    labels = y_labels(svg)
    assert labels[0] == "0" and labels[-1] == top and len(labels) == 6


def test_the_chart_names_its_total_and_busiest_day_and_labels_some_days():
    series = days_between(date(2025, 3, 1), date(2025, 3, 30), {"2025-03-11": 9, "2025-03-12": 3})
    svg = bar_chart(series, title="Conversations per day", x_label="Day", y_label="Conversations", chart_id="daily")
    assert 'aria-label="Conversations per day: 12 in total over 30 days, most on 2025-03-11"' in svg
    assert svg.count("<rect") == 30 and "<title>2025-03-11: 9</title>" in svg
    day_labels = re.findall(r'text-anchor="middle" font-size="11" fill="#212b32">([^<]+)</text>', svg)
    assert day_labels == ["03-01", "03-05", "03-09", "03-13", "03-17", "03-21", "03-25", "03-29"]
    assert "<script" not in svg and "style=" not in svg  # the page's CSP allows neither
