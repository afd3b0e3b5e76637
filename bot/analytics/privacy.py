"""Pseudonyms and masking: what trainers see of leaders is never a sender id or a phone number.

`pseudonym(sender_id)` is an HMAC-SHA256 of the sender id keyed with ANALYTICS_SECRET, so the
same leader has the same pseudonym in every report and tag, and nobody without the secret can
turn a pseudonym back into a sender id (or test a guessed one). Without ANALYTICS_SECRET a random
per-process secret is used (with a warning): pseudonyms then still never equal sender ids, but
they change with every process, so tags written under one process cannot be found by the next.

`mask(text)` replaces personal data in what leaders typed: e-mail addresses (also with a
full-width at sign, or spelled out: "priya dot sharma at nhs dot net"), phone numbers (UK shapes,
and any country's valid number found by `phonenumbers`, a leading 00 read as +), NHS numbers
(with a valid Modulus 11 check digit, spaced, hyphenated or dotted), UK postcodes and names where
they can be spotted (after "my name is", "I'm", "call me", a title, a capitalised first and last
name in mid-sentence or before "here"/"speaking", and a surname after a masked first name). It is
deliberately conservative: better an organisation left readable than a leader's words mangled; it
is a safety net, not a guarantee. `tests/eval/masking_*` hold the corpora it is measured on.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
from functools import lru_cache

import phonenumbers

logger = logging.getLogger(__name__)

SECRET_ENV = "ANALYTICS_SECRET"
MIN_SECRET_CHARS = 16
PSEUDONYM_HEX = 20  # 80 bits: no collisions among any realistic number of leaders

EMAIL, PHONE, NHS, POSTCODE, NAME = "[EMAIL]", "[PHONE]", "[NHS NUMBER]", "[POSTCODE]", "[NAME]"


class SecretError(ValueError):
    """ANALYTICS_SECRET is set but too short to key the pseudonyms."""


@lru_cache(maxsize=1)
def _process_secret() -> bytes:
    return secrets.token_bytes(32)


def analytics_secret(environ: dict[str, str] | None = None) -> bytes:
    """The pseudonym key: ANALYTICS_SECRET, or a random per-process one (logged as a warning)."""
    raw = (os.environ if environ is None else environ).get(SECRET_ENV, "")
    if raw:
        if len(raw) < MIN_SECRET_CHARS:
            raise SecretError(f"{SECRET_ENV} must be at least {MIN_SECRET_CHARS} characters long")
        return raw.encode("utf-8")
    if not _warned:
        _warned.append(True)
        logger.warning(
            "%s is not set: pseudonyms use a random key for this process only, so they change on "
            "restart and trainers' tags will not match them later. Set it in production.", SECRET_ENV,
        )
    return _process_secret()


_warned: list[bool] = []


def secret_is_ephemeral(environ: dict[str, str] | None = None) -> bool:
    """True when pseudonyms are keyed with the random per-process secret."""
    return not (os.environ if environ is None else environ).get(SECRET_ENV)


def pseudonym(sender_id: str, secret: bytes | None = None) -> str:
    """The leader's stable pseudonym: 20 hex digits of HMAC-SHA256(secret, sender_id)."""
    key = analytics_secret() if secret is None else secret
    return hmac.new(key, sender_id.encode("utf-8"), hashlib.sha256).hexdigest()[:PSEUDONYM_HEX]


# Masking ---------------------------------------------------------------------------------------

