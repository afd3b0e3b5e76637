"""The real action server process, started as `make run` starts it, loads neither Rasa nor TensorFlow.

The action server imports rasa_sdk only (ARCHITECTURE.md); bot/lean.py keeps spaCy's and bm25s's
optional TensorFlow and JAX imports out. Its figures (import time, memory) are `make bench`'s job.
"""
from __future__ import annotations

import pytest

from bot.ops.bench_action_server import measure_start

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def started():
    return measure_start()


def test_the_action_server_imports_no_rasa(started):
    assert not started.loaded_rasa, sorted(m for m in started.modules if m.startswith("rasa."))[:10]


def test_the_action_server_maps_no_tensorflow_or_jax(started):
    assert not started.mapped("tensorflow")
    assert not started.mapped("jaxlib")
    assert started.mapped("numpy")  # the probe sees native libraries at all
