"""Reading a leader's message as a request to the finder, and answering it at once.

`read_request` is pure: it takes the text, what we already know about the leader (a Profile) and
the last list shown, and says whether the message asks for an offer, which facts it gives or
corrects, which catalogue entry it names or points back to ("the second one", "is it free?"),
and whether it moves within the last list ("not that one"). `recommend_now` ranks for a profile
and says which facts would narrow the list further. Neither holds wording: callers do that.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.finder.filters import parse_filters, ruled_out_sectors
from bot.finder.finder import Finder
from bot.finder.models import Item, Profile, Recommendation
from bot.finder.vocab import (
    _KNOWN_WORDS,
    _WORK_PROGRAMMES,
    ORG_SECTORS,
    correct_word,
    normalise,
    parse_group,
    parse_nation,
    parse_not_groups,
    parse_org_type,
    parse_roles,
    parse_sector,
    parse_want,
)

# What a request can say about the leader, in the order the finder would ask for it.
FACTS = ("role", "sector", "nation", "org_type", "want", "group")
NARROWING = ("role", "nation", "want")
SHORT_REQUEST_WORDS = 12
SHORT_FOLLOW_UP_WORDS = 6  # "how much and how long?" needs no "it" to be about the last entry  # the facts offered as buttons to narrow a list down

_REQUEST = re.compile(
    r"\b(?:is there|are there|any|anything|something|find me|looking for|recommend\w*|suggest\w*|"
    r"where can i|where do i|where should i|can i (?:join|apply|go|access|get on)|get onto|"
    r"what(?:'s| is|s)? (?:there|available|on offer) (?:for|in|to|nationally|locally)|what(?:'s| is|s)? available\b|"
    r"what(?:'s| is|s) (?:a|the) (?:good |best |decent |useful |right )?(?:\w+ )?(?:programme|course|network|scheme)|"
    r"wants? (?:\w+ )?(?:training|development|a course|a programme|a mentor|coaching)|"
    r"what (?:leadership |development )?(?:stuff|things|options|opportunities|offers)|"
    r"how (?:can|do) i (?:join|apply|sign up|get (?:on|onto|into|a place))|want (?:a|an|some|to (?:meet|find|join|do|connect))|id like|"
    r"where do (?:\w+ ){1,2}(?:meet|go|find|connect|network)|what should i apply for|(?:programme|course|network|scheme)s?\s*\?|"
    r"options|what can i do|whats out there|what is out there|out there|what (?:leadership )?"
    r"(?:programmes?|courses?|networks?|support|development)|which (?:\w+ )?(?:programme|course|network|scheme)s?|"
    r"for me|someone like me|people like me|should i (?:be|do|join)|help me find|"
    r"what (?:is|are) there|exist|"
    # Asked the way leaders ask one another: "where would I find a mentor", "where do other PCN
    # clinical directors compare notes", "any1 know where home care managers meet up", "what's
    # designed for people heading towards director", "which training is for this", "what's the NHS route".
    r"where (?:would|could|might|should|can|do|does) (?:\w+ ){0,4}?(?:find|get|go|look|meet|join|learn|compare|swap|share)|"
    r"(?:any ?(?:one|body)|any1|anybody) know (?:where|of|if|any)|"
    r"what(?:'s| is|s)? (?:around|designed for|pitched at|aimed at|there for|meant for|best for)|"
    r"which (?:\w+ )?(?:training|course|programme|network|scheme|option)s? (?:is|are|would|should|could|for|suits?)|"
    r"what(?:'s| is|s) the (?:\w+ ){0,2}route|is there (?:a|an) (?:\w+[- ]side )?route|"
    r"what (?:\w+ ){1,4}(?:is|are) (?:there|available|on offer|out there)|^(?:any|ony|owt|anything)\b)\b")
# A kind of offer asked about on its own, at the end: "... around release. courses?"
_KIND_ASKED = re.compile(r"\b(?:programmes?|courses?|networks?|schemes?|training|mentors?|mentoring|coach\w*)\s*\?")
# "how do I get / find / can I get ..." asks for an offer only when it names a kind of one ("how
# can I get a coach through the NHS"), not "how do I get things done" or "can I find the time".
_GET_OR_FIND = re.compile(r"\b(?:how (?:can|do|would|could) i|can i|could i|where (?:can|do) i) (?:get|find|do)\b")
# A want word at the head of a short message: "leadership programmes for principal social workers?"
_NOUN_REQUEST = re.compile(
    r"^(?:(?:a|an|some|any|free|online|good|short)\s+){0,3}(?:\w+\s+){0,2}"
    r"(?:programmes?|courses?|networks?|mentors?|coach(?:ing)?|development|dev|training|support|leadership stuff|learning)\b")
# Words that make a message about a development offer or leadership, even one the catalogue does not
# hold ("the Florence Nightingale scholarship"); without one, and in words the knowledge base does
# not use, a question the classifier sent here is not ours ("whats the best golf course near st andrews").
_OFFER_OR_LEADERSHIP = re.compile(
    r"\b(?:programm?es?|programs?|schemes?|networks?|academ(?:y|ies)|fellowships?|scholarships?|bursar(?:y|ies)|"
    r"leadership|leaders?|training|development|mentor\w*|coach\w*|masterclass(?:es)?|cohorts?|summer schools?|"
    r"peers?|offers?|apprenticeships?|qualifications?|modules?|workshops?)\b", re.IGNORECASE)


def names_an_offer_or_leadership(text: str) -> bool:
    return bool(_OFFER_OR_LEADERSHIP.search(_NOT_OFFERS.sub(" ", text or "")))


# Pointing into the last list by who an entry is for: "the one for first time leaders".
_ONE_FOR = re.compile(r"\bthe (?:one|programme|course|network|scheme)s? (?:for|aimed at|meant for|designed for)\b")
# Courses and training that are no development offer ("the best golf course near st andrews").
_NOT_OFFERS = re.compile(r"\b(?:golf|race|main|water|assault|obstacle|crazy golf|driving) courses?\b|\bcourse of (?:antibiotics|treatment|"
                         r"action|the day|time)\b|\bof course\b|\bin training\b|\btraining (?:run|shoes)\b")


# What a request rules out says nothing of what it asks: "a programme ... rather than classroom theory".
_RULED_OUT = re.compile(r"\b(?:rather than|instead of|as opposed to|not just|not)\s+(?:(?:a|an|the|just|more|some|any)\s+)?(?:\w+\s+)?\w+")


def without_ruled_out(text: str) -> str:
    """The text without what it rules out ("rather than classroom theory", "not another webinar")."""
    return _RULED_OUT.sub(" ", text)


# Questions about the idea rather than a request for one: left to the knowledge base.
_KNOWLEDGE = re.compile(
    r"\b(?:scie|(?<!have )(?<!to )(?<!of )(?<!shouldve )(?<!should've )(?:say|says|said)|evidence|research|why (?:would|do|does|should|is|are)|"
    r"what (?:is|are) (?:a(?! (?:good |best |decent |useful |right )?(?:\w+ )?(?:programme|course|network|scheme)s?\b)|"
    r"the point of|the benefits?)|how does|benefits? of|role of|"
    r"what makes|matter|mentioned|mention|"
    # Whether a kind of offer works: "do place-based leadership programmes work?" asks for evidence.
    r"(?:do|does|did) (?:\w+ ){0,5}(?:programmes?|courses?|networks?|schemes?|training|coaching|mentoring) "
    r"(?:actually |really |even )?(?:work|help|make a difference|pay off|improve)|"
    # What studies and frameworks found or say: the knowledge base's, not an offer's.
    r"(?<!peer )review|(?<!peer )reviews|study|studies|paper|report|findings|found|theory|theories|impact|"
    r"what did (?:it|they|the \w+) (?:find|show|say)|framework|frameworks|competenc\w*|"
    # Whether an approach is sound: "is that a recognised approach?", "is peer support actually recommended".
    r"(?:is|are) (?:that|this|it|these|those|they|(?:[\w-]+ ){0,2}(?:support|buddying|mentoring|coaching|[a-z]+ing)) "
    r"(?:(?:or [\w-]+ ){0,2})?(?:actually |really |even )?(?:a |an )?(?:recognised|recommended|proven|evidence[- ]based|effective|"
    r"established|worth (?:it|doing|the effort))(?! (?:for|to|programmes?|courses?|networks?)\b))\b")
# A question about what something means, involves or allows, whoever it mentions.
_IDEA_QUESTION = re.compile(
    r"\b(?:what (?:does|do|did|would|should|is|are|was|were) (?:\w+ ){0,6}(?:mean|involve|involves|look like|"
    r"achieve|need|require|entail)|(?:is|isnt|is it) (?:it )?(?:ok|okay|alright|acceptable|normal|fine) (?:to|for|if)|"
    r"how (?:do|does|can|should|would|could) (?:i|we|you|they|leaders?|one) (?!(?:get|find|join|apply|sign)\b)|"
    r"what (?:are|is) the (?:main|key|big)|mentioned|mention|covered|cover anything|talk about)\b")
# A message that describes the leader: "actually I'm in Wales", "I'm a bloke", "we're an ICB".
_SELF = re.compile(r"^(?:(?:actually|sorry|sori|soz|apologies|oops|no|nah|naw|nope|oh|well|but|ok|okay|and|hi|hello|btw|fyi|also|"
                   r"(?:i )?should (?:have|of) said|(?:i )?shouldve said|(?:i )?forgot to (?:say|mention)|by the way|for context)\s+)*"
                   r"(?:im|i am|i work|i manage|i lead|i run|were|we are|my role|based in|"
                   r"i m|in|at|from|(?:the|our|my) (?:\w+ )?(?:practice|trust|service|team|home|council|organisation|ward|"
                   r"icb|hospital|charity|unit|hospice|agency|board) (?:is|are|s) (?:in|based in|at))\b")
MAX_FACTS_WORDS = 25  # a message after a list giving facts about the leader, and asking nothing, is read up to this long
_SENIOR_CLINICIAN = re.compile(r"\b(?:experienced|senior|clinical directors?|consultants?|"
                               r"medical directors?|lead (?:nurse|clinician)s?)\b")
_QUESTION_START = re.compile(r"(?:how|what|whats|why|when|where|which|who|does|do|is|are|can|"
                             r"could|should|would|will)\b")
_ASKS_ANYWHERE = re.compile(r"\b(?:how|what|whats|why|when|where|which|who|explain|tell me)\b")
_ORDINALS = {"first": 0, "1st": 0, "top": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2,
             "fourth": 3, "4th": 3, "fifth": 4, "5th": 4, "last": -1}
_ORDINAL_WORD = r"(first|1st|top|second|2nd|third|3rd|fourth|4th|fifth|5th|last)"
# "the second one", "the last option"; a bare "second" only in a short reply ("the second pls"),
# so "first time managing people" is not a pointer.
_ORDINAL = re.compile(_ORDINAL_WORD + r"\s+(?:one|option|programme|course|network|item|entry)\b")
_BARE_ORDINAL = re.compile(r"\b" + _ORDINAL_WORD + r"\b")
_NUMBERED = re.compile(r"\b(?:number|no|option|#)\s*([1-5])\b")
_MOVE = re.compile(r"\b(?:not (?:that|this)(?: one)?|the other(?: one)?|another one|a different one|"
                   r"other one)\b")
# A question about one offer: how to join, its cost, length, timing, who it is for.
_ITEM_QUESTION = re.compile(
    r"\b(?:join|apply|applications?|sign up|get on|enrol|cost|costs|free|fee|fees|pay|pays|paid|"
    r"price|funded|funding|how much|how long|long is|when|still (?:running|going|open|recruiting)|"
    r"recruiting|open to|who (?:is|s|are) (?:it|they|these|those|that) (?:aimed at|for)|who (?:is|s) it for|who can|eligib\w*|meet|meets|online|residential|"
    r"where|format|details|tell me (?:more )?about|more about|what is it|whats it|about it|"
    r"link|website|places|cohort|only for|involve|use it|accept|accepts|take|takes|suitable|any good|"
    r"good for|right for|worth|hours?|how many|time commitment|commitment|certificat\w*|qualifications?|accredit\w*|"
    r"who runs|run by|runs it|branch(?:es)?|grants?|publish\w*|matching|match|what do (?:they|you|the \w+) do|"
    # Fitting it around the job: "can i do it on my phone on nights", "is it part time".
    r"(?:do|fit|study) (?:it|that|this)|on (?:my|a) (?:phone|mobile|tablet)|mobile|on nights|part[- ]time|"
    r"around (?:shifts|work|nights|my job)|in my own time|evenings|weekends)\b")
# Choosing within the last list by what the entries are about: "which of those is about system leadership".
_WHICH_OF = re.compile(r"^(?:(?:and|so|ok|okay|right|but)\s+)*which\s+(?:of\s+(?:those|these|them|the\s+\w+)|one|ones|"
                       r"is|are|programme|course|network)s?\b")
_CHOICE_FILLER = frozenset("which those these them ones about specifically really actually most best more mainly "
                           "programme programmes course courses network networks there their with from that this what "
                           "would should could for".split())
# A short reply to a list that changes one fact: "what about Wales?", "and for nurses", "how about in Scotland".
_WHAT_ABOUT = re.compile(r"(?:(?:what|how) about|and|or|but|ok|okay)\b")
# Asking about several entries, not the one in focus: "any free ones?", "are any of them online?".
_SEVERAL = re.compile(r"\b(?:ones|any of (?:them|those|these)|which of (?:them|those|these)|any)\b")
_ANOTHER = re.compile(r"\b(?:something|anything|one|another|other|else)\b")
_POINTER = re.compile(r"\b(?:it|that one|this one|that|this|them|those|one)\b")
# A question about every entry of the last list: "what do they involve", "how long are they all",
# "how much do those cost" (but "is it free", "the second one" and "any free ones?" are not).
_PLURAL = re.compile(r"\b(?:they|them|those|these|each|both|all (?:of )?(?:them|those|these|three|the)|"
                     r"the (?:two|three|four|five)(?: of (?:them|those|these))?|(?:these|those|the) (?:ones|options|programmes|courses|networks))\b")
_SINGULAR = re.compile(r"\b(?:it|its|it's|that one|this one|the one|which one|which)\b")


@dataclass(frozen=True)
class FinderRequest:
    """What one message says to the finder.

    kind: "recommend" (asks for offers), "item" (names one offer or points back to one in the
    last list), "move" (another one from the last list), "several" (asks the same of every entry
    in the last list: "how long are they?"), or "profile" (only gives or corrects
    facts about the leader, e.g. "I'm in Wales actually"; the caller re-recommends).
    facts: facts read from this message (FACTS keys), corrections included; cleared: profile
    fields the message takes back ("I'm a bloke" clears group "women").
    profile: the given profile updated with facts and cleared. item: the named or pointed-at
    entry. position: its index in the last list, when it came from there.
    """

    kind: str
    profile: Profile
    facts: dict[str, str] = field(default_factory=dict)
    cleared: tuple[str, ...] = ()
    item: Item | None = None
    position: int | None = None

    @property
    def names_enough(self) -> bool:
        """True when the profile says enough to recommend at once (see `enough`)."""
        return enough(self.profile)


@dataclass(frozen=True)
class FinderAnswer:
    """A ranked page for a profile: `missing` lists the NARROWING facts still unknown."""

    recommendations: list[Recommendation]
    exact: bool
    missing: tuple[str, ...]


def enough(profile: Profile) -> bool:
    """A role or level, a kind of support, a nation, a group, a sector or an organisation type."""
    return any(getattr(profile, name) for name in FACTS)


def read_facts(text: str) -> tuple[dict[str, str], tuple[str, ...], str | None]:
    """Facts the text gives, profile fields it takes back, and a second role it names."""
    facts: dict[str, str] = {}
    roles = parse_roles(text)
    if roles:
        facts["role"] = roles[0]
    values = {"sector": parse_sector(text), "nation": parse_nation(text),
              "org_type": parse_org_type(text), "want": parse_want(text), "group": parse_group(text)}
    facts.update({name: value for name, value in values.items() if value})
    if "org_type" in facts and "sector" not in facts:
        facts["sector"] = ORG_SECTORS[facts["org_type"]]
    if facts.get("role") == "elected-member" and "sector" not in facts:
        facts["sector"] = "local-government"  # a councillor works in local government
    cleared: tuple[str, ...] = ()
    not_groups = parse_not_groups(text)
    if not_groups:
        cleared = ("group",)
        if facts.get("group") in not_groups:
            del facts["group"]  # "I'm a bloke, why the women leaders network?"
    also = roles[1] if len(roles) > 1 else None
    # A clinician in a senior post ("an experienced clinical director") is also a senior leader:
    # offers for both come before those for clinicians new to leading.
    if facts.get("role") == "clinician" and also is None and _SENIOR_CLINICIAN.search(normalise(text)):
        also = "senior-leader"
    return facts, cleared, also


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


def _asking_sentence(text: str) -> str:
    """The sentence of `text` that asks: the last one with a question mark, else the whole text
    when it is one sentence, else the last sentence."""
    sentences = [part for part in _SENTENCE_END.split(text.strip()) if part.strip()]
    if len(sentences) <= 1:
        return text
    asking = [part for part in sentences if "?" in part]
    return asking[-1] if asking else sentences[-1]


def read_request(text: str | None, profile: Profile | None = None, last_list: tuple[Item, ...] = (),
                 focus: Item | None = None, finder: Finder | None = None) -> FinderRequest | None:
    """Read `text` as a finder request, or None when it is not one.

    `profile` is what the conversation already knows, `last_list` the entries last shown (in
    order; one entry after a details reply) and `focus` the one last talked about. `finder`
    defaults to get_finder(). Pure apart from loading the catalogue once.
    """
    if not text or not isinstance(text, str) or text.startswith("/"):
        return None
    if finder is None:
        from bot.finder import get_finder

        finder = get_finder()
    profile = profile or Profile()
    clean = _NOT_OFFERS.sub(" ", normalise_for(text, finder))
    facts, cleared, also_role = read_facts(text)
    ruled_out = ruled_out_sectors(parse_filters(clean))
    if facts.get("sector") in ruled_out:  # "no nhs ones pls" names a sector to leave out, not the leader's
        del facts["sector"]
    updated = _update(profile, facts, cleared, also_role)
    if cleared:  # "I'm a bloke, why the women leaders network?": a correction, not a question
        return FinderRequest("profile", updated, facts, cleared)
    item = find_item(text, finder, prefer=last_list) or find_by_provider(text, finder, prefer=last_list, profile=updated) \
        or find_in_list(text, last_list)
    position = last_list.index(item) if item is not None and item in last_list else None

    if last_list and item is None:
        if facts and _WHAT_ABOUT.match(clean):  # "what about Wales?", "and for nurses" after a list
            return FinderRequest("profile", updated, facts, cleared)
        if ruled_out:  # "not interested in nhs stuff": the list again, without them
            return FinderRequest("recommend", updated, facts, cleared)
        if _SEVERAL.search(clean) and parse_filters(clean):  # "any free ones?": the list, filtered
            return FinderRequest("recommend", updated, facts, cleared)
        if facts and _ONE_FOR.search(clean):  # "no, the other one, the one for social care managers"
            from bot.finder.finder import rank

            others = [entry for entry in last_list if entry is not focus] or list(last_list)
            best = rank(others, updated, k=1, broad_first=False)
            if best:
                return FinderRequest("item", updated, facts, cleared, best[0].item, last_list.index(best[0].item))
        if _WHICH_OF.search(clean):  # "which of those is about system leadership specifically"
            chosen = _by_words(clean, last_list)
            if chosen is not None:
                return FinderRequest("item", updated, facts, cleared, chosen, last_list.index(chosen))
        described = _described(clean, finder)
        if described is not None:  # "not that one, the online platform with workspaces": that one
            return FinderRequest("item", updated, facts, cleared, described,
                                 last_list.index(described) if described in last_list else None)
        if _ANOTHER.search(clean) and parse_filters(clean) and not (_ORDINAL.search(clean) or _NUMBERED.search(clean)):
            # "no not that one, something shorter": filtered (but "is the second one free?" asks about that one)
            return FinderRequest("recommend", updated, facts, cleared)
        if _MOVE.search(clean) and not facts:
            current = last_list.index(focus) if focus in last_list else 0
            if len(last_list) > 1:
                nxt = (current + 1) % len(last_list)
                return FinderRequest("move", updated, facts, cleared, last_list[nxt], nxt)
        kind_of_one = _THE_KIND_OF_ONE.search(clean)
        chosen = _by_words(kind_of_one.group(1), last_list) if kind_of_one and not (
            set(kind_of_one.group(1).split()) & (set(_ORDINALS) | _NOT_A_KIND)) else None
        if chosen is not None:  # "how long is the masters one and what does it cost"
            return FinderRequest("item", updated, facts, cleared, chosen, last_list.index(chosen))
        if len(last_list) > 1 and _ITEM_QUESTION.search(clean) and _PLURAL.search(clean) \
                and not (_SINGULAR.search(clean) or _ORDINAL.search(clean) or _NUMBERED.search(clean)):
            return FinderRequest("several", updated, facts, cleared)  # "what do they involve"
        pointed = _pointed(clean, last_list, focus)
        if pointed is not None:
            return FinderRequest("item", updated, facts, cleared, last_list[pointed], pointed)
    if item is None and (last_list or _AN_OFFER_SAID.search(clean)):
        # "I meant the one for aspiring directors of children's services" (but after an answer,
        # "I meant getting care out of hospital" corrects the question, and names no offer)
        item = _described(clean, finder)
    if item is not None:
        return FinderRequest("item", updated, facts, cleared, item, position)
    # Whether it asks about an idea is read in the sentence that asks: "people say I have leadership
    # potential. any programmes for councillors?" sets a scene, then asks for an offer.
    knowledge = bool(_KNOWLEDGE.search(without_ruled_out(_NOT_OFFERS.sub(" ", normalise_for(_asking_sentence(text), finder)))))
    wants = "want" in facts or _wants_something(clean)
    asks = bool(_REQUEST.search(clean) or _NOUN_REQUEST.search(clean) or (wants and _GET_OR_FIND.search(clean))
                or ("want" in facts and _KIND_ASKED.search(text.lower())))
    # A short message naming who they are and what they want is a request in itself:
    # "principal OT in adult services - leadership programme?"
    short = len(clean.split()) <= SHORT_REQUEST_WORDS and "want" in facts and len(facts) > 1
    # Without a kind of offer named, a request is only as strong as its shape: short ("anything
    # for leaders in Scotland?"), or a question that does not start by asking about an idea
    # ("what does it even mean for someone like me ..." is a question, whoever it mentions).
    about_an_idea = bool(_IDEA_QUESTION.search(clean))
    if not knowledge and (asks or short) and (wants or (not about_an_idea and (
            facts or (parse_filters(clean) and not _POINTER.search(clean))))):
        return FinderRequest("recommend", updated, facts, cleared)
    # "AHP lead in an HSCP in Tayside" right after a list: the leader is telling us who they are.
    # Longer, with who or where they are and no question: "naw, am in Aberdeen, Scottish Ambulance
    # Service. yer English ones are nae use" after a list corrects what the list was for.
    answering = (bool(last_list) and "?" not in text and not _QUESTION_START.match(clean)
                 and (len(clean.split()) <= SHORT_REQUEST_WORDS
                      or (bool({"nation", "role", "sector", "org_type"} & set(facts)) and len(clean.split()) <= MAX_FACTS_WORDS)))
    # Saying who they are is news for the finder unless the message goes on to ask something
    # else ("I'm a ward sister, everyone says system leadership, what actually is it"), or it
    # answers the finder's last list.
    asks_otherwise = "?" in text or bool(_ASKS_ANYWHERE.search(clean))
    if (facts or cleared) and not knowledge and (answering or (_SELF.search(clean) and (
            not asks_otherwise or last_list))):
        return FinderRequest("profile", updated, facts, cleared)
    return None


def _wants_something(clean: str) -> bool:
    clean = _WORK_PROGRAMMES.sub(" ", clean)  # "lead a transformation programme" is work
    return bool(re.search(r"\b(?:programmes?|courses?|networks?|mentors?|coach(?:ing)?|leadership "
                          r"(?:development|support|stuff|learning)|development|training|"
                          # Growing into a role: "want something on becoming a systems leader".
                          r"(?:something|anything|help) (?:on|about|for|with) (?:becoming|stepping up|moving up|growing|"
                          r"developing|getting better)|"
                          # A career to grow into: "would like to be a DCS one day", "help me get there".
                          r"(?:would like|'d like|want|wanting|hope|hoping|aspire|aspiring|ambition is|plan|planning) to "
                          r"(?:be|become|move up|step up|progress|move into|get to)\b|(?:help|get) (?:me|us) (?:get )?there|"
                          r"next step in my career|my career|career (?:development|progression|move|step)|"
                          # What is available to someone like them: "what's out there", "what's on offer".
                          r"(?:what's|whats|what is|anything|something) (?:out there|on offer|available)(?! (?:on|about|in the (?:evidence|research)))|"
                          # Other kinds of offer, and applying for one: "national scheme?", "a peer review offer",
                          # "what should I apply for?".
                          r"schemes?|fellowships?|apprenticeships?|(?:an?|any) (?:[\w-]+ ){0,3}offers?(?= *(?:$|\?|for|to|from|that))|"
                          r"(?:what|which \w+) (?:should|could|can|would) i apply (?:for|to)|apply for(?= *(?:$|\?))|get a place on|"
                          # Peers to meet: "where do RMs meet up for peer support", "connect with others doing ...".
                          r"meet up|meet (?:other|others|peers)|connect with (?:others|other \w+|peers|people)|network with|"
                          r"(?:find|meet) (?:peers|others like me|people like me)|someone who gets it|"
                          # Something for a kind of leader: "anything for councillors who want to raise their game".
                          r"(?:anything|something|stuff) (?:for|aimed at|suitable for) (?:someone|people|new \w+|me|us|(?!this\b|it\b)[a-z]+s)\b|"
                          r"(?:anything|something) (?:that (?:isn't|isnt|is not|aren't|wasn't)|not) (?:just |purely |only |solely )?(?:for|aimed at)|"
                          r"free (?:stuff|things|resources|ones|options|places)|"
                          # Peers, an induction, a route up, leadership development in short.
                          r"(?:compare|swap|share) notes|peer support|peers|inductions?|(?:[\w-]+[- ]side )?route (?:to|for|into|up)|"
                          r"(?:nhs|council|clinical|management|leadership)[- ]side route|the \w+ route\s*$|pathway to|top job|"
                          r"stepping (?:into|up)|(?:chief executive|ceo|director|dcs|dass?) material|leadership (?:dev|stuff|support)|"
                          r"build up (?:their|my|our) leadership|something that helps me (?:lead|get better|grow|develop)"
                          r")\b", clean))


def wants_something(text: str) -> bool:
    """True when the message wants an offer: a programme, a network, development, a career to grow into."""
    return _wants_something(text.lower())


# Words for one thing, said either way by leaders and by the catalogue ("the masters one", "MSc").
_SAME_THING = ((re.compile(r"\bm\.?sc\b|\bmasters?\b|\bmaster's\b|\bpostgrad\w*"), "mastersdegree"),
               (re.compile(r"\bapprenticeships?\b"), "apprenticeship"),
               (re.compile(r"\b(?:virtual|remote|e-?learning|online)\b"), "online"),
               (re.compile(r"\b(?:face[- ]to[- ]face|in[- ]person|residential)\b"), "inperson"))


def _same_things(text: str) -> str:
    for pattern, word in _SAME_THING:
        text = pattern.sub(word, text)
    return text


# Pointing into the list by what an entry is: "the masters one", "the online course" (not by its
# place: "the first one", "the other one").
_NOT_A_KIND = frozenset({"other", "last", "same", "next", "previous", "top", "bottom", "middle", "final", "latter",
                         "former", "1st", "2nd", "3rd", "free", "cheaper", "shorter", "right", "wrong"})
_THE_KIND_OF_ONE = re.compile(r"\bthe ([a-z][a-z' -]{2,30}?) (?:one|ones|programme|course|network)\b")


def _by_words(clean: str, last_list: tuple[Item, ...]) -> Item | None:
    """The entry of the list whose name, summary and format share most of the message's words
    (by their first five letters), when one clearly does; None on a tie or no overlap."""
    clean = _same_things(clean)
    words = {word[:5] for word in clean.split() if len(word) > 3 and word not in _CHOICE_FILLER}
    scored = []
    for item in last_list:
        text = _same_things(f"{item.name} {item.summary} {item.format}".lower())
        stems = {token[:5] for token in re.findall(r"[a-z]+", text) if len(token) > 3}
        scored.append((len(words & stems), item))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _pointed(clean: str, last_list: tuple[Item, ...], focus: Item | None) -> int | None:
    """The index in the last list a follow-up points at ("the second one", "is it free?")."""
    match = (_ORDINAL.search(clean) or _NUMBERED.search(clean)
             or (_BARE_ORDINAL.search(clean) if len(clean.split()) <= SHORT_FOLLOW_UP_WORDS else None))
    if match:
        word = match.group(1)
        index = int(word) - 1 if word.isdigit() else _ORDINALS[word]
        if index < len(last_list):
            return index % len(last_list)
    if _ITEM_QUESTION.search(clean) and (_POINTER.search(clean) or len(clean.split()) <= SHORT_FOLLOW_UP_WORDS):
        return last_list.index(focus) if focus in last_list else 0
    return None


def _update(profile: Profile, facts: dict[str, str], cleared: tuple[str, ...],
            also_role: str | None) -> Profile:
    changes = {name: None for name in cleared}
    changes.update(facts)
    if also_role:
        changes["also_role"] = also_role
    elif "role" in facts:
        changes["also_role"] = None
    return replace(profile, **changes) if changes else profile


def recommend_now(profile: Profile, finder: Finder | None = None, k: int = 3,
                  exclude: tuple[str, ...] = (), keep=None) -> FinderAnswer:
    """The best `k` fitting items for `profile` now, whatever is still unknown.

    `exclude` holds ids already shown; `keep(item)` is an extra filter (e.g. "free"). With no
    nation known, only offers serving England or all four nations fit (see Item.serves).
    """
    if finder is None:
        from bot.finder import get_finder

        finder = get_finder()
    ranked = [r for r in finder.recommend(profile, k=len(finder.items)) if r.item.id not in exclude]
    page = [r for r in ranked if keep is None or keep(r.item)][:k]
    missing = tuple(name for name in NARROWING if not getattr(profile, name))
    return FinderAnswer(page, bool(page) and page[0].exact, missing)


# ---- naming one offer ----

_GENERIC = frozenset({"programme", "programmes", "the", "of", "and", "for", "in", "a",
                      "leadership", "network", "networks", "nhs", "lga", "incl", "community"})


def _words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


_INDEXES: dict[int, tuple] = {}  # id(finder) -> (finder, known words, phrases)


def _index(finder: Finder) -> tuple[frozenset[str], tuple[tuple[tuple[str, ...], int, Item], ...]]:
    """Known words (readers' and names'), and every (phrase words, position, item) to look for."""
    cached = _INDEXES.get(id(finder))
    if cached is not None and cached[0] is finder:
        return cached[1], cached[2]
    phrases = []
    known = set(_KNOWN_WORDS)
    for position, item in enumerate(finder.items.values()):
        head = item.name.split("(")[0]
        for phrase in {head, item.name.replace("(", " ").replace(")", " "), *item.aliases}:
            words = tuple(_words(phrase))
            if words and (len(words) > 1 or words[0] not in _GENERIC):
                phrases.append((words, position, item))
                known.update(word for word in words if len(word) > 3)
    phrases.sort(key=lambda entry: (-len(entry[0]), entry[1]))
    if len(_INDEXES) > 8:  # finders built by tests; the real one is built once
        _INDEXES.clear()
    _INDEXES[id(finder)] = (finder, frozenset(known), tuple(phrases))
    return frozenset(known), tuple(phrases)


def normalise_for(text: str, finder: Finder) -> str:
    """The text in lower case with typos of the readers' and the catalogue's words fixed."""
    known, _ = _index(finder)
    words = _words(text.replace("-", " "))
    words = ["executive" if word in ("exec", "execs") else word for word in words]
    return " ".join(correct_word(word, known) for word in words)


# Describing the entry meant instead of naming it: "I meant the international integrated care network".
_DESCRIBED = re.compile(r"\b(?:i meant|i mean|not that one|the other one|the one (?:with|that|about|for|where|run by))\s+"
                        r"(?:the\s+|a\s+|an\s+)?(.{8,})$")
MIN_DESCRIBED_WEIGHT = 3.0  # about two words that few entries use


# What a leader asks to do here rather than join: "I meant could you give me an exercise on it".
_TO_DO_HERE = re.compile(r"\b(?:exercises?|reflect\w*|self[- ]?assess\w*|session plans?|workshop plans?|activit(?:y|ies))\b")


_AN_OFFER_SAID = re.compile(r"\b(?:the|a|an) (?:[\w'-]+ ){0,3}?(?:one|ones|programmes?|courses?|networks?|schemes?|academy|"
                            r"platform|register|fellowship|offer)\b")


def _described(clean: str, finder: Finder) -> Item | None:
    """The entry a message describes after "I meant", "not that one" or "the one with" (or None).
    Something to do here is described by no entry ("I meant could you give me an exercise on it
    to use with my team" is not the peer team visit)."""
    match = _DESCRIBED.search(clean)
    return find_described(match.group(1), finder) if match and not _TO_DO_HERE.search(match.group(1)) else None


def find_described(words: str, finder: Finder) -> Item | None:
    """The entry whose name, provider, summary and format share most of `words`, each word
    weighted by how few entries use it (its first six letters); None unless one clearly leads."""
    import math

    def stems(text: str) -> set[str]:
        return {token[:6] for token in re.findall(r"[a-z]+", text.lower()) if len(token) > 3}

    texts = {item.id: stems(f"{item.name} {item.provider} {item.summary} {item.format}")
             for item in finder.items.values()}
    counts: dict[str, int] = {}
    for item_stems in texts.values():
        for stem in item_stems:
            counts[stem] = counts.get(stem, 0) + 1
    asked = stems(words) - {word[:6] for word in _CHOICE_FILLER}
    total = len(texts)
    scored = sorted(((sum(math.log(total / counts[stem]) for stem in asked & item_stems), item_id)
                     for item_id, item_stems in texts.items()), reverse=True)
    if not scored or scored[0][0] < MIN_DESCRIBED_WEIGHT or (len(scored) > 1 and scored[1][0] * 1.3 > scored[0][0]):
        return None
    return finder.items[scored[0][1]]


def find_item(text: str, finder: Finder, prefer: tuple[Item, ...] = ()) -> Item | None:
    """The entry the text names by its name or an alias ("springboard adass"), or None.

    One in `prefer` (the last list) wins ("does solace have a women's network?" after a list
    with Solace is about Solace); then the longest matching name, then file order. Typos of a
    name's words within one letter are forgiven ("rosalind frankin").
    """
    _, phrases = _index(finder)
    said = f" {normalise_for(text, finder)} "
    matches = []
    for words, _, item in phrases:
        at = said.find(f" {' '.join(words)} ")
        if at >= 0 and not _RULES_OUT_BEFORE.search(said[:at + 1]):
            matches.append(item)
    preferred = [item for item in matches if item in prefer]
    return (preferred or matches or [None])[0]


# A name said to be ruled out: "not nye bevan, something shorter", "anything other than the Q community".
_RULES_OUT_BEFORE = re.compile(r"\b(?:not|no|other than|instead of|rather than|apart from|except|besides|but not)(?: the| a| an)?\s*$")


# Words of a name that point at no one entry of a list ("the leadership one" is not a name).
_LIST_GENERIC = _GENERIC | frozenset({"course", "courses", "scheme", "systems", "system", "integrated", "care", "health",
                                      "social", "leaders", "leader", "national", "development", "academy", "s", "to",
                                      "on", "with", "from", "by", "your", "new", "uk", "england", "association",
                                      "local", "government", "public", "services", "service", "council", "trust"})
# An entry pointed at by a word of its name: "the Q one", "the aspirant thing".
_POINTED = re.compile(r"\bthe (?:[a-z0-9']+ ){1,2}(?:one|thing|programme|course|network|scheme|grants?)\b")


def find_in_list(text: str, last_list: tuple[Item, ...]) -> Item | None:
    """The one entry of the last list a word of whose name (or alias, or provider) the text says,
    in a question about an entry or pointing at one ("who runs the Q one", "How much can the Q
    grants be?" after a list with the Q community); None when no word, or words of several, match."""
    if len(last_list) < 2:
        return None
    said = _words(text)
    lowered = " ".join(said)
    if not (_ITEM_QUESTION.search(lowered) or _POINTED.search(lowered)):
        return None
    names = {}
    for item in last_list:
        head = _PROVIDER_HEAD.sub("", item.provider or "")
        names[item.id] = {word for phrase in (item.name, head, *item.aliases) for word in _words(phrase)} - _LIST_GENERIC
    hits = [item for item in last_list
            if set(said) & (names[item.id] - set().union(*(names[o.id] for o in last_list if o is not item)))]
    return hits[0] if len(hits) == 1 else None


_PROVIDER_HEAD = re.compile(r"\s*(?:\(|;|,|/|\bwith\b|\bon behalf\b|\bsponsored\b|\bdelivered\b).*$")
_PROVIDER_SKIP = frozenset({"the", "nhs", "england"})  # "the NHS" names no one provider


def _provider_phrases(finder: Finder) -> tuple[tuple[tuple[str, ...], Item], ...]:
    phrases = []
    for item in finder.items.values():
        head = _PROVIDER_HEAD.sub("", item.provider or "")
        words = tuple(word for word in _words(head) if word != "the")
        if words and not set(words) <= _PROVIDER_SKIP:
            phrases.append((words, item))
    return tuple(sorted(phrases, key=lambda entry: -len(entry[0])))


def find_by_provider(text: str, finder: Finder, prefer: tuple[Item, ...] = (), profile: Profile | None = None) -> Item | None:
    """The entry the text names by its provider ("the King's Fund one", "the one from the LGA"):
    one in the last list first; otherwise when the text says "the <provider> one" or "from
    <provider>", or asks for a kind of offer and names its provider ("management course for my
    deputy, skills for care"): then the provider's best fit for `profile`, of that kind. A provider
    the text rules out ("not the academy") is not a match."""
    said = f" {normalise_for(text, finder)} "
    matches = []
    for words, item in _provider_phrases(finder):
        phrase = " ".join(words)
        at = said.find(f" {phrase} ")
        if at < 0 or re.search(r"\bnot(?: the)?\s*$", said[:at]):
            continue
        matches.append((item, phrase))
    preferred = [item for item, _ in matches if item in prefer]
    if preferred:
        return preferred[0]
    for item, phrase in matches:
        if re.search(rf"\b(?:the {phrase} one|from (?:the )?{phrase})\b", said):
            return item
    want = parse_want(text)
    if not matches or want is None:
        return None
    from bot.finder.finder import WANT_KINDS, rank

    phrase = matches[0][1]  # the longest provider named
    theirs = [item for item, said_phrase in matches if said_phrase == phrase and WANT_KINDS[want].get(item.kind, 0)]
    best = rank(theirs, replace(profile or Profile(), want=want), k=1)
    return best[0].item if best else None
