"""The patterns of the date rules, built once from the language data
(``lexicon/*/calendar.toml``): dates written out (a day, a month, a year) and dates
read from the publication date (weekdays, offsets, parts of months, "ago")."""

from __future__ import annotations

import functools
import re

from briefing import lexicon

YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
NOT_CODE_BEFORE = r"(?<![\w/.\-])"
NOT_CODE_AFTER = r"(?![\w/\-]|\.\d)"


def months() -> dict[str, int]:
    """Month names and abbreviations of every language, with their number."""
    return lexicon.table("calendar", "months")


def weekdays() -> dict[str, int]:
    """Weekday names of every language, Monday = 0."""
    return lexicon.table("calendar", "weekdays")


def words(name: str) -> str:
    """A list of the calendar data as a regex alternation (one that never matches when
    no language has the list)."""
    return lexicon.alternation(lexicon.entries("calendar", name)) or "(?!)"


def keys(name: str) -> str:
    """A table of the calendar data, by its keys, as a regex alternation."""
    return lexicon.alternation(lexicon.table("calendar", name)) or "(?!)"


def compiled(pattern: str) -> re.Pattern[str]:
    """A pattern, case-insensitive."""
    return re.compile(pattern, re.IGNORECASE)


@functools.cache
def _parts() -> dict[str, str]:
    """Regex pieces shared by the rules."""
    month = keys("months")
    day = (r"(?P<day>[0-3]?\d)(?:" + words("words.day_suffixes") + r")?")
    return {
        "month": r"(?P<month>" + month + r")(?P<dot>\.)?",
        "day": day,
        "joiner": r"(?:(?:" + words("words.day_month_joiners") + r")\s+)?",
        "weekday": r"(?P<weekday>" + keys("weekdays") + r")",
        "ordinal": r"(?P<ordinal>" + keys("ordinals") + r")",
        "spoken_year": (r"(?P<century>" + keys("year_words") + r")[\s-]+(?P<tens>"
                        + keys("tens_words") + r")(?:-(?P<units>" + keys("units_words")
                        + r"))?"),
        "number": r"(?P<number>\d{1,2}|" + keys("numbers") + r")",
    }


@functools.cache
def pattern(name: str) -> re.Pattern[str]:
    """The pattern of a rule, built once from the language data."""
    return compiled({**_stated_patterns(), **_relative_patterns()}[name])


def _stated_patterns() -> dict[str, str]:
    """Dates written out: a day, a month, a year, in any order the languages use."""
    p = _parts()
    not_time = r"(?!\s*[:h]\d)"
    return {
        "iso": (NOT_CODE_BEFORE + r"(?P<year>\d{4})-(?P<m>\d{2})-(?P<day>\d{2})"
                + NOT_CODE_AFTER),
        "numeric": (NOT_CODE_BEFORE + r"(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[01]?\d)(?P=sep)"
                    + r"(?P<year>(?:19|20)\d{2})" + NOT_CODE_AFTER),
        "dmy": r"\b" + p["day"] + r"\s+" + p["joiner"] + p["month"] + r",?\s+" + YEAR + r"\b",
        "mdy": r"\b" + p["month"] + r"\s+" + p["day"] + r",?\s+" + YEAR + r"\b",
        "my": r"\b" + p["month"] + r"\s+" + p["joiner"] + YEAR + r"\b",
        "spoken-my": r"\b" + p["month"] + r",?\s+" + p["spoken_year"] + r"\b",
        "range-dm": (r"\b" + p["day"] + r"\s*(?:-|–|" + words("words.range_joiners")
                     + r")\s*[0-3]?\d(?:" + words("words.day_suffixes") + r")?\s+" + p["month"]
                     + r"(?![\w-])"),
        "range-md": (r"\b" + p["month"] + r"\s+" + p["day"] + r"\s*(?:-|–|"
                     + words("words.range_joiners") + r")\s*[0-3]?\d\b" + not_time),
        # the first day of "les 11 et 15 août", "le 11 et le 15 août": the second is read
        # as a day of its own
        "and-dm": (r"\b" + p["day"] + r"\s+(?:" + words("words.day_coordinators")
                   + r")\s+(?:(?:" + words("relative.weekday_article_before_date")
                   + r")\s+)?(?=[0-3]?\d(?:" + words("words.day_suffixes") + r")?\s+"
                   + p["month"] + r"(?![\w-]))"),
        "dm": r"\b" + p["day"] + r"\s+" + p["joiner"] + p["month"] + r"(?![\w-])",
        "md": r"\b" + p["month"] + r"\s+" + p["day"] + r"\b" + not_time,
        "spoken-dm": (r"\b(?:the\s+)?" + p["ordinal"] + r"\s+(?:"
                      + words("words.day_month_joiners") + r")?\s*" + p["month"] + r"\b"),
        "spoken-md": r"\b" + p["month"] + r"\s+(?:the\s+)?" + p["ordinal"] + r"\b",
    }


def _relative_patterns() -> dict[str, str]:
    """Dates read from the publication date: parts of months, offsets, weekdays, "ago"."""
    p = _parts()
    last = words("relative.last_before")
    next_ = words("relative.next_before")
    this = words("relative.this_before")
    after = words("relative.last_after") + "|" + words("relative.next_after")
    return {
        "part-month": (r"(?<![\w-])(?:" + words("words.month_parts") + r")\s*(?:(?:"
                       + words("relative.month_part_joiners") + r")\s*)?" + p["month"]
                       + r"(?![\w-])(?:\s+(?P<year>(?:19|20)\d{2})\b)?"),
        "month-year-offset": (r"\b(?:(?:" + words("relative.month_before") + r")\s+)?"
                              + p["month"] + r",?\s+(?P<offset>" + keys("year_offsets")
                              + r")(?![\w-])"),
        "month": (r"\b(?:(?P<pre>" + words("relative.month_before") + "|" + last + "|" + next_
                  + "|" + this + r")\s+)" + p["month"] + r"(?![\w-])(?!\s+(?:19|20)\d{2})"
                  + r"(?:\s+(?P<post>" + after + r")\b)?"),
        "month-offset": r"(?<![\w-])(?P<offset>" + keys("month_offsets") + r")(?![\w-])",
        "ago": (r"\b(?:(?P<before>" + words("relative.ago_before") + r")\s+)?" + p["number"]
                + r"\s+(?P<unit>" + keys("ago_units") + r")(?:\s+(?P<ago>"
                + words("relative.ago") + r"))?\b"),
        "weekday": (r"(?<![\w-])(?:(?P<pre>" + this + "|" + last + "|" + next_ + "|"
                    + words("relative.plain_before") + r")\s+)?" + p["weekday"]
                    + r"(?![\w-])(?:\s+(?P<post>" + after + r")\b)?"
                    + r"(?!,?\s+(?:[0-3]?\d|" + keys("months") + r")\b)"),
        "offset": r"(?<![\w-])(?P<offset>" + keys("day_offsets") + r")(?![\w-])",
        "anaphoric": r"(?<![\w-])(?P<offset>" + keys("anaphoric_days") + r")(?![\w-])",
    }
