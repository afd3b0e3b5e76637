"""Text as the safety patterns read it: lower case, plain apostrophes, text-speak and common typos
spelt out, and split into clauses (so "I'm not in danger, just tired" negates only its own part).

Plain Python and a few regular expressions, no model: it runs on every message.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Text-speak and typos leaders write, word for word (after lower-casing).
_WORDS = {
    "u": "you", "ur": "your", "r": "are", "im": "i'm", "ive": "i've", "ill": None, "id": "i'd",
    "dont": "don't", "cant": "can't", "wont": "won't", "wouldnt": "wouldn't", "couldnt": "couldn't",
    "isnt": "isn't", "doesnt": "doesn't", "didnt": "didn't", "havent": "haven't", "havnt": "haven't",
    "hasnt": "hasn't", "arent": "aren't", "aint": "ain't", "shouldnt": "shouldn't", "wasnt": "wasn't",
    "thats": "that's", "whats": "what's", "wats": "what's", "wat": "what", "wot": "what", "hw": "how",
    "hes": "he's", "shes": "she's", "theres": "there's", "its": "it's",
    "wanna": "want to", "gonna": "going to", "gotta": "got to", "wud": "would", "wld": "would",
    "cud": "could", "shd": "should", "shud": "should", "cn": "can", "wiv": "with", "w": "with",
    "w/": "with", "w/o": "without", "wo": "without", "b4": "before", "bc": "because", "cos": "because",
    "coz": "because", "thru": "through", "nite": "night", "tonite": "tonight", "tmrw": "tomorrow",
    "tmr": "tomorrow", "tomoz": "tomorrow", "2day": "today", "2nite": "tonight", "2moro": "tomorrow",
    "bout": "about", "abt": "about", "agian": "again", "agen": "again", "evry": "every",
    "evry1": "everyone", "every1": "everyone", "evryone": "everyone", "some1": "someone",
    "any1": "anyone", "wnt": "want", "kms": "kill myself", "4ever": "forever", "stresd": "stressed", "stresed": "stressed",
    "stressd": "stressed", "suicidial": "suicidal", "sucidal": "suicidal", "gd": "good", "pt's": "patient's", "pts": "patients", "no1": "no one", "noone": "no one", "teh": "the", "kil": "kill",
    "ppl": "people", "pls": "please", "plz": "please", "thx": "thanks", "ta": "thanks",
    "atm": "at the moment", "rn": "right now", "tbh": "to be honest", "v": "very", "sooo": "so",
    "soo": "so", "realy": "really", "mins": "minutes", "wk": "week", "wks": "weeks", "yr": "year",
    "yrs": "years", "mtg": "meeting", "pt": "patient", "nxt": "next", "n": "and",
    "&": "and", "+": "and", "alredy": "already", "exept": "except", "compleatly": "completely",
    "fone": "phone", "enuf": "enough", "nothin": "nothing", "somethin": "something",
    "anythin": "anything", "everythin": "everything", "goin": "going", "bein": "being",
    "havin": "having", "doin": "doing", "tryin": "trying", "lookin": "looking", "gettin": "getting",
}
# Words whose dropped final g ("thinkin", "cryin") is spelt back; only these, since many words
# (and drug names) end in -in.
_G_DROPPED = {
    "thinkin", "killin", "cuttin", "burnin", "jumpin", "cryin", "copin", "fallin", "feelin", "savin",
    "dreadin", "chasin", "drownin", "bangin", "sleepin", "eatin", "workin", "hurtin", "harmin",
    "endin", "dyin", "livin", "wishin", "hopin", "plannin", "strugglin", "shakin", "sobbin",
    "panickin", "drinkin", "breakin", "losin", "comin", "walkin", "drivin", "takin", "stockpilin",
    "collectin", "givin", "sayin", "writin", "googlin", "researchin", "pullin", "tearin", "runnin",
    "fightin", "firefightin", "freakin", "bleedin", "scratchin", "punchin", "starvin", "hidin",
}
# Key words misspelt by one letter ("suicidle", "overwhlemed") are corrected by a symmetric-delete
# lookup: only words of six letters or more, so short words are never changed.
_KEY_WORDS = (
    "suicide", "suicidal", "overwhelmed", "anxious", "anxiety", "exhausted", "exhaustion", "attacks",
    "panicking", "hopeless", "worthless", "bullied", "bullying", "harassed", "harassment", "stressed",
    "depressed", "struggling", "breakdown", "breaking", "paracetamol", "ibuprofen", "antibiotics",
    "knackered", "shattered", "threatened", "frightened", "terrified", "nightmares", "embarrassment",
    "crying", "sleeping", "tablets", "overdose", "completely", "everyone", "everything", "tomorrow",
    "anymore", "drowning", "killing", "unalive", "goodbye", "goodbyes", "prescription", "medication",
    "diagnosis", "myself", "symptoms", "dressing", "infection", "temperature", "insulin", "morphine",
)
_TOKEN = re.compile(r"[a-z0-9&+/']+(?:-[a-z0-9']+)*|[^a-z0-9&+/'\s]")
_CLAUSE = re.compile(
    r"\s*(?:[.!;:\n]+|,\s*(?=(?:but|just|though|anyway|and i|how|what|what's|why|where|where's|when|which|who|"
    r"so|can you|could you|can i|any|is there|are there|does|do you|should i|should we|tell me|remind me|"
    # A state said after a question: "where can I get some support, feel like I'm drowning".
    r"(?:i )?feel(?:ing)? like|i feel|i'm (?:so |really |just )?(?:exhausted|drowning|struggling|burnt|burned|done|shattered))\b)|"
    r"\s-\s|\bbut\b)\s*"
)


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


@lru_cache(maxsize=1)
def _spelling() -> dict[str, str]:
    table: dict[str, str] = {}
    for word in _KEY_WORDS:
        for variant in _deletes(word):
            table.setdefault(variant, word)
    return table


def _plausible(token: str, word: str) -> bool:
    """A correction keeps the first letter and is not just another form of the same word
    ("trying" is not "crying"; "nightmare" is not "nightmares")."""
    return token[0] == word[0] and token.rstrip("sd") != word.rstrip("sd") and token.rstrip("es") != word.rstrip("es")


@lru_cache(maxsize=4096)
def _correct(token: str) -> str:
    if len(token) < 6 or token in _KEY_WORDS:
        return token
    table = _spelling()
    candidates = [table[token]] if token in table else []  # one letter missing
    for variant in _deletes(token):  # one letter extra, or one changed or swapped
        if variant in _KEY_WORDS:
            candidates.append(variant)
        elif variant in table and len(table[variant]) == len(token):
            candidates.append(table[variant])
    return next((word for word in candidates if _plausible(token, word)), token)


# A digit after one of these is a time or a number ("gone by 4 today", "back at 2"), not text-speak.
_BEFORE_A_NUMBER = frozenset({"by", "at", "till", "til", "until", "before", "after", "from", "around", "about", "or", "and", "to", "past"})
_UNITS = ("year", "yr", "years", "months", "weeks", "days", "pm", "am", "o'clock", "oclock", "hours", "hrs", "mins")


def _word(token: str, following: str, previous: str = "") -> str:
    if token in _WORDS and _WORDS[token] is not None:
        return _WORDS[token]
    if token in _G_DROPPED:
        return token + "g"
    if token in ("2", "4") and following[:1].isalpha() and following not in _UNITS and previous not in _BEFORE_A_NUMBER:
        return "to" if token == "2" else "for"
    return _correct(token)


def normalise(text: str) -> str:
    """Lower-cased text with text-speak and typos spelt out, one space between tokens."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"\bw/o\b", " without ", text)
    text = re.sub(r"\bw/(?=\s|\w)", " with ", text)
    tokens = _TOKEN.findall(text)
    words = [_word(token, tokens[i + 1] if i + 1 < len(tokens) else "", tokens[i - 1] if i else "")
             for i, token in enumerate(tokens)]
    out = " ".join(words)
    out = re.sub(r"\blive 4\b", "live for", out)
    return re.sub(r"\s+([,.!?;:])", r"\1", out)


def clauses(normalised: str) -> list[tuple[str, bool]]:
    """The normalised text cut at sentence ends, "but", and comma-led contrasts or questions
    ("..., just tired", "..., how do I ..."), each with whether it ended in a question mark."""
    parts = _CLAUSE.split(normalised.replace("?", "?\n"))
    out = []
    for part in parts:
        part = part.strip(" ,")
        if part:
            out.append((part.rstrip("? ,"), part.endswith("?")))
    return [(text, asked) for text, asked in out if text]
