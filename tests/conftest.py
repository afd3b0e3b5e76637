"""Shared fixtures: small factories, no servers (integration tests start their own)."""
from __future__ import annotations

import os

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def real_pipeline():
    """The project's spaCy pipeline, built as `make nlp` builds it (seconds, only if the glossary
    changed): for tests that serve the real knowledge base, as the action server does."""
    from bot.nlp import PIPELINE_DIR, build_pipeline

    build_pipeline()
    return PIPELINE_DIR
