"""Plain data for the finder: catalogue items, the four kinds of support, profiles, results."""
from __future__ import annotations

from dataclasses import dataclass

from bot.finder.vocab import ALL_NATIONS, ANY_ROLE, GROUPS, NATIONS, ORG_TYPES, ROLES, SECTORS, THEMES, WANTS
from bot.knowledge.models import presented_link


@dataclass(frozen=True)
class Item:
    """One programme, network or mentoring offer, as read from programmes.yml or networks.yml."""

    id: str
    name: str
    provider: str
    kind: str  # a KINDS code
    summary: str
    roles: tuple[str, ...]  # ROLES codes, ("any",) for every role, () for none of them
    sectors: tuple[str, ...]
    nations: tuple[str, ...]  # the nations it serves; "uk" or "international" means all four
    format: str
    themes: tuple[str, ...]
    url: str
    source: str
    checked: str  # "YYYY-MM": when the facts behind the entry were gathered
    caution: str | None
    file: str  # relative to the knowledge folder, for messages
    url_kind: str | None = None  # None (the offer's own page) or a URL_KINDS value
    groups: tuple[str, ...] = ()  # GROUPS codes it is reserved for; () when open to everyone
    aliases: tuple[str, ...] = ()  # other names leaders use for it ("springboard", "tmp")
    org_types: tuple[str, ...] = ()  # ORG_TYPES codes of the organisations it is for; () when any

    def serves(self, nation: str | None) -> bool:
        """Open to leaders in `nation` (one of LEADER_NATIONS); None is read as England."""
        return bool(ALL_NATIONS & set(self.nations)) or (nation or "england") in self.nations

    def serves_all_nations(self) -> bool:
        return bool(ALL_NATIONS & set(self.nations))

    def fits_role(self, role: str | None) -> bool:
        """Open to `role`; an unknown role (None) fits anything."""
        return role is None or ANY_ROLE in self.roles or role in self.roles

    def open_to(self, group: str | None) -> bool:
        """False for an offer reserved for groups the leader has not said they belong to."""
        return not self.groups or group in self.groups

    def for_organisation(self, org_type: str | None) -> bool:
        """False for an offer meant for other kinds of organisation than the leader's ("Partners in
        Care and Health" connects councils: not for a care home manager); an unknown one fits."""
        return not self.org_types or org_type is None or org_type in self.org_types

    def fits(self, profile: Profile) -> bool:
        """Role, nation, group and organisation all fit: the only items ever recommended to this profile."""
        return (self.fits_role(profile.role) and self.serves(profile.nation)
                and self.open_to(profile.group) and self.for_organisation(profile.org_type))

    def link(self) -> str:
        """The url, introduced as "Provider's home page: <url>" when it is one."""
        return presented_link(self.url, self.url_kind, "Provider")


@dataclass(frozen=True)
class SupportKind:
    """One of SCIE's four kinds of professional support, with its real examples resolved."""

    id: str
    title: str
    explanation: str
    instances: tuple[Item, ...]


@dataclass(frozen=True)
class Profile:
    """What we know about the leader; every field is an optional vocabulary code.

    `theme` and `nation` go beyond role, sector and want: a caller that never sets them gets
    the ranking described in recommend() unchanged.
    """

    role: str | None = None
    sector: str | None = None
    want: str | None = None
    theme: str | None = None
    nation: str | None = None
    group: str | None = None  # a GROUPS code the leader said they belong to or asked for
    org_type: str | None = None  # an ORG_TYPES code; it implies the sector
    also_role: str | None = None  # a second role named in the same request ("with my chief exec")

    def __post_init__(self):
        # A typo in a caller's code would otherwise silently match nothing.
        for field, vocabulary in (("role", ROLES), ("sector", SECTORS), ("want", WANTS),
                                  ("theme", THEMES), ("nation", NATIONS), ("group", GROUPS),
                                  ("org_type", ORG_TYPES), ("also_role", ROLES)):
            value = getattr(self, field)
            if value is not None and value not in vocabulary:
                raise ValueError(f"Profile {field} {value!r} is not a known code; expected one of "
                                 f"{', '.join(vocabulary)} or None")


@dataclass(frozen=True)
class Recommendation:
    """A ranked item: `reasons` are (field, code) pairs that matched, `exact` if all given did."""

    item: Item
    score: int
    reasons: tuple[tuple[str, str], ...]
    exact: bool
