"""Programme and peer-network finder: which programmes, networks and mentoring fit a leader.

No Rasa here, and importing the package reads nothing: `get_finder()` loads and validates
knowledge/programmes.yml, networks.yml and support.yml on first call and returns the same
object afterwards. Results hold codes and fields, never sentences; the caller does the wording.

Fit is data: each entry lists the roles it is for (or "any") and the nations it serves, and
`recommend` only ever returns entries whose roles include the leader's role, whose nations
include the leader's nation (an unknown nation is read as England: offers for England or all
four nations) and, for an offer reserved for a group (women, bme), whose group the leader named.

For the understanding step (pure functions, no Rasa, no wording):

- `read_request(text, profile=None, last_list=(), focus=None, finder=None) -> FinderRequest | None`
  reads one message: None when it is not for the finder; otherwise `kind` is "recommend" (asks
  for offers: "something for principal social workers?"), "item" (names one offer, "what's the
  Nye Bevan programme", or points back into `last_list`: "tell me about the second one", "how do
  I join it, is it free"), "move" ("not that one", "the other one": the next entry in
  `last_list` after `focus`) or "profile" (only gives or corrects facts: "I'm in Wales
  actually", "I'm a bloke, why the women leaders network?"). Pass `last_list` only while the
  finder's list (or one entry's details) is the coach's latest answer: after a knowledge answer,
  "tell me more about that" is about that answer, not the list. `facts` holds what the message
  said (role, sector, nation, org_type, want, group), `cleared` what it took back, `profile` the
  given profile updated with both, `item`/`position` the entry meant.
- `recommend_now(profile, finder=None, k=3, exclude=(), keep=None) -> FinderAnswer`: the best
  `k` fitting entries now, and `missing` (role, nation, want still unknown) for "narrow down"
  buttons. `enough(profile)` says whether a profile names enough to recommend at once.
- `find_item(text, finder, prefer=())`: the entry named by its name or an alias, typos forgiven.
"""
from __future__ import annotations

from bot.finder.finder import Finder, rank, why
from bot.finder.loader import FinderError, load_finder_content
from bot.finder.models import Item, Profile, Recommendation, SupportKind
from bot.finder.request import FinderAnswer, FinderRequest, enough, find_item, read_request, recommend_now
from bot.finder.vocab import (
    GROUPS,
    KINDS,
    LEADER_NATIONS,
    NATIONS,
    ORG_TYPES,
    ROLES,
    SECTORS,
    THEMES,
    WANTS,
    parse_group,
    parse_nation,
    parse_org_type,
    parse_role,
    parse_sector,
    parse_want,
)
from bot.reloadable import reloadable

__all__ = [
    "GROUPS", "KINDS", "LEADER_NATIONS", "NATIONS", "ORG_TYPES", "ROLES", "SECTORS", "THEMES",
    "WANTS", "Finder", "FinderAnswer", "FinderError", "FinderRequest", "Item", "Profile",
    "Recommendation", "SupportKind", "enough", "find_item", "get_finder", "load_finder",
    "parse_group", "parse_nation", "parse_org_type", "parse_role", "parse_sector", "parse_want",
    "rank", "read_request", "recommend", "recommend_now", "support_kinds", "why",
]


def load_finder(knowledge_dir: str) -> Finder:
    """Read and validate the finder files in `knowledge_dir` (FinderError lists every problem)."""
    items, supports = load_finder_content(knowledge_dir)
    return Finder(items=items, supports=supports)


@reloadable
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
