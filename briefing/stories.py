"""Group the articles that report one story: agency versions, rewrites, translations.

Two articles tell the same story when their words say so, in one language or across
two: each text becomes a TF-IDF vector of stems (the first five letters of its content
words, accents off, stop words of every language out, so that names, numbers and many
cognates meet across French and English), weighted by how rare each stem is in the
edition, with the title and lead counted twice. Two articles published within
``DAYS`` of each other are linked when their cosine reaches ``SAME_STORY`` (same
language) or ``SAME_STORY_ACROSS`` (two languages: a translation shares fewer stems),
and a story is a connected group of links. How the thresholds were chosen is in the
README (measured on the development sets).

A story's lead is its best-written article (the longest summary of the most complete
metadata); the others are "also reported by".
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from briefing import language
from briefing.models import Article, Digest
from briefing.names import fold

SAME_STORY = 0.44
SAME_STORY_ACROSS = 0.22
DAYS = 3
LEAD_SENTENCES = 3


@functools.cache
def _stop_words() -> frozenset[str]:
    return frozenset(fold(word) for lang in language.supported_languages()
                     for word in language.stop_words(lang))


def _stems(text: str) -> list[str]:
    stops = _stop_words()
    return [word[:5] for word in re.findall(r"\w+", fold(text))
            if (len(word) > 3 or word.isdigit()) and word not in stops]


def profile(article: Article) -> Counter[str]:
    """The stems of an article, its title and lead counted twice."""
    lead = " ".join(s.text for s in article.sentences[:LEAD_SENTENCES])
    terms = Counter(_stems(article.text))
    terms.update(_stems(f"{article.title or ''} {lead}"))
    return terms


def similarities(profiles: Sequence[Counter[str]]) -> np.ndarray:
    """Cosine of every pair of profiles, weighted by inverse document frequency (with a
    floor of four documents, so a pair alone in a small edition still weighs terms).
    One matrix product: a stem found in one article only counts in its norm but can
    link no pair, so the matrix holds only the stems articles share."""
    documents = max(len(profiles), 4)
    frequency: Counter[str] = Counter(term for p in profiles for term in p)
    shared = {t: n for n, t in enumerate(sorted(t for t, f in frequency.items() if f > 1))}
    matrix = np.zeros((len(profiles), max(1, len(shared))), dtype=np.float32)
    for row, terms in enumerate(profiles):
        vector = {t: (1 + math.log(n)) * math.log(1 + documents / frequency[t])
                  for t, n in terms.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        for term, value in vector.items():
            if term in shared:
                matrix[row, shared[term]] = value / norm
    return (matrix @ matrix.T).astype(np.float64)


def group(digests: Sequence[Digest]) -> tuple[tuple[str, ...], ...]:
    """The edition's stories as article ids, the lead first; the biggest story first, then
    the one with most dated events and quotes (the news), then in the articles' order."""
    matrix = similarities([profile(d.article) for d in digests])
    parent = list(range(len(digests)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    close = np.argwhere(np.triu(matrix >= min(SAME_STORY, SAME_STORY_ACROSS), k=1))
    for i, j in close.tolist():  # in (i, j) order, as a loop over every pair would go
        if same_story(digests[i].article, digests[j].article, float(matrix[i, j])):
            parent[root(j)] = root(i)
    clusters: dict[int, list[int]] = {}
    for index in range(len(digests)):
        clusters.setdefault(root(index), []).append(index)
    stories = []
    for members in clusters.values():
        lead = max(members, key=lambda i: (_quality(digests[i]), -i))
        rest = sorted((i for i in members if i != lead), key=lambda i: -matrix[lead, i])
        weight = sum(len(digests[i].events) + len(digests[i].quotes) for i in members)
        stories.append(((-len(members), -weight, members[0]),
                        tuple(digests[i].id for i in [lead, *rest])))
    stories.sort(key=lambda item: item[0])
    return tuple(story for _, story in stories)


def same_story(a: Article, b: Article, similarity: float) -> bool:
    """Whether two articles' similarity, languages and dates make them one story."""
    if a.published and b.published and abs((a.published - b.published).days) > DAYS:
        return False
    return similarity >= (SAME_STORY if a.language == b.language else SAME_STORY_ACROSS)


def _quality(digest: Digest) -> tuple[int, int]:
    """Which article of a story leads: the most complete metadata, then the longest text."""
    article = digest.article
    known = sum(value is not None for value in (article.title, article.author, article.outlet,
                                                article.published, article.url))
    return known, len(article.text)
