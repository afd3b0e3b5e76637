"""Controlled vocabularies (code -> human label) and free-text parsers that map to the codes.

The codes are what content files and profiles use; the labels are for callers to show. The
parsers are deliberately conservative: they return None rather than guess, so the caller can ask.
"""
from __future__ import annotations

import re

# Ordered from least to most senior, then the roles that are not a rung on that ladder.
ROLES: dict[str, str] = {
    "aspiring-leader": "Not managing yet (aspiring leader)",
    "first-line-manager": "First-line manager (team leader)",
    "middle-manager": "Middle manager (service manager, head of service)",
    "senior-leader": "Senior leader (assistant director, senior manager)",
    "executive": "Executive (director, chief executive, board member)",
    "clinician": "Clinician (doctor, nurse, therapist)",
    "elected-member": "Elected member (councillor)",
    "practice-leader": "Principal practitioner (principal social worker, AMHP lead, principal OT)",
    "any": "Any role",
}
ANY_ROLE = "any"  # only in content: an offer open to every role
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
    "northern-ireland": "Northern Ireland",
    "uk": "All four UK nations",
    "international": "International (all four UK nations)",
}
# The nations a leader can be in; "uk" and "international" are content codes meaning all four.
LEADER_NATIONS = ("england", "wales", "scotland", "northern-ireland")
ALL_NATIONS = frozenset({"uk", "international"})
# Groups of staff an offer can be reserved for (content `groups`) or a leader can name.
GROUPS: dict[str, str] = {
    "women": "Women leaders",
    "bme": "Black, Asian and minority ethnic leaders",
}
# Kinds of organisation a leader can name; each implies a sector, so the sector is never asked.
ORG_TYPES: dict[str, str] = {
    "icb": "Integrated care board (ICB)",
    "acute-trust": "Acute or hospital trust",
    "community-trust": "Community or mental health trust",
    "gp-practice": "GP practice or primary care network",
    "health-board": "Health board (Wales or Scotland)",
    "hscp": "Health and social care partnership (Scotland)",
    "hsc-trust": "Health and social care trust (Northern Ireland)",
    "council": "Council",
    "care-home": "Care home or care provider",
    "charity": "Charity or voluntary organisation",
}
ORG_SECTORS = {"icb": "nhs", "acute-trust": "nhs", "community-trust": "nhs", "gp-practice": "nhs",
               "health-board": "nhs", "hscp": "adult-social-care", "hsc-trust": "nhs",
               "council": "local-government", "care-home": "adult-social-care",
               "charity": "voluntary-sector"}

