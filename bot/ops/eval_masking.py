"""How well `mask` holds, on corpora in `tests/eval/` (`python -m bot.ops.eval_masking [dev|test]`).

Two corpora per half: `masking_ordinary_<half>.txt`, ordinary leadership messages that must come
back unchanged, and `masking_formats_<half>.txt`, messages with personal data in the formats
masking has to catch, each with the text that must be gone (after a tab). The `dev` half is what
the patterns were tuned on; the `test` half was written before tuning and is only reported.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from bot.analytics.privacy import mask
from bot.config import ROOT

EVAL_DIR = ROOT / "tests" / "eval"
HALVES = ("dev", "test")


@dataclass
class MaskingScore:
    ordinary: int = 0
    changed: list[tuple[str, str]] = field(default_factory=list)
    formats: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def false_positive_rate(self) -> float:
        return len(self.changed) / self.ordinary if self.ordinary else 0.0

    @property
    def recall(self) -> float:
        return 1 - len(self.missed) / self.formats if self.formats else 1.0


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]


def score(half: str, eval_dir: Path = EVAL_DIR) -> MaskingScore:
    """Mask every message of one half and count what changed that should not, and what stayed."""
    result = MaskingScore()
    for text in _lines(eval_dir / f"masking_ordinary_{half}.txt"):
        result.ordinary += 1
        if (masked := mask(text)) != text:
            result.changed.append((text, masked))
    for line in _lines(eval_dir / f"masking_formats_{half}.txt"):
        text, secret = line.split("\t")
        result.formats += 1
        if secret in (masked := mask(text)):
            result.missed.append((text, masked))
    return result


def main(argv: list[str] | None = None) -> int:
    halves = (argv if argv is not None else sys.argv[1:]) or list(HALVES)
    for half in halves:
        result = score(half)
        print(
            f"masking {half}: {result.ordinary} ordinary messages, {len(result.changed)} changed "
            f"({result.false_positive_rate:.1%}); {result.formats} with personal data, "
            f"{len(result.missed)} not masked (recall {result.recall:.1%})"
        )
        for text, masked in result.changed + result.missed:
            print(f"  {text!r} -> {masked!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
