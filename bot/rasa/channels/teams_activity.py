"""Reading Teams activities and writing Teams replies: pure functions, no Rasa and no HTTP.

- `parse_activity` validates the fields we rely on (a BadRequest becomes a 400);
- `message_text` strips <at>...</at> mentions and takes a card click's payload;
- `is_personal_request` spots requests for the private features (reflections, journal, forget me,
  export), which are only offered in a personal chat;
- `sender_id` keys the tracker by tenant and person (bot.identity), `message_metadata` and
  `conversation_reference` carry what a later proactive message needs (no names);
- `reply_activity` turns text and buttons into a markdown message with hero cards of messageBack
  buttons (the payload reaches Rasa, the user sees the title).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from bot import identity
from bot.feedback import LABELS
from bot.rasa.channels.guard import BadRequest

CONVERSATION_TYPES = ("personal", "groupChat", "channel")
MAX_ID_CHARS = 1024
MAX_BUTTONS_PER_CARD = 6
HERO_CARD = "application/vnd.microsoft.card.hero"

MENTION = re.compile(r"<at\b[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)
SPACES = re.compile(r"[ \t\u00a0\u200b]+")
SPACE_BEFORE_PUNCTUATION = re.compile(r" +([,.;:!?])")
BLANK_LINES = re.compile(r"\n{3,}")
# The commands of the app manifest's command lists, as Rasa payloads (deterministic, no NLU).
COMMANDS = {"reflect": "/start_reflection", "find a programme": "/find_programme", "help": "/help"}
PERSONAL_INTENTS = frozenset({
    "start_reflection", "resume_reflection", "show_journal", "open_reflection", "export_journal",
    "forget_me", "share_reflection", "link_account", "unlink_account",
})
PERSONAL_WORDS = re.compile(
    r"\b(reflect|reflection|reflections|reflecting|journal|journals|forget\s+me|export|link|unlink)\b", re.IGNORECASE
)
PAYLOAD_INTENT = re.compile(r"^/([A-Za-z0-9_]+)")


def strip_mentions(text: str) -> str:
    """Remove <at>Name</at> mentions and the whitespace they leave; decode HTML entities."""
    text = MENTION.sub(" ", text)
    text = html.unescape(text).replace("\r\n", "\n")
    lines = [SPACE_BEFORE_PUNCTUATION.sub(r"\1", SPACES.sub(" ", line)).strip() for line in text.split("\n")]
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def payload_intent(text: str) -> str | None:
    match = PAYLOAD_INTENT.match(text.strip())
    return match.group(1) if match else None


def is_personal_request(text: str) -> bool:
    """A payload or words asking for reflections, the journal, forgetting or exporting."""
    intent = payload_intent(text)
    if intent is not None:
        return intent in PERSONAL_INTENTS
    return bool(PERSONAL_WORDS.search(text))


def is_personal_button(button: dict[str, Any]) -> bool:
    payload = button.get("payload")
    return isinstance(payload, str) and payload_intent(payload) in PERSONAL_INTENTS


@dataclass(frozen=True)
class Activity:
    """The fields of an inbound activity that we use."""

    type: str
    id: str | None
    service_url: str
    channel_id: str
    conversation_id: str
    conversation_type: str
    tenant_id: str | None
    from_id: str | None
    from_aad_object_id: str | None
    recipient_id: str | None
    text: str | None
    value: Any
    members_added: tuple[str, ...]

    @property
    def is_personal(self) -> bool:
        return self.conversation_type == "personal"

    @property
    def bot_was_added(self) -> bool:
        return self.recipient_id is not None and self.recipient_id in self.members_added


def _optional_str(container: dict[str, Any], key: str, where: str) -> str | None:
    value = container.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_ID_CHARS:
        raise BadRequest(f'"{where}{key}" must be a string of at most {MAX_ID_CHARS} characters.')
    return value or None


def _account(body: dict[str, Any], key: str, required: bool) -> dict[str, Any]:
    account = body.get(key)
    if account is None and not required:
        return {}
    if not isinstance(account, dict) or not isinstance(account.get("id"), str) or not account["id"]:
        raise BadRequest(f'"{key}" must be an object with a non-empty string "id".')
    if len(account["id"]) > MAX_ID_CHARS:
        raise BadRequest(f'"{key}.id" is too long.')
    return account


def parse_activity(body: Any) -> Activity:
    """Validate an activity's fields (only after its token was verified); raises BadRequest."""
    if not isinstance(body, dict):
        raise BadRequest("The body must be a JSON object (a Bot Framework activity).")
    kind = body.get("type")
    if not isinstance(kind, str) or not kind:
        raise BadRequest('"type" is required and must be a string.')
    service_url = body.get("serviceUrl")
    if not isinstance(service_url, str) or not re.match(r"^https?://[^\s/]+", service_url):
        raise BadRequest('"serviceUrl" is required and must be an http(s) URL.')
    channel_id = body.get("channelId")
    if not isinstance(channel_id, str) or not channel_id:
        raise BadRequest('"channelId" is required and must be a string.')
    conversation = body.get("conversation")
    if not isinstance(conversation, dict) or not isinstance(conversation.get("id"), str) or not conversation["id"]:
        raise BadRequest('"conversation" must be an object with a non-empty string "id".')
    if len(conversation["id"]) > MAX_ID_CHARS:
        raise BadRequest('"conversation.id" is too long.')
    conversation_type = conversation.get("conversationType")
    if conversation_type not in CONVERSATION_TYPES:
        conversation_type = "groupChat" if conversation.get("isGroup") is True else "personal"
    tenant_id = _optional_str(conversation, "tenantId", "conversation.")
    channel_data = body.get("channelData")
    if tenant_id is None and isinstance(channel_data, dict) and isinstance(channel_data.get("tenant"), dict):
        tenant_id = _optional_str(channel_data["tenant"], "id", "channelData.tenant.")
    needs_accounts = kind in ("message", "conversationUpdate")
    sender = _account(body, "from", required=needs_accounts)
    recipient = _account(body, "recipient", required=needs_accounts)
    text = body.get("text")
    if text is not None and not isinstance(text, str):
        raise BadRequest('"text" must be a string when given.')
    members = body.get("membersAdded") or []
    if not isinstance(members, list) or not all(isinstance(m, dict) for m in members):
        raise BadRequest('"membersAdded" must be a list of accounts when given.')
    return Activity(
        type=kind,
        id=_optional_str(body, "id", ""),
        service_url=service_url,
        channel_id=channel_id,
        conversation_id=conversation["id"],
        conversation_type=conversation_type,
        tenant_id=tenant_id,
        from_id=sender.get("id"),
        from_aad_object_id=_optional_str(sender, "aadObjectId", "from.") if sender else None,
        recipient_id=recipient.get("id"),
        text=text,
        value=body.get("value"),
        members_added=tuple(m["id"] for m in members if isinstance(m.get("id"), str)),
    )


