"""The reviewer's file: what to keep, drop, fix or reorder before an edition goes out.

``draft`` writes ``briefing-DATE.review.toml`` beside the machine edition
(``briefing-DATE.draft.json``). A person edits it in any editor, or in the page
``briefing review`` serves: per article ``include``, its ``summary`` lines (edit,
drop, reorder) and its ``title``, ``outlet``, ``author`` and ``published`` date; per
key quote ``keep`` and ``speaker`` (an article's other quotes may be promoted: a
``[[quote]]`` naming its ``article``); per chronology entry ``keep``, ``date``,
``text``, ``place``; per overview line ``keep`` and ``text``; a free ``note``. Items
are matched by stable ids, so a re-draft after the inputs changed keeps every edit and
flags what is new or gone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from collections.abc import Iterable

import tomlkit
import tomlkit.exceptions

from briefing.errors import ConfigError
from briefing.models import Article, ChronologyEntry, Edition, EventDate, KeyQuote, Line, Quote
from briefing.names import fold
from briefing.settings import read_toml

NEW = "new"
GONE = "gone"
YEAR_INFERRED = "year inferred from the article, not stated: confirm or fix `date`"

HEADER = """\
# Review of the briefing edition of {date}.
# Edit this file, save it, then run:  briefing build --final --date {date}
#
#   [[article]]  include = false leaves the article out; edit, drop or reorder
#                the lines of `summary`; `title`, `outlet`, `author` and
#                `published` (YYYY-MM-DD, or "" when unknown) may be corrected.
#   [[quote]]    keep = false drops the quote; fix `speaker` if it is wrong. A
#                quote with `article = "<article id>"` is one of that article's
#                quotes promoted to the key quotes.
#   [[event]]    keep = false drops the entry; `date` (YYYY, YYYY-MM or
#                YYYY-MM-DD), `text` and `place` may be corrected.
#   [[overview]] keep = false drops the line; `text` may be reworded; the
#                lines print in the order of this file.
#   note         a free note shown at the top of the report.
#
# `flag = "new"` marks what a re-draft added, `flag = "gone"` what is no longer
# in the inputs (it stays here so that no edit is lost, and is not printed).
# `check` says what to verify: an event whose year the article does not state
# is printed with a "?" until you confirm its date (edit it, or delete `check`).
# Do not change the `id` lines: they tie your edits to the articles.

"""


@dataclass(frozen=True)
class ArticleReview:
    """The reviewer's decision on one article."""

    id: str
    title: str
    source: str
    include: bool
    summary: tuple[str, ...]
    flag: str = ""
    # Metadata as the reviewer has it; None (a file written before these were editable)
    # means "as the machine read it".
    outlet: str | None = None
    author: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class QuoteReview:
    """The reviewer's decision on one key quote."""

    id: str
    text: str
    speaker: str | None
    keep: bool
    flag: str = ""
    article: str = ""  # set on a quote the reviewer promoted from this article's quotes


@dataclass(frozen=True)
class EventReview:
    """The reviewer's decision on one chronology entry."""

    id: str
    date: str
    text: str
    place: str | None
    keep: bool
    flag: str = ""
    check: str = ""  # what the reviewer should check, e.g. a year guessed from the text


@dataclass(frozen=True)
class OverviewReview:
    """The reviewer's decision on one overview line."""

    id: str
    text: str
    keep: bool
    flag: str = ""


@dataclass(frozen=True)
class Review:
    """A whole review file."""

    edition: str
    note: str
    articles: tuple[ArticleReview, ...]
    quotes: tuple[QuoteReview, ...]
    events: tuple[EventReview, ...]
    overview: tuple[OverviewReview, ...] = ()


def overview_id(line: Line) -> str:
    """An overview line's stable id, from its words (a fix elsewhere in its article,
    which changes the article's id, leaves it alone)."""
    return "o-" + hashlib.sha1(fold(line.text).encode()).hexdigest()[:10]


def quote_id(quote: KeyQuote) -> str:
    """A key quote's stable id, from its words."""
    return text_id(quote.text)


def text_id(text: str) -> str:
    """The stable id of a quote's words (a key quote, or one promoted to be one)."""
    return "q-" + hashlib.sha1(fold(text).encode()).hexdigest()[:10]


def event_id(entry: ChronologyEntry) -> str:
    """A chronology entry's stable id, from its machine date, place and words (two
    events of one day and place are two rows)."""
    key = f"{entry.date.iso()}|{fold(entry.place or '')}|{fold(entry.text)}"
    return "e-" + hashlib.sha1(key.encode()).hexdigest()[:10]


