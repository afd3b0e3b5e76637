"""The evidence the safety levels are decided from, as regular expressions over normalised clauses
(bot.safety.normalise). Each pattern names a person and a state, a plan or means, or an idiom; a
bare risky word ("suicide", "burnout", "treatment") is never enough on its own.

Kept apart from the decision (bot.safety.assess) so the wording of the evidence can grow without
touching how it is weighed. Tuned on the dev half of tests/eval/safety.yml only.
"""
from __future__ import annotations

import re

_QUANTIFIER = "?*{"


def required_literal(part: str) -> str:
    """The longest run of plain text every match of `part` must contain ("" when unsure: then the
    pattern always runs). Conservative: groups, classes, escapes and anchors end a run, and a
    character made optional by a quantifier is dropped."""
    runs, i, depth = [""], 0, 0
    while i < len(part):
        char, following = part[i], part[i + 1:i + 2]
        if char == "|" and depth == 0:
            return ""  # alternatives at the top: no single literal is required
        if char == "\\":
            i += 1  # an escape ends the run; skip what it escapes
        elif char == "[":
            i = part.index("]", i + 1)
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if depth == 0 and (char.isalpha() or char in " '-&") and following not in tuple(_QUANTIFIER):
            runs[-1] += char
            if following == "+":
                runs.append("")
        else:
            runs.append("")
        i += 1
    return max(runs, key=len)


class Alternatives:
    """Many patterns searched as one: each runs only when its required literal is in the text, so
    a message pays for the few patterns that could match, not for all of them (plain `re`
    alternation tries every branch at every position). Matches may overlap; callers treat each
    match as one piece of evidence."""

    MIN_LITERAL = 4  # shorter literals are in most messages: those patterns run together, as one

    def __init__(self, parts: tuple[str, ...]) -> None:
        self.pattern = "|".join(f"(?:{part})" for part in parts)
        literals = [required_literal(part).strip() for part in parts]
        always = [part for part, literal in zip(parts, literals, strict=True) if len(literal) < self.MIN_LITERAL]
        self._always = re.compile("|".join(f"(?:{part})" for part in always)) if always else None
        self._branches = [(literal, re.compile(part)) for part, literal in zip(parts, literals, strict=True)
                          if len(literal) >= self.MIN_LITERAL]

    def _candidates(self, text: str):
        if self._always is not None:
            yield self._always
        yield from (branch for literal, branch in self._branches if literal in text)

    def finditer(self, text: str) -> list[re.Match[str]]:
        found = [m for branch in self._candidates(text) for m in branch.finditer(text)]
        return sorted(found, key=lambda m: (m.start(), -m.end()))

    def search(self, text: str) -> re.Match[str] | None:
        return next((m for branch in self._candidates(text) if (m := branch.search(text))), None)

    def replace(self, text: str, word: str) -> str:
        """The text with every match (the first of overlapping ones) replaced by `word`."""
        out, at = [], 0
        for m in self.finditer(text):
            if m.start() >= at:
                out += [text[at:m.start()], word]
                at = m.end()
        return "".join(out) + text[at:]

    def blank(self, text: str) -> str:
        """The text with every match replaced by spaces (positions kept)."""
        chars = list(text)
        for m in self.finditer(text):
            chars[m.start():m.end()] = " " * (m.end() - m.start())
        return "".join(chars)


def _any(*parts: str) -> Alternatives:
    return Alternatives(parts)


ME = r"(?:i|i'm|i've|i'd|i'll|me|my ?self|myself)"
FAMILY_WORDS = (r"dad|mum|son|daughter|husband|wife|partner|nan|kids|mother|father|child|children|baby|toddler|nephew|niece|"
                r"brother|sister|grandad|grandma|gran|mother-in-law|father-in-law")
PILLS = (r"(?:pills|tablets|paracetamol|co-?codamol|codeine|diazepam|insulin|meds|medication|"
         r"prescriptions|sleeping tablets|sleeping pills|painkillers|lithium|antidepressants|"
         r"tramadol|morphine|oramorph|zopiclone|sertraline|citalopram|amitriptyline|opioids)")

# Who a state belongs to: the nearest subject before it in the clause.
FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my ?self|myself|my)\b")
OTHER_PEOPLE = re.compile(
    r"\b(?:we|we're|we've|us|our|they|they're|they've|them|their|he|he's|she|she's|him|her|staff|"
    r"team|teams|colleagues?|people|residents?|patients?|someone|somebody|anyone|managers|nurses|"
    r"carers|workers|leaders|clients?|users?|members?|6s|everyone|families|relatives?|doctors|"
    r"gps|workforce|employees|directors|consultant|councils?|trusts?|organisations?|board|system|"
    r"service|services|icb|ics|nhs|sector|unit|ward|wards|home|homes|practice|provider|providers|"
    r"partnership|partners|bed base|momentum|project|pilot|idea|strategy|it|dad|mum|son|daughter|husband|wife|"
    r"partner|nan|kids|mother|father|child|baby|toddler|dad's|mum's|legs|hospital|hospitals|department|a&e|capacity|"
    r"finances|ed|flow|beds|deputy|chair|boss|director|manager|ceo|nurse|carer|doctor|gp|worker)\b"
)

FIRST_PERSON_OBJECT = re.compile(r"\b(?:me|my ?self|myself)\b")
# "My" before another person: the state that follows is theirs ("my deputy was in tears").
POSSESSED_OTHER = re.compile(
    r"\bmy (?:\w+ )?(?:colleagues?|team|teams|staff|deputy|manager|boss|director|nurses?|carers?|workers?|residents?|patients?|"
    r"clients?|pa|chair|ceo|friends?|partner's|line manager|head of \w+|" + FAMILY_WORDS + r")\b"
)
# Subjects, for where a negation's reach starts.
SUBJECT = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|we|we're|they|they're|he|he's|she|she's|it|it's|you|things|nobody|everyone)\b")
# Who else a crisis statement could be about (people only: "everyone would be better off without
# me" and "the only way to fix it is to disappear" are still the leader's).
OTHER_HOLDERS = re.compile(
    r"\b(?:we|we're|let's|lets|they|they're|he|he's|she|she's|staff|residents?|patients?|someone|somebody|people|"
    r"colleagues?|clients?|users?|men|children|relatives?|families|nurses|carers|doctors|members?)\b"
)
# A message about a group or an organisation ("we can't go on running two front doors", "the team
# would be better off without so many meetings"): with no "I" in it, not the leader's own state.
GROUP_SUBJECT = re.compile(r"\b(?:we|we're|we've|we'd|us|our|they|they're|they've|the team|the board|staff|the system)\b")
OTHERS_AFTER = re.compile(r"\s+(?:in|among|amongst|of|across|for|within|at) (?:(?:my|our|the|their|a|his|her) )?(?:\w+ )?(?:staff|team|teams|colleagues|people|residents|patients|workforce|nurses|carers|workers|managers|leaders|doctors|employees|members|services|sector|organisation|organisations|trust|trusts|homes|others)\b")
FAMILY = r"(?:" + FAMILY_WORDS + r")"

# The things of a working life, as the learned reading sees them (bot.safety.learned.abstract):
# what a plan, an ending, a decision or an absence is about when it is not the leader's life.
WORK_THING = re.compile(
    r"\b(?:meetings?|huddles?|board papers?|papers?|reports?|drafts?|strateg(?:y|ies)|bids?|budgets?|contracts?|"
    r"restructures?|restructuring|projects?|pilots?|programmes?|courses?|sessions?|workshops?|conferences?|away days?|"
    r"awards?|inspections?|audits?|consultations?|business cases?|agendas?|minutes|slides|deadlines?|emails?|inbox|"
    r"reminders?|cohorts?|templates?|surveys?|posts?|roles?|jobs?|partnerships?|pathways?|services?|providers?|"
    r"councils?|icbs?|ics|nhs|local government|care homes?|hubs?|front doors?|data|records?|rotas?|reviews?|webinars?|"
    r"tenders?|procurement|merger|consultant post|shared care record|governance|committees?|forums?|workstreams?|"
    r"business plans?|winter plans?|spreadsheets?|dashboards?|targets?|kpis?|metrics|caseloads?|waiting lists?|"
    r"recruitment|vacanc(?:y|ies)|interviews?|appraisals?|one-to-ones?|1:1s?|rollout|launch|go-live|consortium|"
    r"(?:care |provider |housing )?markets?|econom(?:y|ies)|funding|finances|careers?|memberships?|subscriptions?|"
    r"tenure|notice period|resignation|portfolio|newsletters?|accounts?)\b"
)

# An ending, a plan, a decision or an absence whose object is a thing of work ("thinking about
# ending the weekly forum", "I won't be needing the reminders"): what the sentence is about.
ACT_ON_WORK = re.compile(
    r"\b(?:end|ends|ending|ended|stop|stopping|quit|quitting|leave|leaving|plan|plans|planning|decision|decided|decide|"
    r"finish|finished|finishing|close|closing|scrap|scrapping|kill|killing|cancel|cancelling|cancelled|drop|dropping|"
    r"pause|pausing|need|needing|miss|missing|skip|skipping|around for|here for|at) (?:on |about |for |to |with |of )?"
    r"(?:the|a|an|our|my|this|that|their|these|those|all|every|next) (?:\w+ ){0,2}?(?:" + WORK_THING.pattern + r")"
)
# What the sentence is about, when it is a thing and not the leader's life: someone at work "better
# off" doing a thing ("my deputy would be better off leading this"), the point of a named thing ("I'm
# not sure I see the point of the ICP"), a task done forever ("chairing this thing forever").
ORDINARY_BETTER_OFF = re.compile(
    r"\b(?:deputy|team|chair|manager|colleagues?|staff|we|we'd|you|you'd|board|trust|council|service|icb|practice|ward)\b"
    r"[^.]{0,30}\bbetter (?:off|of) (?!dead\b|without me\b)(?:\w+ing|with|using|as)\b|"
    r"\bpoint (?:of|in) (?:the|this|that|these|those|our|their|having|another|all these|all the) (?!point\b)[a-z]+|"
    r"\b(?:chair|chairing|running|doing|leading|managing|attending|sitting on|covering|writing)\b[^.]{0,30}\b(?:forever|for ever)\b"
)
# "myself" after an ordinary verb ("telling myself", "give myself permission", "look after
# myself"): the learned reading sees "oneself" there (bot.safety.learned.abstract), a word no crisis
# phrasing of ours uses, so the reflexive of working life is not read as self-harm.
ORDINARY_REFLEXIVE = re.compile(
    r"\b((?:tell|telling|told|remind|reminding|reminded|ask|asking|asked|give|giving|gave|set|setting|push|pushing|pushed|"
    r"stretch|stretching|teach|teaching|taught|book|booking|booked|look after|looking after|pace|pacing|"
    r"allow|allowing|treat|treating|treated|consider|considering|challenge|challenging|force|forcing|forced|introduce|"
    r"introducing|prepare|preparing|organise|organising|express|explain|"
    r"check|checking|describe|busy|busying|position|positioning|brace|bracing|enjoy|enjoying|"
    r"sign|signing|signed|nominate|nominated|prove|proving|remind|distance|distancing|pat|motivate|"
    r"motivating|reward|rewarding|educate|educating|familiarise|familiarising|buy|bought) "
    r"(?:\w+ )?)(?:my ?self|myself)\b"
)

