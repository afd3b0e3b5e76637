"""Programme and peer-network finder: answer first, then offer to narrow down.

A request that names enough (a role or level, a kind of support, a nation, a group of staff, a
sector or an organisation type: "something for principal social workers?") gets the best three
at once, with buttons for a missing fact. Only a request naming nothing ("find me something")
gets one question first, asked as the form `finder_form` (one slot, `finder_answer`, filled
from the whole message, so a typed answer is read by our parser, not by intent classification);
after that one answer the finder recommends. Facts given anywhere in the conversation (role,
sector, nation, organisation type, group) are kept in slots and never asked again; "actually
I'm in Wales" or "I'm a bloke" corrects them and re-recommends. After a list, "the second
one", "is it free?" and "not that one" are answered from the entries shown (bot.finder's
read_request does the reading).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.common import (
    RECOMMENDATION,
    KnowledgeAction,
    answer_found,
    audience_line,
    describe,
    fact_updates,
    follow_up,
    is_form_activation,
    payload,
    response_text,
    say_signpost,
    serves_label,
)
from bot import feedback, names, steps
from bot.coaching import Control
from bot.finder import (
    LEADER_NATIONS,
    NATIONS,
    ROLES,
    WANTS,
    Finder,
    FinderRequest,
    enough,
    get_finder,
    read_request,
    recommend_now,
    why,
)
from bot.finder.filters import parse_filters, passes
from bot.finder.finder import WANT_KINDS
from bot.finder.request import names_an_offer_or_leadership, read_facts
from bot.finder.slots import FACT_SLOTS, known_value, last_list, profile_from
from bot.finder.vocab import ORG_SECTORS, parse_theme
from bot.knowledge import Knowledge, get_knowledge
from bot.understanding.reading import Route
from bot.understanding.understand import DECLINED, KNOWN_WORDS_SHARE

# Below this share of its words known to the knowledge base, a message naming no offer is out of
# scope: the understanding step's own line for overruling a match.
OUT_OF_SCOPE_KNOWN_SHARE = KNOWN_WORDS_SHARE

ROLE, SECTOR, WANT = names.FINDER_ROLE_SLOT, names.FINDER_SECTOR_SLOT, names.FINDER_WANT_SLOT
NATION, ORG, GROUP = names.FINDER_NATION_SLOT, names.FINDER_ORG_TYPE_SLOT, names.FINDER_GROUP_SLOT
FILTERS_SLOT, SHOWN_SLOT = names.FINDER_FILTERS_SLOT, names.FINDER_SHOWN_SLOT
LAST_SLOT, FOCUS_SLOT = names.FINDER_LAST_SLOT, names.FINDER_FOCUS_SLOT
ANSWER_SLOT, MISSES_SLOT = names.FINDER_ANSWER_SLOT, names.FINDER_MISSES_SLOT
# Button payload entity -> profile field.
ENTITY_FACTS = {names.ROLE_ENTITY: "role", names.SECTOR_ENTITY: "sector",
                names.WANT_ENTITY: "want", names.NATION_ENTITY: "nation",
                names.ORG_TYPE_ENTITY: "org_type"}
# The one question asked when a request names nothing, and the buttons offered to narrow down.
QUESTIONS = (  # (slot, entity, vocabulary, response)
    (ROLE, names.ROLE_ENTITY, ROLES, names.UTTER_ASK_FINDER_ROLE),
)
NARROW_BUTTONS = {"role": (names.ROLE_ENTITY, ROLES), "nation": (names.NATION_ENTITY,
                                                                 {n: NATIONS[n] for n in LEADER_NATIONS}),
                  "want": (names.WANT_ENTITY, WANTS)}
SKIPPED = "skipped"  # a question the leader skipped: we stop asking it
PAGE = 3
# Routed here by the intent alone with nothing better understood, the finder starts only when the
# classifier is at least this sure of it.
SURE_FINDER_CONFIDENCE = 0.9
MAX_MISSES = 2  # after two answers we cannot read, the question counts as skipped
ENDED_DONE, ENDED_STOPPED, ENDED_DISTRESS = "done", "stopped", "distress"
ESCAPED = "escape:"  # + a global escape's action (bot.steps.escapes): the finder ends and it runs


def missing_question(tracker_slots: dict[str, Any]):
    """The one question to ask, or None when the profile already names enough (or it was asked)."""
    if enough(profile_from(tracker_slots)) or tracker_slots.get(ROLE) == SKIPPED:
        return None
    return QUESTIONS[0]


def read_profile(tracker: Tracker, text: str) -> dict[str, Any]:
    """Slot updates from button payload entities and from the leader's own words."""
    updates: dict[str, Any] = {}
    for entity, field in ENTITY_FACTS.items():
        value = next(tracker.get_latest_entity_values(entity), None)
        slot, vocabulary = FACT_SLOTS[field]
        if known_value(value, vocabulary):
            updates[slot] = value
    if not text.startswith("/"):
        facts, cleared, _ = read_facts(text)
        updates = {**fact_updates(facts, cleared), **updates}
    org = updates.get(ORG)
    if org in ORG_SECTORS and SECTOR not in updates:
        updates[SECTOR] = ORG_SECTORS[org]
    # An elected member works in local government unless they say otherwise.
    if updates.get(ROLE) == "elected-member" and not tracker.get_slot(SECTOR) and SECTOR not in updates:
        updates[SECTOR] = "local-government"
    return updates


