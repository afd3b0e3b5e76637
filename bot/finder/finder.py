"""The loaded catalogue and its ranking: which programmes and networks fit a leader's profile.

Results carry codes, never sentences, so the dialogue layer owns all wording.
"""
from __future__ import annotations

from dataclasses import dataclass

from bot.finder.models import Item, Profile, Recommendation, SupportKind
from bot.finder.vocab import ANY_ROLE, ANY_SECTOR, GROUPS, NATIONS, ROLES, SECTORS, THEMES, WANTS

# Want -> {item kind: strength}. A leader asking for a mentor is also served by peer networks,
# but a real coaching or mentoring offer comes first.
WANT_KINDS: dict[str, dict[str, int]] = {
    "programme": {"programme": 2},
    "network": {"network": 2},
    "mentor": {"mentoring": 2, "network": 1},
}
_LABELS = {"want": WANTS, "role": ROLES, "sector": SECTORS, "theme": THEMES, "nation": NATIONS,
           "group": GROUPS}
FOCUSED_ROLES = 3  # an offer listing at most this many roles is made for them
DEVOLVED = frozenset({"wales", "scotland", "northern-ireland"})


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


def rank(items, profile: Profile, k: int = 3, broad_first: bool = True) -> list[Recommendation]:
    """Up to `k` items that fit the profile (Item.fits: role, nation and group), best first.

    Nothing that fails the role, nation or group is ever returned: an offer for one nation is
    never made to a leader in another, and an unknown nation is read as England (offers for all
    four nations or England). Order: made for the leader's devolved nation, the wanted kind,
    the leader's group, the role named in the offer (over "any role"; with the role unknown, an
    offer open to any role or to many), what the leader wants it to be about (only if said), sector
    (exact beats 'any', and either beats another sector's offer), an offer focused on few roles,
    made for the leader's own nation,
    a second role named, no caution, and finally file order. `broad_first=False` drops the
    preference for broad offers when the role is unknown: "the one for social care managers"
    points at the offer made for them. `score` encodes that order as one number: higher is better, and it is
    only comparable within one call.
    """
    if k <= 0:
        return []
    scored = []
    for position, item in enumerate(items):
        if not item.fits(profile):
            continue
        parts, reasons, exact = _match(item, profile, broad_first)
        score = 0
        for part in parts:  # each part is 0-2, so base 10 keeps the order lexicographic
            score = score * 10 + part
        scored.append((-score, position, Recommendation(item, score, tuple(reasons), exact)))
    scored.sort(key=lambda entry: entry[:2])
    return [recommendation for _, _, recommendation in scored[:k]]


def _match(item: Item, profile: Profile, broad_first: bool = True) -> tuple[list[int], list[tuple[str, str]], bool]:
    """Score parts in ranking order, the (field, code) reasons that matched, and exactness."""
    reasons: list[tuple[str, str]] = []
    exact = True

    # Made for the leader's own devolved nation comes first: so few offers are, and a leader in
    # Scotland asking "anything for me?" should see Project Lift before UK-wide offers.
    home = 0
    if profile.nation in DEVOLVED and profile.nation in item.nations:
        home = 1
        reasons.append(("nation", profile.nation))

    want = WANT_KINDS[profile.want].get(item.kind, 0) if profile.want else 0
    if profile.want:
        exact &= want > 0
        if want:
            reasons.append(("want", profile.want))

    group = int(profile.group in item.groups) if profile.group else 0
    if group:
        reasons.append(("group", profile.group))

    role = focus = 0
    if profile.role:
        role = 2 if profile.role in item.roles else 1  # else "any role": fits() let it through
        focus = int(role == 2 and len(item.roles) <= FOCUSED_ROLES)
        reasons.append(("role", profile.role if role == 2 else ANY_ROLE))
    elif broad_first:  # the role unknown: an offer open to most leaders before one made for a few ("free leadership course")
        role = int(ANY_ROLE in item.roles or len(item.roles) > FOCUSED_ROLES)

    nation = int(bool(profile.nation) and profile.nation in item.nations)
    if nation and not home:
        reasons.append(("nation", profile.nation))

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

    # What the offer is about orders the list; an offer about something else still fits.
    theme = int(profile.theme in item.themes) if profile.theme else 0
    if theme:
        reasons.append(("theme", profile.theme))

    also = int(bool(profile.also_role) and profile.also_role in item.roles)
    cautions = 1 if item.caution else 0
    return [home, want, group, role, theme, sector, focus, nation, also, 1 - cautions], reasons, exact


def why(recommendation: Recommendation) -> list[str]:
    """The human labels of what matched (e.g. ["Middle manager (...)", "Any sector"])."""
    return [_LABELS[field][code] for field, code in recommendation.reasons]
