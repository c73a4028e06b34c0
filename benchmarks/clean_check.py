"""How much real article text survives cleaning, and how fast.

Writes OrangeSum valid articles (French news bodies, CC BY-SA 4.0) as .txt
inputs (title line, blank line, body), cleans them, and reports the share that
come out whole (title found, at least 98% of the body's words kept), with the
time per article. Dropped lines are printed with --show so they can be checked
by hand.

    python benchmarks/clean_check.py [--limit 40] [--show]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import re
import tempfile
import time
from pathlib import Path

from briefing.clean import boilerplate_patterns, clean
from briefing.errors import InputError
from briefing.read import ReadOptions, read_path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "orangesum-abstract-valid.jsonl.gz"


def words(text: str) -> list[str]:
    """Lowercased word tokens."""
    return re.findall(r"\w+", text.lower())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--show", action="store_true", help="print what was dropped")
    args = parser.parse_args()
    whole = titled = residue = 0
    seconds = 0.0
    with gzip.open(args.eval, "rt", encoding="utf-8") as lines, \
            tempfile.TemporaryDirectory() as folder:
        items = [json.loads(line) for line in itertools.islice(lines, args.limit)]
        for item in items:
            path = Path(folder) / f"{item['id']}.txt"
            path.write_text(f"{item['title']}\n\n{item['text']}\n", encoding="utf-8")
            start = time.perf_counter()
            try:
                [document] = read_path(path, ReadOptions()).documents
                article = clean(document)
            except InputError as exc:
                print(f"{item['id']}: LOST ({exc.reason})")
                continue
            finally:
                seconds += time.perf_counter() - start
            kept = set(words(article.text))
            body = words(item["text"])
            share = sum(w in kept for w in body) / max(1, len(body))
            titled += article.title == " ".join(item["title"].split())
            whole += share >= 0.98
            residue += any(p.search(article.text) for p in boilerplate_patterns("tail"))
            if args.show and share < 0.98:
                print(f"{item['id']}: kept {share:.0%}")
                for sentence in re.split(r"(?<=[.!?])\s+", item["text"]):
                    if not set(words(sentence)) <= kept:
                        print(f"   dropped: {sentence[:150]}")
    count = len(items)
    print(f"{count} articles: {whole} whole ({whole / count:.0%}), title found in {titled} "
          f"({titled / count:.0%}), {residue} with a boilerplate phrase left, "
          f"{seconds / count * 1000:.1f} ms per article")


if __name__ == "__main__":
    main()
