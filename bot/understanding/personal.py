"""Whether a message can be a request about the leader's own data (their reflections, their
commitments, their check-ins, forgetting them).

The classifier sometimes hears such a request in an ordinary question ("why would NHSE ever
agree to that" sounds like "remind me what I agreed to"). A request about one's own data always
says whose it is ("my", "I", "me") or is a bare command ("show commitments", "stop check-ins");
a message that does neither is a question for the understanding step instead.
"""
from __future__ import annotations

import re

_FIRST_PERSON = re.compile(r"\b(?:i|me|my|mine|myself|i'?m|i'?ve|i'?d|i'?ll|ive|id|im)\b", re.IGNORECASE)
_COMMAND = re.compile(
    r"^\s*(?:please\s+|can you\s+|could you\s+|pls\s+)?"
    r"(?:show|list|see|view|open|export|download|send|email|give|delete|erase|remove|wipe|forget|stop|"
    r"cancel|pause|turn off|switch off|no more|what are (?:the|my)|which)\b",
    re.IGNORECASE)


def can_be_own_data_request(text: str | None) -> bool:
    """False when a typed message names no owner and is no command: it is not about the leader's
    own data, whatever the classifier guessed. A button's payload ("/show_journal") always is."""
    if not text or text.startswith("/"):
        return True
    return bool(_FIRST_PERSON.search(text) or _COMMAND.search(text))
