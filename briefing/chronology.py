"""Dated events: read from each article's sentences, then merged across articles."""

from __future__ import annotations

import re
from collections import defaultdict

from briefing import dates, language
from briefing.models import Article, ChronologyEntry, Digest, Event, EventDate
from briefing.names import canonical_place, find_names, fold
from briefing.lexicon import places

MAX_LINE_WORDS = 35
MIN_LINE_WORDS = 12
_PLACE_PREPOSITIONS = ("à", "a", "en", "au", "aux", "in", "at", "near", "près de", "depuis")
_CITY_NAMES = frozenset(places.CITIES)


def find_events(article: Article) -> tuple[Event, ...]:
    """Return the events an article dates at day or month precision, in reading order."""
    anchor = article.published.year if article.published else None
    events: list[Event] = []
    seen: set[tuple[str, str]] = set()
    text = article.text
    years = [] if anchor else list(dates.stated_years(text))
    offset = 0
    for block in article.blocks:
        offset = text.find(block.text, offset)
        if block.kind == "quotation":
            continue
        for sentence in language.split_sentences(block.text, article.language):
            year = anchor or _nearest_year(years, offset + max(0, block.text.find(sentence)))
            for mention in dates.find_dates(sentence, year):
                if mention.date.month is None:
                    continue  # a bare year is too vague for a chronology
                event = _event(sentence, mention)
                key = (event.date.iso(), fold(event.place or ""))
                if key not in seen:
                    seen.add(key)
                    events.append(event)
    return tuple(events)


def _nearest_year(years: list[tuple[int, int]], position: int) -> int | None:
    """The year written closest to a position of the text (offset, year pairs)."""
    if not years:
        return None
    return min(years, key=lambda item: (abs(item[0] - position), item[0]))[1]


def _event(sentence: str, mention: dates.DateMention) -> Event:
    return Event(date=mention.date, text=_line(sentence, mention), place=_place(sentence),
                 evidence=sentence)


def _line(sentence: str, mention: dates.DateMention) -> str:
    """One short line around the date: the whole sentence, or the clauses next to the date."""
    if len(sentence.split()) <= MAX_LINE_WORDS:
        return sentence
    clauses = [m for m in re.finditer(r"[^,;:()]+[,;:()]?", sentence)]
    at = next((i for i, m in enumerate(clauses) if m.start() <= mention.start < m.end()), 0)
    low = high = at
    def words() -> int:
        return len(sentence[clauses[low].start(): clauses[high].end()].split())
    while words() < MIN_LINE_WORDS and (low > 0 or high < len(clauses) - 1):
        if high < len(clauses) - 1:
            high += 1
        if words() < MIN_LINE_WORDS and low > 0:
            low -= 1
    line = sentence[clauses[low].start(): clauses[high].end()].strip(" ,;:")
    return line[:1].upper() + line[1:] + ("" if line.endswith((".", "!", "?")) else " …")


def _place(sentence: str) -> str | None:
    """Where it happened: a city named in the sentence, else a country after "à/en/in"."""
    countries: list[str] = []
    for name in find_names(sentence):
        if name.kind != "place":
            continue
        canonical = canonical_place(name.text) or name.text
        if canonical in _CITY_NAMES:
            return canonical
        before = fold(sentence[max(0, name.start - 12): name.start]).split()
        if before and before[-1].strip("'") in _PLACE_PREPOSITIONS:
            countries.append(canonical)
    return countries[0] if countries else None


def merge(digests: tuple[Digest, ...], limit: int) -> tuple[ChronologyEntry, ...]:
    """Merge the articles' events: one entry per date and place, oldest first.

    An event with no place joins an entry of the same date. When more entries than
    ``limit`` remain, the most-cited win.
    """
    groups: dict[tuple[EventDate, str], list[tuple[str, Event]]] = defaultdict(list)
    for digest in digests:
        for event in digest.events:
            groups[(event.date, fold(event.place or ""))].append((digest.id, event))
    _fold_placeless(groups)
    entries = [_entry(members) for members in groups.values() if members]
    if len(entries) > limit:
        entries = sorted(entries, key=lambda e: (-len(e.sources), e.date.sort_key()))[:limit]
    return tuple(sorted(entries, key=lambda e: (e.date.sort_key(), e.place or "")))


def _fold_placeless(groups: dict[tuple[EventDate, str], list[tuple[str, Event]]]) -> None:
    for (date, place), members in list(groups.items()):
        if place:
            continue
        placed = [key for key in groups if key[0] == date and key[1] and groups[key]]
        if len(placed) == 1:
            groups[placed[0]].extend(members)
            groups[(date, place)] = []


def _entry(members: list[tuple[str, Event]]) -> ChronologyEntry:
    sources = tuple(dict.fromkeys(source for source, _ in members))
    first = members[0][1]
    place = next((event.place for _, event in members if event.place), None)
    return ChronologyEntry(date=first.date, text=first.text, place=place, sources=sources)
