"""Measure the summariser against reference summaries with ROUGE.

ROUGE-1/2/L F1 from Google's rouge-score, with a tokenizer that keeps accented
letters (its default one turns "été" into "t"): tokens are maximal runs of
Unicode letters and digits after NFC normalisation and lowercasing.
"""

from __future__ import annotations

import gzip
import json
import re
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable, Iterator

from briefing import language, summarise
from briefing.errors import InputError

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


class AccentTokenizer:
    """rouge-score tokenizer keeping accented letters: runs of letters and digits."""

    def tokenize(self, text: str) -> list[str]:
        """Split text into lowercase letter-and-digit runs."""
        return re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).lower())


@dataclass(frozen=True)
class Example:
    """One article with its reference summary."""

    id: str
    title: str | None
    text: str
    reference: str


@dataclass(frozen=True)
class SystemScore:
    """A system's mean ROUGE F1 (x100), mean summary length and time per article."""

    name: str
    rouge1: float
    rouge2: float
    rougeL: float
    words: float
    ms_per_article: float


def load_examples(path: Path, limit: int | None = None) -> list[Example]:
    """Read a JSONL (optionally gzipped) file of {id, title, text, summary} objects."""
    opener = gzip.open if path.suffix == ".gz" else open
    examples: list[Example] = []
    try:
        with opener(path, "rt", encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if limit is not None and len(examples) >= limit:
                    break
                if not line.strip():
                    continue
                item = json.loads(line)
                examples.append(Example(id=str(item.get("id", number)), title=item.get("title"),
                                        text=item["text"], reference=item["summary"]))
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(str(path), f"not a JSONL file of articles with summaries ({exc})") from exc
    return examples


Summariser = Callable[[Example], list[str]]


def systems(budget: summarise.Budget) -> dict[str, Summariser]:
    """The default summariser, each vanilla sumy method and Lead-1/2/3, by name."""
    found: dict[str, Summariser] = {
        "briefing (default)": lambda ex: summarise.summarise_text(ex.text, ex.title, "fr",
                                                                  budget)}
    for method in summarise.sumy_methods():
        found[f"sumy {method}"] = _vanilla(method, budget)
    for lead in (1, 2, 3):
        found[f"lead-{lead}"] = _lead(lead)
    return found


def _vanilla(method: str, budget: summarise.Budget) -> Summariser:
    def run(example: Example) -> list[str]:
        sentences = language.split_sentences(example.text, "fr")
        count = budget.count(sentences)
        return summarise.pick_sentences([sentences], "fr", count, method)
    return run


def _lead(count: int) -> Summariser:
    return lambda example: language.split_sentences(example.text, "fr")[:count]


def score(examples: list[Example], name: str, system: Summariser,
          dump: dict[str, list[str]] | None = None) -> SystemScore:
    """Run one system over the examples and average its ROUGE F1."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), tokenizer=AccentTokenizer())
    totals = dict.fromkeys(ROUGE_TYPES, 0.0)
    words = 0
    elapsed = 0.0
    for example in examples:
        start = time.perf_counter()
        summary = system(example)
        elapsed += time.perf_counter() - start
        if dump is not None:
            dump[example.id] = summary
        text = " ".join(summary)
        words += len(text.split())
        result = scorer.score(example.reference, text)
        for kind in ROUGE_TYPES:
            totals[kind] += result[kind].fmeasure
    n = max(1, len(examples))
    return SystemScore(name=name, rouge1=100 * totals["rouge1"] / n,
                       rouge2=100 * totals["rouge2"] / n, rougeL=100 * totals["rougeL"] / n,
                       words=words / n, ms_per_article=1000 * elapsed / n)


def evaluate(examples: list[Example], budget: summarise.Budget,
             names: list[str] | None = None) -> Iterator[tuple[SystemScore, dict[str, list[str]]]]:
    """Score every system (or the named ones), yielding each score and its summaries."""
    for name, system in systems(budget).items():
        if names and name not in names:
            continue
        dump: dict[str, list[str]] = {}
        yield score(examples, name, system, dump), dump


def table(scores: list[SystemScore]) -> str:
    """A Markdown table of scores."""
    lines = ["| system | R-1 | R-2 | R-L | words | ms/article |", "|---|---|---|---|---|---|"]
    for s in scores:
        lines.append(f"| {s.name} | {s.rouge1:.2f} | {s.rouge2:.2f} | {s.rougeL:.2f} | "
                     f"{s.words:.0f} | {s.ms_per_article:.1f} |")
    return "\n".join(lines)


def run(data: Path, budget: summarise.Budget, limit: int | None, names: tuple[str, ...],
        dump: Path | None) -> tuple[int, list[SystemScore]]:
    """Score the systems on a data file; with ``dump``, write the default summariser's
    summaries there as JSONL. Return the article count and the scores."""
    examples = load_examples(data, limit)
    scores = []
    for result, summaries in evaluate(examples, budget, list(names) or None):
        scores.append(result)
        if dump and result.name == "briefing (default)":
            from briefing.render import write_atomic

            lines = [json.dumps({"id": key, "summary": value}, ensure_ascii=False)
                     for key, value in summaries.items()]
            write_atomic(dump, ("\n".join(lines) + "\n").encode("utf-8"))
    return len(examples), scores