# Phrases per code, in priority order: the first entry with an un-negated match wins, so more
# specific phrases come first (an "assistant director" is not an executive; a "clinical director"
# is a clinician; "adult social care in a council" is about social care). A code may appear twice.
_ROLE_PHRASES: list[tuple[str, tuple[str, ...]]] = [
    ("practice-leader", (r"principal social workers?", r"psws?", r"amhp leads?", r"amhp",
                         r"principal (?:ots?|occupational therapists?)", r"senior practitioners?",
                         r"principal practitioners?", r"practice leaders?")),
    ("senior-leader", (r"(?:aspiring|aspirant|would[- ]be|future) (?:\w+ )?(?:directors?|dcs|dass)",
                       r"(?:want|wanting|hope|aiming|aim) to (?:be|become) an? (?:dcs|dass|director)",
                       r"public health consultant", r"consultant in public health")),
    ("clinician", (r"clinical directors?", r"clinical leads?", r"ahp leads?")),
    ("elected-member", (r"councill?ors?", r"cllr", r"elected members?", r"council leader",
                        r"leader of the council", r"(?:elected )?mayor", r"cabinet member",
                        r"portfolio holder")),
    ("aspiring-leader", (r"not (?:managing|leading|line managing) (?:anyone|anybody|people|a team)(?: yet)?",
                         r"aspiring leaders?", r"(?:want|like|hope) to (?:be|become) a leader",
                         r"healthcare assistants?", r"hcas?", r"support workers?",
                         r"care workers?", r"no management experience", r"students?",
                         r"graduates?", r"trainees?", r"not a manager", r"not in management")),
    ("first-line-manager", (r"team leader", r"team lead", r"team manager", r"first[- ]line manager",
                            r"supervisor", r"ward manager", r"ward sister", r"charge nurse",
                            r"shift lead(?:er)?", r"practice manager", r"deputy manager",
                            r"assistant manager", r"senior carer", r"senior care worker", r"ward sisters?",
                            r"new (?:to )?(?:management|managers?|managing)",
                            r"first[- ]time (?:managers?|leaders?|managing)",
                            r"first (?:time )?(?:managing|leadership role|management role)",
                            r"new to leading(?: a team)?", r"(?:just )?started leading a team",
                            r"lead(?:ing)? a (?:small )?team")),
    ("middle-manager", (r"middle managers?", r"middle management", r"service managers?",
                        r"head of \w+", r"operational manager", r"operations manager",
                        r"ops manager", r"registered manager",
                        r"service lead", r"programme manager", r"programme lead", r"care home manager",
                        r"integration lead", r"transformation lead", r"commissioning manager",
                        r"commissioners?", r"locality manager", r"area manager", r"general manager",
                        r"business manager", r"project manager", r"project lead", r"od lead",
                        r"organisational development lead", r"place lead", r"partnerships? lead",
                        r"(?:manage|run) an? (?:[\w-]+ ){0,3}(?:care home|nursing home|residential home|service|day centre)")),
    ("senior-leader", (r"assistant director", r"deputy director", r"associate director", r"ad",
                       r"senior leaders?", r"senior managers?", r"senior leadership",
                       r"senior (?:nhs|council|social care) (?:leaders?|managers?)")),
    ("executive", (r"chief exec(?:utive)?s?", r"ceo", r"coo", r"cfo", r"cno", r"director", r"directors",
                   r"chief (?:nurse|officer|operating officer|finance officer|medical officer)",
                   r"trustee", r"trustees",
                   r"dass", r"dcs", r"dph", r"board member", r"executive", r"exec", r"non[- ]exec(?:utive)?",
                   r"managing director", r"chair",
                   r"(?:lead|run) (?:an? |the )?(?:\w+ ){0,3}(?:organisation|charity|trust)")),
    ("clinician", (r"gp", r"general practitioner", r"nurse", r"doctor", r"consultant",
                   r"clinician", r"physio(?:therapist)?", r"therapist", r"midwife", r"matron",
                   r"paramedic", r"pharmacist", r"surgeon", r"psychiatrist", r"psychologist",
                   r"dentist", r"ahp", r"allied health professional", r"band [5-7]")),
]
_SECTOR_PHRASES: dict[str, tuple[str, ...]] = {
    "childrens-services": (r"childrens? services", r"childrens? social care",
                           r"children and (?:families|young people)", r"early years",
                           r"young people", r"youth services?", r"csc", r"dcs",
                           r"children and families", r"childrens?"),
    "public-health": (r"public health", r"dph", r"health protection"),
    "adult-social-care": (r"adult social care", r"social care", r"adult services",
                          r"adult social services", r"asc", r"care homes?", r"nursing homes?", r"residential homes?", r"home care",
                          r"domiciliary care", r"care provider", r"registered manager", r"dass",
                          r"principal social workers?", r"psws?", r"amhp", r"adass", r"hscp",
                          r"social work(?:er|ers)?"),
    "housing": (r"housing", r"housing associations?", r"homelessness", r"social landlord"),
    "voluntary-sector": (r"charity", r"charities", r"vcse", r"vcs", r"third sector",
                         r"voluntary(?: sector| and community sector| organisations?)?",
                         r"not[- ]for[- ]profit", r"community sector", r"social enterprise",
                         r"hospice"),
    "nhs": (r"nhs", r"hospitals?", r"health ?care", r"health service", r"(?:foundation|acute|ambulance|mental health) trust", r"icb", r"integrated care board",
            r"gp", r"gp practice", r"primary care", r"acute", r"mental health trust",
            r"community health services", r"ambulance service", r"pcns?", r"primary care networks?",
            r"health board", r"(?:nhs|hospital|community|hsc|care) trusts?", r"ics", r"integrated care systems?", r"nurses?", r"ward",
            r"matron", r"clinical", r"band [2-9]"),
    "local-government": (r"councils?", r"local authorit(?:y|ies)", r"local government",
                         r"local gov", r"borough", r"unitary authority", r"la",
                         r"councill?ors?", r"cllr"),
}
# Where the leader works: nations, then places and bodies only found in one nation.
_NATION_PHRASES: dict[str, tuple[str, ...]] = {
    "northern-ireland": (r"northern ireland", r"ni", r"n ireland", r"belfast", r"derry",
                         r"londonderry", r"hsc trusts?", r"hscni", r"(?:southern|western|northern|"
                         r"south eastern|belfast) (?:hsc )?trust", r"ulster", r"armagh", r"newry",
                         r"omagh", r"enniskillen", r"lisburn", r"antrim", r"coleraine", r"craigavon",
                         r"stormont"),
    "scotland": (r"scotland", r"scottish", r"scots", r"glasgow", r"edinburgh", r"aberdeen",
                 r"dundee", r"inverness", r"fife", r"lothian", r"tayside", r"lanarkshire",
                 r"highland", r"grampian", r"ayrshire", r"borders", r"hscps?",
                 r"health and social care partnerships?", r"nhs scotland", r"nes", r"perth",
                 r"stirling", r"dumfries", r"galloway", r"orkney", r"shetland", r"moray", r"angus",
                 r"falkirk", r"paisley", r"renfrewshire", r"dunbartonshire", r"lothians?",
                 r"greater glasgow", r"holyrood", r"cosla", r"iriss"),
    "wales": (r"wales", r"welsh", r"cymru", r"cardiff", r"swansea", r"newport", r"wrexham",
              r"conwy", r"gwynedd", r"powys", r"betsi cadwaladr", r"cwm taf", r"aneurin bevan",
              r"hywel dda", r"nhs wales", r"wlga", r"bangor", r"aberystwyth", r"carmarthen\w*",
              r"pembrokeshire", r"anglesey", r"merthyr", r"bridgend", r"rhondda", r"caerphilly",
              r"llanelli", r"neath", r"monmouthshire", r"glamorgan", r"swansea bay", r"ceredigion",
              r"denbighshire", r"flintshire", r"torfaen", r"blaenau gwent", r"senedd",
              r"social care wales"),
    "england": (r"england", r"english", r"london", r"leeds", r"manchester", r"birmingham",
                r"liverpool", r"bristol", r"sheffield", r"newcastle", r"nottingham", r"leicester",
                r"yorkshire", r"lancashire", r"kent", r"essex", r"devon", r"cornwall",
                r"midlands", r"north east", r"north west", r"south west", r"south east",
                r"east of england", r"nhs england", r"nhse", r"icbs?", r"integrated care boards?",
                r"ccgs?", r"unitary", r"district council", r"borough council", r"county council",
                r"bradford", r"hull", r"york", r"coventry", r"plymouth", r"southampton",
                r"portsmouth", r"brighton", r"norfolk", r"suffolk", r"cumbria", r"durham",
                r"sunderland", r"middlesbrough", r"cambridge\w*", r"oxford\w*", r"surrey",
                r"sussex", r"hampshire", r"dorset", r"somerset", r"gloucestershire", r"wiltshire",
                r"lincolnshire", r"derbyshire", r"staffordshire", r"shropshire", r"cheshire",
                r"merseyside", r"wirral", r"stoke", r"wolverhampton", r"leicestershire",
                r"northumberland", r"teesside", r"humber", r"black country", r"cornwall",
                r"greater manchester", r"west yorkshire", r"herts", r"hertfordshire",
                r"buckinghamshire", r"berkshire", r"derby", r"exeter", r"bath",
                r"nhs trusts? in england", r"cqc"),
}
_GROUP_PHRASES: dict[str, tuple[str, ...]] = {
    "women": (r"women", r"womens", r"woman", r"female", r"females", r"ladies"),
    "bme": (r"bme", r"bame", r"black", r"asian", r"minority ethnic", r"ethnic minorit(?:y|ies)",
            r"global majority", r"people of colou?r", r"racially minoritised"),
}
# A leader saying they are not in a group ("I'm a bloke", "I'm white"): clears that group.
_NOT_GROUP_PHRASES: dict[str, tuple[str, ...]] = {
    "women": (r"(?:im|i am) (?:a )?(?:bloke|man|male|guy|chap|fella|gentleman)",
              r"bloke", r"not a woman", r"im male", r"as a man"),
    "bme": (r"(?:im|i am) white", r"not (?:bme|bame|black|asian)"),
}
_ORG_PHRASES: dict[str, tuple[str, ...]] = {
    "icb": (r"icbs?", r"integrated care boards?", r"ccgs?"),
    "hsc-trust": (r"hsc trusts?", r"health and social care trusts?",
                  r"(?:southern|western|northern|south eastern|belfast) (?:hsc )?trust"),
    "acute-trust": (r"acute(?: \w+)? trusts?", r"acute", r"hospital trusts?", r"hospitals?",
                    r"foundation trusts?", r"outpatients"),
    "community-trust": (r"community trusts?", r"mental health trusts?", r"community health services"),
    "gp-practice": (r"gp practices?", r"gp surgery", r"surgery", r"pcns?", r"primary care networks?",
                    r"gp partner", r"practice manager"),
    "health-board": (r"health boards?", r"betsi cadwaladr", r"nhs lothian", r"nhs fife",
                     r"nhs tayside", r"nhs grampian"),
    "hscp": (r"hscps?", r"health and social care partnerships?"),
    "council": (r"councils?", r"local authorit(?:y|ies)", r"local government", r"local gov",
                r"la", r"borough", r"unitary(?: authority)?", r"county council", r"district council"),
    "care-home": (r"care homes?", r"nursing homes?", r"domiciliary care", r"home care",
                  r"care provider", r"care agency"),
    "charity": (r"charity", r"charities", r"vcse", r"voluntary (?:sector )?organisations?",
                r"third sector", r"social enterprise", r"hospice"),
}
_WANT_PHRASES: dict[str, tuple[str, ...]] = {
    "mentor": (r"buddy", r"buddies", r"buddying", r"coach", r"coaching", r"coaches", r"mentors?",
               r"mentoring", r"mentee", r"someone to talk to", r"sounding board", r"one[- ]to[- ]one"),
    "network": (r"peer networks?", r"networks?", r"networking", r"meet(?:ing)? (?:other )?peers",
                r"peers", r"peer support", r"peer (?:stuff|groups?|circles?|forums?)",
                r"(?<!into the )(?<!in the )(?<!out in the )(?<!to the )communit(?:y|ies)(?! sector| health| trusts?| services?| nurs\w*| teams?| care| hospitals?| mental| "
                r"pharmac\w*| paediatric\w*| matrons?| based| interest| hubs?| diagnostic| rehab\w*| therap\w*)",
                r"community of practice", r"forum", r"other leaders like me", r"people like me",
                # Peers to talk to: "somewhere to chat to other leaders", "where do RMs meet up".
                r"(?:chat|talk|share|moan|vent|connect|swap notes) (?:to|with) (?:other|others|peers|fellow)",
                r"meet up", r"others doing", r"(?:compare|swap|share) notes", r"actual peers"),
    "programme": (r"courses?", r"training", r"programmes?", r"programs?", r"qualifications?",
                  r"msc", r"masters?", r"apprenticeship", r"leadership development",
                  r"masterclass(?:es)?", r"cpd", r"schemes?",
                  r"workshops?", r"study", r"summer school", r"academy", r"certificate",
                  r"(?:free|online|leadership|systems? leadership) learning"),
}
# Words that, just before a phrase, turn it around ("not a course", "don't want a mentor").
_NEGATORS = frozenset({"not", "dont", "never", "without", "isnt", "arent", "nor", "neither",
                       "rather", "instead"})