def item_button(item, domain: dict[str, Any]) -> dict[str, str]:
    prefix = response_text(domain, names.UTTER_BUTTON_ABOUT)
    return {"title": f"{prefix} {item.name.split('(')[0].strip()}",
            "payload": payload(names.ASK_PROGRAMME_INTENT, {names.PROGRAMME_ID_ENTITY: item.id})}


def read_turn(tracker: Tracker, finder: Finder, text: str) -> FinderRequest | None:
    shown, focus = last_list(tracker.slots, finder)
    return read_request(text, profile_from(tracker.slots), shown, focus, finder)


def role_choices() -> tuple[steps.Choice, ...]:
    """The role question's buttons as a choice step: each title, and its words before the brackets."""
    return tuple(steps.Choice(code, title, (title.split(" (")[0],)) for code, title in ROLES.items() if code != "any")


class FinderMixin:
    finder: Callable[[], Finder] = staticmethod(get_finder)


class ActionFindProgramme(FinderMixin, KnowledgeAction):
    """Start or update the finder: read what the leader said, then recommend (or ask once)."""

    def __init__(self, knowledge: Callable[[], Knowledge] = get_knowledge,
                 finder: Callable[[], Finder] | None = None) -> None:
        super().__init__(knowledge)
        if finder is not None:
            self.finder = finder

    def name(self) -> str:
        return names.ACTION_FIND_PROGRAMME

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        text = tracker.latest_message.get("text") or ""
        done = self.safety_first(dispatcher, tracker, domain, answers=False)
        if done is not None:
            return done
        finder = self.finder()
        request = read_turn(tracker, finder, text)
        if request is not None and request.kind in ("item", "move", "several"):
            return show_item(dispatcher, domain, finder, tracker.slots, request, text)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == names.INFORM_PROFILE_INTENT and not text.startswith("/") and not tracker.get_slot(LAST_SLOT):
            # "hiya, ward sister on a busy medical ward in Leeds" with no list to narrow: a hello.
            # What they said about themselves is kept for later; nothing is recommended unasked.
            decision, context = self.understood(tracker)
            if decision.route is Route.GREET:
                updates = read_profile(tracker, text)
                return [SlotSet(slot, value) for slot, value in updates.items()] + \
                    self.act_on(decision, context, dispatcher, domain)
        if intent == names.FIND_PROGRAMME_INTENT and not text.startswith("/"):
            # Routed here by the intent: the understanding step decides whether this is a request
            # for an offer at all ("what does SCIE say about leadership programmes?", "and is
            # there a social care equivalent?" after an answer, "book me a meeting room at the
            # ICB"); the finder starts when it says so, or when it finds nothing better and the
            # classifier is sure.
            decision, context = self.understood(tracker)
            confidence = (tracker.latest_message.get("intent") or {}).get("confidence") or 0.0
            if decision.route not in (Route.FINDER, Route.CATALOGUE) and (
                    decision.route is not Route.ABSTAIN or confidence < SURE_FINDER_CONFIDENCE
                    or decision.extras.get(DECLINED)):
                return self.act_on(decision, context, dispatcher, domain)
        updates = read_profile(tracker, text)
        filters = sorted(set(tracker.get_slot(FILTERS_SLOT) or []) | parse_filters(text))
        events = [SlotSet(slot, value) for slot, value in updates.items()]
        events += [SlotSet(FILTERS_SLOT, filters), SlotSet(SHOWN_SLOT, []), SlotSet(MISSES_SLOT, 0.0)]
        slots = {**tracker.slots, **updates}
        if missing_question(slots) is not None:
            return events + [SlotSet(ANSWER_SLOT, None), FollowupAction(names.FINDER_FORM)]
        corrected = any(tracker.get_slot(slot) != value for slot, value in updates.items()
                        if slot in (ROLE, SECTOR, NATION, GROUP, ORG))
        corrected = corrected and bool(tracker.get_slot(LAST_SLOT))
        if corrected:  # "I'm in Wales actually": say we heard, instead of the usual intro
            dispatcher.utter_message(response=names.UTTER_FINDER_UPDATED)
        also_role = request.profile.also_role if request is not None else None
        theme = None if text.startswith("/") else parse_theme(text)  # "for the system stuff": this turn's order
        return events + recommend(dispatcher, domain, finder, slots, filters, shown=[],
                                  intro=not corrected, also_role=also_role, theme=theme)


