"""Read input files into RawDocuments: one reader per format, in an explicit registry.

Reading never modifies an input. Bad input (empty, binary, too large, an
unsupported format) raises InputError naming the file and the reason.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import logging
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Callable, Mapping

import yaml

from briefing import fetch, markup, options
from briefing.errors import InputError
from briefing.models import RawDocument

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES: int = options.default("paths.max_bytes")
FRONT_MATTER_KEYS = ("title", "published", "author", "outlet", "url", "language")

_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)


DEFAULT_TIMEOUT = 10.0
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")
_SURROGATES = re.compile("[\ud800-\udfff]")
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class ReadOptions:
    """Limits that apply to every input."""

    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT
    root: Path | None = None  # when set, a link leading outside this folder is refused


@dataclass(frozen=True)
class Batch:
    """What one input gave: its documents, and the parts that could not be read."""

    documents: tuple[RawDocument, ...]
    failures: tuple[InputError, ...] = field(default=())


Reader = Callable[[str, bytes, ReadOptions], Batch]


def read_text(source: str, data: bytes, options: ReadOptions) -> Batch:
    """Read plain text or Markdown, with optional YAML front matter."""
    text, warnings = decode(source, data)
    metadata, body, front_warnings = split_front_matter(source, text)
    if not body.strip():
        raise InputError(source, "no text after the front matter")
    fmt = "markdown" if source.lower().endswith((".md", ".markdown")) else "text"
    return Batch((RawDocument(source=source, text=body, format=fmt, content_id=content_id(body),
                              metadata=metadata, warnings=tuple(warnings + front_warnings)),))


def read_html(source: str, data: bytes, options: ReadOptions, url: str | None = None) -> Batch:
    """Read a saved web page: its main text and the metadata it states."""
    text, warnings = decode(source, data, declared=_declared_charset(data))
    if not re.search(r"<\s*(html|body|p|div|article|h1)\b", text[:20000], re.IGNORECASE):
        raise InputError(source, "not an HTML page (no html, body or paragraph element)")
    try:
        body, metadata = markup.page_to_markdown(text, url)
        body = text_only(body)
        metadata = {key: text_only(value) for key, value in metadata.items()}
    except Exception as exc:  # lxml and trafilatura raise many kinds on broken markup
        raise InputError(source, f"HTML could not be parsed ({type(exc).__name__})") from exc
    if not body.strip():
        raise InputError(source, "no article text found in the HTML page")
    if url:
        metadata.setdefault("url", url)
    return Batch((RawDocument(source=url or source, text=body, format="html",
                              content_id=content_id(body), metadata=metadata,
                              warnings=tuple(warnings)),))


def read_feed(source: str, data: bytes, options: ReadOptions) -> Batch:
    """Read an RSS or Atom feed: each entry is an article."""
    import feedparser

    if not data.strip():
        raise InputError(source, "empty file")
    data = _XML_ENCODING.sub(_sane_declaration, data, 1)
    data = _CHARACTER_REFERENCE.sub(_no_surrogate_reference, data)
    try:
        parsed: Any = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    except Exception as exc:  # feedparser raises many kinds on hostile bytes
        raise InputError(source, f"feed could not be parsed ({type(exc).__name__})") from exc
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        detail = f" ({str(reason).splitlines()[0]})" if reason else ""
        raise InputError(source, f"not an RSS or Atom feed with entries{detail}")
    outlet = (parsed.feed.get("title") or "").strip()
    documents: list[RawDocument] = []
    failures: list[InputError] = []
    for number, entry in enumerate(parsed.entries, start=1):
        entry_source = f"{source}#{number}"
        body = text_only(markup.fragment_to_markdown(text_only(_entry_html(entry))))
        if not body.strip():
            failures.append(InputError(entry_source, "feed entry without text"))
            continue
        documents.append(RawDocument(source=entry_source, text=body, format="feed-entry",
                                     content_id=content_id(body),
                                     metadata=_entry_metadata(entry, text_only(outlet))))
    return Batch(tuple(documents), tuple(failures))


def read_urls(source: str, data: bytes, options: ReadOptions) -> Batch:
    """Fetch each address of a list (one URL a line, # for comments) and read it."""
    text, _warnings = decode(source, data)
    documents: list[RawDocument] = []
    failures: list[InputError] = []
    for line in text.splitlines():
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        try:
            fetched = fetch.fetch(url, options.timeout, options.max_bytes)
            batch = _read_fetched(fetched, options)
        except InputError as exc:
            failures.append(exc if exc.source == url else InputError(url, exc.reason))
            continue
        documents.extend(batch.documents)
        failures.extend(batch.failures)
    if not documents and not failures:
        raise InputError(source, "no address in the list")
    return Batch(tuple(documents), tuple(failures))


def _read_fetched(fetched: fetch.Fetched, options: ReadOptions) -> Batch:
    kind = fetched.content_type
    if kind in ("text/html", "application/xhtml+xml"):
        return read_html(fetched.url, fetched.content, options, url=fetched.url)
    if kind in _FEED_TYPES:
        return read_feed(fetched.url, fetched.content, options)
    if kind.startswith("text/"):
        batch = read_text(fetched.url, fetched.content, options)
        return Batch(tuple(_with_url(d, fetched.url) for d in batch.documents))
    raise InputError(fetched.url, f"unsupported content type {kind}")


def _with_url(document: RawDocument, url: str) -> RawDocument:
    return RawDocument(source=url, text=document.text, format=document.format,
                       content_id=document.content_id,
                       metadata={"url": url, **document.metadata}, warnings=document.warnings)


_CHARACTER_REFERENCE = re.compile(rb"&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,10});")


def _no_surrogate_reference(match: re.Match[bytes]) -> bytes:
    """A reference to a surrogate or past U+10FFFF (``&#xD800;``) names no character."""
    digits = match.group(1)
    value = int(digits[1:], 16) if digits[:1] in b"xX" else int(digits)
    return b"&#xFFFD;" if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF else match.group(0)


_XML_ENCODING = re.compile(rb"(<\?xml[^>]*?)\s+encoding\s*=\s*([\"'])([^\"'>]*)\2")


def _sane_declaration(match: re.Match[bytes]) -> bytes:
    """Keep an XML encoding declaration only when it names a text encoding."""
    name = match.group(3)
    if name.isascii() and _known(name.decode("ascii")):
        return match.group(0)
    return match.group(1)


def _entry_html(entry: Any) -> str:
    contents = entry.get("content") or []
    if contents and contents[0].get("value"):
        return str(contents[0]["value"])
    return str(entry.get("summary") or entry.get("description") or "")


def _entry_metadata(entry: Any, outlet: str) -> dict[str, str]:
    author = entry.get("author") or ""
    mailbox = re.fullmatch(r"\s*\S+@\S+\s+\((.+)\)\s*", author)  # RSS "mail (Name)"
    author = mailbox.group(1) if mailbox else (None if "@" in author else author)
    metadata = {"title": entry.get("title"), "author": author,
                "url": entry.get("link"), "outlet": outlet or None}
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if stamp:
        metadata["published"] = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday).isoformat()
    language = entry.get("language") or (entry.get("title_detail") or {}).get("language")
    if language:
        metadata["language"] = str(language)[:2].lower()
    return {key: text_only(str(value)).strip() for key, value in metadata.items() if value}


