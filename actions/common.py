"""What the action modules share: buttons, the knowledge answer, the safety step, form activation,
the check-in slot, and the abstract bases with their injectable collaborators.

The one module every action module may import; no action module imports another
(tests/actions/test_common.py checks). The bases are abstract (`abc.ABCMeta` with an abstract
`name()`), because the rasa_sdk action server registers every concrete Action subclass it finds.
"""
from __future__ import annotations

import abc
import json
import logging
import re
from collections.abc import Callable, Mapping
from itertools import islice
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import coaching, feedback, identity, names
from bot.checkins.service import next_checkin_on
from bot.coaching import Exercise
from bot.dialogue import consecutive_turns_ending_in, is_question_mid_form, looks_like_question
from bot.journal import JournalRepository, get_journal
from bot.knowledge import Knowledge, get_knowledge
from bot.knowledge.compose import compose_answer, compose_citation, compose_more, suggest_topics
from bot.knowledge.models import Entry, KnowledgeBase
from bot.safety import SafetyStep, handled_this_turn, safety_step, signposted_last_turn
from bot.understanding import Context, Decision, Route

logger = logging.getLogger(__name__)

TEAMS_CHANNEL = "teams"  # the input channel name of bot/rasa/channels/teams.py
# The actions that start our forms with FollowupAction. Rasa validates the triggering message
# when a form activates; that message is a request ("I want to reflect"), not an answer.
# (action_confirm reopens a finished exercise: "back" at its save offer.)
FORM_STARTERS = frozenset({names.ACTION_START_REFLECTION, names.ACTION_RESUME_REFLECTION, names.ACTION_CONFIRM,
                           names.ACTION_FIND_PROGRAMME, names.ACTION_MORE_PROGRAMMES, names.ACTION_CHECKIN_OPEN})


# Buttons and domain text -----------------------------------------------------------------------

def payload(intent: str, entities: dict[str, str] | None = None) -> str:
    """A button payload that sets the intent (and entities) directly, bypassing NLU."""
    return "/" + intent + (json.dumps(entities) if entities else "")


def response_text(domain: dict[str, Any], name: str) -> str:
    """The first text of a domain response (for button titles, which responses cannot compose)."""
    return domain["responses"][name][0]["text"]


def topic_button(title: str, entry_id: str) -> dict[str, str]:
    """A button that asks for one entry by id (the payload bypasses NLU)."""
    return {"title": title, "payload": payload(names.ASK_QUESTION_INTENT, {names.TOPIC_ID_ENTITY: entry_id})}


def yes_no_buttons(domain: dict[str, Any]) -> list[dict[str, str]]:
    """Yes and No buttons, answered by action_confirm and action_deny."""
    return [
        {"title": response_text(domain, names.UTTER_BUTTON_YES), "payload": payload(names.AFFIRM_INTENT)},
        {"title": response_text(domain, names.UTTER_BUTTON_NO), "payload": payload(names.DENY_INTENT)},
    ]


def not_about_own_data(tracker: Tracker) -> list[dict] | None:
    """The understanding step instead, when the classifier heard a request about the leader's own
    data (journal, commitments, check-ins, forgetting) in a typed message that names no owner and
    is no command ("why would NHSE ever agree to that"; bot.understanding.personal); else None."""
    from bot.understanding.personal import can_be_own_data_request

    if can_be_own_data_request(tracker.latest_message.get("text")):
        return None
    return [FollowupAction(names.ACTION_ANSWER_QUESTION)]


def fact_updates(facts: dict[str, str], cleared: tuple[str, ...] = ()) -> dict[str, Any]:
    """The finder's slot updates for facts read from a message (and fields it took back)."""
    from bot.finder.slots import FACT_SLOTS

    updates: dict[str, Any] = {FACT_SLOTS[field][0]: None for field in cleared}
    updates.update({FACT_SLOTS[field][0]: value for field, value in facts.items()})
    return updates


# Exercises ----------------------------------------------------------------------------------------

def close_menu() -> list[dict]:
    """The exercise menu (or a step's question) is no longer waiting for a reply."""
    return [SlotSet(names.PENDING_CONFIRMATION_SLOT, None), SlotSet(names.STEP_ASKS_SLOT, None)]