_NEGATION_WINDOW = 3  # words looked at before a match
# Phrases that contain a trigger word but mean something else.
_IDIOMS = re.compile(r"\bof course\b|\bin training\b")


# Words leaders misspell or shorten that the readers depend on: checked before the readers run,
# so "leadrship progamme" and "registerd manager" are read. Only words absent from this list and
# from the words the readers know are ever corrected, and only to a word the readers know.
_SHORT_FORMS = {"govt": "government", "gov": "government", "mgmt": "management", "mgr": "manager",
                "mgrs": "managers", "dir": "director", "progs": "programmes", "prog": "programme",
                "programmes": "programmes", "programme": "programme", "programs": "programmes",
                "program": "programme", "pls": "please", "plz": "please", "u": "you", "r": "are",
                "execs": "exec", "ceos": "ceo", "frist": "first", "strat": "start",
                "mangers": "managers", "manger": "manager", "progam": "programme"}
_KNOWN_WORDS = frozenset("""
leadership leader leaders leading programme programmes course courses network networks networking
management manager managers managing manage managed director directors executive registered domiciliary
mentor mentoring coaching coach register principal social worker workers council councillor
councils government children childrens services service women womens female nurse nurses clinical
clinician scotland scottish wales welsh ireland northern england english academy foundation
foundations collaborative integrated community communities development practitioner practice
practitioners occupational therapist assistant associate deputy senior first team training
qualification masters apprenticeship workshop summer school international certificate recruiting
voluntary charity hospital trust adult public health housing partnership partnerships system
systems aspiring aspirant springboard franklin seacole jenner bevan anderson garrett rosalind
intersect solace futurenhs confederation academi strategy operations anything something started
start options available suitable
""".split())