def show_item(dispatcher: CollectingDispatcher, domain: dict[str, Any], finder: Finder,
              slots: dict[str, Any], request: FinderRequest, question: str = "") -> list[dict]:
    """One entry's details (who it is for, which nations, format and cost as stated, link); when
    it does not serve the leader's nation, what does. A question about every entry of the last
    list ("how long are they?") gets each one's answer, in the list's order."""
    if request.kind == "several":
        listed = [finder.items[entry] for entry in slots.get(LAST_SLOT) or [] if entry in finder.items]
        for entry in listed:
            dispatcher.utter_message(text=follow_up(entry, question) + "\n" + audience_line(entry),
                                     json_message=feedback.offer(entry.id, RECOMMENDATION))
        return [SlotSet(slot, value) for slot, value in fact_updates(request.facts, request.cleared).items()]
    item = request.item
    events = [SlotSet(slot, value) for slot, value in fact_updates(request.facts, request.cleared).items()]
    profile = request.profile
    audience = audience_line(item)
    seen = item.id == slots.get(FOCUS_SLOT) or item.id in (slots.get(LAST_SLOT) or [])
    if seen and not (profile.nation and not item.serves(profile.nation)):
        # A question about an entry the leader has just seen ("how do I join it, is it free?",
        # "tell me about the second one"): who it is for, its format and cost as stated, and
        # where to join, rather than the same description again.
        dispatcher.utter_message(text=follow_up(item, question) + "\n" + audience,
                                 json_message=feedback.offer(item.id, RECOMMENDATION))
        return events + [SlotSet(FOCUS_SLOT, item.id)]
    dispatcher.utter_message(text=describe(item) + "\n" + audience,
                             json_message=feedback.offer(item.id, RECOMMENDATION))
    if profile.nation and not item.serves(profile.nation):
        dispatcher.utter_message(response=names.UTTER_FINDER_OTHER_NATION,
                                 nation=NATIONS[profile.nation], serves=serves_label(item))
        filters = list(slots.get(FILTERS_SLOT) or [])
        return events + recommend(dispatcher, domain, finder, {**slots, **fact_updates(request.facts)},
                                  filters, shown=[], intro=False)
    dispatcher.utter_message(response=names.UTTER_FINDER_REMINDER)
    shown = list(slots.get(LAST_SLOT) or [])
    return events + [SlotSet(LAST_SLOT, shown if item.id in shown else [item.id]),
                     SlotSet(FOCUS_SLOT, item.id)]


