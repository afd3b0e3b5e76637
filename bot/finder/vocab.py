"""Controlled vocabularies (code -> human label) and free-text parsers that map to the codes.

The codes are what content files and profiles use; the labels are for callers to show. The
parsers are deliberately conservative: they return None rather than guess, so the caller can ask.
"""
from __future__ import annotations

import re

# Ordered from least to most senior, then the roles that are not a rung on that ladder.
ROLES: dict[str, str] = {
    "first-line-manager": "First-line manager (team leader)",
    "middle-manager": "Middle manager (service manager, head of service)",
    "senior-leader": "Senior leader (assistant director, senior manager)",
    "executive": "Executive (director, chief executive, board member)",
    "clinician": "Clinician (doctor, nurse, therapist)",
    "elected-member": "Elected member (councillor)",
}
SECTORS: dict[str, str] = {
    "nhs": "NHS",
    "local-government": "Local government (council)",
    "adult-social-care": "Adult social care",
    "childrens-services": "Children's services",
    "public-health": "Public health",
    "housing": "Housing",
    "voluntary-sector": "Voluntary and community sector (VCSE)",
    "any": "Any sector",
}
ANY_SECTOR = "any"
WANTS: dict[str, str] = {
    "programme": "A leadership programme or course",
    "network": "A peer network or community",
    "mentor": "A coach, mentor or buddy",
}
KINDS: dict[str, str] = {
    "programme": "Leadership programme",
    "network": "Peer network",
    "mentoring": "Coaching and mentoring",
}
THEMES: dict[str, str] = {
    "system-leadership": "System leadership",
    "compassionate-leadership": "Compassionate and inclusive leadership",
    "place": "Place-based leadership",
    "improvement": "Improvement and change",
    "political-leadership": "Political leadership",
    "diversity": "Diversity and inclusion",
    "leadership-foundations": "Leadership foundations",
    "executive-leadership": "Executive and board leadership",
    "integrated-care": "Integrated care",
    "peer-learning": "Peer support and shared learning",
    "coaching": "Coaching and mentoring",
    "practice-leadership": "Professional practice leadership",
}
NATIONS: dict[str, str] = {
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "uk": "UK-wide",
    "international": "International",
}