def message_text(activity: Activity) -> str:
    """What the person said: a card click's payload, a manifest command as its payload, or the
    text without mentions (a bare mention becomes a greeting)."""
    value = activity.value
    if isinstance(value, dict) and isinstance(value.get("payload"), str) and value["payload"].strip():
        return value["payload"].strip()
    raw = activity.text or ""
    text = strip_mentions(raw)
    if not text and MENTION.search(raw):
        return "/greet"
    return COMMANDS.get(text.lower().rstrip(".!?"), text)


def sender_id(activity: Activity) -> str:
    """The tracker's sender id (bot.identity.teams_sender): `teams:<tenant>:<AAD object id>` in a
    personal chat, one journal per person across their personal chats; group chats and channels
    add the conversation. Only called for activities whose token was verified."""
    conversation = None if activity.is_personal else activity.conversation_id
    return identity.teams_sender(activity.tenant_id, activity.from_aad_object_id, activity.from_id, conversation)


def conversation_reference(activity: Activity) -> dict[str, Any]:
    """Enough to send a proactive message later (ids only, no names)."""
    return {
        "service_url": activity.service_url,
        "channel_id": activity.channel_id,
        "conversation_id": activity.conversation_id,
        "conversation_type": activity.conversation_type,
        "bot_id": activity.recipient_id,
        "user_id": activity.from_id,
        "user_aad_object_id": activity.from_aad_object_id,
        "tenant_id": activity.tenant_id,
    }


