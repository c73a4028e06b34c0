"""An article's metadata from its page: title, byline, dateline, outlet and URL.

The header is what stands before the first paragraph of prose; what it lacks is
looked for in the rest of the page (an "écrit X" attribution, a closing signature,
the name the footer's notices repeat, the first address).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, replace

from briefing import dates, lexicon
from briefing.models import RawDocument
from briefing.units import (PROSE_END, URL, Unit, byline_name, header_patterns,
                            is_boilerplate, is_navigation, matches_any)

_DOMAIN = re.compile(r"(?<![@\w.])(?:[A-Za-z][\w-]*\.)+"
                     r"(?:ca|com|fr|org|net|info|eu|be|ch|io|news|ru|"
                     r"de|uk|us|it|es)\b")


_NAME_RUN = re.compile(r"\b(?:[A-ZÀ-Ý][\w'’\-]*|[A-Z]{2,})"
                       r"(?:\s+(?:[A-ZÀ-Ý][\w'’\-]*|[A-Z]{2,}|de|du|"
                       r"des|la|le|of|the|and|et))*")


@dataclass(frozen=True)
class Header:
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None


def read_header(units: list[Unit]) -> Header:
    header = Header()
    for unit in units:
        text = unit.text.strip()
        byline = byline_name(text)
        date = published_date(text)
        agency = header_patterns()["with_agency"].match(text)
        if byline and header.author is None:
            header = replace(header, author=byline, published=header.published or date,
                             outlet=header.outlet or _byline_outlet(text))
        elif date and header.published is None:
            header = replace(header, published=date, outlet=header.outlet or _dateline_outlet(text))
        elif agency and header.outlet is None:
            header = replace(header, outlet=agency.group("outlet").strip())
        elif header.url is None and URL.fullmatch(text):
            header = replace(header, url=text)
        elif header.title is None and looks_like_title(unit):
            header = replace(header, title=text)
    return header


def published_date(text: str) -> dt.date | None:
    """The publication date a header line states: the one after "Publié"/"Published" when
    the line says so, never one that only says when the page was updated."""
    marker = header_patterns()["published_mark"].search(text)
    if marker:
        return dates.first_full_date(text[marker.end():])
    if header_patterns()["updated"].search(text):
        return None
    return dates.first_full_date(text)


def is_standfirst(unit: Unit, header: Header) -> bool:
    """A header line that is article text after all: a long standfirst or a lead that
    ends with a question or an exclamation, not the title or a metadata line."""
    text = unit.text
    return (unit.words >= 8 and text != header.title and unit.link_density < 0.5
            and not unit.bullet and not byline_name(text) and not published_date(text)
            and not is_navigation(unit) and not is_boilerplate(unit)
            and text.rstrip().endswith(tuple(PROSE_END)))


def looks_like_title(unit: Unit) -> bool:
    text = unit.text
    opening = text.lstrip("\"«“'‘ ")[:1]
    return (3 <= unit.words <= 40 and (opening.isupper() or opening.isdigit())
            and unit.link_density < 0.5
            and not is_navigation(unit) and not matches_any(text, "tail"))


def _dateline_outlet(text: str) -> str | None:
    """The outlet a dateline names before its date ("Mondialisation.ca, 20 février 2025")."""
    mentions = dates.find_dates(text)
    if not mentions:
        return None
    prefix = text[: mentions[0].start]
    for marker in (header_patterns()["published_mark"], header_patterns()["updated"]):
        found = marker.search(prefix)
        if found:
            prefix = prefix[: found.start()]
    prefix = header_patterns()["published_words"].sub("", prefix.strip(" ,-–|·:")).strip(" ,-–|·:")
    if prefix and len(prefix.split()) <= 5 and not dates.find_dates(prefix):
        return prefix
    return None


def _byline_outlet(text: str) -> str | None:
    """An outlet named in a byline's other parts ("By A | The Ledger | Feb. 20, 2025")."""
    for part in re.split(r"\s+[|·]\s+", text)[1:]:
        part = part.strip()
        if (part and len(part.split()) <= 5 and part[:1].isupper() and not dates.find_dates(part)
                and not header_patterns()["published_mark"].search(part)
                and not header_patterns()["updated"].search(part)):
            return part
    return None


def complete_header(header: Header, attributed: list[str], signature: str | None,
                     footer: list[Unit], doc: RawDocument) -> Header:
    author = header.author or (attributed[0] if attributed else None) or signature
    outlet = header.outlet or _footer_outlet(footer, author)
    url = header.url or _first_url(footer)
    return replace(header, author=author, outlet=outlet, url=url)


def _footer_outlet(footer: list[Unit], author: str | None) -> str | None:
    """The publisher's name: the name its own notices repeat most (at least twice)."""
    counts: Counter[str] = Counter()
    for unit in footer:
        text = unit.text
        for match in _DOMAIN.finditer(text):
            counts[match.group()] += 2
        for match in _NAME_RUN.finditer(_DOMAIN.sub(" ", text)):
            name = _trim_name(match.group())
            if name and len(name.split()) >= 2:
                counts[name] += 1
    if author:
        counts.pop(author, None)
    ranked = [(count, name) for name, count in counts.items() if count >= 2]
    return max(ranked)[1] if ranked else None


def _trim_name(name: str) -> str:
    tokens = name.split()
    while tokens and tokens[0].lower() in lexicon.words("cleaning", "words.name_edge_words"):
        tokens.pop(0)
    while tokens and tokens[-1].lower() in lexicon.words("cleaning", "words.name_edge_words"):
        tokens.pop()
    return " ".join(tokens)


def _first_url(units: list[Unit]) -> str | None:
    for unit in units:
        for match in URL.finditer(unit.raw):
            return match.group().rstrip(".,;")
    return None


def front_matter_date(doc: RawDocument, value: str, warnings: list[str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        found = dates.first_full_date(value)
        if found is None:
            warnings.append(f"front matter 'published: {value}' is not a date; ignored")
        return found
