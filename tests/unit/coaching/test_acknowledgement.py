import pytest

from bot.coaching import CoachingError, acknowledgement
from tests.unit.coaching.conftest import good_data, load


def test_an_acknowledgement_quotes_the_answer(tmp_path):
    data = good_data()
    data["steps"][0]["acknowledge"] = 'So what happened was: "{answer}".'
    exercise = load(tmp_path, {"tiny.yml": data})["tiny"]
    assert acknowledgement(exercise, "story", "  the pilot stalled ") == 'So what happened was: "the pilot stalled".'
    assert acknowledgement(exercise, "lesson", "anything") is None


@pytest.mark.parametrize("template", ["No placeholder here.", "Mixed {answer} and {story}."])
def test_an_acknowledgement_must_quote_only_the_answer(tmp_path, template):
    data = good_data()
    data["steps"][0]["acknowledge"] = template
    with pytest.raises(CoachingError, match="field 'acknowledge': expected a sentence that quotes the answer"):
        load(tmp_path, {"tiny.yml": data})
