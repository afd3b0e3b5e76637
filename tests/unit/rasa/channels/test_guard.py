import pytest

from bot.rasa.channels.guard import BadRequest, parse_rest_body, response_text


@pytest.mark.parametrize(
    "body, message",
    [
        (None, "JSON object"),
        ([1, 2], "JSON object"),
        ("hello", "JSON object"),
        ({"sender": "me"}, '"message" is required'),
        ({"sender": "me", "message": 42}, '"message" is required'),
        ({"sender": "me", "message": "   "}, "must not be empty"),
        ({"sender": "", "message": "hi"}, '"sender" must be a non-empty string'),
        ({"sender": ["me"], "message": "hi"}, '"sender" must be a non-empty string'),
        ({"sender": "x" * 129, "message": "hi"}, "at most 128"),
        ({"sender": "me", "message": "hi", "metadata": [1]}, '"metadata" must be a JSON object'),
    ],
)
def test_bad_bodies_are_rejected_with_a_reason(body, message):
    with pytest.raises(BadRequest, match=message):
        parse_rest_body(body, max_chars=2000)


def test_a_good_body_is_accepted_and_sender_defaults():
    parsed = parse_rest_body({"message": "hello", "metadata": {"cohort": "A"}}, max_chars=2000)
    assert (parsed.sender, parsed.text, parsed.metadata, parsed.too_long) == (
        "default", "hello", {"cohort": "A"}, False,
    )


def test_an_over_long_message_is_flagged_not_rejected():
    assert parse_rest_body({"sender": "me", "message": "a" * 2001}, max_chars=2000).too_long


def test_response_text_fills_placeholders_from_the_domain_response():
    responses = {"utter_x": [{"text": "Under {max_chars} characters, please."}]}
    assert response_text(responses, "utter_x", max_chars="2,000") == "Under 2,000 characters, please."
    with pytest.raises(KeyError):
        response_text(responses, "utter_missing")
