"""Performance fixes for Rasa 3.6 that change no behaviour; applied when the Rasa server loads our code.

Rasa glue, like bot/channels/ and bot/tracker_store.py. Profiling the production layout under
load (py-spy on a Rasa replica, 8 leaders without pauses) showed almost half of the server's CPU
time in `RemoteAction._validate_action_result`: for every custom action and every form
validation, Rasa calls `jsonschema.validate(result, schema)`, which first checks the large
events schema itself against the JSON Schema meta-schema, then builds a fresh validator. The
schema never changes, so we check it once and reuse one validator: the same checks, the same
`ValidationError` (with Rasa's explanatory message) for a malformed action server response.
"""
from __future__ import annotations

import functools
from typing import Any

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_APPLIED_FLAG = "_coach_cached_validator"
ORIGINAL_VALIDATE_ACTION_RESULT = RemoteAction._validate_action_result


@functools.lru_cache(maxsize=1)
def action_response_validator():
    """One validator for Rasa's action server response schema, the schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result with a cached validator (same result, same error)."""
    try:
        action_response_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from "
            f"the Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error


def apply() -> None:
    """Install the fixes once per process (idempotent)."""
    if getattr(RemoteAction, _APPLIED_FLAG, False):
        return
    RemoteAction._validate_action_result = _validate_action_result
    setattr(RemoteAction, _APPLIED_FLAG, True)
