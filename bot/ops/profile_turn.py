"""Where a turn's CPU goes: py-spy samples of a Rasa replica (or the action server) sorted into
the parts of a coaching turn (docs/benchmarks.md, "Where a turn's CPU goes").

    python -m bot.ops.profile_turn FILE [FILE ...]   the breakdown of py-spy `--format raw` files

Record a replica under load first (py-spy is not one of the project's dependencies; install it
in a virtualenv of its own, e.g. /tmp/pyspy-venv/bin/pip install py-spy):

    make run-prod &  REST_TOKEN=... python loadtest/run.py --no-pause --users 8 &
    py-spy record --format raw --rate 200 --duration 30 --nonblocking --pid <replica> -o rasa.txt

Each sampled stack is given to the first part whose pattern matches, going from the outermost
frame inwards: JSON inside the tracker store's save counts as the tracker store, TensorFlow
inside DIET as DIET. Samples that match no part are "other": Sanic, asyncio and Rasa's own
bookkeeping. A server waiting for its next request is left out (IDLE).
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

# (part, regular expression on one frame "function (path:line)"), outermost match wins; a frame
# in a tracker store module is "tracker store: writes" inside save(), else "tracker store: reads".
PARTS: tuple[tuple[str, str], ...] = (
    ("lock store", r"lock_store\.py|rasa/core/lock\.py"),
    # bot/rasa/fixes.py's wrapper of RemoteAction.run: the tracker's JSON, the HTTP call, the check.
    ("action server hop", r"_run_remote_action|rasa/utils/endpoints\.py|_validate_action_result"),
    ("NLU: featurizers and tokenizer", r"rasa/nlu/(featurizers|tokenizers|utils/spacy)|spacy_utils|SpacyNLP"),
    ("NLU: DIET", r"diet_classifier\.py"),
    ("NLU: other components", r"rasa/nlu/(extractors|classifiers)/"),
    ("policy: TED", r"ted_policy\.py"),
    ("policy: rules and memoization", r"rule_policy\.py|memoization\.py"),
    ("policy: the coach's (safety, steps, check-in)", r"bot/rasa/(safety|step|checkin)_policy\.py"),
    ("policy: ensemble and tracker featurization", r"rasa/core/policies/ensemble\.py|rasa/core/featurizers/"),
    ("knowledge search and understanding", r"bot/(knowledge|understanding)/"),
    ("safety step", r"bot/safety/"),
    ("journal, check-ins and their database", r"bot/(journal|checkins|db)/|sqlalchemy/"),
    ("steps and coaching", r"bot/(steps|coaching|finder)/"),
    ("JSON", r"json"),
)
# In the action server every stack passes through rasa_sdk: a stack is counted there only when
# none of the parts above is in it.
ACTIONS = ("actions (rasa_sdk and actions/)", re.compile(r"rasa_sdk/|(?<!core/)actions/\w+\.py"))
_COMPILED = tuple((part, re.compile(pattern)) for part, pattern in PARTS)
OTHER = "other (Sanic, asyncio, Rasa's bookkeeping)"
_SAVE = re.compile(r"\b(save|_additional_events|stream_events)\b")
# py-spy's --nonblocking sees a server waiting for its next request (in epoll, from C) as running
# in its serve loop: such samples are left out.
IDLE = re.compile(r"^(serve \(sanic/server/runners\.py|select \(selectors\.py|_run_once \(asyncio/base_events\.py)")


def part_of(frames: list[str]) -> str:
    """The part a stack (outermost frame first) belongs to."""
    for frame in frames:
        if "tracker_store.py" in frame:
            return "tracker store: writes" if _SAVE.search(frame) else "tracker store: reads"
        for part, pattern in _COMPILED:
            if pattern.search(frame):
                return part
    if any(ACTIONS[1].search(frame) for frame in frames):
        return ACTIONS[0]
    return OTHER


def parse_raw(text: str) -> Counter:
    """py-spy's raw (collapsed) format: `frame;frame;... count` a line, outermost frame first."""
    samples: Counter = Counter()
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.strip().split(";")
        if IDLE.match(frames[-1]):
            continue
        samples[part_of(frames)] += int(count)
    return samples


def breakdown_table(samples: Counter) -> str:
    total = sum(samples.values()) or 1
    lines = ["| part of the turn | share of CPU samples |", "| --- | ---: |"]
    for part, count in samples.most_common():
        lines.append(f"| {part} | {100 * count / total:.1f}% |")
    lines.append(f"| (samples) | {total:,} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.ops.profile_turn", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path, help="py-spy record --format raw output")
    args = parser.parse_args(argv)
    samples: Counter = Counter()
    for path in args.files:
        samples += parse_raw(path.read_text(encoding="utf-8", errors="replace"))
    if not samples:
        print("No samples: record with py-spy's --format raw while the server is under load", file=sys.stderr)
        return 1
    print(breakdown_table(samples))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
