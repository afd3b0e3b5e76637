"""What the understanding step decides about a message, and the context it decides in."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Route(str, Enum):
    KNOWLEDGE = "knowledge"  # answer from one knowledge entry (target: its id)
    MORE = "more"  # a follow-up: the last entry's longer explanation (target: its id)
    SOURCE = "source"  # "where's that from?": the full references of the last answer (target: its id)
    CATALOGUE = "catalogue"  # one programme or network the leader named (target: its id)
    FINDER = "finder"  # recommend programmes, networks or support
    EXERCISE = "exercise"  # start an exercise (target: its id) or, with no target, offer the menu
    CLOSING = "closing"  # "ok thx, gtg": say goodbye
    GREET = "greet"  # "hiya, ward sister on AMU, 2 mins between bleeps": hello (what they said of themselves is kept)
    ABSTAIN = "abstain"  # nothing grounded fits: say so honestly


@dataclass(frozen=True)
class Context:
    """What the conversation has established, from the `understanding` and `knowledge_entry` slots."""

    last_entry: str | None = None  # the entry answered last
    answered: tuple[str, ...] = ()  # entries answered in this conversation, oldest first
    alternatives: tuple[str, ...] = ()  # the last reading's next-best entries, best first
    more_given: tuple[str, ...] = ()  # entries whose longer explanation was shown
    # The finder's side (bot.finder): what the leader said about themselves, and the entries the
    # coach's latest answer listed (empty unless that answer was the finder's) with the one in focus.
    profile: Any = None
    last_list: tuple = ()
    focus: Any = None
    said_before: str = ""  # the leader's previous message ("our discharge meetings with the council..."), for "them"

    @classmethod
    def from_slots(cls, understanding: Any, knowledge_entry: str | None, **finder: Any) -> Context:
        memory = understanding if isinstance(understanding, dict) else {}

        def ids(key: str) -> tuple[str, ...]:
            value = memory.get(key)
            return tuple(str(item) for item in value) if isinstance(value, list) else ()

        return cls(last_entry=knowledge_entry or None, answered=ids("answered"),
                   alternatives=ids("alternatives"), more_given=ids("more_given"), **finder)


@dataclass(frozen=True)
class Decision:
    """The route for one message, what it points at, and why (logged at DEBUG, printed by make eval)."""

    route: Route
    target: str | None = None
    second: str | None = None  # a second question's entry, answered after the first
    alternatives: tuple[str, ...] = ()  # other entries that fitted, best first (for "that's not what I asked")
    read_as: str = ""  # the message after abbreviations and typos were read
    why: str = ""
    extras: dict[str, Any] = field(default_factory=dict)

    def remembered(self, context: Context, limit: int = 20) -> dict[str, Any]:
        """The `understanding` slot's value after this decision was acted on."""
        answered = list(context.answered)
        more_given = list(context.more_given)
        if self.route is Route.KNOWLEDGE and self.target:
            answered.append(self.target)
            if self.second:
                answered.append(self.second)
        if self.route is Route.MORE and self.target:
            more_given.append(self.target)
        return {"answered": answered[-limit:], "alternatives": list(self.alternatives),
                "more_given": more_given[-limit:], "route": self.route.value, "target": self.target}
