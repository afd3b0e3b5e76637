"""Reflective exercises as immutable values, built only by `bot.coaching.loader`.

The loader has already checked every id and reference, so the engine can trust them.
"""
from __future__ import annotations

from dataclasses import dataclass

SCALE_MIN, SCALE_MAX = 1, 5  # every scale step is a 1 to 5 rating (five buttons fit a chat)
STEP_KINDS = ("text", "scale")
NEXT_STEP_KINDS = ("topic", "programme", "network")


@dataclass(frozen=True)
class Scale:
    """The words shown beside 1 (low) and 5 (high)."""

    low: str
    high: str


@dataclass(frozen=True)
class Condition:
    """When a follow-up is asked: the parent's score is within [minimum, maximum]."""

    minimum: int = SCALE_MIN
    maximum: int = SCALE_MAX

    def matches(self, score: int | None) -> bool:
        """True when `score` (None for a text answer) satisfies the condition."""
        if score is None:
            # A text step's follow-up has no bounds to meet; a scale bound needs a score.
            return (self.minimum, self.maximum) == (SCALE_MIN, SCALE_MAX)
        return self.minimum <= score <= self.maximum


@dataclass(frozen=True)
class FollowUp:
    """An extra question asked straight after its parent step when `when` matches."""

    id: str
    prompt: str
    kind: str
    scale: Scale | None
    when: Condition


@dataclass(frozen=True)
class Step:
    """One question of an exercise, with its optional follow-ups."""

    id: str
    prompt: str
    kind: str
    scale: Scale | None = None
    follow_ups: tuple[FollowUp, ...] = ()
    acknowledge: str | None = None  # said after an answer, quoting it as {answer}
    commitment: bool = False  # the answer is a step with a date, kept for a check-in later


@dataclass(frozen=True)
class NextStep:
    """Something to explore after the exercise: a knowledge entry, programme or network."""

    kind: str
    ref: str
    title: str


@dataclass(frozen=True)
class Exercise:
    """A validated reflective exercise from `knowledge/reflections/<id>.yml`."""

    id: str
    title: str
    purpose: str
    draws_on: tuple[str, ...]
    introduction: str
    steps: tuple[Step, ...]
    summary: str
    next_steps: tuple[NextStep, ...]
    keywords: tuple[str, ...] = ()
    file: str = ""

    def question(self, step_id: str) -> Step | FollowUp:
        """The step or follow-up with this id (KeyError names the id when it does not exist)."""
        for step in self.steps:
            if step.id == step_id:
                return step
            for follow_up in step.follow_ups:
                if follow_up.id == step_id:
                    return follow_up
        raise KeyError(f"exercise '{self.id}' has no step '{step_id}'")

    def question_ids(self) -> list[str]:
        """Every step and follow-up id, in the order they could be asked."""
        return [q for step in self.steps for q in (step.id, *(f.id for f in step.follow_ups))]


@dataclass(frozen=True)
class Button:
    """A quick-reply button; `payload` is sent back as the leader's message."""

    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        """The shape Rasa's dispatcher expects."""
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Prompt:
    """The question to ask now; `buttons` is empty for text steps."""

    step_id: str
    text: str
    kind: str
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class Result:
    """A new state and, when the input was refused, an error code (the state is then unchanged)."""

    state: dict
    error: str | None = None
