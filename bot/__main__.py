"""Command line: `python -m bot <command>` (the Makefile's targets call these)."""
from __future__ import annotations

import argparse
import sys

from bot.config import Settings


def _knowledge(args, settings: Settings) -> int:
    from bot.knowledge.loader import KnowledgeError, load_knowledge

    if args.action in ("validate", "reload"):
        from bot.validation import report_content

        if not report_content(settings.knowledge_dir):
            return 1
        if args.action == "reload":
            from bot.reload import request_reload

            stamp = request_reload(settings.knowledge_dir)
            print(f"Asked every action server watching {settings.knowledge_dir} to reload it (touched {stamp.name}); "
                  "send SIGHUP to one that does not poll (KNOWLEDGE_RELOAD_SECONDS=0)")
        return 0
    from bot.knowledge import nlu_data

    try:
        kb = load_knowledge(settings.knowledge_dir)
    except KnowledgeError as error:
        print(error, file=sys.stderr)
        return 1
    up_to_date = nlu_data.write_nlu(kb, nlu_data.NLU_PATH, check=args.check)
    if args.check and not up_to_date:
        # Not a failure: the running coach answers new entries at once (bot/reload.py); only the
        # intent classifier has yet to learn their example questions.
        print(f"retrain pending: {nlu_data.NLU_PATH.name} is behind knowledge/ (example questions changed); "
              "`make train` regenerates it and retrains")
        return 0
    print(f"{nlu_data.NLU_PATH.name}: {'up to date' if up_to_date else 'written'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("nlp", help="build the spaCy pipeline from the glossary if it changed")
    commands.add_parser("train", help="train the model if its inputs changed")
    commands.add_parser("model-path", help="print the path of the model for the current inputs")
    commands.add_parser("run", help="train if needed, then start the servers until Ctrl-C")
    commands.add_parser("shell", help="train if needed, then chat in the terminal")
    knowledge = commands.add_parser(
        "knowledge", help="validate the knowledge base, reload it in the running action servers, or generate NLU data")
    knowledge.add_argument("action", choices=["validate", "reload", "nlu"])
    knowledge.add_argument("--check", action="store_true",
                           help="with nlu: do not write, say 'retrain pending' if the file is stale")
    evaluation = commands.add_parser("eval", help="answer-quality evaluation against the running assistant")
    evaluation.add_argument("--cases", metavar="PATTERN",
                            help="only the dev cases of tests/eval/leaders.yml whose ids match (globs, comma-separated)")
    commands.add_parser("bench", help="speed benchmarks")
    from bot.analytics.cli import add_analytics_parser, add_trainers_parser

    add_trainers_parser(commands)
    add_analytics_parser(commands)
    args = parser.parse_args(argv)
    settings = Settings.from_environ()

    if args.command == "nlp":
        from bot.nlp import PIPELINE_DIR, build_pipeline, describe
        from bot.safety.learned import MODEL_DIR, build_classifier

        built = build_pipeline()
        print(("Built " if built else "Up to date: ") + describe(PIPELINE_DIR))
        print(("Built " if build_classifier() else "Up to date: ") + f"the safety classifier in {MODEL_DIR}")
        return 0
    if args.command == "model-path":
        from bot.ops.training import model_path

        print(model_path())
        return 0
    if args.command == "knowledge":
        return _knowledge(args, settings)
    if args.command == "trainers":
        from bot.analytics.cli import run_trainers

        return run_trainers(args)
    if args.command == "analytics":
        from bot.analytics.cli import run_analytics

        return run_analytics(args)
    if args.command == "bench":
        from bot.ops.bench import main as bench

        return bench() or 0

    from bot.validation import report_content

    # Bad content stops start-up here, with the editor's message, before anything trains or runs.
    if not report_content(settings.knowledge_dir):
        return 1
    from bot.ops.training import ensure_model

    model = ensure_model(settings)
    if args.command == "train":
        return 0
    if args.command == "eval":
        from bot.ops.evaluation import main as evaluate

        return evaluate(settings, model, cases=args.cases)
    from bot.ops import launch

    return launch.run(settings, model) if args.command == "run" else launch.shell(settings, model)


if __name__ == "__main__":
    sys.exit(main())
