"""Typed objects passed between the pipeline's stages, one kind per stage.

read ──▶ RawDocument ──clean──▶ Article ──summarise/quotes/chronology──▶ Digest
     ──assemble──▶ Edition ──render──▶ HTML, JSON, PDF
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any, Literal
from collections.abc import Mapping

BlockKind = Literal["paragraph", "bullet", "quotation", "heading"]
QuoteKind = Literal["full", "partial"]


@dataclass(frozen=True)
class RawDocument:
    """One input as read from disk: decoded text plus metadata the format stated."""

    source: str
    text: str
    format: str
    content_id: str
    metadata: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    """A unit of article structure: a paragraph, one bullet item, a quotation or a heading."""

    kind: BlockKind
    text: str

    @property
    def is_body(self) -> bool:
        """Whether the block is running prose the summariser may pick from."""
        return self.kind in ("paragraph", "bullet")


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article, an exact slice of its cleaned text."""

    text: str
    start: int  # offset of the sentence in Article.text
    end: int
    block: int  # index of its block in Article.blocks
    kind: BlockKind  # its block's kind

    @property
    def is_body(self) -> bool:
        """Whether the sentence is running prose (a paragraph or a bullet item)."""
        return self.kind in ("paragraph", "bullet")

    def span(self) -> dict[str, int]:
        """Where the sentence stands in the article's text, for the JSON."""
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True)
class Article:
    """A cleaned article: metadata and body blocks, with no site clutter left."""

    source: str
    id: str
    title: str | None
    author: str | None
    outlet: str | None
    url: str | None
    published: dt.date | None
    language: str
    blocks: tuple[Block, ...]
    warnings: tuple[str, ...] = ()

    @functools.cached_property
    def text(self) -> str:
        """The cleaned body, paragraphs separated by a blank line."""
        return "\n\n".join(block.text for block in self.blocks)

    @functools.cached_property
    def block_starts(self) -> tuple[int, ...]:
        """The offset of each block in ``text``."""
        starts: list[int] = []
        offset = 0
        for block in self.blocks:
            starts.append(offset)
            offset += len(block.text) + 2
        return tuple(starts)

    @functools.cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """Every sentence of the article, split once in its language, in reading order."""
        from briefing.language import sentence_spans

        found: list[Sentence] = []
        for index, (block, offset) in enumerate(zip(self.blocks, self.block_starts, strict=True)):
            for start, end in sentence_spans(block.text, self.language):
                found.append(Sentence(block.text[start:end], offset + start, offset + end,
                                      index, block.kind))
        return tuple(found)

    def sentence_like(self, text: str) -> Sentence:
        """The article's sentence a line of text stands for: the same words, else the one
        sharing most words with it; the line's own words are kept (a reviewer's edit)."""
        wanted = set(text.lower().split())
        best = max(self.sentences, default=None,
                   key=lambda s: (s.text == text, len(wanted & set(s.text.lower().split()))))
        if best is None:
            return Sentence(text, 0, 0, 0, "paragraph")
        return Sentence(text, best.start, best.end, best.block, best.kind)

    @functools.cached_property
    def sentences_by_block(self) -> tuple[tuple[Sentence, ...], ...]:
        """The sentences of each block, block by block."""
        grouped: list[list[Sentence]] = [[] for _ in self.blocks]
        for sentence in self.sentences:
            grouped[sentence.block].append(sentence)
        return tuple(tuple(group) for group in grouped)


@dataclass(frozen=True, order=True)
class EventDate:
    """A date as precise as the text allows: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: str) -> EventDate:
        """Read YYYY, YYYY-MM or YYYY-MM-DD."""
        parts = [int(part) for part in value.split("-")]
        if not 1 <= len(parts) <= 3:
            raise ValueError(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        date = cls(*parts)
        dt.date(date.year, date.month or 1, date.day or 1)  # raises on an impossible date
        return date

    def iso(self) -> str:
        """Return YYYY, YYYY-MM or YYYY-MM-DD."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def sort_key(self) -> tuple[int, int, int]:
        """Order dates oldest first, a month before the days inside it."""
        return (self.year, self.month or 0, self.day or 0)

    def covers(self, other: EventDate) -> bool:
        """Whether ``other`` falls inside this date at this date's precision."""
        if self.year != other.year:
            return False
        if self.month is None:
            return True
        if self.month != other.month:
            return False
        return self.day is None or self.day == other.day