def message_metadata(activity: Activity) -> dict[str, Any]:
    return {
        "channel": "teams",
        "conversation_type": activity.conversation_type,
        "tenant_id": activity.tenant_id,
        "conversation_reference": conversation_reference(activity),
    }


def button_action(button: dict[str, Any]) -> dict[str, Any] | None:
    """A Rasa button as a Teams card action: links open, payloads come back as messageBack."""
    title = str(button.get("title") or "").strip()
    url = button.get("url")
    payload = button.get("payload")
    if isinstance(url, str) and url:
        return {"type": "openUrl", "title": title or url, "value": url}
    if not isinstance(payload, str) or not payload:
        return None
    if re.match(r"^https?://", payload):
        return {"type": "openUrl", "title": title or payload, "value": payload}
    title = title or payload
    return {"type": "messageBack", "title": title, "text": payload, "displayText": title,
            "value": {"payload": payload}}


def hero_cards(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"contentType": HERO_CARD, "content": {"buttons": actions[start:start + MAX_BUTTONS_PER_CARD]}}
        for start in range(0, len(actions), MAX_BUTTONS_PER_CARD)
    ]


def reply_activity(
    text: str | None, buttons: list[dict[str, Any]] | None = None, personal: bool = True,
) -> dict[str, Any]:
    """A message with markdown text and, for buttons, hero cards below it.

    Outside a personal chat, buttons for the private features are left out (they would only get
    the go-private reply)."""
    activity: dict[str, Any] = {"type": "message"}
    if text:
        activity["text"] = text
        activity["textFormat"] = "markdown"
    kept = [b for b in buttons or [] if isinstance(b, dict) and (personal or not is_personal_button(b))]
    actions = [a for a in (button_action(b) for b in kept) if a]
    if actions:
        activity["attachments"] = hero_cards(actions)
        activity["attachmentLayout"] = "list"
    return activity


ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"


def feedback_card(offer: dict[str, Any]) -> dict[str, Any]:
    """An answer's feedback offer (bot.feedback.presented) as an Adaptive Card: "Helpful" submits
    at once; "Not helpful" opens the optional reason and comment, then "Send". A submission comes
    back as a message whose `value` is {"feedback": {...}, "reason", "comment"}."""
    ratings = {item["rating"]: item for item in offer["ratings"]}

    def data(rating: str) -> dict[str, Any]:
        return {"feedback": {"entry_id": offer["entry_id"], "kind": offer["kind"], "rating": rating}}

    labels = LABELS
    reasons = {
        "type": "AdaptiveCard",
        "body": [
            {"type": "Input.ChoiceSet", "id": "reason", "label": labels["reason"], "style": "expanded",
             "isRequired": False, "choices": [{"title": r["title"], "value": r["reason"]} for r in offer["reasons"]]},
            {"type": "Input.Text", "id": "comment", "label": labels["comment"], "isMultiline": True,
             "maxLength": offer["max_comment_chars"]},
        ],
        "actions": [{"type": "Action.Submit", "title": labels["send"], "data": data("not_helpful")}],
    }
    return {"contentType": ADAPTIVE_CARD, "content": {
        "type": "AdaptiveCard", "version": "1.4", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "body": [{"type": "TextBlock", "text": offer["question"], "size": "Small", "wrap": True}],
        "actions": [
            {"type": "Action.Submit", "title": ratings["helpful"]["title"], "data": data("helpful")},
            {"type": "Action.ShowCard", "title": ratings["not_helpful"]["title"], "card": reasons},
        ],
    }}


def private_chat_link(bot_id: str | None) -> str | None:
    """A Teams deep link that opens a 1:1 chat with the bot."""
    if not bot_id:
        return None
    return f"https://teams.microsoft.com/l/chat/0/0?users={bot_id}"
