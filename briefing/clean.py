"""Turn a RawDocument into an Article: structure, metadata and clutter removal.

The rules are general signals, never strings of particular articles: position
(a header before the first prose paragraph, a footer after the last one),
shape (short lines, bullet lists, link density, lines without final
punctuation) and families of boilerplate phrases kept in ``lexicon/*/cleaning.toml``.
Metadata comes from ``header``; line-level predicates from ``units``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from briefing import breaks, language, lexicon
from briefing.errors import InputError
from briefing.header import Header, complete_header, front_matter_date, is_standfirst, read_header
from briefing.models import Article, Block, BlockKind, RawDocument
from briefing.units import (PROSE_END, Unit, header_patterns, is_boilerplate, is_navigation,
                            is_prose)

log = logging.getLogger(__name__)

_BULLET = re.compile(r"^\s*(?:[-*•·▪‣◦]|\d{1,2}[.)])\s+(?=\S)")
_LONE_MARKER = re.compile(r"^\s*[-*•·▪‣◦_=#>]+\s*$")
_HEADING_MARK = re.compile(r"^#{1,6}\s+")
_QUOTE_MARK = re.compile(r"^>\s?")
_REFERENCE_CODE = re.compile(r"^[\W_]*\d[\d\W_]*$")
_TERMINAL = ".!?…:;»\"”)"
_HEADING_WORDS = 40
# Agency desk initials closing a wire story ("... a conclu le ministre.dch/vm/map").
# A wire dateline opening the first paragraph: "ISTANBUL, April 10 (Reuters) - ".
_WIRE_DATELINE = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý' .\-]{2,40}(?:,\s*[^()\-—–]{1,40}?)?\s*"
                            r"(?:\([^)]{1,30}\))?\s*[-—–]{1,2}\s+(?=[A-ZÀ-Ý«\"“])")
_DESK_CODES = re.compile(r"(?<=[.!?»\"”])\s*[a-z]{2,5}(?:[-/][a-z]{2,5}){1,5}\s*$")
_NAME_TOKEN = re.compile(r"^[A-ZÀ-Ý][\w'’\-]+$")


PLAUSIBLE_YEARS = (1800, 2199)  # a publication date outside is a broken or hostile stamp


MAX_ARTICLE_CHARS = 200_000  # ~33,000 words, twice the longest long read: beyond is no article


def clean(doc: RawDocument) -> Article:
    """Return the article a raw document holds, without its site clutter."""
    doc = _within_size(doc)
    units = _merge_continuations(_split_units(doc.text))
    start = _body_start(units)
    header = read_header(units[:start])
    standfirst = [u for u in units[:start] if is_standfirst(u, header)]
    body, footer = _cut_footer(standfirst + units[start:])
    body, signature = _drop_signature(body)
    body = [u for u in body if not _is_clutter(u, header.title)]
    blocks, attributed = _to_blocks(body)
    if not any(block.is_body for block in blocks):
        raise InputError(doc.source, "no article text found once clutter is removed")
    header = complete_header(header, attributed, signature, footer, doc)
    return _article(doc, header, tuple(blocks))


def _within_size(doc: RawDocument) -> RawDocument:
    """A text longer than an article can be is cut at a paragraph (or line, or space)
    before the limit, with a warning: every later stage then runs in bounded time."""
    if len(doc.text) <= MAX_ARTICLE_CHARS:
        return doc
    head = doc.text[:MAX_ARTICLE_CHARS]
    for separator in ("\n\n", "\n", " "):
        cut = head.rfind(separator, MAX_ARTICLE_CHARS // 2)
        if cut > 0:
            head = head[:cut]
            break
    warning = (f"{len(doc.text)} characters of text, more than an article holds: only the "
               f"first {len(head)} are read")
    return replace(doc, text=head, warnings=(*doc.warnings, warning))


def _article(doc: RawDocument, header: Header, blocks: tuple[Block, ...]) -> Article:
    meta = doc.metadata
    warnings = list(doc.warnings)
    published = header.published
    if meta.get("published"):
        published = front_matter_date(doc, meta["published"], warnings) or published
    if published is not None and not PLAUSIBLE_YEARS[0] <= published.year <= PLAUSIBLE_YEARS[1]:
        warnings.append(f"publication date {published.isoformat()} is not plausible "
                        f"(years {PLAUSIBLE_YEARS[0]}–{PLAUSIBLE_YEARS[1]}); ignored")
        published = None
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


# ── structure ────────────────────────────────────────────────────────────────

def _split_units(text: str) -> list[list[Unit]]:
    """Split text into paragraphs (blank-line separated), each a list of line units."""
    paragraphs: list[list[Unit]] = []
    for chunk in re.split(r"\n[ \t\u00a0]*\n", text):
        units: list[Unit] = []
        for line in chunk.split("\n"):
            line = line.strip().replace("\u00a0", " ")
            if not line or _LONE_MARKER.match(line):
                continue
            bullet = _BULLET.match(line)
            heading, quoted = _HEADING_MARK.match(line), _QUOTE_MARK.match(line)
            mark = heading or quoted
            if mark:
                units.append(Unit(line[mark.end():].strip(),
                                   hint="heading" if heading else "quotation"))
            elif bullet:
                units.append(Unit(line[bullet.end():].strip(), bullet=True))
            elif units and _continues(units[-1].raw, line):
                units[-1] = replace(units[-1], raw=f"{units[-1].raw} {line}")
            else:
                units.append(Unit(line))
        units = [piece for unit in units for piece in _restore_breaks(unit)]
        if units:
            paragraphs.append(units)
    return paragraphs


def _restore_breaks(unit: Unit) -> list[Unit]:
    """A flattened line cut back into its paragraphs and headings; an embedded video's
    teaser and credit glued in it are dropped."""
    if unit.hint or unit.bullet:
        return [unit]
    return [Unit(piece.text, bullet=piece.bullet, hint=None if piece.prose else "heading")
            for piece in breaks.restore(unit.raw) if not piece.media]


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` is the hard-wrapped continuation of ``previous``."""
    if previous.endswith(tuple(_TERMINAL)):
        return False
    last_word = previous.rsplit(None, 1)[-1].lower() if previous.split() else ""
    return (line[:1].islower() or previous.endswith((",", "-", "–"))
            or last_word in lexicon.words("cleaning", "words.wrap_end_words"))