def narrow_buttons(missing: tuple[str, ...]) -> list[dict[str, str]]:
    """Buttons for the first fact still unknown (role, nation or want), to narrow the list."""
    for fact in missing:
        entity, vocabulary = NARROW_BUTTONS[fact]
        return [{"title": label, "payload": payload(names.INFORM_PROFILE_INTENT, {entity: code})}
                for code, label in vocabulary.items() if code != "any"]
    return []


def of_wanted_kind(profile, page) -> bool:
    """True when the page holds an offer of the kind the leader wants (or they named none)."""
    if not page:
        return False
    return not profile.want or any(WANT_KINDS.get(profile.want, {}).get(r.item.kind, 0) for r in page)


def recommend(dispatcher: CollectingDispatcher, domain: dict[str, Any], finder: Finder,
              slots: dict[str, Any], filters: list[str], shown: list[str], intro: bool = True,
              also_role: str | None = None, theme: str | None = None) -> list[dict]:
    """Send the next page of recommendations; returns the events that record what was shown.

    `also_role` is a second role this message named ("with my chief exec"); it only breaks ties,
    as `theme` (what this message wants an offer to be about) does.
    """
    profile = replace(profile_from(slots), also_role=also_role, theme=theme)
    answer = recommend_now(profile, finder, k=PAGE, exclude=tuple(shown),
                           keep=lambda item: passes(item, set(filters)))
    page = answer.recommendations
    if filters and not of_wanted_kind(profile, page):
        # Nothing meets "free"/"online"/"short", or nothing of the kind asked for does ("not a
        # course, somewhere to chat to other leaders" after "free leadership course"): the kind
        # comes first. Say so, and show the fits.
        wider = recommend_now(profile, finder, k=PAGE, exclude=tuple(shown))
        if wider.recommendations and (not page or of_wanted_kind(profile, wider.recommendations)):
            answer, page = wider, wider.recommendations
            dispatcher.utter_message(response=names.UTTER_FINDER_NO_EXACT_MATCH)
    if not page:
        dispatcher.utter_message(response=names.UTTER_FINDER_NOTHING_FITS,
                                 buttons=narrow_buttons(answer.missing))
        return [SlotSet(LAST_SLOT, []), SlotSet(FOCUS_SLOT, None)]
    ids = [r.item.id for r in page]
    if not shown and ids == list(slots.get(LAST_SLOT) or []):
        # Asked again in other words ("no, not the NHS ones - something for charity leaders") and the
        # same entries are still the closest: say so, rather than the same list again.
        dispatcher.utter_message(response=names.UTTER_FINDER_SAME_AGAIN,
                                 buttons=[item_button(r.item, domain) for r in page])
        return [SlotSet(SHOWN_SLOT, ids), SlotSet(LAST_SLOT, ids), SlotSet(FOCUS_SLOT, None)]
    if not page[0].exact and not shown:
        dispatcher.utter_message(response=names.UTTER_FINDER_NO_EXACT_MATCH)
    elif not shown and intro:
        dispatcher.utter_message(response=names.UTTER_FINDER_INTRO)
    for recommendation in page:
        dispatcher.utter_message(text=describe(recommendation.item, why(recommendation)),
                                 json_message=feedback.offer(recommendation.item.id, RECOMMENDATION))
    narrowing = answer.missing if not shown else ()
    if not profile.nation and narrowing[:1] != ("nation",):  # else the nation buttons say it
        dispatcher.utter_message(response=names.UTTER_FINDER_NATIONS_NOTE)
    buttons = [item_button(r.item, domain) for r in page]
    more = recommend_now(profile, finder, k=1, exclude=tuple(shown) + tuple(r.item.id for r in page),
                         keep=lambda item: passes(item, set(filters))).recommendations
    if more:
        buttons.append({"title": response_text(domain, names.UTTER_BUTTON_SHOW_MORE),
                        "payload": payload(names.MORE_PROGRAMMES_INTENT)})
    dispatcher.utter_message(response=names.UTTER_FINDER_REMINDER, buttons=buttons)
    if narrowing:
        dispatcher.utter_message(response=names.UTTER_FINDER_NARROW, buttons=narrow_buttons(narrowing))
    return [SlotSet(SHOWN_SLOT, shown + ids), SlotSet(LAST_SLOT, ids), SlotSet(FOCUS_SLOT, None)]


