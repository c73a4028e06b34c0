"""Dated events: read from each article's sentences, then merged across articles.

Dates are read as precisely as the text states them: full dates, a day and a
month (the year from the publication date or the nearest year written), a
month, a part of a month ("fin février"), and days relative to the publication
date ("mardi", "hier", "jeudi dernier", "on Tuesday", "la veille"). Bare years,
deadlines ("d'ici fin février") and durations are not events. A weekday that
contradicts its date becomes a warning for the reviewer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass

from briefing import dates, lexicon, places, scoring
from briefing.models import Article, ChronologyEntry, Digest, Event, EventDate, Sentence
from briefing.names import find_names, fold

MAX_LINE_WORDS = 35
MIN_LINE_WORDS = 12


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """Deadline words before a date, lead-ins a chronology line leaves out, and the marks
    of sentences that state no event: notices, captions, fragments."""
    words = functools.partial(lexicon.entries, "chronology")
    articles = lexicon.alternation(words("not_event_articles"))
    return {
        "not_event": re.compile(r"(?<![\w'])(?:" + lexicon.alternation(words("not_event_before"))
                                + r")\s+(?:(?:" + articles + r")\s*)?$",
                                re.IGNORECASE),
        "lead_in": re.compile(r"^(?:" + lexicon.alternation(words("lead_ins")) + r")\s*,?\s*",
                              re.IGNORECASE),
        "notice": re.compile(lexicon.alternation(words("notices"), escape=False), re.IGNORECASE),
        "caption": re.compile(lexicon.alternation(words("caption_marks"), escape=False),
                              re.IGNORECASE),
        "fragment": re.compile(r"^(?:" + lexicon.alternation(words("fragment_openers"))
                               + r")(?![\w-])", re.IGNORECASE),
        # a clause that only says who said the rest ("comme l'a déclaré jeudi X")
        "attribution": re.compile(r"^(?:" + (lexicon.alternation(words("attribution_openers"))
                                             or "(?!)") + r")(?![\w-])", re.IGNORECASE),
    }


@dataclass(frozen=True)
class Chronicle:
    """An article's dated events and what a reviewer should check about its dates."""

    events: tuple[Event, ...]
    warnings: tuple[str, ...] = ()


MIN_EVENT_WORDS = 5


def states_event(sentence: Sentence) -> bool:
    """Whether a sentence can state an event: body prose, or a heading long enough to be
    a statement's title ("Allocution de ... à Riyad, 18 février 2025"); not a section
    heading, a quotation, a photo caption, a notice about the article, or a fragment."""
    text = sentence.text.strip()
    words = len(text.split())
    return (((sentence.kind in ("paragraph", "bullet") and words >= MIN_EVENT_WORDS)
             or (sentence.kind == "heading" and words >= MIN_LINE_WORDS))
            and _opens_sentence(text)
            and not _patterns()["fragment"].match(text)
            and not _patterns()["caption"].search(text)
            and not _patterns()["notice"].search(text))


def _opens_sentence(text: str) -> bool:
    """A sentence opens with a capital or a digit, after any dash or quotation mark, or
    is the tail of a quotation (", a-t-il tweeté le 8 septembre")."""
    opening = text.lstrip("\"«»“”'‘’()-–—•* \u00a0")
    return opening[:1].isupper() or opening[:1].isdigit() or (
        text[:1] in "\"»”’" and opening[:1] == ",") or (
        text[:1] in "\"»”’" and _sentence_tail(opening))


def _sentence_tail(text: str) -> bool:
    return bool(re.match(r"[,;]", text))


def text_year(article: Article) -> int | None:
    """The year to give dates without one when the article has no publication date: the
    latest year of a full date it states, else the latest year it writes (an article
    recalls the past more than it names the future), never a guess from nothing."""
    full = [m.date.year for m in dates.find_dates(article.text) if m.year_stated]
    if full:
        return max(full)
    years = [year for _, year in dates.stated_years(article.text)]
    return max(years) if years else None


