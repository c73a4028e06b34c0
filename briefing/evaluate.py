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
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable, Iterator

from briefing import language, summarise
from briefing.errors import ConfigError, InputError

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


ORACLE = "oracle (knowing the reference)"


def systems(budget: summarise.Budget) -> dict[str, Summariser]:
    """The default summariser, each vanilla sumy method and the lead, all under the same
    budget, by name; and, only when asked for by name, the oracle."""
    found: dict[str, Summariser] = {
        "briefing (default)": lambda ex: summarise.summarise_text(ex.text, ex.title, "fr",
                                                                  budget)}
    for method in summarise.sumy_methods():
        found[f"sumy {method}"] = _vanilla(method, budget)
    found[_lead_name(budget)] = _lead(budget)
    found[ORACLE] = _oracle(budget)
    return found


def _vanilla(method: str, budget: summarise.Budget) -> Summariser:
    def run(example: Example) -> list[str]:
        sentences = language.split_sentences(example.text, "fr")
        return summarise.sumy_within_budget(sentences, "fr", budget, method)
    return run


def _lead_name(budget: summarise.Budget) -> str:
    if budget.words is not None:
        return f"lead ({budget.words} words)"
    if budget.ratio is not None:
        return f"lead ({budget.ratio:g} of the sentences)"
    return f"lead-{budget.sentences}"


def _lead(budget: summarise.Budget) -> Summariser:
    """The first sentences, as many as the budget allows (under a word budget, at least
    one, then while the next one fits)."""
    def run(example: Example) -> list[str]:
        sentences = language.split_sentences(example.text, "fr")
        if budget.words is None:
            return sentences[:budget.count(sentences)]
        chosen: list[str] = []
        for sentence in sentences:
            if chosen and sum(len(s.split()) for s in chosen) + len(sentence.split()) > \
                    budget.words:
                break
            chosen.append(sentence)
        return chosen
    return run


def _oracle(budget: summarise.Budget) -> Summariser:
    """The candidates that best match the reference, greedily (ROUGE-1 + ROUGE-2): the
    ceiling of choosing sentences. Not a summariser: it reads the answer."""
    def run(example: Example) -> list[str]:
        units = summarise.quote_units(language.split_sentences(example.text, "fr"))
        sentences = [s for s in units if summarise.is_candidate(s)]
        size = budget.count(sentences) if budget.words is None else len(sentences)
        chosen = oracle(sentences, example.reference, size, budget.words)
        return [sentences[i] for i in sorted(chosen)]
    return run


def ngrams(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    """Counts of the n-grams of a token list."""
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def rouge_gain(candidate: list[str], reference: list[str]) -> float:
    """ROUGE-1 + ROUGE-2 F1 of a candidate token list against a reference."""
    total = 0.0
    for n in (1, 2):
        ours, theirs = ngrams(candidate, n), ngrams(reference, n)
        overlap = sum((ours & theirs).values())
        if overlap:
            precision = overlap / sum(ours.values())
            recall = overlap / sum(theirs.values())
            total += 2 * precision * recall / (precision + recall)
    return total


def oracle(sentences: list[str], reference: str, size: int = 2,
           words: int | None = None) -> list[int]:
    """Greedily pick up to ``size`` sentences (within ``words``) that raise ROUGE against
    the reference, in the order picked."""
    tokenizer = AccentTokenizer()
    reference_tokens = tokenizer.tokenize(reference)
    tokens = [tokenizer.tokenize(s) for s in sentences]
    chosen: list[int] = []
    best = 0.0
    while len(chosen) < size:
        gains = [(rouge_gain([t for j in sorted([*chosen, i]) for t in tokens[j]],
                             reference_tokens), i)
                 for i in range(len(sentences)) if i not in chosen
                 and (words is None or not chosen
                      or sum(len(tokens[j]) for j in [*chosen, i]) <= words)]
        if not gains:
            break
        gain, index = max(gains, key=lambda g: (g[0], -g[1]))
        if gain <= best:
            break
        best = gain
        chosen.append(index)
    return chosen


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


def named(name: str, names: list[str] | None) -> bool:
    """Whether a system is asked for: by the start of its name ("lead", "sumy lex",
    "oracle"), any case; every system but the oracle when none is named."""
    if not names:
        return name != ORACLE
    return any(name.lower().startswith(given.strip().lower()) for given in names)


def evaluate(examples: list[Example], budget: summarise.Budget,
             names: list[str] | None = None) -> Iterator[tuple[SystemScore, dict[str, list[str]]]]:
    """Score every system (or the named ones), yielding each score and its summaries."""
    for name, system in systems(budget).items():
        if not named(name, names):
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
    known = list(systems(budget))
    unknown = [n for n in names if not any(named(k, [n]) for k in known)]
    if unknown:
        raise ConfigError(f"no system named {', '.join(map(repr, unknown))} "
                          f"(known: {', '.join(known)})")
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
