"""Which safety level a message is at, decided from evidence in its clauses (bot.safety.patterns):

- crisis: self-harm, suicide or danger, direct or indirect, about the leader;
- distress: burnout, not coping, exhaustion, bullying, sleep, panic, crying, about the leader now;
  also a crisis word said in the negative ("I'm not in danger, just tired");
- clinical: a dose, a diagnosis or a treatment asked for a person (not words about services);
- strain: an idiom of a busy working life ("this workload is killing me"), never escalated alone;
- none.

Evidence counts only when it belongs to the leader: the nearest subject before it is "I"/"me"
(or there is none, as in "cant sleep"), not "our staff" or "a resident"; it is not negated in its
own clause; and it is not a topic ("suicide prevention", "staff burnout", "a treatment pathway").
A small learned reading (bot.safety.learned) is the evidence that generalises: it reads the whole
message, and each clause, and gives a probability per level. On its own it says crisis when it is
fairly sure (CRISIS_AT: a miss is worse than a false alarm), distress when crisis and distress
together pass ALARM_AT, and strain or clinical when sure of those (STRAIN_AT, CLINICAL_AT). It is
not heard about a group with no "I" in the message ("we can't go on running two front doors"), and
beside a strain idiom it says only a crisis it is sure of (STRAIN_CRISIS_AT), so an idiom never
escalates on its own. A crisis it reads where the patterns found the crisis words negated ("I'm not
in danger, just tired") is distress at most. It overrules a pattern's alarm only when it finds
nothing alarming anywhere in the message, whole or clause by clause (the VETO_BELOW thresholds:
"any reading on overdose prevention services?"). In a mixed message the clauses it reads as
alarming are not the question.
What a sentence is about counts for both: a figure of speech ("an overdose of meetings"), a crisis
word naming a thing of work ("the meds audit"), an absence with a return and no harm in it ("I won't
be around next week, I'm on leave"), and an injury with an ordinary cause ("hurt my wrist playing
netball") are not alarms; the learned reading must be surer of a crisis in a text about a thing of
work (WORK_MARGIN, ACT_ON_WORK_MARGIN: "thinking about ending the daily huddle"); "my colleague" or
"the care market" holds its own state. Resolve said in despair ("no one can help me, I've made my
decision") is a crisis.
The classifier's intent is one more signal: with a weak cue it can tip "none" into distress or
clinical, never the other way and never on its own.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from bot.safety import learned
from bot.safety import patterns as p
from bot.safety.normalise import clauses, normalise

INTENT_MIN_CONFIDENCE = 0.8
# Thresholds on the learned probabilities, chosen by cross-validation on dev examples only.
CRISIS_AT = 0.6  # P(crisis) at which the learned reading alone says crisis
ALARM_AT = 0.8  # P(crisis) + P(distress) at which it alone says distress
STRAIN_CRISIS_AT = 0.8  # P(crisis) at which it says crisis in a message with a strain idiom
CLAUSES_IF_NONE_BELOW = 0.8  # clauses are read alone only when the whole is not plainly ordinary
CLAUSE_MARGIN = 0.2  # how much surer it must be of one clause than of a whole message
WORK_MARGIN = 0.2  # how much surer of a crisis in a text about a thing of work, with no harm or death
ACT_ON_WORK_MARGIN = 0.3  # and when that thing is what an ending, a plan or an absence is about
DISTRESS_MARGIN_SHARE = 0.5  # of the work margin, for a distress reading alone
RETURN_UNLESS_CRISIS_AT = 0.9  # a return ("for an hour", "on leave") stands unless the whole reads as a crisis this surely
ELLIPTIC_WORDS = 2  # a clause of at most this many words beyond stop words reads as about the rest of its message
LEARNED_MIN_WORDS = 1  # words beyond stop words a text needs to be read alone ("all of it" has none)
STRAIN_AT = 0.6  # P(strain) at which it alone says strain (the mildest reply)
CLINICAL_AT = 0.7  # P(clinical) at which it alone says clinical (a decline: surer)
CRISIS_VETO_BELOW = 0.05  # a crisis pattern stands unless every reading is below this
DISTRESS_VETO_BELOW = 0.1  # likewise a distress pattern
CLAUSE_ALARM_AT = 0.5  # P(crisis) + P(distress) of one clause: that clause is not the question
_DISTRESS_INTENT, _CLINICAL_INTENT = "distress", "clinical_question"
_WORD = re.compile(r"[a-z']+")
_WH = re.compile(r"\b(?:why|what|how|whats|what's)\b")
_STOP_FORMS = frozenset({"i'm", "it's", "that's", "don't", "can't", "i've", "i'll", "i'd", "yet", "done", "did", "ok", "okay"})
_WEAK_DISTRESS = re.compile(r"\b(?:tired|stress|stressed|struggl\w*|worried|worry|upset|sad|low|hard|awful|scared|lonely|help me|rough)\b")


class Level(str, Enum):
    CRISIS = "crisis"
    DISTRESS = "distress"
    STRAIN = "strain"
    CLINICAL = "clinical"
    NONE = "none"


@dataclass(frozen=True)
class Safety:
    """What the safety layer found: the level, whether the message also asks a real question, that
    question (normalised, the clauses that carry no safety evidence), and which kinds of evidence
    were seen (pattern families, never the leader's words)."""

    level: Level
    asks_question: bool = False
    question: str = ""
    evidence: tuple[str, ...] = ()
    about_someone_else: bool = False  # a crisis of someone close to the leader, not the leader's own


NONE = Safety(Level.NONE)


def _holder_is_leader(clause: str, start: int, end: int, others: re.Pattern[str] = p.OTHER_PEOPLE,
                      look_after: bool = True, things: bool = True) -> bool:
    """True when the nearest subject before the match is the leader, or there is none at all and
    the state is not followed by someone else's ("burnout among our staff"). With `things`, a
    thing of work can hold the state too ("the care market is on the verge of collapse"); never
    for crisis ("the only way out of this restructure is to kill myself" is the leader's)."""
    if look_after and p.OTHERS_AFTER.match(clause, end):
        return False  # "burnout among our staff", "anxiety in my team"
    before = clause[:start]
    mine = [m.end() for m in p.FIRST_PERSON.finditer(before)]
    # With things: "the care market is on the verge of collapse", "my PA has been in tears".
    theirs = [m.end() for pattern in ((others, p.WORK_THING, p.POSSESSED_OTHER) if things else (others,))
              for m in pattern.finditer(before)]
    if not theirs:
        if mine or not look_after:
            return True
        after = " ".join(clause[end:].split()[:4])
        return not (p.OTHER_HOLDERS.search(after) and not p.FIRST_PERSON.search(after))
    return bool(mine) and mine[-1] > max(theirs)


def _negated(clause: str, start: int) -> bool:
    """A negation between the nearest subject and `start` ("I'm not", "I'd never", "I don't want
    to"), or among the few words before it when there is no subject; "if things don't change
    I'll end it" is not negated."""
    before = clause[:start]
    subjects = [m.start() for m in p.SUBJECT.finditer(before)]
    window = before[subjects[-1]:] if subjects else " ".join(before.split()[-4:])
    window = window.rsplit(",", 1)[-1]  # "I'd never do anything, I'm just low": not across a comma
    return bool(p.NEGATION.search(window)) and not p.NEGATION_NOT.search(window)


def _said_of_the_leader(clause: str, start: int) -> bool:
    """For the general death-and-cue rule: "I" (or me, my) comes before the term, with no thing
    or other person in between ("I think the pilot is dead" is about the pilot)."""
    mine = [m.end() for m in p.FIRST_PERSON.finditer(clause, 0, start)]
    return bool(mine) and not p.THING_BETWEEN.search(clause, mine[-1], start)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start < e or s < end <= e or (start <= s and e <= end) for s, e in spans)


