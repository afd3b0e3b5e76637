"""The Rasa speed fixes keep Rasa's behaviour: same accepted responses, same errors."""
from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot import rasa_speedups

VALID = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "finder_role", "value": "ward manager"}],
     "responses": [{"text": "Hello", "buttons": [{"title": "Yes", "payload": "/affirm"}]}]},
    {"events": [{"event": "active_loop", "name": "reflection_form"},
                {"event": "followup", "name": "action_listen"}], "responses": []},
    {},
]
INVALID = [
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot"}]},  # a slot event without a name
    {"responses": "hello"},
    [],
]


def _outcome(function, result):
    action = RemoteAction("action_anything", None)
    try:
        return function(action, result)
    except ValidationError as error:
        return ("ValidationError", error.message)


@pytest.mark.parametrize("result", VALID + INVALID)
def test_same_outcome_as_rasa(result):
    assert _outcome(rasa_speedups._validate_action_result, result) == _outcome(
        rasa_speedups.ORIGINAL_VALIDATE_ACTION_RESULT, result
    )


@pytest.mark.parametrize("result", INVALID)
def test_a_malformed_action_response_is_still_refused_with_rasas_explanation(result):
    outcome = _outcome(rasa_speedups._validate_action_result, result)
    assert outcome[0] == "ValidationError"
    assert "Failed to validate Action server response" in outcome[1]


def test_apply_installs_the_fix_once_and_the_tracker_store_applies_it():
    import bot.tracker_store  # noqa: F401  (Rasa imports it from endpoints.yml)

    assert RemoteAction._validate_action_result is rasa_speedups._validate_action_result
    rasa_speedups.apply()
    assert RemoteAction._validate_action_result is rasa_speedups._validate_action_result
