"""Programme and peer-network finder: ask what is missing (role, sector, want), one question at
a time with buttons, remember the answers, and recommend the best three with why they fit.

The questions run as the form `finder_form` (one slot, `finder_answer`, filled from the whole
message) so a typed answer such as "I'm a ward manager" is read by our parser, not hijacked by
intent classification. Outside the form, "actually I'm in a council" updates what we know.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.common import (
    KnowledgeAction,
    is_form_activation,
    payload,
    response_text,
    say_signpost,
    signposts_in_form,
)
from bot import names
from bot.coaching import Control, parse_control
from bot.finder import (
    ROLES,
    SECTORS,
    WANTS,
    Finder,
    Profile,
    get_finder,
    parse_role,
    parse_sector,
    parse_want,
    why,
)
from bot.finder.filters import find_by_name, parse_filters, passes
from bot.knowledge import Knowledge, get_knowledge

ROLE, SECTOR, WANT = names.FINDER_ROLE_SLOT, names.FINDER_SECTOR_SLOT, names.FINDER_WANT_SLOT
FILTERS_SLOT, SHOWN_SLOT = names.FINDER_FILTERS_SLOT, names.FINDER_SHOWN_SLOT
ANSWER_SLOT, MISSES_SLOT = names.FINDER_ANSWER_SLOT, names.FINDER_MISSES_SLOT
QUESTIONS = (  # asked in this order, only when not yet known
    (ROLE, names.ROLE_ENTITY, ROLES, names.UTTER_ASK_FINDER_ROLE),
    (SECTOR, names.SECTOR_ENTITY, SECTORS, names.UTTER_ASK_FINDER_SECTOR),
    (WANT, names.WANT_ENTITY, WANTS, names.UTTER_ASK_FINDER_WANT),
)
PARSERS = {ROLE: parse_role, SECTOR: parse_sector, WANT: parse_want}
SKIPPED = "skipped"  # a question the leader skipped: we stop asking it
PAGE = 3
MAX_MISSES = 2  # after two answers we cannot read, the question counts as skipped
ENDED_DONE, ENDED_STOPPED, ENDED_DISTRESS = "done", "stopped", "distress"


def _known(value: Any, vocabulary: dict) -> str | None:
    return value if isinstance(value, str) and value in vocabulary else None


def profile_from(tracker: Tracker) -> Profile:
    return Profile(role=_known(tracker.get_slot(ROLE), ROLES),
                   sector=_known(tracker.get_slot(SECTOR), SECTORS),
                   want=_known(tracker.get_slot(WANT), WANTS))


def missing_question(tracker_slots: dict[str, Any]):
    """The first question still to ask, or None when the profile is complete."""
    return next((q for q in QUESTIONS if not tracker_slots.get(q[0])), None)


def read_profile(tracker: Tracker, text: str) -> dict[str, Any]:
    """Slot updates from button payload entities and from the leader's own words."""
    updates: dict[str, Any] = {}
    for slot, entity, vocabulary, _ in QUESTIONS:
        value = next(tracker.get_latest_entity_values(entity), None)
        if _known(value, vocabulary):
            updates[slot] = value
        elif not text.startswith("/"):
            parsed = PARSERS[slot](text)
            if parsed:
                updates[slot] = parsed
    # An elected member works in local government unless they say otherwise.
    if updates.get(ROLE) == "elected-member" and not tracker.get_slot(SECTOR) and SECTOR not in updates:
        updates[SECTOR] = "local-government"
    return updates


def item_button(item, domain: dict[str, Any]) -> dict[str, str]:
    prefix = response_text(domain, names.UTTER_BUTTON_ABOUT)
    return {"title": f"{prefix} {item.name.split('(')[0].strip()}",
            "payload": payload(names.ASK_PROGRAMME_INTENT, {names.PROGRAMME_ID_ENTITY: item.id})}


def describe(item, reasons: list[str] | None = None) -> str:
    lines = [f"**{item.name}** ({item.provider})", item.summary]
    if reasons:
        lines.append("Why it fits: " + ", ".join(reasons) + ".")
    lines.append(f"Format: {item.format}")
    lines.append(item.link())
    if item.caution:
        lines.append(f"Note: {item.caution}")
    return "\n".join(lines)


class FinderMixin:
    finder: Callable[[], Finder] = staticmethod(get_finder)


class ActionFindProgramme(FinderMixin, KnowledgeAction):
    """Start or update the finder: read what the leader said, ask what is missing or recommend."""

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
        updates = read_profile(tracker, text)
        filters = sorted(set(tracker.get_slot(FILTERS_SLOT) or []) | parse_filters(text))
        events = [SlotSet(slot, value) for slot, value in updates.items()]
        events += [SlotSet(FILTERS_SLOT, filters), SlotSet(SHOWN_SLOT, []), SlotSet(MISSES_SLOT, 0.0)]
        slots = {**tracker.slots, **updates}
        if missing_question(slots) is not None:
            return events + [SlotSet(ANSWER_SLOT, None), FollowupAction(names.FINDER_FORM)]
        return events + recommend(dispatcher, domain, self.finder(), slots, filters, shown=[])