# --- crisis: self-harm, suicide, danger ------------------------------------------------------
# Patterns that carry their own negation ("don't want to be alive"): never read as negated.
CRISIS_INHERENT = _any(
    r"\b(?:don't|do not|no longer|not|never|dont) (?:really )?(?:want|wanna|wish) (?:to )?(?:be alive|live|"
    r"be here|exist|wake up|go on living|carry on living|be around)",
    r"\b(?:won't|will not|didn't|don't|wouldn't|not|never) (?:to )?wake up\b",
    r"\b(?:not|never) (?:to )?(?:wake|waking) up\b",
    r"\b(?:not|no longer|n't) (?:scared|afraid|frightened) (?:of dying|of death|of being dead|to die)",
    r"\b(?:no|not any|nothing) (?:reason|point) (?:to|in) (?:live|living|go on|going on|carry on|carrying on|be here|being here)",
    r"\bnothing (?:left )?to live for\b", r"\b(?:no|any|a|without a) reasons? (?:to|for) (?:keep )?(?:living|going on|being alive|live)\b", r"\b(?:life|living) (?:is|isn't|is not|ain't|aint|not) (?:really )?worth\b",
    r"\bnot worth living\b", r"\blife (?:isn't|is not|ain't|aint) worth",
    r"\bno (?:way out|future)(?: for me| left)?\s*(?:$|,|except|exept|other than|but)",
    r"\bno way out\b(?! of (?:the|this) (?:contract|deal|meeting|arrangement|budget))",
    # ("I don't see a future for the locality model": a future for a thing is not the leader's.)
    r"\b(?:can't|cannot|don't) see (?:any|a) (?:future|way out|way forward for me)\b(?!\s+(?:for|in|with) (?!me\b|myself\b|my life\b|my ?self\b)\w)",
    r"\bcan't see (?:myself )?(?:getting|making it|get) (?:through|past) (?:the night|tonight|the weekend|today)",
    r"\b(?:don't|do not) think (?:i'll|ill|i will|i can|i'm going to) (?:make it|get|survive|last) (?:through |past )?(?:the night|tonight|the weekend|today|another)",
    r"\b(?:don't|do not|can't|cannot) trust myself\b",
    r"\b(?:won't|will not|not going to|wont) be (?:around|here) (?:much longer|for (?:it|long|much longer)|anymore|any more|next)",
    r"\bnot (?:going to be|gonna be) (?:around|here) (?:much longer|for (?:long|much longer)|anymore)",
    r"\b(?:no point|pointless) (?:anymore|any more|in anything|to anything|in going on|in living|in trying anymore)",
    r"\b(?:don't|do not|dont) see the point (?:anymore|any more|of (?:anything|it all|living|life|going on|carrying on|being here)|in (?:anything|living|going on|carrying on))",
    r"\b(?:don't|do not) see the point\s*$",
    r"\bno point\s*$",
)
# Negatable evidence ("I'm not suicidal", "I'd never hurt myself" turn these off).
CRISIS = _any(
    r"\b(?:kill|killing|killed|hurt|hurting|harm|harming|cut|cutting|burn|burning|punish|punishing|"
    r"hang|hanging|poison|poisoning|starve|starving|unalive|unaliving|drown|drowning|overdose|od|"
    r"injure|injuring|strangle|suffocate) ?(?:my ?self|myself)\b",
    r"\b(?:do|doing|did) (?:something|anything)(?: stupid| silly)? to (?:my ?self|myself)\b",
    r"\bwhat i might do(?: to myself)?\s*(?:$|,)",
    r"\bsuicid(?:e|al|ally)\b", r"\bself[- ]?harm(?:ing|ed)?\b", r"\btake (?:my|my own) life\b(?! (?:in|into|to|forward|back))",
    r"\btaking my (?:own )?life\b(?! (?:in|into|to|forward|back))", r"\btook my (?:own )?life\b",
    r"\b(?:want|wanna|wanted|wish|wishing|wished|hope|hoping|ready|going|planning|plan|rather|prefer)\b[^,]{0,25}\b(?:to die|be dead|was dead|were dead|dead than)\b",
    r"\bwant to die\b", r"\b(?:i'd|id|i would) (?:rather|sooner) (?:be dead|die)\b",
    r"\bbetter (?:off|of) dead\b", r"\bbetter (?:off|of) without me\b", r"\bbetter off if i (?:wasn't|weren't|was not|were not|died|was gone|wasn't here)",
    r"\b(?:i'm|i am|i feel like|being|feel like) a burden\b", r"\ba burden (?:to|on) (?:everyone|everybody|my|you|them)",
    r"\b(?:end|ending|ended) (?:it|it all|things|my life|everything|my own life)\b(?!\s+(?:with|early|for the|on a|between|in the|cleanly|well|properly|there|here|for today|for now|now|at))",
    r"\b(?:end|ending) it\s*(?:$|,|this|on|after|tonight|today|tomorrow|now|soon|sat|sun|saturday|sunday)",
    r"\b(?:tired|sick|had enough) of (?:living|life|being alive|existing|it all)\b",
    r"\b(?:stop|cease|not to|to not|just not|want to not) (?:existing|exist)\b", r"\bstop existing\b",
    r"\bdisappear (?:for good|forever|permanently)\b", r"\b(?:gone|done|out|over) for good\b",
    r"\b(?:done|out|over|finished)\b[^.]{0,20}\bfor good\b",
    r"\bpermanent (?:solution|way out|end|fix)(?! to (?:winter|bed|the |our |staffing|\w+ pressures))",
    r"\b(?:ways|way|how|methods?) to (?:die|kill (?:myself|my ?self|someone|yourself|a person)|end it|end my life|do it)\b",
    r"\bpainless way\b", r"\bresearching (?:ways|how|methods)\b", r"\bdignitas\b",
    r"\b(?:how many|how much)\b[^,]{0,40}\b(?:it would take|would it take|would be enough|i'd need|i would need|would do it|to do it|does it take to kill|to kill|would kill|could kill|will kill|is fatal|would be fatal)",
    r"\bworked out how (?:many|much)\b", r"\bknow (?:exactly )?how (?:much|many) would be enough\b",
    r"\bknow (?:exactly )?how (?:i'd|i would|i'll|i will|i'm going to|to) do it\b", r"\bhow (?:i'd|i would) do it\b",
    r"\b(?:sav(?:ed|ing)|stockpil\w*|collect(?:ed|ing)|hoard(?:ed|ing)|kept|keeping|lined up|got enough|saved up)\b[^,]{0,30}\b" + PILLS,
    PILLS + r"\b[^,]{0,20}\b(?:lined up|saved up|ready|in my bag|with me|on the table|stockpiled|hidden)",
    r"\b(?:the|my) (?:pills|tablets) are (?:in|on|ready|here|with)\b",
    r"\b(?:took|taken|swallowed|have taken|i've taken|had) (?:a load of|loads of|all|some|a lot of|a handful of|too many|an overdose|the whole|lots of|all of)(?: my| the)? " + PILLS,
    r"\ball my " + PILLS, r"\btook an overdose\b", r"\boverdosed?\b",
    r"\bdeliberately\b[^,]{0,20}\bstopped taking\b", r"\bstopped taking my \w+ on purpose\b",
    r"\bwant it (?:all )?to (?:be over|end|stop)\b", r"\bwant (?:it|it all|this|everything) over\b(?! with)", r"\bwant (?:the pain|everything|it all) to (?:end|stop|be over)\b",
    r"\bjump(?:ing)? (?:off|from|in front of|under)\b", r"\b(?:about|of) jumping\b",
    r"\b(?:driving|drive|drove|crash|crashing|steer|steering) (?:my car )?into (?:the|a) (?:barrier|wall|tree|river|lorry|oncoming|bridge)",
    r"\bwalk(?:ing)? into the (?:sea|river|water|traffic)\b", r"\b(?:step|steps|stepped|stepping|walk|walks|walked|walking)(?: out)? in front of (?:a|the) (?:train|bus|lorry|car|van|traffic)",
    r"\b(?:standing|stood|sitting|sat|visiting|looking at|looked at|drove to|driven to|walked to|going to|went to|been to|on) (?:on |at |to )?(?:the|a) (?:bridge|train line|railway|railway line|tracks|cliff|cliffs|ledge|roof|multi-storey|car park roof)\b[^.]{0,40}\b(?:thinking|jump|about it|just sat|and thought|at night|right now|now)",
    r"\b(?:standing|stood) on (?:the|a) (?:multi-storey|roof|ledge|bridge|edge|cliff)",
    r"\bvisiting the (?:train line|railway|bridge|tracks)\b",
    r"\bmy (?:own )?funeral\b", r"\b(?:goodbye|suicide) (?:letters?|notes?)\b", r"\bwritten (?:a |my )?(?:goodbye|last|final) (?:letters?|notes?)\b",
    r"\bfinal arrangements\b", r"\bmy affairs in order\b", r"\bmade up my mind\b[^.]{0,30}(?:goodbye|call|stop me|over|done)",
    r"\b(?:don't|do not) (?:call|tell|ring) (?:anyone|anybody|the police|an ambulance)\b[^.]{0,30}\bmade up my mind",
    r"^(?:don't|do not) call anyone\b",
    r"\b(?:giv(?:e|ing|en)|gave) (?:away )?(?:all )?(?:of )?my (?:things|stuff|belongings|possessions|everything)\b",
    r"\b(?:giv(?:e|ing|en)|gave) (?:all )?(?:my )?(?:things|stuff|belongings|possessions) away\b",
    r"\b(?:won't|will not|wont) need (?:it|them|my \w+|any of it)(?: anymore| any more)?\s*(?:$|,|after|from)",
    r"\bsaid my goodbyes\b", r"\bthis is goodbye\b", r"\bsaying goodbye to (?:people|everyone|everybody|my family|my kids|them)\b",
    r"\b(?:goodbye|bye) (?:everyone|everybody|all|forever|for good|world)\b", r"^(?:just )?wanted to say goodbye\s*$",
    r"\bi just wanted to say goodbye\s*$", r"\bsorry it came to this\b",
    r"\b(?:tell|let) (?:my|them|her|him) ?\w* (?:know )?(?:that )?(?:i'm sorry|i am sorry|i (?:loved|love) (?:her|him|them|you))\s*$",
    r"\b(?:won't|wont|don't) be the ones? (?:to|who) find me\b", r"\bfind my body\b",
    r"\b(?:only|last) thing (?:keeping|that keeps|that's keeping) me (?:alive|here|going)\b",
    r"\bkeeping me alive\b", r"\bkeeps me alive\b", r"\b(?:reason|reasons) (?:i'm|i am) still (?:here|alive)\b",
    r"\b(?:death|dying|being dead) (?:seems|would be|feels|sounds|is) (?:like )?(?:a |the )?(?:relief|better|easier|the answer|peaceful|a release)",
    r"\bdying won't hurt\b", r"\bwon't hurt to die\b",
    r"\b(?:wish|wishing|hope|hoping|pray|praying)\b[^.]{0,30}\b(?:something (?:bad )?(?:would|will|to|might) happen to me|fatal|(?:get|got|was|were|be) (?:hit|run over|killed)|an accident|(?:don't|didn't|won't|wouldn't|never) wake)",
    r"\b(?:wish|wishing) i (?:was|were|could be) (?:dead|gone|never born)\b", r"\bwish i'd never been born\b",
    r"\b(?:previous|last|another|suicide) attempt\b", r"\btried to (?:kill myself|end it|end my life|take my life|overdose)\b",
    r"\b(?:survive|make it through|get through)\b[^.]{0,40}\b(?:i mean (?:that|it) literally|literally,? i mean)",
    r"\b(?:not|it's not|it isn't|isn't) (?:a figure of speech|a joke|joking)\b[^.]{0,40}\b(?:kill|die|dead|end)",
    r"\bscratch(?:ing|ed)? (?:my|at my) (?:arms|legs|skin|wrists)\b[^.]{0,30}\b(?:bleed|blood)",
    r"\bpunch(?:ing|ed)? (?:the )?walls? until\b", r"\bcutting (?:again|myself|my arms|my wrists)\b", r"\b(?:i've|i have) been cutting\b",
    r"\bburning myself\b", r"\bhurting myself\b", r"\bcut myself\b",
    r"\bnot safe\b(?! to (?:discharge|send|leave the|do|say|assume))",
    r"\b(?:don't|do not|dont) (?:think|feel|know if|know whether) (?:i'm|i am|im|i'll be|i will be|i'd be) (?:\w+ )?safe\b(?! to (?:say|assume|discharge))",
    r"\bnot sure (?:if |whether |that )?(?:i'm|i am|im|i'll be|i will be|i'd be) (?:\w+ )?safe\b(?! to (?:say|assume|discharge))", r"\bnot (?:going to be |gonna be )?safe (?:at home|tonight|around|with)",
    r"\b(?:want|wanna) to (?:not exist|disappear forever|be gone)\b", r"\bjust want to not\b",
    r"\bready to go now\b", r"\bi'm done,? for good\b", r"\bi've decided i'm done\b",
    r"\b(?:face|bear) living with\b", r"\bcan't (?:face|bear) (?:living|being alive|life)\b",
    r"\bi'm not ok\b[^.]{0,10}\bi (?:don't|do not) want to be (?:alive|here)",
    r"\b(?:i'm|i am|i feel|feel like|being|i've become|become) (?:\w+ ){0,2}(?:a |such a |the )?burden\b",
    r"\b(?:written|wrote|writing|left|leave) (?:a |my |the )?(?:note|notes|letter|letters) (?:for|to) (?:my (?:kids|family|children|wife|husband|partner|mum|dad|daughter|son|parents)|everyone|them all)",
    r"\b(?:took|taken|swallowed|have taken|i've taken|had|necked|downed|take|taking) (?:\w+ ){0,3}(?:all|whole|packet|packets|box|boxes|bottle|load|loads|lot|lots|handful|too many|bunch|[0-9]{2,}|twenty|thirty|forty|fifty) (?:\w+ ){0,3}" + PILLS,
    r"\b(?:drive|driving|drove|crash|crashing|steer|steering) (?:my car |the car )?(?:off|into) (?:the|a) (?:road|bridge|cliff|wall|tree|barrier|river|lorry|oncoming|traffic|motorway)",
    r"\b(?:i'm|i am|i feel|feel|feeling) (?:in danger|unsafe)\b(?! (?:staffing|levels|practice))",
    r"\b(?:don't|do not|no longer|never) feel safe (?:at home|around (?:him|her|them)|with (?:him|her)|anymore|any more|tonight|in my (?:own )?(?:house|home|flat))",
    r"\b(?:don't|do not|no longer|never) feel safe\s*$",
    r"\b(?:what's|whats|what is) the point (?:of|in) (?:living|life|going on|carrying on|anything|it all|being here|even trying|me)\b",
    r"\bno (?:point|reason|meaning|purpose) (?:in|of|to|for) (?:living|life|going on|carrying on|being here|being alive|anything)\b",
    r"\b(?:life|living) (?:has|holds) no (?:meaning|point|purpose)\b", r"\bno (?:meaning|purpose) (?:in|to) (?:my )?life\b",
    r"\bsleep (?:forever|for ever|and never wake)\b", r"\bmy (?:last|final) (?:message|goodbye|words|night)\b",
    r"\b(?:said|say|saying) (?:my )?goodbyes? to (?:my (?:kids|family|children|wife|husband|partner|mum|dad|daughter|son|parents|friends)|everyone|the people i love)",
    r"\bmade (?:a|my) will\b[^.]{0,30}\b(?:ready|goodbye|done|over|need)",
    r"\b(?:nobody|no one|no-one|noone) (?:would|will|'d|is going to|would even) (?:miss me|care (?:if|when) i|notice (?:if|when) i (?:was|were|am|'m) (?:gone|dead)|notice (?:if|when) i (?:disappeared|died|was gone|wasn't here|weren't here))",
    r"(?<!of my )\b(?:rope|noose|ligature|razor blades?|blades)\b", r"\bbought (?:a )?(?:rope|ligature|razor)",
    r"\b(?:would|could|will|does it take to|to) (?:kill|poison) me\b[^.]{0,5}$",
    r"\b(?:lethal|fatal) dose\b", r"\boverdose on\b",
    r"\b(?:think|thinking|thought|thoughts|dream|dreaming|fantasi[sz]e|fantasi[sz]ing) (?:a lot |all the time |constantly )?(?:about|of) (?:dying|death\b(?! of| in)|being dead|not being (?:here|alive|around)|ending (?:it|things|my life)|killing|not existing|not waking up|disappearing|my death|jumping|not being)",
    r"\b(?:can't|cannot|can not|won't|no way i can|don't want to) (?:keep |carry on |go on )?(?:living|being alive)\b",
    r"\bi'm (?:so |just |completely |totally |really )?done with (?:life|everything|it all|living|all of it|this life)\b", r"\b(?:going to|gonna|want to|about to|thinking of|might|will|i'll) jump\s*(?:$|off|from|tonight|now|in front)",
    r"\b(?:no|can't see (?:a|any)|don't see (?:a|any)|not (?:a|any)|without a) reasons? (?:to|for) (?:live|living|keep going|go on|going on|carry on|carrying on|be here|exist|get up)",
    r"\bworth more dead\b", r"\bbetter (?:off )?(?:dead|gone|not here|not around|without me)\b",
    r"^(?:i'm )?sorry (?:everyone|everybody|to everyone|for everything)\s*$", r"\bi love you all\s*$",
    r"\bcut (?:my|both) (?:wrists?|arms?|legs?|thighs?)\b", r"\b(?:i'm|i am) bleeding\b",
    r"\b(?:punch|punching|punched|hit|hitting|scratch|scratching|bite|biting|starve|starving|burn|burning) (?:my ?self|myself)\b",
    r"\b(?:don't|do not) want to (?:be alive|live|exist|wake up|be here)\b",
    r"\b(?:crash|crashing|swerv\w*|steer\w*) (?:the|my) car\b", r"\b(?:do|doing) something (?:stupid|silly|drastic)\b",
    r"\b(?:going to|gonna|will|i'll|ready to) do it (?:tonight|today|this weekend|now|soon|tomorrow)\b",
    r"\b(?:burn|burning|burnt|cut|cutting|scratch\w*|hurt\w*|slash\w*) (?:my|both) (?:arms?|legs?|wrists?|skin|thighs?|hands?|stomach)\b",
    r"\bwon't be (?:a problem|a burden|around|here|in (?:anyone's|your) way) (?:for )?(?:much )?longer\b",
    r"\b(?:stop|end|it all)\b[^.]{0,20}\bfor good\b", r"\bif i'm not (?:here|around|alive) (?:tomorrow|next week|anymore|any more|by)\b",
    r"\bcan't live with (?:myself|what i did|what i've done|what happened)\b",
    r"\b(?:don't|do not) expect to (?:be (?:around|here|alive)|see (?:christmas|the (?:summer|new year|end)))\b",
    r"\b(?:made|making|have|got|i've got) a plan to do it\b", r"\bplan(?:ning|ned)? to do it (?:on|at|this|tonight|tomorrow|soon|when)\b",
    r"\b(?:engine|car|motor|van) (?:running|on|ticking over)\b[^.]{0,30}\bgarage\b", r"\bgarage\b[^.]{0,30}\b(?:engine|car|motor|van) (?:running|on|ticking over)\b",
    # A means held in a place of danger, or a night that "might be different".
    r"\b(?:bath|bathroom|car|bed|garage|shed|woods)\b[^.]{0,25}\bwith (?:a|the|my) (?:razor|knife|blade|rope|belt)\b",
    r"\b(?:with|holding) (?:a|the|my) (?:razor|knife|blade)\b[^.]{0,40}\b(?:for (?:an|a|ages|hours)|didn't|didnt|tonight)\b",
    r"\b(?:tonight|tomorrow|next time|this time) (?:might|could|may|will) be different\b",
    # Words for after one is gone: "a letter to my team explaining why I did it. For after."
    r"\b(?:letter|note|message|email)\b[^?]{0,60}\b(?:why i did it|for after\b(?! (?:the|this|that|we|i|christmas|easter|lunch|\w+day)))", r"\bhose ?pipe (?:for|in|to) the (?:car|exhaust)\b",
    r"\b(?:water|river|sea|drop|edge|tracks|bridge|railway)\b[^.]{0,15}\b(?:looks|seems|feels|is looking) (?:so |really |very )?(?:peaceful|inviting|tempting|calm|welcoming)\b",
    r"\b(?:at work|here) and everywhere else\b", r"\b(?:don't|do not) deserve to (?:live|be alive|be here)\b",
    r"\bdeserve to die\b", r"\b(?:stash|stockpile|hoard) of (?:my )?" + PILLS, r"\b(?:made|sorted|written|updated|finished) (?:a |my )will\b",
    r"\bcancell?ed (?:my )?(?:direct debits|subscriptions|everything)\b",
    r"\b(?:don't|do not) want to do (?:life|this life|living)\b", r"\b(?:want|wanna|going) to stop living\b",
    r"\b" + PILLS + r" (?:are )?(?:in front of me|next to me|in my hand|beside me|here with me)\b",
    r"\b(?:taken|took|swallowed|drunk|drank) (?:everything in the (?:cupboard|cabinet|drawer)|the lot|a bottle of|a packet of|a box of|all of (?:them|it))\b",
    r"\b(?:drank|drunk|drink|drinking|swallowed|swallow) (?:some |a bottle of |the )?(?:bleach|antifreeze|weedkiller|poison)\b",
    r"\b(?:throw|throwing|threw) myself\b", r"\b(?:at|on|near) the edge of (?:the|a) (?:cliff|platform|bridge|roof|building|car park|multi-storey)\b",
    r"\b(?:live or die|living or dying|whether i live)\b", r"\bmade my peace\b",
    r"\b(?:don't|do not|no one can|nobody can|you can't|no-one can) (?:try to |try and )?stop me\b",
    r"\b(?:it'll|it will|it'll all|everything will|this will|it's all going to) (?:all )?be over (?:soon|tonight|tomorrow|by)\b",
    r"\b(?:soon|after (?:tonight|today|friday|this week|this weekend)),? (?:it|nothing|none of (?:it|this)) (?:won't|will not|wont) matter\b",
    r"\bwon't be (?:around|here) (?:to see|for)\b", r"\bi'll be gone(?:\s*$| soon| by| for good| forever)",
    r"\b(?:top|topping) (?:my ?self|myself)\b", r"\bno point (?:in )?(?:living|going on|carrying on|being alive|to (?:life|living))\b",
    r"\b(?:doing (?:everyone|everybody|them|you all|my family) a favour|a favour to (?:everyone|everybody)) (?:if|by|when)\b",
    r"\bcan't go on\s*(?:$|anymore|any more|like this|with (?:life|living|this|it)|much longer)",
    r"\b(?:scared|afraid|frightened|terrified|fear|fearing|worried) for my (?:safety|life)\b",
    r"\b(?:assaulted|attacked|raped|beaten up|stabbed) (?:tonight|today|just now|this morning|this evening|an hour ago|last night)\b",
    r"\bjust been (?:assaulted|attacked|raped|beaten up|stabbed)\b",
    r"\bpoint of me\b", r"\bwaiting to die\b", r"\b(?:want|wants|wanted|wanting) to not (?:be here|be alive|exist|wake up|be around)\b",
    r"\b(?:not sure|don't know if|no longer sure) (?:i )?(?:want|wanna) to (?:be alive|live|be here|go on|carry on)\b",
    r"\b" + PILLS + r"\b[^.]{0,30}\bthinking about it\b", r"\blooking at (?:the|my|all the|all my) " + PILLS,
    r"\bbought (?:a lot of|loads of|lots of|extra|enough|(?:a few|several|[0-9]+|two|three|four|five) (?:packets|boxes|bottles)(?: of)?) " + PILLS,
    r"\bcan't see myself (?:being )?(?:here|alive|around) (?:next|in|by|much|for)\b",
    r"\buntil (?:it|they|i) bleeds?\b", r"\b(?:how easy|easy) it (?:would|'d) be to (?:crash|die|end it|jump|step|swerve|overdose|just go|not be here)\b",
    r"\bgive up on (?:life|living)\b",
    r"\bwould (?:grieve|mourn|be sad|cry|be upset)\b[^.]{0,40}\b(?:relieved|move on|get over (?:it|me)|better off|forget me)\b",
    r"\b(?:grieve|mourn|grieving|mourning) (?:for )?me\b",
    # Means gathered quietly: from several shops so nobody asks, saved instead of taken, carried.
    r"\bfrom (?:(?:two|three|four|five|several|different|diffrent|multiple|a few|various) )+(?:different |diffrent )?"
    r"(?:shops|chemists|pharmacies|supermarkets|stores|places)\b",
    r"\bso (?:nobody|no one|no-one|noone) (?:would|will|'d) (?:ask|notice|question|suspect)\b",
    r"\b(?:started |been |i'm |am )?(?:saving|keeping|storing|hiding) (?:them|it|my \w+|the \w+) (?:up )?instead\b",
    r"\bstopped taking (?:my|the) \w+ and (?:started |am |i'm )?(?:saving|keeping|storing|hiding)\b",
    r"\b(?:carry|carrying|keep|keeping) (?:a )?(?:blade|razor|knife|stanley knife)\b[^.]{0,40}\b(?:with me|in my|on me|gets me through|only thing)",
    # Places of danger, and waiting there: a level crossing, an open window high up, the train, the lorries.
    r"\b(?:level crossing|railway crossing|train tracks|platform edge|the halt|(?:top|\w+th|fourth|fifth|sixth|third) floor)\b"
    r"[^.]{0,60}\b(?:waiting|wait for|feel right|one step|windows? open|edge|jump|think about|keep thinking)",
    r"\bone step\.? just one\b", r"\btrain\b[^.]{0,40}\bone step\b",
    r"\bswerv\w* (?:towards|into|at|in front of) (?:the |a )?(?:lorries|lorry|traffic|oncoming|trucks?|buses|bus|wall|barrier)\b",
    # Putting things in order: a pet rehomed, the papers cancelled, the rota made to run without them.
    r"\b(?:given|gave|giving|gien|rehomed|rehoming) (?:the|my|ma) (?:dog|dug|cat|pets?|horse)\b(?: away| to)",
    r"\bcancell?ed (?:the|my|ma) (?:papers|newspapers|paper|milk)\b",
    r"\bwon't need (?:the|my) (?:diary|calendar|car|laptop|phone|pass|lanyard|locker) (?:after|from|beyond)\b",
    r"\bwithout my name on it\b", r"\b(?:nobody|no one|no-one) will come looking\b",
    r"\b(?:i have|i've got|ive got|i've made|made|got) a plan for (?:friday|saturday|sunday|monday|tuesday|wednesday|"
    r"thursday|tonight|tomorrow|the weekend|this weekend)(?=\s*(?:[.!]|$|and\b|so\b|now\b))",
    r"\bso (?:this|it|that) can (?:all )?(?:just )?be over\b", r"\bmight as well make it official\b",
    r"\bsaying goodbye to everything\b", r"\bnever (?:have to )?(?:face|see) (?:anyone|anybody|people|them) again\b[^?]{0,20}\bpermanently\b",
    r"(?<!our )(?<!staff )(?<!employee )(?<!their )(?<!a )\b(?:death in service|life insurance|life policy)\b(?! (?:scheme|benefits?|for (?:staff|employees|our)))"
    r"[^.]{0,50}\b(?:pays? out|payout|pay out|for my (?:wife|husband|family|kids))",
    # Not planning to be here: "I don't plan on being here in January", "not sure I'll still be around".
    r"\b(?:not|don't|do not|no) (?:planning|plan|intention of|intend) (?:on |to be |of )?(?:being )?(?:around|here|alive)\b"
    r"(?! (?:for|at|on|in) (?:the|this|that|our|my|a) (?:meeting|call|session|away day|event|conference|launch|workshop|course|office|weekend|team))",
    r"\bnot (?:sure|certain) (?:if |whether |that )?i'll (?:still )?be (?:around|here|alive) (?:by|for|when|to see|much)\b",
    # A note's words: read after the writer has gone, blame lifted from someone left behind.
    r"\bby the time (?:you|anyone|they|she|he|you all) (?:read|reads|see|sees|find|finds) this,? i(?:'ll| will) "
    r"(?:be at peace|be gone|not be here|no longer be|have gone|be dead|be out of (?:your|everyone's) way)\b",
    r"\btell (?:her|him|them|my \w+) (?:that )?(?:none of (?:it|this)|it) (?:was|wasn't|was not|is not|isn't) (?:not )?(?:her|his|their|your) fault\b",
    r"\bif (?:anything|something) (?:happens?|should happen) to me,? (?:please )?(?:tell|give|make sure|can you|let)\b",
    # Out of the way for good: "take myself out of the equation", "me off the car park roof".
    r"\btak(?:e|ing) (?:my ?self|myself) out of (?:the equation|the picture|everyone's way|the way|it all)\b",
    r"\bme off (?:the|a) (?:car park |multi-storey |hospital |top of the )?(?:roof|bridge|cliff|ledge)\b",
    r"\b(?:i'm|i am|i feel like|feel like|just) (?:just )?(?:extra|dead) weight\b",
    # Affairs put in order: a pet rehomed, possessions shared out, a handover "for whoever comes after me".
    r"\bfound (?:a )?(?:new )?homes? for (?:the|my|ma|her|his|both|all (?:my|the|her|his)) (?:dog|dogs|cat|cats|pets?|rabbits?|horses?)\b",
    r"\bfound (?:the|my) (?:dog|cat|pets?) (?:a )?new home\b",
    r"\b(?:sorting|sorted|working) out who (?:gets|will get|should get|has) what\b",
    r"\b(?:stood|standing|stand|leaning|leant) (?:at|on|over) the (?:railings?|parapet|edge)\b[^.]{0,60}\b(?:hour|ages|again|thinking|can't stop|cant stop|back)\b",
)
# Someone harming or threatening the leader: danger, whoever it comes from.
DANGER = _any(
    r"\bhands? (?:round|around|on) (?:her|his|my|their|me) ?(?:\w+ )?(?:neck|throat)\b",  # strangling, now
    r"\b(?:hit|hits|hitting|punched|punches|kicked|kicks|pushed|shoved|strangled|choked|chokes|beat|beats|"
    r"beaten|slapped|slaps|attacked|attacks|hurt|hurts|hurting|raped|pinned|grabbed|locked|strangles) me\b(?<!locked me)|"
    # Locked in, or out of home, by someone ("EMIS has locked me out again" is a login).
    r"\blocked me\b(?! out\b)|\blocked me out of (?:the|my|our) (?:house|flat|home|room)\b|\b(?:he|she|they) (?:locked|locks) me out\b",
    r"\b(?:threaten(?:ed|s|ing)?|said|says|saying|told me|swore) (?:that )?(?:he|she|they)?(?:'ll| will| would| is going to| was going to|'d)? ?(?:to )?(?:kill|hurt|get|attack|stab|burn|harm) (?:me|the kids|us|my)\b",
    r"\bthreaten(?:ed|s|ing)? to (?:kill|hurt|harm|stab|attack) (?:me|us|my)\b",
    r"\b(?:he|she|they)(?:'ll|'s going to| will| is going to| might| could)? (?:kill|hurt|get|attack) me\b",
    r"\b(?:finish|finished|finishing) me off\b", r"\bwith me (?:still )?in it\b",
    r"\b(?:he'll|she'll|they'll) (?:really )?(?:kill|hurt|get|attack) me\b",
    r"\bscared (?:to go home|of going home|for my life|he'll|she'll|he will|she will|they'll)\b",
    r"\b(?:afraid|frightened|terrified) (?:to go home|for my life|he'll|she'll)\b",
    r"\b(?:being|been|getting) (?:hurt|hit|beaten|abused|attacked|stalked|followed|threatened) (?:at home|by (?:my|him|her)|again)\b",
    r"\bi'm being (?:hurt|hit|beaten|abused|stalked)\b", r"\bbeing stalked\b",
    r"\b(?:outside|banging on|trying to get in|at) (?:my|the) (?:door|house|flat|window)\b[^.]{0,40}(?:he|she|they|kill|hurt|scared|now)",
    r"\b(?:he's|she's|they're|he is|she is) (?:outside|banging|at the door|drunk and angry|trying to get in)\b",
    r"\blocked (?:me )?in (?:the|my) (?:house|room|bathroom|flat)\b", r"\b(?:break|breaking|broke|get|getting) in(?:to)? (?:my|the) (?:house|flat|home|room)\b(?! (?:market|of))",
    r"\b(?:won't|will not|doesn't|does not) let me (?:leave|go out|out of|see|have my phone|use my phone)\b", r"\b(?:taken|took|takes) my (?:phone|keys|car keys|passport|bank card)\b", r"\blocked in the bathroom\b",
    r"\bknows where i live\b", r"\bset fire to my (?:house|home|flat|car)\b",
    r"\bgets violent\b", r"\b(?:violent|abusive) (?:partner|husband|wife|boyfriend|girlfriend|ex)\b",
    r"\bpushed me down\b", r"\bhit me again\b", r"\bthreaten(?:s|ed|ing)? me\b",
    r"\bfollow(?:ing|ed|s)? me (?:home|around|everywhere|to my car|from work|every)\b", r"\bfollowing me\b[^.]{0,30}\b(?:scared|frightened|afraid)\b",
    r"\b(?:scared|frightened|afraid)\b[^.]{0,30}\bfollowing me\b",
    r"\b(?:ex|partner|husband|wife|boyfriend|girlfriend|he|she)(?:'s| is) (?:outside|here|downstairs|at the door)\b",
    r"\b(?:with|has|holding|got) a (?:knife|gun|weapon)\b", r"\bthrew (?:\w+ ){1,3}at me\b", r"\bnext time it'll be me\b",
    r"\bhiding (?:in|from)\b[^.]{0,40}\b(?:he|she|him|her|my ex|my partner|my husband|my wife|boyfriend|girlfriend)\b",
)
# Someone close to the leader in danger now, by their own hand: "my colleague has taken an overdose
# and is in the staff room", "she's locked herself in with all her pills", "he's on the car park
# roof". The leader needs the emergency numbers for them. (Said of a patient, a resident or a
# service user, or in the past tense, it is a matter of work: "a patient took an overdose last year".)
_CLOSE_OTHER = (r"(?:he|she|they|my (?:\w+ )?(?:colleague|deputy|friend|manager|boss|nurse|carer|worker|pa|son|daughter|husband|wife|"
                r"partner|mum|dad|mother|father|brother|sister|team member|staff member|flatmate)|(?:a|one of my|our) (?:\w+ )?(?:colleague|"
                r"nurse|carer|staff member|team member|band \d+s?|hca|support worker))")
