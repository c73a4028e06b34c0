"""Assemble the edition: overview, key quotes and chronology across all articles."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from briefing import chronology, language, lexicon, options, scoring, stories, summarise
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
MIN_KEY_WORDS = 6  # a key quote stands alone: no fragment under this
PER_SPEAKER = 2
PER_ARTICLE = 2


def assemble(digests: tuple[Digest, ...], skipped: tuple[Skipped, ...],
             options: EditionOptions) -> Edition:
    """Build the edition from the analysed articles."""
    lang = options.language or majority_language(digests)
    period = covered_period(digests, options.date)
    grouped = stories.group(digests)
    order = {article_id: n for n, article_id in enumerate(i for story in grouped for i in story)}
    digests = tuple(sorted(digests, key=lambda d: order[d.id]))
    return Edition(
        date=options.date,
        title=options.title or default_title(lang),
        language=lang,
        period=period,
        overview=overview(_groups(digests, grouped), options.overview),
        digests=digests,
        key_quotes=key_quotes(digests, options.key_quotes),
        chronology=chronology.merge(digests, options.chronology, period),
        skipped=skipped,
        stories=grouped,
    )


PERIOD_DAYS = 31


def covered_period(digests: tuple[Digest, ...], date: dt.date) -> tuple[dt.date, dt.date] | None:
    """The period the edition covers: from its dated articles published on or before the
    edition date (one dated later is an error of its page), those within ``PERIOD_DAYS``
    of the latest; None when no article is dated."""
    dated = sorted(d.article.published for d in digests if d.article.published)
    if not dated:
        return None
    before = [day for day in dated if day <= date] or dated
    last = before[-1]
    return next(day for day in before if (last - day).days <= PERIOD_DAYS), last


def _groups(digests: tuple[Digest, ...],
            grouped: tuple[tuple[str, ...], ...]) -> tuple[tuple[Digest, ...], ...]:
    by_id = {d.id: d for d in digests}
    return tuple(tuple(by_id[i] for i in story) for story in grouped)


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


def overview(groups: tuple[tuple[Digest, ...], ...], limit: int) -> tuple[Line, ...]:
    """One line per main story, the biggest stories first: the lead article's headline
    when it states the news, else its best sentence that the summary does not already
    show. Never a line that leans on a sentence not shown ("Il a également indiqué")."""
    lines: list[Line] = []
    for group in groups[:limit]:
        line = _headline(group[0]) or _news_line(group[0])
        if line and not any(summarise.similar(line.text, other.text) for other in lines):
            lines.append(line)
    return tuple(lines)


def _headline(digest: Digest) -> Line | None:
    """The article's title as a line of news: a statement, not a question or a teaser."""
    title = lexicon_title(digest.article.title or "")
    if len(title.split()) < 4 or title.endswith(("?", "!", "…", "...")) or \
            language.leans_back(title, digest.article.language):
        return None
    return Line(title, digest.id, 0, 0)


def lexicon_title(title: str) -> str:
    """A title without the labels pages put before it ("VIDÉO.", "EN DIRECT -")."""
    labels = lexicon.alternation(lexicon.entries("cleaning", "header.title_labels"),
                                 escape=False)
    return re.sub(r"^(?:(?:" + labels + r")\s*[.:\-–—|]\s*)+", "", title.strip(),
                  flags=re.IGNORECASE) if labels else title.strip()


def _news_line(digest: Digest) -> Line | None:
    """The best candidate sentence the summary does not show, standing on its own."""
    lang = language.supported(digest.article.language)
    shown = {s.start for s in digest.summary}
    prose, _ = summarise.candidate_sentences(digest.article)
    pool = [s for s in prose if s.start not in shown and not language.leans_back(s.text, lang)]
    if not pool:
        return None
    chosen = summarise.select([s.text for s in pool], digest.article.title, lang,
                              summarise.Budget(sentences=1), summarise.DEFAULT_METHOD)
    best = pool[chosen[0]] if chosen else pool[0]
    return Line(best.text, digest.id, best.start, best.end)


