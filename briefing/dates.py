"""Recognise calendar dates in French and English text.

Used by the cleaner (publication dates in datelines) and by the chronology.
Returns what the text states at the precision it states it: a day, a month or a
year. A day and month without a year take one from an anchor the caller gives.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from collections.abc import Iterator

from briefing import lexicon
from briefing.models import EventDate

_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_NOT_CODE_BEFORE = r"(?<![\w/.\-])"
_NOT_CODE_AFTER = r"(?![\w/\-]|\.\d)"
_YEAR_ONLY = re.compile(r"(?<![\w\-/.])(?:19|20)\d{2}(?![\w\-/])")


def months() -> dict[str, int]:
    """Month names and abbreviations of every language, with their number."""
    return lexicon.table("calendar", "months")


def weekdays() -> dict[str, int]:
    """Weekday names of every language, Monday = 0."""
    return lexicon.table("calendar", "weekdays")


def _words(name: str) -> str:
    return lexicon.alternation(lexicon.entries("calendar", name))


@functools.cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Patterns of dates stated in full or in part, most complete first."""
    month = lexicon.alternation(months())
    day = r"(?P<day>[0-3]?\d)(?:" + _words("words.day_suffixes") + r")?"
    joiner = r"(?:(?:" + _words("words.day_month_joiners") + r")\s+)?"
    return (
        ("iso", re.compile(_NOT_CODE_BEFORE + r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
                           + _NOT_CODE_AFTER)),
        ("numeric", re.compile(_NOT_CODE_BEFORE + r"(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[01]?\d)"
                               r"(?P=sep)(?P<year>(?:19|20)\d{2})" + _NOT_CODE_AFTER)),
        ("dmy", re.compile(r"\b" + day + r"\s+" + joiner + r"(?P<month>" + month + r")\.?,?\s+"
                           + _YEAR + r"\b", re.IGNORECASE)),
        ("mdy", re.compile(r"\b(?P<month>" + month + r")\.?\s+" + day + r",?\s+" + _YEAR
                           + r"\b", re.IGNORECASE)),
        ("my", re.compile(r"\b(?P<month>" + month + r")\.?\s+" + joiner + _YEAR + r"\b",
                          re.IGNORECASE)),
        ("dm", re.compile(r"\b" + day + r"\s+" + joiner + r"(?P<month>" + month + r")\b(?!-)",
                          re.IGNORECASE)),
        ("md", re.compile(r"\b(?P<month>" + month + r")\.?\s+" + day + r"\b(?!\s*[:h]\d)",
                          re.IGNORECASE)),
    )


@functools.cache
def _relative_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Patterns of dates stated relative to the publication date or as part of a month."""
    month = lexicon.alternation(months())
    weekday = lexicon.alternation(weekdays())
    before = _words("relative.this_before") + "|" + _words("relative.plain_before") + "|" + \
        _words("relative.last_before") + "|" + _words("relative.next_before")
    after = _words("relative.last_after") + "|" + _words("relative.next_after")
    month_before = _words("relative.month_before") + "|" + _words("relative.last_before") + \
        "|" + _words("relative.next_before")
    offsets = lexicon.alternation(w for w, days in lexicon.table("calendar", "day_offsets").items()
                                  if days)
    return (
        ("part-month", re.compile(r"\b(?:" + _words("words.month_parts") + r")\s*(?:(?:"
                                  + _words("relative.month_part_joiners")
                                  + r")\s*)?(?P<month>" + month
                                  + r")\b(?:\s+(?P<year>(?:19|20)\d{2})\b)?", re.IGNORECASE)),
        ("in-month", re.compile(r"\b(?:" + month_before + r")\s+(?P<month>" + month
                                + r")\b(?!\s+(?:19|20)\d{2})(?: (?P<post>" + after + r"))?",
                                re.IGNORECASE)),
        ("weekday", re.compile(r"\b(?:(?P<pre>" + before + r") )?(?P<weekday>" + weekday
                               + r")\b(?: (?P<post>" + after + r"))?(?!,?\s+(?:[0-3]?\d|1er|"
                               + month + r")\b)", re.IGNORECASE)),
        ("offset", re.compile(r"(?<![\w-])(?P<word>" + offsets + r")(?![\w-])", re.IGNORECASE)),
        ("eve", re.compile(r"\b(?:" + _words("relative.previous_day") + r")\b", re.IGNORECASE)),
        ("last-week", re.compile(r"\b(?:" + _words("relative.last_week") + r")\b",
                                 re.IGNORECASE)),
    )


@functools.cache
def _future() -> re.Pattern[str]:
    """Words of a sentence about the future: "se rendra jeudi", "will meet"."""
    return re.compile(r"\b(?:" + lexicon.alternation(lexicon.entries("calendar",
                                                                      "relative.future"),
                                                      escape=False) + r")\b", re.IGNORECASE)


@functools.cache
def _weekday_before() -> re.Pattern[str]:
    """A weekday written right before a date ("mardi 23 juillet", "Tuesday, the 5th")."""
    articles = _words("relative.weekday_article_before_date")
    return re.compile(r"\b(?P<weekday>" + lexicon.alternation(weekdays()) + r"),?\s+(?:(?:"
                      + articles + r")\s+)?$", re.IGNORECASE)


def _relation(word: str | None) -> str:
    """What a relative word means: "last", "next", "this" or "" (none)."""
    if not word:
        return ""
    folded = word.strip().lower()
    for relation in ("last", "next", "this"):
        if folded in lexicon.words("calendar", f"relative.{relation}_before") | \
                lexicon.words("calendar", f"relative.{relation}_after"):
            return relation
    return ""


@dataclass(frozen=True)
class DateMention:
    """A date found in a text: where it is, what it says and whether its year was stated."""

    start: int
    end: int
    date: EventDate
    year_stated: bool


def find_dates(text: str, anchor_year: int | None = None) -> list[DateMention]:
    """Return the dates stated in ``text``, left to right, without overlaps.

    A day and month with no year take ``anchor_year``; without one they are dropped.
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _patterns():
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            date = _to_date(kind, match, anchor_year)
            if date is None:
                continue
            taken.append((match.start(), match.end()))
            found.append(DateMention(match.start(), match.end(), date,
                                     year_stated=kind not in ("dm", "md")))
    return sorted(found, key=lambda mention: mention.start)


