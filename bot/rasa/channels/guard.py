"""Checks on incoming chat messages shared by our channels (no Rasa imports here).

Bad input must get a clear 4xx or a polite reply, never a 500 or a model run on a megabyte:
- a sender id is printable text of at most MAX_SENDER_CHARS (the tracker store's column is 255
  wide, and a lone surrogate or NUL in a sender id makes Rasa's SQL tracker store exit the server);
- message text loses control characters, terminal escape sequences and lone surrogates, which
  only ever come from broken or hostile clients (and make spaCy fail);
- a typed `/intent{...}` payload cannot name a protected slot (see `is_protected_slot`), nor an
  `EXTERNAL_` intent (the coach's own triggers, such as the proactive check-in), and loses what
  Rasa would drop with a warning that quotes the message (see `protect_slots`).
"""
from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot import feedback, names

MAX_SENDER_CHARS = 128
TOO_LONG_RESPONSE = names.UTTER_MESSAGE_TOO_LONG
# When the coach cannot answer at all (its database or lock store is down): every channel says this.
UNAVAILABLE_TEXT = "The coach could not answer just now; please try again in a minute."

# Slots that record privacy, consent, deletion, journal or reflection state, exercise progress or
# check-ins: set by the coach's own actions only, never by a payload's entities. Every slot in
# domain.yml is either protected (by name or prefix) or listed in ORDINARY_SLOTS; a test checks.
PROTECTED_SLOTS = frozenset({
    names.FORGOTTEN_SLOT,             # "forget me" was confirmed: the tracker store deletes the history
    names.PENDING_CONFIRMATION_SLOT,  # which question a "yes" answers: save, share (consent) or forget
    names.STEP_ASKS_SLOT,             # how often that question or the menu was asked (bot.steps)
    names.REFLECTION_STATE_SLOT,      # the exercise in progress: its answers and position
    names.REFLECTION_ANSWER_SLOT,     # the reflection form's answer, taken word for word
    "requested_slot",        # Rasa's: which question a form asked
    "session_started_metadata",  # Rasa's: the channel's metadata at the session start
})
PROTECTED_SLOT_PREFIXES = ("checkin_", "journal_", "exercise_", "consent", "privacy_", "forget")
# Intents only the coach triggers itself (Rasa's convention for external events): never typed.
PROTECTED_INTENT_PREFIX = "EXTERNAL_"
# Slots that button payloads fill through their entities (the finder's profile) or actions keep.
ORDINARY_SLOTS = frozenset({
    names.FINDER_ROLE_SLOT, names.FINDER_SECTOR_SLOT, names.FINDER_WANT_SLOT, names.FINDER_FILTERS_SLOT,
    names.FINDER_SHOWN_SLOT, names.FINDER_MISSES_SLOT, names.FINDER_ANSWER_SLOT, names.KNOWLEDGE_ENTRY_SLOT, names.UNDERSTANDING_SLOT,
    names.FINDER_NATION_SLOT, names.FINDER_ORG_TYPE_SLOT, names.FINDER_GROUP_SLOT, names.FINDER_LAST_SLOT,
    names.FINDER_FOCUS_SLOT,
})

# ESC [ ... final byte (CSI), ESC ] ... BEL or ESC \ (OSC), and two-character escapes.
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
# C0 controls except tab, newline and carriage return; DEL and C1 controls; lone surrogates.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Rasa's own pattern for `/intent@confidence{entities}` (YAMLStoryReader._regex_message_pattern),
# applied like Rasa to the stripped text, so both read the same entities.
_PAYLOAD = re.compile(r"^/(?P<intent>[^{@]+)(?P<confidence>@[0-9.]+)?(?P<entities>{.+})?")


class BadRequest(ValueError):
    """The request cannot be processed; the message says what the client should fix."""


@dataclass(frozen=True)
class IncomingMessage:
    sender: str
    text: str
    metadata: dict[str, Any]
    too_long: bool


def parse_rest_body(body: Any, max_chars: int, rules: PayloadRules | None = None) -> IncomingMessage:
    """Validate a REST webhook body: {"sender": str, "message": str, "metadata": {...}}."""
    if not isinstance(body, dict):
        raise BadRequest('The body must be a JSON object like {"sender": "me", "message": "hello"}.')
    sender = check_id(body.get("sender", "default"), '"sender"')
    text = body.get("message")
    if not isinstance(text, str):
        raise BadRequest('"message" is required and must be a string.')
    text = clean_text(text)
    too_long = len(text) > max_chars
    if not too_long:
        text = protect_slots(text, rules or PayloadRules())
    if not text.strip():
        raise BadRequest('"message" must not be empty.')
    metadata = body.get("metadata")
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise BadRequest('"metadata" must be a JSON object when given.')
    return IncomingMessage(sender=sender, text=text, metadata=clean_metadata(metadata), too_long=too_long)


