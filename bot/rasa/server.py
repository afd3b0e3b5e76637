"""Rasa's command line as the coach runs it: `python -m bot.rasa.server run|shell ...`.

The same arguments as `rasa ...`; the only difference is that our fixes for Rasa 3.6
(bot/rasa/fixes.py) are applied first, explicitly, in the one process that needs them. Nothing
applies them on import.
"""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    from bot.rasa import fixes

    fixes.apply()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *(sys.argv[1:] if argv is None else argv)]
    rasa_main()


if __name__ == "__main__":
    main()
