"""Recognise calendar dates in French and English text and resolve them to a day or month.

Recognition is a table of rules (``RULES``), most complete first; each rule has a
pattern built from the language data (``lexicon/*/calendar.toml``) and a resolver that
turns a match into a date against an ``Anchor``: the publication date, a year read from
the text when there is none, and the last day the text named. What the words leave
open is decided as a reader would:

- a day and month without a year ("le 10 avril", "Aug. 7") and a month ("in October")
  take the year that puts them on the side of the publication date the clause's tense
  points to: before it in a past clause, after it in a future one, the nearest
  otherwise (with a bias for the past, as news reports what happened);
- a weekday is the last one on or before the publication date, the next one in a future
  clause or with "prochain"/"next";
- "today", "ce soir" are the publication date; "hier", "three days ago", "last month",
  "June last year" count from it; "la veille", "the next day" from the last day named.

A year that no publication date fixes comes from the text and is marked
``year_inferred``; without either the date is dropped rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from briefing import dateformat, datepatterns, lexicon, tense
from briefing.datepatterns import compiled as _compile, keys as _keys, words as _words
from briefing.models import EventDate

_YEAR_ONLY = re.compile(r"(?<![\w\-/.])(?:19|20)\d{2}(?![\w\-/])")


@dataclass(frozen=True)
class Anchor:
    """What partial and relative dates are resolved against."""

    published: dt.date | None = None
    year: int | None = None  # a year from the text, used (and flagged) without ``published``
    previous_day: dt.date | None = None  # the last day the text named, for "la veille"


@dataclass(frozen=True)
class DateMention:
    """A date found in a text: where it is, what it says, the rule that read it, and
    whether its year was guessed from the text rather than stated or fixed by the
    publication date."""

    start: int
    end: int
    date: EventDate
    rule: str = ""
    year_inferred: bool = False

    @property
    def year_stated(self) -> bool:
        return self.rule in _STATED


Resolver = Callable[[re.Match[str], str, Anchor], "tuple[EventDate, bool] | None"]


@dataclass(frozen=True)
class Rule:
    """One way of writing a date: its name, its pattern, and how it becomes a date."""

    name: str
    pattern: Callable[[], re.Pattern[str]]
    resolve: Resolver


# ---- the resolvers -------------------------------------------------------------------------

def _month_number(word: str) -> int | None:
    return datepatterns.months().get(word.lower().rstrip("."))


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _abbreviation_ok(match: re.Match[str]) -> bool:
    """A month abbreviation without a year is a date only when it reads as one: written
    with its period ("févr.", "Aug."), or with a capital when it is no word ("Aug 7")."""
    word = match.group("month")
    if word.lower() in lexicon.words("calendar", "words.month_names"):
        return True
    if match.group("dot"):
        return True
    return word[:1].isupper() and word.lower() not in lexicon.words(
        "calendar", "words.abbreviations_that_are_words")


def _full(match: re.Match[str], text: str, anchor: Anchor) -> tuple[EventDate, bool] | None:
    """A date whose year is written: ISO, numeric, "18 février 2025", "Feb. 18, 2025"."""
    groups = match.groupdict()
    if groups.get("m"):
        month: int | None = int(groups["m"])
    elif groups.get("a"):
        first, second = int(groups["a"]), int(groups["b"])
        groups["day"], month = (first, second) if second <= 12 else (second, first)
    else:
        month = _month_number(groups["month"])
    if groups.get("century"):
        century = int(lexicon.table("calendar", "year_words")[groups["century"].lower()])
        year = century * 100 + _spoken_tens(groups)
    else:
        year = int(groups["year"])
    day = int(groups["day"]) if groups.get("day") else None
    if month is None or not 1 <= month <= 12 or (day and not _valid_day(year, month, day)):
        return None
    return EventDate(year, month, day), False


def _spoken_tens(groups: dict[str, str]) -> int:
    tens = lexicon.table("calendar", "tens_words")[groups["tens"].lower()]
    units = lexicon.table("calendar", "units_words").get((groups.get("units") or "").lower(), 0)
    return int(tens) + int(units)


def _day_month(match: re.Match[str], text: str, anchor: Anchor) -> tuple[EventDate, bool] | None:
    """A day and a month ("le 10 avril", "Aug. 7", "March eighth"): the year by tense."""
    if not _abbreviation_ok(match):
        return None
    groups = match.groupdict()
    month = _month_number(groups["month"])
    day = int(groups["day"]) if groups.get("day") else int(
        lexicon.table("calendar", "ordinals")[groups["ordinal"].lower()])
    if month is None:
        return None
    found = tense.year_for(month, day, anchor.published, anchor.year, _day_tense(text, match))
    if found is None or not _valid_day(found[0], month, day):
        return None
    return EventDate(found[0], month, day), found[1]


def _day_tense(text: str, match: re.Match[str]) -> str:
    """The tense a day is read in: its clause's, or ahead after a word that points ahead
    ("from August 6", "dès le 3 juin") in a clause that is not past."""
    clause = tense.clause_tense(text, match.start(), match.end())
    if clause:
        return clause
    before = text[max(0, match.start() - 24): match.start()]
    articles = _words("relative.weekday_article_before_date")
    return "future" if re.search(r"(?<![\w'’])(?:" + _words("relative.future_before")
                                 + r")\s+(?:(?:" + articles + r")\s+)?$", before,
                                 re.IGNORECASE) else ""


def _month(match: re.Match[str], text: str, anchor: Anchor) -> tuple[EventDate, bool] | None:
    """A month, or a part of one ("en mai", "fin février", "last February", "this September",
    "June last year"): the month's precision, its year by relation or tense."""
    groups = match.groupdict()
    word = groups["month"]
    if word.lower() not in lexicon.words("calendar", "words.month_names") and not groups.get(
            "year"):
        return None  # "en mar", "in may": too ambiguous without a day or a year
    month = _month_number(word)
    if month is None:
        return None
    if groups.get("year"):
        return EventDate(int(groups["year"]), month), False
    if groups.get("offset") is not None:
        shift = lexicon.table("calendar", "year_offsets")[groups["offset"].lower()]
        if anchor.published is None:
            return None
        return EventDate(anchor.published.year + int(shift), month), False
    relation = tense.relation(groups.get("post")) or tense.relation(groups.get("pre"))
    found = tense.year_for(month, None, anchor.published, anchor.year,
                           tense.clause_tense(text, match.start(), match.end()), relation,
                           prefixed=not groups.get("post"))
    return (EventDate(found[0], month), found[1]) if found else None


