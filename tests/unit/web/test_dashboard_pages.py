"""What signed-in trainers see: the overview, the chart, CSV exports, the conversation list,
masked transcripts and tags."""
from __future__ import annotations

import csv
import io
import re

from bot.analytics.privacy import pseudonym
from tests.unit.analytics import scenario
from tests.unit.web.conftest import EMAIL, PERIOD, PHONE, run, signed_in

MASKED_QUESTION = "Can [EMAIL] help me with my sourdough at [PHONE]?"


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_overview_shows_cards_chart_and_tables(app):
    async def scenario_(client):
        await signed_in(client)
        response = await client.get("/analytics", params=PERIOD)
        html = await response.text()
        assert response.status == 200
        assert response.headers["Content-Security-Policy"].startswith("default-src 'self'; style-src 'self'")
        assert "<h1>Overview: 2025-03-10 to 2025-03-10</h1>" in html
        assert re.search(r'id="card-conversations">9<', html)
        assert re.search(r'id="card-leaders">9<', html)
        assert re.search(r'id="card-messages">19<', html)
        assert re.search(r'id="card-turns">2.11<', html)
        assert re.search(r'id="card-fallback">\d+\.\d%<', html)
        assert re.search(r'id="signposts">1<', html)
        # The chart: inline SVG with a title and an accessible name, and a table alternative.
        svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)
        assert 'role="img"' in svg and 'aria-label="Conversations per day: 9 in total over 1 days' in svg
        assert '<title id="chart-daily-title">Conversations per day</title>' in svg
        assert "Day (UTC, month-day)" in svg and ">Conversations</text>" in svg
        assert "style=" not in svg  # the CSP allows no inline styles
        assert "<td>2025-03-10</td><td class=\"n\">9</td>" in html
        # Tables, each with its CSV link carrying the filters.
        assert MASKED_QUESTION in html and EMAIL not in html and PHONE not in html
        assert "How do I get my sourdough starter to rise, asks [NAME]?" in html
        assert "<td>cross-boundary-challenge</td>" in html
        assert "<td>partners-in-care-and-health</td>" in html
        for table in ("summary", "daily", "topics", "unanswered", "reflections", "programmes"):
            assert f'href="/analytics/export/{table}.csv?since=2025-03-10&amp;until=2025-03-10"' in html
        assert "<script" not in html and "style=" not in html

    run(app, scenario_)


def test_filters_narrow_the_overview_and_bad_ones_say_why(app):
    async def scenario_(client):
        await signed_in(client)
        html = await (await client.get("/analytics", params={**PERIOD, "cohort": "gamma"})).text()
        assert re.search(r'id="card-conversations">1<', html)
        assert '<option value="rest">rest</option>' in html and 'value="gamma"' in html
        html = await (await client.get("/analytics", params={**PERIOD, "channel": "socketio"})).text()
        assert '<option value="socketio" selected>' in html
        for bad in ({"since": "2025-03-11", "until": "2025-03-10"}, {"since": "yesterday"},
                    {"channel": "fax"}, {"cohort": "<b>x</b>"}, {"since": "2020-01-01", "until": "2025-01-01"}):
            response = await client.get("/analytics", params=bad)
            html = await response.text()
            assert response.status == 200 and 'role="alert"' in html, bad
            assert "<b>x</b>" not in html
        export = await client.get("/analytics/export/topics.csv", params={"since": "nonsense"})
        assert export.status == 400

    run(app, scenario_)


