"""Time and peak memory of `briefing build` at 200 and 1,000 articles, paired with the
bare named stack (benchmarks/bare_stack.py: sumy LexRank + WeasyPrint of titles and
summaries) on the same texts, and a rebuild after one changed input.

The articles are OrangeSum valid articles (French news, CC BY-SA 4.0) written out as
.txt inputs. Each figure is the median of --repeats runs (3 by default), the bare
stack and the build alternating, and every ratio is taken within the same go.

    python benchmarks/bench_build.py [--eval PATH] [--sizes 200 1000] [--repeats 3]

The last run is one article of 2,000 sentences: the summariser caps its candidates,
so it must finish in bounded time.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import re
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "orangesum-abstract-valid.jsonl.gz"


def write_articles(folder: Path, source: Path, count: int) -> None:
    """Write ``count`` OrangeSum articles as title + body text files."""
    folder.mkdir(parents=True)
    with gzip.open(source, "rt", encoding="utf-8") as lines:
        for line in itertools.islice(lines, count):
            item = json.loads(line)
            text = f"{item['title']}\n\n{item['text']}\n"
            (folder / f"orangesum-{item['id']}.txt").write_text(text, encoding="utf-8")


def write_long_article(folder: Path, source: Path, sentences: int) -> None:
    """Write one article of ``sentences`` sentences made of OrangeSum bodies end to end."""
    folder.mkdir(parents=True)
    body: list[str] = []
    with gzip.open(source, "rt", encoding="utf-8") as lines:
        for line in lines:
            body.extend(re.split(r"(?<=[.!?])\s+", json.loads(line)["text"]))
            if len(body) >= sentences:
                break
    paragraphs = [" ".join(body[i:i + 8]) for i in range(0, sentences, 8)]
    (folder / "long.txt").write_text("Un très long article\n\n" + "\n\n".join(paragraphs),
                                     encoding="utf-8")


def run(command: list[str]) -> tuple[float, float]:
    """Run one command in a child process; return (seconds, peak resident MiB)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return seconds, usage.ru_maxrss / 1024


def build_command(inputs: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "briefing", "build", "--inputs", str(inputs), "--out",
            str(out), "--date", "2025-02-21", *extra]


def touch_one(inputs: Path, round_: int) -> None:
    """Change one input (a different word each round), as a user fixing a typo would."""
    first = sorted(inputs.glob("*.txt"))[0]
    text = first.read_text(encoding="utf-8").rstrip("\n").rsplit("\n", 1)
    first.write_text(f"{text[0]}\n{text[-1]} (mise à jour {round_}).\n", encoding="utf-8")


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    bare = [sys.executable, str(ROOT / "benchmarks" / "bare_stack.py")]
    try:
        rows = []
        first_builds: dict[int, float] = {}
        for size in args.sizes:
            inputs = work / f"in-{size}"
            write_articles(inputs, args.eval, size)
            figures: dict[str, list[float]] = {"bare": [], "build": [], "one worker": [],
                                               "rebuild": [], "memory": []}
            for round_ in range(args.repeats):
                figures["bare"].append(run([*bare, str(inputs), str(work / "bare.pdf")])[0])
                seconds, memory = run(build_command(inputs, work / f"out-{size}-{round_}",
                                                    "--no-cache"))
                figures["build"].append(seconds)
                figures["memory"].append(memory)
                figures["one worker"].append(run(build_command(
                    inputs, work / f"one-{size}", "--no-cache", "--workers", "1"))[0])
                cached = work / f"cached-{size}"
                run(build_command(inputs, cached))  # fills the cache
                touch_one(inputs, round_)
                figures["rebuild"].append(run(build_command(inputs, cached))[0])
            first_builds[size] = median(figures["build"])
            rows.append((size, {k: median(v) for k, v in figures.items()}))
        print(f"median of {args.repeats} runs; ratios within the same go")
        print("| articles | bare stack s | build s | × bare | 1 worker s | rebuild after 1 "
              "change s | × first build | peak MiB |")
        print("|---|---|---|---|---|---|---|---|")
        for size, f in rows:
            print(f"| {size} | {f['bare']:.1f} | {f['build']:.1f} | {f['build'] / f['bare']:.2f}"
                  f" | {f['one worker']:.1f} | {f['rebuild']:.1f} | "
                  f"{f['rebuild'] / f['build']:.2f} | {f['memory']:.0f} |")
        if len(first_builds) > 1:
            small, large = min(first_builds), max(first_builds)
            print(f"{large} vs {small} articles: {first_builds[large] / first_builds[small]:.2f}"
                  f"× the time for {large / small:.0f}× the articles")
        write_long_article(work / "in-long", args.eval, 2000)
        seconds, memory = run(build_command(work / "in-long", work / "out-long", "--no-cache"))
        print(f"one article of 2,000 sentences: {seconds:.1f} s, {memory:.0f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