def find_events(article: Article) -> Chronicle:
    """Return the events an article dates at day or month precision, in reading order.

    A sentence gives one event at its most precise date, and more only when its dates
    stand in clauses of their own (the lines differ)."""
    published = article.published
    anchor = dates.Anchor(published, None if published else text_year(article))
    events: list[Event] = []
    warnings: list[str] = []
    seen: set[tuple[str, str]] = set()
    for sentence in article.sentences:
        text = sentence.text
        mentions = [dates.fit_weekday(text, m) for m in dates.find_dates(text, anchor)]
        warnings.extend(w for m in mentions if (w := dates.weekday_conflict(text, m)))
        days = [m.date for m in mentions if m.date.day is not None]
        if days:
            anchor = dataclasses.replace(anchor, previous_day=dt.date(
                days[-1].year, days[-1].month or 1, days[-1].day or 1))
        if not states_event(sentence):
            continue
        for event in _sentence_events(sentence, mentions):
            key = (event.date.iso(), fold(event.place or ""))
            if key not in seen:
                seen.add(key)
                events.append(event)
    return Chronicle(tuple(sorted(events, key=lambda e: e.start)), tuple(dict.fromkeys(warnings)))


def _sentence_events(sentence: Sentence, mentions: list[dates.DateMention]) -> list[Event]:
    """The events of one sentence: one per clause that holds a date and says enough to
    be an event of its own, at the most precise date of that clause. Deadlines ("d'ici
    fin février"), bare years and days that recur ("chaque 14 juillet") are left out."""
    text = sentence.text
    recurring = dates.recurs(text)
    usable = [m for m in mentions if m.date.month is not None
              and not (recurring and not m.year_stated)
              and not (m.date.day is None  # "d'ici fin février": a horizon; "d'ici le 19
                       # octobre", "by March 3": a dated deadline, an event of its own
                       and _patterns()["not_event"].search(text[max(0, m.start - 14): m.start]))]
    clauses = _clauses(text)
    by_clause: dict[int, list[dates.DateMention]] = {}
    for mention in sorted(usable, key=lambda m: m.start):
        index = _clause_of(clauses, text, mention)
        if by_clause and not _says_enough(text, clauses[index], mention):
            index = max(by_clause)  # "..., contre 5,9 % la veille": no event of its own
        by_clause.setdefault(index, []).append(mention)
    taken = sorted(by_clause)
    events = []
    for position, index in enumerate(taken):
        best = min(by_clause[index],
                   key=lambda m: (m.date.day is None, m.rule in _RELATIVE, m.start))
        span = (clauses[index][0], clauses[index][1]) if len(taken) > 1 else (0, len(text))
        low = clauses[taken[position - 1]][1] if position else 0
        high = clauses[taken[position + 1]][0] if position + 1 < len(taken) else len(text)
        around = (low, high, clauses[index][0]) if len(taken) > 1 else None
        events.append(Event(date=best.date, text=_line(text, best, around),
                            place=places.event_place(text, *span), evidence=text,
                            start=sentence.start, end=sentence.end,
                            year_inferred=best.year_inferred))
        events.extend(_other_days(text, sentence, by_clause[index], best, events[-1]))
    return events


def _other_days(text: str, sentence: Sentence, mentions: list[dates.DateMention],
                best: dates.DateMention, first: Event) -> list[Event]:
    """The other written dates of a clause ("payable Jan. 2 to stock of record Dec. 15",
    "deux appels le 11 et le 15 août"): dated events of the article, on the same line
    (the edition's chronology prints each line once, at the clause's first date)."""
    return [dataclasses.replace(first, date=m.date, year_inferred=m.year_inferred)
            for m in mentions if m is not best and m.rule not in _RELATIVE
            and not _contains(m.date, best.date)]


def _contains(wide: EventDate, narrow: EventDate) -> bool:
    """Whether a date is, or holds, another ("mars 2025" holds "le 15 mars 2025")."""
    return (wide.year, wide.month) == (narrow.year, narrow.month) and wide.day in (None,
                                                                                   narrow.day)