THIRD_PARTY_NOW = _any(
    r"\b" + _CLOSE_OTHER + r"\b[^.?!]{0,40}?(?:\b(?:has|have)|'s|'ve)\s+(?:just\s+)?(?:taken|swallowed|had|necked|downed)\s+"
    r"(?:an overdose|(?:all|a load of|loads of|a handful of|too many|a bottle of|a packet of|a box of|the lot of) (?:(?:his|her|their|the|my) )?(?:\w+ )?" + PILLS + r")",
    r"\b" + _CLOSE_OTHER + r"\b[^.?!]{0,40}?(?:\b(?:is|are)|'s|'re)\s+(?:just\s+)?(?:threatening|going|about|trying|planning) to "
    r"(?:kill|hurt|harm|hang|cut|end) (?:himself|herself|themselves|his life|her life|their life|it all)",
    r"\b" + _CLOSE_OTHER + r"\b[^.?!]{0,40}?(?:\b(?:has|have)|'s|'ve)\s+(?:just\s+)?(?:cut|hurt|harmed|hanged|hung|tried to kill|tried to hang|"
    r"attempted to kill|locked) (?:himself|herself|themselves)\b(?! out)",
    r"\b" + _CLOSE_OTHER + r"\b[^.?!]{0,40}?(?:\b(?:is|are)|'s|'re)\s+(?:standing |sat |sitting )?(?:on|at) the (?:edge of the )?(?:roof|bridge|ledge|cliff|railway|tracks)\b",
)
# Crisis words in figures of speech of a working life, blanked before the crisis patterns read a
# clause: "an overdose of meetings", "cut myself some slack", "enough rope", "the burden of proof".
CRISIS_IDIOM = _any(
    r"\boverdose of (?!" + PILLS + r")\w+", r"\bcut (?:my ?self|myself|me) (?:some|a bit of|a little) slack\b",
    r"\benough rope\b", r"\bropes\b", r"\bburden of proof\b", r"\bdie on (?:this|that|the|a|every) hill\b",
    r"\bdisappear (?:under|into|behind) (?:the|my|a) (?:duvet|covers|desk|sofa|garden|shed|office|study|spreadsheet|laptop)\b",
    r"\b(?:phone|battery|laptop|wifi|computer|printer|tablet|headset)(?:'s| is| has| was)? (?:about to |going to |gonna )?(?:die|dying|dead|died)\b",
    r"\b(?:career|political|professional|electoral|commercial|reputational|corporate) suicide\b", r"\bsuicide (?:mission|run)\b",
    r"\brun away to (?:the sea|the circus|the hills|a desert island|a beach|the seaside|spain)\b", r"\bthrow(?:ing|n)? myself into (?:the|my|this|it|work|a|an)\b", r"\bkill(?:ing)? myself laughing\b", r"\bkill(?:ing)? (?:two|2) birds\b",
)
# The crisis words, said in the negative about oneself: "I'm not in danger", "not suicidal".
NEGATED_SAFE = _any(
    r"\b(?:not|never|n't|no) (?:in )?(?:any )?(?:danger|at risk|suicidal|going to (?:hurt|harm|do anything)|"
    r"(?:want|wanna|going) to (?:hurt|harm|kill) (?:myself|my ?self))",
    r"\b(?:i'm|i am|i feel) (?:perfectly |totally |completely )?safe\b(?! to (?:say|assume))", r"\bi'm safe\b(?! to (?:say|assume))",
    r"\b(?:would|wud|will|'d) never (?:hurt|harm|do anything to|kill) (?:myself|my ?self)",
    r"\bwouldn't (?:hurt|harm|do anything to) (?:myself|my ?self)",
)
# The general case: a wish, thought or plan (a cue) and death or self-harm (a term) in the same
# clause of the leader's, when no idiom explains it ("dying to know", "dead keen", "the death of
# me"). Catches phrasings the specific patterns above do not name.
DEATH_TERM = re.compile(
    r"\b(?:die|dying|dead|death(?! of| in| review| rate)|suicid\w*|kill (?:my ?self|me)|unalive|not (?:be )?alive|"
    r"(?:wasn't|weren't|wasnt) (?:alive|here|around)|not exist\w*|disappear\w*|overdos\w*|"
    r"end (?:it|my life|things|everything|it all)|ending (?:it|my life|things)|hang myself|jump(?:ing)? (?:off|from|in front)|"
    r"the tracks|train line|railway line|not wake up|never wake up|not waking up|gone for good|no longer here)\b"
)
DEATH_CUE = re.compile(
    r"\b(?:want|wanna|wanted|wish|wishing|hope|hoping|plan|planning|going to|gonna|ready|think|thinking|thought|thoughts|"
    r"keep|deserve|better off|easier|rather|tempted|urge|urges|decided|looking up|look up|researching|googl\w*|tonight|"
    r"dream|dreaming|fantas\w*|would be|could just|just want|need to|welcome|relief|peace|longing|long for|pray|"
    r"would (?:fix|solve|sort|help|end|pay)|insurance|pays? out)\b"
)
DEATH_IDIOM = re.compile(
    r"\b(?:dying (?:to|for)|die hard|died? (?:a|a quiet|a slow|down|out|laughing|of embarrassment)|dead (?:keen|against|cert|tired|good|easy|"
    r"on|end|line|link|lock|weight|wood|in the water|set|serious|right|loss|heat|ringer|simple|lucky|chuffed|proud|busy|boring)|"
    r"deadline|deadlock\w*|death of me|bored to death|sick to death|scared to death|to death of|over my dead body|(?:phone|battery|laptop|"
    r"link|idea|project|pilot|plan|proposal|momentum|meeting|call|conversation|debate|scheme|initiative)(?:'s| is| has| had)? (?:\w+ )?(?:died|dead|dying)|"
    r"disappear(?:ed|s|ing)? (?:from|off|into) (?:the|my|our|view|sight)|disappointed|jump(?:ing)? (?:at|in|on|ship|through|the gun|to))\b"
)
THING_BETWEEN = re.compile(r"\b(?:the|a|an|this|that|these|those|our|their|his|her|its|we|they|he|she|it|you|people|everyone|someone)\b(?! (?:tracks|train line|railway line)\b)")
# Crisis said across sentences: "I'm done. Goodbye".
# A goodbye or an absence with a return in it is not a farewell ("this is goodbye from me until
# January", "I won't be around next week, I'm on holiday", "I'll disappear for an hour").
TEMPORARY_ABSENCE = re.compile(
    r"\b(?:on (?:annual |study |parental |maternity |paternity )?leave|(?:annual|study) leave|(?<!like a )holidays?|"
    r"sabbatical|secondment|school run|on (?:a|the|my|an) (?:\w+ ){0,2}(?:course|conference|programme|retreat|residential|study day|away day|induction)|(?:here|around|there|in) (?:on \w+day |tomorrow |today )?for (?:the|a|my|our|this|that) (?:\w+ )?(?:board|handover|meeting|call|visit|"
    r"panel|clinic|ward round|training|huddle|session|launch|interview|inspection|away day|conference)|by [0-9]+(?::[0-9]+)?(?: ?[ap]m)?|the next (?:cohort|session|meeting)|until (?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december|monday|tuesday|wednesday|thursday|friday|the new year|next|tomorrow|after)|"
    r"for an? (?:hour|day|week|fortnight|month|while|bit|couple)|be back|i'm back|back (?:tomorrow|next|after)|"
    r"for the (?:afternoon|morning|evening|day|week|weekend|rest of the \w+)|moving to|(?:i|we) move to|going part[- ]time|"
    r"(?:another|a different) (?:job|role|post)|starting (?:at|with|a new)|joining (?:the|a|an)\b(?! (?:dots|them))|(?:my|on|of|because of) (?:annual )?leave|(?:a|my|the) new (?:job|role|post)|next cohort)\b"
)
# What a goodbye or an absence with a return in it must also say to stay a crisis: harm or death
# ("I'll be gone by 3 for the school run" is not; "I'm going away for good, not like a holiday" is).
HARM_OR_DEATH = re.compile(
    r"\b(?:die|dying|dead|death|kill\w*|suicid\w*|overdos\w*|harm\w*|hurt\w*|cut\w*|pills|tablets|rope|bridge|razor|blade|grie\w+|mourn\w*|funeral|"
    r"end(?:ing)? (?:it|my life|things|everything)|never (?:come back|wake)|for good|forever|for ever|not like a|goodbye forever|"
    # An absence arranged so that nobody finds out in time is no holiday.
    r"(?:nobody|no one|no-one) (?:will|would) come looking|so (?:nobody|no one|no-one) (?:would|will) (?:ask|notice)|"
    r"won't be here for it|no point (?:booking|planning|taking|having)|"
    r"cancell?ed (?:my|all my|the) (?:annual )?(?:leave|holidays?))\b|\b(?:i have|i've got|ive got|made|got) a plan for \w+(?=\s*(?:[.!]|$|and\b|so\b))"
)
# An injury with an ordinary cause ("I hurt my wrist playing netball"): not self-harm, unless meant.
_INJURY = r"(?:hurt|injured|cut|burnt|burned|broke|broken|sprained|bruised|twisted|pulled|banged|scraped|grazed)"
_CAUSE = (r"(?:playing|moving|lifting|carrying (?!on)|at the gym|in the gym|fell|had a fall|tripped|slipped|out running|on a run|"
          r"football|netball|rugby|hockey|cycling|gardening|in the garden|by accident|accidentally|diy|skiing|climbing|"
          r"on the stairs|in the kitchen|cooking|chopping)")
