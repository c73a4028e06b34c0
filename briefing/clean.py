"""Turn a RawDocument into an Article: structure, metadata and clutter removal.

The rules are general signals, never strings of particular articles: position
(a header before the first prose paragraph, a footer after the last one),
shape (short lines, bullet lists, link density, lines without final
punctuation) and families of boilerplate phrases kept in ``lexicon.boilerplate``.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections import Counter
from dataclasses import dataclass, replace

from briefing import dates, language, lexicon
from briefing.errors import InputError
from briefing.models import Article, Block, BlockKind, RawDocument

log = logging.getLogger(__name__)

_LINK = re.compile(r"!?\[([^\]\n]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_URL = re.compile(r"https?://[^\s)\]>\"']+")
_BULLET = re.compile(r"^\s*(?:[-*•·▪‣◦]|\d{1,2}[.)])\s+(?=\S)")
_LONE_MARKER = re.compile(r"^\s*[-*•·▪‣◦_=#>]+\s*$")
_HEADING_MARK = re.compile(r"^#{1,6}\s+")
_QUOTE_MARK = re.compile(r"^>\s?")
_REFERENCE_CODE = re.compile(r"^[\W_]*\d[\d\W_]*$")
_TERMINAL = ".!?…:;»\"”)"
_HEADING_WORDS = 40
_BOILERPLATE_WORDS = 60  # longer units are boilerplate only when a marker opens them
_MARKER_REACH = 120
_SHORT_UNIT = 15  # teasers and captions are short lines; "Il y a 32 ans, ..." opens prose
# Agency desk initials closing a wire story ("... a conclu le ministre.dch/vm/map").
# A wire dateline opening the first paragraph: "ISTANBUL, April 10 (Reuters) - ".
_WIRE_DATELINE = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý' .\-]{2,40}(?:,\s*[^()\-—–]{1,40}?)?\s*"
                            r"(?:\([^)]{1,30}\))?\s*[-—–]{1,2}\s+(?=[A-ZÀ-Ý«\"“])")
_DESK_CODES = re.compile(r"(?<=[.!?»\"”])\s*[a-z]{2,5}(?:[-/][a-z]{2,5}){1,5}\s*$")
_PROSE_END = ".!?…»\"”)"
# Running text ends with a full stop (a headline rarely does: it ends with a word, a
# question or exclamation mark, an ellipsis or a quotation mark).
_FULL_STOP = re.compile(r"(?:[^.]\.|[^.]\.[»\"”)]|\w\s?:)$")
_DOMAIN = re.compile(r"(?<![@\w.])(?:[A-Za-z][\w-]*\.)+(?:ca|com|fr|org|net|info|eu|be|ch|io|news|ru|"
                     r"de|uk|us|it|es)\b")
_NAME_RUN = re.compile(r"\b(?:[A-ZÀ-Ý][\w'’\-]*|[A-Z]{2,})(?:\s+(?:[A-ZÀ-Ý][\w'’\-]*|[A-Z]{2,}|de|du|"
                       r"des|la|le|of|the|and|et))*")
_NAME_TOKEN = re.compile(r"^[A-ZÀ-Ý][\w'’\-]+$")


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
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
class _Unit:
    """A line-level unit of the raw text: a paragraph, a bullet or a header line."""

    raw: str
    bullet: bool = False
    hint: BlockKind | None = None  # what the input's own markup says the unit is

    @property
    def text(self) -> str:
        return _strip_links(self.raw)

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def link_density(self) -> float:
        linked = sum(len(m.group(1)) for m in _LINK.finditer(self.raw))
        linked += sum(len(m.group()) for m in _URL.finditer(_LINK.sub("", self.raw)))
        return linked / max(1, len(self.text))


@dataclass(frozen=True)
class _Header:
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None


def clean(doc: RawDocument) -> Article:
    """Return the article a raw document holds, without its site clutter."""
    units = _merge_continuations(_split_units(doc.text))
    start = _body_start(units)
    header = _read_header(units[:start])
    standfirst = [u for u in units[:start] if _is_standfirst(u, header)]
    body, footer = _cut_footer(standfirst + units[start:])
    body, signature = _drop_signature(body)
    body = [u for u in body if not _is_clutter(u, header.title)]
    blocks, attributed = _to_blocks(body)
    if not any(block.is_body for block in blocks):
        raise InputError(doc.source, "no article text found once clutter is removed")
    header = _complete_header(header, attributed, signature, footer, doc)
    return _article(doc, header, tuple(blocks))


def _article(doc: RawDocument, header: _Header, blocks: tuple[Block, ...]) -> Article:
    meta = doc.metadata
    warnings = list(doc.warnings)
    published = header.published
    if meta.get("published"):
        published = _front_matter_date(doc, meta["published"], warnings) or published
    if published is None:
        warnings.append("no publication date found in the article")
    body_text = " ".join(b.text for b in blocks if b.is_body)
    lang = meta.get("language") or language.detect_language(body_text) or language.DEFAULT_LANGUAGE
    title = meta.get("title") or header.title
    if not title:
        warnings.append("no title found in the article")
    return Article(source=doc.source, id=doc.content_id, title=title,
                   author=meta.get("author") or header.author,
                   outlet=meta.get("outlet") or header.outlet,
                   url=meta.get("url") or header.url, published=published, language=lang,
                   blocks=blocks, warnings=tuple(warnings))


def _front_matter_date(doc: RawDocument, value: str, warnings: list[str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        found = dates.first_full_date(value)
        if found is None:
            warnings.append(f"front matter 'published: {value}' is not a date; ignored")
        return found


# ── structure ────────────────────────────────────────────────────────────────

def _split_units(text: str) -> list[list[_Unit]]:
    """Split text into paragraphs (blank-line separated), each a list of line units."""
    paragraphs: list[list[_Unit]] = []
    for chunk in re.split(r"\n[ \t\u00a0]*\n", text):
        units: list[_Unit] = []
        for line in chunk.split("\n"):
            line = line.strip().replace("\u00a0", " ")
            if not line or _LONE_MARKER.match(line):
                continue
            bullet = _BULLET.match(line)
            heading, quoted = _HEADING_MARK.match(line), _QUOTE_MARK.match(line)
            if heading or quoted:
                mark = heading or quoted
                units.append(_Unit(line[mark.end():].strip(),
                                   hint="heading" if heading else "quotation"))
            elif bullet:
                units.append(_Unit(line[bullet.end():].strip(), bullet=True))
            elif units and _continues(units[-1].raw, line):
                units[-1] = replace(units[-1], raw=f"{units[-1].raw} {line}")
            else:
                units.append(_Unit(line))
        if units:
            paragraphs.append(units)
    return paragraphs


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` is the hard-wrapped continuation of ``previous``."""
    if previous.endswith(tuple(_TERMINAL)):
        return False
    last_word = previous.rsplit(None, 1)[-1].lower() if previous.split() else ""
    return (line[:1].islower() or previous.endswith((",", "-", "–"))
            or last_word in lexicon.words("cleaning", "words.wrap_end_words"))


