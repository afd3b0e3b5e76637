"""bot.lean keeps TensorFlow and JAX out of a process, and spaCy and bm25s still work without them."""
from __future__ import annotations

import subprocess
import sys

from bot.config import ROOT

PROBE = """
import sys
from bot import lean
lean.keep_out()
import spacy, bm25s
nlp = spacy.blank("en")
print([t.text for t in nlp("Leaders work across boundaries")])
retriever = bm25s.BM25()
retriever.index([[0, 1], [1, 2]], show_progress=False)
print(sorted(n for n in ("tensorflow", "jax", "torch") if sys.modules.get(n) is not None))
try:
    import tensorflow
except ImportError as error:
    print(type(error).__name__)
"""


def test_spacy_and_bm25s_load_and_work_without_tensorflow_or_jax():
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert lines == ["['Leaders', 'work', 'across', 'boundaries']", "[]", "ModuleNotFoundError"]


def test_keeping_out_a_framework_already_imported_is_refused():
    run = subprocess.run([sys.executable, "-c", "import json; from bot import lean; lean.keep_out(('json',))"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode != 0
    assert "already imported, too late to keep out: json" in run.stderr
