"""`python -m bot trainers ...` and `python -m bot analytics ...` through `bot.analytics.cli.main`."""
from __future__ import annotations

import csv
import io
import json

import pytest

from bot.analytics.cli import main
from tests.unit.analytics import scenario
from tests.unit.analytics.test_queries import REPORT_KEYS


def run(url, *argv, stdin=""):
    out, err = io.StringIO(), io.StringIO()
    command, rest = argv[0], argv[1:]
    code = main([command, "--database-url", url, *rest], stdin=io.StringIO(stdin), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_trainer_accounts_from_the_command_line(database_url):
    assert run(database_url, "trainers", "add", "alice", "--password-stdin", "--role", "admin",
               stdin="correct horse battery staple\n")[:2] == (0, "Added admin alice\n")
    assert run(database_url, "trainers", "add", "bob", "--password-stdin", stdin="too short\n")[0] == 2
    code, out, _ = run(database_url, "trainers", "list")
    assert code == 0 and out.startswith("alice\tadmin\tcreated ")
    assert run(database_url, "trainers", "set-password", "alice", "--password-stdin",
               stdin="another long passphrase\n")[0] == 0
    from bot.analytics.accounts import get_accounts

    assert get_accounts(database_url).verify_login("alice", "another long passphrase").ok
    assert run(database_url, "trainers", "remove", "alice")[0] == 0
    code, _, err = run(database_url, "trainers", "remove", "alice")
    assert code == 1 and "No trainer" in err


def test_a_password_is_never_an_argument(database_url):
    with pytest.raises(SystemExit):
        main(["trainers", "--database-url", database_url, "add", "alice", "--password", "x"],
             stdin=io.StringIO(), out=io.StringIO(), err=io.StringIO())


@pytest.fixture
def scripted_url(engine, database_url):
    for conversation in scenario.everyone():
        conversation.save(engine)
    return database_url


def test_the_report_in_json_csv_and_html(scripted_url):
    period = ["--since", scenario.DAY, "--until", scenario.DAY]
    code, out, _ = run(scripted_url, "analytics", "report", "--format", "json", *period)
    report = json.loads(out)
    assert code == 0 and set(report) == REPORT_KEYS | {"feedback"}
    assert report["feedback"]["answered"] == 0 and report["feedback"]["satisfaction"] is None  # no answer offered one
    assert (report["conversations"], report["messages"], report["fallback_rate"]) == (8, 18, 0.1667)
    assert (report["out_of_scope_total"], report["clinical_declines"]) == (1, 0)

    code, out, _ = run(scripted_url, "analytics", "report", "--format", "csv", *period, "--channel", "socketio")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["metric", "key", "value"]
    assert ["conversations", "", "2"] in rows and ["reflections.started", "", "1"] in rows
    assert ["reflections.by_exercise", "cross-boundary-challenge.started", "1"] in rows

    code, out, _ = run(scripted_url, "analytics", "report", "--format", "csv", *period, "--channel", "rest")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert ["out_of_scope", "What's the weather like in Leeds?", "1"] in rows and ["out_of_scope_total", "", "1"] in rows

    code, out, _ = run(scripted_url, "analytics", "report", "--format", "html", *period)
    assert code == 0 and out.startswith("<!doctype html>") and "[NAME]" in out and "Sarah" not in out


def test_no_cell_of_the_csv_report_can_run_as_a_spreadsheet_formula(engine, database_url):
    scenario.formulas().save(engine)
    code, out, _ = run(database_url, "analytics", "report", "--format", "csv",
                       "--since", scenario.DAY, "--until", scenario.DAY)
    assert code == 0
    cells = [cell for row in csv.reader(io.StringIO(out, newline="")) for cell in row]
    for text in scenario.FORMULAS:
        assert "'" + text in cells  # the masked unanswered questions
    assert any(cell.startswith("'=cohort()") for cell in cells)  # a cohort, in the key column
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_report_arguments_are_checked(scripted_url):
    code, _, err = run(scripted_url, "analytics", "report", "--since", "yesterday")
    assert code == 2 and "YYYY-MM-DD" in err


def test_purge_from_the_command_line(scripted_url, monkeypatch):
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    code, _, err = run(scripted_url, "analytics", "purge")
    assert code == 2 and "RETENTION_DAYS" in err
    monkeypatch.setenv("RETENTION_DAYS", "30")
    code, out, _ = run(scripted_url, "analytics", "purge", "--dry-run")
    assert code == 0 and out.startswith("Would delete 8 conversations inactive for over 30 days")
    code, out, _ = run(scripted_url, "analytics", "purge", "--older-than-days", "3650")
    assert code == 0 and out.startswith("Deleted 0 conversations")
    code, out, _ = run(scripted_url, "analytics", "purge")
    assert out.startswith("Deleted 8 conversations")
    assert json.loads(run(scripted_url, "analytics", "report", "--since", scenario.DAY,
                          "--until", scenario.DAY)[1])["conversations"] == 0


def test_indexes_command(scripted_url):
    assert run(scripted_url, "analytics", "indexes")[1] == "Nothing to do\n"  # the migration made them
