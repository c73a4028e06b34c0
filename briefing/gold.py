"""Score quotes and events against a gold file in the format of shared/gold/seeds.json.

Quotes (the gold's ``scoring.quotes``): recall is the share of gold "full"
quotes matched by a returned quote (its text starts with, or contains, the
gold's first words, compared without case, accents or quotation marks);
precision is the share of returned "full" quotes that match any gold entry;
speaker accuracy is the share of matched gold quotes whose returned speaker
names the gold speaker (a person's surname, or an institution's words).

Events (``scoring.events``): an extracted event matches a gold event when the
dates are equal at the gold's precision; precision, recall and F1 over dates,
per article and overall, and for the merged chronology against
``chronology_across_both``, which must hold each gold date once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Sequence

from briefing.errors import BriefingError, InputError
from briefing.models import ChronologyEntry, Digest, Quote
from briefing.names import classify, fold

# The reference scorer's own small words (../shared/dev/score/score_extract.py).
_STOP = frozenset(["de", "du", "des", "la", "le", "les", "l", "d", "of", "the", "and", "et"])


@dataclass(frozen=True)
class QuoteScore:
    """Counts behind recall, precision and speaker accuracy."""

    gold_full: int = 0
    found_full: int = 0
    returned_full: int = 0
    returned_full_matching: int = 0
    matched: int = 0
    speaker_right: int = 0

    def __add__(self, other: QuoteScore) -> QuoteScore:
        return QuoteScore(*(a + b for a, b in zip(self.counts(), other.counts(), strict=True)))

    def counts(self) -> tuple[int, ...]:
        """The raw counts, in field order."""
        return (self.gold_full, self.found_full, self.returned_full,
                self.returned_full_matching, self.matched, self.speaker_right)

    @property
    def recall(self) -> float:
        """Share of gold full quotes found."""
        return self.found_full / self.gold_full if self.gold_full else 1.0

    @property
    def precision(self) -> float:
        """Share of returned full quotes that match a gold quote."""
        return self.returned_full_matching / self.returned_full if self.returned_full else 1.0

    @property
    def speaker_accuracy(self) -> float:
        """Share of matched gold quotes with the right speaker."""
        return self.speaker_right / self.matched if self.matched else 1.0


@dataclass(frozen=True)
class DateScore:
    """Matched, extracted and gold date counts."""

    matched: int = 0
    extracted: int = 0
    gold: int = 0

    def __add__(self, other: DateScore) -> DateScore:
        return DateScore(self.matched + other.matched, self.extracted + other.extracted,
                         self.gold + other.gold)

    @property
    def precision(self) -> float:
        """Share of extracted dates that match a gold date."""
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        """Share of gold dates extracted."""
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_gold(path: Path) -> dict[str, Any]:
    """Read a gold file; its articles are keyed by input file name."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(gold.get("articles"), dict):
            raise ValueError("no 'articles' mapping")
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"not a gold file ({exc})") from exc
    return gold


def gold_for(gold: dict[str, Any], source: str) -> dict[str, Any] | None:
    """The gold entry of an article, found by its file name."""
    return gold["articles"].get(Path(source.split("#")[0]).name)


def _normal(text: str) -> str:
    return re.sub(r"[\W_]+", " ", fold(text)).strip()


def quote_matches(returned: str, starts: str) -> bool:
    """Whether a returned quote starts with, or contains, the gold's first words."""
    return _normal(starts) in _normal(returned)


def names_speaker(returned: str | None, gold: str) -> bool:
    """Whether a returned speaker names the gold speaker (surname or institution words)."""
    if not returned:
        return False
    have = set(_normal(returned).split())
    words = [w for w in _normal(gold).split() if w not in _STOP]
    if classify(gold) == "person" and len(gold.split()) >= 2:
        return words[-1] in have
    return all(w in have for w in words)


def score_quotes(found: Sequence[Quote], expected: Sequence[dict[str, str]]) -> QuoteScore:
    """Score one article's quotes against its gold quotes."""
    full = [q for q in found if q.kind == "full"]
    matched = right = found_full = 0
    for entry in expected:
        hits = [q for q in found if quote_matches(q.text, entry["starts"])]
        if not hits:
            continue
        matched += 1
        found_full += entry.get("kind") == "full"
        right += any(names_speaker(q.speaker, entry["speaker"]) for q in hits[:1])
    matching = sum(any(quote_matches(q.text, e["starts"]) for e in expected) for q in full)
    return QuoteScore(gold_full=sum(e.get("kind") == "full" for e in expected),
                      found_full=found_full, returned_full=len(full),
                      returned_full_matching=matching, matched=matched, speaker_right=right)