def start_exercise(dispatcher: CollectingDispatcher, exercise: Exercise) -> list[dict]:
    """Introduce `exercise` and open the reflection form on its first step."""
    dispatcher.utter_message(text=f"**{exercise.title}**\n\n{exercise.introduction}")
    dispatcher.utter_message(response=names.UTTER_REFLECTION_CONTROLS)
    return [SlotSet(names.REFLECTION_STATE_SLOT, coaching.start(exercise)), SlotSet(names.REFLECTION_ANSWER_SLOT, None),
            *close_menu(), FollowupAction(names.REFLECTION_FORM)]


# Offers from the catalogue (bot/finder) -----------------------------------------------------

RECOMMENDATION = "recommendation"  # the kind of feedback offer (bot.feedback.KINDS)


def serves_label(item) -> str:
    """Which nations the entry serves, in the vocabulary's words ("England", "Wales")."""
    from bot.finder import NATIONS

    return ", ".join(NATIONS[code] for code in item.nations)


def describe(item, reasons: list[str] | None = None) -> str:
    lines = [f"**{item.name}** ({item.provider})", item.summary]
    if reasons:
        lines.append("Why it fits: " + ", ".join(reasons) + ".")
    lines.append(f"Serves: {serves_label(item)}")
    lines.append(f"Format: {item.format}")
    lines.append(item.link())
    if item.caution:
        lines.append(f"Note: {item.caution}")
    return "\n".join(lines)


# Words that state a cost in an entry's format ("Free, online", "£995 per person", "funded places").
_STATES_COST = re.compile(r"\b(?:free|£|\$|€|cost|costs|fee|fees|funded|paid|pay|price|charge|bursar\w*|subsidi\w*)|£",
                          re.IGNORECASE)


# Asking who an entry is for: "is it only for NHS staff or social care too?", "can GPs join?".
_ASKS_WHO_FOR = re.compile(r"\b(?:only for|open to|who (?:is|s) it for|who can|eligib\w*|aimed at|meant for|"
                           r"can (?:\w+ ){1,3}(?:join|apply|use|go|do)|(?:nhs|social care|council|charit\w*|voluntary)\b.{0,20}"
                           r"\btoo\b|suitable for|right for)", re.IGNORECASE)


def follow_up(item, question: str = "") -> str:
    """The entry's stated format and cost, the nations it serves, its link and any caution; when
    the format states no cost, it says so ("is it free?" deserves an honest answer); when the
    `question` asks who it is for, what the entry says of its audience first."""
    lines = [f"**{item.name}**"]
    if _ASKS_WHO_FOR.search(question):
        lines.append(item.summary)
    lines.append(f"Format: {item.format}")
    if not _STATES_COST.search(item.format or ""):
        lines.append("Cost: not stated in what I hold; the provider's page will say.")
    lines += [f"Serves: {serves_label(item)}", item.link()]
    if item.caution:
        lines.append(f"Note: {item.caution}")
    return "\n".join(lines)


def audience_line(item) -> str:
    """Who the entry is for, in the vocabulary's words."""
    from bot.finder import ROLES

    return "For: " + ", ".join([ROLES[r].split(" (")[0] for r in item.roles] or ["None of the roles I know"]) + "."


# Answers from the knowledge base ----------------------------------------------------------------

def send_answer(dispatcher: CollectingDispatcher, domain: dict[str, Any], kb: KnowledgeBase, entry: Entry,
                question: str | None = None, index=None) -> list[dict]:
    """Send the entry's short answer with its source, related topics and a reflection offer (the
    exercise for its theme, bot.coaching.exercise_for_entry; none when no exercise is linked to
    it). With the `question` and the search `index`, the answer adds what the question asks beyond it."""
    lemmas = index.content_lemmas if index is not None and question else None
    answer = compose_answer(kb, entry, question, lemmas)
    buttons = [topic_button(title, entry_id) for title, entry_id in answer.related]
    exercise = coaching.exercise_for_entry(entry, coaching.get_exercises(), kb)
    if exercise is not None:
        buttons.append({
            "title": response_text(domain, names.UTTER_BUTTON_REFLECT_ON_THEME),
            "payload": payload(names.START_REFLECTION_INTENT, {names.EXERCISE_ENTITY: exercise.id,
                                                               names.TOPIC_ID_ENTITY: entry.id}),
        })
    dispatcher.utter_message(text=answer.text, buttons=buttons, json_message=feedback.offer(entry.id))
    return [SlotSet(names.KNOWLEDGE_ENTRY_SLOT, entry.id)]


