"""Speed benchmarks for knowledge search, and the abstention calibration report.

    python -m bot.ops.bench               search latency on the real and a synthetic 10,000-entry KB
    python -m bot.ops.bench --calibrate   top-1/top-3/abstention on tests/eval/questions.yml, with the
                                      confidence ranges that ABSTAIN_* constants are chosen from

Times are wall-clock per query (analysis with spaCy + BM25 scoring + ranking + decision), after
a warm-up, so they are what a leader waits for on this machine.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import yaml

from bot.config import ROOT

EVAL_PATH = ROOT / "tests" / "eval" / "questions.yml"
MIN_QUERIES = 500
SYNTHETIC_ENTRIES = 10_000
SEED = 20240601  # fixed so that the synthetic knowledge base is the same on every run


def _eval_set(path: Path = EVAL_PATH) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def time_queries(index, queries: list[str], minimum: int = MIN_QUERIES) -> list[float]:
    """Milliseconds per `best()` call, over `queries` repeated to at least `minimum` calls."""
    for query in queries[:20]:  # warm-up: first calls pay for lazy allocations
        index.best(query)
    rounds = max(1, -(-minimum // len(queries)))
    timings = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            index.best(query)
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def synthetic_kb(kb, size: int = SYNTHETIC_ENTRIES, seed: int = SEED):
    """A knowledge base of `size` entries made by recombining the real entries' words."""
    from bot.knowledge.models import Entry, KnowledgeBase

    rng = random.Random(seed)
    real = list(kb.entries.values())
    words = sorted({word for entry in real
                    for text in (entry.title, entry.answer, *entry.questions)
                    for word in text.split()})
    entries = {}
    for number in range(size):
        template = rng.choice(real)
        own = " ".join((template.title, template.answer, *template.questions)).split()

        def phrase(low: int, high: int, own: list[str] = own) -> str:
            # Mostly the template's words (so entries stay topical), some from anywhere.
            count = rng.randint(low, high)
            return " ".join(rng.choice(own) if rng.random() < 0.7 else rng.choice(words)
                            for _ in range(count))

        entry_id = f"synthetic-{number}"
        entries[entry_id] = Entry(
            id=entry_id,
            title=phrase(3, 6)[:40],
            answer=f"{phrase(12, 25)}. {phrase(12, 25)}.",
            more=None,
            questions=tuple(phrase(4, 12) for _ in range(8)),
            themes=template.themes,
            related=(),
            sources=template.sources,
            file="synthetic",
        )
    return KnowledgeBase(entries=entries, sources=kb.sources, glossary=kb.glossary)


def _summary(label: str, timings: list[float]) -> str:
    return (f"{label}: p50 {_percentile(timings, 0.5):.2f} ms, "
            f"p95 {_percentile(timings, 0.95):.2f} ms, max {max(timings):.2f} ms "
            f"({len(timings)} queries)")


def bench(knowledge_dir: str | None = None) -> None:
    """Print search latency on the real knowledge base and on a synthetic 10,000-entry one."""
    from bot.knowledge import get_knowledge
    from bot.knowledge.search import KnowledgeIndex

    evaluation = _eval_set()
    queries = [item["q"] for item in evaluation["knowledge"] + evaluation["out_of_scope"]]

    start = time.perf_counter()
    knowledge = get_knowledge(knowledge_dir)
    print(f"load + validate + index real knowledge base: "
          f"{(time.perf_counter() - start) * 1000:.0f} ms (includes loading the spaCy pipeline)")
    timings = time_queries(knowledge.index, queries)
    print(_summary(f"search real ({len(knowledge.kb.entries)} entries)", timings))

    big = synthetic_kb(knowledge.kb)
    start = time.perf_counter()
    index = KnowledgeIndex.build(big, knowledge.index.nlp)
    build_s = time.perf_counter() - start
    print(f"index build synthetic ({len(big.entries)} entries): {build_s:.1f} s")
    print(_summary(f"search synthetic ({len(big.entries)} entries)", time_queries(index, queries)))


def calibrate(knowledge_dir: str | None = None) -> None:
    """Print ranking and abstention numbers on the eval set, and the confidence margins."""
    from bot.knowledge import get_knowledge
    from bot.knowledge.search import ABSTAIN_MIN_CONFIDENCE, ABSTAIN_MIN_CONFIDENCE_WITH_TERM

    index = get_knowledge(knowledge_dir).index
    evaluation = _eval_set()
    known = evaluation["knowledge"]
    top1 = top3 = false_abstain = 0
    with_term, without_term = [], []
    for item in known:
        decision = index.decide(item["q"])
        ids = [hit.entry.id for hit in decision.hits]
        top3 += item["expect_id"] in ids
        if not decision.answer:
            false_abstain += 1
            print(f"  false abstention: {item['q']!r}")
        elif ids[0] == item["expect_id"]:
            top1 += 1
        else:
            print(f"  wrong top-1: {item['q']!r} -> {ids[0]} (expected {item['expect_id']})")
        (with_term if index.analyse(item["q"]).terms else without_term).append(decision.confidence)
    outside = evaluation["out_of_scope"]
    out_conf, answered = [], []
    for item in outside:
        decision = index.decide(item["q"])
        out_conf.append(decision.confidence)
        if decision.answer:
            answered.append(item["q"])
    for question in answered:
        print(f"  answered out-of-scope: {question!r}")
    print(f"knowledge questions: top-1 {top1}/{len(known)} ({top1 / len(known):.1%}), "
          f"top-3 {top3}/{len(known)} ({top3 / len(known):.1%}), "
          f"false abstentions {false_abstain}")
    print(f"out-of-scope: abstained {len(outside) - len(answered)}/{len(outside)}")
    print(f"confidence: out-of-scope max {max(out_conf):.2f}; in-scope min "
          f"{min(without_term, default=float('nan')):.2f} without a glossary term, "
          f"{min(with_term, default=float('nan')):.2f} with one; thresholds "
          f"{ABSTAIN_MIN_CONFIDENCE} / {ABSTAIN_MIN_CONFIDENCE_WITH_TERM} (with a term)")


def main(argv: list[str] | None = None) -> int:
    """Entry point (see the module docstring). `argv=None` means no options, not sys.argv,
    because `python -m bot bench` calls it with the parent command's arguments still there."""
    parser = argparse.ArgumentParser(prog="python -m bot.ops.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calibrate", action="store_true",
                        help="print eval-set ranking and abstention numbers instead of timings")
    parser.add_argument("--knowledge-dir", default=None, help="default: the KNOWLEDGE_DIR setting")
    args = parser.parse_args(argv or [])
    if args.calibrate:
        calibrate(args.knowledge_dir)
    else:
        bench(args.knowledge_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
