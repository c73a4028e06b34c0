"""The analysis cache: each article's digest, kept beside the reports.

A rebuild analyses only the articles whose text, metadata or analysis options changed,
or all of them when briefing itself changed: the key is a SHA-256 of the article as
cleaned, the summary options and a fingerprint of the package (its version and the
bytes of its code, lexicon and model). Entries are JSON (never code), written
atomically under their key, so concurrent runs and crashes leave either a whole entry
or none; an entry that cannot be read is recomputed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from briefing import __version__
from briefing.models import Article, Digest

log = logging.getLogger(__name__)

FOLDER = ".cache"
FORMAT = 1


@functools.cache
def package_fingerprint() -> str:
    """A hash of everything in the package that decides an analysis."""
    digest = hashlib.sha256(f"{__version__}/{FORMAT}".encode())
    root = Path(str(resources.files("briefing")))
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".toml", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def key(article: Article, options: Any) -> str:
    """The cache key of an article's analysis under ``options`` (a dataclass repr)."""
    identity = {
        "source": article.source, "id": article.id, "title": article.title,
        "author": article.author, "outlet": article.outlet, "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language, "warnings": list(article.warnings),
        "blocks": [[block.kind, block.text] for block in article.blocks],
        "options": repr(options), "package": package_fingerprint()}
    return hashlib.sha256(json.dumps(identity, ensure_ascii=False, sort_keys=True)
                          .encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Cache:
    """The cache folder of a reports folder."""

    folder: Path

    @classmethod
    def beside(cls, reports: Path) -> Cache:
        """The cache of a reports folder."""
        return cls(reports / FOLDER / "analysis")

    def _path(self, entry: str) -> Path:
        return self.folder / entry[:2] / f"{entry}.json"

    def get(self, entry: str, article: Article) -> Digest | None:
        """The cached digest of ``article``, or None."""
        path = self._path(entry)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            digest = Digest.from_dict(data["digest"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.debug("cache entry %s unreadable (%s): recomputed", path, exc)
            return None
        # The article itself is the one just cleaned (same key: same content); the
        # digest's own warnings were folded into the article's in the JSON form.
        return Digest(article=article, summary=digest.summary, quotes=digest.quotes,
                      events=digest.events, warnings=tuple(data.get("warnings", ())))

    def put(self, entry: str, digest: Digest) -> None:
        """Keep a digest (atomically; a failure to write only costs the next run time)."""
        from briefing.render import write_atomic

        path = self._path(entry)
        data = {"digest": digest.as_dict(), "warnings": list(digest.warnings)}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OSError as exc:
            log.debug("cache entry %s not written (%s)", path, exc)