ACCIDENT = re.compile(r"\b" + _INJURY + r"\b[^.]{0,40}\b" + _CAUSE + r"|\b" + _CAUSE + r"[^.]{0,40}\b" + _INJURY + r"\b")
MEANT = re.compile(r"\b(?:on purpose|deliberately|again|until|so (?:that )?i (?:could|can)|to (?:feel|punish))\b")
# A decision with no object, said where there is distress ("no one can help me, I've made my
# decision"): resolve in despair is a crisis.
BARE_RESOLVE = re.compile(r"\b(?:i've|i have|i) (?:made (?:my|a|the) (?:decision|choice)|made up my mind|decided)\s*$|\bmy mind is made up\s*$")
# A crisis word as the modifier of a thing of work ("the meds audit", "a medication review").
THING_AFTER = re.compile(r"\s+(?:" + WORK_THING.pattern + r")")
# An ending, leaving or goodbye whose ordinary, working reading the leader rules out in the same
# message: "my last shift ever. not retiring btw", "that's it for me. Not the job. Me.", "the only
# exit strategy I want is my own, and I don't mean the career kind". (A leaving with a return or a
# new start in it is still no crisis: TEMPORARY_ABSENCE.)
_ENDING = (r"(?:last (?:shift|day|week|time|ever)|leaving|goodbye|bye|thank ?you (?:email|note|message|card|letter)|"
           r"thanks for (?:everything|the chats|trying|all)|(?:that's|that is|thats) it for me|it for me|exit|out of office|"
           r"(?:won't|wont|not) be (?:here|around)|not (?:being|be) (?:here|around)|(?:not|never) (?:going to|gonna) make it|"
           r"resign\w*|letters?|forever|for ever|gone|checking out|signing off|clocking off|the end|done|finished|stepping away|going away)")
