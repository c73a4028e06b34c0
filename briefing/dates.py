"""Recognise calendar dates in French and English text.

Used by the cleaner (publication dates in datelines) and by the chronology.
Returns what the text states at the precision it states it: a day, a month or a
year. A day and month without a year take one from an anchor the caller gives.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterator

from briefing.lexicon.calendar import MONTHS, MONTH_NAMES, WEEKDAY_NAMES
from briefing.models import EventDate

_MONTH = "|".join(sorted((re.escape(name) for name in MONTHS), key=len, reverse=True))
_DAY = r"(?P<day>[0-3]?\d)(?:er|re|e|st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_NOT_CODE_BEFORE = r"(?<![\w/.\-])"
_NOT_CODE_AFTER = r"(?![\w/\-]|\.\d)"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(_NOT_CODE_BEFORE + r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
                       + _NOT_CODE_AFTER)),
    ("numeric", re.compile(_NOT_CODE_BEFORE + r"(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[01]?\d)"
                           r"(?P=sep)(?P<year>(?:19|20)\d{2})" + _NOT_CODE_AFTER)),
    ("dmy", re.compile(r"\b" + _DAY + r"\s+(?:de\s+|of\s+)?(?P<month>" + _MONTH + r")\.?,?\s+"
                       + _YEAR + r"\b", re.IGNORECASE)),
    ("mdy", re.compile(r"\b(?P<month>" + _MONTH + r")\.?\s+" + _DAY + r",?\s+" + _YEAR
                       + r"\b", re.IGNORECASE)),
    ("my", re.compile(r"\b(?P<month>" + _MONTH + r")\.?\s+(?:de\s+|of\s+)?" + _YEAR + r"\b",
                      re.IGNORECASE)),
    ("dm", re.compile(r"\b" + _DAY + r"\s+(?:de\s+|of\s+)?(?P<month>" + _MONTH + r")\b(?!-)",
                      re.IGNORECASE)),
    ("md", re.compile(r"\b(?P<month>" + _MONTH + r")\.?\s+" + _DAY + r"\b(?!\s*[:h]\d)",
                      re.IGNORECASE)),
)

_YEAR_ONLY = re.compile(r"(?<![\w\-/.])(?:19|20)\d{2}(?![\w\-/])")


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
    for kind, pattern in _PATTERNS:
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
    if kind == "iso":
        day, month, year = int(groups["day"]), int(groups["month"]), int(groups["year"])
        if not 1 <= month <= 12:
            return None
    elif kind == "numeric":
        first, second = int(groups["a"]), int(groups["b"])
        day, month = (first, second) if second <= 12 else (second, first)
        year: int | None = int(groups["year"])
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
    return MONTHS.get(word.lower().rstrip("."))


def _is_full_month_name(word: str) -> bool:
    lowered = word.lower()
    return any(lowered == name.lower() for names in MONTH_NAMES.values() for name in names)


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def written_date(date: dt.date, language: str) -> str:
    """Write a date out in full in the report's language ("samedi 21 novembre 2026")."""
    lang = language if language in MONTH_NAMES else "en"
    weekday = WEEKDAY_NAMES[lang][date.weekday()]
    month = MONTH_NAMES[lang][date.month - 1]
    if lang == "fr":
        day = "1er" if date.day == 1 else str(date.day)
        return f"{weekday} {day} {month} {date.year}"
    return f"{weekday} {date.day} {month} {date.year}"


def written_event_date(date: EventDate, language: str) -> str:
    """Write an event date at its own precision ("10 avril 2025", "avril 2025", "2025")."""
    lang = language if language in MONTH_NAMES else "en"
    if date.month is None:
        return str(date.year)
    month = MONTH_NAMES[lang][date.month - 1]
    if date.day is None:
        return f"{month} {date.year}"
    if lang == "fr":
        return f"{'1er' if date.day == 1 else date.day} {month} {date.year}"
    return f"{date.day} {month} {date.year}"