def _merge_continuations(paragraphs: list[list[_Unit]]) -> list[_Unit]:
    """Flatten paragraphs, joining a sentence a stray blank line cut in two."""
    units: list[_Unit] = []
    for paragraph in paragraphs:
        first = paragraph[0]
        if (units and not first.bullet and not units[-1].bullet and first.raw[:1].islower()
                and not units[-1].raw.endswith(tuple(_TERMINAL))):
            units[-1] = replace(units[-1], raw=f"{units[-1].raw} {first.raw}")
            paragraph = paragraph[1:]
        units.extend(paragraph)
    return units


def _is_prose(unit: _Unit) -> bool:
    """Running text: long, or a sentence closed by a full stop (a headline rarely has one)."""
    text = unit.text
    if unit.bullet or unit.hint == "heading" or unit.link_density > 0.5 or _byline_name(text):
        return False
    return unit.words >= 25 or (unit.words >= 8 and bool(_FULL_STOP.search(text)))


def _body_start(units: list[_Unit]) -> int:
    for index, unit in enumerate(units):
        if _is_prose(unit) and not _is_boilerplate(unit):
            return index
    return 0


# ── header: title, byline, dateline ─────────────────────────────────────────

def _read_header(units: list[_Unit]) -> _Header:
    header = _Header()
    for unit in units:
        text = unit.text.strip()
        byline = _byline_name(text)
        date = _published_date(text)
        agency = _patterns()["with_agency"].match(text)
        if byline and header.author is None:
            header = replace(header, author=byline, published=header.published or date,
                             outlet=header.outlet or _byline_outlet(text))
        elif date and header.published is None:
            header = replace(header, published=date, outlet=header.outlet or _dateline_outlet(text))
        elif agency and header.outlet is None:
            header = replace(header, outlet=agency.group("outlet").strip())
        elif header.url is None and _URL.fullmatch(text):
            header = replace(header, url=text)
        elif header.title is None and _looks_like_title(unit):
            header = replace(header, title=text)
    return header