def test_csv_exports_hold_the_tables_with_the_same_filters(app):
    async def scenario_(client):
        await signed_in(client)
        response = await client.get("/analytics/export/unanswered.csv", params=PERIOD)
        assert response.status == 200 and response.content_type == "text/csv"
        assert 'attachment; filename="coach-unanswered-2025-03-10_2025-03-10.csv"' == \
            response.headers["Content-Disposition"]
        body = await response.text()
        assert EMAIL not in body and PHONE not in body
        assert rows_of(body)[0] == ["question (masked)", "count"]
        assert [MASKED_QUESTION, "1"] in rows_of(body)
        summary = dict(rows_of(await (await client.get("/analytics/export/summary.csv", params=PERIOD)).text())[1:])
        assert summary["conversations"] == "9" and summary["wellbeing_signposts"] == "1"
        daily = rows_of(await (await client.get("/analytics/export/daily.csv",
                                                params={"since": "2025-03-09", "until": "2025-03-11"})).text())
        assert daily == [["day", "conversations"], ["2025-03-09", "0"], ["2025-03-10", "9"], ["2025-03-11", "0"]]
        reflections = rows_of(await (await client.get("/analytics/export/reflections.csv", params=PERIOD)).text())
        assert reflections[0] == ["exercise", "started", "completed", "saved"]
        assert any(row[0] == "cross-boundary-challenge" for row in reflections[1:])
        programmes = rows_of(await (await client.get("/analytics/export/programmes.csv", params=PERIOD)).text())
        assert ["partners-in-care-and-health", "1", "1"] in programmes
        topics = rows_of(await (await client.get("/analytics/export/topics.csv", params=PERIOD)).text())
        assert topics[0] == ["topic", "count"] and len(topics) > 1
        gamma = rows_of(await (await client.get("/analytics/export/conversations.csv",
                                                params={**PERIOD, "cohort": "gamma"})).text())
        assert gamma[0][:3] == ["pseudonym", "first", "last"]
        assert [row[0] for row in gamma[1:]] == [pseudonym("leader-private")]
        report = await client.get("/analytics/export/report.csv", params=PERIOD)
        assert (await report.text()).startswith("metric,key,value\r\n")
        assert (await client.get("/analytics/export/secrets.csv")).status == 404

    run(app, scenario_)


def test_csv_cells_cannot_become_spreadsheet_formulas(app, database_url):
    from bot.db import get_engine

    scenario.formulas().save(get_engine(database_url))

    async def scenario_(client):
        await signed_in(client, "ada")
        for table in ("unanswered", "report", "conversations"):
            body = await (await client.get(f"/analytics/export/{table}.csv", params=PERIOD)).text()
            cells = [cell for row in csv.reader(io.StringIO(body, newline="")) for cell in row]
            assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")], table
            if table != "conversations":
                assert {"'" + text for text in scenario.FORMULAS} <= set(cells), table
            else:
                assert "'=cohort()" in cells

    run(app, scenario_)


def test_the_conversation_list_shows_pseudonyms_only_and_filters(app):
    async def scenario_(client):
        await signed_in(client)
        html = await (await client.get("/analytics/conversations", params=PERIOD)).text()
        assert pseudonym("leader-private") in html and pseudonym("leader-reflect") in html
        assert "leader-" not in html
        assert '<label for="intent">' in html and '<label for="fallback">' in html and '<label for="exercise">' in html
        html = await (await client.get("/analytics/conversations",
                                       params={**PERIOD, "exercise": "cross-boundary-challenge"})).text()
        assert pseudonym("leader-reflect") in html and pseudonym("leader-private") not in html
        html = await (await client.get("/analytics/conversations", params={**PERIOD, "fallback": "yes"})).text()
        assert pseudonym("leader-private") in html and pseudonym("leader-greet") not in html
        html = await (await client.get("/analytics/conversations", params={**PERIOD, "intent": "greet"})).text()
        assert pseudonym("leader-greet") in html and pseudonym("leader-private") not in html
        assert 'href="/analytics/export/conversations.csv?since=2025-03-10&amp;until=2025-03-10&amp;intent=greet"' in html

    run(app, scenario_)


