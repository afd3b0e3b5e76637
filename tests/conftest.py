"""Shared fixtures: small factories, no servers (integration tests start their own)."""
from __future__ import annotations

import os

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
