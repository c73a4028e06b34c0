"""Dated events: read from each article's sentences, then merged across articles.

Dates are read as precisely as the text states them: full dates, a day and a
month (the year from the publication date or the nearest year written), a
month, a part of a month ("fin février"), and days relative to the publication
date ("mardi", "hier", "jeudi dernier", "on Tuesday", "la veille"). Bare years,
deadlines ("d'ici fin février") and durations are not events. A weekday that
contradicts its date becomes a warning for the reviewer.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from briefing import dates, lexicon
from briefing.models import Article, ChronologyEntry, Digest, Event, Sentence
from briefing.names import canonical_place, find_names, fold

MAX_LINE_WORDS = 35
MIN_LINE_WORDS = 12


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """Deadline words before a date, and lead-ins a chronology line leaves out."""
    words = functools.partial(lexicon.entries, "chronology")
    articles = lexicon.alternation(words("not_event_articles"))
    return {
        "not_event": re.compile(r"(?<![\w'])(?:" + lexicon.alternation(words("not_event_before"))
                                + r")\s+(?:(?:" + articles + r")\s*)?$",
                                re.IGNORECASE),
        "lead_in": re.compile(r"^(?:" + lexicon.alternation(words("lead_ins")) + r")\s*,?\s*",
                              re.IGNORECASE),
    }


@functools.cache
def _city_names() -> frozenset[str]:
    return frozenset(lexicon.table("places", "cities", lexicon.COMMON))


@dataclass(frozen=True)
class Chronicle:
    """An article's dated events and what a reviewer should check about its dates."""

    events: tuple[Event, ...]
    warnings: tuple[str, ...] = ()


def find_events(article: Article) -> Chronicle:
    """Return the events an article dates at day or month precision, in reading order."""
    published = article.published
    years = [] if published else list(dates.stated_years(article.text))
    events: list[Event] = []
    warnings: list[str] = []
    seen: set[tuple[str, str]] = set()
    previous_day: dt.date | None = None
    for sentence in article.sentences:
        if sentence.kind == "quotation":
            continue
        text = sentence.text
        year = published.year if published else _nearest_year(years, sentence.start)
        stated = [mention if published else dates.fit_weekday(text, mention)
                  for mention in dates.find_dates(text, year)]
        warnings.extend(w for m in stated if (w := dates.weekday_conflict(text, m)))
        mentions = sorted(stated + dates.find_relative(text, published, year, previous_day),
                          key=lambda m: m.start)
        for mention in mentions:
            if mention.date.month is None or _patterns()["not_event"].search(
                    text[max(0, mention.start - 14): mention.start]):
                continue  # a bare year is too vague; "d'ici fin février" is a deadline
            event = _event(sentence, mention)
            key = (event.date.iso(), fold(event.place or ""))
            if key not in seen:
                seen.add(key)
                events.append(event)
        days = [m.date for m in mentions if m.date.day is not None]
        if days:
            previous_day = dt.date(days[-1].year, days[-1].month or 1, days[-1].day or 1)
    return Chronicle(tuple(events), tuple(dict.fromkeys(warnings)))


def _nearest_year(years: list[tuple[int, int]], position: int) -> int | None:
    """The year written closest to a position of the text (offset, year pairs)."""
    if not years:
        return None
    return min(years, key=lambda item: (abs(item[0] - position), item[0]))[1]


def _event(sentence: Sentence, mention: dates.DateMention) -> Event:
    return Event(date=mention.date, text=_line(sentence.text, mention),
                 place=_place(sentence.text), evidence=sentence.text, start=sentence.start,
                 end=sentence.end)


def _line(text: str, mention: dates.DateMention) -> str:
    """One short line around the date: the sentence, or the clauses next to the date."""
    lead_in = _patterns()["lead_in"].match(text)
    cut = lead_in.end() if lead_in and lead_in.end() <= mention.start else 0
    sentence = text[cut:]
    mention = dates.DateMention(mention.start - cut, mention.end - cut, mention.date,
                                mention.year_stated)
    line = sentence
    if len(sentence.split()) > MAX_LINE_WORDS:
        clauses = list(re.finditer(r"[^,;:()]+[,;:()]?", sentence))
        at = next((i for i, m in enumerate(clauses) if m.start() <= mention.start < m.end()), 0)
        low = high = at
        while (len(sentence[clauses[low].start(): clauses[high].end()].split()) < MIN_LINE_WORDS
               and (low > 0 or high < len(clauses) - 1)):
            if high < len(clauses) - 1:
                high += 1
            elif low > 0:
                low -= 1
        line = sentence[clauses[low].start(): clauses[high].end()].strip(" ,;:")
        line += "" if line.endswith((".", "!", "?")) else " …"
    return line[:1].upper() + line[1:]


def _place(sentence: str) -> str | None:
    """Where it happened: a city named in the sentence, else a country after "à/en/in"."""
    countries: list[str] = []
    for name in find_names(sentence):
        if name.kind != "place":
            continue
        canonical = canonical_place(name.text) or name.text
        if canonical in _city_names():
            return canonical
        before = fold(sentence[max(0, name.start - 12): name.start]).split()
        if before and before[-1].strip("'") in lexicon.words("chronology", "place_prepositions"):
            countries.append(canonical)
    return countries[0] if countries else None


def _actors(event: Event) -> set[str]:
    return {fold(n.text).split()[-1] for n in find_names(event.evidence) if n.kind == "person"}


def _same_event(a: Event, b: Event) -> bool:
    """Two reports of one event: the same day (or a month and a day in it) and place,
    or, when a place is missing, at least two people in common."""
    if not (a.date.covers(b.date) or b.date.covers(a.date)):
        return False
    if a.place and b.place:
        return fold(a.place) == fold(b.place)
    if a.date == b.date and (a.place is None or b.place is None):
        return True
    return len(_actors(a) & _actors(b)) >= 2


def merge(digests: tuple[Digest, ...], limit: int) -> tuple[ChronologyEntry, ...]:
    """Merge the articles' events: each event once, citing all its sources, oldest first.

    When more entries than ``limit`` remain, the most-cited win.
    """
    groups: list[list[tuple[str, Event]]] = []
    for digest in digests:
        for event in digest.events:
            group = next((g for g in groups if any(_same_event(event, e) for _, e in g)), None)
            if group is None:
                groups.append([(digest.id, event)])
            else:
                group.append((digest.id, event))
    entries = [_entry(group) for group in groups]
    if len(entries) > limit:
        entries = sorted(entries, key=lambda e: (-len(e.sources), e.date.sort_key()))[:limit]
    return tuple(sorted(entries, key=lambda e: (e.date.sort_key(), e.place or "")))


def _entry(members: list[tuple[str, Event]]) -> ChronologyEntry:
    sources = tuple(dict.fromkeys(source for source, _ in members))
    best = max((event for _, event in members),
               key=lambda e: (e.date.day is not None, e.date.month is not None))
    place = best.place or next((e.place for _, e in members if e.place), None)
    return ChronologyEntry(date=best.date, text=best.text, place=place, sources=sources)