@dataclass(frozen=True)
class Quote:
    """Words found between quotation marks (or set off as a statement), with who said them."""

    text: str
    speaker: str | None
    kind: QuoteKind
    start: int = 0  # where the quotation stands in Article.text (marks included)
    end: int = 0
    rule: str = ""  # how the quotation was found: marks, set-off, joined, incise
    speaker_rule: str = ""  # the attribution rule that named the speaker ("" for none)
    speaker_how: str = ""  # how the speaker phrase was read: name, pronoun, title, ...

    def as_dict(self) -> dict[str, Any]:
        """Return the contract's form of a quote."""
        return {"text": self.text, "speaker": self.speaker, "kind": self.kind,
                "start": self.start, "end": self.end, "rule": self.rule,
                "speaker_rule": self.speaker_rule, "speaker_how": self.speaker_how}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Quote:
        """Read a quote back from its contract form."""
        return cls(data["text"], data.get("speaker"), data.get("kind", "full"),
                   int(data.get("start", 0)), int(data.get("end", 0)), data.get("rule", ""),
                   data.get("speaker_rule", ""), data.get("speaker_how", ""))


@dataclass(frozen=True)
class Event:
    """A dated event read from one sentence of an article."""

    date: EventDate
    text: str
    place: str | None
    evidence: str
    start: int = 0  # where the evidence sentence stands in Article.text
    end: int = 0
    year_inferred: bool = False  # the year was guessed from the text, not stated or fixed

    def as_dict(self) -> dict[str, Any]:
        """Return the contract's form of an event."""
        return {"date": self.date.iso(), "text": self.text, "place": self.place,
                "evidence": self.evidence, "start": self.start, "end": self.end,
                "year_inferred": self.year_inferred}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Event:
        """Read an event back from its contract form."""
        return cls(EventDate.parse(data["date"]), data["text"], data.get("place"),
                   data.get("evidence", ""), int(data.get("start", 0)), int(data.get("end", 0)),
                   bool(data.get("year_inferred", False)))


@dataclass(frozen=True)
class Digest:
    """An article with what the analysis stages found in it."""

    article: Article
    summary: tuple[Sentence, ...]
    quotes: tuple[Quote, ...]
    events: tuple[Event, ...]
    warnings: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """The article's stable id."""
        return self.article.id

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Digest:
        """Read an article back from its article.schema.json form."""
        article = _article_from_dict(data)
        texts = list(data.get("summary", ()))
        spans: list[Any] = list(data.get("summary_spans") or [])
        spans += [None] * (len(texts) - len(spans))
        summary = tuple(_sentence_at(article, text, span)
                        for text, span in zip(texts, spans, strict=True))
        return cls(article=article, summary=summary,
                   quotes=tuple(Quote.from_dict(q) for q in data.get("quotes", ())),
                   events=tuple(Event.from_dict(e) for e in data.get("events", ())))

    def as_dict(self) -> dict[str, Any]:
        """Return the article in the form of article.schema.json."""
        article = self.article
        return {
            "source": article.source,
            "id": article.id,
            "title": article.title,
            "author": article.author,
            "outlet": article.outlet,
            "url": article.url,
            "published": article.published.isoformat() if article.published else None,
            "language": article.language,
            "text": article.text,
            "blocks": [{"kind": block.kind, "start": start, "end": start + len(block.text)}
                       for block, start in zip(article.blocks, article.block_starts,
                                                            strict=True)],
            "summary": [sentence.text for sentence in self.summary],
            "summary_spans": [sentence.span() for sentence in self.summary],
            "quotes": [quote.as_dict() for quote in self.quotes],
            "events": [event.as_dict() for event in self.events],
            "warnings": list(article.warnings + self.warnings),
        }


def _article_from_dict(data: Mapping[str, Any]) -> Article:
    """The article of an article.schema.json object, its blocks restored."""
    text = str(data.get("text", ""))
    layout = data.get("blocks")
    if layout:
        blocks = tuple(Block(b["kind"], text[b["start"]:b["end"]]) for b in layout)
    else:
        blocks = tuple(Block("paragraph", p) for p in text.split("\n\n") if p.strip())
    published = data.get("published")
    return Article(
        source=data["source"], id=data["id"], title=data.get("title"),
        author=data.get("author"), outlet=data.get("outlet"), url=data.get("url"),
        published=dt.date.fromisoformat(published) if published else None,
        language=data.get("language", "en"), blocks=blocks,
        warnings=tuple(data.get("warnings", ())))


def _sentence_at(article: Article, text: str, span: Mapping[str, int] | None) -> Sentence:
    """The article's sentence a summary line stands for: at its span, else by its words."""
    if span is not None:
        for sentence in article.sentences:
            if sentence.start == span["start"]:  # a line may join several sentences
                return Sentence(text, sentence.start, int(span.get("end", sentence.end)),
                                sentence.block, sentence.kind)
    return article.sentence_like(text)


