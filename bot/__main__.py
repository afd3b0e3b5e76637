"""Command line: `python -m bot <command>` (the Makefile's targets call these)."""
from __future__ import annotations

import argparse
import sys

from bot.config import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("nlp", help="build the spaCy pipeline from the glossary if it changed")
    commands.add_parser("train", help="train the model if its inputs changed")
    commands.add_parser("model-path", help="print the path of the model for the current inputs")
    commands.add_parser("run", help="train if needed, then start the servers until Ctrl-C")
    commands.add_parser("shell", help="train if needed, then chat in the terminal")
    args = parser.parse_args(argv)
    settings = Settings.from_environ()

    if args.command == "nlp":
        from bot.nlp import PIPELINE_DIR, build_pipeline, describe

        built = build_pipeline()
        print(("Built " if built else "Up to date: ") + describe(PIPELINE_DIR))
        return 0
    if args.command == "model-path":
        from bot.training import model_path

        print(model_path())
        return 0

    from bot.training import ensure_model

    model = ensure_model(settings)
    if args.command == "train":
        return 0
    from bot import launch

    return launch.run(settings, model) if args.command == "run" else launch.shell(settings, model)


if __name__ == "__main__":
    sys.exit(main())
