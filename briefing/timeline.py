"""Lay out the chronology's timeline: vector shapes the report template draws as SVG.

Two strips. The edition's period is drawn to scale, one day a fixed width (a gap of
months between two runs of events is cut out of the axis and marked); the
background (earlier events the articles recall) gets a strip of its own where events
stand evenly spaced in date order, so that one event years back never squeezes the
week into a blob. Events on the same or near days share one mark with a count.

Labels never overlap: each label's width is measured with the report's own font
(fontTools reads the TTF the PDF embeds), and labels are placed in rows above and
below the axis, the first row that has room; when none has, the marks are grouped
more coarsely and the strip laid out again.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from dataclasses import dataclass
from pathlib import Path

from briefing import dateformat
from briefing.models import ChronologyEntry, EventDate

WIDTH = 640.0
MARGIN = 24.0
FONT_SIZE = 7.5
TITLE_SIZE = 8.0
ROW_HEIGHT = 11.0
ROWS = (-1, 1, -2, 2, -3, 3)  # label rows: above the axis (-), below it (+)
GAP = 4.0  # the least room between two labels


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "middle"  # SVG text-anchor
    size: float = FONT_SIZE
    bold: bool = False


@dataclass(frozen=True)
class Segment:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 1.0
    color: str = "#555"


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    count: int


@dataclass(frozen=True)
class Drawing:
    """What the template draws, in SVG user units."""

    width: float
    height: float
    segments: tuple[Segment, ...]
    dots: tuple[Dot, ...]
    texts: tuple[Text, ...]


@functools.cache
def _font(bold: bool) -> tuple[dict[int, str], dict[str, tuple[int, int]], int]:
    from fontTools.ttLib import TTFont

    from briefing.render import templates_dir

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    font = TTFont(Path(templates_dir()) / "fonts" / name, lazy=True)
    return font.getBestCmap(), dict(font["hmtx"].metrics), font["head"].unitsPerEm


def text_width(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    """The advance width of ``text`` in the report's sans font at ``size`` user units."""
    cmap, metrics, units = _font(bold)
    fallback = metrics.get(cmap.get(ord("n"), ".notdef"), (units // 2, 0))[0]
    total = sum(metrics.get(cmap.get(ord(ch), ""), (fallback, 0))[0] for ch in text)
    return total * size / units


def _day(date: EventDate) -> dt.date:
    """Where a date stands on a scale: its day, the middle of its month or year."""
    return dt.date(date.year, date.month or 7, date.day or (15 if date.month else 1))


@dataclass
class _Group:
    """Entries drawn as one mark: their dates, how many, and where."""

    first: EventDate
    last: EventDate
    count: int
    x: float


def layout(entries: tuple[ChronologyEntry, ...], language: str,
           titles: tuple[str, str]) -> Drawing | None:
    """The timeline of a chronology; ``titles``: the period's and the background's."""
    current = [e for e in entries if not e.background]
    background = [e for e in entries if e.background]
    strips = [(titles[0], current, True), (titles[1], background, False)]
    strips = [strip for strip in strips if strip[1]]
    if not strips:
        return None
    segments: list[Segment] = []
    dots: list[Dot] = []
    texts: list[Text] = []
    top = 0.0
    for title, members, to_scale in strips:
        axis = top + 14 + len(ROWS) // 2 * ROW_HEIGHT + 8
        texts.append(Text(MARGIN - 8, top + 9, title, anchor="start", size=TITLE_SIZE,
                          bold=True))
        _strip(members, language, axis, to_scale, segments, dots, texts)
        top = axis + len(ROWS) // 2 * ROW_HEIGHT + 14
    return Drawing(WIDTH, top, tuple(segments), tuple(dots), tuple(texts))


def _strip(entries: list[ChronologyEntry], language: str, axis: float, to_scale: bool,
           segments: list[Segment], dots: list[Dot], texts: list[Text]) -> None:
    """One strip: its axis, marks and labels, grouped until every label has room."""
    dated = sorted(entries, key=lambda e: e.date.sort_key())
    left, right = MARGIN, WIDTH - MARGIN
    breaks: list[float] = []
    if to_scale:
        positions, breaks = _to_scale([e.date for e in dated], left, right)
    else:
        ranks = {date: rank for rank, date in enumerate(sorted({e.date for e in dated},
                                                                key=EventDate.sort_key))}
        step = (right - left) / max(1, len(ranks) - 1)
        positions = [(left + ranks[e.date] * step if len(ranks) > 1 else (left + right) / 2,
                      e.date) for e in dated]
    segments.append(Segment(left - 6, axis, right + 6, axis, width=1.2))
    for x in breaks:  # the axis cut, and two slanted strokes: time left out
        segments.append(Segment(x - 3, axis, x + 3, axis, width=2.0, color="#fff"))
        segments.extend(Segment(x + dx - 2, axis + 4, x + dx + 2, axis - 4, width=0.8)
                        for dx in (-3, 3))
    gap = 6.0
    while True:
        groups = _groups(positions, gap)
        with_year = not to_scale or dated[0].date.year != dated[-1].date.year
        placed = _place_labels(groups, language, with_year, left, right)
        if placed is not None:
            break
        gap *= 1.6
    for group in groups:
        dots.append(Dot(group.x, axis, 2.5 + min(group.count, 6) * 0.6, group.count))
    for group, (x, label, row) in zip(groups, placed, strict=True):
        y = axis + row * ROW_HEIGHT + (FONT_SIZE if row > 0 else -4)
        if abs(row) > 1:
            end = y - FONT_SIZE if row > 0 else y + 2
            segments.append(Segment(group.x, axis, group.x, end, width=0.4, color="#999"))
        texts.append(Text(x, y, label, anchor="start"))


BREAK_DAYS = 90  # a gap between two events longer than this (and than half the span)
BREAK_WIDTH = 18.0  # is cut out of the axis, which takes this much room


def _to_scale(dates: list[EventDate], left: float, right: float
              ) -> tuple[list[tuple[float, EventDate]], list[float]]:
    """Positions on a scale of days set by the days of the strip (a month or a year only
    widens it when no day is known): a month stands at its middle, kept on the axis. A
    long gap (an event years from the others) is cut out of the axis, so that it never
    squeezes the rest into a blob; each run of dates gets room by its span. Also returns
    where the axis is cut."""
    days = [_day(d) for d in dates if d.day is not None] or [_day(d) for d in dates]
    ordered = sorted(set(days))
    span = (ordered[-1] - ordered[0]).days
    if span == 0:
        return [((left + right) / 2, d) for d in dates], []
    runs = [[ordered[0]]]
    for before, after in itertools.pairwise(ordered):
        gap = (after - before).days
        if gap > BREAK_DAYS and gap > span / 2:
            runs.append([])
        runs[-1].append(after)
    spans = [(run[-1] - run[0]).days for run in runs]
    pad = max(1.0, sum(spans) / (2 * len(runs)))  # a run of one day still takes room
    room = right - left - BREAK_WIDTH * (len(runs) - 1)
    widths = [room * (s + pad) / sum(t + pad for t in spans) for s in spans]
    starts = [left + sum(widths[:i]) + BREAK_WIDTH * i for i in range(len(runs))]

    def where(date: EventDate) -> float:
        day = _day(date)
        index = max((i for i, run in enumerate(runs) if run[0] <= day), default=0)
        run, start, width = runs[index], starts[index], widths[index]
        if run[-1] == run[0]:
            return start + width / 2
        offset = (day - run[0]).days / (run[-1] - run[0]).days
        return start + min(max(offset, 0.0), 1.0) * width
    breaks = [start - BREAK_WIDTH / 2 for start in starts[1:]]
    return [(where(d), d) for d in dates], breaks


def _groups(positions: list[tuple[float, EventDate]], gap: float) -> list[_Group]:
    groups: list[_Group] = []
    for x, date in positions:
        if groups and x - groups[-1].x < gap:
            last = groups[-1]
            count = last.count + 1
            groups[-1] = _Group(last.first, date, count, (last.x * last.count + x) / count)
        else:
            groups.append(_Group(date, date, 1, x))
    return groups


def _label(group: _Group, language: str, with_year: bool) -> str:
    first = dateformat.short_date(group.first, language, year=with_year)
    if group.last != group.first:
        first += " – " + dateformat.short_date(group.last, language, year=with_year)
    return first + (f" ({group.count})" if group.count > 1 else "")


def _place_labels(groups: list[_Group], language: str, with_year: bool,
                  left: float, right: float) -> list[tuple[float, str, int]] | None:
    """Where each group's label starts and in which row, overlapping no other label;
    None when one finds no room."""
    taken: dict[int, list[tuple[float, float]]] = {row: [] for row in ROWS}
    placed: list[tuple[float, str, int]] = []
    for group in groups:
        text = _label(group, language, with_year)
        width = text_width(text)
        start = min(max(group.x - width / 2, left - MARGIN + 2), right + MARGIN - 2 - width)
        for row in ROWS:
            if all(start + width + GAP <= a or b + GAP <= start for a, b in taken[row]):
                taken[row].append((start, start + width))
                placed.append((start, text, row))
                break
        else:
            return None
    return placed


def boxes(drawing: Drawing) -> list[tuple[float, float, float, float]]:
    """The box (x0, y0, x1, y1) each text of a drawing covers, for overlap checks."""
    found = []
    for text in drawing.texts:
        width = text_width(text.text, text.size, text.bold)
        x0 = {"start": text.x, "middle": text.x - width / 2, "end": text.x - width}[text.anchor]
        found.append((x0, text.y - text.size * 0.8, x0 + width, text.y + text.size * 0.2))
    return found
