"""Shared fixtures: each test module talks to its own real coach (`python -m bot run`, SQLite)."""
from __future__ import annotations

import pytest

from tests.integration.servers import serve


@pytest.fixture(scope="module")
def coach(tmp_path_factory):
    yield from serve(tmp_path_factory.mktemp("coach"))