# Phrases per code, in priority order: the first code with an un-negated match wins, so more
# specific codes come first (an "assistant director" is not an executive; "adult social care in
# a council" is about social care).
_ROLE_PHRASES: dict[str, tuple[str, ...]] = {
    "elected-member": (r"councill?ors?", r"cllr", r"elected members?", r"council leader",
                       r"leader of the council", r"(?:elected )?mayor", r"cabinet member",
                       r"portfolio holder"),
    "first-line-manager": (r"team leader", r"team lead", r"team manager", r"first[- ]line manager",
                           r"supervisor", r"ward manager", r"shift lead(?:er)?",
                           r"new (?:to )?(?:management|manager)", r"first[- ]time (?:manager|leader)",
                           r"new to leading(?: a team)?", r"(?:just )?started leading a team",
                           r"lead(?:ing)? a (?:small )?team"),
    "middle-manager": (r"middle manager", r"middle management", r"service manager",
                       r"head of service", r"operational manager", r"registered manager",
                       r"service lead", r"programme manager", r"care home manager",
                       r"manage an? (?:care home|nursing home|service|day centre)"),
    "senior-leader": (r"assistant director", r"deputy director", r"associate director",
                      r"senior leaders?", r"senior managers?", r"senior leadership",
                      r"senior (?:nhs|council|social care) (?:leaders?|managers?)"),
    "executive": (r"chief exec(?:utive)?", r"ceo", r"director", r"directors", r"dass", r"dcs",
                  r"board member", r"executive", r"exec", r"non[- ]exec(?:utive)?",
                  r"managing director", r"chair", r"(?:lead|run) (?:an? |the )?(?:\w+ ){0,3}organisation"),
    "clinician": (r"gp", r"general practitioner", r"nurse", r"doctor", r"consultant",
                  r"clinician", r"physio(?:therapist)?", r"therapist", r"midwife",
                  r"paramedic", r"pharmacist", r"surgeon", r"psychiatrist", r"psychologist",
                  r"dentist", r"ahp", r"allied health professional"),
}
_SECTOR_PHRASES: dict[str, tuple[str, ...]] = {
    "childrens-services": (r"childrens? services", r"childrens? social care",
                           r"children and (?:families|young people)", r"early years",
                           r"young people", r"youth services?", r"csc", r"dcs"),
    "public-health": (r"public health", r"dph", r"health protection"),
    "adult-social-care": (r"adult social care", r"social care", r"adult services",
                          r"adult social services", r"asc", r"care homes?", r"home care",
                          r"domiciliary care", r"care provider", r"registered manager", r"dass"),
    "housing": (r"housing", r"housing associations?", r"homelessness", r"social landlord"),
    "voluntary-sector": (r"charity", r"charities", r"vcse", r"vcs", r"third sector",
                         r"voluntary(?: sector| and community sector| organisations?)?",
                         r"not[- ]for[- ]profit", r"community sector", r"social enterprise",
                         r"hospice"),
    "nhs": (r"nhs", r"hospitals?", r"health ?care", r"health service", r"(?:foundation|acute|ambulance|mental health) trust", r"icb", r"integrated care board",
            r"gp", r"gp practice", r"primary care", r"acute", r"mental health trust",
            r"community health services", r"ambulance service"),
    "local-government": (r"councils?", r"local authorit(?:y|ies)", r"local government",
                         r"local gov", r"borough", r"unitary authority", r"la",
                         r"councill?ors?", r"cllr"),
}
_WANT_PHRASES: dict[str, tuple[str, ...]] = {
    "mentor": (r"buddy", r"buddies", r"buddying", r"coach", r"coaching", r"coaches", r"mentors?",
               r"mentoring", r"mentee", r"someone to talk to", r"sounding board", r"one[- ]to[- ]one"),
    "network": (r"peer networks?", r"networks?", r"networking", r"meet(?:ing)? (?:other )?peers",
                r"peers", r"peer support", r"communit(?:y|ies)(?! sector| health)",
                r"community of practice", r"forum", r"other leaders like me", r"people like me"),
    "programme": (r"courses?", r"training", r"programmes?", r"programs?", r"qualifications?",
                  r"msc", r"masters?", r"apprenticeship", r"leadership development",
                  r"workshops?", r"study"),
}
# Words that, just before a phrase, turn it around ("not a course", "don't want a mentor").
_NEGATORS = frozenset({"not", "dont", "never", "without", "isnt", "arent", "nor", "neither",
                       "rather", "instead"})
_NEGATION_WINDOW = 3  # words looked at before a match
# Phrases that contain a trigger word but mean something else.
_IDIOMS = re.compile(r"\bof course\b|\bin training\b")


def _normalise(text: str) -> str:
    """Lower case, apostrophes dropped ("children's" -> "childrens"), other punctuation to spaces."""
    text = text.lower().replace("\u2019", "'").replace("'", "")
    text = _IDIOMS.sub(" ", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _compile(table: dict[str, tuple[str, ...]]) -> list[tuple[str, re.Pattern]]:
    return [(code, re.compile(r"\b(?:" + "|".join(phrases) + r")\b")) for code, phrases in table.items()]


_ROLE_PATTERNS = _compile(_ROLE_PHRASES)
_SECTOR_PATTERNS = _compile(_SECTOR_PHRASES)
_WANT_PATTERNS = _compile(_WANT_PHRASES)


def _negated(text: str, start: int) -> bool:
    before = text[:start].split()[-_NEGATION_WINDOW:]
    return any(word in _NEGATORS for word in before)


def _parse(text: str | None, patterns: list[tuple[str, re.Pattern]]) -> str | None:
    if not text or not isinstance(text, str):
        return None
    clean = _normalise(text)
    for code, pattern in patterns:
        if any(not _negated(clean, match.start()) for match in pattern.finditer(clean)):
            return code
    return None


def parse_role(text: str | None) -> str | None:
    """A code from ROLES for free text ("I'm a GP" -> "clinician"), or None when unsure."""
    return _parse(text, _ROLE_PATTERNS)


def parse_sector(text: str | None) -> str | None:
    """A code from SECTORS (never "any") for free text ("local authority"), or None when unsure."""
    return _parse(text, _SECTOR_PATTERNS)


def parse_want(text: str | None) -> str | None:
    """A code from WANTS for free text ("meet peers" -> "network"), or None when unsure."""
    return _parse(text, _WANT_PATTERNS)