@dataclass(frozen=True)
class Line:
    """A line of the edition taken from an article, and where it stands in that article."""

    text: str
    article: str  # the article's id
    start: int  # offsets of the source sentence in the article's text
    end: int

    def source(self) -> dict[str, Any]:
        """Where the line comes from, for the JSON."""
        return {"article": self.article, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class KeyQuote:
    """A quote chosen for the edition, citing every article that carries it."""

    text: str
    speaker: str | None
    kind: QuoteKind
    sources: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """Return the edition contract's form of a key quote."""
        return {"text": self.text, "speaker": self.speaker, "kind": self.kind,
                "sources": list(self.sources)}


@dataclass(frozen=True)
class ChronologyEntry:
    """One event of the edition's chronology, merged across the articles that report it."""

    date: EventDate
    text: str
    place: str | None
    sources: tuple[str, ...]
    background: bool = False  # an earlier event the articles recall, before the period
    year_inferred: bool = False  # the year was guessed from the text: shown as uncertain

    def as_dict(self) -> dict[str, Any]:
        """Return the edition contract's form of a chronology entry."""
        return {"date": self.date.iso(), "text": self.text, "place": self.place,
                "sources": list(self.sources), "background": self.background,
                "year_inferred": self.year_inferred}


@dataclass(frozen=True)
class Skipped:
    """An input the run could not use, and why."""

    source: str
    reason: str


@dataclass(frozen=True)
class Edition:
    """One dated briefing: everything the PDF shows, as data."""

    date: dt.date
    title: str
    language: str
    period: tuple[dt.date, dt.date] | None
    overview: tuple[Line, ...]
    digests: tuple[Digest, ...]
    key_quotes: tuple[KeyQuote, ...]
    chronology: tuple[ChronologyEntry, ...]
    skipped: tuple[Skipped, ...] = ()
    note: str = ""  # the reviewer's note, shown at the top of the final report
    stories: tuple[tuple[str, ...], ...] = ()  # article ids per story, its lead first

    def story_digests(self) -> tuple[tuple[Digest, ...], ...]:
        """The articles story by story (lead first), biggest story first; an article in
        no story (or whose story lost its other articles in review) stands alone."""
        present = {digest.id: digest for digest in self.digests}
        grouped: list[tuple[Digest, ...]] = []
        seen: set[str] = set()
        for story in self.stories:
            members = tuple(present[i] for i in story if i in present and i not in seen)
            if members:
                grouped.append(members)
                seen.update(d.id for d in members)
        grouped.extend((d,) for d in self.digests if d.id not in seen)
        return tuple(grouped)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Edition:
        """Read an edition back from its edition.schema.json form."""
        period = data.get("period")
        return cls(
            date=dt.date.fromisoformat(data["date"]), title=data["title"],
            language=data.get("language", "en"),
            period=(dt.date.fromisoformat(period["start"]), dt.date.fromisoformat(period["end"]))
            if period else None,
            overview=_overview_from_dict(data),
            digests=tuple(Digest.from_dict(a) for a in data["articles"]),
            key_quotes=tuple(KeyQuote(q["text"], q.get("speaker"), q.get("kind", "full"),
                                      tuple(q["sources"])) for q in data["key_quotes"]),
            chronology=tuple(ChronologyEntry(EventDate.parse(e["date"]), e["text"],
                                             e.get("place"), tuple(e["sources"]),
                                             bool(e.get("background", False)),
                                             bool(e.get("year_inferred", False)))
                             for e in data["chronology"]),
            skipped=tuple(Skipped(s["source"], s["reason"]) for s in data.get("skipped", ())),
            note=data.get("note", ""),
            stories=tuple(tuple(story) for story in data.get("stories", ())))

    def digest(self, article_id: str) -> Digest:
        """Return the digest of the article with this id."""
        for digest in self.digests:
            if digest.id == article_id:
                return digest
        raise KeyError(article_id)

    def as_dict(self) -> dict[str, Any]:
        """Return the edition in the form of edition.schema.json."""
        data: dict[str, Any] = {
            "date": self.date.isoformat(),
            "title": self.title,
            "language": self.language,
            "overview": [line.text for line in self.overview],
            "overview_sources": [line.source() for line in self.overview],
            "articles": [digest.as_dict() for digest in self.digests],
            "key_quotes": [quote.as_dict() for quote in self.key_quotes],
            "chronology": [entry.as_dict() for entry in self.chronology],
            "skipped": [{"source": s.source, "reason": s.reason} for s in self.skipped],
            "stories": [list(story) for story in self.stories],
        }
        if self.note:
            data["note"] = self.note
        if self.period:
            data["period"] = {"start": self.period[0].isoformat(),
                              "end": self.period[1].isoformat()}
        return data


def _overview_from_dict(data: Mapping[str, Any]) -> tuple[Line, ...]:
    texts = list(data.get("overview", ()))
    sources = list(data.get("overview_sources") or [])
    sources += [{"article": "", "start": 0, "end": 0}] * (len(texts) - len(sources))
    return tuple(Line(text, s["article"], s["start"], s["end"])
                 for text, s in zip(texts, sources, strict=True))
