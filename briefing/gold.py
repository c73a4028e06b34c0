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
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Sequence

from briefing.errors import BriefingError, InputError
from briefing.models import ChronologyEntry, Digest, Quote

# The reference scorer's own small words (../shared/dev/score/score_extract.py).
_STOP = frozenset(["de", "la", "le", "les", "du", "des", "the", "of", "us", "americaine",
                   "american"])
# Gold speakers that name no one (PolNeAR annotates no coreference): left out of
# speaker accuracy, as the reference scorer does.
UNSCORED_SPEAKERS = frozenset({"pronoun", "none"})


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
    """Counts behind date precision and recall: gold dates found (``matched``), returned
    dates that are right (``precise``), dates returned and dates in the gold."""

    matched: int = 0
    extracted: int = 0
    gold: int = 0
    precise: int = -1  # -1: the same as ``matched`` (one-to-one matching)

    def __add__(self, other: DateScore) -> DateScore:
        return DateScore(self.matched + other.matched, self.extracted + other.extracted,
                         self.gold + other.gold, self.right + other.right)

    @property
    def right(self) -> int:
        """Returned dates that match a gold date."""
        return self.matched if self.precise < 0 else self.precise

    @property
    def precision(self) -> float:
        """Share of extracted dates that match a gold date."""
        return self.right / self.extracted if self.extracted else 1.0

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
    """The reference scorer's normal form: no accents, lowercase, words only."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    bare = bare.replace("’", "'").replace("‘", "'")
    return " ".join(re.findall(r"[^\W_]+", bare))


def quote_matches(returned: str, starts: str) -> bool:
    """Whether a returned quote holds the gold quote's first words."""
    return _normal(starts) in _normal(returned)


def names_speaker(returned: str | None, gold: str) -> bool:
    """Whether a returned speaker names the gold speaker, as the reference scorer reads
    it: a person's surname when the gold is a capitalised name of two words or more,
    else any of its words."""
    if not returned:
        return False
    wanted, have = _normal(gold).split(), set(_normal(returned).split())
    if not wanted:
        return False
    key = [w for w in wanted if w not in _STOP] or wanted
    if len(wanted) >= 2 and wanted[0][:1].isalpha() and gold[:1].isupper():
        return wanted[-1] in have
    return any(w in have for w in key)


def _scorable(entry: dict[str, Any]) -> bool:
    """Gold quotes whose speaker is a bare pronoun or unknown name no one to compare."""
    return entry.get("speaker_type", "named") not in UNSCORED_SPEAKERS


def score_quotes(found: Sequence[Quote], expected: Sequence[dict[str, Any]]) -> QuoteScore:
    """Score one article's quotes against its gold quotes, as the reference scorer does."""
    full = [q for q in found if q.kind == "full"]
    matched = right = found_full = 0
    for entry in expected:
        hits = [q for q in found if quote_matches(q.text, entry["starts"])]
        if not hits:
            continue
        found_full += entry.get("kind", "full") == "full"
        if _scorable(entry):
            matched += 1
            right += names_speaker(hits[0].speaker, entry["speaker"])
    matching = sum(any(quote_matches(q.text, e["starts"]) for e in expected) for q in full)
    return QuoteScore(gold_full=sum(e.get("kind", "full") == "full" for e in expected),
                      found_full=found_full, returned_full=len(full),
                      returned_full_matching=matching, matched=matched, speaker_right=right)


def score_rules(found: Sequence[Quote], expected: Sequence[dict[str, Any]]
                ) -> dict[str, Counter[str]]:
    """Per rule: how often a speaker rule named the speaker of a gold quote rightly
    ("speaker:RULE" right/wrong) and how often a finder rule's full quotes match the
    gold ("finder:RULE" right/wrong)."""
    rows: dict[str, Counter[str]] = {}
    for entry in expected:
        hits = [q for q in found if quote_matches(q.text, entry["starts"])]
        if hits and _scorable(entry):
            ok = names_speaker(hits[0].speaker, entry["speaker"])
            rows.setdefault(f"speaker:{hits[0].speaker_rule or 'none'}", Counter())[
                "right" if ok else "wrong"] += 1
    for quote in found:
        if quote.kind == "full":
            ok = any(quote_matches(quote.text, e["starts"]) for e in expected)
            rows.setdefault(f"finder:{quote.rule or 'marks'}", Counter())[
                "right" if ok else "wrong"] += 1
    return rows


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


def _date_matches(gold: str, returned: str) -> bool:
    """A returned date matches a gold one at the gold's precision (a day inside a gold
    month matches it)."""
    return returned[: len(gold)] == gold and (len(returned) == len(gold) or (
        len(gold) < 10 and len(returned) >= len(gold)))


def score_events(digest: Digest, entry: dict[str, Any]) -> DateScore:
    """Score one article's distinct event dates against its gold events, as the reference
    scorer does: optional gold dates are neither required nor wrong."""
    events = entry.get("events", [])
    required = sorted({e["date"] for e in events if not e.get("optional")})
    optional = sorted({e["date"] for e in events if e.get("optional")})
    returned = sorted({e.date.iso() for e in digest.events})
    spurious = [r for r in returned if not any(_date_matches(g, r) for g in required + optional)]
    counted = [r for r in returned if r in spurious or any(_date_matches(g, r)
                                                           for g in required)]
    found = sum(any(_date_matches(g, r) for r in counted) for g in required)
    return DateScore(matched=found, extracted=len(counted), gold=len(required),
                     precise=len(counted) - len(spurious))