_NOT_WORK = (r"(?:(?:not|isn't|wasn't|nothing to do with|i don't mean|don't mean|i didn't mean|i'm not talking about|not talking about)"
             r" (?:\w+ )?(?:retiring|retirement|leaving (?:the|my|this) (?:job|post|role|trust|team|service|practice|nhs)|"
             r"(?:the|my) (?:job|role|post|career)(?: kind| sense| way)?|the career kind|career|a resignation|resigning|work|"
             r"because of (?:the |my |this )?(?:rota|job|work|shifts|role|restructure)(?![^.?!]{0,30}\bbecause\b)|in the (?:work|job|career) sense|that kind of \w+)"
             r"|\bmaybe not (?:joking|kidding)\b|\bonly half (?:joking|kidding)\b|\bproperly not here\b|\bnot the job\W+me\b)")
DISCLAIMED_ENDING = (r"\b" + _ENDING + r"\b[^?]{0,120}?\b" + _NOT_WORK + r"|\b" + _NOT_WORK + r"\b[^?]{0,80}?\b" + _ENDING + r"\b")
CRISIS_WHOLE = _any(r"\bi'm (?:so )?done\b[^?]{0,60}\b(?:i'm sorry|sorry for everything|goodbye)\b",r"\b(?:a|my) plan\b[^?]{0,40}\b(?:pills|tablets|rope|the means)\b",r"\bi'm done[.!,]* (?:goodbye|bye)\b", r"\bgoodbye\b[^?]{0,40}\b(?:sorry|forever|for good|love you)\b",
                    r"\b(?:sorry|love you all)\b[^?]{0,40}\bgoodbye\b", DISCLAIMED_ENDING,
                    # Two-part evidence said in two sentences: a place of danger and waiting there, a
                    # policy that pays out, never facing anyone "permanently".
                    r"\b(?:level crossing|railway crossing|train tracks|platform edge|(?:top|\w+th|fourth|fifth|sixth|third) floor)\b"
                    r"[^?]{0,80}\b(?:waiting for it|feel right|one step|windows? (?:open|opens)|think about (?:it|jumping)|keep thinking)",
                    r"(?<!our )(?<!staff )(?<!employee )(?<!their )(?<!a )\b(?:death in service|life insurance|life policy)\b"
                    r"(?! (?:scheme|benefits?|for (?:staff|employees|our)))[^?]{0,60}\b(?:pays? out|payout|pay out)\b",
                    r"\bnever (?:have to )?(?:face|see) (?:anyone|anybody|people|them) again\b[^?]{0,20}\bpermanently\b",
                    # A farewell to the coach: "just to say goodbye really. you've been more help than most".
                    r"\b(?:just )?(?:wanted )?to say goodbye\b[^?]{0,80}\b(?:take care|thank|thanks|you were|you've been|youve been)\b",
                    r"\b(?:i've|ive|i have) decided\b[^?]{0,30}\bthanks for (?:trying|everything|listening)\b",
                    r"\bthanks for trying\b[^?]{0,30}\byou (?:were|was|have been|'ve been) (?:nice|kind|good|lovely|great)\b",
                    r"\b(?:typing|writing|messaging|texting) (?:this|you) (?:from|on) (?:the|a) (?:bridge|cliff|cliffs|tracks|railway|roof|ledge|edge|car park roof)\b")