def answer_found(dispatcher: CollectingDispatcher, domain: dict[str, Any], knowledge: Knowledge,
                 text: str) -> list[dict] | None:
    """Answer `text` if the knowledge base covers it (the search's threshold decides), else None."""
    hit = knowledge.index.best(text)
    return send_answer(dispatcher, domain, knowledge.kb, hit.entry) if hit else None


def answer_mid_form(dispatcher: CollectingDispatcher, domain: dict[str, Any], knowledge: Knowledge,
                    text: str, intent: Mapping | None) -> bool:
    """Answer a knowledge question asked in the middle of a form or exercise
    (bot.dialogue.is_question_mid_form) if the knowledge base covers it; True when answered, and
    the form should then pause, keeping its answers."""
    return is_question_mid_form(text, intent) and answer_found(dispatcher, domain, knowledge, text) is not None


# The safety step (bot/safety): step 1 of every turn, in every action and form ------------------

def safety_step_for(tracker: Tracker, *, in_form: bool = False) -> SafetyStep | None:
    """bot.safety.safety_step for the latest message, or None when action_safety has already
    spoken for it this turn (its replies are not repeated by the action that runs next)."""
    if handled_this_turn(tracker.events):
        return None
    return safety_step(tracker.latest_message.get("text") or "", tracker.latest_message.get("intent"),
                       in_form=in_form, after_signpost=signposted_last_turn(tracker.events))


def signposts_in_form(tracker: Tracker) -> bool:
    """True when the latest message, inside a form, needs the crisis or distress reply first
    (the form then pauses or ends, and its finishing action calls `say_signpost`)."""
    step = safety_step_for(tracker, in_form=True)
    return step is not None and step.signposts


def say_safety(dispatcher: CollectingDispatcher, step: SafetyStep) -> None:
    """Send the safety step's own replies, in order."""
    for response in step.responses:
        dispatcher.utter_message(response=response)