MIN_CORRECTED = 7  # shorter words are too often other real words one letter away
# Common English words are never "corrected" into a reader's word ("matters" is not "masters"):
# filled from the English lexeme table by bot.understanding.build_understanding (know_english).
_COMMON_ENGLISH: frozenset[str] = frozenset()


def know_english(words) -> None:
    """Tell the readers which words are common English, so that a typo fix never changes them."""
    global _COMMON_ENGLISH
    _COMMON_ENGLISH = frozenset(words)


def _distance_at_most_one(a: str, b: str) -> bool:
    """True when a and b differ by at most one edit (insert, delete, substitute or swap)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def correct_word(word: str, known: frozenset[str] = _KNOWN_WORDS) -> str:
    """`word` with a short form expanded or a one-edit typo of a known word fixed (else as is)."""
    if word in _SHORT_FORMS:
        return _SHORT_FORMS[word]
    if len(word) < MIN_CORRECTED or word in known or not word.isalpha() or word in _COMMON_ENGLISH:
        return word
    # A swapped or wrong letter first, then a dropped one (the commoner slips), then an extra one.
    candidates = sorted((candidate for candidate in known
                         if abs(len(candidate) - len(word)) <= 1 and _distance_at_most_one(word, candidate)),
                        key=lambda candidate: ({0: 0, 1: 1, -1: 2}[len(candidate) - len(word)], candidate))
    return candidates[0] if candidates else word


def _normalise(text: str) -> str:
    """Lower case, apostrophes dropped ("children's" -> "childrens"), other punctuation to spaces,
    short forms expanded and typos of the readers' words fixed."""
    text = text.lower().replace("\u2019", "'").replace("'", "")
    text = _IDIOMS.sub(" ", text)
    return " ".join(correct_word(word) for word in re.sub(r"[^a-z0-9]+", " ", text).split())


