"""Write dates out in the report's language, at the precision they have."""

from __future__ import annotations

import datetime as dt

from briefing import lexicon
from briefing.models import EventDate


def names(kind: str, language: str) -> tuple[str, ...]:
    """Month or weekday names to write dates with, in a language briefing has data for."""
    lang = language if language in lexicon.languages() else "en"
    return lexicon.entries("calendar", f"words.{kind}", lang)


def _day(day: int, language: str) -> str:
    return "1er" if language == "fr" and day == 1 else str(day)


def written_date(date: dt.date, language: str) -> str:
    """Write a date out in full in the report's language ("samedi 21 novembre 2026")."""
    weekday = names("weekday_names", language)[date.weekday()]
    month = names("month_names", language)[date.month - 1]
    if language == "fr":
        return f"{weekday} {_day(date.day, language)} {month} {date.year}"
    return f"{weekday} {date.day} {month} {date.year}"


def written_event_date(date: EventDate, language: str) -> str:
    """Write an event date at its own precision ("10 avril 2025", "avril 2025", "2025")."""
    if date.month is None:
        return str(date.year)
    month = names("month_names", language)[date.month - 1]
    if date.day is None:
        return f"{month} {date.year}"
    if language == "fr":
        return f"{_day(date.day, language)} {month} {date.year}"
    return f"{date.day} {month} {date.year}"


def short_date(date: EventDate, language: str, year: bool = False) -> str:
    """A short label for a timeline ("18 févr.", "Feb. 18", "avr. 2025" with ``year``)."""
    if date.month is None:
        return str(date.year)
    month = names("month_short", language)[date.month - 1]
    suffix = f" {date.year}" if year or date.day is None else ""
    if date.day is None:
        return f"{month}{suffix}"
    if language == "fr":
        return f"{_day(date.day, language)} {month}{suffix}"
    return f"{month} {date.day}{',' if suffix else ''}{suffix}"