def from_edition(edition: Edition) -> Review:
    """The review that changes nothing: the machine's edition as it is."""
    return Review(
        edition=edition.date.isoformat(), note="",
        articles=tuple(ArticleReview(d.id, d.article.title or "", d.article.source, True,
                                     tuple(s.text for s in d.summary),
                                     outlet=d.article.outlet or "", author=d.article.author or "",
                                     published=d.article.published.isoformat()
                                     if d.article.published else "")
                       for d in edition.digests),
        quotes=_once(QuoteReview(quote_id(q), q.text, q.speaker, True)
                     for q in edition.key_quotes),
        events=_once(EventReview(event_id(e), e.date.iso(), e.text, e.place, True,
                                 check=YEAR_INFERRED if e.year_inferred else "")
                     for e in edition.chronology),
        overview=_once(OverviewReview(overview_id(line), line.text, True)
                       for line in edition.overview))


def _once(items: Iterable[Any]) -> tuple[Any, ...]:
    """One decision per id: rows the machine printed twice word for word share it."""
    first: dict[str, Any] = {}
    for item in items:
        first.setdefault(item.id, item)
    return tuple(first.values())


def redraft(previous: Review | None, previous_machine: Edition | None,
            machine: Edition) -> Review:
    """The review for a new draft: every edit of ``previous`` kept, the rest from the
    new machine edition; new items flagged, vanished ones kept and flagged gone."""
    fresh = from_edition(machine)
    if previous is None:
        return fresh
    untouched = from_edition(previous_machine) if previous_machine else None
    renamed = _same_files(previous.articles, fresh.articles)
    return Review(
        edition=fresh.edition, note=previous.note,
        articles=_merge_items(
            [replace(a, id=renamed.get(a.id, a.id)) for a in previous.articles],
            fresh.articles,
            [replace(a, id=renamed.get(a.id, a.id)) for a in untouched.articles]
            if untouched else ()),
        quotes=_merge_items([q for q in previous.quotes if not q.article], fresh.quotes,
                            untouched.quotes if untouched else ())
        + _promoted(previous.quotes, fresh, renamed),
        events=_merge_items(previous.events, fresh.events, untouched.events if untouched else ()),
        overview=_merge_items(previous.overview, fresh.overview,
                              untouched.overview if untouched else ()))


def _promoted(previous: Iterable[QuoteReview], fresh: Review, renamed: dict[str, str]
              ) -> tuple[QuoteReview, ...]:
    """The quotes the reviewer promoted, following their article (gone with it), unless
    the machine now picks the same quote itself."""
    machine = {q.id for q in fresh.quotes}
    articles = {a.id for a in fresh.articles}
    moved = [replace(q, article=renamed.get(q.article, q.article))
             for q in previous if q.article and q.id not in machine]
    return tuple(q if q.article in articles or q.flag == GONE else replace(q, flag=GONE)
                 for q in moved)


def _same_files(previous: Iterable[ArticleReview], fresh: Iterable[ArticleReview]
                ) -> dict[str, str]:
    """Old id → new id of the articles whose input changed (a word fixed gives a new
    content id): the same file, else the same outlet and title (the file renamed too),
    the old id gone and the new one new; so the reviewer's edits follow the article
    instead of moving to a "gone" entry."""
    old = list(previous)
    new = list(fresh)
    old_ids, new_ids = {a.id for a in old}, {a.id for a in new}
    renamed: dict[str, str] = {}
    for key in (_by_source, _by_title):  # the same file; else the same outlet and title
        gone: dict[Any, list[str]] = {}
        for article in old:
            if article.id not in new_ids and article.flag != GONE and article.id not in renamed:
                gone.setdefault(key(article), []).append(article.id)
        added: dict[Any, list[str]] = {}
        for article in new:
            if article.id not in old_ids and article.id not in renamed.values():
                added.setdefault(key(article), []).append(article.id)
        renamed.update({gone[k][0]: ids[0] for k, ids in added.items()
                        if k is not None and len(ids) == 1 and len(gone.get(k, [])) == 1})
    return renamed


def _by_source(article: ArticleReview) -> Any:
    return article.source or None


def _by_title(article: ArticleReview) -> Any:
    """An article moved to another file keeps its outlet and title."""
    return (fold(article.outlet or ""), fold(article.title)) if article.title else None


