from pathlib import Path

import pytest

from bot.config import ROOT, Settings


def test_defaults_when_environment_is_empty():
    settings = Settings.from_environ({})
    assert (settings.rasa_port, settings.action_port, settings.web_port) == (5005, 5055, 8000)
    assert settings.database_url == f"sqlite:///{ROOT / 'var' / 'coach.db'}"
    assert settings.action_server_url == "http://127.0.0.1:5055/webhook"


def test_environment_overrides_and_derived_values_follow():
    settings = Settings.from_environ(
        {"ACTION_PORT": "6000", "DATABASE_URL": "postgresql://coach@127.0.0.1:5432/test"}
    )
    assert settings.action_port == 6000
    assert settings.action_server_url == "http://127.0.0.1:6000/webhook"
    assert settings.database_url.startswith("postgresql://")


def test_a_port_that_is_not_a_number_is_a_clear_error():
    with pytest.raises(SystemExit, match="RASA_PORT must be a whole number"):
        Settings.from_environ({"RASA_PORT": "five"})


def test_child_environment_turns_telemetry_off_and_carries_settings():
    env = Settings.from_environ({"RASA_PORT": "7000"}).child_environ({"PATH": "/bin"})
    assert env["RASA_TELEMETRY_ENABLED"] == "false"
    assert env["RASA_PORT"] == "7000"
    assert env["PATH"] == "/bin"


def test_prepare_storage_creates_the_sqlite_folder(tmp_path: Path):
    database = tmp_path / "nested" / "coach.db"
    Settings.from_environ({"DATABASE_URL": f"sqlite:///{database}"}).prepare_storage()
    assert database.parent.is_dir()


def test_a_local_secret_is_made_once_private_and_kept_across_launches(tmp_path: Path):
    from bot.config import local_secret

    path = tmp_path / "var" / "session-secret"
    first = local_secret(path)
    assert len(first) >= 32
    assert path.stat().st_mode & 0o777 == 0o600
    assert local_secret(path) == first  # a restart verifies the sessions it issued before
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def test_an_unset_session_secret_comes_from_the_machine_key_not_a_new_random_one():
    from bot.config import Settings

    first = Settings.from_environ({}).child_environ({})["SESSION_SECRET"]
    second = Settings.from_environ({}).child_environ({})["SESSION_SECRET"]
    assert first == second
    assert Settings.from_environ({"SESSION_SECRET": "x" * 20}).child_environ({})["SESSION_SECRET"] == "x" * 20


def test_the_servers_started_never_see_nginx_as_a_variable():
    """nginx reads NGINX as inherited sockets and logs '[emerg] invalid socket number' when it is a path."""
    from bot.config import Settings

    settings = Settings.from_environ({"NGINX": "/usr/sbin/nginx"})
    assert settings.nginx == "/usr/sbin/nginx"
    assert "NGINX" not in settings.child_environ({"NGINX": "/usr/sbin/nginx", "PATH": "/usr/bin"})
