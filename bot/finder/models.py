"""Plain data for the finder: catalogue items, the four kinds of support, profiles, results."""
from __future__ import annotations

from dataclasses import dataclass

from bot.finder.vocab import NATIONS, ROLES, SECTORS, THEMES, WANTS
from bot.knowledge.models import presented_link


@dataclass(frozen=True)
class Item:
    """One programme, network or mentoring offer, as read from programmes.yml or networks.yml."""

    id: str
    name: str
    provider: str
    kind: str  # a KINDS code
    summary: str
    roles: tuple[str, ...]
    sectors: tuple[str, ...]
    nations: tuple[str, ...]  # empty when the facts do not limit it to particular nations
    format: str
    themes: tuple[str, ...]
    url: str
    source: str
    checked: str  # "YYYY-MM": when the facts behind the entry were gathered
    caution: str | None
    file: str  # relative to the knowledge folder, for messages
    url_kind: str | None = None  # None (the offer's own page) or a URL_KINDS value

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

    def __post_init__(self):
        # A typo in a caller's code would otherwise silently match nothing.
        for field, vocabulary in (("role", ROLES), ("sector", SECTORS), ("want", WANTS),
                                  ("theme", THEMES), ("nation", NATIONS)):
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