def check_id(value: Any, what: str, max_chars: int = MAX_SENDER_CHARS) -> str:
    """An id that keys a tracker: printable text of 1 to `max_chars` characters, else BadRequest."""
    if not isinstance(value, str) or not value.strip():
        raise BadRequest(f"{what} must be a non-empty string.")
    if len(value) > max_chars:
        raise BadRequest(f"{what} must be at most {max_chars} characters.")
    if _UNPRINTABLE.search(value):
        raise BadRequest(f"{what} must not contain control characters or invalid Unicode.")
    return value


def clean_text(text: str) -> str:
    """The text without terminal escape sequences, control characters (but tab and newlines) and
    lone surrogates."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub("", _ESCAPE_SEQUENCE.sub("", text))


def clean_metadata(value: Any, depth: int = 0) -> Any:
    """Channel metadata with its strings cleaned like message text; nesting deeper than 8 is cut."""
    if isinstance(value, str):
        return clean_text(value)
    if depth >= 8:
        return None
    if isinstance(value, dict):
        return {clean_text(str(key)): clean_metadata(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list):
        return [clean_metadata(item, depth + 1) for item in value]
    return value


def is_protected_slot(name: str) -> bool:
    """A slot only the coach's actions may set (PROTECTED_SLOTS, or a protected prefix)."""
    return name in PROTECTED_SLOTS or name.startswith(PROTECTED_SLOT_PREFIXES)


def protected_entities(slot_mappings: Mapping[str, Iterable[Mapping[str, Any]]]) -> frozenset[str]:
    """The entity names a payload must not carry, given the domain's slots and their mappings:
    every protected slot's name, and every entity a `from_entity` mapping puts into one. (Any name
    protected by `is_protected_slot` is refused too, whether or not the domain has that slot.)"""
    names = set(PROTECTED_SLOTS)
    for slot, mappings in slot_mappings.items():
        if is_protected_slot(slot):
            names.add(slot)
            names.update(str(m.get("entity")) for m in mappings if m.get("type") == "from_entity")
    return frozenset(names)


@dataclass(frozen=True)
class PayloadRules:
    """What a typed `/intent{...}` payload may carry: `protected` entity names (see
    `protected_entities`), and the domain's intents and entities (None when not known)."""

    protected: Collection[str] = PROTECTED_SLOTS
    intents: Collection[str] | None = None
    entities: Collection[str] | None = None


def protect_slots(text: str, rules: PayloadRules = PayloadRules()) -> str:
    """A `/intent{...}` payload as Rasa may read it; any other text unchanged.

    - entities naming protected slots, or mapped into one, are dropped;
    - an `EXTERNAL_` intent is the coach's own trigger: typed, it is read as words;
    - what Rasa would drop with a warning quoting the message (so logging the leader's words) is
      dropped here first: unknown entities, entities that are not a JSON object, a confidence,
      anything after the entities; a payload naming no known intent is read as words, as Rasa
      would, without its slash.
    A `/feedback{...}` payload is left as it is: the channels take it before the model.
    Buttons' payloads (`/inform_profile{"role": "middle-manager"}`, `/open_reflection{"reflection_id":
    "4"}`) pass unchanged."""
    stripped = text.strip()
    if not stripped.startswith("/") or feedback.is_feedback(stripped):
        return text  # feedback payloads: the channels store them without the model (bot.feedback)
    match = _PAYLOAD.match(stripped)
    intent = match.group("intent").strip() if match else ""
    if (not intent or (rules.intents is not None and intent not in rules.intents)
            or intent.upper().startswith(PROTECTED_INTENT_PREFIX)):
        return stripped.lstrip("/").strip()
    changed = bool(match.group("confidence")) or bool(stripped[match.end():].strip())
    kept: dict[str, Any] = {}
    if match.group("entities") is not None:
        try:
            entities = json.loads(match.group("entities"))
        except ValueError:
            entities = None
        if not isinstance(entities, dict):
            entities, changed = {}, True
        kept = {key: value for key, value in entities.items() if key not in rules.protected
                and not is_protected_slot(key) and (rules.entities is None or key in rules.entities)}
        changed = changed or len(kept) != len(entities)
    if not changed:
        return text
    return "/" + intent + (json.dumps(kept) if kept else "")


def response_text(responses: dict, name: str, **values: Any) -> str:
    """The first text variant of a domain response, with `{placeholders}` filled from `values`."""
    variants = responses.get(name) or []
    text = next((v["text"] for v in variants if v.get("text")), None)
    if text is None:
        raise KeyError(f"The domain has no text response {name!r}")
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text