def _declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace").lower() if match else None


def readers() -> Mapping[str, Reader]:
    """Return the registry of readers keyed by file extension."""
    return {".txt": read_text, ".md": read_text, ".markdown": read_text,
            ".html": read_html, ".htm": read_html,
            ".xml": read_feed, ".rss": read_feed, ".atom": read_feed,
            ".urls": read_urls}


def read_path(path: Path, options: ReadOptions) -> Batch:
    """Read one input file with the reader its extension names."""
    source = display_path(path)
    reader = readers().get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(readers()))
        raise InputError(source, f"unsupported format {path.suffix or '(no extension)'!r} "
                                 f"(known: {known})")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror})") from exc
    if size > options.max_bytes:
        raise InputError(source, f"{size} bytes is over the {options.max_bytes}-byte limit")
    if options.root is not None and not _inside(path, options.root):
        raise InputError(source, f"a link to {display_path(path.resolve())}, outside "
                                 f"{display_path(options.root)}: not read")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror})") from exc
    return reader(source, data, options)


def display_path(path: Path) -> str:
    """A path as text that can always be printed and written (bytes that are not UTF-8
    in a file name are shown as \\xNN)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


def text_only(text: str) -> str:
    """Text without lone surrogates (``&#xD800;`` in a page or feed), which no file can hold."""
    return _SURROGATES.sub("\ufffd", text)


def list_inputs(folder: Path) -> list[Path]:
    """Return the input files of a folder in name order, leaving out hidden files."""
    if not folder.is_dir():
        raise InputError(str(folder), "is not a folder")
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def decode(source: str, data: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """Decode bytes as text: BOM, strict UTF-8 (or a declared charset), then cp1252,
    then Latin-1, with warnings."""
    if not data.strip():
        raise InputError(source, "empty file")
    text, warnings = _decode_bytes(source, data, declared)
    if "\x00" in text:
        raise InputError(source, "binary file (contains NUL bytes)")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    if controls > max(8, len(text) // 100):
        raise InputError(source, "binary file (too many control characters)")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\f", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    if not text.strip():
        raise InputError(source, "empty file (only white space)")
    return text, warnings


def _decode_bytes(source: str, data: bytes, declared: str | None) -> tuple[str, list[str]]:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), []
            except UnicodeDecodeError as exc:
                raise InputError(source, f"invalid {encoding} after its byte-order mark") from exc
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise InputError(source, f"binary file ({what})")
    if b"\x00" in data[:8192]:
        raise InputError(source, "binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    if declared and _known(declared):
        try:
            return data.decode(declared), []
        except (UnicodeDecodeError, ValueError):
            pass
    if _UTF8_SEQUENCE.search(data):
        text = data.decode("utf-8", _MIXED)
        return text, ["not valid UTF-8 throughout: the bytes that are not were decoded as "
                      "Windows-1252 (cp1252)"]
    try:
        text = data.decode("cp1252")
        return text, ["not valid UTF-8: decoded as Windows-1252 (cp1252)"]
    except UnicodeDecodeError:
        return data.decode("latin-1"), ["not valid UTF-8 nor Windows-1252: decoded as Latin-1"]


def _known(encoding: str) -> bool:
    """Whether a declared charset names a text encoding (not rot13, base64, zlib…)."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        return False
    return bool(getattr(info, "_is_text_encoding", True))


def _cp1252_for_invalid(error: UnicodeError) -> tuple[str, int]:
    """A decoding error handler: bytes that are not UTF-8 are read as cp1252 (else Latin-1)."""
    assert isinstance(error, UnicodeDecodeError)
    chunk = error.object[error.start:error.end]
    return chunk.decode("cp1252", "replace").replace("\ufffd", "") or chunk.decode(
        "latin-1"), error.end


# a multi-byte UTF-8 sequence: when a file holds some, its other bytes are stray
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                            rb"|[\xf0-\xf4][\x80-\xbf]{3}")
_MIXED = "briefing-cp1252"
codecs.register_error(_MIXED, _cp1252_for_invalid)


def split_front_matter(source: str, text: str) -> tuple[dict[str, str], str, list[str]]:
    """Split YAML front matter (between '---' lines at the top) from the body."""
    if not text.startswith("---\n"):
        return {}, text, []
    end = text.find("\n---", 4)
    if end < 0 or text[end + 4: end + 5] not in ("\n", ""):
        return {}, text, []
    if end > MAX_FRONT_MATTER:
        raise InputError(source, f"front matter longer than {MAX_FRONT_MATTER} characters")
    try:
        loaded = yaml.load(text[4:end], Loader=_FrontMatterLoader)
    except yaml.YAMLError as exc:
        raise InputError(source, f"front matter is not valid YAML ({_first_line(exc)})") from exc
    body = text[end + 4:].lstrip("\n")
    if loaded is None:
        return {}, body, []
    if not isinstance(loaded, dict):
        raise InputError(source, "front matter must be a mapping of keys to values")
    metadata: dict[str, str] = {}
    warnings: list[str] = []
    for key, value in loaded.items():
        if key not in FRONT_MATTER_KEYS:
            warnings.append(f"front matter key {key!r} is unknown "
                            f"(known: {', '.join(FRONT_MATTER_KEYS)})")
        elif value is not None:
            metadata[str(key)] = str(value).strip()
    return metadata, body, warnings


MAX_FRONT_MATTER = 20_000


class _FrontMatterLoader(yaml.SafeLoader):
    """The safe loader, refusing aliases: a few hundred bytes of nested aliases
    (an "alias bomb") would otherwise expand to gigabytes."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed",
                                              event.start_mark)
        return super().compose_node(parent, index)


def content_id(text: str) -> str:
    """Return a stable id derived from an input's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
