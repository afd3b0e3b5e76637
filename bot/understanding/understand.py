"""Step 3 of the turn order: one decision for a free-text message outside any form.

The candidates come from the knowledge entries, the catalogue (programmes, networks, support) and
the exercises together, read after abbreviations and typos (bot/understanding/informal.py), in
the conversation's context (the last answer, what was answered before, the last reading's
alternatives). The best grounded match wins whatever intent the classifier guessed; the intent
is one signal among the words. In order:
1. a casual closing ("ok thx. gtg") closes;
2. a correction ("that's not what I asked") takes the next-best reading, or reads what follows it
   ("no, I meant the evidence") without the entry just given;
3. a request to reflect or to do an exercise starts the exercise it names (by title, keywords or
   theme), or offers the menu;
4. a request for an offer goes to the catalogue: one named programme or network, or the finder;
5. a follow-up ("why?", "and for councils?", "which of those is hardest?") is read with the last
   answer's topic: a neighbour that fits better, else the last entry's longer explanation;
6. a question: the best knowledge entry that clears the search's threshold; an entry already
   given is not given again word for word (its longer explanation, or the next best, instead);
   two questions in one message get two answers, each with its source;
7. otherwise abstain honestly.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from bot.finder.request import SHORT_REQUEST_WORDS, wants_something, without_ruled_out
from bot.finder.vocab import parse_theme
from bot.knowledge.search import ABSTAIN_MIN_CONFIDENCE, family
from bot.understanding.informal import Informal
from bot.understanding.reading import Context, Decision, Route

logger = logging.getLogger(__name__)

# A message made only of these words closes the conversation (after informal reading).
_CLOSING_WORDS = frozenset(
    "ok okay k cool great grand brilliant lovely perfect nice fab fine super good thanks thank you cheers "
    "many much that's thats that is all for now bye goodbye got to go see later talk speak soon "
    "have a day night weekend cya laters ta helpful really very will do done right be back brill ace "
    "needed need i x xx nothing else lot me sorted so oh alright all's that'll it everything "
    "thx ty thnks thanx thks gtg g2g ttyl bbye a million bunch heaps loads diolch cheerio tara for "
    "thatll thats im i'm off night nite evening morning hwyl fawr ciao adios tata ta-ra night-night".split())
_CLOSING_MARKERS = frozenset("thanks thank cheers bye goodbye ta go later soon thx ty thnks thanx thks gtg g2g "
                             "cya ttyl bbye diolch cheerio tara night nite hwyl ciao adios tata".split())
_CLOSING_PHRASES = re.compile(r"\b(that'?s (?:all|it|me sorted|everything)|that all|all i needed|me sorted|nothing else|"
                              r"that'?ll do|thatll do|(?:i'?m|me|i am) off|(?:ok|okay|all|right) done|done for (?:now|today))\b")
# Thanks, and a farewell at the very end, with nothing asked: a closing whatever is said between.
_THANKS_SAID = re.compile(r"\b(?:thanks|thank you|thankyou|thx|ta|cheers|nice one|much appreciated|appreciate it|diolch|"
                          r"(?:that's|thats|that was|this is|very|really|super) (?:great|helpful|brilliant|useful|good|ace|fab))\b",
                          re.IGNORECASE)
_FAREWELL_END = re.compile(r"\b(?:good ?bye|bye(?: for now| now)?|good ?night|night|nite|take care|cheers|ta|tara|ta-ra|"
                           r"nos da|hwyl(?: fawr)?|see (?:you|ya)(?: soon| later)?|speak soon|talk soon|ttyl|cya|laters|"
                           r"(?:i'?m |im )?off to (?:\w+ ?){1,5}|have a (?:good|great|nice|lovely) (?:\w+ ?){1,2})\W*$", re.IGNORECASE)
_ASKS_SOMETHING = re.compile(r"\?|\b(?:can you|could you|would you|will you|please|pls|plz|help me|tell me|show me|send me|"
                             r"what|how|why|which|where|when|who|is there|are there|do you|does it)\b", re.IGNORECASE)
MAX_CLOSING_WORDS = 30
# The parts a sign-off is made of, in any order and number: thanks, a farewell, a formula of a
# letter, a word on how it went, a word on coming back to it, leaving. A message made of these and
# filler alone, asking nothing, closes ("Thank you, that is everything I needed for now. Kind
# regards.", "That's been helpful. I'll pick this up again next week.", "right, off to my next
# meeting. thanks").
_SIGN_OFF_PART = re.compile(
    r"\b(?:(?:many )?thanks(?: (?:a lot|so much|very much|again|loads|a million|for (?:that|this|your (?:help|time|assistance|support)|"
    r"the help|everything|all (?:that|this|your help))))?|thank you(?: (?:so much|very much|again|for (?:that|this|"
    r"your (?:help|time|assistance|support)|the help|everything)))?|thankyou|thx|ta[- ]?ra|ta|cheers|nice one|much appreciated|appreciate (?:it|that|this|the help)|"
    r"kind regards|warm regards|best regards|regards|best wishes|all the best|many thanks|with thanks|"
    r"good ?bye|bye(?: for now| now)?|good ?night|night night|night|nite|take care|tara|ta-ra|ta ra|cheerio|nos da|"
    r"hwyl(?: fawr| am y tro| am nawr)?|"
    # Keeping in touch, passing it on: "I shall be in touch should further queries arise", "I'll pass this on to her".
    r"(?:i'?ll|i will|ill|i shall|we'?ll|will) (?:be|get|stay|keep) in touch(?: (?:should|if) (?:any )?(?:further|more|other) "
    r"(?:queries|questions) (?:arise|come up|crop up))?|"
    r"(?:i'?ll|i will|ill|i shall|will) pass (?:this|it|that|these) on(?: to (?:her|him|them|the team|my \w+))?|"
    r"diolch(?: yn fawr| am dy help| am eich help)?|see (?:you|ya)(?: soon| later| then)?|speak soon|"
    r"talk soon|catch you (?:later|soon)|ttyl|cya|laters|brb|be right back|signing off|logging off|"
    r"(?:that'?s|that is|thats|this is|that was|this was|that has been|this has been|that's been|it'?s been|it was|"
    r"been|very|really|super|so|most) (?:really |very |super |so |most |incredibly |genuinely )?"
    r"(?:helpful|useful|great|brilliant|interesting|enough|plenty|good|ace|fab|clear|insightful|food for thought|braw|magic|"
    r"sound|smashing|spot on|top|belter|grand)|"
    r"(?:that'?s|thats|that has|that|it'?s|it has|you'?ve|this has) (?:really |very |so )?(?:helped|helps)(?: (?:a lot|loads|me))?|"
    r"(?:i'?ll|ill|i will|i shall|i'?m going to|gonna) (?:stop|leave it|call it a day) (?:there|here|now|for now|for today)|"
    r"(?:i'?m|im|i am) (?:at|due at|late for|on my way to) (?:my |a |the )?(?:next )?\w+|"
    r"(?:i'?ve|i have|ive) (?:heard|read|got|had) (?:enough|plenty)(?: for (?:now|today|one day))?|"
    r"(?:that'?s|that is|thats) (?:everything|all|it|enough)(?: (?:i|we) (?:needed|need|wanted|was after))?|"
    r"(?:plenty|lots|loads|a lot) (?:to (?:think about|chew on|mull over|take away)|of food for thought)|"
    r"(?:i'?ll|i will|ill|we'?ll|we will|i shall|will) (?:pick (?:this|it|that) up|come back(?: to (?:this|it|that|you))?|"
    r"be back|return to (?:this|it|that)|have a think|mull (?:it|this|that) over|think (?:about|on|over) (?:it|this|that)|"
    r"try (?:that|this|it)|give (?:it|that|this) a (?:go|try)|take (?:it|this|that) (?:from here|away)|leave it there)|"
    r"(?:i'?m |im |i am )?off to (?:my |a |the |an )?(?:next |another )?(?:\w+ ?){1,2}|"
    r"(?:got(?:ta| to)|have to|need to|must) (?:go|run|dash|head off|fly|leave|jump off)|"
    r"have a (?:good|great|nice|lovely) (?:\w+ ?){1,2})\b", re.IGNORECASE)
# What may stand beside those parts in a sign-off: when, who, fillers.
_SIGN_OFF_FILLER = frozenset(
    "ok okay k right well so and but then fine great lovely brilliant grand perfect again later for now today tonight "
    "tomorrow next week soon this that it i me we you all everything a the anyway oh yes yeah yep no x xx much "
    "shift meeting day weekend evening morning afternoon time another bit very really pal mate hun folks stuff".split())
# Leaving in so many words, whatever the reason given after ("gotta run, shouts coming in").
_LEAVING = re.compile(r"^\W*(?:(?:ok|okay|right|sorry|anyway|oops|argh|cheers|thanks|thank you|ta|thx|great|lovely|grand)\W+)*(?:i\W*(?:'ve|ve|have)?\s*)?"
                      r"(?:got(?:ta| to)|have to|need to|must|gonna have to)\s+(?:go|run|dash|shoot|fly|head off|leave|"
                      r"jump(?: off)?|love you and leave you)\b", re.IGNORECASE)
# Said before a correction without changing it: "Sorry, I meant ...", "oh no, that's not it".
_CORRECTION_LEAD = re.compile(r"^\s*(?:(?:sorry|soz|apologies|oops|oh|ah|argh|erm|um|hmm|nah|no|nope)[,.!]*\s+)*", re.IGNORECASE)
_CORRECTION = re.compile(
    r"^\s*(?:no[,.!]?\s+)?(?:that'?s|that is|this is|thats)\s+not\s+(?:what i (?:asked|meant|wanted)|it|right|"
    r"my question|the one)\b|^\s*(?:no[,.!]?\s+)?not what i (?:asked|meant)\b|^\s*wrong (?:answer|one|topic)\b|"
    r"^\s*(?:no[,.!]?\s+)?i (?:meant|asked about|was asking about)\b|^\s*meant\b|^\s*no[,.!]?\s+i mean\b|^\s*you misunderstood\b|"
    r"^\s*that doesn'?t answer\b|^\s*(?:no,?\s+)?wrong one\b|^\s*(?:nope|hmm),?\s+(?:that'?s\s+)?not\b|"
    r"^\s*(?:no,?\s+)?not that\b",
    re.IGNORECASE)
# What a correction says before its new content: "no, I meant ...", "... what I was after".
_CORRECTION_FILLER = re.compile(
    r"^(?:(?:what\s+)?i\s+(?:meant|mean|was asking about|was after|wanted|asked about|asked)|really|at all)\b[\s,]*",
    re.IGNORECASE)
_FILLER_WORDS = frozenset("my question it that this what i was after asked meant really about the a at all".split())
# Asking to reflect: with no exercise named, the menu is offered.
_EXERCISE_EXPLICIT = re.compile(
    r"\b(exercises?|reflect\w*|coach me|coaching session|self[- ]?as+es+\w*(?!\s+(?:tax|return|form|hmrc))|self[- ]?check|"
    r"think (?:it |this |that )?through|"
    r"(?:quiz|check|rate|score|assess|test|grade|benchmark|mark|evaluate|audit)\s+(?:me|myself|us|ourselves|"
    r"my (?:own )?(?:leadership|practice|performance|skills|style|strengths))|"
    r"(?:is there|are there|have you got|got|do you have|give me|suggest)\s+(?:like\s+)?(?:an?|any|some)\s+(?:\w+\s+)?"
    r"(?:activit(?:y|ies)|quiz(?:zes)?|questionnaires?)|"
    # Something to do rather than read: "is there something interactive we can do?"
    r"(?:something|anything)\s+(?:interactive|hands[- ]on|practical to do|to do rather than read|to work through)|"
    # Practising, the verb ("I want to practise failing well", "can we practise it"), not "in practice".
    r"(?:want to|wanna|like to|can we|could we|let'?s|lets|help me|need to|time to|i'?d like to)\s+practi[sc]e|"
    # An activity offered, however asked: "do you offer any structured activities for leaders?"
    r"(?:an?|any|some)\s+(?:\w+\s+)?(?:activit(?:y|ies)|quiz(?:zes)?|questionnaires?)\s+(?:for|to do|i can|we can|on|about)|"
    r"(?:quiz|check|rate|score|assess|test|grade|benchmark|mark|evaluate|audit)\s+(?:my|our) own\s+(?:\w+\s+)?leadership|"
    r"how do i (?:score|rate|measure up)|how am i doing|how good am i|take stock|"
    r"(?:some|a bit of|bit of|a little|a spot of|a quick)\s+(?:coaching|reflecting|reflection)|work on myself|"
    r"(?:work|talk)\s+(?:it|this|that|them)\s+through)\b",
    re.IGNORECASE)
# Asking for something to do with a group rather than to read: an activity, a workshop format, a
# tool, a diagnostic, a structured session, or how to run one ("Got a structure for that?", "how do
# i run a session on that as a shared problem", "some sort of diagnostic to use with my CMT"). An
# exercise is what the coach has of that kind; a course or a network asked for in the same words is
# the finder's (checked by the caller).
_TOOL = (r"(?:activit(?:y|ies)|workshop(?: format| plan)?s?|session plans?|tool(?:kit)?s?|diagnostics?|"
         r"(?:structured|facilitated|reflective) (?:session|review|way|approach|conversation|debrief|discussion|process|"
         r"method|format)s?|formats?)")
_TOOL_WANTED = re.compile(
    r"\b(?:(?:want|wanted|need|needs|needed|looking for|after|like|got|have|is there|are there|any|suggest|give me|"
    r"recommend|some sort of|some kind of|sort of|kind of)\s+(?:an?\s+|any\s+|some\s+|the\s+)?(?:\w+\s+){0,2}?" + _TOOL + r"|"
    r"(?:an?|any|some) " + _TOOL + r" (?:would|could|might) (?:be|help|work)|"
    r"(?:an?|any|some) " + _TOOL + r" (?:to|that|i|we) (?:can |could )?(?:run|use|do|try|follow)|"
    r"(?:got|have you got|is there|any|need|want) (?:a|any|some) structures? (?:for|to) (?:that|this|it|use|run|follow|help|do|\w+ing)|"
    r"how (?:do|can|could|would|should|might) (?:i|we) (?:run|hold|facilitate|structure|design|plan|lead) (?:a|an|the|that|this|our|my) "
    r"(?:\w+ ){0,2}?(?:session|workshop|debrief|discussion|conversation|away day|meeting) (?:on|about|to|so|that|where|with|for|around)|"
    r"how (?:do|can|could|should) (?:i|we) (?:look back on|debrief|learn from) (?:it|that|this)|"
    # Something to do about a situation just told: "want something to build the working
    # relationships first", "something to fix that?" (not something to read, watch or join).
    r"(?:want|need|needs|got|is there|have you got|any|suggest|give me)\s+(?:some|a)?\s*(?:something|anything|thing)\s+"
    r"(?:practical\s+)?to\s+(?:help (?:us|them|the team)|build|fix|get (?:them|us|people|everyone|the team)|bring|engage|"
    r"break the ice|unstick|unblock|start (?:us|them)|do with (?:them|the team|my team|partners))|"
    r"\b(?:something|anything) to (?:help (?:us|them) (?:do|with) (?:that|this|it)|fix (?:that|this|it))\s*\??\s*$)\b",
    re.IGNORECASE)
# A kind of offer to go on or join, said beside the tool: the finder's ("any activities for new ward
# managers, like a course?", "a workshop I can go on").
_OFFER_KIND = re.compile(r"\b(?:courses?|programm?es?|networks?|fellowships?|scholarships?|qualifications?|"
                         r"apprenticeships?|masterclass(?:es)?|cohorts?|mentors?|mentoring|go on|sign up|enrol|apply)\b",
                         re.IGNORECASE)
_NOT_AN_OFFER = re.compile(r"\b(?:not|no|rather than|instead of)\s+(?:an?\s+|the\s+|another\s+|any\s+)?"
                           r"(?:courses?|programm?es?|networks?|training)\b", re.IGNORECASE)
_EXERCISE_WORD = re.compile(r"\b(?:exercises?|reflect\w*|self[- ]?assess\w*)\b", re.IGNORECASE)
# An exercise pointed at as the one on the topic just talked about.
_POINTS_TO_EXERCISE = re.compile(r"\b(?:(?:the|this|that) (?:exercise|reflection|activity)|(?:exercise|reflection|reflect|"
                                 r"activity) (?:on|for|about|around) (?:it|that|this|them|those)|actually do|"
                                 r"do (?:it|that|this|one on it)|not the theory)\b", re.IGNORECASE)
# Asking to do something with the coach: "can you run ... with me", "fancy doing", "let's try".
_DO_IT = re.compile(r"\b(?:can|could|would|will) you (?:run|do|start|take me through|walk me through|go through)\b|"
                    r"\b(?:let'?s|lets|can we|could we|shall we|i'?d like to|i want to|fancy) (?:\w+ )?"
                    r"(?:do|daein|doing|try|run|start|go through|work through)\b", re.IGNORECASE)
# How an exercise should go, not which: "a structured reflection", "step by step", "10 mins max".
_FORM_WORDS = re.compile(r"\b(?:structured|properly|proper|step by step|formal|brief|quick|short|"
                         r"\d+\s*(?:mins?|minutes?)(?: max)?)\b", re.IGNORECASE)
# Exercise for the body, or for a patient: "which exercises for a patient with sciatica", "stretching
# exercises for my back". Not a coaching exercise, and not the coach's to answer.
_BODY = (r"(?:stretch(?:es|ing)?|strength (?:training|and balance)|core strength|physio\w*|rehab\w*|mobility|cardio|aerobic|gym|muscles?|spine|pelvic floor|posture|"
         r"sciatica|arthritis|joints?|knees?|hips?|shoulders?|ankles?|wrists?|neck|(?:my|his|her|bad|lower|upper) back|back pain|"
         r"weights|yoga|pilates|falls? prevention|after (?:a|his|her) fall|injur\w*|fitness|workout)")
_PHYSICAL_EXERCISE = re.compile(
    r"\b" + _BODY + r"\b[^.?!]{0,60}\bexercis\w*|\bexercis\w*\b[^.?!]{0,60}\b" + _BODY + r"\b|"
    r"\bexercises? (?:to give|i should give|to prescribe|for) (?:a |my |the |our |this )?(?:patients?|residents?|clients?|service users?)\b"
    r"(?! (?:involvement|voice|experience|engagement|participation|groups?|forums?|panels?))|"
    r"\b(?:patients?|residents?|clients?) with [^.?!]{0,40}\bexercis\w*", re.IGNORECASE)
# An exercise said not to be wanted: "no I mean a course, not an exercise".
_NOT_AN_EXERCISE = re.compile(r"\b(?:not|no|rather than|instead of)\s+(?:an?\s+|the\s+|another\s+|any\s+)?"
                              r"(?:exercises?|reflections?|coaching|reflective \w+)\b", re.IGNORECASE)
# Leaving the choice of exercise to the coach: "not sure which, options?", "what do you suggest".
_UNDECIDED = re.compile(r"\b(?:not sure which|which (?:one|exercise) (?:should|would|do)|options\s*\?|what (?:are )?(?:my|the) options|"
                        r"what (?:do|would) you (?:suggest|recommend)|any suggestions|you (?:choose|pick|decide)|surprise me)",
                        re.IGNORECASE)
# Wording that starts an exercise only when it also names one ("lets do relationships before
# structures", "help me work out how to bring my managers with me").
_EXERCISE_REQUEST = re.compile(
    r"\b(work (?:on|through)(?! top\b)|go through|"
    r"(?:let'?s|lets|can we|could we|shall we|i'?d like to|i want to|want to|help me|help us)\s+"
    r"(?:do|try|start|run|begin|look at|work out|think about|unpick|go over)\b|"
    # Working on the leader's own situation, asked of the coach ("lets audit", "help me learn from it").
    r"(?:let'?s|lets|can we|could we|shall we|help me|help us|can you help me|could you help me)\s+"
    r"(?:audit|map|check|assess|review|plan|learn from|figure out|make sense of|prepare for|get ready for)\b|"
    r"(?:i want to|i'?d like to|want to|i need to|need to|we need to|we want to)\s+"
    r"(?:learn from|reflect on|think through|unpick|make sense of|work through|get to the bottom of|"
    r"map (?:out )?(?:the|my|our) (?:\w+ )?(?:relationships|connections|stakeholders|partners|network))\b|"
    r"(?:take|walk|talk|guide) (?:me|us) through|"
    # Mapping a situation of the leader's own: "i want to map a problem that sits between ..."
    r"\bmap (?:out )?(?:a|the|this|my|our) (?:[\w-]+ ){0,2}(?:problem|issue|challenge|situation|dilemma|stalemate)s?\b|"
    # Help with a situation of the leader's own: "help me with a cross-boundary problem".
    r"(?:help|coach|support) (?:me|us) (?:with|on|through) (?:a|an|my|our|this|some) (?:[\w-]+ ){0,3}"
    r"(?:problem|issue|challenge|situation|dilemma|mess|conflict|pilot|project|stalemate|impasse)s?\b|"
    r"(?:something|anything|a tool|a way|an activity)\s+(?:to|that would|that could|that can)\s+help\s+(?:me|us)\s+"
    r"(?:see|check|work out|look at|think|reflect|assess|figure out|judge|gauge)|"
    r"(?:do|try|start|run|begin) the .{0,40}\b(?:one|exercise)|^\s*the .{1,40} one\b)",
    re.IGNORECASE)
# A question about what a topic is or why it matters, which stays with the knowledge base even when
# it mentions programmes or networks ("what does SCIE say about leadership programmes?").
_QUESTION_ABOUT = re.compile(
    r"\b(what does (?:scie|the evidence|research|the research|it) (?:say|tell)|why (?:would|should|do|does|is|are)|"
    r"what (?:is|are) the (?:point|role|value|benefits?|purpose)|how (?:do|does|can) .{0,40}\bhelp|"
    # "what does accountable to communities mean for a charity": the meaning of a phrase.
    r"what (?:does|do) .{1,60}?\bmean|what is meant by|what do (?:they|you|scie) mean by)\b",
    re.IGNORECASE)
# Asking what a study, a paper or a framework found or says: the knowledge base's, even when it
# names a provider that is also in the catalogue ("the Virtual Staff College research from 2013").
_ABOUT_EVIDENCE = re.compile(
    r"\b(research|evidence|(?<!peer )review|study|studies|paper|report|findings?|found|theor(?:y|ies)|published|"
    r"framework|what did (?:it|they|the \w+) (?:find|show|say))\b", re.IGNORECASE)
# Asking what a thing just named is: "what actually is it", "what does that even mean".
_WHAT_IS_IT = re.compile(r"\bwhat(?:'s| is| are|s)?\s+(?:\w+\s+)?(?:is|are|does|do)?\s*(?:it|that|this|they)"
                         r"(?:\s+(?:\w+\s+)?mean)?\s*(?:\?|$|,|\.|\s+(?:then|exactly|actually|anyway))", re.IGNORECASE)
# Words of asking for coaching, not of a topic to reflect on.
_REQUEST_LEMMAS = frozenset("coach coaching please pls session exercise reflect reflection help start want like "
                            "try let bit little option suggest recommend sure which get do work structured "
                            "something minute min free time quick".split())
# Asking what to do in practice, after an answer: "what would I actually do differently on Monday".
_PRACTICAL = re.compile(r"\b(?:what (?:would|should|do|can|could|might) (?:i|we) (?:actually |practically |really |then )?"
                        r"(?:do|change|try)|in practice|day[- ]to[- ]day|on (?:a )?monday(?: morning)?|practically|"
                        r"practical (?:steps?|things?|tips?|examples?)|first steps?|where do (?:i|we) start)\b", re.IGNORECASE)
_PRACTICE_QUERY = "what system leaders do in practice: skills, behaviours and actions"
# Words asking for evidence, shared by the general evidence question and the follow-up asking for it.
_EVIDENCE_WORDS = r"proof|evidence|research|studies|data"
# Whether the work itself works, asked in the core words: "whats the actual evidence it improves
# anything for patients?", "does any of this actually make a difference?". The evidence in general.
_EVIDENCE_ASKED = re.compile(r"\b(?:prove|" + _EVIDENCE_WORDS + r")\b|\b(?:does|do|did) (?:it|this|that|any of (?:it|this|that)|"
                             r"system leadership|all this) (?:actually |really |even )?(?:work|improve|make a difference|matter)\b",
                             re.IGNORECASE)
_EVIDENCE_FILLER = frozenset("evidence proof prove research study studies data improve improvement work outcome outcomes patient "
                             "patients people resident residents user users difference anything something impact benefit result "
                             "results show actual real matter care".split())
_EVIDENCE_QUERY = "what the evidence says about system leadership and integrated care outcomes"
# Two topics compared: "difference between A and B", "how is A different from B", "A vs B".
_COMPARISON = re.compile(
    r"\bdifferen(?:ce|t)s? between (?P<a>[\w' -]{3,60}?) and (?P<b>[\w' -]{3,60}?)(?:\?|$|\.|,| in | for | when )|"
    r"\bhow (?:is|does|are) (?P<a2>[\w' -]{3,60}?) differ(?:ent)? (?:from|to) (?P<b2>[\w' -]{3,60}?)(?:\?|$|\.|,)|"
    r"^\W*(?P<a3>[\w' -]{3,40}?) (?:vs\.?|versus) (?P<b3>[\w' -]{3,40}?)\s*\??\s*$", re.IGNORECASE)
# A sceptic's question of one topic ("is system leadership just another layer of management",
# "integrated care sounds like more bureaucracy to me"): what the topic is answers it, from its side.
_SCEPTIC = re.compile(
    r"\b(?:is|isnt|isn't|is not|aint) (?P<a>[\w' -]{3,40}?) (?:just|only|simply|merely|basically|really just|"
    r"nothing more than|nothing but) (?!(?:for|about|in|at|to|with|when|if|me|us|you|because)\b)(?P<b>[\w' -]{3,60}?)"
    r"(?: by another name| rebranded| with a new name| in disguise| all over again)?(?: to me| tbh| honestly| really)?(?:\?|$|\.|,)|"
    r"^\W*(?:(?:honestly|tbh|to be honest|frankly|so|but|sorry but),? )?(?P<a2>[\w' -]{3,40}?) (?:sounds|seems|feels|looks) like "
    r"(?:just |basically |more of )?(?:another|more|a new name for|rebranded|the same old) (?P<b2>[\w' -]{3,60}?)"
    r"(?: to me| tbh| honestly| really)?(?:\?|$|\.|,)", re.IGNORECASE)
_SCEPTIC_POINTER = re.compile(r"^(?:it|this|that|this stuff|that stuff|all this|all that|these|those)$", re.IGNORECASE)
_WHAT_CAN_I_DO = re.compile(r"\bwhat (?:can|could|should|do) (?:i|we) (?:actually |practically )?do\b|\bone thing\b",
                            re.IGNORECASE)
# Words beside the core words that ask no topic of their own: when, how much, how it goes.
_GENERAL_FILLER = frozenset("thing things week today tomorrow day monday tip tips way ways start begin practical practically "
                            "actually really one first small step steps better good well more get do make try "
                            "across able stuff anyone anybody any1 someone".split())
CORE_SHARE = 0.4  # a word family in at least this share of the entries is one of the knowledge base's core words
PRACTICE_CANDIDATES = 3  # the most practical entries a related one must be among
_FOLLOW_UP_OPENERS = re.compile(
    r"^\s*(?:(?:ok|okay|right|hmm+|cool|great|thanks|yes|yeah)\W+)*"
    r"(?:and|but|so|what about|how about|why|how come|how(?=\W*$)|which of|which one|what of|in what way|"
    r"which (?:bits?|parts?|ones|elements?|aspects?|dimensions?|points?) (?:of (?:it|that|this|those) )?(?:matter|count|apply|are|is|would|should|do)|"
    # Where to begin with what was just said: "which would you start with?", "how do I start".
    r"which (?:would|should|do|could) (?:you|i|we)\b|(?:how|where) (?:do|would|should|could|can) (?:i|we) "
    r"(?:start|begin|get started|make a start|kick off)(?=\W*$| with| on| there| then| tomorrow| monday)|"
    r"such as|like what|for example|example|e\.g\.|then what|what else|how so|really|"
    r"(?:can you |could you )?(?:give me|got|have you got|any|show me) (?:an? |some )?(?:\w+ )?examples?|"
    r"(?:can you |could you )?(?:say|tell me) (?:a bit |a little )?more|go on|more on (?:that|this)|elaborate|expand|"
    # Opening up one part of what was just said: "unpack the shared ownership one for me".
    r"(?:can you |could you |pls |please )?(?:unpack|break down|flesh out|dig into|drill into|go deeper (?:on|into)|dive into)|"
    r"prove it|in practice|what does (?:that|this|it) look like|"
    r"what (?:should|do|can|would) (?:i|we) (?:actually |practically |then )?do)\b",
    re.IGNORECASE)
# Saying that questions follow: "2 qs.", "quick question:", "a couple of things -".
_PREAMBLE = re.compile(r"^\s*(?:(?:\d+|one|two|three|a couple of|couple of|couple|a few|few|quick|one quick|a quick|dau)\s+"
                       r"(?:qs|q's|questions?|queries|query|things|q|gwestiwn)|qq)\b\s*(?:for you|here|please|pls|plz)?\s*[.:,;!-]+\s*",
                       re.IGNORECASE)
# A question about the parts of the last answer: "which bits matter most for a care home like mine",
# "unpack the shared ownership one". What follows is the leader's setting, not a new topic.
_ABOUT_ITS_PARTS = re.compile(r"\bwhich (?:bits?|parts?|ones|elements?|aspects?|dimensions?|points?|of (?:them|those|these))\b|"
                              r"\bthe [\w' -]{1,30}? (?:one|bit|part|point)\b(?! of)", re.IGNORECASE)
_ANAPHORA = re.compile(r"\b(those|these|that|this|it|them|they|its|their|the (?:first|second|third|last) one)\b",
                       re.IGNORECASE)
_QUESTION_SPLIT = re.compile(
    r"(?<=\?)\s+(?=\S)|\s+[+&]\s+(?=(?:what|whats|what's|how|why|who|where|when|is|are|do|does|can|any)\b)|\s+(?:and also|also,?)\s+(?=(?:what|how|why|who|where|when|is|are|do|does|can)\b)|"
    r",?\s+and\s+(?=(?:why|how|what|who|where|when|is|are|should|would|could|can i|do i|do|does|did|"
    r"can we|can you|could we|could you|shall we|let'?s)\b)",
    re.IGNORECASE)
# Sentences of a message: context first, the question last ("I'm a ward sister... what is it in plain english").
_SENTENCES = re.compile(r"(?<=[.!?;])\s+(?=\S)|\s+[-\u2013\u2014]+\s+|,\s+(?=(?:so|but|anyway|basically)\b)", re.IGNORECASE)
# A word in a question standing for a topic named earlier in the same message.
_PRONOUN = re.compile(r"\b(?:it|this|that|they|them)\b(?!\s+(?:is|was|'s)\s+(?:for|about)\s+me)", re.IGNORECASE)
# A word in a correction standing for the thing just talked about ("I want to find one to join").
_ONE_OF_THOSE = re.compile(r"\b(?:one|ones|it|them|those|some)\b", re.IGNORECASE)
# Looking for something elsewhere ("where could I find a coach"), not asking for coaching here.
_TO_FIND = re.compile(r"\b(?:find|get|looking for|recommend|where|access|sign up|join|apply)\b", re.IGNORECASE)
# The word joining a second question to the first ("... also what is it in one line").
_JOINING = re.compile(r"^\W*(?:(?:and|also|plus|but|oh|btw|then)\b\W*)+", re.IGNORECASE)
# A part of a message that asks something (not "because that's how it feels").
_ASKS = re.compile(r"\s*(?:what|whats|how|why|when|where|which|who|is|are|do|does|did|can|could|should|would|will)\b",
                   re.IGNORECASE)
# Asking for a piece of writing or entertainment ("write me a limerick about the ICB", "tell me a joke").
_ERRAND = re.compile(
    r"^\W*(?:(?:hey|hi|ok|okay|please|pls)\W+)*(?:can you |could you |would you |will you |u )?(?:please |pls )?"
    r"(?:write|compose|make up|draft|generate|create|tell|give)\s+(?:me|us)?\s*(?:an?|some|the)\s+(?:\w+\s+)?"
    r"(?:poem|limerick|song|joke|rap|haiku|essay|sonnet|riddle|speech|cover letter|cv|tweet|recipe)s?\b|"
    # A document to write for the leader: "draft an email to the council", "write my appraisal".
    r"\b(?:write|draft|compose|prepare|type up|put together)\s+(?:me\s+|us\s+)?(?:a|an|my|our|the|some|this)\s+"
    r"(?:[\w-]+\s+){0,3}(?:email|e-mail|letter|report|business case|job description|job advert|objectives|minutes|"
    r"agenda|presentation|slides|policy|appraisal|reference|complaint response|press release|press statement|"
    r"statement|newsletter|blog|blog post|linkedin post|social media post|speech|bio|tweet|bid|tender)s?\b|"
    # A task done for the leader: a booking, a purchase, an account.
    r"\b(?:book|reserve|order|buy|pay for|cancel|renew|reset|unlock|change|update)\s+(?:me\s+|us\s+)?(?:a|an|my|our|the|some)?\s*"
    r"(?:[\w-]+\s+){0,3}(?:train|trains|ticket|tickets|flight|flights|hotel|room|taxi|cab|table|password|account|login|"
    r"subscription|parking|appointment)\b|"
    # A vote: whose to cast is nobody's coaching.
    r"\b(?:who|which party|which candidate) (?:should|do|would) (?:i|we) (?:vote|be voting)\b",
    re.IGNORECASE)
# Asking how to do it oneself ("how do I write a good business case"), not asking for it done.
_HOW_TO = re.compile(r"\bhow (?:do|can|should|would|could) (?:i|we|you)\b|\btips (?:on|for)\b", re.IGNORECASE)
# Facts that change from day to day, which no curated knowledge base holds: ratings, meeting times.
_LIVE_FACTS = re.compile(r"\b(?:(?:cqc|ofsted) (?:rating|report|inspection)s? (?:of|for)|what (?:is|are|was) (?:the |my |our )?"
                         r"(?:\w+ ){0,3}(?:rated|rating)|what time (?:is|does|do)|when (?:is|does|are) (?:the|our|my|their) next|"
                         r"what did (?:they|cqc|ofsted|the cqc|inspectors) (?:rate|give) (?:us|me|the \w+)|"
                         # Dates of the day: "when is CQC likely to come back", "when will the settlement be published".
                         r"when (?:is|are|will|does|do|would) (?:[\w'-]+ ){1,7}?(?:likely to |going to |expected to |due to )?(?:come back|inspect|"
                         r"re-?inspect|visit|be published|publish|be announced|announce|be out|be released|come out|be due)|"
                         r"(?:what(?:'s| is|s)|when(?:'s| is|s)) the deadline)\b", re.IGNORECASE)
# A question of employment law or personal admin ("how many days annual leave am I entitled to",
# "is it legal to dismiss someone on long-term sick leave"): HR's or a lawyer's, not a leadership coach's.
_EMPLOYMENT_CASEWORK = re.compile(
    r"\b(?:annual leave|holiday (?:entitlement|pay)|sick (?:leave|pay|note)|statutory|maternity|paternity|"
    r"redundanc(?:y|ies)|dismiss(?:al|ed|ing)?|sack(?:ed|ing)?|disciplinary|grievance|tribunal|notice period|"
    r"contract of employment|employment (?:law|rights|contract)|minimum wage|payslip|tax return|tax code|"
    r"legally (?:entitled|allowed|required)|is it (?:legal|lawful|against the law)|"
    r"visas?|sponsorship|sponsor licence|certificate of sponsorship|right to work|immigration|home office|pensions?)\b",
    re.IGNORECASE)
# A hello at the start of a message ("hiya, ward sister on AMU"); with nothing asked after it, a greeting.
_GREETING = re.compile(r"^\W*(?:hi+|hiya|hello|hey|hullo|morning|good (?:morning|afternoon|evening)|afternoon|evening|"
                       r"greetings|howdy|yo)\b\W*", re.IGNORECASE)
_ASKS_ANYWHERE = re.compile(r"\b(?:what|whats|how|why|when|where|which|who|is there|are there|any|anything|something|"
                            r"can you|could you|can i|tell me|explain|help|need|want|looking for|recommend)\b", re.IGNORECASE)
# Asking for the evidence behind the last answer.
# Doubting the last answer ("hmm not convinced", "sounds like waffle"): its evidence answers it.
_DOUBT_WORDS = (r"(?:not|un)\s*convinced|convince me|i doubt|doubtful|scepti\w*|skepti\w*|waffle|fluff|buzzwords?|hot air|"
                r"why should (?:i|we) believe|(?:is|'s) (?:that|it|this) (?:actually |really )?true|how do (?:you|we) know")
_ASKS_EVIDENCE = re.compile(r"\b(?:prove it|" + _EVIDENCE_WORDS + r"|study|does it (?:actually |really )?work|"
                            r"any good|" + _DOUBT_WORDS + r")\b", re.IGNORECASE)
_DOUBT = re.compile(r"\b(?:" + _DOUBT_WORDS + r")\b", re.IGNORECASE)
# Asking where the last answer comes from: "sounds nice but where's that from", "source?", "who says".
_SOURCE_REQUEST = re.compile(
    r"\b(?:where(?:'s| is| does| did|s)? (?:that|this|it|all that)(?: come)? from|where did (?:you|u) get (?:that|this|it)|"
    r"(?:what(?:'s| is|s)? )?(?:the|your|ur) (?:source|sources|reference|references|citation)s?(?: for (?:that|this|it))?|"
    r"who says(?: so| that)?|says who|citation|cite (?:that|this|it|your source)|"
    r"(?:link|ref|refs|reference) (?:pls|please)|(?:any|got a|give me the) (?:source|reference|link)s?)\b|"
    r"^\W*(?:source|ref|reference|citation|link)s?\W*(?:pls|please|plz)?\W*$",
    re.IGNORECASE)
# Asking for the last answer in short: "main argument in two lines?", "sum that up", "tldr".
_SUMMARY = re.compile(r"\b(?:in (?:one|two|three|a few|1|2|3) (?:lines?|sentences?|words?)|sum (?:it|that|this) up|"
                      r"summar(?:y|ise|ize)|tl;?dr|main (?:point|argument|message|idea)s?|in a nutshell|"
                      r"(?:more )?simpl(?:y|er)|plain english|bottom line|key (?:point|message)s?|headlines?|"
                      r"short version|gist)\b", re.IGNORECASE)
EVIDENCE_THEME = "evidence"  # the theme of the knowledge base's entries on studies and what they found
MAX_FOLLOW_UP_WORDS = 12
# A question that abstains on its own is read with the last answer's topic up to this length.
MAX_CONTEXT_WORDS = 15
# The classifier's out-of-scope overrules a match when it is at least this sure and less than this
# share of the message's content words occur in the knowledge base.
OUT_OF_SCOPE_CONFIDENCE = 0.7
KNOWN_WORDS_SHARE = 0.75
# A follow-up that points back ("why would they agree to that?") gets its own answer only when
# the search is this many times surer than its threshold.
STRONG_CONFIDENCE_FACTOR = 2.0
# An exercise chosen by its words needs this score (about one distinctive title word) and a lead
# of this factor over the next exercise.
MIN_EXERCISE_SCORE = 3.0
EXERCISE_LEAD = 1.3
KNOWLEDGE_WEIGHT = 2.0  # what the best knowledge entries for the message add to the exercises drawing on them
KEYWORD_WORD_WEIGHT = 2.0  # added per word of an exercise keyword of two words or more said whole
MIN_QUESTION_WORDS = 3
# A correction read with the question it corrects takes another entry only when that entry scores
# at least this share of the best one's score for the joined words.
CORRECTION_READING_SHARE = 0.7
# A word in at most this many entry titles names a subject of its own (in a follow-up).
MAX_TITLES_NAMING = 3


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def is_closing(text: str) -> bool:
    """Only thanks and goodbyes: "ok thx. gtg", "cheers, that's all for now"; or thanks that end
    in a farewell with nothing asked between ("Thank you. I shall take this to committee. Good
    night.", "nice one, off to start my shift")."""
    words = _words(text)
    if words and _LEAVING.search(text) and "?" not in text and len(words) <= MAX_FOLLOW_UP_WORDS:
        return True
    if words and _THANKS_SAID.search(text) and _FAREWELL_END.search(text) and not _ASKS_SOMETHING.search(text) \
            and len(words) <= MAX_CLOSING_WORDS:
        return True
    if words and len(words) <= MAX_CLOSING_WORDS and "?" not in text and _signs_off(text):
        return True
    if not words or not set(words) <= _CLOSING_WORDS:
        return False
    return bool(set(words) & _CLOSING_MARKERS) or bool(_CLOSING_PHRASES.search(" ".join(words)))


def _signs_off(text: str) -> bool:
    """Made of sign-off parts (_SIGN_OFF_PART) and filler alone, and asking nothing."""
    rest, parts = _SIGN_OFF_PART.subn(" ", text)
    if not parts or _ASKS_SOMETHING.search(rest):
        return False
    return set(_words(rest)) <= _SIGN_OFF_FILLER


_LEAVING_MARKERS = frozenset("bye goodbye go later soon gtg g2g cya ttyl bbye cheerio tara night nite hwyl ciao "
                             "adios tata off".split())


# What a leader asks to be recommended: "recommend a good hotel", "which till system would you recommend".
_RECOMMENDED = re.compile(
    r"\b(?:recommend|suggest)\s+(?:me\s+|us\s+)?(?:a|an|some|any|the)\s+(?:(?:good|decent|nice|cheap|best|great)\s+)?"
    r"([a-z]+(?:\s+[a-z]+)?)|\bwhich\s+((?:[a-z]+\s+){0,3}[a-z]+)\s+(?:would|do|should|could|can)\s+(?:you|u)\s+"
    r"(?:recommend|suggest)|^\W*(?:(?:what(?:'s| is| are|s)?|which (?:is|are)|any)\s+)?(?:the\s+)?(?:best|decent|nice|cheap|top)\s+"
    r"([a-z]+(?:\s+[a-z]+)?)", re.IGNORECASE)
# Words that stand for whatever the leader is after, not a thing of their own.
_ANY_THING = frozenset("one ones thing things something anything options option stuff ideas idea way ways "
                       "places place resources resource reading".split())


DECLINED = "declined"  # in a Decision's extras: not ours, whatever the classifier's confidence


def _declined(why: str) -> Decision:
    """An abstention that is a decision, not a lack of evidence: no action starts the finder
    or an exercise on a sure intent instead ("recommend a podcast for my commute")."""
    return Decision(Route.ABSTAIN, why=why, extras={DECLINED: True})


def _recommends_another_thing(text: str) -> bool:
    """True when what the leader asks to be recommended is a thing that is no kind of offer and
    no leader ("a good hotel in Edinburgh"), so the request is not for the finder."""
    from bot.finder.request import names_an_offer_or_leadership

    match = _RECOMMENDED.search(text)
    if match is None:
        return False
    thing = (match.group(1) or match.group(2) or match.group(3) or "").lower()
    return not names_an_offer_or_leadership(thing) and not set(thing.split()) & _ANY_THING


def is_follow_up_opener(text: str) -> bool:
    """A short message that opens like a follow-up to the last answer: "how?", "why so", "such as?"."""
    return 0 < len(_words(text)) <= MAX_FOLLOW_UP_WORDS and bool(_FOLLOW_UP_OPENERS.match(text))


def _asks_to_do(text: str) -> bool:
    """Asking for an exercise in so many words, or for something to do with a group ("a session
    plan to run after our pilot"), and not ruling an exercise out ("a course, not an exercise")."""
    text = _NOT_AN_EXERCISE.sub(" ", text)
    return bool(_EXERCISE_WORD.search(text) or _TOOL_WANTED.search(text))


def asks_for_exercise(text: str) -> bool:
    """Asking in so many words for an exercise or for reflection ("what exercises have you got?")."""
    return bool(_EXERCISE_EXPLICIT.search(text))


def is_leaving(text: str) -> bool:
    """A closing that says goodbye, not only thanks: "ta, gtg", "thanks, bye" (not "thanks!")."""
    return is_closing(text) and (bool(_LEAVING.search(text)) or bool(set(_words(text)) & _LEAVING_MARKERS))


def correction_rest(text: str) -> str | None:
    """For a correction, what the leader says after it ('' when nothing); None when not one."""
    match = _CORRECTION.search(text)
    if not match:
        text = text[_CORRECTION_LEAD.match(text).end():]
        match = _CORRECTION.search(text)
    if not match:
        return None
    rest = _CORRECTION_FILLER.sub("", text[match.end():].strip(" ,.;:-!?")).strip(" ,.;:-!?")
    return rest if len(set(_words(rest)) - _FILLER_WORDS) >= 2 else ""


# A question asked as not knowing: "no idea what that means tbh", "not sure how I'd even start".
_ASKS_INDIRECTLY = re.compile(r"\b(?:no idea|not sure|(?:don't|dont|do not) (?:really )?(?:know|get|understand)|no clue|"
                              r"not a clue|(?:haven't|havent) a clue|unsure|wondering|confused (?:about|by|as to))\b"
                              r"[^.?!]{0,15}?\b(?:what|how|why|whether|if|where|which)\b", re.IGNORECASE)


def _question_after_context(text: str) -> tuple[str, str] | None:
    """(the context, the last sentence that asks and what follows it), when sentences of context
    come before the question; None for a message that is one question."""
    sentences = [part for part in _SENTENCES.split(text) if part.strip()]
    asking = [i for i, part in enumerate(sentences)
              if "?" in part or _ASKS.match(part) or _WHAT_IS_IT.search(part) or _ASKS_INDIRECTLY.search(part)]
    if len(sentences) < 2 or not asking or asking[-1] == 0:
        return None
    question = " ".join(sentences[asking[-1]:])
    if len(_words(question)) < MIN_QUESTION_WORDS - 1:
        return None
    return " ".join(sentences[:asking[-1]]), question


class Understanding:
    """Decides the route of a free-text message; built once per process (bot.understanding.get_understanding)."""

    def __init__(self, knowledge, exercises: Mapping, finder, informal: Informal):
        self.knowledge = knowledge
        self.exercises = exercises
        self.finder = finder
        self.informal = informal
        self._exercise_lemmas = self._exercise_weights()
        self._core = self._core_lemmas()
        self._title_counts: dict[str, int] | None = None
        self._title_lemmas = {lemma for entry in knowledge.kb.entries.values()
                              for lemma in knowledge.index.analyse(entry.title).lemmas}

    def _exercise_weights(self) -> dict[str, dict[str, float]]:
        """Per exercise, word family -> weight: its title and keywords count three times; its
        purpose, introduction and questions, and the knowledge entry it draws on first (title,
        themes, questions), once; a family in every exercise counts for nothing. Families
        (bot.knowledge.search.family) let "redesigning" meet "redesign" and "learned" "learning"."""
        import math

        index = self.knowledge.index
        entries = self.knowledge.kb.entries
        bags: dict[str, dict[str, float]] = {}
        for exercise in self.exercises.values():
            bag: dict[str, float] = {}
            strong = " ".join([exercise.title, *exercise.keywords])
            weak = [exercise.purpose, exercise.introduction, *(step.prompt for step in exercise.steps)]
            primary = entries.get(exercise.draws_on[0]) if exercise.draws_on else None
            if primary is not None:
                weak += [primary.title, *primary.themes, *primary.questions]
            for text, weight in ((strong, 3.0), (" ".join(weak), 1.0)):
                for key in {family(lemma) for lemma in index.analyse(text).lemmas}:
                    bag[key] = max(bag.get(key, 0.0), weight)
            bags[exercise.id] = bag
        count = len(bags) or 1
        documents: dict[str, int] = {}
        for bag in bags.values():
            for key in bag:
                documents[key] = documents.get(key, 0) + 1
        return {exercise_id: {key: weight * math.log(count / documents[key]) for key, weight in bag.items()}
                for exercise_id, bag in bags.items()}

    # ---- the decision -------------------------------------------------------------------------

    def decide(self, text: str, context: Context | None = None, intent: Mapping | None = None) -> Decision:
        context = context or Context()
        reading = self.informal.read(text)
        read_as = reading.text
        self._intent = intent or {}
        if is_closing(text):  # in the leader's own words ("diolch yn fawr, hwyl am y tro", "nice one ta ra")
            decision = Decision(Route.CLOSING, why="only thanks or goodbyes")
        else:
            decision = self._decide(read_as, context, intent or {})
        decision = self._on_last_theme(decision, read_as, context)
        decision = Decision(decision.route, decision.target, decision.second, decision.alternatives,
                            read_as, decision.why, decision.extras)
        logger.debug("understanding: %s -> %s (%s)%s", decision.route.value, decision.target, decision.why,
                     f"; read {len(reading.changes)} informal words" if reading.changes else "")
        return decision

    def _decide(self, text: str, context: Context, intent: Mapping) -> Decision:
        if is_closing(text):
            return Decision(Route.CLOSING, why="only thanks or goodbyes")
        greeting = _GREETING.match(text)
        if greeting:  # "hi, what is system leadership": the hello is no part of the question
            text = text[greeting.end():] or text
        preamble = _PREAMBLE.match(text)
        if preamble and preamble.end() < len(text):  # "2 qs. what is ...": saying questions follow is none
            text = text[preamble.end():]
        if _ERRAND.search(text) and not _HOW_TO.search(text):  # "write me a limerick about the ICB": a piece of writing
            return _declined("a piece of writing to make, not a question the knowledge base answers")
        if _LIVE_FACTS.search(text):
            return _declined("a fact of the day (a rating, a meeting time), not one the knowledge base keeps")
        if _EMPLOYMENT_CASEWORK.search(text) and not self.knowledge.index.analyse(text).terms:
            # (unless it names a topic of ours: "how do system leaders handle redundancies across partners")
            return _declined("employment law or personal admin, not a question the knowledge base answers")
        if _PHYSICAL_EXERCISE.search(text) and not self.knowledge.index.analyse(text).terms:
            return _declined("exercise for the body or for a patient, not a coaching exercise")
        if _recommends_another_thing(text) and self.knowledge.index.decide(text).coverage < KNOWN_WORDS_SHARE:
            # "best restaurants near the ICB in leeds": a thing to recommend that is no offer, in words not ours
            return _declined("a recommendation of something that is no offer and no topic of ours")
        if context.last_list and not _asks_to_do(text):  # the finder's list is the latest answer: "not that one" moves within it
            catalogue = self._catalogue(text, context)
            if catalogue is not None:
                return catalogue
        if _DOUBT.search(text):  # "hmm not convinced": the evidence behind the last answer, not a correction
            evidence = self._evidence_for_last(text, context)
            if evidence is not None:
                return evidence
        rest = correction_rest(text)
        if rest is not None:
            return self._corrected(rest, context)
        exercise = self._exercise(text, intent, context)
        if exercise is not None:
            return self._question_then_exercise(text, context, exercise) or exercise
        mixed = None if context.last_list else self._knowledge_and_offer(text, context)
        if mixed is not None:
            return mixed
        evidence = self._evidence_for_last(text, context)
        if evidence is not None:
            return evidence
        if context.last_entry in self.knowledge.kb.entries and _SOURCE_REQUEST.search(text) and \
                len(_words(text)) <= MAX_FOLLOW_UP_WORDS and not self._names_own_topic(text, context):
            return Decision(Route.SOURCE, context.last_entry, why=f"asking where the last answer ({context.last_entry}) is from")
        if context.last_entry in self.knowledge.kb.entries and _SUMMARY.search(text) and \
                len(_words(text)) <= MAX_FOLLOW_UP_WORDS and not self._names_own_topic(text, context):
            return Decision(Route.KNOWLEDGE, context.last_entry, why=f"the last answer ({context.last_entry}) in short")
        follow_up = bool(context.last_entry) and self._is_follow_up(text)
        catalogue = self._catalogue(text, context, follow_up=follow_up)
        if catalogue is not None:
            return catalogue
        if follow_up:
            return self._follow_up(text, context)
        if greeting and "?" not in text and not _ASKS_ANYWHERE.search(text):
            return Decision(Route.GREET, why="a hello, with what they said about themselves")
        decision = self._question(text, context)
        if decision.route is Route.ABSTAIN and context.last_entry and len(_words(text)) <= MAX_CONTEXT_WORDS:
            decision = self._in_context(text, context) or decision
        if decision.route is Route.ABSTAIN and context.said_before and len(_words(text)) <= MAX_CONTEXT_WORDS \
                and _PRONOUN.search(text) and not is_closing(context.said_before) and self._all_ours(text):
            # "our discharge meetings with the council are a nightmare" ... "how do I get them to trust us":
            # the pronoun stands for what the leader's previous message named.
            joined = f"{self.informal.read(context.said_before).text.rstrip(' .!?')}. {text}"
            decision = self._focused(joined, context, frozenset(), "") or decision
        return decision

    def _on_last_theme(self, decision: Decision, text: str, context: Context) -> Decision:
        """A request for an exercise that names none but points back at the last answer ("not
        the theory, I want to actually do the exercise", "can we do the exercise on it"): the
        exercise for that answer's theme, as its "Reflect on this theme" button would start."""
        if decision.route is not Route.EXERCISE or decision.target is not None or not _POINTS_TO_EXERCISE.search(text):
            return decision
        exercise = self._exercise_on(context.last_entry)
        if exercise is None:
            return decision
        return Decision(Route.EXERCISE, exercise.id, why=f"a request for the exercise on the last answer ({context.last_entry})")

    def _question_then_exercise(self, text: str, context: Context, exercise: Decision) -> Decision | None:
        """A knowledge question and a request for an exercise in one message ("whats fail well and
        can we do the exercise on it"): the question answered, then that exercise started."""
        if exercise.target is None:
            return None
        parts = [part for part in _QUESTION_SPLIT.split(text) if len(_words(part)) >= MIN_QUESTION_WORDS]
        for part in parts if len(parts) > 1 else ():
            if self._exercise(part, {}) is not None or not (_ASKS.match(part) or part.rstrip().endswith("?")):
                continue
            answer = self._one_question(part, context, frozenset(), "")
            if answer.route is Route.KNOWLEDGE:
                return Decision(Route.KNOWLEDGE, answer.target, alternatives=answer.alternatives,
                                why=f"a question and an exercise: the question answered, then {exercise.target}",
                                extras={"questions": (part,), "then_exercise": exercise.target})
        return None

    def _evidence_for_last(self, text: str, context: Context) -> Decision | None:
        """"prove it works", "what does the evidence say then" after an answer: the evidence behind
        that answer (an entry on evidence related to it, or the best one for its topic), when the
        words alone point nowhere in particular."""
        kb, index = self.knowledge.kb, self.knowledge.index
        last = kb.entries.get(context.last_entry or "")
        if last is None or len(_words(text)) > MAX_FOLLOW_UP_WORDS or not _ASKS_EVIDENCE.search(text):
            return None
        if (index.decide(text).answer and not _ANAPHORA.search(text)) or EVIDENCE_THEME in last.themes:
            return None  # a question of its own ("what does the evidence say about integration"), or already evidence

        def is_evidence(entry) -> bool:
            return EVIDENCE_THEME in entry.themes and entry.id not in context.answered

        related = [entry for entry in kb.related_entries(last) if is_evidence(entry)]
        ranked = [hit.entry for hit in index.search(f"{text} {last.title} {' '.join(last.themes)}", k=len(kb.entries))
                  if is_evidence(hit.entry)]
        chosen = next((entry for entry in ranked if entry in related), None) or (related or ranked or [None])[0]
        if chosen is None:
            return None
        return Decision(Route.KNOWLEDGE, chosen.id, why=f"asking for the evidence behind {last.id}")

    def _names_own_topic(self, text: str, context: Context) -> bool:
        """True when the words, without the asking for a summary, clearly name an entry other
        than the last answer ("summarise the evidence on place-based leadership")."""
        own = self.knowledge.index.decide(_SUMMARY.sub(" ", text), k=1)
        return own.answer and own.hits[0].entry.id != context.last_entry and \
            own.confidence >= STRONG_CONFIDENCE_FACTOR * own.threshold

    def _in_context(self, text: str, context: Context) -> Decision | None:
        """A question too thin on its own, read with the last answer's topic ("how do I get the
        trust to actually talk to us" after an answer on cross-system issues): a related entry
        that the words and the topic together clearly point to, or None."""
        kb, index = self.knowledge.kb, self.knowledge.index
        last = kb.entries.get(context.last_entry or "")
        own = index.decide(text, k=len(kb.entries))
        if last is None or own.coverage < KNOWN_WORDS_SHARE:
            return None  # mostly words the knowledge base does not know: not ours, whatever came before
        matched = {hit.entry.id for hit in own.hits}  # the entries its own words point to
        neighbours = {entry.id for entry in kb.related_entries(last)}
        enriched = index.decide(f"{text} {last.title}", k=5)
        fits = [hit for hit in enriched.hits if hit.entry.id in neighbours & matched and hit.entry.id not in context.answered]
        if enriched.answer and fits:
            return Decision(Route.KNOWLEDGE, fits[0].entry.id, alternatives=tuple(h.entry.id for h in fits[1:]),
                            why=f"a question read with the last answer ({last.id}): a related entry")
        return None

    # ---- the routes ---------------------------------------------------------------------------

    def _knowledge_and_offer(self, text: str, context: Context) -> Decision | None:
        """Two questions in one message, one for the knowledge base and one for an offer ("what
        does fail well mean and is there a free course for new managers?"): the first answered,
        the request for an offer offered as a button that asks it on its own."""
        parts = [part for part in _QUESTION_SPLIT.split(text) if len(_words(part)) >= MIN_QUESTION_WORDS]
        if len(parts) < 2:
            return None
        first, rest = parts[0], " ".join(parts[1:])
        for question, request in ((first, rest), (rest, first)):
            if not self._names_an_offer(request, context) or self._catalogue(question, context) is not None:
                continue
            question = _JOINING.sub("", question)
            if request is first and _ANAPHORA.search(question):
                continue  # "what are lead to succeed and well-led, and do i need to be a manager to do them": about those
            if not (_ASKS.match(question) or question.rstrip().endswith("?")):
                continue  # "any leadership development in wales? something about working across ...": context, not a question
            answer = self._one_question(question, context, frozenset(), "")
            if answer.route is Route.KNOWLEDGE:
                return Decision(Route.KNOWLEDGE, answer.target, alternatives=answer.alternatives,
                                why="two questions: the knowledge question answered, the request for an offer too",
                                extras={"questions": (question,), "offer_request": _JOINING.sub("", request).strip(),
                                        "offer_first": request is first})
        return None

    def _names_an_offer(self, text: str, context: Context) -> bool:
        """True when `text` asks for an offer and says which or for whom ("is there a free course for
        new managers?"), not only how ("looking for the short list")."""
        from bot.finder import read_request

        if self._catalogue(text, context) is None:
            return False
        request = read_request(text, context.profile, tuple(context.last_list), context.focus, self.finder)
        return request is not None and (request.item is not None or bool(request.facts))

    def _corrected(self, rest: str, context: Context) -> Decision:
        given = set(context.answered[-1:]) | ({context.last_entry} if context.last_entry else set())
        # "no, I meant the evidence. where's the proof": the evidence behind the last answer.
        evidence = self._evidence_for_last(rest, context) if rest else None
        if evidence is not None:
            return Decision(evidence.route, evidence.target, why=f"a correction: {evidence.why}")
        if _asks_to_do(rest):  # "Sorry, I meant could you give me an exercise on it to use with my team"
            exercise = self._exercise(rest, {}, context)
            on_last = self._exercise_on(context.last_entry)
            if exercise is not None and exercise.target is None and on_last is not None:
                # "i meant a practical exercise for police, ED and us together" after an answer on
                # conflict between partners: the exercise on what was asked, not the menu.
                return Decision(Route.EXERCISE, on_last.id, why=f"a correction: the exercise on the last answer ({context.last_entry})")
            if exercise is not None:
                return Decision(exercise.route, exercise.target, why=f"a correction: {exercise.why}")
        if len(_words(rest)) >= MIN_QUESTION_WORDS - 1:
            # "that's not what I asked, I want to find one to join" after an answer on communities of
            # practice: "one" is one of those, and finding one to join is a request for an offer.
            last = self.knowledge.kb.entries.get(context.last_entry or "")
            probe = f"{rest} {last.title}" if last is not None and _ONE_OF_THOSE.search(rest) else rest
            catalogue = self._catalogue(probe, context)
            if catalogue is not None:
                return catalogue
            if context.last_list and parse_theme(rest):
                # "sorry meant for the system stuff, working across orgs" after a list of offers
                return Decision(Route.FINDER, why="a correction to the list: what the offers should be about")
            decision = self._question(rest, context, exclude=given, why="a correction, reading what follows it")
            if decision.route is Route.ABSTAIN and context.said_before and not is_closing(context.said_before):
                # "not what i asked. i want them to talk to us" after "hospital dumps people on us fri
                # 5pm... how do i fix that with them": what follows, read with the question it corrects.
                joined = f"{self.informal.read(context.said_before).text.rstrip(' .!?')}. {rest}"
                again = self._question(joined, context, exclude=given,
                                       why="a correction, read with the question it corrects")
                hits = self.knowledge.index.decide(joined, k=5).hits
                top = hits[0].score if hits else 0.0
                other = next((hit.score for hit in hits if hit.entry.id == again.target), 0.0)
                # Only a reading nearly as strong as the one given: else saying so is more honest.
                if again.route is Route.KNOWLEDGE and other >= CORRECTION_READING_SHARE * top:
                    return again
            return decision
        for entry_id in context.alternatives:
            if entry_id not in given and entry_id in self.knowledge.kb.entries:
                others = tuple(e for e in context.alternatives if e != entry_id and e not in given)
                return Decision(Route.KNOWLEDGE, entry_id, alternatives=others,
                                why="a correction: the next-best reading of the last question")
        return Decision(Route.ABSTAIN, why="a correction, and no other reading fits")

    def _exercise_on(self, entry_id: str | None):
        """The exercise offered under an answer from this entry ("Reflect on this theme"), or None."""
        from bot.coaching.suggest import exercise_for_entry

        entry = self.knowledge.kb.entries.get(entry_id or "")
        return exercise_for_entry(entry, self.exercises, self.knowledge.kb) if entry is not None else None

    def _exercise(self, text: str, intent: Mapping, context: Context | None = None) -> Decision | None:
        from bot.coaching import suggest_exercise

        text = _NOT_AN_EXERCISE.sub(" ", text)  # "a course, not an exercise": no request to reflect
        if _PHYSICAL_EXERCISE.search(text):
            return None  # "which exercises should I give a patient with sciatica": not ours

        offer = bool(_OFFER_KIND.search(_NOT_AN_OFFER.sub(" ", text))) and not _EXERCISE_WORD.search(text)
        said = bool(_EXERCISE_EXPLICIT.search(text)) and not offer  # "any activities ..., like a course?"
        if not said and not offer and _TOOL_WANTED.search(text) and not self._names_an_offer(text, Context()):
            said = True  # "any activity to engage them": something to do, which is an exercise here
        explicit = said or (intent.get("name") == "start_reflection" and (intent.get("confidence") or 0) >= 0.8)
        # An exercise named by its title, asked to be done: "can you run the cross-boundary challenge
        # with me?", "fancy daein the failing well yin?".
        explicit = explicit or (_DO_IT.search(text) is not None and self._exercise_by_title(text) is not None)
        if not explicit and not _EXERCISE_REQUEST.search(text):
            return None
        if not said and _TO_FIND.search(text) and self._names_an_offer(text, Context()):
            return None  # "how do I find a coach through the NHS?": a coach to find, not coaching here
        text = _FORM_WORDS.sub(" ", text)  # "a structured reflection on ...": how, not which
        exercise = self._exercise_by_title(text)
        if exercise is None and said and _UNDECIDED.search(text):
            return Decision(Route.EXERCISE, None, why="a request to reflect, the choice left to the leader: the menu")
        # "an exercise on it to use with my team": on the last answer, whatever "team" would choose.
        on_last = self._exercise_on(context.last_entry) if context is not None and _POINTS_TO_EXERCISE.search(text) else None
        if exercise is None and on_last is not None:
            return Decision(Route.EXERCISE, on_last.id, why=f"a request to reflect on the last answer ({context.last_entry})")
        exercise = exercise or self._exercise_by_words(text) or suggest_exercise(text, self.exercises)
        if exercise is not None:
            return Decision(Route.EXERCISE, exercise.id, why="a request to reflect, naming this exercise")
        # "reflect on X", "walk me through X" where X is a knowledge topic: the exercise drawing on
        # X's entries. The topic is what the message says besides asking: "coaching please" names none.
        topic = _TOOL_WANTED.sub(" ", (_EXERCISE_EXPLICIT if explicit else _EXERCISE_REQUEST).sub(" ", text))
        named = set(self.knowledge.index.analyse(topic).lemmas) - _REQUEST_LEMMAS
        hit = self.knowledge.index.best(topic) if named else None
        drawing = [candidate for candidate in self.exercises.values()
                   if hit is not None and hit.entry.id in candidate.draws_on]
        if drawing:  # the most focused exercise drawing on that entry
            chosen = min(drawing, key=lambda candidate: len(candidate.draws_on))
            return Decision(Route.EXERCISE, chosen.id, why=f"a request to reflect on {hit.entry.id}")
        if explicit:
            return Decision(Route.EXERCISE, None, why="a request to reflect, no exercise named: the menu")
        return None

    def _exercise_by_words(self, text: str):
        """The exercise whose own words (title, keywords, purpose, introduction, questions) the
        message shares most, by lemma and weighted by rarity across the exercises, each keyword of
        two words or more said whole adding KEYWORD_WORD_WEIGHT a word; None unless one clearly leads."""
        from bot.coaching.suggest import keyword_scores

        # Words of asking ("options?", "what do you suggest", "some coaching work") choose no exercise.
        lemmas = {family(lemma) for lemma in self.knowledge.index.analyse(text).lemmas
                  if lemma not in _REQUEST_LEMMAS} - {family(lemma) for lemma in _REQUEST_LEMMAS}
        # A keyword said as a phrase ("did not work", "team leaders") is surer than its words apart.
        phrases = keyword_scores(text, self.exercises.values(), min_words=2)
        drawn = self._drawn_on(text)
        scores = sorted(((sum(weights.get(lemma, 0.0) for lemma in lemmas) + KEYWORD_WORD_WEIGHT * phrases[exercise_id]
                          + drawn.get(exercise_id, 0.0), exercise_id)
                         for exercise_id, weights in self._exercise_lemmas.items()), reverse=True)
        if not scores or scores[0][0] < MIN_EXERCISE_SCORE:
            return None
        if len(scores) > 1 and scores[0][0] < EXERCISE_LEAD * scores[1][0]:
            return None
        return self.exercises[scores[0][1]]

    def _drawn_on(self, text: str) -> dict[str, float]:
        """Per exercise, the knowledge base's word on the topic: each of the best entries for `text`
        (scaled by its score against the best one's) adds KNOWLEDGE_WEIGHT to the exercise that
        draws on it first, half that to one that draws on it later ("whether my council's culture lets
        managers think long term" finds long-term planning, which the enabling-environment exercise
        draws on, whatever "managers" says)."""
        hits = self.knowledge.index.search(text, 3)
        if not hits or hits[0].score <= 0:
            return {}
        bonus: dict[str, float] = {}
        for hit in hits:
            share = hit.score / hits[0].score
            for exercise in self.exercises.values():
                if hit.entry.id in exercise.draws_on:
                    first = exercise.draws_on[0] == hit.entry.id
                    bonus[exercise.id] = bonus.get(exercise.id, 0.0) + KNOWLEDGE_WEIGHT * share * (1.0 if first else 0.5)
        return bonus

    def _exercise_by_title(self, text: str):
        """The exercise whose title's distinctive words are all in the message ("the cross boundary one")."""
        said = set(_words(text.replace("-", " ")))
        best, best_size = None, 0
        for exercise in self.exercises.values():
            distinctive = [w for w in _words(exercise.title.replace("-", " ")) if len(w) > 3 and w not in
                           {"with", "your", "leadership", "system", "effective", "before", "against"}]
            matched = [w for w in distinctive if w in said or (len(w) > 5 and any(s.startswith(w[:-1]) for s in said))]
            if distinctive and len(matched) == len(distinctive) and len(distinctive) > best_size:
                best, best_size = exercise, len(distinctive)
        return best

    def _catalogue(self, text: str, context: Context, follow_up: bool = False) -> Decision | None:
        """A request for an offer (bot.finder.read_request): one named entry, or the finder.

        A follow-up to a knowledge answer that names no kind of offer ("and is there a social
        care equivalent?") is about that answer, not a request to the finder."""
        from bot.finder import read_request

        request = read_request(text, context.profile, tuple(context.last_list), context.focus, self.finder)
        if request is None:
            return None
        if follow_up and request.kind == "recommend" and not {"want", "role", "group"} & set(request.facts):
            return None  # "and is there a social care equivalent?" is about the answer; "anything for GPs" is not
        if request.kind == "recommend" and "want" not in request.facts and _recommends_another_thing(text):
            return None  # "recommend a hotel in Edinburgh", "which till system would you recommend"
        if request.kind == "recommend" and "want" not in request.facts and not context.last_list \
                and len(_words(text)) > SHORT_REQUEST_WORDS and not wants_something(text) \
                and self.knowledge.index.decide(text).answer:
            # A longer message that names no kind of offer, only who is asking, and that the knowledge
            # base answers ("IJB chief officer. Genuine question: is there anything in this about the
            # centre letting go?") is a question about the topic, not a request to the finder.
            return None
        about = bool(_QUESTION_ABOUT.search(text) or (_ABOUT_EVIDENCE.search(without_ruled_out(text)) and request.position is None)) \
            and not context.last_list
        if about and self.knowledge.index.decide(text).answer:
            return None  # "what does SCIE say about leadership programmes?": a knowledge question
        if request.kind == "item" and request.item is not None:
            return Decision(Route.CATALOGUE, request.item.id, why="names, or points back to, this offer")
        if request.kind == "several":
            return Decision(Route.CATALOGUE, why="asks the same of every offer in the last list")
        return Decision(Route.FINDER, why=f"a finder request ({request.kind})")

    def _is_follow_up(self, text: str) -> bool:
        words = _words(text)
        if not words or len(words) > MAX_FOLLOW_UP_WORDS:
            return False
        return bool(_FOLLOW_UP_OPENERS.search(text) or _ANAPHORA.search(text))

    def _follow_up(self, text: str, context: Context) -> Decision:
        kb, index = self.knowledge.kb, self.knowledge.index
        last = kb.entries.get(context.last_entry or "")
        if last is None:
            return self._question(text, context)
        neighbours = {e.id for e in kb.related_entries(last)}
        own = index.decide(text, k=5)
        # New content of its own ("and for councils?"): the best entry for the words with the last
        # topic as context, if it is clearly about them.
        enriched = index.decide(f"{text} {last.title}", k=5)
        hits = [hit for hit in enriched.hits if hit.entry.id != last.id]
        about_parts = bool(_ABOUT_ITS_PARTS.search(text))
        points_back = bool(_ANAPHORA.search(text)) or about_parts
        strong = own.answer and own.confidence >= STRONG_CONFIDENCE_FACTOR * own.threshold
        # Pointing back, and the last topic still ranks first once named ("how do I sell that to an
        # ICB that wants zero risk" after failing well): the question is about the last topic in a
        # new setting, whatever the setting's own words rank.
        about_last = points_back and enriched.answer and enriched.hits[0].entry.id == last.id
        if own.answer and own.hits[0].entry.id != last.id and (strong or not points_back) and not about_last:
            return Decision(Route.KNOWLEDGE, own.hits[0].entry.id,
                            alternatives=tuple(h.entry.id for h in own.hits[1:]),
                            why="a follow-up with a question of its own")
        named = None if about_parts else self._neighbour_named(text, last, context)
        if named is not None:  # "and why does that matter for my ward" after the definition
            return Decision(Route.KNOWLEDGE, named.id, why=f"a follow-up to {last.id} naming a related entry's subject")
        if points_back and last.more and last.id not in context.more_given:
            return Decision(Route.MORE, last.id, why=f"a follow-up pointing back at {last.id}: its longer explanation")
        practical = self._practical_neighbour(text, last, context)
        if practical is not None:  # "ok but what would I actually do differently on Monday"
            return Decision(Route.KNOWLEDGE, practical.id, why=f"a follow-up to {last.id} asking what to do: a related entry on practice")
        if enriched.answer and enriched.hits[0].entry.id == last.id and last.more and last.id not in context.more_given:
            return Decision(Route.MORE, last.id, why=f"a follow-up about {last.id} itself: its longer explanation")
        if enriched.answer and hits and hits[0].entry.id in neighbours | {h.entry.id for h in own.hits}:
            return Decision(Route.KNOWLEDGE, hits[0].entry.id, alternatives=tuple(h.entry.id for h in hits[1:]),
                            why=f"a follow-up to {last.id}, answered by a neighbour")
        if last.more and last.id not in context.more_given:
            return Decision(Route.MORE, last.id, why=f"a follow-up to {last.id}: its longer explanation")
        for neighbour in kb.related_entries(last):
            if neighbour.id not in context.answered:
                return Decision(Route.KNOWLEDGE, neighbour.id, why=f"a follow-up to {last.id}: a related entry")
        return Decision(Route.ABSTAIN, why=f"a follow-up to {last.id}, and nothing more is known")

    def _practical_neighbour(self, text: str, last, context: Context):
        """For a follow-up asking what to do in practice, the related entry (not yet answered)
        most about what leaders do: their skills, behaviours and actions; None when none is."""
        if not _PRACTICAL.search(text):
            return None
        if EVIDENCE_THEME not in last.themes and last.more and last.id not in context.more_given:
            return None  # an entry about practice says more of its own practical step
        related = {entry.id for entry in self.knowledge.kb.related_entries(last)}
        everything = self.knowledge.index.search(f"{_PRACTICE_QUERY} {last.title}", k=len(self.knowledge.kb.entries))
        ranked = [hit.entry for hit in everything if hit.entry.id not in context.answered and hit.entry.id != last.id
                  and EVIDENCE_THEME not in hit.entry.themes][:PRACTICE_CANDIDATES]
        # A related entry among the most practical ones, else the most practical entry of all.
        return next((entry for entry in ranked if entry.id in related), None) or (ranked[0] if ranked else None)

    def _neighbour_named(self, text: str, last, context: Context):
        """The related entry whose title names what the follow-up asks about beyond the last
        answer's own title ("why does that matter" after "What system leadership is": "Why
        system leadership matters"), the one sharing most such words; None when none does."""
        index = self.knowledge.index

        def families(words: str) -> set[str]:
            return {family(lemma) for lemma in index.content_lemmas(words)}  # cached per text

        if self._title_counts is None:  # how many titles use each word: "care" names no one entry
            self._title_counts = {}
            for entry in self.knowledge.kb.entries.values():
                for key in families(entry.title):
                    self._title_counts[key] = self._title_counts.get(key, 0) + 1
        asked = {key for key in families(text) if self._title_counts.get(key, 0) <= MAX_TITLES_NAMING}
        own = families(last.title)
        scored = [(len((families(neighbour.title) - own) & asked), neighbour)
                  for neighbour in self.knowledge.kb.related_entries(last) if neighbour.id not in context.answered]
        best = max(scored, key=lambda pair: pair[0], default=(0, None))
        return best[1] if best[0] > 0 else None

    def _question(self, text: str, context: Context, exclude: set[str] | frozenset[str] = frozenset(),
                  why: str = "") -> Decision:
        compared = self._compared(text, context, exclude, why)
        if compared is not None:
            return compared
        parts = [part for part in _QUESTION_SPLIT.split(text) if len(_words(part)) >= MIN_QUESTION_WORDS]
        if len(parts) > 1 and _ANAPHORA.search(parts[1]) and _ASKS.match(parts[1]):
            parts = [text]  # "how does shared leadership help? what are the main ways it shows up?": one question
        if len(parts) > 1:
            first = self._one_question(parts[0], context, exclude, why)
            second = self._one_question(" ".join(parts[1:]), context, exclude | {first.target or ""}, why)
            if first.route is Route.KNOWLEDGE and second.route is Route.KNOWLEDGE and second.target != first.target:
                return Decision(Route.KNOWLEDGE, first.target, second=second.target, alternatives=first.alternatives,
                                why="two questions: both answered, each from its own entry",
                                extras={"questions": (parts[0], " ".join(parts[1:]))})
            if first.route is not Route.KNOWLEDGE and second.route is Route.KNOWLEDGE:
                return second
            if first.route is Route.KNOWLEDGE:  # "what is X and why should a GP care": answer what we can
                return first
        decision = self._one_question(text, context, exclude, why)
        split = _question_after_context(text)
        general = self._in_general(split[1] if split else text)
        if decision.route is Route.ABSTAIN:
            return self._focused(text, context, exclude, why) or general or decision
        if general is not None and decision.route is Route.KNOWLEDGE and not exclude \
                and self.knowledge.index.decide(text).confidence < STRONG_CONFIDENCE_FACTOR * ABSTAIN_MIN_CONFIDENCE:
            return general  # "how can I work better with partners" had been answered from one study
        if general is not None and decision.route is Route.KNOWLEDGE and not exclude and _EVIDENCE_ASKED.search(text) \
                and "evidence" not in self.knowledge.kb.entries[decision.target].themes:
            return general  # "...management speak. whats the actual evidence it improves anything" had got peer support
        if split is not None and not _PRONOUN.search(split[1]) and self._off_topic(split[1]):
            # "we have a system leadership away day next week. where's the best pizza place in leeds":
            # the context names our topic, the question asks about something else.
            return Decision(Route.ABSTAIN, alternatives=decision.alternatives,
                            why="the question after its context is about something the knowledge base does not cover")
        return decision

    def _compared(self, text: str, context: Context, exclude, why: str) -> Decision | None:
        """A comparison of two topics ("whats the difference between collective leadership and system
        leadership?", "shared vs distributed leadership"): both answered, each from its own entry."""
        match = _COMPARISON.search(text)
        if match is None:
            sceptic = _SCEPTIC.search(text)
            doubted = next((sceptic.group(x) for x in ("a", "a2") if sceptic.group(x)), "") if sceptic else ""
            if not doubted or _SCEPTIC_POINTER.match(doubted.strip()):
                return None
            side = self._one_question(f"what is {doubted.strip(' ?.!')}", context, exclude, why)
            if side.route is not Route.KNOWLEDGE:
                return None
            return Decision(Route.KNOWLEDGE, side.target, alternatives=side.alternatives,
                            why="a sceptic's question of one topic: what that topic is")
        a, b = next((match.group(x), match.group(y)) for x, y in (("a", "b"), ("a2", "b2"), ("a3", "b3"))
                    if match.group(x))
        first, second = (self._one_question(f"what is {part.strip(' ?.!')}", context, exclude, why) for part in (a, b))
        if first.route is Route.KNOWLEDGE and second.route is Route.KNOWLEDGE and first.target != second.target:
            return Decision(Route.KNOWLEDGE, first.target, second=second.target, alternatives=first.alternatives,
                            why="a comparison: each side answered from its own entry",
                            extras={"questions": (f"what is {a.strip()}", f"what is {b.strip()}")})
        known = [side for side in (first, second) if side.route is Route.KNOWLEDGE]
        if len(known) == 1:  # "how is system leadership different from normal management?": the side we hold
            return Decision(Route.KNOWLEDGE, known[0].target, alternatives=known[0].alternatives,
                            why="a comparison with something the knowledge base does not cover: the side it does")
        return None

    def _core_lemmas(self) -> frozenset[str]:
        """The knowledge base's own core words: those in at least CORE_SHARE of its entries
        (leadership, system, lead, partner, organisation ...)."""
        counts: dict[str, int] = {}
        entries = list(self.knowledge.kb.entries.values())
        for entry in entries:
            for key in {family(lemma) for lemma in self.knowledge.index.content_lemmas(
                    f"{entry.title} {entry.answer} {entry.more or ''}")}:
                counts[key] = counts.get(key, 0) + 1
        return frozenset(key for key, count in counts.items() if count >= CORE_SHARE * len(entries))

    def _in_general(self, text: str) -> Decision | None:
        """How to do the work itself, asked in the knowledge base's core words alone ("how can I lead
        across the system", "what's one thing I can do this week to lead across the system"): BM25
        cannot rank words every entry uses, but the question is ours: what system leaders do in
        practice."""
        evidence = bool(_EVIDENCE_ASKED.search(text))
        if not (evidence or _HOW_TO.search(text) or _PRACTICAL.search(text) or _WHAT_CAN_I_DO.search(text)):
            return None
        filler = _GENERAL_FILLER | (_EVIDENCE_FILLER if evidence else frozenset())
        lemmas = {family(lemma) for lemma in self.knowledge.index.analyse(text).lemmas if lemma not in filler and len(lemma) > 1}
        if (not lemmas and not evidence) or not lemmas <= self._core:
            return None  # (an evidence question may be all evidence words: "what's the actual evidence it improves anything")
        practice = self.knowledge.index.decide(_EVIDENCE_QUERY if evidence else _PRACTICE_QUERY)
        if not practice.hits:
            return None
        what = "whether the work works: what the evidence says" if evidence else "how to do the work: what system leaders do in practice"
        return Decision(Route.KNOWLEDGE, practice.hits[0].entry.id, alternatives=tuple(h.entry.id for h in practice.hits[1:]),
                        why=f"{what}, asked in the knowledge base's core words")

    def _all_ours(self, question: str) -> bool:
        """The question has words of its own, and the knowledge base knows them ("trust", not "Spain")."""
        analysis = self.knowledge.index.analyse(question)
        return bool(analysis.lemmas) and self.knowledge.index.coverage(analysis) >= KNOWN_WORDS_SHARE

    def _off_topic(self, question: str) -> bool:
        analysis = self.knowledge.index.analyse(question)
        unknown = [lemma for lemma in analysis.lemmas if not self.knowledge.index.known(lemma)]
        return not analysis.terms and len(unknown) >= 2 and \
            self.knowledge.index.coverage(analysis) < KNOWN_WORDS_SHARE

    def _focused(self, text: str, context: Context, exclude, why: str) -> Decision | None:
        """A message of context, then its question ("I'm a ward sister, I've been told to talk about
        'system leadership' at our away day. what is it in plain english"): the question alone,
        its pronoun standing for the topic the context named. The context's other words (the
        ward, the away day) are who asks, not what about, and they drown the question's words."""
        split = _question_after_context(text)
        if split is None:
            return None
        before, question = split
        if _PRONOUN.search(question) and not self.knowledge.index.analyse(question).terms:
            named = self.knowledge.index.analyse(before).terms
            if not named:
                return None
            question = _PRONOUN.sub(" and ".join(dict.fromkeys(named)), question, count=1)
        decision = self._one_question(question, context, exclude, why)
        if decision.route is Route.ABSTAIN:
            return None
        return Decision(decision.route, decision.target, decision.second, decision.alternatives, decision.read_as,
                        (decision.why + "; " if decision.why else "") + "the question after its context", decision.extras)

    def _one_question(self, text: str, context: Context, exclude, why: str) -> Decision:
        if len(_words(text)) <= 2:
            analysis = self.knowledge.index.analyse(text)
            if not analysis.terms and len(analysis.lemmas) <= 1 and not set(analysis.lemmas) & self._title_lemmas:
                # "great", "ok then": one ordinary word is not a question about any topic.
                return Decision(Route.ABSTAIN, why="one ordinary word, not a topic")
        decision = self.knowledge.index.decide(text, k=5)
        if _WHAT_IS_IT.search(text) and not (decision.answer and decision.confidence >= STRONG_CONFIDENCE_FACTOR
                                             * ABSTAIN_MIN_CONFIDENCE):
            # "everyone says system leadership, what actually is it": its meaning, unless the
            # words already point clearly at one entry ("the Virtual Staff College research - what was it").
            decision = self.knowledge.index.decide(f"{text} meaning", k=5)
        hits = [hit for hit in decision.hits if hit.entry.id not in exclude]
        intent = getattr(self, "_intent", {}) or {}
        if decision.answer and intent.get("name") == "out_of_scope" and \
                (intent.get("confidence") or 0) >= OUT_OF_SCOPE_CONFIDENCE and decision.coverage < KNOWN_WORDS_SHARE:
            # The classifier is sure it is out of scope and many of its words are unknown to the
            # knowledge base ("book me a meeting room at the ICB"): a domain word alone is not enough.
            return Decision(Route.ABSTAIN, why=f"out of scope: only {decision.coverage:.0%} of its words are known")
        if not decision.answer or not hits:
            return Decision(Route.ABSTAIN, alternatives=tuple(h.entry.id for h in hits),
                            why=(why + "; " if why else "") + f"confidence {decision.confidence:.2f} below "
                                f"{decision.threshold:.2f}" if decision.hits else "no known word")
        best = hits[0]
        alternatives = tuple(h.entry.id for h in hits[1:])
        # Never the same answer twice in a row: the longer explanation, or the next best.
        if best.entry.id == context.last_entry:
            if best.entry.more and best.entry.id not in context.more_given:
                return Decision(Route.MORE, best.entry.id, alternatives=alternatives,
                                why="the same entry as the last answer: its longer explanation")
            if alternatives:
                return Decision(Route.KNOWLEDGE, alternatives[0], alternatives=alternatives[1:],
                                why="the same entry as the last answer: the next best")
        return Decision(Route.KNOWLEDGE, best.entry.id, alternatives=alternatives,
                        why=why or f"the best entry (confidence {decision.confidence:.2f})")