def find_relative(text: str, published: dt.date | None, anchor_year: int | None,
                  previous_day: dt.date | None = None) -> list[DateMention]:
    """Dates stated relative to the publication date or by a part of a month.

    Weekdays, "hier", "la veille", "last week" need the publication date (or, for
    "la veille", a day stated just before) and are dropped without it; "fin
    février", "en mai" need only a year, which ``anchor_year`` gives.
    """
    found: list[DateMention] = []
    taken = [(m.start, m.end) for m in find_dates(text, anchor_year)]
    for kind, pattern in _relative_patterns():
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            date = _relative_date(kind, match, published, anchor_year, previous_day,
                                  future=is_future(text))
            if date is not None:
                taken.append((match.start(), match.end()))
                found.append(DateMention(match.start(), match.end(), date, year_stated=False))
    return sorted(found, key=lambda mention: mention.start)


def is_future(sentence: str) -> bool:
    """Whether a sentence announces something to come (so "jeudi" is the next Thursday)."""
    unquoted = re.sub(r"«[^»]*»|“[^”]*”|\"[^\"]*\"", " ", sentence)
    return bool(_future().search(unquoted))


def _relative_date(kind: str, match: re.Match[str], published: dt.date | None,
                   anchor_year: int | None, previous_day: dt.date | None,
                   future: bool = False) -> EventDate | None:
    groups = match.groupdict()
    if kind in ("part-month", "in-month"):
        word = groups["month"]
        if not _is_full_month_name(word) and kind == "in-month":
            return None  # "en mar", "in may": too ambiguous without a day
        year = int(groups["year"]) if groups.get("year") else anchor_year
        month = _month_number(word)
        if not (year and month):
            return None
        relation = _relation(groups.get("post") or match.group().split()[0])
        if published and not groups.get("year"):
            if relation == "last" and month >= published.month:
                year = published.year - 1
            elif relation == "next" and month <= published.month:
                year = published.year + 1
        return EventDate(year, month)
    if kind == "eve":
        day = previous_day - dt.timedelta(days=1) if previous_day else None
        return EventDate(day.year, day.month, day.day) if day else None
    if published is None:
        return None  # a weekday or "hier" means nothing without the publication date
    if kind == "offset":
        offsets = lexicon.table("calendar", "day_offsets")
        day = published + dt.timedelta(days=offsets[groups["word"].lower()])
    elif kind == "weekday":
        day = _weekday(published, weekdays()[groups["weekday"].lower()],
                       _relation(groups.get("pre")),
                       _relation(groups.get("post")) or ("next" if future else ""))
    else:  # last week: only when all of it lies in one month
        monday = published - dt.timedelta(days=published.weekday() + 7)
        sunday = monday + dt.timedelta(days=6)
        return EventDate(monday.year, monday.month) if monday.month == sunday.month else None
    return EventDate(day.year, day.month, day.day)


def _weekday(published: dt.date, weekday: int, pre: str, post: str) -> dt.date:
    """The day a weekday names from the publication date: the last one on or before it,
    the next one for "prochain"/"next", the nearest for "ce"/"this". ``pre`` and ``post``
    are the relations ("last", "next", "this") of the words before and after it."""
    back = (published.weekday() - weekday) % 7
    if pre == "next" or (post == "next" and pre != "this"):
        days = (weekday - published.weekday()) % 7
        return published + dt.timedelta(days=days or (7 if pre == "next" else 0))
    if post == "last" or pre == "last":
        return published - dt.timedelta(days=back or 7)
    if pre == "this":
        ahead = (weekday - published.weekday()) % 7
        return published + dt.timedelta(days=ahead) if ahead <= 3 and back > 3 else (
            published - dt.timedelta(days=back))
    return published - dt.timedelta(days=back)


