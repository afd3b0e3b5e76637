"""actions/common.py: the shared helpers, and the rules that keep actions/ a set of adapters."""
import ast

import pytest
from rasa_sdk.executor import ActionExecutor

from actions.common import answer_mid_form, is_form_activation, payload, topic_button, yes_no_buttons
from bot.config import ROOT
from tests.actions.conftest import action_event, make_tracker, user_event

ACTIONS = ROOT / "actions"
COVERED = "Where can I find peer support?"  # the tiny knowledge base answers it


def imported_modules(path) -> set[str]:
    """Every module a file imports, absolute names (relative imports resolved inside actions)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = "actions" if node.level else (node.module or "")
            if node.level and node.module:
                base = f"actions.{node.module}"
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def action_modules() -> set[str]:
    return {f"actions.{p.stem}" for p in ACTIONS.glob("*.py") if p.stem != "__init__"}


@pytest.mark.parametrize("path", sorted(ACTIONS.glob("*.py")), ids=lambda p: p.name)
def test_no_action_module_imports_another_except_common(path):
    allowed = {f"actions.{path.stem}"} | ({"actions.common"} if path.stem != "common" else set())
    others = (imported_modules(path) & action_modules()) - allowed
    assert not others, f"{path.name} imports {sorted(others)}: shared helpers belong in actions/common.py"


def test_the_import_check_sees_every_form_of_import(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text("import actions.finder\nfrom actions import journal\nfrom .knowledge import x\n")
    assert {"actions.finder", "actions.journal", "actions.knowledge"} <= imported_modules(module)


def test_the_action_server_registers_exactly_the_domains_actions(domain):
    """Shared bases stay abstract: rasa_sdk registers every concrete Action subclass it finds."""
    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(executor.actions) == set(domain["actions"])


def test_payloads_set_intent_and_entities_directly():
    assert payload("affirm") == "/affirm"
    assert payload("ask_question", {"topic_id": "what-is"}) == '/ask_question{"topic_id": "what-is"}'
    assert topic_button("What is it?", "what-is")["payload"] == '/ask_question{"topic_id": "what-is"}'


def test_yes_no_buttons_take_their_titles_from_the_domain(domain):
    assert yes_no_buttons(domain) == [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]


def test_the_message_that_started_a_form_is_its_activation():
    request = user_event("I want to reflect", "start_reflection")
    assert is_form_activation(make_tracker([request, action_event("action_start_reflection")]))
    assert not is_form_activation(make_tracker([action_event("action_start_reflection"), request]))
    assert not is_form_activation(make_tracker([request, action_event("action_answer_question")]))
    # An answer that went on to start an exercise asked for the form in this turn: still the request.
    followup = {"event": "followup", "timestamp": None, "name": "reflection_form"}
    assert is_form_activation(make_tracker([request, action_event("action_answer_question"), followup]))
    assert not is_form_activation(make_tracker([action_event("action_answer_question"), followup, request]))


@pytest.mark.parametrize(("text", "intent", "confidence", "answered"), [
    (COVERED, "ask_question", 0.97, True),
    (COVERED + "  ", "ask_question", 0.85, True),
    (COVERED, "ask_question", 0.84, False),        # the classifier is not sure enough
    (COVERED.rstrip("?"), "ask_question", 0.97, False),  # no question mark: an answer
    (COVERED, "start_reflection", 0.97, False),
    ("What is the weather on Mars?", "ask_question", 0.97, False),  # not in the knowledge base
])
def test_a_question_mid_form_is_answered_only_when_sure_and_covered(
        tiny_knowledge, dispatcher, domain, text, intent, confidence, answered):
    assert answer_mid_form(dispatcher, domain, tiny_knowledge, text,
                           {"name": intent, "confidence": confidence}) is answered
    assert bool(dispatcher.messages) is answered
    if answered:
        assert dispatcher.messages[0]["text"].startswith("Peer support lets leaders learn")
