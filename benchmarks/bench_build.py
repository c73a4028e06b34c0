"""Time and peak memory of `briefing build` on the samples and on 50 and 200 articles.

The larger sets are OrangeSum valid articles (French news, CC BY-SA 4.0) written
out as .txt inputs. Every figure is also given as a ratio to the samples run
made in the same go, so results compare across machines.

    python benchmarks/bench_build.py [--eval PATH] [--sizes 50 200]

The last run is one article of 2,000 sentences: the summariser caps its
candidates, so it must finish in bounded time.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import re
import os
import shutil
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


def run_build(inputs: Path, out: Path) -> tuple[float, float]:
    """Run one build in a child process; return (seconds, peak resident MiB)."""
    command = [sys.executable, "-m", "briefing", "build", "--inputs", str(inputs),
               "--out", str(out), "--date", "2025-02-21"]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed on {inputs}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    try:
        runs = [("samples", ROOT / "inputs", len(list((ROOT / "inputs").glob("*.txt"))))]
        for size in args.sizes:
            write_articles(work / f"in-{size}", args.eval, size)
            runs.append((f"{size} articles", work / f"in-{size}", size))
        write_long_article(work / "in-long", args.eval, 2000)
        runs.append(("2000 sentences", work / "in-long", 1))
        base_seconds = base_memory = None
        print(f"{'run':<14}{'articles':>9}{'seconds':>9}{'s/article':>11}{'peak MiB':>10}"
              f"{'time ×':>8}{'mem ×':>7}")
        for name, inputs, count in runs:
            seconds, memory = run_build(inputs, work / f"out-{name.split()[0]}")
            base_seconds = base_seconds or seconds
            base_memory = base_memory or memory
            print(f"{name:<14}{count:>9}{seconds:>9.2f}{seconds / count:>11.3f}{memory:>10.0f}"
                  f"{seconds / base_seconds:>8.2f}{memory / base_memory:>7.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