def normalise(text: str | None) -> str:
    """The text as the readers see it (see _normalise); "" for no text."""
    return _normalise(text) if isinstance(text, str) else ""


def _compile(table) -> list[tuple[str, re.Pattern]]:
    pairs = table.items() if isinstance(table, dict) else table
    # A phrase of two or more words also matches its plural ("registered managers", "care homes");
    # a single word keeps its own forms ("I manage nurses" does not make the leader a nurse).
    return [(code, re.compile(r"\b(?:" + "|".join(
        phrase + r"(?:s|es)?" if " " in phrase and phrase[-1].isalpha() else phrase for phrase in phrases) + r")\b"))
        for code, phrases in pairs]


# What an offer should be about, in a leader's words: it only orders the list (after role, nation
# and sector), it is never a fact that makes a message a request, and it lasts one turn.
_THEME_PHRASES: dict[str, tuple[str, ...]] = {
    "system-leadership": (r"systems? leadership", r"systems? (?:stuff|working|leaders?|level|side)",
                          r"(?:work|working|lead|leading|influenc\w*) across (?:orgs|organi[sz]ations|boundaries|the system|"
                          r"agencies|partners|sectors)", r"cross[- ](?:boundary|organi[sz]ational|system|sector)",
                          r"partnership working", r"whole[- ]system"),
    "compassionate-leadership": (r"compassion(?:ate)?", r"inclusive leadership"),
    "place": (r"place[- ]based", r"place leadership", r"place shaping", r"neighbourhoods?", r"localit(?:y|ies)"),
    "improvement": (r"quality improvement", r"improvement", r"\bqi\b", r"change management", r"leading change"),
    "political-leadership": (r"political leadership", r"political", r"politicians?"),
    "diversity": (r"divers(?:e|ity)", r"inclusion", r"equality", r"anti[- ]racis\w+", r"\bedi\b"),
    "leadership-foundations": (r"basics", r"foundations?", r"new to (?:leadership|leading|managing|management)",
                               r"first[- ]time (?:leaders?|managers?)"),
    "executive-leadership": (r"board (?:level|leadership|members?|roles?)", r"executive leadership", r"exec(?:utive)? level"),
    "integrated-care": (r"integrated care", r"integration"),
    "peer-learning": (r"peer learning", r"shared learning", r"action learning", r"learn(?:ing)? from (?:peers|each other|others)"),
}
_ROLE_PATTERNS = _compile(_ROLE_PHRASES)
_THEME_PATTERNS = _compile(_THEME_PHRASES)
_SECTOR_PATTERNS = _compile(_SECTOR_PHRASES)
_WANT_PATTERNS = _compile(_WANT_PHRASES)
_NATION_PATTERNS = _compile(_NATION_PHRASES)
_GROUP_PATTERNS = _compile(_GROUP_PHRASES)
_NOT_GROUP_PATTERNS = _compile(_NOT_GROUP_PHRASES)
_ORG_PATTERNS = _compile(_ORG_PHRASES)


