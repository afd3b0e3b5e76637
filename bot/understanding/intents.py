"""Whether a typed message says in words what the intent classifier took it for.

Some intents drive a fixed reply by a rule (a hello, the help text, the list of commitments,
check-ins on or off, starting again, "I'm an automated coach"). DIET picks one of them for text
that only resembles its examples: "so what do I actually do on Monday morning?" read as a hello,
"which would you start with?" as a request for help, "Thank you. I shall take this to committee.
Good night." as "show my commitments". A rule's canned reply to a real question is the worst kind
of misunderstanding, so for these intents the words must carry the intent; when they do not, the
message goes to the understanding step instead (StepPolicy), which reads it with the conversation.

Each intent's evidence is a few words a leader cannot avoid when they mean it (a greeting word,
"help", "commitments", "check-ins", "start again", "journal", "delete"); a request that merely begins with "help me"
("help me think through the fight with the ICB") is a request, not a call for the help text.
"""
from __future__ import annotations

import re

from bot import names

_GREETING = re.compile(
    r"^\W*(?:hi+|hiya|hello+|helo|hey+|heya|hullo|hallo|morning|mornin|good (?:morning|afternoon|evening|day)|afternoon|"
    r"evening|greetings|howdy|yo|alright|wotcha|sup|bore da|shwmae|s'mae|prynhawn da|noswaith dda|hai|hei)\b")
_HELP = re.compile(
    r"\b(?:help|what (?:can|could|do) (?:you|u) do|(?:show|tell) me what (?:you|u) (?:can )?do|what do you do|what are you for|"
    r"what (?:can|should|do) i (?:ask|do|say|type)|what to ask|what (?:services|help|support) do you (?:offer|give|have)|"
    r"how (?:does|do) (?:this|it|you) work|how do i use|options|menu|instructions|commands|stuck|confused|lost|"
    r"what now|where do i (?:start|begin)|what is this|what's this|whats this|get started)\b")
# "help me think through the fight we're having with the ICB": a request that names what it is for.
_HELP_WITH_SOMETHING = re.compile(r"\bhelp (?:me|us|with|my|our|to)\b(?:\W+\w+){3,}")
_COMMITMENTS = re.compile(
    r"\b(?:commit|commits|commitments?|committed|committing|promis\w*|actions?|follow.?ups?|check.?ins?|to.?dos?|"
    r"(?:say|said|says) (?:i|i'd|that i)|i (?:said|agreed|promised|was going to|would do|'d do)|agreed to|supposed to|"
    r"(?:my|the) list|next steps?|goals?|plans?|pledges?|due|owe|by when|deadlines?)\b")
_CHECKINS = re.compile(r"\b(?:check.?ins?|checking in|remind\w*|nudg\w*|follow\w*(?: up)?|notif\w*|messages?|emails?|pings?|"
                       r"chase|chasing|prompts?|ask(?:ing)? me (?:how|about)|commitments?|actions)\b")
_RESTART = re.compile(r"\b(?:start (?:again|over|afresh|from scratch|a new)|restart|begin again|new (?:conversation|chat|start)|"
                      r"from the (?:top|beginning|start)|clear (?:it|this|everything|the chat)|reset (?:the|this) (?:conversation|chat)|"
                      r"reset(?! (?:my|the|your|our|a) \w))\b")
_BOT = re.compile(r"\b(?:bot|robot|human|real|person|ai|a\.i\.|chatbot|computer|machine|automated|program|programme|"
                  r"software|chatgpt|gpt|llm|who (?:are|r) you|what (?:are|r) you|who am i (?:talking|speaking|chatting) to|"
                  r"are you (?:a|an|real|alive)|someone|somebody)\b")

_JOURNAL = re.compile(r"\b(?:journal|reflections?|entr(?:y|ies)|saved|save|notes?|diary|log|write|wrote|written|last time|export|download|"
                      r"(?:my|the|personal) data|data (?:you|u) (?:hold|have|keep|store)|(?:hold|have|know|keep) (?:about|on) me|"
                      r"copy|pdf|csv|file|share|send|trainer|supervisor|mentor|open|show|see|view|read|look at|list|"
                      r"my (?:last|previous|earlier|old) (?:one|session|exercise|reflection))\b")
_FORGET = re.compile(r"\b(?:forget|delet\w*|eras\w*|remov\w*|wip\w*|clear|destroy|scrub|gdpr|my data|personal data|"
                     r"everything (?:you|u) (?:have|know|hold|store)|right to be forgotten)\b")
_LINKING = re.compile(r"\b(?:link|linked|linking|unlink|connect|disconnect|code|account|accounts|teams|widget|device|"
                      r"phone|laptop|browser|sign(?:ed)? in|log(?:ged)? in)\b")
_TEAMS_REMINDERS = re.compile(r"\b(?:teams|remind\w*|notif\w*|nudg\w*|ping\w*|messages?|chat)\b")

# The intents whose rule answers them with a fixed reply, and the words that must carry each.
_EVIDENCE = {
    names.GREET_INTENT: _GREETING,
    names.HELP_INTENT: _HELP,
    names.SHOW_COMMITMENTS_INTENT: _COMMITMENTS,
    names.STOP_CHECKINS_INTENT: _CHECKINS,
    names.START_CHECKINS_INTENT: _CHECKINS,
    names.RESTART_INTENT: _RESTART,
    names.BOT_CHALLENGE_INTENT: _BOT,
    names.SHOW_JOURNAL_INTENT: _JOURNAL,
    names.OPEN_REFLECTION_INTENT: _JOURNAL,
    names.EXPORT_JOURNAL_INTENT: _JOURNAL,
    names.SHARE_REFLECTION_INTENT: _JOURNAL,
    names.FORGET_ME_INTENT: _FORGET,
    names.LINK_ACCOUNT_INTENT: _LINKING,
    names.UNLINK_ACCOUNT_INTENT: _LINKING,
    names.TEAMS_REMINDERS_ON_INTENT: _TEAMS_REMINDERS,
}
WORD_EVIDENCED_INTENTS = frozenset(_EVIDENCE)
# A message this short ("hi there", "menu?") is taken at the classifier's word.
MAX_WORDS_TAKEN_AS_IS = 2


def carries_intent(intent: str | None, text: str) -> bool:
    """False when `intent` is one of WORD_EVIDENCED_INTENTS and the typed words do not say it."""
    evidence = _EVIDENCE.get(intent or "")
    if evidence is None:
        return True
    lowered = " ".join(text.lower().split())
    if len(re.findall(r"[a-z']+", lowered)) <= MAX_WORDS_TAKEN_AS_IS:
        return True
    if intent == names.HELP_INTENT and _HELP_WITH_SOMETHING.search(lowered):
        return False
    return bool(evidence.search(lowered))