MIN_CLAUSE_WORDS = 5


def _says_enough(text: str, clause: tuple[int, int], mention: dates.DateMention) -> bool:
    """Whether a clause, its date left out, has words enough to state an event."""
    rest = text[clause[0]: mention.start] + text[mention.end: clause[1]]
    return len(re.findall(r"[^\W\d]+", rest)) >= MIN_CLAUSE_WORDS


_RELATIVE = frozenset({"weekday", "offset", "anaphoric", "ago", "month-offset"})


@functools.cache
def _clause_end() -> re.Pattern[str]:
    """Where a clause ends: punctuation, a dash, a full stop glued to the next word, or a
    word that joins two clauses ("et", "and", "puis")."""
    joiners = lexicon.alternation(lexicon.entries("chronology", "clause_joiners"))
    return re.compile(r"(?<!\d),|,(?!\d)|[;:()]|\s[-–—](?=\s)|[.!?](?=[A-ZÀ-Ý])|\s(?=(?:" + joiners
                      + r")\s)", re.IGNORECASE)


def _clauses(text: str) -> list[tuple[int, int]]:
    """The clauses of a sentence: cut at commas, semicolons, colons, brackets, dashes and
    at a full stop glued to the next word ("1984.Feuilleton"), before "et", "and"."""
    spans, start = [], 0
    for match in _clause_end().finditer(text):
        if text[start: match.end()].strip(" ,;:()-–—"):
            spans.append((start, match.end()))
            start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def _clause_of(clauses: list[tuple[int, int]], text: str, mention: dates.DateMention) -> int:
    """The clause a date belongs to; a clause that is little more than the date belongs
    with the next one ("Le 2 décembre, elle décède"), or at the end of the sentence with
    the one before ("jusqu'à l'investiture, le 20 janvier")."""
    index = next((i for i, (start, end) in enumerate(clauses) if start <= mention.start < end), 0)
    start, end = clauses[index]
    rest = text[start: mention.start] + text[mention.end: end]
    if len(re.findall(r"\w+", rest)) < 3:
        if index + 1 < len(clauses):
            return index + 1
        return max(index - 1, 0)
    return index


def _line(text: str, mention: dates.DateMention,
          around: tuple[int, int, int] | None = None) -> str:
    """One short line: the sentence, or, for a long sentence or one of several events in a
    sentence, the clauses next to the date. ``around``: for one of several events, the
    span its line may take (up to the clauses of the others) and where its clause starts."""
    lead_in = _patterns()["lead_in"].match(text)
    cut = lead_in.end() if lead_in and lead_in.end() <= mention.start else 0
    if around is not None:
        opening = text[around[2]:].lstrip(" ,;:-–—")
        cut = max(cut, around[0] if not any(
            _patterns()[kind].match(opening) for kind in ("fragment", "attribution")) else 0)
        text = text[:around[1]]
    sentence = text[cut:]
    at_offset = (around[2] if around else mention.start) - cut
    line = sentence
    if around is not None or len(sentence.split()) > MAX_LINE_WORDS:
        clauses = _clauses(sentence)
        at = next((i for i, (start, end) in enumerate(clauses)
                   if start <= max(at_offset, 0) < end), 0)
        low = high = at
        while (len(sentence[clauses[low][0]: clauses[high][1]].split()) < MIN_LINE_WORDS
               and (low > 0 or high < len(clauses) - 1)):
            if high < len(clauses) - 1:
                high += 1
            elif low > 0:
                low -= 1
        while low > 0 and any(_patterns()[kind].match(
                sentence[clauses[low][0]:].lstrip(" ,;:-–—")) for kind in ("fragment",
                                                                          "attribution")):
            low -= 1  # "qui avait rendu son tablier ...": with what it is said of
        line = sentence[clauses[low][0]: clauses[high][1]].strip(" ,;:-–—")
        line += "" if line.endswith((".", "!", "?")) else " …"
    return line[:1].upper() + line[1:]


