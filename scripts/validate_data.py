"""`rasa data validate`, failing on every warning except responses that custom actions send
and intents that only software triggers (EXTERNAL_INTENTS, which have no NLU examples).

Rasa's validator warns that a response is "not used in any story or rule" when only a custom
action sends it (e.g. `utter_ask_rephrase`). Those names are found in actions/ and bot/ source
and allowed; every other warning fails the run.
"""
from __future__ import annotations

import re
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Sent by Rasa's own default actions (action_restart utters utter_restart when it exists).
SENT_BY_RASA = {"utter_restart"}
# Intents that software triggers (the proactive check-in scheduler), never typed: no NLU examples.
EXTERNAL_INTENTS = {"EXTERNAL_checkin_due"}
NO_EXAMPLES = re.compile(r"The intent '(\w+)' is listed in the domain file, but is not found in the NLU training data")
UNUSED = re.compile(r"The utterance '(utter_\w+)' is not used in any story or rule")


def responses_sent_from_code() -> set[str]:
    names: set[str] = set()
    for folder in ("actions", "bot"):
        for path in (ROOT / folder).rglob("*.py"):
            names.update(re.findall(r"[\"'](utter_\w+)[\"']", path.read_text(encoding="utf-8")))
    return names


def main() -> int:
    from rasa.cli.utils import validate_files
    from rasa.shared.importers.importer import TrainingDataImporter
    from rasa.utils.common import EXPECTED_WARNINGS

    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")]
    )
    allowed = responses_sent_from_code() | SENT_BY_RASA
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            validate_files(False, None, importer)
        except SystemExit as exit_:
            if exit_.code:
                return int(exit_.code)
    problems = []
    for warning in caught:
        text = str(warning.message)
        match = UNUSED.search(text)
        if match and match.group(1) in allowed:
            continue
        external = NO_EXAMPLES.search(text)
        if external and external.group(1) in EXTERNAL_INTENTS:
            continue
        if issubclass(warning.category, (DeprecationWarning, PendingDeprecationWarning)):
            continue
        # Rasa's own list of warnings it raises internally and silences itself.
        if any(issubclass(warning.category, kind) and re.match(pattern, text)
               for kind, pattern in EXPECTED_WARNINGS):
            continue
        problems.append(text)
    for text in problems:
        print(f"validation warning: {text}", file=sys.stderr)
    print(f"rasa data validate: {len(problems)} warning(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
