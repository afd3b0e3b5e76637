"""Safety checks that run before any coaching answer, whatever the intent classifier said.

The NLU model routes distress and clinical questions to their own replies; these patterns are a
second line, so a misclassified "I can't cope" or "what dose should I take" never gets a
leadership answer. They are deliberately simple and err on the side of signposting support.
"""
from __future__ import annotations

import re
from enum import Enum


class Concern(str, Enum):
    DISTRESS = "distress"
    CLINICAL = "clinical"


_DISTRESS = re.compile(
    r"\b("
    r"can(?:no|')?t\s+cope|cannot\s+cope|not\s+coping|burn(?:ed|t)[\s-]?out|"
    r"kill(?:ing)?\s+my\s*self|end\s+(?:it\s+all|my\s+life)|suicid\w*|self[\s-]?harm\w*|"
    r"harm(?:ing)?\s+my\s*self|hurt(?:ing)?\s+my\s*self|don'?t\s+want\s+to\s+(?:be\s+here|live|go\s+on)|"
    r"want\s+to\s+die|breaking\s+point|falling\s+apart|break\s*down|hopeless|can'?t\s+go\s+on"
    r")\b",
    re.IGNORECASE,
)
_CLINICAL = re.compile(
    r"\b("
    r"diagnos\w*|dosage|dose|doses|mg|milligrams?|prescri\w*|medication|medicine|tablets?|"
    r"antibiotics?|paracetamol|ibuprofen|symptoms?|rash|chest\s+pain|treat\s+my|my\s+(?:rash|pain|symptoms)"
    r")\b",
    re.IGNORECASE,
)
# Leadership questions may mention medicines management or diagnosis services as a topic.
_LEADERSHIP_CONTEXT = re.compile(
    r"\b(lead\w*|system|integrat\w*|partner\w*|service|pathway|commission\w*|workforce|ics|icb)\b",
    re.IGNORECASE,
)


def concern(text: str) -> Concern | None:
    """The safety concern the leader's words raise, if any (distress first)."""
    if _DISTRESS.search(text):
        return Concern.DISTRESS
    if _CLINICAL.search(text) and not _LEADERSHIP_CONTEXT.search(text):
        return Concern.CLINICAL
    return None