def recommend(dispatcher: CollectingDispatcher, domain: dict[str, Any], finder: Finder,
              slots: dict[str, Any], filters: list[str], shown: list[str]) -> list[dict]:
    """Send the next page of recommendations; returns the events that record what was shown."""
    profile = Profile(role=_known(slots.get(ROLE), ROLES), sector=_known(slots.get(SECTOR), SECTORS),
                      want=_known(slots.get(WANT), WANTS))
    ranked = [r for r in finder.recommend(profile, k=len(finder.items)) if r.item.id not in shown]
    fitting = [r for r in ranked if passes(r.item, set(filters))]
    page = fitting[:PAGE]
    if not page or not page[0].exact:
        dispatcher.utter_message(response=names.UTTER_FINDER_NO_EXACT_MATCH)
        page = page or ranked[:PAGE]
        open_networks = [r for r in ranked if r.item.kind == "network" and "any" in r.item.sectors]
        page = page + [r for r in open_networks if r not in page][: max(0, PAGE + 1 - len(page))]
    elif not shown:
        dispatcher.utter_message(response=names.UTTER_FINDER_INTRO)
    for recommendation in page:
        dispatcher.utter_message(text=describe(recommendation.item, why(recommendation)))
    buttons = [item_button(r.item, domain) for r in page]
    if len(fitting) > len(page):
        buttons.append({"title": response_text(domain, names.UTTER_BUTTON_SHOW_MORE), "payload": payload(names.MORE_PROGRAMMES_INTENT)})
    dispatcher.utter_message(response=names.UTTER_FINDER_REMINDER, buttons=buttons)
    return [SlotSet(SHOWN_SLOT, shown + [r.item.id for r in page])]


class ActionMoreProgrammes(FinderMixin, KnowledgeAction):
    def name(self) -> str:
        return names.ACTION_MORE_PROGRAMMES

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        shown = list(tracker.get_slot(SHOWN_SLOT) or [])
        if missing_question(tracker.slots) is not None:
            return [SlotSet(ANSWER_SLOT, None), FollowupAction(names.FINDER_FORM)]
        return recommend(dispatcher, domain, self.finder(), tracker.slots, list(tracker.get_slot(FILTERS_SLOT) or []), shown)


class ActionAskProgramme(FinderMixin, KnowledgeAction):
    """Details of one programme or network, named in words or by a button."""

    def name(self) -> str:
        return names.ACTION_ASK_PROGRAMME

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        items = self.finder().items
        wanted = next(tracker.get_latest_entity_values(names.PROGRAMME_ID_ENTITY), None)
        text = tracker.latest_message.get("text") or ""
        item = items.get(wanted) if wanted else find_by_name(text, items)
        if item is None:
            answered = self.answer_if_covered(dispatcher, tracker, domain)
            if answered is not None:
                return answered
            dispatcher.utter_message(response=names.UTTER_PROGRAMME_NOT_FOUND,
                                     buttons=[{"title": response_text(domain, names.UTTER_BUTTON_FIND_FOR_ME),
                                               "payload": payload(names.FIND_PROGRAMME_INTENT)}])
            return []
        audience = [ROLES[r].split(" (")[0] for r in item.roles] or ["Anyone"]
        dispatcher.utter_message(text=describe(item) + "\nFor: " + ", ".join(audience) + ".")
        dispatcher.utter_message(response=names.UTTER_FINDER_REMINDER)
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
    """Each answer while the finder asks: a button, words we can read, a control, or a concern."""

    def name(self) -> str:
        return names.VALIDATE_FINDER_FORM

    async def validate_finder_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        text = value if isinstance(value, str) else ""
        if is_form_activation(tracker):
            return {ANSWER_SLOT: None}  # the message that started the finder is not an answer
        if signposts_in_form(tracker):
            return {ANSWER_SLOT: ENDED_DISTRESS}
        control = parse_control(text)
        if control is Control.STOP:
            return {ANSWER_SLOT: ENDED_STOPPED}
        question = missing_question(tracker.slots)
        if question is None:
            return {ANSWER_SLOT: ENDED_DONE}
        updates = read_profile(tracker, text)
        if text.startswith("/") and not updates:
            return {ANSWER_SLOT: None}  # a button from an earlier message: ask again
        if control is Control.SKIP or (question[0] not in updates and (tracker.get_slot(MISSES_SLOT) or 0) + 1 >= MAX_MISSES):
            updates.setdefault(question[0], SKIPPED)
        if question[0] not in updates:
            dispatcher.utter_message(response=names.UTTER_FINDER_NOT_UNDERSTOOD)
            return {**updates, MISSES_SLOT: (tracker.get_slot(MISSES_SLOT) or 0) + 1, ANSWER_SLOT: None}
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
        return events + recommend(dispatcher, domain, self.finder(), tracker.slots,
                                  list(tracker.get_slot(FILTERS_SLOT) or []), shown=[])
