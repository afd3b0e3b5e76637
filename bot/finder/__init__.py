"""Programme and peer-network finder: which programmes, networks and mentoring fit a leader.

No Rasa here, and importing the package reads nothing: `get_finder()` loads and validates
knowledge/programmes.yml, networks.yml and support.yml on first call and returns the same
object afterwards. Results hold codes and fields, never sentences; the caller does the wording.
"""
from __future__ import annotations

from functools import lru_cache

from bot.finder.finder import Finder, rank, why
from bot.finder.loader import FinderError, load_finder_content
from bot.finder.models import Item, Profile, Recommendation, SupportKind
from bot.finder.vocab import (
    KINDS,
    NATIONS,
    ROLES,
    SECTORS,
    THEMES,
    WANTS,
    parse_role,
    parse_sector,
    parse_want,
)

__all__ = [
    "KINDS", "NATIONS", "ROLES", "SECTORS", "THEMES", "WANTS", "Finder", "FinderError", "Item",
    "Profile", "Recommendation", "SupportKind", "get_finder", "load_finder", "parse_role",
    "parse_sector", "parse_want", "rank", "recommend", "support_kinds", "why",
]


def load_finder(knowledge_dir: str) -> Finder:
    """Read and validate the finder files in `knowledge_dir` (FinderError lists every problem)."""
    items, supports = load_finder_content(knowledge_dir)
    return Finder(items=items, supports=supports)


@lru_cache(maxsize=4)
def get_finder(knowledge_dir: str | None = None) -> Finder:
    """Load and validate the finder content once per process (FinderError if invalid).

    `knowledge_dir` defaults to the KNOWLEDGE_DIR setting.
    """
    from bot.config import Settings

    return load_finder(knowledge_dir or Settings.from_environ().knowledge_dir)


def recommend(profile: Profile, k: int = 3, finder: Finder | None = None) -> list[Recommendation]:
    """Up to `k` items for `profile`, best first (default: the finder from get_finder())."""
    return (finder or get_finder()).recommend(profile, k)


def support_kinds(finder: Finder | None = None) -> list[SupportKind]:
    """SCIE's four kinds of professional support with their example items resolved."""
    return (finder or get_finder()).support_kinds()
