"""Shared fixtures: each test module talks to its own real coach (`python -m bot run`, SQLite)."""
from __future__ import annotations

import pytest

from tests.integration.servers import RunningCoach


@pytest.fixture(scope="module")
def coach(tmp_path_factory):
    folder = tmp_path_factory.mktemp("coach")
    running = RunningCoach(f"sqlite:///{folder / 'coach.db'}", folder / "coach.log")
    running.start()
    yield running
    if running.process and running.process.poll() is None:
        running.stop()
