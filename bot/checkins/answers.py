"""What a leader's reply to "How did it go?" means: an outcome, a request to postpone, or neither.

Buttons send plain words ("Done", "Partly", "Not yet", "Skip", "Postpone"); typed replies are
read the same way. Order matters: "partly done" is partly, "not done" is not yet, "I didn't do
it" is not yet, and a postponement is recognised before anything else ("ask me next week").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.checkins.dates import parse_due_date

__all__ = ["DONE", "NOT_YET", "PARTLY", "POSTPONE", "SKIPPED", "Reply", "read_reply"]

DONE, PARTLY, NOT_YET, SKIPPED, POSTPONE = "done", "partly", "not_yet", "skipped", "postpone"

_POSTPONE = re.compile(
    r"\b(?:postpone\w*|put\s+(?:it\s+)?off|ask\s+(?:me\s+)?(?:again\s+)?(?:later|another\s+time|next|in|on|after|at|by|tomorrow)"
    r"|check\s+(?:in\s+)?(?:again\s+)?(?:with\s+me\s+)?(?:later|next|in|on|after|tomorrow)"
    r"|remind\s+me\s+(?:later|next|in|on|after|tomorrow)|not\s+now|another\s+time|come\s+back\s+to\s+(?:it|this)\s+later)\b"
)
_ONLY_LATER = re.compile(r"^(?:maybe\s+|can\s+we\s+do\s+(?:it|this)\s+)?later(?:\s+please)?$")
_SKIP = re.compile(r"\b(?:skip\w*|rather\s+not\s+say|pass|stop|leave\s+it|don'?t\s+want\s+to\s+(?:say|talk))\b")
_PARTLY = re.compile(r"\b(?:partly|partial\w*|some\s+of\s+it|half|a\s+bit|a\s+little|sort\s+of|kind\s+of|started|in\s+progress|part\s+of\s+it|some\s+progress)\b")
_NOT_YET = re.compile(
    r"\b(?:not\s+yet|not\s+done|no|nope|didn'?t|did\s+not|haven'?t|have\s+not|hasn'?t|couldn'?t|wasn'?t\s+able"
    r"|not\s+really|never\s+got|ran\s+out\s+of\s+time|nothing)\b"
)
_DONE = re.compile(
    r"\b(?:done|did\s+(?:it|that)|i\s+did|yes|yep|yeah|completed?|finished|managed|went\s+well|all\s+good|achieved|sorted)\b"
)
# A reply this short that names a date ("next Friday", "in two weeks") is a postponement.
SHORT_DATE_WORDS = 5


@dataclass(frozen=True)
class Reply:
    """`outcome` is one of DONE, PARTLY, NOT_YET, SKIPPED, POSTPONE, or None (not understood);
    `new_date` is the date a postponement names, if it names one."""

    outcome: str | None
    new_date: date | None = None


def _normalise(text: str) -> str:
    return " ".join(str(text).lower().replace("\u2019", "'").replace("-", " ").split()).strip(" .!")


def read_reply(text: str, today: date) -> Reply:
    """Read a reply to the check-in question against `today` (for postponement dates)."""
    words = _normalise(text)
    if not words:
        return Reply(None)
    named = parse_due_date(words, today)
    if named is not None and named <= today:
        named = None  # "ask me today" is no postponement
    if _POSTPONE.search(words) or _ONLY_LATER.match(words):
        return Reply(POSTPONE, named)
    if named is not None and len(words.split()) <= SHORT_DATE_WORDS:
        return Reply(POSTPONE, named)
    for pattern, outcome in ((_SKIP, SKIPPED), (_PARTLY, PARTLY), (_NOT_YET, NOT_YET), (_DONE, DONE)):
        if pattern.search(words):
            return Reply(outcome)
    return Reply(None)