def _negated(text: str, start: int) -> bool:
    before = text[:start].split()[-_NEGATION_WINDOW:]
    return any(word in _NEGATORS for word in before)


def _parse_all(text: str | None, patterns: list[tuple[str, re.Pattern]]) -> list[str]:
    """Every code with an un-negated match, in priority order, each once."""
    if not text or not isinstance(text, str):
        return []
    clean = _normalise(text)
    found: list[str] = []
    for code, pattern in patterns:
        if code not in found and any(not _negated(clean, match.start())
                                     for match in pattern.finditer(clean)):
            found.append(code)
    return found


def _parse(text: str | None, patterns: list[tuple[str, re.Pattern]]) -> str | None:
    found = _parse_all(text, patterns)
    return found[0] if found else None


def parse_role(text: str | None) -> str | None:
    """A code from ROLES for free text ("I'm a GP" -> "clinician"), or None when unsure."""
    return _parse(text, _ROLE_PATTERNS)


def parse_sector(text: str | None) -> str | None:
    """A code from SECTORS (never "any") for free text ("local authority"), or None when unsure."""
    return _parse(text, _SECTOR_PATTERNS)


# A "programme" that is work to lead, not a course to join.
_WORK_PROGRAMMES = re.compile(
    r"\b(?:transformation|change|improvement|work|integration|capital|vaccination|screening|"
    r"delivery|recovery|savings) programmes?\b|\bprogrammes? (?:of work|boards?|managers?|leads?|"
    r"directors?|office)\b|\blead(?:ing)? (?:a|the|our|this) (?:\w+ ){0,3}programmes?\b", re.I)