def _published_date(text: str) -> dt.date | None:
    """The publication date a header line states: the one after "Publié"/"Published" when
    the line says so, never one that only says when the page was updated."""
    marker = _patterns()["published_mark"].search(text)
    if marker:
        return dates.first_full_date(text[marker.end():])
    if _patterns()["updated"].search(text):
        return None
    return dates.first_full_date(text)


def _is_standfirst(unit: _Unit, header: _Header) -> bool:
    """A header line that is article text after all: a long standfirst or a lead that
    ends with a question or an exclamation, not the title or a metadata line."""
    text = unit.text
    return (unit.words >= 8 and text != header.title and unit.link_density < 0.5
            and not unit.bullet and not _byline_name(text) and not _published_date(text)
            and not _is_navigation(unit) and not _is_boilerplate(unit)
            and text.rstrip().endswith(tuple(_PROSE_END)))


def _looks_like_title(unit: _Unit) -> bool:
    text = unit.text
    opening = text.lstrip("\"«“'‘ ")[:1]
    return (3 <= unit.words <= 40 and (opening.isupper() or opening.isdigit())
            and unit.link_density < 0.5
            and not _is_navigation(unit) and not _matches_any(text, "tail"))


def _dateline_outlet(text: str) -> str | None:
    """The outlet a dateline names before its date ("Mondialisation.ca, 20 février 2025")."""
    mentions = dates.find_dates(text)
    if not mentions:
        return None
    prefix = text[: mentions[0].start]
    for marker in (_patterns()["published_mark"], _patterns()["updated"]):
        found = marker.search(prefix)
        if found:
            prefix = prefix[: found.start()]
    prefix = _patterns()["published_words"].sub("", prefix.strip(" ,-–|·:")).strip(" ,-–|·:")
    if prefix and len(prefix.split()) <= 5 and not dates.find_dates(prefix):
        return prefix
    return None


def _byline_name(text: str) -> str | None:
    """The name of a byline ("Par Claire Dumont", "By N. Whitfield · 11 April 2025")."""
    match = _patterns()["byline"].match(text)
    if not match or len(text.split()) > 16:
        return None
    name = _clean_name(match.group("name"))
    if not name[:1].isupper() or len(name.split()) > 6:
        return None
    return name


def _byline_outlet(text: str) -> str | None:
    """An outlet named in a byline's other parts ("By A | The Ledger | Feb. 20, 2025")."""
    for part in re.split(r"\s+[|·]\s+", text)[1:]:
        part = part.strip()
        if (part and len(part.split()) <= 5 and part[:1].isupper() and not dates.find_dates(part)
                and not _patterns()["published_mark"].search(part) and not _patterns()["updated"].search(part)):
            return part
    return None


def _clean_name(name: str) -> str:
    name = re.sub(r"\s*\([^)]*\)?", "", name)  # "(Moscou, correspondant)"
    name = re.split(r"\s*(?:[|,·–—]|\s-\s|\bet\b(?=.*\d)|\ble\s+\d)", name.strip())[0]
    return name.strip(" .") or name


# ── footer and clutter ──────────────────────────────────────────────────────

def _cut_footer(units: list[_Unit]) -> tuple[list[_Unit], list[_Unit]]:
    """Split off the page footer: from the first tail marker after which no clean prose remains."""
    clean_after = [False] * (len(units) + 1)
    for index in range(len(units) - 1, -1, -1):
        unit = units[index]
        clean_after[index] = clean_after[index + 1] or (
            _is_prose(unit) and unit.words >= 20 and not _is_boilerplate(unit))
    for index, unit in enumerate(units):
        if index > 0 and _is_boilerplate(unit) and not clean_after[index + 1]:
            return units[:index], units[index:]
    return units, []


def _is_boilerplate(unit: _Unit) -> bool:
    """A unit made of site boilerplate: short and matching a family, or opening with one."""
    text = unit.text if unit.words <= _BOILERPLATE_WORDS else unit.text[:_MARKER_REACH]
    return (_matches_any(text, "tail")
            or (unit.words <= _SHORT_UNIT and _matches_any(text, "body")))


