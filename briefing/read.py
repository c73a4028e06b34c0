"""Read input files into RawDocuments: one reader per format, in an explicit registry.

Reading never modifies an input. Bad input (empty, binary, too large, an
unsupported format) raises InputError naming the file and the reason.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

import yaml

from briefing.errors import InputError
from briefing.models import RawDocument

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
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


@dataclass(frozen=True)
class ReadOptions:
    """Limits that apply to every input."""

    max_bytes: int = DEFAULT_MAX_BYTES


Reader = Callable[[str, bytes, ReadOptions], list[RawDocument]]


def read_text(source: str, data: bytes, options: ReadOptions) -> list[RawDocument]:
    """Read plain text or Markdown, with optional YAML front matter."""
    text, warnings = decode(source, data)
    metadata, body, front_warnings = split_front_matter(source, text)
    if not body.strip():
        raise InputError(source, "no text after the front matter")
    fmt = "markdown" if source.lower().endswith(".md") else "text"
    return [RawDocument(source=source, text=body, format=fmt, content_id=content_id(body),
                        metadata=metadata, warnings=tuple(warnings + front_warnings))]


def readers() -> Mapping[str, Reader]:
    """Return the registry of readers keyed by file extension."""
    return {".txt": read_text, ".md": read_text, ".markdown": read_text}


def read_path(path: Path, options: ReadOptions) -> list[RawDocument]:
    """Read one input file with the reader its extension names."""
    source = str(path)
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
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror})") from exc
    return reader(source, data, options)


def list_inputs(folder: Path) -> list[Path]:
    """Return the input files of a folder in name order, leaving out hidden files."""
    if not folder.is_dir():
        raise InputError(str(folder), "is not a folder")
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def decode(source: str, data: bytes) -> tuple[str, list[str]]:
    """Decode bytes as text: BOM, strict UTF-8, then cp1252, then Latin-1, with warnings."""
    if not data.strip():
        raise InputError(source, "empty file")
    text, warnings = _decode_bytes(source, data)
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


def _decode_bytes(source: str, data: bytes) -> tuple[str, list[str]]:
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
    try:
        text = data.decode("cp1252")
        return text, ["not valid UTF-8: decoded as Windows-1252 (cp1252)"]
    except UnicodeDecodeError:
        return data.decode("latin-1"), ["not valid UTF-8 nor Windows-1252: decoded as Latin-1"]


def split_front_matter(source: str, text: str) -> tuple[dict[str, str], str, list[str]]:
    """Split YAML front matter (between '---' lines at the top) from the body."""
    if not text.startswith("---\n"):
        return {}, text, []
    end = text.find("\n---", 4)
    if end < 0 or text[end + 4: end + 5] not in ("\n", ""):
        return {}, text, []
    try:
        loaded = yaml.safe_load(text[4:end])
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


def content_id(text: str) -> str:
    """Return a stable id derived from an input's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
