"""The action-server probe reads Python's import profile the way `make bench` reports it."""
from __future__ import annotations

import os

from bot.ops.bench_action_server import ActionServerStart, mapped_files, parse_import_log, rss_mb

LOG = """\
import time: self [us] | cumulative | imported package
import time:       100 |        100 | encodings
import time:        50 |        250 |   rasa_sdk.utils
import time:       300 |       1000 | rasa_sdk
import time:       400 |     500000 | spacy
import time:         6 |          6 |                 tensorflow
some other line on standard error
"""


def test_import_time_is_the_sum_of_the_top_level_imports():
    seconds, modules = parse_import_log(LOG)
    assert seconds == (100 + 1000 + 500000) / 1e6
    assert modules == {"encodings", "rasa_sdk.utils", "rasa_sdk", "spacy", "tensorflow"}


def test_rasa_sdk_is_not_rasa_and_a_refused_import_is_not_a_load():
    _, modules = parse_import_log(LOG)
    start = ActionServerStart(ready_s=1.0, import_s=0.5, rss_mb=100, modules=modules,
                              libraries=frozenset({"/venv/lib/python3.10/site-packages/numpy/core/_multiarray.so"}))
    assert not start.loaded_rasa
    assert not start.mapped("tensorflow") and start.mapped("numpy")
    with_rasa = ActionServerStart(1.0, 0.5, 100, modules | {"rasa.core.tracker_store"}, frozenset())
    assert with_rasa.loaded_rasa


def test_memory_and_mapped_files_of_this_process():
    assert 5 < rss_mb(os.getpid()) < 4000
    assert any("python" in path for path in mapped_files(os.getpid()))
