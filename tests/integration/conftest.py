"""Shared fixtures: one real coach (`python -m bot run`, SQLite) for the whole integration run.

Starting a coach costs about 25 s, so the modules that need only an ordinary coach share one;
every test talks as its own senders, so their conversations never meet. A module that needs
other settings (a fixed date, a fake Bot Framework, a fuzzer's own database) overrides `coach`
with a module fixture of its own.
"""
from __future__ import annotations

import pytest

from tests.integration.servers import serve


@pytest.fixture(scope="session")
def coach(tmp_path_factory):
    yield from serve(tmp_path_factory.mktemp("coach"))