def _merge_continuations(paragraphs: list[list[Unit]]) -> list[Unit]:
    """Flatten paragraphs, joining a sentence a stray blank line cut in two."""
    units: list[Unit] = []
    for paragraph in paragraphs:
        first = paragraph[0]
        if (units and not first.bullet and not units[-1].bullet and first.raw[:1].islower()
                and not units[-1].raw.endswith(tuple(_TERMINAL))):
            units[-1] = replace(units[-1], raw=f"{units[-1].raw} {first.raw}")
            paragraph = paragraph[1:]
        units.extend(paragraph)
    return units


def _body_start(units: list[Unit]) -> int:
    for index, unit in enumerate(units):
        if is_prose(unit) and not is_boilerplate(unit):
            return index
    return 0


# ── header: title, byline, dateline ─────────────────────────────────────────


# ── footer and clutter ──────────────────────────────────────────────────────

def _cut_footer(units: list[Unit]) -> tuple[list[Unit], list[Unit]]:
    """Split off the page footer: from the first tail marker after which no clean prose remains."""
    clean_after = [False] * (len(units) + 1)
    for index in range(len(units) - 1, -1, -1):
        unit = units[index]
        clean_after[index] = clean_after[index + 1] or (
            is_prose(unit) and unit.words >= 20 and not is_boilerplate(unit))
    for index, unit in enumerate(units):
        if index > 0 and is_boilerplate(unit) and not clean_after[index + 1]:
            return units[:index], units[index:]
    return units, []


def _drop_signature(units: list[Unit]) -> tuple[list[Unit], str | None]:
    """Remove a closing signature line (a bare name) and return it."""
    if len(units) > 1:
        last = units[-1]
        tokens = last.text.split()
        if (1 < len(tokens) <= 5 and not last.bullet
                and all(_NAME_TOKEN.match(t)
                        or t.lower() in lexicon.words("names", "name_particles")
                        for t in tokens)):
            return units[:-1], last.text
    return units, None


def _is_clutter(unit: Unit, title: str | None) -> bool:
    text = unit.text
    if not text.strip() or _REFERENCE_CODE.match(text):
        return True
    if title and _normalise(text) == _normalise(title):
        return True
    if is_navigation(unit):
        return True
    if unit.words <= 15 and unit.link_density > 0.6:
        return True
    if unit.words <= 40 and is_boilerplate(unit):
        return True
    return False


# ── blocks ──────────────────────────────────────────────────────────────────

def _to_blocks(units: list[Unit]) -> tuple[list[Block], list[str]]:
    """Classify units into blocks; return also author names found in "écrit X" sentences."""
    blocks: list[Block] = []
    attributed: list[str] = []
    for position, unit in enumerate(units):
        text = _DESK_CODES.sub("", unit.text)
        if position == 0:
            text = _WIRE_DATELINE.sub("", text)
        for match in header_patterns()["attribution"].finditer(text):
            attributed.append(match.group("name").strip())
        text = header_patterns()["attribution"].sub("", text).strip()
        if not text:
            continue
        blocks.append(Block(kind=_kind(unit, text, blocks), text=text))
    return blocks, attributed


def _kind(unit: Unit, text: str, previous: list[Block]) -> BlockKind:
    if unit.hint:
        return unit.hint
    if unit.bullet:
        return "bullet"
    introduced = (bool(previous) and previous[-1].kind != "bullet"
                  and previous[-1].text.endswith(":"))
    if introduced or _enclosed_in_quotes(text):
        return "quotation"
    if not text.endswith((*PROSE_END, ":")) and len(text.split()) <= _HEADING_WORDS \
            and not _opens_unclosed_quote(text):
        return "heading"
    return "paragraph"


def _opens_unclosed_quote(text: str) -> bool:
    """A paragraph that opens a quotation it does not close: a statement that goes on in
    the next paragraph, not a heading."""
    opener = text[:1]
    closers = {"«": "»", "“": "”", '"': '"'}
    return opener in closers and closers[opener] not in text[1:]


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


# ── helpers ─────────────────────────────────────────────────────────────────


def _normalise(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()