NEGATION = re.compile(r"\b(?:not|never|no|n't|don't|doesn't|won't|wouldn't|isn't|aren't|ain't|nor|without)\b|n't\b")
NEGATION_NOT = re.compile(r"\b(?:don't|do not|can't|cannot|couldn't) (?:think|stop|help|see|know)\b|\bnot sure\b|\bnot exactly\b|"
                          # "haven't been able to stop crying", "can't reply without wanting to cry": the state stands
                          r"\b(?:haven't|have not|hasn't|not|never) been able to stop\b|\bunable to stop\b|"
                          r"\bwithout (?:wanting|starting|beginning|bursting|needing|having) to\b")

# Where a crisis word is a topic, a service or somebody else's: "suicide prevention strategy".
CRISIS_TOPIC = _any(
    r"\bsuicid\w* (?:prevention|postvention|strategy|awareness|training|rates?|statistics|audit|policy|"
    r"partnership|lead|plan|risk assessment|bereavement|data|figures|review|reviews|among|in (?:men|young|staff|doctors|nurses)|"
    r"first aid|safe|alertness|intervention|pathway|services?|support|mitigation)",
    r"\bself[- ]?harm\w* (?:training|policy|services?|pathway|rates?|among|awareness|prevention|strategy|data|in (?:young|children)|"
    r"admissions|presentations|cases|figures|incidents|referrals|team|teams|rising|is rising|are rising|lead|policies|protocol|risk)",
    r"\b(?:prevent|preventing|prevention of|reduce|reducing|reduction in|respond to|responding to|resources on|training on|guidance on|talk about|talking about|ask about|asking about) (?:suicide|self[- ]?harm)\b(?! (?:again|myself))",
    r"\b(?:patients?|residents?|people|clients?|young people|service users?|staff|men|children|someone|colleagues?|relatives?|"
    r"team|member|deputy|manager|nurse|carer|worker|student|son|daughter|friend|he|she|they)\b[^.]{0,40}\b(?:suicid\w*|self[- ]?harm\w*|wanting to die|want to die)",
    r"\b(?:disclosed|disclosure of|reported|a history of)\b[^.]{0,20}\b(?:suicid\w*|self[- ]?harm\w*)",
    r"\bfirst aid\b", r"\bpostvention\b",
    # A crisis word naming a programme, a measure or an event of work: "our overdose awareness day",
    # "drug overdose deaths data", "the Zero Suicide ambition", "a campaign on male suicide".
    r"\b(?:drug |opioid |alcohol )?(?:overdose|suicide|self[- ]?harm|drug[- ]related death)s?(?: deaths)? (?:awareness|ambition|campaign|data|"
    r"figures|statistics|stats|rates?|strategy|prevention|reduction|review|audit|dashboard|report|stall|"
    r"event|conference|summit|programme|framework|pilot|training|pathway|policy|kits?)\b",
    r"\bzero suicide\b",
    r"\b(?:campaign|awareness|strategy|training|conference|webinar|event|programme|work|report|briefing|data|statistics)"
    r" (?:on|about|around|for|into|tackling|reducing) (?:\w+ ){0,2}(?:suicid\w*|overdos\w*|self[- ]?harm\w*)\b",
)

# --- distress: burnout, not coping, exhaustion, bullying, sleep, panic, crying ----------------
# States that need a holder: counted only when the nearest subject is the leader, or there is none.
DISTRESS_STATE = _any(
    r"\bburn(?:t|ed|ing)?[- ]?out\b", r"\b(?:can't|cannot|can not|not|unable to|struggling to|barely) cop(?:e|ing)\b", r"\bnot coping\b",
    r"\b(?:exhausted|knackered|shattered|drained|depleted|wrung out|worn out|worn down|frazzled|hollowed out|running on (?:empty|fumes|nothing))\b",
    r"\b(?:so|really|very|constantly|always|completely|utterly|extremely|incredibly|just|too|permanently) tired\b(?! of)",
    r"\btired all the time\b", r"\bi'm tired\s*$", r"\bno energy\b", r"\bnothing left to give\b", r"\bnothing left in the tank\b",
    r"\b(?:can't|cannot|not|barely|haven't|hardly) (?:sleep|sleeping|slept)\b", r"\binsomnia\b", r"\blying awake\b",
    r"\bwak(?:e|ing) (?:up )?at [0-9]", r"\bup all night (?:worrying|crying|thinking)\b",
    r"\b(?:having|have|get|getting|had|keep having) nightmares\b", r"\bnightmares (?:about|since|every|after)\b", r"\bflashbacks?\b",
    r"\b(?:cry|crying|cried|cries|sob|sobbed|sobbing|tearful|in tears|burst(?:ing)? into tears|weep|weeping|wept)\b",
    r"\b(?:anxiety|panic attacks?|panicking|panicky|on edge|jumpy|shaky|shaking|shake|dizzy)\b",
    r"\b(?:so|really|very|too|constantly|always|incredibly|extremely|permanently|massively|super) anxious\b", r"\banxious (?:all the time|and|most days|every day|constantly|i|that i)\b", r"\banxious\s*$",
    r"\b(?:can't|cannot) (?:breathe|breath|switch off|stop shaking|think straight|concentrate|focus|eat|function|stop thinking about)\b",
    r"\b(?:can|could) (?:barely|hardly) (?:function|breathe|think|cope|get up|get out of bed|keep going)\b",
    r"\bnot doing (?:well|great|good|too well|so well|ok|okay)\b(?! (?:at|with|on|in|by|for)\b)", r"\b(?:no one|nobody|no-one) can help me\b",
    r"\bheart (?:pounds|pounding|races|racing)\b", r"\b(?:threw|throw|throwing) up\b", r"\bfeel (?:physically )?(?:sick|ill|unwell)\b",
    r"\b(?:feel|feeling|i'm|i am|felt|been)\b[^,.]{0,20}\b(?:low|(?<!stepping )(?<!step )(?<!standing )(?<!stood )down|empty|numb|worthless|hopeless(?! (?:at|with) (?!everything|life|it all)\w)|broken|defeated|hollow|miserable|"
    r"depressed|flat|alone|lonely|isolated|guilty|ashamed|a failure|like a failure|like a fraud|like nothing|nothing|dreadful|"
    r"horrible|overwhelmed|stressed|desperate|trapped|fragile|detached|like a robot|"
    r"out of control|panicky|scared all|frightened all|like giving up|like i'm failing|like i'm letting|like i'm losing)\b",
    r"\b(?:feel|feeling|i'm|i am|felt)\b[^,.]{0,20}\buseless\b(?! at\b)",
    r"\b(?:feel|feeling|i'm|i am|felt)\b[^,.]{0,20}\b(?:awful|rubbish|crap|terrible)\s*$",
    r"\b(?:overwhelmed|overwhelming me|too much for me|it's all too much|everything (?:is|feels) too much|getting on top of me|on top of me)\b",
    r"\bfeels? too much\b", r"\bcan't take (?:it|this|any more|anymore|much more)\b", r"\bat (?:my )?breaking point\b",
    r"\b(?:falling apart|cracking up|losing it|in pieces|going to pieces|holding it together|hanging by a thread|at rock bottom|hit rock bottom)\b",
    # (not a contrast after a comma: "on behalf of my heads of service, not myself")
    r"(?<![,;] )(?<![,;])\b(?:not|never) (?:ok|okay|alright|all right|right|myself)\b", r"\bnot in a (?:good|great) place\b", r"\bin a (?:bad|dark) place\b",
    r"\b(?:really|so|just|badly|seriously) struggling\b", r"\bstruggling\s*$", r"\bstruggling (?:with (?:my|everything|it all|life|this job|the job|this role|work|stress|anxiety|sleep)|to (?:keep going|cope|get out of bed|function|sleep))",
    r"\b(?:hard|tough|awful|terrible|rough|horrible) time\b", r"\bbreakdown\b(?! (?:in|of|between|by))", r"\bbreaking down\b",
    r"\bmy (?:head|head's|heads) (?:is )?(?:a mess|all over|a shed|gone)\b", r"\bhead's a mess\b", r"\bheads a mess\b",
    r"\bmy (?:mental health|anxiety|depression|stress levels?|nerves|mood|confidence) (?:is|are|has|have|'s)\b", r"\bmy mental health\b",
    r"\b(?:dread|dreading|dreaded)\b(?! to think)", r"\b(?:scared|frightened|terrified|afraid) (?:of my|to go (?:in|into|back|to work)|of going (?:in|back|to work))",
    r"\bsigned (?:me )?off (?:with|for|sick|work|w)\b", r"\b(?:been|got|i'm|was) signed off\b", r"\bsigned me off\b", r"\bsign me off\b",
    r"\b(?:feel|feeling) (?:so |completely |totally |really )?lost\s*$",
    r"\bdrinking (?:more|every night|too much|to (?:get to )?sleep|to cope|a bottle)\b", r"\bdrinking more than\b",
    r"\b(?:lost|losing) (?:all )?(?:my )?(?:motivation|interest|confidence|weight|appetite)\b", r"\b(?:don't|do not|can't) enjoy (?:anything|things)\b",
    r"\bfeel nothing\b", r"\bgo(?:ing)? through the motions\b", r"\b(?:just|barely|only) surviving\b", r"\bsurviving\s*$",
    r"\bnobody to talk to\b", r"\bno one to talk to\b", r"\b(?:letting|let) (?:everyone|everybody|my team|people) down\b",
    r"\bfailing (?:everyone|everybody|my team|at everything)\b", r"\bwearing me down\b", r"\bgrinding me down\b",
    r"\b(?:reliving|replay(?:ing)?) (?:it|the|what)\b", r"\bcan't stop thinking about (?:the|what|it)\b",
    r"\bsnap(?:ped|ping)? at (?:my|a|the|everyone|people)\b", r"\birritable\b", r"\bdepressed\b", r"\bdepression\b",
    r"\b(?:not|never) been right\b", r"\bout of my depth\b[^.]{0,40}\b(?:failing|crying|can't|cope|sleep)",
    r"\btoo (?:anxious|scared|frightened|stressed)\b", r"\bgiving up\b", r"\bgive up on (?:everything|it all|this job|the job|myself)\b",
    r"\bhow much longer i can\b", r"\bcan't keep (?:doing|going|my head above water)\b", r"\bhead above water\b[^.]{0,20}\b(?:any ?more|can't)",
    r"\bcan't (?:face|bear) (?:work|going in|another day|tomorrow|it)\b", r"\b(?:stress|work) is making me (?:ill|sick)\b",
    r"\bmaking me ill\b", r"\bfalling to pieces\b", r"\b(?:feel like i'm|i'm going to|gonna|about to) (?:break|snap|crack)\b",
    r"\bi feel like i'm breaking\b", r"\bat my lowest\b", r"\bstruggling to (?:get through|get by|keep up|hold on|carry on)\b",
    r"\bhow much more i can (?:take|cope|do)\b", r"\bstruggling(?: (?:at the moment|right now|a lot|lately|so much|badly|big time))?\s*$", r"\b(?:i'm|i am|been|feeling) (?:really |so |very )?(?:stressed|stressed out)\b",
    r"\bso stressed\b", r"\bgetting (?:chest pains|palpitations|migraines) from (?:stress|work|anxiety)\b",
    r"\b(?:on a|like a) treadmill\b", r"\bfell asleep (?:in|at|on) (?:the car|my desk|the wheel)\b",
    r"\bnot (?:eating|sleeping)\b", r"\bfeel like i'm drowning\b(?! in)", r"\bi'm drowning\s*$",
    r"\bfreeze me out\b", r"\bfrozen out\b", r"\b(?:lie|lying|lay|laying) awake\b", r"\bcan't (?:get out of bed|get up in the morning|stop worrying)\b",
    r"\btears\b", r"\bverge of (?:tears|a breakdown|collapse|breaking)\b", r"\bon the edge\s*$", r"\bon the edge of (?:a breakdown|collapse|tears)\b",
    r"\b(?:things|life|everything|it|work)(?:'s| is| are| feels?) (?:really |so |very |just )?(?:hard|tough|difficult|awful|grim|unbearable|too much|dark|bleak)(?: right now| at the moment| lately| these days|\s*$)",
    r"\bnothing left\s*$", r"\bnothing left (?:in me|of me)\b", r"\blosing my mind\b", r"\bgoing out of my mind\b",
    r"\boff (?:work |sick )?(?:with|w) (?:stress|anxiety|depression|burnout|exhaustion)\b", r"\bclose to (?:burnout|breaking|tears|the edge)\b",
    r"\bdark thoughts\b", r"\bmentally (?:exhausted|drained|broken|unwell)\b", r"\bemotionally (?:exhausted|drained|broken)\b",
    r"\binto the ground\b", r"\bon the brink\b", r"\b(?:mentally|emotionally|physically)(?: and (?:mentally|emotionally|physically))? (?:done|spent|wrecked|fried|shattered)\b",
    r"\b(?:completely|totally|utterly) spent\b", r"\bi'm spent\s*$", r"\bdone in\b",
    r"\bmy sleep (?:is|'s|has) (?:shot|terrible|awful|gone|wrecked|non-existent|a mess|gone to pieces)\b", r"\bpalpitations\b",
    r"\bbreak(?:ing)? down (?:in tears|crying|when|at|every|in the|in front)\b", r"\bi break down\b",
    r"\b(?:don't|do not) feel like (?:myself|me)\b",
    r"\bstopped sleeping\b", r"\b(?:haven't|have not|not) had (?:a )?(?:proper |decent |good |full )?(?:night's )?sleep\b",
)
# Bullying and harassment of the leader: the leader as the object.
BULLYING = _any(
    r"\b(?:being|been|getting|feel|am|i'm|was) (?:\w+ )?(?:bullied|harassed|picked on|targeted|undermined|gaslit|gaslighted|intimidated|humiliated|belittled|victimised|excluded|ostracised|mocked|shouted at|screamed at|sworn at|groped|touched)\b",
    r"\b(?:bullies|bullying|harasses|harassing|belittles|belittling|humiliates|humiliated|undermines|undermining|intimidates|mocks|mocking|gaslights|gaslighting|shouts at|screams at|swears at|picks on|picking on|criticises|criticizes|ignores|excludes|touching|touches|groping) (?:me|my|everything i)\b",
    r"\b(?:racist|sexist|homophobic|sexual|inappropriate|abusive) (?:comments|remarks|abuse|messages|jokes|behaviour)\b[^.]{0,30}\b(?:me|i)\b",
    r"\b(?:me|i)\b[^.]{0,30}\b(?:racist|sexist|homophobic|sexual|inappropriate) (?:comments|remarks|abuse|messages)\b",
    r"\btalked about behind my back\b", r"\b(?:send|sends|sending|sent) me (?:\w+ )?(?:nasty|abusive|threatening|horrible|vile|hateful|aggressive|offensive|intimidating) (?:messages|emails|texts|comments|notes)\b", r"\bmaking my life (?:a misery|miserable|unbearable)\b", r"\bganging up on me\b", r"\bturned (?:against|on) me\b", r"\bout to get me\b", r"\bsingled out\b", r"\bscapegoat", r"\b(?:freeze|froze|frozen) me out\b", r"\bexcluded from meetings\b",
    r"\bhow (?:he|she|they|the \w+(?: \w+)?) (?:treats|treated|speaks to|spoke to|talks to|talked to) me\b",
    r"\b(?:treated|spoken to) (?:really |so )?(?:badly|terribly|awfully|like dirt)\b", r"\bmocking my\b",
    r"\bthe way (?:the|my|he|she|they) \w* ?(?:spoke|speaks|talked|talks) to me\b", r"\bbully\b[^.]{0,20}\bme\b",
    r"\bassaulted\b", r"\bharassment\b[^.]{0,30}\b(?:me|i'm|i am)\b",
    # Remarks, touching and shunning aimed at the leader.
    r"\b(?:comments?|remarks?|jokes?|digs?) about my (?:weight|accent|body|looks|appearance|age|race|skin|colour|hair|"
    r"clothes|size|religion|faith|disability|sexuality|voice|pregnancy)\b",
    r"\b(?:hand|hands) on my (?:knee|leg|thigh|back|bum|waist|shoulder)\b",
    r"\b(?:told|been told|asked) not to (?:speak|talk) to me\b",
    r"\b(?:just|only) to feel safe\b", r"\b(?:took|taken|take) me off the (?:rota|team|project|email list)\b[^.]{0,30}\bwithout\b",
)

