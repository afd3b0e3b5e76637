"""The production layout's configuration, without starting servers (seconds)."""
from __future__ import annotations

import subprocess

import pytest

from bot.config import ROOT, Settings
from bot.ops.production import (
    lock_store_environ,
    nginx_command,
    production_settings,
    render_compose_nginx_config,
    render_nginx_config,
    require_postgres,
)


def test_lock_store_url_is_split_into_rasas_redis_lock_store_keys():
    assert lock_store_environ("redis://:s%40cret@cache.internal:6380/3") == {
        "LOCK_STORE_HOST": "cache.internal", "LOCK_STORE_PORT": "6380", "LOCK_STORE_DB": "3",
        "LOCK_STORE_PASSWORD": "s@cret",
    }
    assert lock_store_environ("redis://127.0.0.1")["LOCK_STORE_DB"] == "0"
    with pytest.raises(SystemExit):
        lock_store_environ("http://127.0.0.1:6379/0")


def test_sqlite_is_refused():
    with pytest.raises(SystemExit, match="PostgreSQL"):
        require_postgres("sqlite:///var/coach.db")
    require_postgres("postgresql://postgres@127.0.0.1:5432/coach")


def _settings(environ: dict[str, str]) -> Settings:
    return production_settings(Settings.from_environ(environ), environ)


def test_production_settings_defaults_and_bad_values():
    settings = _settings({})
    assert (settings.prod_port, settings.rasa_replicas, settings.action_replicas) == (8080, 2, 2)
    assert settings.action_server_url == "http://127.0.0.1:5054/webhook"  # nginx in front of both
    assert settings.prod_var_dir == str(ROOT / "var" / "prod")
    assert "http://127.0.0.1:8080" in settings.widget_origins.split(",")
    assert Settings.from_environ({}).child_environ({})["TICKET_LOCK_LIFETIME"] == "60"
    with pytest.raises(SystemExit, match="whole number"):
        _settings({"RASA_REPLICAS": "two"})
    with pytest.raises(SystemExit, match="at least 1"):
        _settings({"ACTION_REPLICAS": "0"})


def test_the_generated_nginx_configuration_is_valid(tmp_path):
    settings = _settings({"PROD_VAR_DIR": str(tmp_path), "RASA_REPLICAS": "3"})
    text = render_nginx_config(settings)
    assert text.count("server 127.0.0.1:5007") == 2  # third replica in both Rasa upstreams
    assert "client_max_body_size 1m;" in text and "ip_hash;" in text
    (tmp_path / "nginx.conf").write_text(text)
    (tmp_path / "nginx-tmp").mkdir()
    check = subprocess.run(nginx_command(settings, tmp_path / "nginx.conf", "-t"), capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_the_compose_nginx_configuration_is_up_to_date():
    committed = (ROOT / "deploy" / "nginx.compose.conf").read_text().split("\n", 1)[1]
    assert committed == render_compose_nginx_config()
