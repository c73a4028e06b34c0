"""Drop the same story read twice (a syndicated copy, a re-saved page), keeping one."""

from __future__ import annotations

import logging
import re

from briefing.models import Article, Skipped
from briefing.names import fold

log = logging.getLogger(__name__)

SHINGLE = 5
# Share of the shorter text's word 5-grams found in the other: syndicated copies
# and re-saved pages share nearly all of them; two reports of one event share few.
CONTAINMENT = 0.8


def drop_duplicates(articles: list[Article]) -> tuple[list[Article], list[Skipped]]:
    """Keep one article of each story; report each one dropped, naming the one kept."""
    kept: list[tuple[Article, frozenset[int]]] = []
    dropped: list[Skipped] = []
    for article in articles:
        shingles = _shingles(article.text)
        twin = next((i for i, (_, other) in enumerate(kept)
                     if containment(shingles, other) >= CONTAINMENT), None)
        if twin is None:
            kept.append((article, shingles))
            continue
        first = kept[twin][0]
        keep, drop = (article, first) if _richer(article, first) else (first, article)
        kept[twin] = (keep, shingles if keep is article else kept[twin][1])
        log.warning("%s and %s are the same story: kept %s", first.source, article.source,
                    keep.source)
        dropped.append(Skipped(source=drop.source, reason=f"same story as {keep.source}"))
    return [article for article, _ in kept], dropped


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """Share of the smaller set's shingles that the other set also has."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _shingles(text: str) -> frozenset[int]:
    words = re.findall(r"\w+", fold(text))
    return frozenset(hash(tuple(words[i:i + SHINGLE])) for i in range(len(words) - SHINGLE + 1))


def _richer(candidate: Article, current: Article) -> bool:
    """Whether ``candidate`` states more metadata than ``current`` (ties keep the first)."""
    def score(article: Article) -> int:
        return sum(value is not None for value in (article.title, article.author,
                                                   article.outlet, article.published,
                                                   article.url))
    return score(candidate) > score(current)
