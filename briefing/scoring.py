"""Sentence features and the learned sentence scorer behind the default summariser.

The scorer is a logistic regression over a handful of features (position,
length, centrality, similarity to the title and to the lead, quotation and
number cues), trained on OrangeSum train by ``scripts/train_scorer.py`` to
predict which sentences a greedy ROUGE oracle picks. Its weights ship as
``briefing/data/sentence_scorer.json``.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from collections.abc import Sequence

import numpy as np

from briefing import language
from briefing.names import fold

FEATURES = (
    "first", "second", "third", "fourth", "later", "relative_position",
    "log_words", "short", "long", "centrality", "title_similarity", "lead_similarity",
    "opens_with_quote", "has_quote", "has_number", "capitalised_share", "ends_with_colon",
    "question",
)
_QUOTES = "«»“”\""


@dataclass(frozen=True)
class SentenceScorer:
    """A linear model over standardised sentence features."""

    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray

    def scores(self, features: np.ndarray) -> np.ndarray:
        """Return a score per row of a feature matrix (higher: more summary-worthy)."""
        if features.size == 0:
            return np.zeros(0)
        return ((features - self.mean) / self.scale) @ self.weights + self.bias

    def to_dict(self, about: dict[str, object]) -> dict[str, object]:
        """The model as JSON-ready data."""
        return {"features": list(FEATURES), "weights": self.weights.round(6).tolist(),
                "bias": round(float(self.bias), 6), "mean": self.mean.round(6).tolist(),
                "scale": self.scale.round(6).tolist(), "about": about}


@functools.cache
def default_scorer() -> SentenceScorer:
    """The scorer shipped with the package."""
    data = json.loads(resources.files("briefing").joinpath("data", "sentence_scorer.json")
                      .read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError("sentence_scorer.json was trained on other features; retrain it")
    return SentenceScorer(weights=np.array(data["weights"]), bias=float(data["bias"]),
                          mean=np.array(data["mean"]), scale=np.array(data["scale"]))


def content_terms(sentence: str, lang: str) -> Counter[str]:
    """Stemmed content words of a sentence (no stop words, no numbers)."""
    stops = language.stop_words(lang)
    stem = language.stemmer(lang)
    return Counter(stem(w.lower()) for w in language.SumyTokenizer(lang).to_words(sentence)
                   if w.lower() not in stops and len(w) > 1)


def feature_matrix(sentences: Sequence[str], title: str | None, lang: str) -> np.ndarray:
    """One row of FEATURES per sentence of a document, in order."""
    count = len(sentences)
    if count == 0:
        return np.zeros((0, len(FEATURES)))
    terms = [content_terms(s, lang) for s in sentences]
    weights = _isf(terms)
    vectors = [_weighted(t, weights) for t in terms]
    title_vector = _weighted(content_terms(title, lang), weights) if title else {}
    rows = []
    for index, (sentence, vector) in enumerate(zip(sentences, vectors, strict=True)):
        tokens = language.words(sentence)
        capitalised = sum(1 for t in tokens[1:] if t[:1].isupper())
        rows.append([
            index == 0, index == 1, index == 2, index == 3, index >= 4,
            index / max(1, count - 1),
            math.log1p(len(tokens)), len(tokens) < 10, len(tokens) > 45,
            _mean_similarity(index, vectors),
            _cosine(vector, title_vector),
            _cosine(vector, vectors[0]) if index else 1.0,
            sentence[:1] in _QUOTES,
            any(mark in sentence for mark in _QUOTES),
            bool(re.search(r"\d", sentence)),
            capitalised / max(1, len(tokens) - 1),
            sentence.rstrip().endswith(":"),
            sentence.rstrip().endswith("?"),
        ])
    return np.array(rows, dtype=float)


def centrality(sentences: Sequence[str], lang: str) -> list[float]:
    """Each sentence's mean similarity to the others (a degree form of LexRank)."""
    terms = [content_terms(s, lang) for s in sentences]
    weights = _isf(terms)
    vectors = [_weighted(t, weights) for t in terms]
    return [_mean_similarity(index, vectors) for index in range(len(vectors))]


def _mean_similarity(index: int, vectors: list[dict[str, float]]) -> float:
    others = [_cosine(vectors[index], other) for j, other in enumerate(vectors) if j != index]
    return sum(others) / len(others) if others else 0.0


def _isf(terms: list[Counter[str]]) -> dict[str, float]:
    documents = Counter(term for counter in terms for term in counter)
    total = len(terms)
    return {term: math.log((1 + total) / (1 + seen)) + 1 for term, seen in documents.items()}


def _weighted(terms: Counter[str], weights: dict[str, float]) -> dict[str, float]:
    return {term: count * weights.get(term, 1.0) for term, count in terms.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(value * b.get(term, 0.0) for term, value in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def similarity(a: str, b: str, lang: str) -> float:
    """Cosine similarity of two sentences' stemmed content words."""
    return _cosine(dict(content_terms(a, lang)), dict(content_terms(b, lang)))


def cognates(a: str, b: str) -> float:
    """Share of content-word beginnings two texts have in common (five letters, accents
    off, stop words of every language out): "négociations" and "negotiations" meet at
    "nego", names and numbers meet whole. Works across French and English."""
    stops = _all_stop_words()

    def stems(text: str) -> set[str]:
        return {w[:5] for w in re.findall(r"\w+", fold(text))
                if (len(w) > 3 or w.isdigit()) and w not in stops}
    first, second = stems(a), stems(b)
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))


@functools.cache
def _all_stop_words() -> frozenset[str]:
    return frozenset(fold(word) for lang in language.supported_languages()
                     for word in language.stop_words(lang))
