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