def test_a_transcript_is_masked_and_takes_tags_and_notes(app):
    target = pseudonym("leader-private")

    async def scenario_(client):
        csrf = await signed_in(client)
        response = await client.get(f"/analytics/conversations/{target}", params=PERIOD)
        html = await response.text()
        assert response.status == 200
        assert MASKED_QUESTION in html and EMAIL not in html and PHONE not in html and "leader-private" not in html
        assert "No tags yet." in html
        response = await client.post(
            f"/analytics/conversations/{target}/tags", params=PERIOD, allow_redirects=False,
            data={"csrf": csrf, "tag": "content gap", "note": "<script>alert(1)</script> add a FAQ"},
        )
        assert response.status == 303
        assert response.headers["Location"].startswith(f"/analytics/conversations/{target}?since=2025-03-10")
        html = await (await client.get(f"/analytics/conversations/{target}", params=PERIOD)).text()
        assert '<strong class="tag">content gap</strong> by tess' in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; add a FAQ" in html and "<script>" not in html
        too_long = await client.post(f"/analytics/conversations/{target}/tags", params=PERIOD,
                                     data={"csrf": csrf, "tag": "x" * 101})
        assert too_long.status == 400 and "a tag is 1-100 characters" in await too_long.text()
        missing = await client.get("/analytics/conversations/ffffffffffffffffffff", params=PERIOD)
        assert missing.status == 404
        assert (await client.get("/analytics/conversations/leader-private")).status == 404

    run(app, scenario_)


def test_shared_reflections_appear_masked_in_the_transcript(app, database_url):
    from bot.db import get_engine
    from tests.unit.analytics.test_queries import save_reflection

    save_reflection(get_engine(database_url), "leader-reflect", "cross-boundary-challenge", scenario.DAY, shared=True)

    async def scenario_(client):
        await signed_in(client)
        html = await (await client.get(f"/analytics/conversations/{pseudonym('leader-reflect')}", params=PERIOD)).text()
        assert "Reflections shared with the trainer" in html
        assert "Call [PHONE]" in html and "07700 900123" not in html

    run(app, scenario_)


def test_out_of_scope_questions_have_their_own_table_and_csv_and_health_words_only_counts(app, database_url):
    from bot.db import get_engine

    scenario.out_of_scope_and_private().save(get_engine(database_url))

    async def scenario_(client):
        await signed_in(client)
        html = await (await client.get("/analytics", params=PERIOD)).text()
        section = html[html.index('id="out-of-scope-heading"'):]
        section = section[:section.index("</section>")]
        # The scripted weather question and the new leader's three declines.
        assert re.search(r'id="out-of-scope-total">4<', section)
        assert "<td>Can you book my train to Leeds? I&#39;m [NAME]</td><td class=\"n\">2</td>" in section
        assert "<td>Who will win the football on Saturday?</td>" in section
        assert "Leeds? I&#39;m [NAME]" not in html[html.index('id="unanswered-heading"'):html.index('id="out-of-scope-heading"')]
        assert re.search(r'id="clinical-declines">1<', html) and re.search(r'id="signposts">2<', html)
        assert 'href="/analytics/export/out_of_scope.csv?since=2025-03-10&amp;until=2025-03-10"' in section
        exported = rows_of(await (await client.get("/analytics/export/out_of_scope.csv", params=PERIOD)).text())
        assert exported == [["question (masked)", "count"], ["Can you book my train to Leeds? I'm [NAME]", "2"],
                            ["What's the weather like in Leeds?", "1"], ["Who will win the football on Saturday?", "1"]]
        summary = dict(rows_of(await (await client.get("/analytics/export/summary.csv", params=PERIOD)).text())[1:])
        assert (summary["out_of_scope"], summary["clinical_declines"], summary["wellbeing_signposts"]) == ("4", "1", "2")
        for table in ("out_of_scope", "unanswered", "report", "summary"):
            body = await (await client.get(f"/analytics/export/{table}.csv", params=PERIOD)).text()
            assert "sertraline" not in body and "holiday" not in body, table
        assert "sertraline" not in html and "holiday" not in html

    run(app, scenario_)
