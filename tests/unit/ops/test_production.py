"""The production launcher's parts that tests/production/test_production_config.py does not cover:
templates, replica ports and commands, widget origins, and creating the PostgreSQL database."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from bot.config import Settings
from bot.ops import production
from tests.unit.journal.conftest import postgres_admin  # noqa: F401  (fixture)


def test_a_template_with_an_unknown_placeholder_is_refused_with_where(tmp_path):
    template = tmp_path / "nginx.conf.template"
    template.write_text("listen {{prod_port}};\nserver {{mystery}};\n")
    assert production.fill_template(template, {"prod_port": "8080", "mystery": "x"}) == "listen 8080;\nserver x;\n"
    with pytest.raises(SystemExit, match=r"unknown placeholder near: \{\{mystery\}\}"):
        production.fill_template(template, {"prod_port": "8080"})


def test_replicas_get_consecutive_ports_and_the_production_endpoints():
    settings = Settings.from_environ({"RASA_PORT": "6000", "RASA_REPLICAS": "3", "ACTION_PORT": "7000",
                                      "ACTION_REPLICAS": "2"})
    assert production.rasa_ports(settings) == [6000, 6001, 6002]
    assert production.action_ports(settings) == [7000, 7001]
    command = production._with_endpoints(["rasa", "run", "--endpoints", "endpoints.yml", "--port", "6000"],
                                         production.ENDPOINTS)
    assert command == ["rasa", "run", "--endpoints", "deploy/endpoints-prod.yml", "--port", "6000"]


def test_each_rasa_replica_runs_tensorflow_on_one_thread_unless_told_otherwise():
    assert production.replica_threads({}) == {"TF_INTRA_OP_PARALLELISM_THREADS": "1",
                                              "TF_INTER_OP_PARALLELISM_THREADS": "1"}
    assert production.replica_threads({"TF_INTRA_OP_PARALLELISM_THREADS": "2"}) == {
        "TF_INTRA_OP_PARALLELISM_THREADS": "2", "TF_INTER_OP_PARALLELISM_THREADS": "1"}


def test_configured_widget_origins_are_kept_and_the_host_is_added_otherwise():
    environ = {"PROD_HOST": "coach.internal", "PROD_PORT": "9090"}
    settings = production.production_settings(Settings.from_environ(environ), environ)
    assert set(settings.widget_origins.split(",")) == {
        "http://localhost:9090", "http://127.0.0.1:9090", "http://coach.internal:9090"}
    environ["WIDGET_ORIGINS"] = "https://intranet.example.org"
    kept = production.production_settings(Settings.from_environ(environ), environ)
    assert kept.widget_origins == Settings.from_environ(environ).widget_origins


def test_the_command_line_prints_the_compose_configuration(capsys):
    assert production.main(["--nginx-config", "compose"]) == 0
    assert capsys.readouterr().out == production.render_compose_nginx_config()


def test_the_database_is_created_once(postgres_admin):  # noqa: F811
    name = f"prod_test_{uuid.uuid4().hex[:12]}"
    url = postgres_admin.url.set(database=name).render_as_string(hide_password=False)
    try:
        assert production.ensure_database(url) is True
        assert production.ensure_database(url) is False
        with postgres_admin.connect() as connection:
            assert connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar()
    finally:
        with postgres_admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    with pytest.raises(SystemExit, match="must name a database"):
        production.ensure_database(postgres_admin.url.set(database="").render_as_string(hide_password=False))
    with pytest.raises(SystemExit, match="Cannot reach PostgreSQL"):
        production.ensure_database("postgresql://postgres@127.0.0.1:1/coach")


def test_nginx_marks_what_reaches_rest_through_the_public_port():
    """The REST channel refuses requests so marked unless REST_TOKEN is set (tests/unit/rasa/channels)."""
    config = production.render_nginx_config(Settings.from_environ({}))
    public = config[:config.index("# Rasa replicas -> action servers")]
    webhooks = public[public.index("location /webhooks/"):]
    assert 'proxy_set_header X-Coach-Public-Port "1";' in webhooks[:webhooks.index("}")]


def test_the_daily_retention_purge_runs_once_with_retention_days(tmp_path, monkeypatch, capsys):
    from bot.db import migrate
    from bot.journal import get_journal
    from bot.ops import retention

    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate(url)
    get_journal(url).save_reflection("legacy:abc", "grow", "Old", "words", {})
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    assert retention.main(["--once"]) == 2 and "RETENTION_DAYS" in capsys.readouterr().err
    monkeypatch.setenv("RETENTION_DAYS", "30")
    assert retention.main(["--once"]) == 0 and "'conversations': 0" in capsys.readouterr().out
    assert production.retention_command()[-1] == "bot.ops.retention" and production.environ_retention_days() == "30"