def _crisis(clause: str) -> tuple[bool, bool]:
    """(crisis evidence about the leader, a crisis word said in the negative) in one clause.
    Figures of speech ("an overdose of meetings") are blanked first; a crisis word that names a
    thing of work ("collecting the meds audit data") is a topic, as is one about somebody else."""
    clause = p.CRISIS_IDIOM.blank(clause)
    topics = [m.span() for m in p.CRISIS_TOPIC.finditer(clause)]
    topics += [(m.start(), m.end() + 1) for m in p.CRISIS.finditer(clause) if p.THING_AFTER.match(clause, m.end())]
    for m in p.CRISIS_INHERENT.finditer(clause):
        if _holder_is_leader(clause, *m.span(), p.OTHER_HOLDERS, look_after=False, things=False) and not _inside(topics, *m.span()):
            return True, False
    negated = bool(p.NEGATED_SAFE.search(clause))
    for m in p.CRISIS.finditer(clause):
        if _inside(topics, *m.span()):
            continue
        if _negated(clause, m.start()):
            negated = True
        elif _holder_is_leader(clause, *m.span(), p.OTHER_HOLDERS, look_after=False, things=False) \
                or p.FIRST_PERSON_OBJECT.search(m.group(0)):  # "they'd be better off without me"
            return True, negated
    if p.DEATH_CUE.search(clause) and not p.DEATH_IDIOM.search(clause):
        for m in p.DEATH_TERM.finditer(clause):
            if _inside(topics, *m.span()) or not _said_of_the_leader(clause, m.start()):
                continue
            if _negated(clause, m.start()):
                negated = True
            else:
                return True, negated
    for m in p.DANGER.finditer(clause):
        if not _negated(clause, m.start()):
            return True, negated
    return False, negated


