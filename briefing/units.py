"""Line-level units of a raw page, and what each looks like.

A unit is a paragraph, a bullet item or a header line of the text a reader gave.
The predicates here (prose, boilerplate, navigation, byline) are general signals
shared by the cleaner and by the header reader, never strings of particular sites.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from briefing import lexicon
from briefing.models import BlockKind

LINK = re.compile(r"!?\[([^\]\n]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")


URL = re.compile(r"https?://[^\s)\]>\"']+")


# Running text ends with a full stop (a headline rarely does: it ends with a word, a
# question or exclamation mark, an ellipsis or a quotation mark).
FULL_STOP = re.compile(r"(?:[^.]\.|[^.]\.[»\"”)]|\w\s?:)$")


PROSE_END = ".!?…»\"”)"


_BOILERPLATE_WORDS = 60  # longer units are boilerplate only when a marker opens them


_MARKER_REACH = 120


_SHORT_UNIT = 15  # teasers and captions are short lines; "Il y a 32 ans, ..." opens prose


@functools.cache
def header_patterns() -> dict[str, re.Pattern[str]]:
    """The header and boilerplate patterns, built from every language's lexicon."""
    header = functools.partial(lexicon.entries, "cleaning")

    def either(name: str) -> str:
        return lexicon.alternation(header(name), escape=False)

    return {
        "byline": re.compile(r"^(?:" + either("header.byline_openers") + r")\s+(?P<name>.+)$",
                             re.IGNORECASE),
        "published_words": re.compile(r"\b(" + either("header.published_before") + r")\s*$",
                                      re.IGNORECASE),
        "published_mark": re.compile(r"\b(" + either("header.published_marks") + r")\b",
                                     re.IGNORECASE),
        "with_agency": re.compile(
            r"^(?P<outlet>[^\d,:;]{2,40}?)\s+(?:" + either("header.with_agency") + r")\s+(?:"
            + either("header.agency_articles") + r")?(?:" + either("header.agencies")
            + r")\.?$", re.IGNORECASE),
        "updated": re.compile(r"\b(" + either("header.updated_marks") + r")\b", re.IGNORECASE),
        "attribution": re.compile(r"(?:^|(?<=[.!?»\"]\s))(?:" + either("header.author_verbs")
                                  + r")\s+(?P<name>(?:[A-ZÀ-Ý][\w'’\-]+\s?){1,4})"
                                  r"(?:,[^.!?]*)?[.!?]\s*"),
    }


@functools.cache
def boilerplate_patterns(part: str) -> tuple[re.Pattern[str], ...]:
    """The boilerplate patterns of every family of a part ("tail" or "body")."""
    families: dict[str, list[str]] = {}
    for lang in lexicon.languages():
        for family, patterns in lexicon.load(lang, "cleaning").get(part, {}).items():
            families.setdefault(family, []).extend(patterns)
    return tuple(re.compile(pattern, re.IGNORECASE) for patterns in families.values()
                 for pattern in dict.fromkeys(patterns))


@dataclass(frozen=True)
class Unit:
    """A line-level unit of the raw text: a paragraph, a bullet or a header line."""

    raw: str
    bullet: bool = False
    hint: BlockKind | None = None  # what the input's own markup says the unit is

    @property
    def text(self) -> str:
        return strip_links(self.raw)

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def link_density(self) -> float:
        linked = sum(len(m.group(1)) for m in LINK.finditer(self.raw))
        linked += sum(len(m.group()) for m in URL.finditer(LINK.sub("", self.raw)))
        return linked / max(1, len(self.text))


def is_prose(unit: Unit) -> bool:
    """Running text: long, or a sentence closed by a full stop (a headline rarely has one)."""
    text = unit.text
    if unit.bullet or unit.hint == "heading" or unit.link_density > 0.5 or byline_name(text):
        return False
    return unit.words >= 25 or (unit.words >= 8 and bool(FULL_STOP.search(text)))


def is_boilerplate(unit: Unit) -> bool:
    """A unit made of site boilerplate: short and matching a family, or opening with one."""
    text = unit.text if unit.words <= _BOILERPLATE_WORDS else unit.text[:_MARKER_REACH]
    return (matches_any(text, "tail")
            or (unit.words <= _SHORT_UNIT and matches_any(text, "body")))


def is_navigation(unit: Unit) -> bool:
    """A breadcrumb or tag line: "Région : États-Unis, Russie"."""
    text = unit.text
    label, sep, _rest = text.partition(":")
    if not sep or unit.words > 15:
        return False
    if label.strip().lower() in lexicon.words("cleaning", "words.navigation_labels"):
        return True
    return len(label.split()) <= 2 and unit.link_density > 0.4


def byline_name(text: str) -> str | None:
    """The name of a byline ("Par Claire Dumont", "By N. Whitfield · 11 April 2025")."""
    match = header_patterns()["byline"].match(text)
    if not match or len(text.split()) > 16:
        return None
    name = clean_name(match.group("name"))
    if not name[:1].isupper() or len(name.split()) > 6:
        return None
    return name


def clean_name(name: str) -> str:
    name = re.sub(r"\s*\([^)]*\)?", "", name)  # "(Moscou, correspondant)"
    name = re.split(r"\s*(?:[|,·–—]|\s-\s|\bet\b(?=.*\d)|\ble\s+\d)", name.strip())[0]
    return name.strip(" .") or name


def strip_links(text: str) -> str:
    text = LINK.sub(lambda m: m.group(1), text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def matches_any(text: str, part: str) -> bool:
    return any(pattern.search(text) for pattern in boilerplate_patterns(part))
