import pytest

from bot.safety import Concern, concern


@pytest.mark.parametrize(
    "text",
    [
        "I'm completely burnt out and can't face work tomorrow",
        "honestly I cannot cope any more",
        "I've been thinking about killing myself",
        "some days I want to end it all",
        "I've been self-harming again",
        "I'm at breaking point with this ICS",
    ],
)
def test_distress_is_recognised(text):
    assert concern(text) is Concern.DISTRESS


@pytest.mark.parametrize(
    "text",
    ["what dose of paracetamol should I take?", "can you diagnose my rash", "which antibiotics for a UTI"],
)
def test_clinical_questions_are_recognised(text):
    assert concern(text) is Concern.CLINICAL


@pytest.mark.parametrize(
    "text",
    [
        "What is system leadership?",
        "How do I lead a medicines optimisation programme across the ICS?",
        "How can leaders influence beyond their own organisation?",
        "What does failing well mean?",
    ],
)
def test_leadership_questions_raise_no_concern(text):
    assert concern(text) is None
