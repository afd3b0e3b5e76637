"""Action server entry point: `python -m actions --port 5055` (same options as rasa_sdk's).

Loads, validates and indexes the knowledge base and the exercises once, and migrates the journal
tables, before serving: bad content stops start-up with an actionable message, and no request
pays for building the index. While it serves, changed content is validated and reloaded
(bot/reload.py: file changes, SIGHUP, `python -m bot knowledge reload`); bad content then keeps
the old and logs its problems.

Only Rasa may run actions: every request to /webhook must carry the header TOKEN_HEADER with
ACTION_SERVER_TOKEN (endpoints.yml sends it), else 401, so nobody else who can reach the port
can post a forged tracker and, say, export any leader's journal. Without ACTION_SERVER_TOKEN
(the action server started by hand) only loopback callers are served, with a warning.
/health stays open for the supervisor and load balancers.
"""
from __future__ import annotations

import hmac
import logging
import os
import sys

from rasa_sdk import endpoint
from rasa_sdk.__main__ import main_from_args
from rasa_sdk.endpoint import create_argument_parser
from sanic import response

from bot import lean, reload
from bot.journal import get_journal
from bot.knowledge import get_knowledge
from bot.understanding import get_understanding
from bot.validation import ContentError, validate_content

logger = logging.getLogger(__name__)

TOKEN_HEADER = "X-Action-Server-Token"
TOKEN_ENV = "ACTION_SERVER_TOKEN"
OPEN_PATHS = ("/health",)
LOOPBACK = ("127.0.0.1", "::1")


def require_token(app, token: str) -> None:
    """Refuse requests without the shared token (or, with none configured, from off this machine)."""

    @app.middleware("request")
    async def authenticate(request):
        if request.path in OPEN_PATHS:
            return None
        if token:
            given = request.headers.get(TOKEN_HEADER, "")
            if hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
                return None
        elif request.ip in LOOPBACK:
            return None
        logger.warning("Action server: a request to %s without the Rasa server's token was refused (401)",
                       request.path)
        return response.json({"error": "Unauthorized"}, status=401)


def authenticated_app_factory(create_app, token: str):
    """rasa_sdk's create_app, with `require_token` on every app it makes."""

    def create(*args, **kwargs):
        app = create_app(*args, **kwargs)
        require_token(app, token)
        return app

    return create


def main() -> int:
    # Before anything imports spaCy or bm25s: their optional TensorFlow and JAX imports stay out.
    lean.keep_out()
    args = create_argument_parser().parse_args()
    try:
        content = validate_content()
        knowledge = get_knowledge()  # and its search index, built once here
        get_understanding()  # and the understanding step's vocabularies
    except ContentError as error:
        print(f"The content has problems; fix them and start again:\n{error}", file=sys.stderr)
        return 1
    get_journal()  # creates or upgrades the project's tables before the first request
    print(f"Content ready: {len(knowledge.kb.entries)} knowledge entries, {len(content.exercises)} exercises, "
          f"{len(content.finder.items)} programmes and networks", flush=True)
    reload.watch()  # knowledge/ changes are served without a restart (bot/reload.py), SIGHUP too
    token = os.environ.get(TOKEN_ENV, "")
    if not token:
        print(f"{TOKEN_ENV} is not set: serving callers on this machine only", file=sys.stderr, flush=True)
    # rasa_sdk's run() builds its app with endpoint.create_app: ours adds the token check.
    endpoint.create_app = authenticated_app_factory(endpoint.create_app, token)
    main_from_args(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