def _distress(clause: str, asked: bool) -> bool:
    """A state of the leader's, or bullying of the leader; a topic question about others is not."""
    if _is_question(clause, asked) and not p.FIRST_PERSON.search(clause):
        return False  # "any good stuff on compassionate leadership and burnout?"
    topics = [m.span() for topic in (p.DISTRESS_TOPIC, p.DISTRESS_MILD) for m in topic.finditer(clause)]
    for m in p.DISTRESS_STATE.finditer(clause):
        if _inside(topics, *m.span()):
            continue
        # "it's wearing me down": the leader is in the state's own words, whoever the subject is.
        mine = p.FIRST_PERSON_OBJECT.search(m.group(0))
        if not _negated(clause, m.start()) and (mine or _holder_is_leader(clause, *m.span())):
            return True
    for m in p.BULLYING.finditer(clause):
        # "a colleague keeps touching me": the leader is the object, whoever the subject is.
        victim = re.search(r"\b(?:me|my|i)\b", m.group(0))
        if not _negated(clause, m.start()) and (victim or _holder_is_leader(clause, *m.span())):
            return True
    return False


def _without_strain(clause: str) -> str:
    """The clause with its strain idioms blanked, so "sick to death of" is not read as "sick"."""
    return p.STRAIN.blank(clause)


def _strain(clause: str) -> bool:
    return bool(p.STRAIN.search(clause)) and not p.STRAIN_NOT.search(clause)


def _clinical(text: str) -> bool:
    """A dose, diagnosis or treatment asked for a person, not a service, nor a figure of speech."""
    if p.FIGURATIVE_CLINICAL.search(text) or p.SERVICE_STRONG.search(text):
        return False
    content = p.DRUG.search(text) or p.CONDITION.search(text)
    asks = (p.DOSE.search(text) or p.ASKS_DIAGNOSIS.search(text) or p.ASKS_TREATMENT.search(text)
            or p.BARE_CLINICAL_QUESTION.search(text))
    if not (content and asks):
        return False
    return bool(p.PERSON.search(text)) or not p.SERVICE_CONTEXT.search(text)


def _is_question(clause: str, asked: bool) -> bool:
    return asked or bool(p.QUESTION_START.search(clause))


def _alarm(read: Mapping[str, float]) -> float:
    """The learned probability that a text needs signposting: crisis or distress."""
    return read["crisis"] + read["distress"]