def _merge_items(previous: Iterable[Any], fresh: Iterable[Any], untouched: Iterable[Any]
                 ) -> tuple[Any, ...]:
    old = {item.id: item for item in previous}
    machine = {item.id: item for item in untouched}
    merged: list[Any] = []
    for item in fresh:
        kept = old.get(item.id)
        if kept is None:
            merged.append(replace(item, flag=NEW))
        elif _edited(kept, machine.get(item.id)):
            merged.append(replace(kept, flag=""))  # the reviewer's version wins
        else:
            merged.append(item)  # never edited: follow the machine
    fresh_ids = {item.id for item in merged}
    merged.extend(replace(item, flag=GONE) for item in old.values() if item.id not in fresh_ids)
    return tuple(merged)


_EDITABLE = {ArticleReview: ("include", "summary", "title", "outlet", "author", "published"),
             QuoteReview: ("keep", "speaker"),
             EventReview: ("keep", "date", "text", "place", "check"),
             OverviewReview: ("keep", "text")}


def _edited(item: Any, machine: Any) -> bool:
    """Whether the reviewer changed what can be changed (titles and sources are only shown)."""
    if machine is None:
        return True
    return any(getattr(item, key) is not None and getattr(item, key) != getattr(machine, key)
               for key in _EDITABLE[type(item)])


def edited_ids(review: Review, machine: Edition) -> frozenset[str]:
    """Ids of the items the reviewer changed (or dropped) from the machine's version."""
    base = from_edition(machine)
    pairs: list[tuple[tuple[Any, ...], tuple[Any, ...]]] = [
        (review.articles, base.articles), (review.quotes, base.quotes),
        (review.events, base.events), (review.overview, base.overview)]
    changed: set[str] = set()
    for items, originals in pairs:
        by_id = {item.id: item for item in originals}
        changed.update(item.id for item in items
                       if item.flag != GONE and _edited(item, by_id.get(item.id)))
    return frozenset(changed)


def is_edited(review: Review, machine: Edition) -> bool:
    """Whether the review changes anything."""
    return bool(review.note.strip()) or bool(edited_ids(review, machine))


def apply(edition: Edition, review: Review) -> Edition:
    """The edition as the reviewer wants it printed."""
    if review.edition != edition.date.isoformat():
        raise ConfigError(f"the review is for the edition of {review.edition}, "
                          f"not {edition.date.isoformat()}")
    _check_ids(review, edition)
    articles = {a.id: a for a in review.articles if a.flag != GONE}
    order = [a.id for a in review.articles if a.flag != GONE and a.include]
    digests = tuple(replace(d, article=_metadata(d.article, articles[d.id]),
                            summary=tuple(d.article.sentence_like(text)
                                          for text in articles[d.id].summary))
                    for d in sorted((d for d in edition.digests if d.id in order),
                                    key=lambda d: order.index(d.id)))
    kept = {d.id for d in digests}
    quotes = {q.id: q for q in review.quotes}
    key_quotes = tuple(
        replace(q, speaker=quotes[quote_id(q)].speaker,
                sources=tuple(s for s in q.sources if s in kept))
        for q in edition.key_quotes
        if quotes.get(quote_id(q), QuoteReview("", "", None, True)).keep
        and any(s in kept for s in q.sources)) + tuple(
        KeyQuote(found.text, item.speaker, found.kind, (item.article,))
        for item in review.quotes
        if item.article in kept and item.keep and item.flag != GONE
        and (found := promotable(edition, item)) is not None)
    events = {e.id: e for e in review.events}
    chronology = []
    for entry in edition.chronology:
        decision = events.get(event_id(entry))
        sources = tuple(s for s in entry.sources if s in kept)
        if (decision and not decision.keep) or not sources:
            continue
        if decision:
            confirmed = decision.date != entry.date.iso() or not decision.check
            entry = ChronologyEntry(_date(decision), decision.text, decision.place or None,
                                    sources, entry.background,
                                    entry.year_inferred and not confirmed)
        chronology.append(replace(entry, sources=sources))
    chronology.sort(key=lambda e: (e.date.sort_key(), e.place or ""))
    return replace(edition, digests=digests, key_quotes=key_quotes, chronology=tuple(chronology),
                   overview=_overview(edition, review, kept),
                   note=review.note.strip())


def _metadata(article: Article, decision: ArticleReview) -> Article:
    """The article with the title, outlet, author and date the reviewer gave."""
    changes: dict[str, Any] = {key: (getattr(decision, key) or "").strip() or None
                               for key in ("title", "outlet", "author")
                               if getattr(decision, key) is not None}
    if decision.published is not None:
        try:
            changes["published"] = (dt.date.fromisoformat(decision.published.strip())
                                    if decision.published.strip() else None)
        except ValueError as exc:
            raise ConfigError(f"article {decision.id}: published {decision.published!r} is "
                              "not a date (YYYY-MM-DD), nor empty") from exc
    return replace(article, **changes)


