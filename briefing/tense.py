"""Which side of the publication date a date without a year or week lies on.

A reader places "le 10 avril", "in October" or "Friday" by the words around them: the
relation words ("dernier", "next", "this") and, failing those, the tense of the clause
the date stands in. The tense is read from markers of ``lexicon/*/calendar.toml``
(``relative.future``, ``relative.past``): the nearest one before the date in its clause
decides, else the nearest after it when the date opens the clause.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from briefing import lexicon

@functools.cache
def _clause_break() -> re.Pattern[str]:
    """Where the clause of a date begins or ends: punctuation, or a word opening a clause
    ("that", "qui", "lorsque")."""
    openers = lexicon.alternation(lexicon.entries("calendar", "relative.clause_openers"))
    return re.compile(r"[.;:!?«»“”\"()]|,\s|(?<![\w'’])(?:" + openers + r")(?![\w])",
                      re.IGNORECASE)


def year_for(month: int, day: int | None, published: dt.date | None, text_year: int | None,
             stated_tense: str, relation: str = "",
             prefixed: bool = False) -> tuple[int, bool] | None:
    """The year of a day or month written without one, and whether it was inferred.

    From the publication date: "last"/"dernier" is the latest such month before it,
    "next"/"prochain" the first after it, "this"/"ce" the one of its year; otherwise the
    nearest, the clause's tense weighing the side it points to: time on the other side
    counts six times (a past clause may still name a day next week: "ont appelé à
    manifester le 30 juin"), and without tense time ahead counts four times (news reports
    what happened: "l'affaire du 1er mai" in February is last May).
    """
    if published is None:
        return (text_year, True) if text_year else None
    stated = (month, day or 0)
    today = (published.month, published.day if day else 0)
    year = published.year
    if relation == "last":  # "février dernier": the latest before; "last February": last year's
        return (year if stated < today and not prefixed else year - 1), False
    if relation == "next":  # "mars prochain": the first after; "next March": next year's
        return (year if stated > today and not prefixed else year + 1), False
    if relation == "this":
        return year, False
    ahead, back = {"past": (6, 1), "future": (1, 6)}.get(stated_tense, (4, 1))

    def distance(candidate: int) -> float:
        when = dt.date(candidate, month, min(day or 15, 28))
        gap = (when - published).days
        return gap * ahead if gap > 0 else -gap * back

    return min((year - 1, year, year + 1), key=distance), False


def relation(word: str | None) -> str:
    """What a relative word means: "last", "next", "this" or "" (none)."""
    if not word:
        return ""
    folded = word.strip().lower()
    for relation in ("last", "next", "this"):
        if folded in lexicon.words("calendar", f"relative.{relation}_before") | \
                lexicon.words("calendar", f"relative.{relation}_after"):
            return relation
    return ""


@functools.cache
def _tense_markers() -> re.Pattern[str]:
    def group(name: str) -> str:
        return lexicon.alternation(lexicon.entries("calendar", f"relative.{name}"), escape=False)
    return re.compile(r"(?<![\w'’])(?:(?P<future>" + group("future") + r")|(?P<past>"
                      + group("past") + r"))(?![\w'’])", re.IGNORECASE)


CLAUSE_REACH = 400  # characters looked at on each side of a date: linear time on any text


def clause_tense(text: str, start: int, end: int) -> str:
    """The tense of the clause a date at ``start:end`` stands in: "past", "future" or "".

    The nearest tense marker before the date in its clause decides; without one, the
    nearest after it ("Le 2 décembre, elle décède" reads on past the comma).
    """
    window = max(0, start - CLAUSE_REACH)  # a clause longer than this is no clause
    left_start = max((m.end() for m in _clause_break().finditer(text, window, start)),
                     default=window)
    markers = [m for m in _tense_markers().finditer(text, left_start, start) if _marks(text, m)]
    if markers:
        return "future" if markers[-1].group("future") else "past"
    right = text[end:end + CLAUSE_REACH]
    opening = re.match(r"[\s,]*", right)
    opens_clause = len(re.findall(r"\w+", text[left_start:start])) <= 2
    skip = opening.end() if opening and opens_clause else 0
    stop = _clause_break().search(right, skip)
    segment_end = end + (stop.start() if stop else len(right))
    marker = next((m for m in _tense_markers().finditer(text, end + skip, segment_end)
                   if _marks(text, m)), None)
    if marker:
        return "future" if marker.group("future") else "past"
    return ""


def _marks(text: str, marker: re.Match[str]) -> bool:
    """Whether a tense marker marks the clause's tense: a participle after a determiner,
    "be" or a modal ("the reduced dividend", "can be exercised") does not."""
    before = re.search(r"([\w'’]+)\s+$", text[max(0, marker.start() - 20): marker.start()])
    word = before.group(1).lower() if before else ""
    if marker.group("future"):  # "as planned", "comme prévu": what was planned happened
        return word not in lexicon.words("calendar", "relative.future_not_after")
    return word not in lexicon.words("calendar", "relative.past_not_after")