def key_quotes(digests: tuple[Digest, ...], limit: int) -> tuple[KeyQuote, ...]:
    """The edition's key quotes: attributed statements, each once, the main actors first.

    Candidates are attributed quotes of at least six words. The same statement in two
    articles (or two languages) is one quote citing both. Ranking: complete statements,
    then quotes more articles carry, then speakers more articles name (the edition's
    main actors), then length up to 60 words; at most two per speaker and two per
    article, and a fragment inside a chosen statement adds nothing.
    """
    merged = _merged_statements(digests)
    actors = _actors(digests)
    ranked = sorted(merged, key=lambda item: (
        item[0].kind != "full", -len(item[1]), -actors[_speaker_key(item[0].speaker)],
        -min(len(item[0].text.split()), 60)))
    chosen: list[tuple[Quote, list[str]]] = []
    per_speaker: Counter[str] = Counter()
    per_article: Counter[str] = Counter()
    for quote, sources in ranked:
        key = _speaker_key(quote.speaker)
        if per_speaker[key] >= PER_SPEAKER or all(per_article[s] >= PER_ARTICLE
                                                  for s in sources):
            continue
        if any(fold(quote.text) in fold(kept.text) for kept, _ in chosen):
            continue
        chosen.append((quote, sources))
        per_speaker[key] += 1
        per_article.update(sources)
        if len(chosen) >= limit:
            break
    return tuple(KeyQuote(text=q.text, speaker=q.speaker, kind=q.kind, sources=tuple(s))
                 for q, s in chosen)


def _merged_statements(digests: tuple[Digest, ...]) -> list[tuple[Quote, list[str]]]:
    """Attributed quotes long enough to stand alone, each statement once with every
    article that carries it. Each quote is compared only with the statements sharing a
    word beginning with it (an index), each text read once: linear in practice."""
    merged: list[tuple[Quote, list[str]]] = []
    statements: list[_Statement] = []
    index: dict[str, list[int]] = {}
    for digest in digests:
        lang = digest.article.language
        for quote in digest.quotes:
            if quote.speaker is None or len(quote.text.split()) < MIN_KEY_WORDS:
                continue
            statement = _Statement.of(quote, lang)
            candidates = sorted({n for key in statement.stems for n in index.get(key, ())})
            twin = next((n for n in candidates if statements[n].same(statement)), None)
            if twin is None:
                for key in statement.stems:
                    index.setdefault(key, []).append(len(merged))
                merged.append((quote, [digest.id]))
                statements.append(statement)
            elif digest.id not in merged[twin][1]:
                merged[twin][1].append(digest.id)
    return merged


@dataclass(frozen=True)
class _Statement:
    """What comparing a quote needs, computed once: its words, word beginnings, stemmed
    content words and speaker."""

    words: frozenset[str]
    stems: frozenset[str]
    terms: dict[str, float]
    speaker: str
    lang: str

    @classmethod
    def of(cls, quote: Quote, lang: str) -> _Statement:
        words = frozenset(re.findall(r"\w+", fold(quote.text)))
        return cls(words=words,
                   stems=frozenset(w[:5] for w in words if len(w) > 3 or w.isdigit()),
                   terms={t: float(n) for t, n in scoring.content_terms(quote.text, lang).items()},
                   speaker=_speaker_key(quote.speaker), lang=lang)

    def same(self, other: _Statement) -> bool:
        """Two reports of one statement (see ``same_statement``)."""
        if _jaccard(self.words, other.words) >= SIMILAR:
            return True
        if self.speaker != other.speaker:
            return False
        if self.lang == other.lang and scoring.cosine(self.terms, other.terms) >= TRANSLATED:
            return True
        shared = len(self.stems & other.stems)
        return bool(self.stems and other.stems) and shared / min(
            len(self.stems), len(other.stems)) >= TRANSLATED


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _speaker_key(speaker: str | None) -> str:
    words = fold(speaker or "").split()
    return words[-1] if words else ""


def _actors(digests: tuple[Digest, ...]) -> Counter[str]:
    """How many articles name each speaker (by surname): the edition's main actors."""
    counts: Counter[str] = Counter()
    keys = {_speaker_key(q.speaker) for d in digests for q in d.quotes if q.speaker}
    for digest in digests:
        words = set(re.findall(r"\w+", fold(digest.article.text)))
        counts.update(key for key in keys if key in words)
    return counts


def same_statement(a: Quote, b: Quote, lang: str) -> bool:
    """Two reports of one statement: near-identical words; or, from the same speaker,
    the same stemmed content words, or (a translation) the same names, numbers and
    word stems across languages."""
    return _Statement.of(a, lang).same(_Statement.of(b, lang))


def similarity(a: str, b: str) -> float:
    """Word-set overlap of two texts (Jaccard), ignoring case and accents."""
    words_a = set(re.findall(r"\w+", fold(a)))
    words_b = set(re.findall(r"\w+", fold(b)))
    if not words_a or not words_b:
        return 0.0
    return len(words_a & words_b) / len(words_a | words_b)
