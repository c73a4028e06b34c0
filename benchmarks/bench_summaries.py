"""Speed of the summariser alone, in articles per second, against vanilla sumy LexRank
at the same budget on the same articles, in the same process and the same go.

    python benchmarks/bench_summaries.py [--eval PATH] [--articles 300] [--repeats 5]

The two systems run in turn (A B A B …) on OrangeSum valid articles; the figures are
the medians of the repeats, and the ratio is taken pair by pair, so a drift in the
machine's speed does not bias it. Both include sentence splitting; the briefing
summariser also scores every sentence with the shipped ranker.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing import evaluate, summarise  # noqa: E402

DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "orangesum-abstract-valid.jsonl.gz"
SYSTEMS = ("briefing (default)", "sumy lexrank")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sentences", type=int, default=2)
    args = parser.parse_args()
    examples = evaluate.load_examples(args.eval, args.articles)
    systems = evaluate.systems(summarise.Budget(sentences=args.sentences))
    for name in SYSTEMS:  # warm-up: models, stemmers and stop words loaded once
        for example in examples[:20]:
            systems[name](example)
    seconds: dict[str, list[float]] = {name: [] for name in SYSTEMS}
    for _ in range(args.repeats):
        for name in SYSTEMS:
            started = time.perf_counter()
            for example in examples:
                systems[name](example)
            seconds[name].append(time.perf_counter() - started)
    ratios = [a / b for a, b in zip(*(seconds[name] for name in SYSTEMS), strict=True)]
    print(f"{len(examples)} articles, {args.sentences} sentences, median of {args.repeats}")
    print("| system | articles/s | ms/article |")
    print("|---|---|---|")
    for name in SYSTEMS:
        median = statistics.median(seconds[name])
        print(f"| {name} | {len(examples) / median:.0f} | {1000 * median / len(examples):.1f} |")
    print(f"time ratio briefing / LexRank: median {statistics.median(ratios):.2f} "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f})")


if __name__ == "__main__":
    main()
