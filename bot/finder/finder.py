"""The loaded catalogue and its ranking: which programmes and networks fit a leader's profile.

Results carry codes, never sentences, so the dialogue layer owns all wording.
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.finder.models import Item, Profile, Recommendation, SupportKind
from bot.finder.vocab import ANY_SECTOR, NATIONS, ROLES, SECTORS, THEMES, WANTS

# Want -> {item kind: strength}. A leader asking for a mentor is also served by peer networks,
# but a real coaching or mentoring offer comes first.
WANT_KINDS: dict[str, dict[str, int]] = {
    "programme": {"programme": 2},
    "network": {"network": 2},
    "mentor": {"mentoring": 2, "network": 1},
}
# Nations whose offers are open to a leader in any UK nation.
_OPEN_NATIONS = frozenset({"uk", "international"})
# Most users work in England; when the nation is unknown, offers only for these nations give way
# to otherwise equal offers that anyone can use.
_DEVOLVED = frozenset({"wales", "scotland"})
_LABELS = {"want": WANTS, "role": ROLES, "sector": SECTORS, "theme": THEMES, "nation": NATIONS}


@dataclass(frozen=True)
class Finder:
    """Validated items (programmes then networks, in file order) and the four support kinds."""

    items: dict[str, Item]
    supports: tuple[SupportKind, ...]

    def recommend(self, profile: Profile, k: int = 3) -> list[Recommendation]:
        """Up to `k` items, best first; see rank() for the order."""
        return rank(self.items.values(), profile, k)

    def support_kinds(self) -> list[SupportKind]:
        """The four kinds of professional support, in file order, with their examples."""
        return list(self.supports)


def rank(items, profile: Profile, k: int = 3) -> list[Recommendation]:
    """Up to `k` items, best effort even when nothing matches exactly.

    Order: the wanted kind, then availability in the leader's nation (only if given), role
    match, sector match (an exact sector beats 'any'), theme match (only if given), not limited
    to Wales or Scotland (only if the nation is not given), no caution, and finally file order. `score` encodes that order as one number: higher is better, and it
    is only comparable within one call.
    """
    if k <= 0:
        return []
    scored = []
    for position, item in enumerate(items):
        parts, reasons, exact = _match(item, profile)
        score = 0
        for part in parts:  # each part is 0-2, so base 10 keeps the order lexicographic
            score = score * 10 + part
        scored.append((-score, position, Recommendation(item, score, tuple(reasons), exact)))
    scored.sort(key=lambda entry: entry[:2])
    return [recommendation for _, _, recommendation in scored[:k]]


def _match(item: Item, profile: Profile) -> tuple[list[int], list[tuple[str, str]], bool]:
    """Score parts in ranking order, the (field, code) reasons that matched, and exactness."""
    reasons: list[tuple[str, str]] = []
    exact = True

    want = WANT_KINDS[profile.want].get(item.kind, 0) if profile.want else 0
    if profile.want:
        exact &= want > 0
        if want:
            reasons.append(("want", profile.want))

    # Made for the leader's nation (2) beats open or unstated (1) beats limited elsewhere (0).
    nation = 1
    if profile.nation:
        if profile.nation in item.nations:
            nation = 2
        elif item.nations and not _OPEN_NATIONS & set(item.nations):
            nation = 0
        exact &= bool(nation)
        if nation and item.nations:
            reasons.append(("nation", profile.nation))

    role = int(profile.role in item.roles) if profile.role else 0
    if profile.role:
        exact &= bool(role)
        if role:
            reasons.append(("role", profile.role))

    # 'any' fits every sector but ranks just below an offer made for the leader's own sector.
    sector = 0
    if profile.sector:
        if profile.sector in item.sectors:
            sector = 2
            reasons.append(("sector", profile.sector))
        elif ANY_SECTOR in item.sectors:
            sector = 1
            reasons.append(("sector", ANY_SECTOR))
        exact &= sector > 0

    theme = int(profile.theme in item.themes) if profile.theme else 0
    if profile.theme:
        exact &= bool(theme)
        if theme:
            reasons.append(("theme", profile.theme))

    reach = int(bool(profile.nation) or not item.nations or not set(item.nations) <= _DEVOLVED)
    cautions = 1 if item.caution else 0
    return [want, nation, role, sector, theme, reach, 1 - cautions], reasons, exact


def why(recommendation: Recommendation) -> list[str]:
    """The human labels of what matched (e.g. ["Middle manager (...)", "Any sector"])."""
    return [_LABELS[field][code] for field, code in recommendation.reasons]