# Distress words that name a topic, not the leader's state ("prevent my own burnout").
# A state said mildly ("a bit stressed about the deadline"), or set aside in the same breath ("tired
# but happy after the conference"): an ordinary working day, not distress.
DISTRESS_MILD = re.compile(r"\b(?:a bit|a little|slightly|a tad|a touch|bit) (?:stressed|overwhelmed|tired|anxious|nervous|frazzled|daunted|worried)\b")
_GOOD = (r"(?:happy|fine|good|great|ok|okay|worth it|on top of it|managing|enjoy\w*|loving it|excited|went (?:well|brilliantly|great)|"
         r"proud|lovely|brilliant\w*|wonderful|fantastic|amazing|delighted|thrilled|buzzing|a good day|such a good \w+|moving|beautiful|"
         r"(?:we're|we are|i'm|i am|all) (?:ready|prepared|sorted|on track)|under control)")
SET_ASIDE = re.compile(
    r"\b(?:tired|stressed|knackered|exhausted|shattered|nervous|anxious|overwhelmed)\b[^.?!]{0,30}\bbut\b[^.?!]{0,30}\b" + _GOOD + r"\b"
    r"|\b(?:cried|crying|cry|tears|in tears)\b[^.?!]{0,50}\b(?:with laughter|laughing|of joy|happy tears|"
    r"(?:it was|it's been|what) (?:such )?(?:a )?" + _GOOD + r")\b"
    r"|\b(?:happy|proud) tears\b|\btears of (?:joy|laughter|pride)\b"
    r"|\b(?:not sleeping|can't sleep|tired|knackered|shattered|exhausted)\b[^.?!]{0,30}\b(?:because of|with|thanks to) (?:the |a |our |my )?"
    r"(?:new baby|newborn|baby|jet ?lag|heat|heatwave|building work|neighbours|puppy|teething|twins)\b"
)
DISTRESS_TOPIC = re.compile(
    r"\b(?:prevent|preventing|avoid|avoiding|reduce|reducing|manage|managing|signs of|risk of|recognise|recognising|spot|spotting|"
    r"research on|evidence on|stuff on|resources on|tips on|programme on|training on) (?:my own |own |staff |the )?"
    r"(?:burnout|burn-out|stress|anxiety|exhaustion|panic attacks|bullying|harassment)\b"
    r"|\bgiv(?:e|ing|en) up on (?:the|this|that|our|my|a|an|getting|trying) (?:\w+ ){0,4}?(?:idea|plan|hope of|bid|project|pilot|"
    r"council|board|trust|icb|partnership|approach|model|strategy|programme|scheme|engage\w*)\b"
)

# Tired after one meeting or day: a busy working life, not exhaustion.
AFTER_EVENT = (r"\b(?:knackered|exhausted|shattered|drained|tired|worn out|wiped out|frazzled) (?:after|from) (?:that|the|this|today's|a|my|all (?:the|these|those)) "
               r"(?:\w+ )?(?:meeting|meetings|conference|workshop|session|board|day|call|calls|away day|training|presentation|audit|inspection|webinar)\b")

# --- strain idioms: hyperbole about workload and frustration -------------------------------------
STRAIN = _any(
    r"\b(?:is|are|'s|was|were|keeps|keep) (?:slowly |literally |absolutely |actually |honestly |really )?killing me\b", r"\bkilling me(?: slowly| softly)?\b",
    r"\bkill me\s*(?:now|please|already|,|$|\.|lol)", r"\b(?:kill|shoot) me now\b", r"^(?:just )?(?:kill|shoot) me\b", r",\s*(?:kill|shoot) me\b",
    r"\bshoot me\s*(?:$|,|\.|now|please)", r"\bthe death of me\b", r"\b(?:be|is) the end of me\b", r"\bfinish me off\b",
    r"\b(?:is|are|it's|its|'s) (?:absolute |total |sheer |pure )?murder\b", r"\bmurder (?:a|an) (?:brew|coffee|tea|cuppa|pint|drink|curry|biscuit)\b",
    r"\b(?:is|'s|it's|its|are|a real) (?:a |an absolute |a real |an )?killer\s*(?:$|,|\.|!|this|today)",
    r"\bdrowning in\b", r"\bdrowning\b[^.]{0,20}\b(?:emails|papers|paperwork|work|requests|messages|acronyms|data)\b",
    r"\b(?:emails|papers|paperwork|work|requests|messages)\b[^.]{0,20}\bdrowning\b",
    r"\bsnowed under\b", r"\bburied (?:in|under)\b", r"\bup to my (?:neck|eyeballs|eyes|ears)\b", r"\brun (?:off my|ragged|off our)\b",
    r"\boff (?:my|our) feet\b", r"\bchasing (?:my|our) tails?\b", r"\bfire ?fighting\b", r"\bfighting fires\b",
    r"\b(?:pulling|tearing|pull|tear) (?:my|our) hair out\b", r"\bbang(?:ing)? (?:my|our) heads? (?:against|on)\b",
    r"\bend of my (?:rope|tether)\b", r"\b(?:lose|losing|lost) the will (?:to|2) live\b", r"\bsick to death\b",
    r"\bbane of my (?:life|existence)\b", r"\bdoing my (?:head|nut) in\b", r"\bdriving me (?:up the wall|mad|crazy|nuts|round the bend|insane|bananas)\b",
    r"\bgoing (?:mad|crazy|round in circles|nuts|insane|spare)\b", r"\bgo (?:mad|crazy|insane|spare)\b", r"\bi'll lose it\b", r"\bi'?m (?:gonna|going to) lose it\b",
    r"\b(?:want|going) to scream\b", r"\bgonna scream\b", r"\bscream\s*$",
    r"\bfrom hell\b", r"\bmeeting hell\b", r"\bmy life hell\b", r"\bhell on (?:wheels|earth)\b", r"\bbeen hell\b", r"\b(?:is|was) hell\b",
    r"\b(?:is|'s|a|an absolute|total) (?:total |absolute )?nightmare\b", r"\bwar ?zone\b", r"\btotal chaos\b", r"\bcomplete chaos\b",
    r"\b(?:brain|head) is (?:fried|mush|frazzled)\b", r"\bbrain's fried\b", r"\bfried\b", r"\btoo much on (?:my|our) plate\b",
    r"\b(?:not|aren't|never) enough hours in the day\b", r"\bkilling \w+ and me\b", r"\ba (?:real |total |absolute )?killer\s*$", r"\ba million things\b", r"\bstiff drink\b", r"\b(?:large|big|very large) glass of wine\b",
    r"\b(?:could|i'd|i would|would) kill for\b(?! (?:their|your|his|her) )", r"\bkill (?:for|4) a\b",
    r"\bon fire\b(?! (?:at|in) the)", r"\bcar crash\b", r"\bpain in the (?:neck|backside|bum|arse|ass)\b", r"\blast nerve\b",
    r"\bto (?:its|it's|their|our) knees\b", r"\blike pulling teeth\b", r"\bchained to (?:my|the) desk\b", r"\beverything yesterday\b",
    r"\binbox breeds\b", r"\bhide under (?:my|the) desk\b", r"\bone of those (?:weeks|days)\b", r"\bto-?do list is a joke\b",
    r"\b(?:is|are) crushing (?:me|us)\b", r"\bbitten off more than\b", r"\b(?:workload|work|it) is (?:insane|crazy|brutal|mental|relentless|ridiculous)\b",
    r"\b(?:is|been) brutal\b", r"\bswamped\b", r"\b(?:inbox|diary|workload|email|emails|calendar)(?:'s| is| are) out of control\b",
    r"\bmanic\b", r"\bthrottle\b", r"\bscream at\b", r"\b(?:is|are|was|were|been) (?:absolute |pure )?torture\b",
    r"\bsinking (?:under|in)\b", r"\bburied alive\b", r"\brelentless\b", r"\bso done with\b", r"\b(?:knee|waist|neck)[- ]deep in\b",
    r"\bjuggling (?:too many|so many|a million)\b", r"\bmadhouse\b", r"\bmad house\b", r"\bbananas\b", r"\bzoo\b", r"\brammed\b", r"\bhead is spinning\b", r"\bnever-?ending\b", r"\bno rest for the wicked\b",
    r"\bat my wits'? end\b", r"\bwits end\b", r"\bstretched (?:too )?thin\b", r"\bspinning (?:too many )?plates\b", r"\bflat out\b",
    r"\bhanging on by (?:my|our) fingernails\b", r"\bfrying my brain\b", r"\bmelting my brain\b", r"\bmy brain hurts\b",
    r"\bhead(?:ache)? of a (?:week|day)\b", r"\bin the trenches\b", r"\bin over (?:my|our) heads?\b",
    r"^(?:argh+|ugh+|aargh+|arg+h)\b", r"\bmountain of\b", r"\bswimming in\b", r"\babout to explode\b", r"\b(?:lose|losing) my (?:marbles|rag)\b",
    r"\blose my mind\b", r"\bsoul[- ]destroying\b", r"\bstretched to (?:breaking|the limit)\b", AFTER_EVENT,
)
# Idioms that sound like strain but are not about the leader ("the board would kill me if...").
STRAIN_NOT = _any(
    r"\b(?:would|wud|will|'ll|'d|gonna|going to) kill me if\b", r"\bkill me when\b",
    r"\bshoot me (?:an?|the|over|a link|through|your|some|details|a message|a line|a text|an email)\b",
    r"\bkiller (?:question|app|feature|point|argument|line|idea|slide)\b",
)
# Literal markers that turn a strain idiom into something to take seriously.
LITERAL = re.compile(r"\b(?:i mean (?:that|it) literally|not (?:a figure of speech|joking|a joke|kidding|in a funny way)|no joke|stopped being a joke|i'm serious|i mean it)\b")