# The at sign in its ASCII, full-width and small forms (phones and some keyboards type them).
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-']+\s?[@＠﹫]\s?[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
# Spelled out, as people write an address to dodge spam filters: "priya dot sharma at nhs dot
# net". The domain must end in a usual top-level label, so "at the end of the day" is left alone.
_SPELT_SEPARATOR = r"\s*(?:\.|_|-|\s(?:dot|underscore|dash|hyphen)\s)\s*"
_SPELT_EMAIL = re.compile(
    r"\b[A-Za-z0-9]+(?:" + _SPELT_SEPARATOR + r"[A-Za-z0-9]+)*"
    r"\s+(?:at|\(at\)|\[at\])\s+"
    r"[A-Za-z0-9\-]+(?:\s*(?:\.|\sdot\s)\s*[A-Za-z0-9\-]+)*\s*(?:\.|\sdot\s)\s*"
    r"(?:com|net|org|uk|ie|gov|nhs|edu|ac|co|io|info|scot|wales|eu|us)\b",
    re.IGNORECASE,
)
# Ten digits, optionally spaced, hyphenated or dotted 3-3-4, not part of a longer number.
_NHS = re.compile(r"(?<![\d+.])(\d{3})[ \-.]?(\d{3})[ \-.]?(\d{4})(?![\d]|\.\d)")
# "0044 7700 900123": an international prefix written 00 instead of +. Replaced by " +" (same
# length, so spans found in the normalised text are spans of the original).
_DOUBLE_ZERO = re.compile(r"(?<![\w+])00(?=[1-9])")
# UK numbers: +44 or 0, then 9 or 10 more digits in any usual grouping (spaces, hyphens, brackets).
_PHONE = re.compile(
    r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\(?0)\d(?:[\s\-\)]{0,2}\d){8,9}(?!\d)"
)
# The official format (outward code, space optional, inward code), any letter case.
_POSTCODE = re.compile(
    r"\b(?:GIR\s?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?)\s?\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
_WORD = r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?"
_MY_NAME = re.compile(r"(?i:\b(?:my name is|my name's|this is|call me)\s+)(" + _WORD + r"(?:\s+" + _WORD + r")?)")
_MY_NAME_LOWER = re.compile(r"(?i:\bmy name(?: is|'s)\s+)([a-z][a-z'\-]+(?:\s+[a-z][a-z'\-]+)?)(?=\s*(?:[.,!?;]|$|\band\b))")
_IM = re.compile(r"\b(?:I'm|I’m|I am|Im)\s+(" + _WORD + r")(?:[ \t]+(" + _WORD + r"))?\b")
# A surname left after a masked first name ("[NAME] Sharma").
_AFTER_NAME = re.compile(r"\[NAME\][ \t]+(" + _WORD + r")\b")
# What follows a name that introduces its owner at the start of a sentence ("Priya Sharma here").
# Words after a pair that make it the name of a thing named after a person ("the Mary Seacole
# programme", "the Virginia Mason approach").
_NAMED_THING = re.compile(
    r"^\s+(?:programmes?|awards?|fund|reports?|review|approach|model|institute|lecture|centre|"
    r"foundation|prize|trust|scheme|framework|method|house|building|ward|unit|hospital|hospice)\b",
    re.IGNORECASE,
)
_INTRODUCES = re.compile(r"^(?:\s+(?:here|speaking)\b|\s*[,(]|\s+[-–—]\s)")
_TITLE = re.compile(r"\b((?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof)\.?)\s+(" + _WORD + r"(?:\s+" + _WORD + r")?)")
_PAIR = re.compile(r"\b(" + _WORD + r")[ \t]+(" + _WORD + r")\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\"“‘(\[*-])\s*$")
_CAPITALISED_BEFORE = re.compile(r"\b[A-Z][\w'-]*\s+$")
_CAPITALISED_AFTER = re.compile(r"^\s+[A-Z]")

# Capitalised words that follow "I'm" without being a name, and words of organisations, places
# and roles that make a capitalised pair something other than a person.
_NOT_A_NAME = {
    "a", "an", "the", "not", "just", "so", "really", "very", "also", "still", "now", "here", "there",
    "sorry", "fine", "ok", "okay", "happy", "glad", "new", "interested", "responsible", "working",
    "going", "trying", "looking", "having", "feeling", "struggling", "worried", "based", "from",
    "in", "at", "on", "with", "for", "about", "currently", "only", "part", "leading", "managing",
    "director", "manager", "head", "chief", "deputy", "lead", "nurse", "doctor", "councillor",
    "consultant", "matron", "chair", "member", "leader", "senior", "junior", "assistant", "associate",
    "clinical", "medical", "executive", "officer", "coordinator", "practitioner", "worker", "gp",
    "care", "health", "healthcare", "social", "mental", "primary", "secondary", "acute", "community",
    "board", "trust", "trusts", "council", "councils", "hospital", "hospitals", "teaching", "university",
    "integrated", "system", "systems", "partnership", "partnerships", "service", "services", "academy",
    "network", "networks", "foundation", "college", "association", "group", "team", "authority",
    "local", "government", "national", "royal", "institute", "department", "ward", "unit", "centre",
    "center", "county", "city", "street", "road", "lane", "avenue", "borough", "district", "region",
    "regional", "england", "scotland", "wales", "ireland", "britain", "london", "north", "south",
    "east", "west", "northern", "southern", "eastern", "western", "central", "greater", "nhs",
    "leadership", "programme", "programmes", "course", "fund", "agency", "commission", "office",
    "practice", "practices", "surgery", "ambulance", "emergency", "public", "adult", "adults",
    "children", "childrens", "family", "families", "housing", "policy", "strategy", "plan",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "christmas", "easter", "winter", "summer", "spring", "autumn",
    "ai", "chat", "coach", "bot", "covid", "brexit", "microsoft", "teams", "zoom", "google",
    "and", "but", "or", "if", "then", "because", "as", "to", "of", "by", "i", "we", "you",
}


def _nhs_number_is_valid(digits: str) -> bool:
    """The NHS Modulus 11 check: weights 10..2 over the first nine digits."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _nhs(match: re.Match) -> str:
    return NHS if _nhs_number_is_valid("".join(match.groups())) else match.group(0)


def _is_name(*words: str) -> bool:
    return all(word.lower() not in _NOT_A_NAME and not word.isupper() for word in words)


def _replace_group(match: re.Match, group: int, replacement: str) -> str:
    start, end = match.span(group)
    whole_start = match.start(0)
    text = match.group(0)
    return text[: start - whole_start] + replacement + text[end - whole_start:]


def _names(text: str) -> str:
    def introduced(match: re.Match) -> str:
        words = match.group(1).split()
        kept = [word for word in words if word.lower() not in _NOT_A_NAME]
        if not kept or kept != words[: len(kept)]:
            return match.group(0)
        return _replace_group(match, 1, NAME) if len(kept) == len(words) else (
            match.group(0).replace(" ".join(kept), NAME, 1))

    def introduced_as(match: re.Match) -> str:
        if not _is_name(match.group(1)):
            return match.group(0)
        last = 2 if match.group(2) and _is_name(match.group(2)) else 1
        return match.string[match.start(0):match.start(1)] + NAME + match.string[match.end(last):match.end(0)]

    text = _MY_NAME.sub(introduced, text)
    text = _MY_NAME_LOWER.sub(lambda m: _replace_group(m, 1, NAME), text)
    text = _IM.sub(introduced_as, text)
    text = _TITLE.sub(lambda m: f"{m.group(1)} {NAME}", text)

    def pair(match: re.Match) -> str:
        before, after = match.string[: match.start()], match.string[match.end():]
        if _SENTENCE_START.search(before) and not _INTRODUCES.match(after):
            return match.group(0)  # "Thanks Sarah" opens a sentence: too often not a name pair
        if _CAPITALISED_BEFORE.search(before) or _CAPITALISED_AFTER.match(after) or _NAMED_THING.match(after):
            return match.group(0)  # three capitalised words in a row: an organisation or a place
        return NAME if _is_name(match.group(1), match.group(2)) else match.group(0)

    text = _PAIR.sub(pair, text)
    return _AFTER_NAME.sub(lambda m: NAME if _is_name(m.group(1)) else m.group(0), text)


def _phones(text: str) -> str:
    """UK numbers by pattern, and any country's valid number, each replaced by [PHONE]."""
    normalised = _DOUBLE_ZERO.sub(" +", text)
    spans = [match.span() for match in _PHONE.finditer(normalised)]
    spans += [
        (found.start, found.end)
        for found in phonenumbers.PhoneNumberMatcher(normalised, "GB", leniency=phonenumbers.Leniency.VALID)
    ]
    for start, end in sorted(_merged(spans), reverse=True):
        if normalised[start:end].startswith(" "):
            start += 1
        if normalised[start] == "+" and text[start] == "0":
            start -= 1  # the whole 00, not the + that stood in for it
        text = text[:start] + PHONE + text[end:]
    return text


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mask(text: str | None) -> str:
    """`text` with e-mails, phone numbers, valid NHS numbers, postcodes and names replaced."""
    if not text:
        return text or ""
    text = _EMAIL.sub(EMAIL, text)
    text = _SPELT_EMAIL.sub(EMAIL, text)
    text = _NHS.sub(_nhs, text)
    text = _phones(text)
    text = _POSTCODE.sub(POSTCODE, text)
    return _names(text)