def _drop_signature(units: list[_Unit]) -> tuple[list[_Unit], str | None]:
    """Remove a closing signature line (a bare name) and return it."""
    if len(units) > 1:
        last = units[-1]
        tokens = last.text.split()
        if (1 < len(tokens) <= 5 and not last.bullet
                and all(_NAME_TOKEN.match(t) or t.lower() in lexicon.words("names", "name_particles")
                        for t in tokens)):
            return units[:-1], last.text
    return units, None


def _is_clutter(unit: _Unit, title: str | None) -> bool:
    text = unit.text
    if not text.strip() or _REFERENCE_CODE.match(text):
        return True
    if title and _normalise(text) == _normalise(title):
        return True
    if _is_navigation(unit):
        return True
    if unit.words <= 15 and unit.link_density > 0.6:
        return True
    if unit.words <= 40 and _is_boilerplate(unit):
        return True
    return False


def _is_navigation(unit: _Unit) -> bool:
    """A breadcrumb or tag line: "Région : États-Unis, Russie"."""
    text = unit.text
    label, sep, rest = text.partition(":")
    if not sep or unit.words > 15:
        return False
    if label.strip().lower() in lexicon.words("cleaning", "words.navigation_labels"):
        return True
    return len(label.split()) <= 2 and unit.link_density > 0.4


# ── blocks ──────────────────────────────────────────────────────────────────

def _to_blocks(units: list[_Unit]) -> tuple[list[Block], list[str]]:
    """Classify units into blocks; return also author names found in "écrit X" sentences."""
    blocks: list[Block] = []
    attributed: list[str] = []
    for position, unit in enumerate(units):
        text = _DESK_CODES.sub("", unit.text)
        if position == 0:
            text = _WIRE_DATELINE.sub("", text)
        for match in _patterns()["attribution"].finditer(text):
            attributed.append(match.group("name").strip())
        text = _patterns()["attribution"].sub("", text).strip()
        if not text:
            continue
        blocks.append(Block(kind=_kind(unit, text, blocks), text=text))
    return blocks, attributed


def _kind(unit: _Unit, text: str, previous: list[Block]) -> BlockKind:
    if unit.hint:
        return unit.hint
    if unit.bullet:
        return "bullet"
    introduced = bool(previous) and previous[-1].kind != "bullet" and previous[-1].text.endswith(":")
    if introduced or _enclosed_in_quotes(text):
        return "quotation"
    if not text.endswith(tuple(_PROSE_END) + (":",)) and len(text.split()) <= _HEADING_WORDS:
        return "heading"
    return "paragraph"


def _enclosed_in_quotes(text: str) -> bool:
    """Whether the whole unit is one quotation: its first mark closes at its very end."""
    pairs = {"«": "»", "“": "”", '"': '"'}
    opener = text[:1]
    closer = pairs.get(opener)
    body = text.rstrip(". ")
    if closer is None or len(text) <= 20 or not body.endswith(closer):
        return False
    depth = 0
    for position, char in enumerate(body):
        if opener != closer and char == opener:
            depth += 1
        elif char == closer and (opener != closer or position > 0):
            depth -= 1 if opener != closer else 0
            if depth <= 0 or opener == closer:
                return position == len(body) - 1
    return False


# ── metadata from the rest of the page ──────────────────────────────────────

def _complete_header(header: _Header, attributed: list[str], signature: str | None,
                     footer: list[_Unit], doc: RawDocument) -> _Header:
    author = header.author or (attributed[0] if attributed else None) or signature
    outlet = header.outlet or _footer_outlet(footer, author)
    url = header.url or _first_url(footer)
    return replace(header, author=author, outlet=outlet, url=url)


def _footer_outlet(footer: list[_Unit], author: str | None) -> str | None:
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


def _first_url(units: list[_Unit]) -> str | None:
    for unit in units:
        for match in _URL.finditer(unit.raw):
            return match.group().rstrip(".,;")
    return None


# ── helpers ─────────────────────────────────────────────────────────────────

def _strip_links(text: str) -> str:
    text = _LINK.sub(lambda m: m.group(1), text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def _matches_any(text: str, part: str) -> bool:
    return any(pattern.search(text) for pattern in boilerplate_patterns(part))


def _normalise(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()
