"""The timeline drawing: readable at any density, measured on the SVG the report embeds."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from fontTools.ttLib import TTFont

from briefing.edition import EditionOptions, assemble
from briefing.models import ChronologyEntry, EventDate
from briefing.render import render_html, templates_dir

SVG = "{http://www.w3.org/2000/svg}"


def _entry(date: EventDate, background: bool = False) -> ChronologyEntry:
    return ChronologyEntry(date, f"Event of {date.iso()}", None, (), background=background)


def _svg(entries: list[ChronologyEntry], language: str = "fr") -> ET.Element:
    edition = assemble((), (), EditionOptions(date=dt.date(2025, 2, 23), language=language))
    edition = replace(edition, chronology=tuple(entries))
    html = render_html(edition)
    return ET.fromstring(html[html.index("<svg"): html.index("</svg>") + len("</svg>")])


def _width(text: str, size: float, bold: bool) -> float:
    """The advance width of a text in the font the PDF embeds, read here with fontTools."""
    font = TTFont(templates_dir() / "fonts" / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"))
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    units = font["head"].unitsPerEm
    return sum(metrics[cmap[ord(ch)]][0] for ch in text) * size / units


def _boxes(svg: ET.Element) -> list[tuple[float, float, float, float, str]]:
    boxes = []
    for text in svg.iter(f"{SVG}text"):
        size = float(text.get("font-size", "8"))
        width = _width(text.text or "", size, text.get("font-weight") == "bold")
        x, y = float(text.get("x", "0")), float(text.get("y", "0"))
        x0 = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor",
                                                                             "start")]
        boxes.append((x0, y - size * 0.8, x0 + width, y + size * 0.25, text.text or ""))
    return boxes


def _overlaps(boxes: list[tuple[float, float, float, float, str]]) -> list[tuple[str, str]]:
    return [(a[4], b[4]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]


def _crowded() -> list[ChronologyEntry]:
    week = [_entry(EventDate(2025, 2, day))
            for day in range(16, 24) for _ in range(5)]
    months = [_entry(EventDate(2025, 2)), _entry(EventDate(2025, 3))]
    history = [_entry(EventDate(year, month, 1 + year % 27), background=True)
               for year in range(1990, 2025, 2) for month in (3, 9)]
    return week + months + history


@pytest.mark.parametrize("entries", [
    _crowded(),
    [_entry(EventDate(2025, 2, 18)), _entry(EventDate(2025, 2, 20))],
    [_entry(EventDate(2025, 2, 18)), _entry(EventDate(1991, 12, 26), background=True)],
    [_entry(EventDate(2025, 2, day)) for day in range(1, 29)],
], ids=["crowded", "sparse", "one-background-date", "a-day-each"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_labels_never_overlap_and_stay_inside(entries: list[ChronologyEntry],
                                              language: str) -> None:
    svg = _svg(entries, language)
    width, height = (float(v) for v in svg.get("viewBox", "").split()[2:])
    boxes = _boxes(svg)
    assert _overlaps(boxes) == []
    assert all(0 <= b[0] and b[2] <= width and 0 <= b[1] and b[3] <= height for b in boxes)


def test_every_entry_is_drawn_and_near_days_share_a_mark() -> None:
    entries = _crowded()
    svg = _svg(entries)
    labels = [t.text or "" for t in svg.iter(f"{SVG}text")]
    counts = [int(m.group(1)) if (m := re.search(r"\((\d+)\)$", label)) else 1
              for label in labels[1:] if not label.startswith(("Contexte", "La période"))]
    assert sum(counts) == len(entries)
    assert len(list(svg.iter(f"{SVG}circle"))) < len(entries)


def test_a_background_date_does_not_squeeze_the_period() -> None:
    week = [_entry(EventDate(2025, 2, 18)), _entry(EventDate(2025, 2, 19))]
    alone = _svg(week)
    with_history = _svg(week + [_entry(EventDate(1991, 12, 26), background=True)])

    def gap(svg: ET.Element) -> float:
        xs = [float(c.get("cx", "0")) for c in svg.iter(f"{SVG}circle")][:2]
        return abs(xs[1] - xs[0])
    assert gap(with_history) == gap(alone) > 100


def test_an_event_years_away_in_the_period_is_cut_off_the_axis_not_a_squeeze() -> None:
    week = [_entry(EventDate(2020, 9, day)) for day in (21, 23, 25, 27)]
    svg = _svg(week + [_entry(EventDate(2025, 2, 18))])
    xs = sorted(float(c.get("cx", "0")) for c in svg.iter(f"{SVG}circle"))
    assert len(xs) == 5  # every day of the week keeps its own mark
    assert xs[3] - xs[0] > 300  # the week spreads over half the strip and more
    cuts = [line for line in svg.iter(f"{SVG}line") if line.get("stroke") == "#fff"]
    assert len(cuts) == 1 and xs[3] < float(cuts[0].get("x1", "0")) < xs[4]


def test_the_timeline_is_vector() -> None:
    edition = assemble((), (), EditionOptions(date=dt.date(2025, 2, 23)))
    edition = replace(edition, chronology=tuple(_crowded()))
    html = render_html(edition)
    assert "<svg" in html and "<img" not in html


def test_no_events_no_drawing() -> None:
    edition = assemble((), (), EditionOptions(date=dt.date(2025, 2, 23)))
    assert "<svg" not in render_html(edition)
