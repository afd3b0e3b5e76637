"""Keep the deep-learning frameworks that our libraries import "just in case" out of a process.

The action server needs spaCy's tokenizer and lookup lemmatizer and bm25s's scoring; it needs no
neural network. Yet `import spacy` makes thinc (`thinc/compat.py`) try `import tensorflow` and
`import torch`, and `import bm25s` tries `import jax` for a faster top-k that our search does not
use (it scores with `get_scores_from_ids`). Each try is wrapped in `except ImportError`, and
TensorFlow is installed beside Rasa, so the action server used to load it: 2.5 s and about
470 MB for nothing, and JAX another 120 MB.

Python's import system treats a `None` in `sys.modules` as "this module cannot be imported"
(`import` raises ModuleNotFoundError), which is exactly the answer those optional imports expect.
`keep_out()` sets that for the frameworks below. Only the action server calls it, first thing in
its `main()`: the Rasa server needs TensorFlow (DIET, TED) and must never call it.
"""
from __future__ import annotations

import sys

# The optional imports of thinc (tensorflow, torch, mxnet) and bm25s (jax) that the action server
# never uses.
FRAMEWORKS = ("tensorflow", "jax", "jaxlib", "torch", "mxnet")


def keep_out(frameworks: tuple[str, ...] = FRAMEWORKS) -> None:
    """Make `import <framework>` fail in this process, as if it were not installed.

    Raises RuntimeError if one is already imported: called too late, it could not help.
    """
    loaded = [name for name in frameworks if sys.modules.get(name) is not None]
    if loaded:
        raise RuntimeError(f"already imported, too late to keep out: {', '.join(loaded)}")
    for name in frameworks:
        sys.modules[name] = None
