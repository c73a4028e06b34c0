"""Assemble the edition: overview, key quotes and chronology across all articles."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from briefing import chronology, language, lexicon, options, scoring, summarise
from briefing.models import Digest, Edition, KeyQuote, Line, Quote, Skipped
from briefing.names import fold


@dataclass(frozen=True)
class EditionOptions:
    """What the edition keeps: its title, language and how many quotes, events, overview lines."""

    date: dt.date
    title: str | None = None
    language: str | None = None
    key_quotes: int = options.default("edition.quotes")
    chronology: int = options.default("edition.events")
    overview: int = options.default("edition.overview")


SIMILAR = 0.6
TRANSLATED = 0.5


def assemble(digests: tuple[Digest, ...], skipped: tuple[Skipped, ...],
             options: EditionOptions) -> Edition:
    """Build the edition from the analysed articles."""
    lang = options.language or majority_language(digests)
    published = sorted(d.article.published for d in digests if d.article.published)
    return Edition(
        date=options.date,
        title=options.title or default_title(lang),
        language=lang,
        period=(published[0], published[-1]) if published else None,
        overview=overview(digests, options.overview),
        digests=digests,
        key_quotes=key_quotes(digests, options.key_quotes),
        chronology=chronology.merge(digests, options.chronology),
        skipped=skipped,
    )


def default_title(lang: str) -> str:
    """The edition title used when none is given, in the report's language."""
    code = lang if lang in lexicon.languages() else "en"
    return str(lexicon.load(code, "messages")["default_title"])


def majority_language(digests: tuple[Digest, ...]) -> str:
    """The language most articles are written in (a tie goes to the first article's)."""
    ordered = [language.supported(d.article.language) for d in digests]
    if not ordered:
        return language.DEFAULT_LANGUAGE
    counts = Counter(ordered)
    best = max(counts.values())
    return next(lang for lang in ordered if counts[lang] == best)


def overview(digests: tuple[Digest, ...], limit: int) -> tuple[Line, ...]:
    """A few sentences across all articles: the summaries' most central, without repeats.

    Summary sentences of the whole edition are ranked by centrality (mean
    similarity to the others: what many articles say), near-repeats dropped,
    and the chosen ones kept in edition order.
    """
    pool = [(d.id, s.text) for d in digests for s in d.summary]
    spans = [(s.start, s.end) for d in digests for s in d.summary]
    if not pool:
        return ()
    lang = majority_language(digests)
    count = min(limit, len(digests) + 1, len(pool))
    weights = scoring.centrality([s for _, s in pool], lang)
    ranked = sorted(range(len(pool)), key=lambda i: (-weights[i], i))
    chosen: list[int] = []
    for per_article_first in (True, False):  # one sentence per article before any second
        for index in ranked:
            if len(chosen) >= count:
                break
            taken = {pool[j][0] for j in chosen}
            if index in chosen or (per_article_first and pool[index][0] in taken):
                continue
            if not any(scoring.similarity(pool[index][1], pool[j][1], lang)
                       >= summarise.REDUNDANT for j in chosen):
                chosen.append(index)
    return tuple(Line(pool[i][1], pool[i][0], *spans[i]) for i in sorted(chosen))


def key_quotes(digests: tuple[Digest, ...], limit: int) -> tuple[KeyQuote, ...]:
    """The edition's key quotes: attributed, merged across articles, ranked, ``limit`` kept.

    The same statement reported twice (or translated twice) is one quote citing
    every article. Ranking: complete statements first, then quotes cited by more
    articles, then speakers quoted most in the edition, then length up to 60 words.
    A fragment already inside a chosen statement adds nothing and is left out.
    """
    lang = majority_language(digests)
    merged: list[tuple[Quote, list[str]]] = []
    for digest in digests:
        for quote in digest.quotes:
            if quote.speaker is None:
                continue
            twin = next((m for m in merged if same_statement(m[0], quote, lang)), None)
            if twin is None:
                merged.append((quote, [digest.id]))
            elif digest.id not in twin[1]:
                twin[1].append(digest.id)
    prominence = Counter(fold(q.speaker or "").split()[-1] for q, _ in merged)
    ranked = sorted(merged, key=lambda item: (
        item[0].kind != "full", -len(item[1]), -prominence[fold(item[0].speaker or "").split()[-1]],
        -min(len(item[0].text.split()), 60)))
    chosen: list[tuple[Quote, list[str]]] = []
    for quote, sources in ranked:
        if any(fold(quote.text) in fold(kept.text) for kept, _ in chosen):
            continue
        chosen.append((quote, sources))
        if len(chosen) >= limit:
            break
    return tuple(KeyQuote(text=q.text, speaker=q.speaker, kind=q.kind, sources=tuple(s))
                 for q, s in chosen)


def same_statement(a: Quote, b: Quote, lang: str) -> bool:
    """Two reports of one statement: near-identical words, or, from the same speaker,
    the same stemmed content words (two translations)."""
    if similarity(a.text, b.text) >= SIMILAR:
        return True
    same_speaker = fold(a.speaker or "").split()[-1:] == fold(b.speaker or "").split()[-1:]
    return same_speaker and scoring.similarity(a.text, b.text, lang) >= TRANSLATED


def similarity(a: str, b: str) -> float:
    """Word-set overlap of two texts (Jaccard), ignoring case and accents."""
    words_a = set(re.findall(r"\w+", fold(a)))
    words_b = set(re.findall(r"\w+", fold(b)))
    if not words_a or not words_b:
        return 0.0
    return len(words_a & words_b) / len(words_a | words_b)