def fit_weekday(text: str, mention: DateMention) -> DateMention:
    """For a day and month whose year was inferred, let a weekday written before it pick
    the nearest year where the day falls on that weekday ("mardi 23 juillet")."""
    date = mention.date
    before = _weekday_before().search(text[max(0, mention.start - 16): mention.start])
    if mention.year_stated or not before or date.day is None or date.month is None:
        return mention
    stated = weekdays()[before.group("weekday").lower()]
    for shift in (0, -1, 1, -2, 2, -3, 3):
        year = date.year + shift
        if _valid_day(year, date.month, date.day) and dt.date(
                year, date.month, date.day).weekday() == stated:
            return DateMention(mention.start, mention.end, EventDate(year, date.month, date.day),
                               year_stated=False)
    return mention


def weekday_conflict(text: str, mention: DateMention) -> str | None:
    """A weekday written before a full date that does not fall on it ("lundi 18 février
    2025" is a Tuesday), as a message for the reviewer."""
    date = mention.date
    if date.day is None or date.month is None:
        return None
    before = _weekday_before().search(text[max(0, mention.start - 16): mention.start])
    if not before:
        return None
    stated = weekdays()[before.group("weekday").lower()]
    actual = dt.date(date.year, date.month, date.day).weekday()
    if stated == actual:
        return None
    lang = next((code for code in lexicon.languages() if before.group("weekday").lower()
                 in lexicon.words("calendar", "weekdays", code)), "en")
    return (f"'{before.group('weekday')} {text[mention.start: mention.end]}' does not match: "
            f"{date.iso()} is a {_names('weekday_names', lang)[actual]}")


def first_full_date(text: str) -> dt.date | None:
    """Return the first complete date (day, month and year) stated in ``text``."""
    for mention in find_dates(text):
        if mention.year_stated and mention.date.day is not None:
            return dt.date(mention.date.year, mention.date.month or 1, mention.date.day)
    return None


def stated_years(text: str) -> Iterator[tuple[int, int]]:
    """Yield (offset, year) for each four-digit year written in ``text``."""
    for match in _YEAR_ONLY.finditer(text):
        yield match.start(), int(match.group())


def _to_date(kind: str, match: re.Match[str], anchor_year: int | None) -> EventDate | None:
    groups = match.groupdict()
    day: int | None
    month: int | None
    year: int | None
    if kind == "iso":
        day, month, year = int(groups["day"]), int(groups["month"]), int(groups["year"])
        if not 1 <= month <= 12:
            return None
    elif kind == "numeric":
        first, second = int(groups["a"]), int(groups["b"])
        day, month = (first, second) if second <= 12 else (second, first)
        year = int(groups["year"])
    else:
        month = _month_number(groups["month"])
        day = int(groups["day"]) if groups.get("day") else None
        year = int(groups["year"]) if groups.get("year") else anchor_year
        if kind in ("dm", "md") and not _is_full_month_name(groups["month"]):
            return None  # "18 mar" or "oct 5" without a year is too often not a date
    if year is None or month is None:
        return None
    if day is not None and not _valid_day(year, month, day):
        return None
    return EventDate(year, month, day)


def _month_number(word: str) -> int | None:
    return months().get(word.lower().rstrip("."))


def _is_full_month_name(word: str) -> bool:
    lowered = word.lower()
    return lowered in lexicon.words("calendar", "words.month_names")


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _names(kind: str, language: str) -> tuple[str, ...]:
    """Month or weekday names to write dates with, in a language briefing has data for."""
    lang = language if language in lexicon.languages() else "en"
    return lexicon.entries("calendar", f"words.{kind}", lang)


def written_date(date: dt.date, language: str) -> str:
    """Write a date out in full in the report's language ("samedi 21 novembre 2026")."""
    weekday = _names("weekday_names", language)[date.weekday()]
    month = _names("month_names", language)[date.month - 1]
    if language == "fr":
        day = "1er" if date.day == 1 else str(date.day)
        return f"{weekday} {day} {month} {date.year}"
    return f"{weekday} {date.day} {month} {date.year}"


def written_event_date(date: EventDate, language: str) -> str:
    """Write an event date at its own precision ("10 avril 2025", "avril 2025", "2025")."""
    if date.month is None:
        return str(date.year)
    month = _names("month_names", language)[date.month - 1]
    if date.day is None:
        return f"{month} {date.year}"
    if language == "fr":
        return f"{'1er' if date.day == 1 else date.day} {month} {date.year}"
    return f"{date.day} {month} {date.year}"
