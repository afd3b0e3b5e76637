"""A request about the leader's own data says whose it is, or is a command."""
import pytest

from bot.understanding.personal import can_be_own_data_request


@pytest.mark.parametrize("text", [
    "show my commitments", "what have I committed to?", "remind me what I agreed to do", "forget me",
    "show commitments", "stop check-ins please", "export my reflections", "/show_journal",
    "can you list my reflections", "what are the things i said id do",
])
def test_requests_about_ones_own_data_can_be(text):
    assert can_be_own_data_request(text)


@pytest.mark.parametrize("text", [
    "why would NHSE ever agree to that", "do councils keep their commitments to the ICB?",
    "how do partners agree what to do next", "what should a board expect from its partners",
])
def test_a_question_naming_no_owner_is_not(text):
    assert not can_be_own_data_request(text)