class ActionMoreProgrammes(FinderMixin, KnowledgeAction):
    def name(self) -> str:
        return names.ACTION_MORE_PROGRAMMES

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        shown = list(tracker.get_slot(SHOWN_SLOT) or [])
        if missing_question(tracker.slots) is not None:
            return [SlotSet(ANSWER_SLOT, None), FollowupAction(names.FINDER_FORM)]
        return recommend(dispatcher, domain, self.finder(), tracker.slots, list(tracker.get_slot(FILTERS_SLOT) or []), shown)


class ActionAskProgramme(FinderMixin, KnowledgeAction):
    """Details of one programme or network: named in words or by a button, or pointed at in the
    last list ("the second one", "how do I join it, is it free", "not that one")."""

    def name(self) -> str:
        return names.ACTION_ASK_PROGRAMME

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        finder = self.finder()
        wanted = next(tracker.get_latest_entity_values(names.PROGRAMME_ID_ENTITY), None)
        text = tracker.latest_message.get("text") or ""
        if wanted in finder.items:
            request = FinderRequest("item", profile_from(tracker.slots), item=finder.items[wanted])
        else:
            request = read_turn(tracker, finder, text)
        if request is not None and request.kind in ("item", "move", "several"):
            return show_item(dispatcher, domain, finder, tracker.slots, request, text)
        if request is not None and request.kind in ("recommend", "profile") and not text.startswith("/"):
            # Typed words the finder reads as a request: the understanding step decides, in the
            # conversation's context ("and is there a social care equivalent?" after an answer on a
            # framework asks about frameworks), as it does for action_find_programme.
            decision, context = self.understood(tracker)
            if decision.route not in (Route.FINDER, Route.CATALOGUE, Route.ABSTAIN):
                return self.act_on(decision, context, dispatcher, domain)
        if request is not None and request.kind in ("recommend", "profile"):
            updates = fact_updates(request.facts, request.cleared)
            filters = sorted(set(tracker.get_slot(FILTERS_SLOT) or []) | parse_filters(text))
            return [SlotSet(slot, value) for slot, value in updates.items()] + recommend(
                dispatcher, domain, finder, {**tracker.slots, **updates}, filters, shown=[],
                also_role=request.profile.also_role)
        answered = self.answer_if_covered(dispatcher, tracker, domain)
        if answered is not None:
            return answered
        if not names_an_offer_or_leadership(text) and \
                self.knowledge.index.decide(text).coverage < OUT_OF_SCOPE_KNOWN_SHARE:
            # "whats the best golf course near st andrews", "how do i do a vlookup in excel": no
            # offer named and mostly words the knowledge base never uses: not ours at all.
            dispatcher.utter_message(response=names.UTTER_OUT_OF_SCOPE)
            return []
        dispatcher.utter_message(response=names.UTTER_PROGRAMME_NOT_FOUND,
                                 buttons=[{"title": response_text(domain, names.UTTER_BUTTON_FIND_FOR_ME),
                                           "payload": payload(names.FIND_PROGRAMME_INTENT)}])
        return []


class ActionAskFinderAnswer(FinderMixin, KnowledgeAction):
    """The finder form's question: the first thing we do not know yet, with buttons."""

    def name(self) -> str:
        return names.ACTION_ASK_FINDER_ANSWER

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        question = missing_question(tracker.slots)
        if question is None:
            return [SlotSet(ANSWER_SLOT, ENDED_DONE)]
        slot, entity, vocabulary, response = question
        buttons = [{"title": label, "payload": payload(names.INFORM_PROFILE_INTENT, {entity: code})}
                   for code, label in vocabulary.items() if code != "any"]
        dispatcher.utter_message(response=response, buttons=buttons)
        return []


