"""Leader keys: whose journal a conversation opens, fixed by the channel that verified it.

Every channel namespaces the tracker's sender id with what it could verify, and nothing else:

- REST (trusted integrations, tests): `rest:<caller's sender>`. A REST caller names only
  conversations inside `rest:`, so it can never reach a widget or Teams leader.
- the web widget: `web:<session id>`, a random id the server issued and signed (bot.web.sessions),
  or `web:u-<digest>` for a leader the host site signed in (a verified identity token).
- Teams: `teams:<tenant id>:<AAD object id>` for personal chats (one journal per person across
  their personal chats), `teams:<tenant>:<person>:<conversation>` for group chats and channels,
  whose private features are refused by the channel anyway. Both come from the activity that
  arrived with a validated Bot Framework token.

`leader_key(sender_id)` is the one place that turns a tracker's sender id into the key of the
journal, commitments, check-ins, consent, exports, "forget me" and analytics; it reads only the
sender id, never a slot, entity or metadata a caller could set. Ids without one of these
namespaces (from before this scheme, or `rasa shell`) are their own key: no channel produces
them any more, so no new session can reach what they hold.
"""
from __future__ import annotations

import hashlib
import re

REST, WEB, TEAMS = "rest", "web", "teams"
NAMESPACES = (REST, WEB, TEAMS)
MAX_KEY_CHARS = 255  # the width of Rasa's events.sender_id and of the journal's key columns
_PLAIN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _digest(value: str, chars: int = 40) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:chars]


def _part(value: str) -> str:
    """A verified id as one segment of a key: as it is when plain (GUIDs are), else a digest."""
    return value if _PLAIN.match(value) else "h-" + _digest(value, 32)


def rest_sender(caller: str) -> str:
    """The tracker's sender id for a REST caller's `sender`."""
    return f"{REST}:{caller}"


def web_sender(session_id: str) -> str:
    """The tracker's sender id for a widget session the server issued (bot.web.sessions)."""
    return f"{WEB}:{session_id}"


def teams_sender(tenant_id: str | None, aad_object_id: str | None, from_id: str | None,
                 conversation_id: str | None = None) -> str:
    """The tracker's sender id for a verified Teams activity: the person's key in a personal chat
    (`conversation_id` None), with the conversation appended for group chats and channels."""
    tenant = _part(tenant_id) if tenant_id else "-"
    person = _part(aad_object_id) if aad_object_id else "id-" + _digest(from_id or "unknown", 32)
    key = f"{TEAMS}:{tenant}:{person}"
    if conversation_id is None:
        return key
    candidate = f"{key}:{conversation_id}"
    if len(candidate) <= MAX_KEY_CHARS:
        return candidate
    return f"{key}:sha256-{_digest(conversation_id)}"  # rare very long conversation ids


def leader_key(sender_id: str) -> str:
    """The leader a conversation belongs to (see the module doc)."""
    namespace, _, rest = sender_id.partition(":")
    if namespace == TEAMS and rest:
        return ":".join(sender_id.split(":", 3)[:3])
    return sender_id


def channel_of(key: str) -> str | None:
    """"rest", "web" or "teams" for a namespaced key, else None."""
    namespace = key.partition(":")[0]
    return namespace if namespace in NAMESPACES and ":" in key else None


def tracker_ids_like(key: str) -> str | None:
    """A LIKE pattern for the other trackers of a leader (a Teams person's group chats), or None."""
    if channel_of(key) != TEAMS:
        return None
    return key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ":%"
