"""Filters a leader can add in words (free, online, short), and telling a request for oneself
from a question about a topic (finding an item by its name is bot.finder.request.find_item).

Heuristics over the catalogue's own `format` text, which is copied from the verified facts: an
item passes a filter only when its format says so, so a filter never claims more than we know.
"""
from __future__ import annotations

import re

from bot.finder.models import Item

FILTERS = ("free", "online", "short")
_FILTER_WORDS = {
    # "dont cost anything", "costs nothing", "at no cost", "no fees", "without paying"
    "free": re.compile(r"\b(free(?! up\b| time\b| rein\b)|no[- ](?:budget|cost|fees?|charge)|zero cost|without (?:a )?(?:fee|cost|paying)|"
                       r"(?:doesn|don|didn|won|shouldn)'?t cost|costs? (?:us |me )?nothing|for nothing|"
                       r"fully funded|funded places?|(?:not|never) (?:have to )?pay(?:ing)?|(?:can'?t|cannot|can ?not) (?:afford|pay))\b", re.I),
    "online": re.compile(r"\b(online|virtual|remote|from home|e-?learning|self-paced)\b", re.I),
    "short": re.compile(r"\b(short|shorter|quick|quicker|brief|few weeks|not (?:too |as |so )?long|little time|less time|"
                        r"smaller commitment|less of a commitment)\b", re.I),
}
_FREE = re.compile(r"\b(free|fully funded|costs? (?:are )?covered)\b", re.I)
_ONLINE = re.compile(r"\b(online|virtual|webinars?|self-paced)\b", re.I)
# "Short": a stated length of at most three months (or in weeks, days or hours only).
_LENGTH = re.compile(r"(\d+)[\s-]*(month|week|day|hour)s?\b", re.I)
SHORT_MAX_MONTHS = 3


# A sector the leader rules out: "not interested in nhs stuff", "nothing council-run", "non-NHS".
# It is kept as the filter "not-<sector>" for the rest of the conversation.
_SECTOR_WORDS = {"nhs": r"nhs|hospital|health service", "local-government": r"council|local (?:government|authority)",
                 "adult-social-care": r"social care", "childrens-services": r"children'?s services"}
_NOT_SECTOR = re.compile(
    r"\b(?:not|no|nothing|non|anything but|other than|rather than|outside(?: of)?|isn'?t|aren'?t|without)[- ]"
    r"(?:(?:interested|bothered|keen|after|looking) (?:in|for|about) |really |for |from |in |an? |the |(?:any|more) )*"
    r"(?:the )?(" + "|".join(f"(?P<{code.replace('-', '_')}>{words})" for code, words in _SECTOR_WORDS.items()) + r")"
    r"(?:[- ](?:stuff|ones?|things?|programmes?|courses?|run|led|based|people|staff|focused|specific))*\b", re.I)
NOT_SECTOR = "not-"


def parse_filters(text: str) -> set[str]:
    """The filters the leader asked for in `text` ("anything free and online?", "not NHS stuff")."""
    found = {name for name, pattern in _FILTER_WORDS.items() if pattern.search(text or "")}
    for match in _NOT_SECTOR.finditer(text or ""):
        found |= {NOT_SECTOR + code.replace("_", "-") for code, value in match.groupdict().items() if value}
    return found


def ruled_out_sectors(filters) -> set[str]:
    """The sectors a set of filters rules out ({"free", "not-nhs"} -> {"nhs"})."""
    return {name[len(NOT_SECTOR):] for name in filters if name.startswith(NOT_SECTOR)}


_NHS_RUN = re.compile(r"\bnhs\b", re.I)


def _of_ruled_out_sector(item: Item, sector: str) -> bool:
    """True when the entry is that sector's only: for it alone, or, for the NHS, run by it (the NHS
    Leadership Academy's programmes are NHS offers, whatever else they admit)."""
    return item.sectors == (sector,) or (sector == "nhs" and bool(_NHS_RUN.search(item.provider)))


def _is_short(item: Item) -> bool:
    lengths = [(int(n), unit.lower()) for n, unit in _LENGTH.findall(item.format)]
    if not lengths:
        return False
    months = [n for n, unit in lengths if unit == "month"]
    return not months or min(months) <= SHORT_MAX_MONTHS


def passes(item: Item, filters: set[str]) -> bool:
    """True when the item's stated format meets every filter."""
    checks = {"free": lambda: bool(_FREE.search(item.format)),
              "online": lambda: bool(_ONLINE.search(item.format)),
              "short": lambda: _is_short(item)}
    return all(checks[name]() for name in filters if name in checks) and \
        not any(_of_ruled_out_sector(item, sector) for sector in ruled_out_sectors(filters))


_FOR_ME = re.compile(r"\b(for me|suits? me|would suit|i could join|can i join|should i (?:do|join|apply))\b", re.I)
# A request to be pointed somewhere, as opposed to a question about a topic.
_REQUEST = re.compile(
    r"\b(is there|are there|any (?:good )?(?:courses?|programmes?|networks?)|find me|looking for|"
    r"recommend|suggest|where can i|can i (?:get|join|find)|how (?:can|do) i (?:get|find|join)|"
    r"want to (?:meet|find|join|do)|i'?d like (?:a|to))\b", re.I)


def wants_recommendation(text: str) -> bool:
    """True when a leader asks for development for themselves ("I'm a ward manager, is there a
    course for me?"): a request, a wanted kind, and their role or "for me". Such a question is
    better served by the finder than by a general knowledge answer; a question about a topic
    ("are there courses where staff learn together?") stays with the knowledge base."""
    from bot.finder.vocab import parse_role, parse_want

    if not text or text.startswith("/") or parse_want(text) is None or not _REQUEST.search(text):
        return False
    return bool(parse_role(text) or _FOR_ME.search(text))