class ValidateFinderForm(FinderMixin, FormValidationAction):
    knowledge_source: Callable[[], Knowledge] = staticmethod(get_knowledge)

    @property
    def knowledge(self) -> Knowledge:
        return self.knowledge_source()

    """Each answer while the finder asks: a button, words we can read, a control, or a concern."""

    def name(self) -> str:
        return names.VALIDATE_FINDER_FORM

    async def validate_finder_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        text = value if isinstance(value, str) else ""
        if is_form_activation(tracker):
            return {ANSWER_SLOT: None}  # the message that started the finder is not an answer
        reading = steps.Reading(steps.Kind.MISS) if text.startswith("/") else \
            steps.read_turn(steps.Step(steps.CHOICE), text, tracker.latest_message.get("intent"))
        if reading.kind is steps.Kind.SAFETY:
            return {ANSWER_SLOT: ENDED_DISTRESS}
        if reading.kind is steps.Kind.ESCAPE:
            return {ANSWER_SLOT: ESCAPED + reading.escape.action}
        control = reading.control
        if control in (Control.STOP, Control.PAUSE, Control.BACK):  # any no or stop ends the question
            return {ANSWER_SLOT: ENDED_STOPPED}
        question = missing_question(tracker.slots)
        if question is None:
            return {ANSWER_SLOT: ENDED_DONE}
        updates = read_profile(tracker, text)
        if text.startswith("/") and not updates:
            return {ANSWER_SLOT: None}  # a button from an earlier message: ask again
        if not updates and not text.startswith("/"):  # a button's title typed, perhaps with a slip ("Midle manger")
            named = steps.read_choice(text, role_choices())
            updates = {ROLE: named} if named else {}
        misses = tracker.get_slot(MISSES_SLOT) or 0
        if reading.value == steps.RESUMED and not updates:  # "where was I": the question again
            return {ANSWER_SLOT: None}
        if control is Control.HELP and not updates:
            dispatcher.utter_message(response=names.UTTER_FINDER_NOT_UNDERSTOOD)
            return {ANSWER_SLOT: None}
        if control is Control.RESTART:  # its one question, from the start: nothing to clear or confirm
            return {MISSES_SLOT: 0.0, ANSWER_SLOT: None}
        if reading.kind is steps.Kind.QUESTION and not updates:
            # Answered, then the question is asked again (it counts as one of its two asks).
            if answer_found(dispatcher, domain, self.knowledge, text) is None:
                dispatcher.utter_message(response=names.UTTER_FINDER_NOT_UNDERSTOOD)
            if misses + 1 < MAX_MISSES:
                return {MISSES_SLOT: misses + 1, ANSWER_SLOT: None}
        # Any fact answers the one question: "I'm in Wales" is as good as a role.
        if control is Control.SKIP or (not updates and misses + 1 >= MAX_MISSES):
            updates.setdefault(question[0], SKIPPED)
        if not updates:
            dispatcher.utter_message(response=names.UTTER_FINDER_NOT_UNDERSTOOD)
            return {**updates, MISSES_SLOT: misses + 1, ANSWER_SLOT: None}
        filters = sorted(set(tracker.get_slot(FILTERS_SLOT) or []) | parse_filters(text))
        done = missing_question({**tracker.slots, **updates}) is None
        return {**updates, FILTERS_SLOT: filters, MISSES_SLOT: 0.0, ANSWER_SLOT: ENDED_DONE if done else None}


class ActionFinishFinder(FinderMixin, KnowledgeAction):
    """After the finder form: recommend, or say why we stopped."""

    def name(self) -> str:
        return names.ACTION_FINISH_FINDER

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        why_ended = tracker.get_slot(ANSWER_SLOT)
        events = [SlotSet(ANSWER_SLOT, None)]
        if why_ended == ENDED_DISTRESS:
            say_signpost(dispatcher, tracker)
            return events
        if why_ended == ENDED_STOPPED:
            dispatcher.utter_message(response=names.UTTER_FINDER_STOPPED)
            return events
        if isinstance(why_ended, str) and why_ended.removeprefix(ESCAPED) in steps.ESCAPE_ACTIONS:
            return [*events, FollowupAction(why_ended.removeprefix(ESCAPED))]
        return events + recommend(dispatcher, domain, self.finder(), tracker.slots,
                                  list(tracker.get_slot(FILTERS_SLOT) or []), shown=[])