def _month_offset(match: re.Match[str], text: str, anchor: Anchor) -> tuple[EventDate, bool] | None:
    """"last month", "le mois prochain": a month counted from the publication month."""
    if anchor.published is None:
        return None
    shift = int(lexicon.table("calendar", "month_offsets")[match.group("offset").lower()])
    return _month_shift(anchor.published, shift), False


def _month_shift(day: dt.date, shift: int) -> EventDate:
    index = day.year * 12 + day.month - 1 + shift
    return EventDate(index // 12, index % 12 + 1)


def _ago(match: re.Match[str], text: str, anchor: Anchor) -> tuple[EventDate, bool] | None:
    """"three days ago", "il y a deux semaines", "a year ago": a day, or a month for
    months and a single year."""
    groups = match.groupdict()
    if not (groups.get("ago") or groups.get("before")) or anchor.published is None:
        return None
    number = groups["number"].lower()
    count = int(number) if number.isdigit() else int(lexicon.table("calendar", "numbers")[number])
    unit = int(lexicon.table("calendar", "ago_units")[groups["unit"].lower()])
    if unit > 0:
        day = anchor.published - dt.timedelta(days=count * unit)
        return EventDate(day.year, day.month, day.day), False
    if unit < -1:
        return None  # "two years ago" names a year; "a year ago" in results is no event
    return _month_shift(anchor.published, unit * count), False


def _weekday(match: re.Match[str], text: str, anchor: Anchor) -> tuple[EventDate, bool] | None:
    """A weekday: the last one on or before the publication date, or the next one when
    the clause is about the future or says "prochain"/"next"; "ce"/"this" by tense."""
    if anchor.published is None or _recurring(text, match):
        return None
    groups = match.groupdict()
    relation = tense.relation(groups.get("post")) or tense.relation(groups.get("pre"))
    stated = datepatterns.weekdays()[groups["weekday"].lower()]
    published = anchor.published
    back = (published.weekday() - stated) % 7
    ahead = (stated - published.weekday()) % 7
    if relation == "next":
        day = published + dt.timedelta(days=ahead or 7)
    elif relation == "last":
        day = published - dt.timedelta(days=back or 7)
    elif _ahead(text, match):
        day = published + dt.timedelta(days=ahead)
    else:
        day = published - dt.timedelta(days=back)
    return EventDate(day.year, day.month, day.day), False


def _ahead(text: str, match: re.Match[str]) -> bool:
    """Whether a weekday lies ahead: a future clause, a word that points ahead ("pour
    lundi", "starting Monday"), or a bound ("by Friday") in a clause that is not past
    ("had filed reports by Wednesday" is behind)."""
    clause = tense.clause_tense(text, match.start(), match.end())
    before = text[max(0, match.start() - 16): match.start()]

    def after(key: str) -> bool:
        return bool(re.search(r"(?<![\w'’])(?:" + _words(key) + r")\s+$", before,
                              re.IGNORECASE))
    return clause == "future" or after("relative.future_before") or (
        clause != "past" and after("relative.bound_before"))


def _offset(match: re.Match[str], text: str, anchor: Anchor) -> tuple[EventDate, bool] | None:
    """"today", "hier", "ce soir", "tomorrow": counted from the publication date; not in
    "the people of tomorrow", "la France d'aujourd'hui", "aujourd'hui encore"."""
    if anchor.published is None:
        return None
    before = text[max(0, match.start() - 12): match.start()]
    after = text[match.end(): match.end() + 10]
    if re.search(r"(?<![\w'’])(?:" + _words("relative.not_offset_before") + r")\s*$", before,
                 re.IGNORECASE) or re.match(r"\s*(?:" + _words("relative.not_offset_after")
                                            + r")(?!\w)", after, re.IGNORECASE):
        return None
    word = match.group("offset").lower()
    if word in lexicon.words("calendar", "relative.offsets_after_verb") and not re.search(
            r"(?<![\w'’])(?:" + lexicon.alternation(lexicon.entries(
                "calendar", "relative.recent_past"), escape=False) + r")\s+$",
            text[max(0, match.start() - 40): match.start()], re.IGNORECASE):
        return None  # "aujourd'hui" alone is as often "nowadays" as "today"
    shift = int(lexicon.table("calendar", "day_offsets")[word])
    day = anchor.published + dt.timedelta(days=shift)
    return EventDate(day.year, day.month, day.day), False


def _anaphoric(match: re.Match[str], text: str, anchor: Anchor) -> tuple[EventDate, bool] | None:
    """"la veille", "the next day": a day from the last day the text named."""
    if anchor.previous_day is None:
        return None
    shift = int(lexicon.table("calendar", "anaphoric_days")[match.group("offset").lower()])
    day = anchor.previous_day + dt.timedelta(days=shift)
    return EventDate(day.year, day.month, day.day), False


RULES: tuple[Rule, ...] = (
    Rule("iso", functools.partial(datepatterns.pattern, "iso"), _full),
    Rule("numeric", functools.partial(datepatterns.pattern, "numeric"), _full),
    Rule("dmy", functools.partial(datepatterns.pattern, "dmy"), _full),
    Rule("mdy", functools.partial(datepatterns.pattern, "mdy"), _full),
    Rule("part-month", functools.partial(datepatterns.pattern, "part-month"), _month),
    Rule("my", functools.partial(datepatterns.pattern, "my"), _full),
    Rule("spoken-my", functools.partial(datepatterns.pattern, "spoken-my"), _full),
    Rule("range-dm", functools.partial(datepatterns.pattern, "range-dm"), _day_month),
    Rule("range-md", functools.partial(datepatterns.pattern, "range-md"), _day_month),
    Rule("and-dm", functools.partial(datepatterns.pattern, "and-dm"), _day_month),
    Rule("dm", functools.partial(datepatterns.pattern, "dm"), _day_month),
    Rule("md", functools.partial(datepatterns.pattern, "md"), _day_month),
    Rule("spoken-dm", functools.partial(datepatterns.pattern, "spoken-dm"), _day_month),
    Rule("spoken-md", functools.partial(datepatterns.pattern, "spoken-md"), _day_month),
    Rule("month-year-offset", functools.partial(datepatterns.pattern, "month-year-offset"), _month),
    Rule("month", functools.partial(datepatterns.pattern, "month"), _month),
    Rule("month-offset", functools.partial(datepatterns.pattern, "month-offset"), _month_offset),
    Rule("ago", functools.partial(datepatterns.pattern, "ago"), _ago),
    Rule("weekday", functools.partial(datepatterns.pattern, "weekday"), _weekday),
    Rule("offset", functools.partial(datepatterns.pattern, "offset"), _offset),
    Rule("anaphoric", functools.partial(datepatterns.pattern, "anaphoric"), _anaphoric),
)
_STATED = frozenset({"iso", "numeric", "dmy", "mdy", "my", "spoken-my"})


def find_dates(text: str, anchor: Anchor | None = None) -> list[DateMention]:
    """Return the dates stated in ``text``, left to right, without overlaps: by the first
    rule of ``RULES`` that reads a date at each place."""
    anchor = anchor or Anchor()
    found: list[DateMention] = []
    taken = bytearray(len(text) + 1)  # characters already read as a date
    for rule in RULES:
        for match in rule.pattern().finditer(text):
            if any(taken[match.start():match.end()]):
                continue
            if rule.name not in _STATED and _every().search(
                    text, max(0, match.start() - 40), match.start()):
                continue  # "chaque 14 juillet", "every Monday": no one day
            resolved = rule.resolve(match, text, anchor)
            if resolved is not None:
                found.append(DateMention(match.start(), match.end(), resolved[0], rule.name,
                                         year_inferred=resolved[1]))
                taken[match.start():match.end()] = b"\x01" * (match.end() - match.start())
    return sorted(found, key=lambda mention: mention.start)


# ---- years, tense and relations ------------------------------------------------------------

@functools.cache
def _every() -> re.Pattern[str]:
    return _compile(r"(?<![\w'’])(?:" + _words("relative.every") + r")\s+$")


def _recurring(text: str, match: re.Match[str]) -> bool:
    """A weekday that recurs rather than happens once: "le lundi", "du lundi au
    vendredi", "Mondays"."""
    before = text[max(0, match.start() - 20): match.start()]
    after = text[match.end(): match.end() + 4]
    if after[:1].lower() == "s" and not after[1:2].isalpha():
        return True
    if re.search(r"(?:" + _keys("weekdays") + r")\s+(?:" + _words("relative.weekday_span")
                 + r")\s+$", before, re.IGNORECASE):
        return True
    return bool(re.search(r"(?<![\w'’])(?:" + _words("relative.recurring_before") + r")\s+$",
                          before, re.IGNORECASE))


@functools.cache
def _recurring_sentence() -> re.Pattern[str]:
    return _compile(r"(?<![\w'’])(?:" + lexicon.alternation(
        lexicon.entries("calendar", "relative.recurring_sentence"), escape=False) + r")(?!\w)")


def recurs(sentence: str) -> bool:
    """Whether a sentence speaks of something that comes back ("chaque année", "every
    year", an anniversary): its dates without a year are no events."""
    return bool(_recurring_sentence().search(sentence))


# ---- helpers for the cleaner and the chronology -------------------------------------------

@functools.cache
def _weekday_before() -> re.Pattern[str]:
    """A weekday written right before a date ("mardi 23 juillet", "Tuesday, the 5th")."""
    articles = _words("relative.weekday_article_before_date")
    return re.compile(r"\b(?P<weekday>" + _keys("weekdays") + r"),?\s+(?:(?:"
                      + articles + r")\s+)?$", re.IGNORECASE)


def fit_weekday(text: str, mention: DateMention) -> DateMention:
    """For a day and month whose year was inferred, let a weekday written before it pick
    the nearest year where the day falls on that weekday ("mardi 23 juillet")."""
    date = mention.date
    before = _weekday_before().search(text[max(0, mention.start - 16): mention.start])
    if not mention.year_inferred or not before or date.day is None or date.month is None:
        return mention
    stated = datepatterns.weekdays()[before.group("weekday").lower()]
    for shift in (0, -1, 1, -2, 2, -3, 3):
        year = date.year + shift
        if _valid_day(year, date.month, date.day) and dt.date(
                year, date.month, date.day).weekday() == stated:
            return DateMention(mention.start, mention.end, EventDate(year, date.month, date.day),
                               mention.rule, year_inferred=True)
    return mention


def weekday_conflict(text: str, mention: DateMention) -> str | None:
    """A weekday written before a full date that does not fall on it ("lundi 18 février
    2025" is a Tuesday), as a message for the reviewer."""
    date = mention.date
    if date.day is None or date.month is None or not mention.year_stated:
        return None
    before = _weekday_before().search(text[max(0, mention.start - 16): mention.start])
    if not before:
        return None
    stated = datepatterns.weekdays()[before.group("weekday").lower()]
    actual = dt.date(date.year, date.month, date.day).weekday()
    if stated == actual:
        return None
    lang = next((code for code in lexicon.languages() if before.group("weekday").lower()
                 in lexicon.words("calendar", "weekdays", code)), "en")
    return (f"'{before.group('weekday')} {text[mention.start: mention.end]}' does not match: "
            f"{date.iso()} is a {dateformat.names('weekday_names', lang)[actual]}")


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