def promotable(edition: Edition, item: QuoteReview) -> Quote | None:
    """The quote of the draft a promoted quote stands for: in its article, same words."""
    digest = next((d for d in edition.digests if d.id == item.article), None)
    return None if digest is None else next(
        (q for q in digest.quotes if fold(q.text) == fold(item.text)), None)


def _overview(edition: Edition, review: Review, kept: set[str]) -> tuple[Line, ...]:
    """The overview as the reviewer left it: lines kept, reworded and in their order;
    a line whose article is left out goes with it."""
    machine = {overview_id(line): line for line in edition.overview}
    decisions = [item for item in review.overview if item.flag != GONE] or [
        OverviewReview(key, line.text, True) for key, line in machine.items()]
    return tuple(replace(machine[item.id], text=item.text) for item in decisions
                 if item.keep and item.id in machine and machine[item.id].article in kept)


def _check_ids(review: Review, edition: Edition) -> None:
    """Every id the review holds (but those flagged gone) must be one of the draft's:
    an edited id would silently drop or ignore the reviewer's decision."""
    known = from_edition(edition)
    problems: list[str] = []
    for kind, items, originals in (("article", review.articles, known.articles),
                                   ("quote", review.quotes, known.quotes),
                                   ("event", review.events, known.events),
                                   ("overview", review.overview, known.overview)):
        ids = {item.id for item in originals}
        problems.extend(f"{kind} id {item.id!r} is not in the draft (was its id line edited? "
                        f"restore it, or mark the entry flag = \"gone\")"
                        for item in items if item.flag != GONE and item.id not in ids
                        and not getattr(item, "article", ""))
    problems.extend(f"promoted quote {item.id!r}: article {item.article!r} has no such quote "
                    "in the draft" for item in review.quotes
                    if item.article and item.flag != GONE and promotable(edition, item) is None)
    if problems:
        raise ConfigError("review file: " + "; ".join(problems))


def _date(decision: EventReview) -> EventDate:
    try:
        return EventDate.parse(decision.date)
    except ValueError as exc:
        raise ConfigError(f"event {decision.id}: date {decision.date!r} is not YYYY, "
                          "YYYY-MM or YYYY-MM-DD") from exc


# ── the file ────────────────────────────────────────────────────────────────

def to_toml(review: Review, previous: str | None = None) -> str:
    """The review as TOML. ``previous`` is the file as the reviewer left it: its
    comments and layout are kept, only changed values are rewritten."""
    try:
        document = tomlkit.parse(previous) if previous else None
    except tomlkit.exceptions.ParseError:
        document = None
    if document is None:
        document = tomlkit.parse(HEADER.format(date=review.edition))
    _set(document, "edition", review.edition)
    _set(document, "note", review.note)
    for kind, items in (("overview", review.overview), ("article", review.articles),
                        ("quote", review.quotes), ("event", review.events)):
        existing = {table.get("id"): table for table in document.get(kind, [])
                    if isinstance(table, dict)}
        tables = tomlkit.aot()
        for item in items:
            table = existing.get(item.id) or tomlkit.table()
            values = _as_toml(kind, item)
            for key in [k for k in table if k not in values]:
                del table[key]
            for key, value in values.items():
                _set(table, key, value)
            tables.append(table)
        if kind in document:
            del document[kind]
        document.append(kind, tables)
    return tomlkit.dumps(document)


def _set(container: Any, key: str, value: Any) -> None:
    """Set a value unless it is already there (so its layout and comments stay)."""
    if key in container and container[key] == value:
        return
    if isinstance(value, list):
        lines = tomlkit.array()
        lines.extend(value)
        value = lines.multiline(True)
    container[key] = value


def _as_toml(kind: str, item: Any) -> dict[str, Any]:
    if kind == "article":
        metadata = {key: getattr(item, key) for key in ("outlet", "author", "published")
                    if getattr(item, key) is not None}
        return _clean({"id": item.id, "title": item.title, **metadata, "source": item.source,
                       "include": item.include, "summary": list(item.summary),
                       "flag": item.flag})
    if kind == "quote":
        return _clean({"id": item.id, "text": item.text, "speaker": item.speaker or "",
                       "keep": item.keep, "flag": item.flag, "article": item.article})
    if kind == "overview":
        return _clean({"id": item.id, "text": item.text, "keep": item.keep, "flag": item.flag})
    return _clean({"id": item.id, "date": item.date, "text": item.text,
                   "place": item.place or "", "keep": item.keep, "flag": item.flag,
                   "check": item.check})


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if not (k in ("flag", "check", "article") and not v)}


