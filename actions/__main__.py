"""Action server entry point: `python -m actions --port 5055` (same options as rasa_sdk's).

Loads, validates and indexes the knowledge base and the exercises once, and migrates the journal
tables, before serving: bad content stops start-up with an actionable message, and no request
pays for building the index.
"""
from __future__ import annotations

import sys

from rasa_sdk.__main__ import main_from_args
from rasa_sdk.endpoint import create_argument_parser

from bot import lean
from bot.journal import get_journal
from bot.knowledge import get_knowledge
from bot.understanding import get_understanding
from bot.validation import ContentError, validate_content


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
    main_from_args(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