def score_dates(extracted: Sequence[str], expected: Sequence[str]) -> DateScore:
    """Match dates one to one, each gold date at its own precision."""
    remaining = list(expected)
    unmatched: list[str] = []
    matched = 0
    for date in extracted:  # exact matches first, so a day never takes its month's place
        if date in remaining:
            remaining.remove(date)
            matched += 1
        else:
            unmatched.append(date)
    for date in unmatched:
        hit = next((g for g in remaining if len(date) >= len(g) and date[: len(g)] == g), None)
        if hit is not None:
            remaining.remove(hit)
            matched += 1
    return DateScore(matched=matched, extracted=len(extracted), gold=len(expected))


def score_events(digest: Digest, entry: dict[str, Any]) -> DateScore:
    """Score one article's event dates against its gold events."""
    return score_dates([e.date.iso() for e in digest.events],
                       [e["date"] for e in entry.get("events", [])])


def score_chronology(chronology: Sequence[ChronologyEntry],
                     expected: Sequence[dict[str, Any]]) -> DateScore:
    """Score the merged chronology against the gold's chronology across articles."""
    return score_dates([e.date.iso() for e in chronology], [e["date"] for e in expected])


# ── whole runs, as `briefing eval quotes|chronology` prints them ────────────

def _digests(articles: Sequence[Path]) -> tuple[Digest, ...]:
    from briefing import build, read, summarise

    digests, _skipped = build.extract(list(articles), read.ReadOptions(),
                                      summarise.SummaryOptions())
    if not digests:
        raise BriefingError("no readable article among the files given")
    return digests


def quote_report(gold_path: Path, articles: Sequence[Path]) -> list[str]:
    """A Markdown table of quote recall, precision and speaker accuracy per article."""
    reference = load_gold(gold_path)
    rows = [(d.article.source, score_quotes(d.quotes, entry.get("quotes", [])))
            for d in _digests(articles)
            if (entry := gold_for(reference, d.article.source)) is not None]
    if not rows:
        raise BriefingError(f"none of the articles is in {gold_path.name}")
    lines = ["| article | recall | precision | speaker accuracy | gold full | returned full |",
             "|---|---|---|---|---|---|"]
    total = QuoteScore()
    for source, score in rows:
        total = total + score
        lines.append(_quote_row(Path(source).name, score))
    return [*lines, _quote_row("all", total)]


def _quote_row(name: str, score: QuoteScore) -> str:
    return (f"| {name} | {score.recall:.3f} | {score.precision:.3f} | "
            f"{score.speaker_accuracy:.3f} | {score.gold_full} | {score.returned_full} |")


def chronology_report(gold_path: Path, articles: Sequence[Path]) -> list[str]:
    """A Markdown table of event-date precision, recall and F1, per article, overall and
    for the merged chronology."""
    from briefing import chronology

    reference = load_gold(gold_path)
    digests = _digests(articles)
    rows = [(d.article.source, score_events(d, entry)) for d in digests
            if (entry := gold_for(reference, d.article.source)) is not None]
    if not rows:
        raise BriefingError(f"none of the articles is in {gold_path.name}")
    lines = ["| articles | precision | recall | F1 | matched | extracted | gold |",
             "|---|---|---|---|---|---|---|"]
    total = DateScore()
    for source, score in rows:
        total = total + score
        lines.append(_date_row(Path(source).name, score))
    lines.append(_date_row("all", total))
    if reference.get("chronology_across_both"):
        entries = chronology.merge(digests, limit=1000)
        merged = score_chronology(entries, reference["chronology_across_both"])
        repeated = len(entries) - len({e.date.iso() for e in entries})
        lines += [_date_row("merged chronology", merged), "",
                  f"merged chronology: {repeated} date(s) listed more than once"]
    return lines


def _date_row(name: str, score: DateScore) -> str:
    return (f"| {name} | {score.precision:.3f} | {score.recall:.3f} | {score.f1:.3f} | "
            f"{score.matched} | {score.extracted} | {score.gold} |")
