"""Content hot reload (bot/reload.py) on a copy of the real knowledge folder: a new entry dropped
into topics/ is served at once, answered by the understanding step; a bad file keeps the old
content and logs the file, entry and field; SIGHUP asks for a reload."""
from __future__ import annotations

import logging
import os
import shutil
import signal
import time

import pytest

from bot import reload
from bot.coaching import get_exercises
from bot.config import ROOT
from bot.finder import get_finder
from bot.knowledge import get_knowledge
from bot.understanding import Route, get_understanding

NEW_ENTRY = """\
entries:
  - id: virtual-wards-across-the-system
    title: Virtual wards across a system
    answer: >-
      A virtual ward lets people get hospital-level care at home, and it only works when the
      hospital, community services, primary care and social care plan it together. Leaders
      agree who holds the risk and how a person moves between the services.
    questions:
      - "how do virtual wards work across a system"
      - "what is a virtual ward"
      - "virtual wards and system leadership"
      - "who runs a virtual ward"
      - "virtual ward integrated care"
      - "hospital at home virtual ward partners"
    themes: [integration]
    related: []
    sources: [scie-system-leadership]
"""
FACTORIES = (get_knowledge, get_exercises, get_finder, get_understanding)


@pytest.fixture
def folder(tmp_path, real_pipeline):
    copy = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", copy)
    os.environ["KNOWLEDGE_DIR"] = str(copy)
    for factory in FACTORIES:
        factory.cache_clear()
    yield copy
    del os.environ["KNOWLEDGE_DIR"]
    for factory in FACTORIES:
        factory.cache_clear()


def test_a_new_entry_is_served_at_once_and_understood_whatever_the_intent(folder):
    before = len(get_knowledge().kb.entries)
    watcher = reload.Watcher(str(folder), 0)
    assert watcher.check() is None  # nothing changed
    (folder / "topics" / "virtual-wards.yml").write_text(NEW_ENTRY)
    assert watcher.check() is True
    kb = get_knowledge().kb
    assert len(kb.entries) == before + 1 and "virtual-wards-across-the-system" in kb.entries
    decision = get_understanding().decide("how do virtual wards work across a system?", intent={"name": "greet"})
    assert (decision.route, decision.target) == (Route.KNOWLEDGE, "virtual-wards-across-the-system")
    assert get_knowledge().index.best("what is a virtual ward").entry.id == "virtual-wards-across-the-system"


def test_a_bad_file_keeps_the_old_content_and_logs_file_entry_and_field(folder, caplog):
    served = get_knowledge()
    exercises, finder = get_exercises(), get_finder()
    watcher = reload.Watcher(str(folder), 0)
    (folder / "topics" / "virtual-wards.yml").write_text(NEW_ENTRY.replace("    answer: >-", "    answr: >-"))
    with caplog.at_level(logging.ERROR, logger="bot.reload"):
        assert watcher.check() is False
    assert get_knowledge() is served and get_exercises() is exercises and get_finder() is finder
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "topics/virtual-wards.yml" in logged
    assert "entry 'virtual-wards-across-the-system'" in logged
    assert "field 'answer': missing" in logged and "did you mean 'answer'" in logged
    # fixed: served on the next look
    (folder / "topics" / "virtual-wards.yml").write_text(NEW_ENTRY)
    assert watcher.check() is True and "virtual-wards-across-the-system" in get_knowledge().kb.entries


def test_a_bad_catalogue_keeps_every_part_old(folder, caplog):
    served = get_knowledge()
    watcher = reload.Watcher(str(folder), 0)
    (folder / "topics" / "virtual-wards.yml").write_text(NEW_ENTRY)
    (folder / "programmes.yml").write_text("programmes: [oops]\n")
    with caplog.at_level(logging.ERROR, logger="bot.reload"):
        assert watcher.check() is False
    assert get_knowledge() is served  # the good new entry waits for the whole content to be valid
    assert "programmes.yml" in caplog.text


def test_sighup_and_the_reload_command_ask_for_a_reload(folder):
    served = get_knowledge()
    watcher = reload.watch(str(folder), interval_s=0)  # no polling: only asked
    try:
        os.kill(os.getpid(), signal.SIGHUP)
        deadline = time.monotonic() + 30
        while get_knowledge() is served and time.monotonic() < deadline:
            time.sleep(0.05)
        assert get_knowledge() is not served
        again = get_knowledge()
        stamp = reload.request_reload(str(folder))
        assert stamp.name == ".reload"
        watcher.request()  # the polling watcher would see the stamp; this one is woken instead
        deadline = time.monotonic() + 30
        while get_knowledge() is again and time.monotonic() < deadline:
            time.sleep(0.05)
        assert get_knowledge() is not again
    finally:
        watcher.stop()
        signal.signal(signal.SIGHUP, signal.SIG_DFL)


def test_validation_says_retrain_pending_for_a_new_entry_and_training_regenerates_the_nlu(folder, capsys, monkeypatch):
    from bot.__main__ import main
    from bot.knowledge import nlu_data
    from bot.ops import training

    (folder / "topics" / "virtual-wards.yml").write_text(NEW_ENTRY)
    nlu = folder.parent / "knowledge_questions.yml"
    shutil.copy(nlu_data.NLU_PATH, nlu)
    monkeypatch.setattr(nlu_data, "NLU_PATH", nlu)
    assert main(["knowledge", "nlu", "--check"]) == 0
    assert "retrain pending" in capsys.readouterr().out
    assert "virtual ward" not in nlu.read_text()  # --check writes nothing

    monkeypatch.setattr(training, "ROOT", folder.parent)  # the repo whose knowledge/ training reads
    training.regenerate_nlu(training.Settings.from_environ())
    assert "    - how do virtual wards work across a system" in nlu.read_text()
    assert main(["knowledge", "nlu", "--check"]) == 0 and "up to date" in capsys.readouterr().out