MAX_NOTE = 5_000  # characters: a note is a few lines at the top of the report
MAX_TEXT = 2_000  # characters of one summary line, quote, event text or speaker


def load(path: Path) -> Review:
    """Read a review file; every mistake in it is reported at once."""
    data = read_toml(path)
    errors: list[str] = []
    for key in sorted(set(data) - {"edition", "note", "article", "quote", "event", "overview"}):
        errors.append(f"unknown key {key!r}")
    for key in ("edition", "note"):
        if not isinstance(data.get(key, ""), str):
            errors.append(f"{key} must be a string")
    note = data.get("note", "") if isinstance(data.get("note", ""), str) else ""
    if len(note) > MAX_NOTE:
        errors.append(f"note is {len(note)} characters long (at most {MAX_NOTE})")
    tables = {kind: _tables(data, kind, errors)
              for kind in ("article", "quote", "event", "overview")}
    review = Review(
        edition=str(data.get("edition", "")), note=note,
        articles=_read_all(ArticleReview, tables["article"], "article", errors),
        quotes=_read_all(QuoteReview, tables["quote"], "quote", errors),
        events=_read_all(EventReview, tables["event"], "event", errors),
        overview=_read_all(OverviewReview, tables["overview"], "overview", errors))
    if errors:
        raise ConfigError(f"{path}: " + "; ".join(errors))
    return review


def _tables(data: dict[str, Any], kind: str, errors: list[str]) -> list[Any]:
    value = data.get(kind, [])
    if not isinstance(value, list):
        errors.append(f"{kind} must be a list of [[{kind}]] tables")
        return []
    return value


def _read_all(cls: Any, items: list[Any], kind: str, errors: list[str]) -> tuple[Any, ...]:
    read = [_read(cls, item, n, kind, errors) for n, item in enumerate(items, 1)]
    seen: set[str] = set()
    for item in read:
        if item is not None and item.id in seen:
            errors.append(f"{kind} {item.id} appears twice")
        elif item is not None:
            seen.add(item.id)
    return tuple(item for item in read if item is not None)


_FIELDS: dict[str, dict[str, type]] = {
    "article": {"id": str, "title": str, "source": str, "include": bool, "summary": list,
                "flag": str, "outlet": str, "author": str, "published": str},
    "quote": {"id": str, "text": str, "speaker": str, "keep": bool, "flag": str,
              "article": str},
    "event": {"id": str, "date": str, "text": str, "place": str, "keep": bool, "flag": str,
              "check": str},
    "overview": {"id": str, "text": str, "keep": bool, "flag": str},
}


_TYPE_NAMES = {str: "string", bool: "true or false", list: "list of strings"}


def _read(cls: Any, item: Any, number: int, kind: str, errors: list[str]) -> Any:
    fields = _FIELDS[kind]
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        errors.append(f"{kind} #{number} has no id")
        return None
    before = len(errors)
    for key, value in item.items():
        if key not in fields:
            errors.append(f"{kind} {item['id']}: unknown key {key!r}")
        elif not isinstance(value, fields[key]):
            errors.append(f"{kind} {item['id']}: {key} must be a {_TYPE_NAMES[fields[key]]}")
        elif isinstance(value, str) and len(value) > MAX_TEXT:
            errors.append(f"{kind} {item['id']}: {key} is longer than {MAX_TEXT} characters")
    summary = item.get("summary", [])
    if kind == "article" and isinstance(summary, list) and not all(
            isinstance(s, str) and len(s) <= MAX_TEXT for s in summary):
        errors.append(f"article {item['id']}: summary must be a list of lines of at most "
                      f"{MAX_TEXT} characters")
    if len(errors) > before:
        return None
    values = {k: v for k, v in item.items() if k in fields}
    defaults = {"include": True, "keep": True, "flag": "", "summary": [], "title": "",
                "source": "", "speaker": "", "place": "", "text": "", "date": "", "check": "",
                "article": ""}
    merged = {k: values.get(k, defaults.get(k)) for k in fields}
    for key in ("outlet", "author", "published"):
        if kind == "article" and key not in values:
            merged[key] = None  # not in the file: as the machine read it
    if kind == "article":
        merged["summary"] = tuple(merged["summary"])
    if "speaker" in merged:
        merged["speaker"] = merged["speaker"] or None
    if "place" in merged:
        merged["place"] = merged["place"] or None
    return cls(**merged)
