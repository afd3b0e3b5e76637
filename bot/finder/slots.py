"""The finder's facts as the conversation keeps them in slots, read back as plain data.

Shared by the finder's actions and the understanding step (both read what the leader has said
so far and which entries were last shown); plain dicts in, finder objects out.
"""
from __future__ import annotations

from typing import Any

from bot import names
from bot.finder.finder import Finder
from bot.finder.models import Item, Profile
from bot.finder.vocab import GROUPS, NATIONS, ORG_TYPES, ROLES, SECTORS, WANTS

# Profile field -> (slot, vocabulary). Each fact the leader gives lands in its slot for the
# whole conversation.
FACT_SLOTS = {"role": (names.FINDER_ROLE_SLOT, ROLES), "sector": (names.FINDER_SECTOR_SLOT, SECTORS),
              "want": (names.FINDER_WANT_SLOT, WANTS), "nation": (names.FINDER_NATION_SLOT, NATIONS),
              "org_type": (names.FINDER_ORG_TYPE_SLOT, ORG_TYPES), "group": (names.FINDER_GROUP_SLOT, GROUPS)}


def known_value(value: Any, vocabulary: dict) -> str | None:
    return value if isinstance(value, str) and value in vocabulary and value != "any" else None


def profile_from(slots: dict[str, Any]) -> Profile:
    """What the conversation knows about the leader (skipped or unknown values left out)."""
    return Profile(**{field: known_value(slots.get(slot), vocabulary)
                      for field, (slot, vocabulary) in FACT_SLOTS.items()})


def last_list(slots: dict[str, Any], finder: Finder) -> tuple[tuple[Item, ...], Item | None]:
    """The entries last shown (in order) and the one last talked about."""
    shown = tuple(finder.items[i] for i in slots.get(names.FINDER_LAST_SLOT) or [] if i in finder.items)
    return shown, finder.items.get(slots.get(names.FINDER_FOCUS_SLOT) or "")
