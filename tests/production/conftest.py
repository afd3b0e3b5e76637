"""The production layout's tests run only when asked for: `pytest tests/production`.

They start nginx, two Rasa replicas and two action servers against PostgreSQL and Redis (a few
minutes on 2 cores), so a bare `pytest` skips them.
"""
from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_configure(config):
    config.addinivalue_line("markers", "production: starts the production layout (nginx, replicas, PostgreSQL, Redis)")


def pytest_collection_modifyitems(config, items):
    paths = [(config.invocation_params.dir / arg.split("::")[0]).resolve() for arg in config.args]
    asked = any(path == HERE or HERE in path.parents for path in paths)
    if asked:
        return
    skip = pytest.mark.skip(reason="production layout tests: run them with `pytest tests/production`")
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(skip)
