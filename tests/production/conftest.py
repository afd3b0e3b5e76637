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


@pytest.fixture(scope="session")
def services(tmp_path_factory):
    """A private PostgreSQL and Redis for the layout (the fault tests stop and start them)."""
    from tests.production.servers import PrivatePostgres, PrivateRedis

    folder = tmp_path_factory.mktemp("services")
    postgres, redis = PrivatePostgres(), PrivateRedis(folder / "redis")
    postgres.start()
    redis.start()
    try:
        yield postgres, redis
    finally:
        redis.stop()
        postgres.remove()


@pytest.fixture(scope="session")
def layout(tmp_path_factory, services):
    """One production layout for the whole session (about a minute to start on 2 cores)."""
    from tests.production.servers import ProductionCoach

    postgres, redis = services
    coach = ProductionCoach(tmp_path_factory.mktemp("production"), postgres.url, redis.url)
    try:
        coach.start()
        yield coach
    finally:
        if coach.process and coach.process.poll() is None:
            coach.stop()