def parse_want(text: str | None) -> str | None:
    """A code from WANTS for free text ("meet peers" -> "network"), or None when unsure."""
    if isinstance(text, str):
        text = _WORK_PROGRAMMES.sub(" ", text)
    return _parse(text, _WANT_PATTERNS)


def parse_theme(text: str | None) -> str | None:
    """A code from THEMES for what an offer should be about ("working across orgs" ->
    "system-leadership"), or None."""
    if isinstance(text, str):
        text = _WORK_PROGRAMMES.sub(" ", text)
    return _parse(text, _THEME_PATTERNS)


def parse_roles(text: str | None) -> list[str]:
    """Every role the text names in separate words, most specific first ("council leader and
    chief exec" -> elected-member, executive; "assistant director" is one role, not two)."""
    if not text or not isinstance(text, str):
        return []
    clean = _normalise(text)
    found: list[str] = []
    taken: list[tuple[int, int]] = []
    for code, pattern in _ROLE_PATTERNS:
        for match in pattern.finditer(clean):
            span = match.span()
            if _negated(clean, span[0]) or any(span[0] < end and start < span[1] for start, end in taken):
                continue
            taken.append(span)
            if code not in found:
                found.append(code)
    if not found:  # an offer *for* a role in the plural: "anything for GPs", "a network for matrons"
        for match in _FOR_PLURAL.finditer(clean):
            found = parse_roles(match.group(1))
            if found:
                break
    return found


# Who an offer is for, in the plural ("for GPs", "aimed at new nurses"): the singular names the role.
_FOR_PLURAL = re.compile(r"\b(?:for|aimed at|suitable for|designed for|meant for)\s+((?:\w+\s+){0,2}?\w+)s\b")


def parse_nation(text: str | None) -> str | None:
    """One of LEADER_NATIONS for free text ("a charity in Swansea" -> "wales"), or None."""
    return _parse(text, _NATION_PATTERNS)


def parse_group(text: str | None) -> str | None:
    """A code from GROUPS the leader names ("a network for women leaders" -> "women"), or None."""
    return _parse(text, _GROUP_PATTERNS)


def parse_not_groups(text: str | None) -> list[str]:
    """Groups the leader says they are not in ("I'm a bloke" -> ["women"])."""
    return _parse_all(text, _NOT_GROUP_PATTERNS)


def parse_org_type(text: str | None) -> str | None:
    """A code from ORG_TYPES for free text ("at an acute trust" -> "acute-trust"), or None.

    The first organisation the text names is the leader's own: "care home mgr. the hospital
    keeps discharging on a Friday" is a care home."""
    if not text or not isinstance(text, str):
        return None
    clean = _normalise(text)
    found = [(match.start(), code) for code, pattern in _ORG_PATTERNS for match in pattern.finditer(clean)
             if not _negated(clean, match.start())]
    return min(found)[1] if found else None