# --- clinical requests: a dose, a diagnosis or a treatment for a person ---------------------------
DRUG = re.compile(
    r"\b(?:paracetamol|paracetomol|ibuprofen|aspirin|codeine|co-?codamol|morphine|oramorph|fentanyl|diazepam|lorazepam|"
    r"midazolam|haloperidol|risperidone|quetiapine|olanzapine|clozapine|lithium|sertraline|citalopram|fluoxetine|mirtazapine|"
    r"trazodone|amitriptyline|gabapentin|pregabalin|tramadol|methadone|warfarin|apixaban|rivaroxaban|clopidogrel|enoxaparin|"
    r"heparin|insulin|metformin|levothyroxine|statin|statins|atorvastatin|simvastatin|ramipril|amlodipine|bisoprolol|furosemide|"
    r"digoxin|ppi|omeprazole|lansoprazole|amoxicillin|penicillin|antibiotics?|abx|trimethoprim|nitrofurantoin|doxycycline|"
    r"clarithromycin|flucloxacillin|prednisolone|steroids?|salbutamol|inhaler|calpol|nurofen|piriton|antihistamine|melatonin|"
    r"donepezil|memantine|levodopa|sinemet|carbamazepine|valproate|sodium valproate|lamotrigine|levetiracetam|alendronic acid|"
    r"vitamin d|iron tablets|laxatives?|senna|lactulose|zopiclone|antipsychotics?|antidepressants?|painkillers?|eye drops|"
    r"tablets?|pills|meds|medication|medicines|sleeping tablets?|ear drops|drops|cream|ointment|dressing|patch|pain patch|jab|vaccine|tetanus|pep|oxygen|o2|fluids|transfusion|st john's wort|"
    r"naproxen|diclofenac|co-?amoxiclav|cefalexin|buprenorphine|oxycodone|\w+cillin|\w+mycin|\w+pril|\w+sartan|\w+olol|\w+azepam|\w+prazole|\w+oxetine|\w+triptyline|\w+statin)\b"
)
CONDITION = re.compile(
    r"\b(?:rash|fever|temp|temperature|uti|urine|wee|sepsis|chest pain|chest infection|infection|infected|seizure|fit|pressure (?:ulcer|sore)|"
    r"ulcer|sore|thrush|head lice|lice|meningitis|heart failure|heart attack|stroke|glaucoma|asthma|diabetes|diabetic|blood sugar|sugars|"
    r"sats|sodium|potassium|creatinine|hb|bp|blood pressure|pupils|yellow|jaundice|coughing up blood|cough|coughing|lump|swollen|swelling|"
    r"weight loss|lost \d+ ?kg|lost loads of weight|cancer|tonsillitis|ear infection|migraine|headache|stiff neck|pain|burn|wound|bleeding|"
    r"confused|confusion|fell|had a fall|hit (?:his|her) head|head injury|scan|x-ray|drowsy|dizzy|vomiting|diarrhoea|constipat\w*|breathless\w*|breathing|allergy|allergic|pneumonia|aspiration|covid|flu|"
    r"mole|cut her|cut his|needlestick|button battery|swallowed|sweaty|weeping|rattly|neutropenic|chemo|stent|dementia|parkinson's|"
    r"epilepsy|pregnant|pregnancy|kidneys?|liver|dental|extraction|mental|blood thinners|nerve pain|back pain|sore bum|ear|eyes?|toe|"
    r"legs?|knee|ankles?|mole|dying|end of life|pacemaker|tens machine|bipolar|schizophreni\w*|psychosis|psychotic|adhd|"
    r"autis\w*|personality disorder|ptsd|ocd|anorexi\w*|eating disorder|(?:mental )?capacity)\b"
)
DOSE = re.compile(
    r"\b(?:dose|doses|dosage|dosing|mg|mcg|micrograms?|milligrams?|ml|units of|how (?:much|many|mch|often|long)\b[^.]{0,40}\b(?:give|take|have|can|should|between|stay on|be on|allowed)|"
    r"how (?:much|many) \w+ (?:for|can|should|to give|do i)|double (?:dose|up)|max(?:imum)? dose|\d+ ?mg|too much|top up|cut (?:it|them|the|her|his) (?:in half|to)|cut in half|crush|hide (?:them|it|her|his) in)\b"
)
ASKS_DIAGNOSIS = re.compile(
    r"\b(?:is it|is that|is this|could it be|could this be|might it be|does (?:she|he|my \w+|the \w+|my \w+'s|\w+) have|do i have|"
    r"what(?:'s| is| could be)? (?:wrong|causing|it|the cause)|what is it|what could it be|what's wrong|is (?:she|he|it) (?:dying|serious)|"
    r"a sign (?:of|she|he|that)|should (?:she|he|i|we) (?:be worried|worry)|is (?:my|her|his) \w+(?:'s)? (?:\w+ )?(?:serious|dangerous|normal|infected)|"
    r"dangerous|is it serious|or is it|need(?:s)? to go in|sepsis|diagnose (?:my|her|him|his|this|what|it|whether|if|the (?:rash|lump|pain))|"
    r"a diagnosis (?:for|of) (?:my|her|his)|does (?:this|that|my|our|the) (?:person|man|woman|lady|gentleman|resident|patient|client|service user) have)\b"
)
ASKS_TREATMENT = re.compile(
    r"\b(?:how (?:do|should|can) (?:i|we|you) (?:treat|manage|know if)|what (?:should|do|can|shall) (?:i|we|she|he|they) (?:give|take|do|put|use)|"
    r"(?:should|shall|can|could|cn|do) (?:i|we|she|he|they|my \w+|the \w+|mr \w+|mrs \w+) (?:stop|start|restart|increase|reduce|give|take|have|be on|hold|crush|cut|double|drink|use|put|switch|stay on|need)|"
    r"should (?:my|mr|mrs|the|her|his|a) [^.]{0,40} (?:be held|be on|be|take|have|stop|start|stay)|what (?:cream|drops|inhaler|dressing|fluids|antibiotic|abx|medication|tablets?|dose)|"
    r"is it (?:safe|ok|okay) (?:to|for)|(?:ok|okay|safe|alright|fine) to (?:give|take|have|use|mix|crush|stop|start)|is \d+ ?mg|does (?:she|he|my \w+|the \w+) need|needs? (?:antibiotics|a transfusion|pep|penicillin|oxygen|a tetanus)|"
    r"what do i do|what should (?:she|he|they) give|recommend a dose|(?:right|correct|best|starting|paediatric|max|maximum) (?:dose|antibiotic|treatment|cream)|"
    r"(?:can|cn) (?:my|mr|mrs|the|a) [^.]{0,40}(?:take|have|be cut|drink)|what \w+ for (?:my|a|her|his)|for (?:my|a|her|his) \w+'s? (?:\w+ )?(?:uti|infection|pain|asthma|glaucoma|sore))\b"
)
PERSON = re.compile(
    r"\b(?:my|our|a|the|her|his|this) (?:resident|residents|resident's|patient|patient's|client|client's|service user|mum|mum's|mother|mother-in-law|dad|dad's|father|"
    r"son|daughter|daughter's|child|child's|baby|toddler|husband|wife|partner|nan|nana|gran|grandad|grandma|nephew|niece|colleague|staff member|staff nurse|"
    r"gentleman|lady|man|woman|boy|girl|kid|kids|mother's|father's)\b|\b(?:mr|mrs|ms|miss) \w+|\bpatient\b|\b\d+ ?(?:year|yr)s? old\b|\b\d+yo\b|\b\d+ ?kg\b|"
    r"\b(?:he|she|he's|she's|him|her)\b|\bi (?:take|have|am on)\b|\bcan i take\b|\bshould i take\b"
)
# A condition asked about, or a treatment proposed, as a bare question: "uti?", "start o2?".
BARE_CLINICAL_QUESTION = re.compile(
    r"(?:" + CONDITION.pattern + r")\s*\?|\b(?:start|stop|give|increase|reduce|restart|hold|double) \S+\s*\?"
)
# Clinical words about services, systems and leadership: not a request for care.
SERVICE_CONTEXT = re.compile(
    r"\b(?:pathway|pathways|service|services|commission\w*|targets?|strategy|strategies|programme|programmes|guidance|policy|policies|"
    r"ics|icb|icp|pcn|board|reviews?|homes|rates?|funding|budget|audit|training|complaint|complaints|framework|model|models|system|systems|workforce|evidence|"
    r"research|outcomes?|redesign|lead|leading|leadership|partners|partnership|culture|strategy|governance|review|inquiry|learning|"
    r"recruitment|procurement|contract|tender|rota|team|teams|staffing|prescribing system|electronic|metrics|kpis?|performance)\b"
)
# Words that make the message about running services, whoever it names ("a complaint about a
# resident's pressure sore" is complaint handling).
SERVICE_STRONG = re.compile(
    r"\b(?:complaint|complaints|complained|commission\w*|pathways?|strateg\w*|board|funding|audit|training|polic(?:y|ies)|"
    r"targets?|rates?|programmes?|services?(?! users?)|waits?|waiting (?:times?|lists?)|governance|inquiry|review|recruitment|procurement|prescribing|primary care|"
    r"across (?:the|our|primary|secondary)|uptake|population|workforce|kpis?|outcomes?|leadership|lead (?:a|the|on)|"
    r"as (?:a |the )?(?:manager|commissioner|director|leader|chair))\b"
)
# Figurative uses of clinical words ("a small dose of humour", "diagnose the culture").
FIGURATIVE_CLINICAL = re.compile(
    r"\b(?:dose of (?:funding|humour|humor|reality|realism|patience|optimism|honesty)|diagnose (?:the|our|a) (?:culture|problem|issue|team|system)|"
    r"prescription (?:for|4) (?:a|the|our) (?:failing|broken)|needs? (?:major )?surgery|shot in the arm|terminal unless)\b"
)

# --- the rest of a mixed message: is a real question asked too? --------------------------------
QUESTION_START = re.compile(
    r"^(?:anyway,? |so,? |but,? |and,? |also,? |please,? |honestly,? |ok,? |okay,? |lol,? )*(?:how|what|what's|whats|why|who|where|where's|when|which|can you|could you|can i|could i|"
    r"can we|do you|does|do|is there|are there|is it|should i|should we|would you|will you|any (?:tips|advice|ideas|thoughts|suggestions|resources|guidance|good)|"
    r"tell me|show me|remind me|help me|give me|suggest|explain|is the|are the|have you)\b"
)
