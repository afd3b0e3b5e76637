"""The feedback page: satisfaction cards, a chart with its tables, the review queue (masked, with
nearest entries), trainers' marks, and the exports (CSV, and eval cases `make eval` loads)."""
from __future__ import annotations

import csv
import io
import re

import yaml

from bot.analytics.feedback import item_key
from bot.db import get_engine
from bot.ops import evaluation
from tests.unit.analytics.test_feedback import DAY, WISL, save_rated
from tests.unit.web.conftest import csrf_in, run, signed_in

PERIOD = {"since": DAY, "until": DAY}


def test_trainers_see_satisfaction_the_queue_and_mark_and_export_it(app, database_url, real_pipeline):
    save_rated(get_engine(database_url))

    async def scenario_(client):
        await signed_in(client)
        response = await client.get("/analytics/feedback", params=PERIOD)
        html = await response.text()
        assert response.status == 200 and "<script" not in html and "style=" not in html
        assert re.search(r'id="card-answered">4<', html) and re.search(r'id="card-helpful">2<', html)
        assert re.search(r'id="card-not-helpful">1<', html) and re.search(r'id="card-satisfaction">67%<', html)
        svg = re.search(r'<svg[^>]*id="chart-satisfaction".*?</svg>', html, re.S).group(0)
        assert 'role="img"' in svg and "foundations: 1 helpful, 1 not helpful, 0 no feedback" in svg
        assert '<th scope="row">foundations</th><td class="n">2</td><td class="n">1</td>' in html  # the table too
        # The queue: masked, with the answer rated and its nearest entry.
        assert "[NAME] here, what&#39;s system leadership" in html and "Sam Jones" not in html
        assert "I meant PCNs, call me on [PHONE]" in html and "07700" not in html
        assert f"Rated not helpful: <span class=\"pseudonym\">{WISL}</span>" in html
        assert f"({WISL})</span>" in html and "how do I bake sourdough" in html

        key = item_key("unanswered", "how do I bake sourdough")
        marked = await client.post("/analytics/feedback/marks", params=PERIOD, allow_redirects=False,
                                   data={"csrf": csrf_in(html), "key": key, "mark": "content_gap"})
        assert marked.status == 303 and marked.headers["Location"].endswith(f"#item-{key}")
        html = await (await client.get("/analytics/feedback", params=PERIOD)).text()
        assert '<option value="content_gap" selected>content gap</option>' in html
        forged = await client.post("/analytics/feedback/marks", params=PERIOD,
                                   data={"csrf": "guessed", "key": key, "mark": "fine"})
        assert forged.status == 403

        table = await (await client.get("/analytics/export/feedback.csv", params=PERIOD)).text()
        rows = list(csv.reader(io.StringIO(table)))
        assert rows[0] == ["group", "name", "answered", "helpful", "not_helpful", "no_feedback", "satisfaction"]
        assert ["Entry", WISL, "2", "1", "1", "0", "0.5"] in rows
        queue = list(csv.reader(io.StringIO(await (await client.get("/analytics/export/review.csv", params=PERIOD)).text())))
        sourdough = next(row for row in queue if row[1] == "how do I bake sourdough")
        assert sourdough[0] == "unanswered" and sourdough[-1] == "content gap"

        export = await client.get("/analytics/export/review-cases.yml", params=PERIOD)
        assert export.status == 200 and "attachment" in export.headers["Content-Disposition"]
        cases = yaml.safe_load(await export.text())["cases"]
        assert evaluation.malformed_cases(cases, evaluation.exercise_ids(evaluation.ROOT / "knowledge" / "reflections"),
                                          item_names=[]) == {}
        by_turn = {c["turns"][0]: c for c in cases}
        assert by_turn["[NAME] here, what's system leadership"]["expect"] == {"route": "knowledge", "cite": True}
        assert "marked content gap" in by_turn["how do I bake sourdough"]["persona"]
        assert by_turn["What's the weather like in Leeds?"]["expect"] == {"route": "out_of_scope"}
        assert "07700" not in await export.text()  # the scenario's phone number stays masked

    run(app, scenario_)


def test_the_feedback_exports_need_a_session(app):
    async def scenario_(client):
        assert (await client.get("/analytics/export/review-cases.yml")).status == 401
        assert (await client.get("/analytics/export/feedback.csv")).status == 401
        page = await client.get("/analytics/feedback", allow_redirects=False)
        assert page.status == 303

    run(app, scenario_)