def say_signpost(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The crisis or distress reply for the message that ended a form."""
    step = safety_step(tracker.latest_message.get("text") or "", tracker.latest_message.get("intent"), in_form=True)
    responses = step.responses if step.signposts else (names.UTTER_DISTRESS_SUPPORT, names.UTTER_SUPPORT_ROUTES)
    for response in responses:
        dispatcher.utter_message(response=response)


# Forms and slots --------------------------------------------------------------------------------

def is_form_activation(tracker: Tracker) -> bool:
    """True while a form validates the message that started it: a starter action (FORM_STARTERS)
    ran after the latest user message, or an action asked for a form then (a followup event:
    an answer that goes on to an exercise, a switch to another exercise), so that message was
    the request, not the form's first answer."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") in FORM_STARTERS:
            return True
        if event.get("event") == "followup" and str(event.get("name") or "").endswith("_form"):
            return True
    return False


# The actions whose reply is a list of programmes or networks (or one entry's details).
FINDER_ANSWERS = frozenset({names.ACTION_FIND_PROGRAMME, names.ACTION_MORE_PROGRAMMES, names.ACTION_ASK_PROGRAMME,
                            names.ACTION_FINISH_FINDER})


def latest_answer_is_finders(tracker: Tracker) -> bool:
    """True when the coach's reply before the latest message came from the finder: only then is
    "is it free?" or "the second one" about the list it showed."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return False
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") not in (names.ACTION_LISTEN, None):
            return event.get("name") in FINDER_ANSWERS
    return False


def checkin_on_event(journal: JournalRepository, sender_id: str) -> dict:
    """The `checkin_on` slot as the journal now says it should be.

    bot.rasa.checkin_policy reads the slot; every action that changes commitments or check-in
    preferences sets it again from the journal.
    """
    due = next_checkin_on(journal, sender_id)
    return SlotSet(names.CHECKIN_ON_SLOT, None if due is None else due.isoformat())


def leader(journal: JournalRepository, tracker: Tracker) -> str:
    """Whose journal this conversation opens: the leader key of the sender id the channel fixed
    (bot.identity.leader_key), through the leader's linked identities (journal.leader_for). Never
    from a slot, entity or metadata, which a caller can set."""
    return journal.leader_for(identity.leader_key(tracker.sender_id))


# Abstract bases ---------------------------------------------------------------------------------

class KnowledgeAction(Action, metaclass=abc.ABCMeta):
    """Base for actions that use the knowledge base; tests inject a small one.

    Needs from the domain: slot `knowledge_entry`, entity `topic_id`, the safety responses
    (bot.safety.step), `utter_not_in_knowledge_base`, `utter_button_reflect_on_theme`.
    """

    def __init__(self, knowledge: Callable[[], Knowledge] = get_knowledge) -> None:
        self._knowledge = knowledge
        self._understanding = None

    @abc.abstractmethod
    def name(self) -> str: ...

    @property
    def knowledge(self) -> Knowledge:
        return self._knowledge()

    def safety_first(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
                     answers: bool = True) -> list[dict] | None:
        """Step 1 of the turn (bot.safety.step): send the safety replies, then answer the question
        the message also asks when the step says so (a request for an offer or an exercise too).
        Returns the turn's events when the safety step has dealt with the message, or None for
        the action to carry on as usual (a strain idiom's question the knowledge base does not
        cover carries on too). `answers=False` for actions that are not about the knowledge base
        (starting an exercise, the finder): after the support they carry on with their own work."""
        step = safety_step_for(tracker)
        if step is None:
            return None
        say_safety(dispatcher, step)
        if step.stop:
            return []
        if step.answer and not answers:
            # "a pilot I led flopped and I feel awful, is there an exercise on failing well?": the
            # support first, then what was asked of this action (the exercise, the finder's list).
            if step.answer_intro:
                dispatcher.utter_message(response=step.answer_intro)
            return None
        if not step.answer:
            return [] if step.signposts else None
        question = step.question or tracker.latest_message.get("text") or ""
        # The question the message also asks goes through the same understanding step.
        context = self.context(tracker)
        decision = self.understanding.decide(question, context, tracker.latest_message.get("intent"))
        if decision.route in (Route.FINDER, Route.CATALOGUE, Route.EXERCISE):
            # "any peer support for registered managers? feel really isolated": support, then the request.
            if step.answer_intro:
                dispatcher.utter_message(response=step.answer_intro)
            return self.act_on(decision, context, dispatcher, domain)
        if decision.route in (Route.KNOWLEDGE, Route.MORE):
            if step.answer_intro:
                dispatcher.utter_message(response=step.answer_intro)
            return self.act_on(decision, context, dispatcher, domain)
        if step.uncovered:
            dispatcher.utter_message(response=step.uncovered)
            return []
        return [] if step.signposts else None

    def answer(self, dispatcher: CollectingDispatcher, domain: dict[str, Any], entry: Entry) -> list[dict]:
        """Send the entry's short answer with its sources, related topics and a reflection offer."""
        return send_answer(dispatcher, domain, self.knowledge.kb, entry)

    # The understanding step (bot/understanding): every free-text route asks it from here.

    @property
    def understanding(self):
        """The understanding step over this action's knowledge: the process's own (reloaded with
        the content, bot/reload.py), or one built once over a knowledge base a test injected."""
        from bot.understanding import build_understanding, get_understanding

        if self._knowledge is get_knowledge:
            return get_understanding()
        if self._understanding is None:  # tests inject a small knowledge base
            from bot.finder import get_finder

            self._understanding = build_understanding(self.knowledge, coaching.get_exercises(), get_finder())
        return self._understanding

    def context(self, tracker: Tracker) -> Context:
        """What the conversation has established, for the understanding step: the last answer,
        what was answered, the leader's facts, and the finder's list while it is the latest answer."""
        from bot.finder.slots import last_list, profile_from

        finder = self.understanding.finder
        shown, focus = last_list(tracker.slots, finder) if latest_answer_is_finders(tracker) else ((), None)
        said = list(islice((event.get("text") or "" for event in reversed(tracker.events)
                            if event.get("event") == "user"), 2))  # the latest message, then the one before
        return Context.from_slots(tracker.get_slot(names.UNDERSTANDING_SLOT), tracker.get_slot(names.KNOWLEDGE_ENTRY_SLOT),
                                  profile=profile_from(tracker.slots), last_list=shown, focus=focus,
                                  said_before=said[1] if len(said) > 1 else "")

    def understood(self, tracker: Tracker) -> tuple[Decision, Context]:
        """The understanding step's decision for the latest message, and the context it used."""
        context = self.context(tracker)
        text = tracker.latest_message.get("text") or ""
        return self.understanding.decide(text, context, tracker.latest_message.get("intent")), context

    def act_on(self, decision: Decision, context: Context, dispatcher: CollectingDispatcher,
               domain: dict[str, Any]) -> list[dict]:
        """Carry out the understanding step's decision (the answer, or the action that gives it)."""
        kb = self.knowledge.kb
        remember = [SlotSet(names.UNDERSTANDING_SLOT, decision.remembered(context)), *self.facts_given(decision, context)]
        if decision.route is Route.KNOWLEDGE and decision.target in kb.entries:
            # Two questions in one message: two answers, each composed for its own question; the
            # second is then the last answer, for a follow-up.
            second = kb.entries.get(decision.second or "")
            questions = decision.extras.get("questions") or (decision.read_as,)
            request = decision.extras.get("offer_request")
            events = []
            if request and decision.extras.get("offer_first"):  # "What is Project Lift and does SCIE say ...": in that order
                events += self.recommend_too(request, context, dispatcher, domain)
            events += send_answer(dispatcher, domain, kb, kb.entries[decision.target],
                                  question=questions[0], index=self.knowledge.index)
            if second is not None:
                events += send_answer(dispatcher, domain, kb, second, question=questions[-1], index=self.knowledge.index)
            if request and not decision.extras.get("offer_first"):
                # The same message also asked for an offer: the recommendation follows the answer.
                events += self.recommend_too(request, context, dispatcher, domain)
            then = self.understanding.exercises.get(decision.extras.get("then_exercise") or "")
            if then is not None:  # ... and for an exercise: it starts after the answer
                events += start_exercise(dispatcher, then)
            return [*events, *remember]
        if decision.route is Route.MORE and decision.target in kb.entries:
            entry = kb.entries[decision.target]
            more = compose_more(kb, entry)
            if more is None or decision.target in context.more_given:
                dispatcher.utter_message(response=names.UTTER_NO_MORE_DETAIL, buttons=self.related_buttons(entry))
                return remember
            dispatcher.utter_message(text=more, buttons=self.related_buttons(entry),
                                     json_message=feedback.offer(entry.id))
            return [SlotSet(names.KNOWLEDGE_ENTRY_SLOT, entry.id), *remember]
        if decision.route is Route.SOURCE and decision.target in kb.entries:  # as action_cite_source says it
            dispatcher.utter_message(text=compose_citation(kb, kb.entries[decision.target]))
            return [SlotSet(names.KNOWLEDGE_ENTRY_SLOT, decision.target), *remember]
        if decision.route is Route.CATALOGUE:
            return [*remember, FollowupAction(names.ACTION_ASK_PROGRAMME)]
        if decision.route is Route.FINDER:
            return [*remember, FollowupAction(names.ACTION_FIND_PROGRAMME)]
        if decision.route is Route.EXERCISE:
            return [*remember, FollowupAction(names.ACTION_START_REFLECTION)]
        if decision.route is Route.CLOSING:
            dispatcher.utter_message(response=names.UTTER_GOODBYE)
            return remember
        if decision.route is Route.GREET:
            dispatcher.utter_message(response=names.UTTER_GREET)
            return remember
        return [*self.abstain(dispatcher), *remember]

    def recommend_too(self, request_text: str, context: Context, dispatcher: CollectingDispatcher,
                      domain: dict[str, Any]) -> list[dict]:
        """The finder's answer for the part of a message that asked for an offer, beside the answer
        to its question: one offer named ("... and what is Project Lift?") gets its details; a
        request ("... and is there a free course on it?") keeps the facts it names and the
        finder's next page follows (action_more_programmes, from a fresh list). If that part no
        longer reads as a request on its own, one tap asks it."""
        from bot.finder import read_request
        from bot.finder.filters import parse_filters

        request = read_request(request_text, context.profile, (), None, self.understanding.finder)
        if request is not None and request.kind == "item" and request.item is not None:
            # One offer named ("... and what is Project Lift?"): its details, as when asked alone,
            # and the list it is in for "how do I join it".
            item, nation = request.item, request.profile.nation
            dispatcher.utter_message(text=describe(item) + "\n" + audience_line(item),
                                     json_message=feedback.offer(item.id, RECOMMENDATION))
            if nation and not item.serves(nation):
                from bot.finder import NATIONS

                dispatcher.utter_message(response=names.UTTER_FINDER_OTHER_NATION, nation=NATIONS[nation],
                                         serves=serves_label(item))
            return [*(SlotSet(slot, value) for slot, value in fact_updates(request.facts, request.cleared).items()),
                    SlotSet(names.FINDER_LAST_SLOT, [item.id]), SlotSet(names.FINDER_FOCUS_SLOT, item.id)]
        if request is None or request.kind not in ("recommend", "profile"):
            dispatcher.utter_message(response=names.UTTER_OFFER_SECOND_QUESTION, buttons=[
                {"title": response_text(domain, names.UTTER_BUTTON_FIND_FOR_ME), "payload": request_text}])
            return []
        updates = fact_updates(request.facts, request.cleared)
        return [*(SlotSet(slot, value) for slot, value in updates.items()),
                SlotSet(names.FINDER_FILTERS_SLOT, sorted(parse_filters(request_text))),
                SlotSet(names.FINDER_SHOWN_SLOT, []), FollowupAction(names.ACTION_MORE_PROGRAMMES)]

    @staticmethod
    def facts_given(decision: Decision, context: Context) -> list[dict]:
        """Facts about the leader said in passing ("care home mgr. 60 beds ..."), kept for the
        conversation so the finder never asks for them; what the finder already knows stays."""
        if decision.route in (Route.FINDER, Route.CATALOGUE) or not decision.read_as:
            return []  # the finder reads and keeps them itself
        from bot.finder.request import read_facts
        from bot.finder.slots import FACT_SLOTS

        facts, _, _ = read_facts(decision.read_as)
        return [SlotSet(FACT_SLOTS[field][0], value) for field, value in facts.items()
                if field in FACT_SLOTS and getattr(context.profile, field, None) is None]

    def related_buttons(self, entry: Entry) -> list[dict[str, str]]:
        return [topic_button(title, other) for title, other in compose_answer(self.knowledge.kb, entry).related]

    def answer_if_covered(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict] | None:
        """Act on the understanding step's decision unless it abstains (then None).

        Used where the intent classifier routed a message elsewhere (out of scope, low
        confidence, topics): the content decides, so unusual phrasings of real questions, a
        programme request or an exercise opener still get where they belong.
        """
        typed = self.typed_understood(tracker)
        if typed is None or typed[0].route is Route.ABSTAIN:
            return None
        return self.act_on(*typed, dispatcher, domain)

    def typed_understood(self, tracker: Tracker) -> tuple[Decision, Context] | None:
        """The understanding step's decision for a typed message; None for a button's payload
        (it means what it says) or an empty message."""
        text = tracker.latest_message.get("text") or ""
        if not text.strip() or text.startswith("/"):
            return None
        return self.understood(tracker)

    def last_entry(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
                   nothing_response: str) -> tuple[Entry | None, list[dict]]:
        """The entry last answered, for follow-ups; without one, answer the words if covered,
        else send `nothing_response`. Returns (entry or None, events)."""
        entry = self.knowledge.kb.entries.get(tracker.get_slot(names.KNOWLEDGE_ENTRY_SLOT) or "")
        if entry is not None:
            return entry, []
        answered = self.answer_if_covered(dispatcher, tracker, domain)
        if answered is None:
            dispatcher.utter_message(response=nothing_response)
        return None, answered or []

    def answer_or_clarify(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: dict[str, Any]) -> list[dict]:
        """When the classifier was unsure: the knowledge base's answer if it clearly covers the
        words (the search's own threshold decides), an honest "not in my knowledge base" for a
        clear question, else a request to rephrase, and the menu after two misses in a row."""
        from bot.understanding.understand import DECLINED

        typed = self.typed_understood(tracker)  # read once: the answer, or why there is none
        if typed is not None and typed[0].route is not Route.ABSTAIN:
            return self.act_on(*typed, dispatcher, domain)
        if typed is not None and typed[0].extras.get(DECLINED):  # "write my appraisal for me": understood, and not ours
            return self.abstain(dispatcher)
        text = tracker.latest_message.get("text") or ""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent != names.NONSENSE_INTENT and (looks_like_question(text) or
                                                len(text.split()) >= CLEAR_STATEMENT_WORDS):
            # A clear question we cannot answer, or a whole sentence about something else ("my
            # laptop keeps freezing in teams meetings"), deserves an honest "not in my knowledge
            # base" with topics we do cover, not a request to rephrase it.
            return self.abstain(dispatcher)
        repeats = consecutive_turns_ending_in(tracker.events, names.ACTION_HANDLE_FALLBACK)
        # Alternate: a first miss asks to rephrase, a second in a row offers the menu.
        response = names.UTTER_ASK_REPHRASE if repeats % 2 == 0 else names.UTTER_STILL_UNCLEAR
        dispatcher.utter_message(response=response)
        return []

    def topic_buttons(self, count: int = 4) -> list[dict[str, str]]:
        """Buttons for `count` topics the knowledge base covers, to offer where there is no answer."""
        return [topic_button(title, entry_id) for title, entry_id in suggest_topics(self.knowledge.kb, count)]

    def abstain(self, dispatcher: CollectingDispatcher) -> list[dict]:
        """Say plainly that the question is outside the knowledge base and offer what is in it.

        The reply's response name marks the question as unanswered in the tracker store, which
        is where trainers' analytics find content gaps.
        """
        dispatcher.utter_message(response=names.UTTER_NOT_IN_KNOWLEDGE_BASE, buttons=self.topic_buttons())
        logger.info("Knowledge base had no answer; recorded as unanswered")
        return [SlotSet(names.KNOWLEDGE_ENTRY_SLOT, None)]


CLEAR_STATEMENT_WORDS = 6  # a message this long is a sentence, not a slip to ask about again


class ReflectionMixin:
    """Access to the exercises and the `reflection_state` slot; tests inject small exercises."""

    exercises: Callable[[], dict[str, Exercise]] = staticmethod(coaching.get_exercises)

    def current(self, tracker: Tracker) -> tuple[Exercise | None, dict | None]:
        """The exercise and its (validated) state from the slot, or (None, None)."""
        state = tracker.get_slot(names.REFLECTION_STATE_SLOT)
        if not isinstance(state, dict):
            return None, None
        exercise = self.exercises().get(state.get("exercise"))
        if exercise is None:
            return None, None
        return exercise, coaching.restore(exercise, state)


class JournalAction(ReflectionMixin, Action, metaclass=abc.ABCMeta):
    """Base for journal actions; tests inject a repository on a temporary database."""

    def __init__(self, journal: Callable[[], JournalRepository] = get_journal,
                 exercises: Callable[[], dict] | None = None) -> None:
        self._journal = journal
        if exercises is not None:
            self.exercises = exercises

    @property
    def journal(self) -> JournalRepository:
        return self._journal()

    def leader(self, tracker: Tracker) -> str:
        """The key of the leader's journal (see `leader`)."""
        return leader(self.journal, tracker)

    @abc.abstractmethod
    def name(self) -> str: ...