def score_chronology(chronology: Sequence[ChronologyEntry],
                     expected: Sequence[dict[str, Any]]) -> DateScore:
    """Score the merged chronology against the gold's chronology across articles."""
    return score_dates([e.date.iso() for e in chronology], [e["date"] for e in expected])


# ── whole runs, as `briefing eval quotes|chronology` prints them ────────────

@dataclass(frozen=True)
class GoldSet:
    """A gold file and the articles it annotates."""

    name: str
    gold: dict[str, Any]
    articles: tuple[Path, ...]


def gold_sets(arguments: Sequence[Path]) -> list[GoldSet]:
    """The gold sets a command names: ``GOLD.json ARTICLE...``, or folders each holding a
    ``gold.json`` and its articles (beside it, or in ``docs/``), as in ../shared/dev."""
    if arguments and arguments[0].suffix == ".json":
        return [GoldSet(arguments[0].stem, load_gold(arguments[0]), tuple(arguments[1:]))]
    sets = []
    for folder in arguments:
        gold_file = folder / "gold.json"
        if not gold_file.is_file():
            raise InputError(str(folder), "is neither a gold file nor a folder with gold.json")
        docs = folder / "docs" if (folder / "docs").is_dir() else folder
        sets.append(GoldSet(folder.name, load_gold(gold_file),
                            tuple(sorted(p for p in docs.iterdir()
                                         if p.suffix in (".md", ".txt", ".html")))))
    return sets


def _digests(articles: Sequence[Path]) -> tuple[Digest, ...]:
    """Each article read and analysed on its own (near-duplicates in a gold set are
    scored apart, not merged as an edition would)."""
    from briefing import build, read, summarise

    digests: list[Digest] = []
    for path in articles:
        found, _skipped = build.extract([path], read.ReadOptions(), summarise.SummaryOptions())
        digests.extend(found)
    if not digests:
        raise BriefingError("no readable article among the files given")
    return tuple(digests)


def quote_report(arguments: Sequence[Path], by_rule: bool = False,
                 per_article: bool = False) -> list[str]:
    """Markdown tables: quote recall, precision and speaker accuracy per gold set (and
    per article); with ``by_rule``, each attribution and finder rule's accuracy."""
    lines = ["| gold | recall | precision | speaker accuracy | gold full | returned full |",
             "|---|---|---|---|---|---|"]
    rules: dict[str, Counter[str]] = {}
    for gold_set in gold_sets(arguments):
        total = QuoteScore()
        for digest in _digests(gold_set.articles):
            entry = gold_for(gold_set.gold, digest.article.source)
            if entry is None:
                continue
            score = score_quotes(digest.quotes, entry.get("quotes", []))
            total = total + score
            if per_article:
                lines.append(_quote_row(Path(digest.article.source).name, score))
            for rule, counts in score_rules(digest.quotes, entry.get("quotes", [])).items():
                rules.setdefault(rule, Counter()).update(counts)
        lines.append(_quote_row(f"**{gold_set.name}**" if per_article else gold_set.name, total))
    return lines + (_rule_table(rules) if by_rule else [])


def _rule_table(rules: dict[str, Counter[str]]) -> list[str]:
    lines = ["", "| rule | right | wrong | accuracy |", "|---|---|---|---|"]
    for rule in sorted(rules, key=lambda r: (r.split(":")[0], -sum(rules[r].values()))):
        right, wrong = rules[rule]["right"], rules[rule]["wrong"]
        lines.append(f"| {rule} | {right} | {wrong} | {right / max(1, right + wrong):.3f} |")
    return lines


def _quote_row(name: str, score: QuoteScore) -> str:
    return (f"| {name} | {score.recall:.3f} | {score.precision:.3f} | "
            f"{score.speaker_accuracy:.3f} | {score.gold_full} | {score.returned_full} |")


def chronology_report(arguments: Sequence[Path], per_article: bool = False) -> list[str]:
    """Markdown tables of event-date precision, recall and F1 per gold set (and per
    article), and for the merged chronology when the gold has one."""
    from briefing import chronology

    lines = ["| gold | precision | recall | F1 | matched | extracted | gold |",
             "|---|---|---|---|---|---|---|"]
    for gold_set in gold_sets(arguments):
        digests = _digests(gold_set.articles)
        total = DateScore()
        for digest in digests:
            entry = gold_for(gold_set.gold, digest.article.source)
            if entry is None:
                continue
            score = score_events(digest, entry)
            total = total + score
            if per_article:
                lines.append(_date_row(Path(digest.article.source).name, score))
        lines.append(_date_row(gold_set.name, total))
        if gold_set.gold.get("chronology_across_both"):
            entries = chronology.merge(digests, limit=1000)
            merged = score_chronology(entries, gold_set.gold["chronology_across_both"])
            repeated = len(entries) - len({e.date.iso() for e in entries})
            lines += [_date_row(f"{gold_set.name}, merged chronology", merged), "",
                      f"merged chronology: {repeated} date(s) listed more than once"]
    return lines


def _date_row(name: str, score: DateScore) -> str:
    return (f"| {name} | {score.precision:.3f} | {score.recall:.3f} | {score.f1:.3f} | "
            f"{score.matched} | {score.extracted} | {score.gold} |")
