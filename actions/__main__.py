"""Action server entry point: `python -m actions --port 5055` (same options as rasa_sdk's).

Loads, validates and indexes the knowledge base once, before serving, so bad content stops
start-up with an actionable message and no request pays for building the index.
"""
from __future__ import annotations

import sys

from rasa_sdk.__main__ import main_from_args
from rasa_sdk.endpoint import create_argument_parser

from bot.knowledge import get_knowledge
from bot.knowledge.loader import KnowledgeError


def main() -> int:
    args = create_argument_parser().parse_args()
    try:
        knowledge = get_knowledge()
    except KnowledgeError as error:
        print(f"The knowledge base has problems; fix them and start again:\n{error}", file=sys.stderr)
        return 1
    print(f"Knowledge base ready: {len(knowledge.kb.entries)} entries", flush=True)
    main_from_args(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
