"""Drop the same page read twice (a re-saved copy, the same wire story filed twice by one
outlet), keeping one. Versions of a story that differ (another outlet, another title: an
update, a rewrite) are kept: the edition groups them as one story (``stories``)."""

from __future__ import annotations

import logging
import re

from briefing.models import Article, Skipped
from briefing.names import fold

log = logging.getLogger(__name__)

SHINGLE = 5
# Share of the shorter text's word 5-grams found in the other: copies and re-saved
# pages share nearly all of them; two reports of one event share few.
CONTAINMENT = 0.8
COPY = 0.95  # above this, a copy whatever its outlet and title say


def drop_duplicates(articles: list[Article]) -> tuple[list[Article], list[Skipped]]:
    """Keep one article of each story; report each one dropped, naming the one kept."""
    kept: list[tuple[Article, frozenset[int]]] = []
    dropped: list[Skipped] = []
    for article in articles:
        shingles = _shingles(article.text)
        twin = next((i for i, (first, other) in enumerate(kept)
                     if _same_page(article, first, containment(shingles, other))), None)
        if twin is None:
            kept.append((article, shingles))
            continue
        first = kept[twin][0]
        keep, drop = (article, first) if _richer(article, first) else (first, article)
        kept[twin] = (keep, shingles if keep is article else kept[twin][1])
        log.warning("%s and %s are the same page: kept %s", first.source, article.source,
                    keep.source)
        dropped.append(Skipped(source=drop.source, reason=f"same page as {keep.source}"))
    return [article for article, _ in kept], dropped


def _same_page(a: Article, b: Article, shared: float) -> bool:
    """A copy of one page: nearly all its words, or most of them under the same outlet
    and title. Another outlet's or another title's version is a version of the story."""
    if shared >= COPY:
        return True
    return shared >= CONTAINMENT and fold(a.outlet or "") == fold(b.outlet or "") and \
        fold(a.title or "") == fold(b.title or "")


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