def _actors(event: Event, kinds: tuple[str, ...] = ("person", "institution")) -> set[str]:
    """The people (and institutions) an event's sentence names, by their last word."""
    return {fold(n.text).split()[-1] for n in find_names(event.evidence) if n.kind in kinds}


def same_event(a: Event, b: Event) -> bool:
    """Two reports of one event: the same day (or a month and a day in it), and the same
    place, unless both name people and none in common; or, with no place to compare, a
    person in common and similar wording. Different places never merge."""
    if not (a.date.covers(b.date) or b.date.covers(a.date)):
        return False
    if a.place and b.place and not places.same_place(a.place, b.place):
        return False
    shared = _actors(a) & _actors(b)
    alike = scoring.cognates(_wording(a), _wording(b)) >= SIMILAR_WORDING
    if a.place and b.place:
        return bool(shared) or alike or not (_actors(a, ("person",)) and _actors(b, ("person",)))
    return len(shared) >= 2 or (bool(shared) and alike)


SIMILAR_WORDING = 0.25
BACKGROUND_DAYS = 7  # an event this long before the first article is background


def _wording(event: Event) -> str:
    """An event's line without its date or place: what happened."""
    return re.sub(r"\d+", " ", event.text)


def merge(digests: tuple[Digest, ...], limit: int,
          period: tuple[dt.date, dt.date] | None = None) -> tuple[ChronologyEntry, ...]:
    """Merge the articles' events: each event once, citing all its sources, oldest first.

    ``period``: the first and last publication dates. Events a week or more before it are
    background: the articles recall them. The period keeps up to ``limit`` entries and the
    background up to half as many, so history never crowds out the week: the most cited
    win, then, in the period, those of the week itself before what is announced for later,
    and in the background the latest.
    """
    groups: list[list[tuple[str, Event]]] = []
    for digest in digests:
        printed: set[str] = set()
        for event in digest.events:
            if event.text in printed:
                continue  # a line that holds two dates is printed once, at its first
            printed.add(event.text)
            group = next((g for g in groups if all(source != digest.id for source, _ in g)
                          and any(same_event(event, e) for _, e in g)), None)
            if group is None:
                groups.append([(digest.id, event)])
            else:
                group.append((digest.id, event))
    entries = [_entry(group, period[0] if period else None) for group in groups]
    current = _most_cited([e for e in entries if not e.background], limit, period)
    background = _most_cited([e for e in entries if e.background], limit // 2, None)
    return tuple(sorted(background + current,
                        key=lambda e: (e.background is False, e.date.sort_key(), e.place or "")))


def _most_cited(entries: list[ChronologyEntry], limit: int,
                period: tuple[dt.date, dt.date] | None) -> list[ChronologyEntry]:
    """The ``limit`` most cited entries; among as cited, those inside ``period`` (up to a
    day after it), then the latest."""
    if len(entries) <= limit:
        return entries

    def inside(entry: ChronologyEntry) -> bool:
        return period is None or _ends(entry.date) <= period[1] + dt.timedelta(days=1)
    latest_first = sorted(entries, key=lambda e: e.date.sort_key(), reverse=True)
    return sorted(latest_first, key=lambda e: (-len(e.sources), not inside(e)))[:limit]


def _entry(members: list[tuple[str, Event]], period_start: dt.date | None) -> ChronologyEntry:
    sources = tuple(dict.fromkeys(source for source, _ in members))
    best = max((event for _, event in members),
               key=lambda e: (not e.year_inferred, e.date.day is not None,
                              e.date.month is not None))
    place = best.place or next((e.place for _, e in members if e.place), None)
    background = period_start is not None and _ends(best.date) < period_start - dt.timedelta(
        days=BACKGROUND_DAYS)
    return ChronologyEntry(date=best.date, text=best.text, place=place, sources=sources,
                           background=background, year_inferred=best.year_inferred)


def _ends(date: EventDate) -> dt.date:
    """The last day a date at its precision covers."""
    if date.month is None:
        return dt.date(date.year, 12, 31)
    if date.day is None:
        following = dt.date(date.year + date.month // 12, date.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(date.year, date.month, date.day)