def _words(text: str) -> int:
    """How many words of the text are not stop words ("all of it", "not yet": none)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return sum(word not in ENGLISH_STOP_WORDS and word not in _STOP_FORMS for word in _WORD.findall(text))


def _about_leader(text: str) -> bool:
    """"I" is in it, or no group, organisation or other person is ("we can't go on running two
    front doors", "people are scared to try anything else now"). "My" before another person is
    theirs ("my colleague has been crying at work")."""
    own = p.POSSESSED_OTHER.sub(" ", text)
    return bool(p.FIRST_PERSON.search(own)) or not (p.GROUP_SUBJECT.search(text) or p.OTHER_HOLDERS.search(text))


def _whole_about_leader(norm: str, parts: list[tuple[str, bool]]) -> bool:
    """The whole message is the leader's when a statement in it is, or, when it is all questions,
    the questions are: "my colleague has been crying at work, how can I help?" is about the colleague."""
    statements = [clause for clause, asked in parts if not _is_question(clause, asked)]
    return any(_about_leader(clause) for clause in statements) if statements else _about_leader(norm)


def _about_work(text: str) -> float:
    """How much surer the learned reading must be of a crisis in a text that names a thing of work
    and no harm or death: WORK_MARGIN, or ACT_ON_WORK_MARGIN when the thing is what an ending, a
    plan or an absence is about ("I've been thinking about ending the daily huddle"), else 0."""
    if p.HARM_OR_DEATH.search(text):
        return 0.0
    if p.ORDINARY_BETTER_OFF.search(text):
        return ACT_ON_WORK_MARGIN
    if not p.WORK_THING.search(text):
        return 0.0
    return ACT_ON_WORK_MARGIN if p.ACT_ON_WORK.search(text) else WORK_MARGIN


def _learned_other(read: Mapping[str, float], norm: str) -> str:
    """"strain" or "clinical" when the learned reading alone is sure enough of it, else "". A
    clinical request names a medicine or a condition ("what should I buy my mum for her birthday"
    does not)."""
    if read["strain"] >= STRAIN_AT:
        return "strain"
    named = p.DRUG.search(norm) or p.CONDITION.search(norm)
    return "clinical" if read["clinical"] >= CLINICAL_AT and named else ""


def _confident(intent: Mapping | None, name: str) -> bool:
    return bool(intent) and intent.get("name") == name and (intent.get("confidence") or 0) >= INTENT_MIN_CONFIDENCE


def assess(text: str, intent: Mapping | None = None) -> Safety:
    """The safety level of one message (see the module docstring). `intent` is the classifier's
    latest intent dict ({"name", "confidence"}), or None. Button payloads ("/...") are none."""
    if not text or not text.strip() or text.lstrip().startswith("/"):
        return NONE
    norm = normalise(text)
    parts = clauses(norm)
    whole, *by_clause = learned.reading().probabilities([norm, *(clause for clause, _ in parts)])
    crisis = negated_crisis = distress = strain = own_crisis = False
    plain: list[tuple[str, bool]] = []  # clauses without evidence, for the question
    evidence: list[str] = []
    for (clause, asked), read in zip(parts, by_clause, strict=True):
        found_crisis, found_negated = _crisis(clause)
        found_strain = _strain(clause)
        found_distress = not found_crisis and _distress(_without_strain(clause) if found_strain else clause, asked)
        crisis |= found_crisis
        own_crisis |= found_crisis and not p.THIRD_PARTY_NOW.search(clause)  # not "my deputy has taken ..."
        negated_crisis |= found_negated
        distress |= found_distress
        strain |= found_strain
        if found_crisis or found_distress or found_negated:
            evidence.append("crisis" if found_crisis else "distress")
        elif found_strain:
            evidence.append("strain")
            # "Drowning in emails, how do you prioritise" keeps its question in the same clause.
            if _is_question(clause, asked) and p.QUESTION_START.search(clause):
                plain.append((clause, asked))
        elif len(parts) > 1 and _alarm(read) >= CLAUSE_ALARM_AT:
            evidence.append("learned")  # "i want to die lol. what time is the call": not the question
        else:
            plain.append((clause, asked))
    # "... killing me. I mean that literally": the idiom taken at its word, in any clause.
    # Said across sentences ("I'm done. Goodbye", "my last shift ever. not retiring btw"): the
    # leader's, not a group's ("we're leaving the board, not because of the rota").
    said_across = (bool(p.CRISIS_WHOLE.search(norm)) and _whole_about_leader(norm, parts)) \
        or (strain and bool(p.LITERAL.search(norm)))
    crisis |= said_across
    own_crisis |= said_across
    # Someone close in danger now, by their own hand ("my colleague has taken an overdose").
    other_in_danger = not own_crisis and bool(p.THIRD_PARTY_NOW.search(norm)) and not p.CRISIS_IDIOM.search(norm)
    if other_in_danger and not crisis:
        evidence.append("crisis")
    crisis = crisis or other_in_danger
    # A pattern's alarm in a message the learned reading finds nothing alarming in, whole or in
    # any clause, is a word used otherwise ("reading on overdose prevention services").
    alarm_anywhere = max(_alarm(read) for read in (whole, *by_clause))
    crisis = crisis and alarm_anywhere >= CRISIS_VETO_BELOW
    # A goodbye with a return in it, that the learned reading does not find a crisis either (not
    # for danger: "I'm scared to go back in" is no holiday).
    returning = bool(p.TEMPORARY_ABSENCE.search(norm)) and not p.HARM_OR_DEATH.search(norm) and not p.DANGER.search(norm) \
        and whole["crisis"] < RETURN_UNLESS_CRISIS_AT
    crisis = crisis and not returning
    # An injury with an ordinary cause, not meant ("I hurt my wrist playing netball").
    accident = bool(p.ACCIDENT.search(norm)) and not p.MEANT.search(norm) and not p.DANGER.search(norm)
    crisis = crisis and not (accident and whole["crisis"] < CRISIS_AT)
    # Resolve in despair: "no one can help me, I've made my decision".
    crisis = crisis or (distress and not returning and any(p.BARE_RESOLVE.search(clause) for clause, _ in parts))
    distress = distress and alarm_anywhere >= DISTRESS_VETO_BELOW
    distress = distress and not (p.SET_ASIDE.search(norm) and _alarm(whole) < ALARM_AT)  # "tired but happy"
    # The whole message, and each clause of a longer one, surer ("I won't be a problem for anyone
    # after this weekend. What's the deadline?": the question must not drown the rest); about the leader.
    readings = [(whole, _about_work(norm))] if _whole_about_leader(norm, parts) and _words(norm) >= LEARNED_MIN_WORDS else []
    if len(parts) > 1 and whole["none"] < CLAUSES_IF_NONE_BELOW:
        # A short question with nothing of its own to be about ("honestly why would I bother", after
        # "the PCN wants me on the neighbourhood board") asks about what the message names: its work margin.
        readings += [(read, CLAUSE_MARGIN + (max(_about_work(clause), _about_work(norm))
                                             if _words(clause) <= ELLIPTIC_WORDS and _WH.search(clause)
                                             else _about_work(clause)))
                     for read, (clause, _) in zip(by_clause, parts, strict=True)
                     if _about_leader(clause) and _words(clause) > LEARNED_MIN_WORDS]  # "thoughts?" alone: no
    crisis_at = STRAIN_CRISIS_AT if strain else CRISIS_AT
    learned_crisis = not crisis and not negated_crisis and not returning and not accident \
        and any(read["crisis"] >= crisis_at + extra for read, extra in readings)
    crisis |= learned_crisis
    patterned = crisis or distress or negated_crisis or strain
    # A thing of work named beside a state weighs less against distress than against a crisis ("I
    # can't reply to an email without wanting to cry" is the leader's): half the margin.
    learned_distress = not patterned and not accident and not returning and any(
        _alarm(read) >= ALARM_AT + extra * DISTRESS_MARGIN_SHARE for read, extra in readings)
    clinical = not crisis and _clinical(norm)
    learned_other = "" if patterned or clinical or learned_distress else _learned_other(whole, norm)
    if learned_crisis or learned_distress or learned_other:
        evidence.append("learned")
    questions = [clause for clause, asked in plain if _is_question(clause, asked)]
    question = " ".join(questions)
    if crisis:
        level = Level.CRISIS
    elif distress or negated_crisis:
        level = Level.DISTRESS
    elif clinical:
        level = Level.CLINICAL
    elif learned_distress:
        level = Level.DISTRESS
    elif strain or learned_other == "strain":
        level = Level.STRAIN
    elif learned_other == "clinical":
        level = Level.CLINICAL
    elif _confident(intent, _DISTRESS_INTENT) and _WEAK_DISTRESS.search(norm):
        level, evidence = Level.DISTRESS, ["intent"]
    elif _confident(intent, _CLINICAL_INTENT) and (p.DRUG.search(norm) or p.CONDITION.search(norm)) \
            and not p.SERVICE_CONTEXT.search(norm):
        level, evidence = Level.CLINICAL, ["intent"]
    else:
        return NONE
    if clinical and level is Level.CLINICAL:
        evidence.append("clinical")
    asks = level in (Level.DISTRESS, Level.STRAIN, Level.CRISIS) and bool(question) and bool(evidence)
    return Safety(level, asks_question=asks, question=question if asks else "", evidence=tuple(evidence),
                  about_someone_else=level is Level.CRISIS and other_in_danger)
