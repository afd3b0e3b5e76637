"""The knowledge base as immutable values: sources, entries and the collection that links them.

Built only by `bot.knowledge.loader.load_knowledge`, which has already checked every reference,
so the lookups here can trust ids and keys.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# `url_kind` values: absent means the url is the entry's own page. "homepage" means no page of
# its own was found and the url is the organisation's home page, which the leader is told.
HOMEPAGE = "homepage"
URL_KINDS = (HOMEPAGE,)


def presented_link(url: str, url_kind: str | None, owner: str) -> str:
    """The link as the leader sees it: a home page is introduced as `owner`'s home page."""
    return f"{owner}'s home page: {url}" if url_kind == HOMEPAGE else url


@dataclass(frozen=True)
class Source:
    """A citable source from `sources.yml`."""

    key: str
    title: str
    organisation: str
    year: int | None
    url: str
    citation: str | None = None
    caution: str | None = None
    url_kind: str | None = None  # None or a URL_KINDS value

    def link(self) -> str:
        """The url, introduced as "organisation's home page: <url>" when it is one."""
        return presented_link(self.url, self.url_kind, "organisation")

    def short(self) -> str:
        """One-line reference: "<title>, <organisation>, <year or n.d.> — <link>"."""
        year = "n.d." if self.year is None else str(self.year)
        return f"{self.title}, {self.organisation}, {year} — {self.link()}"


@dataclass(frozen=True)
class Entry:
    """One knowledge entry (an answer) from `topics/<area>.yml`."""

    id: str
    title: str
    answer: str
    more: str | None
    questions: tuple[str, ...]
    themes: tuple[str, ...]
    related: tuple[str, ...]
    sources: tuple[str, ...]
    file: str


@dataclass(frozen=True)
class GlossaryTerm:
    """A canonical glossary term with its label and synonyms."""

    term: str
    label: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnowledgeBase:
    """Validated entries (in file order), sources by key, and the glossary."""

    entries: dict[str, Entry]
    sources: dict[str, Source]
    glossary: list[GlossaryTerm] = field(default_factory=list)
    # Informal writing: what leaders type (lower case) -> the words it stands for.
    abbreviations: dict[str, str] = field(default_factory=dict)

    def entry(self, entry_id: str) -> Entry:
        """The entry with this id (KeyError names the id when it does not exist)."""
        try:
            return self.entries[entry_id]
        except KeyError:
            raise KeyError(f"no knowledge entry with id '{entry_id}'") from None

    def sources_for(self, entry: Entry) -> list[Source]:
        """The entry's sources, in the order the entry lists them."""
        return [self.sources[key] for key in entry.sources]

    def related_entries(self, entry: Entry) -> list[Entry]:
        """The entries the entry points to, in the order it lists them."""
        return [self.entries[entry_id] for entry_id in entry.related]
