"""Sentence features and the learned sentence ranker behind the default summariser.

The ranker is a set of gradient-boosted trees (LightGBM's lambdarank objective: it
learns to order the sentences of one article, not to label them one by one) over
features of position, length, centrality, similarity to the title and to the lead,
novelty, and news value (names, numbers, dates, reporting verbs, the writer's first
person, quotation). ``scripts/train_scorer.py`` trains it on OrangeSum train and
writes ``briefing/data/sentence_ranker.json``; here the trees are evaluated with
numpy, so LightGBM is needed only to train.
"""

from __future__ import annotations

import base64
import functools
import itertools
import json
import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from collections.abc import Sequence
from typing import Any

import numpy as np

from briefing import language, lexicon
from briefing.names import fold

FEATURES = (
    "first", "second", "third", "fourth", "later", "relative_position",
    "log_words", "short", "long", "centrality", "title_similarity", "lead_similarity",
    "opens_with_quote", "has_quote", "has_number", "capitalised_share", "ends_with_colon",
    "question",
    # news value and the sentence's place among the others
    "capitalised", "numbers", "has_date", "reporting_verb", "first_person", "quote_share",
    "title_overlap", "centrality_rank", "title_rank", "novelty", "log_sentences", "last",
    "parenthesis",
    # a linear model over hashed words and word pairs (see LexicalModel)
    "lexical",
)
_QUOTES = "«»“”\""


@dataclass(frozen=True)
class SentenceScorer:
    """A ranking model over sentence features: gradient-boosted trees (flattened into
    arrays, evaluated with numpy: every tree steps down one level at a time)."""

    feature: np.ndarray  # (trees, nodes): the feature a node splits on, -1 at a leaf
    threshold: np.ndarray  # (trees, nodes): go left when the value is <= it
    left: np.ndarray  # (trees, nodes): child indices
    right: np.ndarray
    value: np.ndarray  # (trees, nodes): the leaf's score
    depth: int

    def scores(self, features: np.ndarray) -> np.ndarray:
        """Return a score per row of a feature matrix (higher: more summary-worthy)."""
        if features.size == 0:
            return np.zeros(0)
        trees, nodes = self.feature.shape
        feature, threshold = self.feature.ravel(), self.threshold.ravel()
        left, right = self.left.ravel(), self.right.ravel()
        base = np.arange(trees) * nodes  # where each tree's nodes start in the flat arrays
        position = np.broadcast_to(base, (features.shape[0], trees)).copy()
        row = np.arange(features.shape[0])[:, None] * features.shape[1]
        flat = features.ravel()
        for _ in range(self.depth):
            split = feature[position]
            leaf = split < 0
            value = flat[row + np.where(leaf, 0, split)]
            child = np.where(value <= threshold[position], left[position], right[position])
            position = np.where(leaf, position, base + child)
        return self.value.ravel()[position].sum(axis=1)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> SentenceScorer:
        """Read the model written by ``scripts/train_scorer.py``."""
        trees = data["trees"]
        assert isinstance(trees, list)
        size = max(len(t["feature"]) for t in trees)

        def stack(key: str, fill: float, kind: type) -> np.ndarray:
            return np.array([t[key] + [fill] * (size - len(t[key])) for t in trees], dtype=kind)
        return cls(feature=stack("feature", -1, np.int64),
                   threshold=stack("threshold", 0.0, float), left=stack("left", 0, np.int64),
                   right=stack("right", 0, np.int64), value=stack("value", 0.0, float),
                   depth=int(data["depth"]))  # type: ignore[call-overload]


LEXICAL_BITS = 16


def lexical_features(sentence: str) -> list[int]:
    """The hashed lexical features of a sentence: its words, word pairs and first three
    words (crc32 of each, modulo 2 ** LEXICAL_BITS; the same here and in training)."""
    words = re.findall(r"[^\W_]+", sentence.lower())
    names = ([f"u:{w}" for w in words] + [f"b:{a}_{b}" for a, b in itertools.pairwise(words)]
             + [f"s:{w}" for w in words[:3]])
    return sorted({zlib.crc32(name.encode("utf-8")) % (1 << LEXICAL_BITS) for name in names})


@dataclass(frozen=True)
class LexicalModel:
    """A logistic regression over hashed lexical features: which words and word pairs
    mark a sentence a summary picks ("a annoncé", "selon le", a first "Le président")."""

    weights: np.ndarray
    bias: float

    def score(self, sentence: str) -> float:
        return float(self.weights[lexical_features(sentence)].sum() + self.bias)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> LexicalModel:
        raw = base64.b64decode(str(data["weights"]))
        return cls(np.frombuffer(raw, dtype="<f4").astype(float), float(data["bias"]))  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, object]:
        return {"bits": LEXICAL_BITS, "bias": round(self.bias, 6),
                "weights": base64.b64encode(self.weights.astype("<f4").tobytes()).decode()}


@functools.cache
def lexical_model() -> LexicalModel:
    """The lexical model shipped with the ranker."""
    return LexicalModel.from_dict(_ranker_data()["lexical"])


@functools.cache
def _ranker_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.files("briefing").joinpath(
        "data", "sentence_ranker.json").read_text(encoding="utf-8"))
    return data


@functools.cache
def default_scorer() -> SentenceScorer:
    """The scorer shipped with the package."""
    data = _ranker_data()
    if tuple(data["features"]) != FEATURES:
        raise ValueError("sentence_ranker.json was trained on other features; retrain it")
    return SentenceScorer.from_dict(data)


def content_terms(sentence: str, lang: str,
                  tokens: Sequence[str] | None = None) -> Counter[str]:
    """Stemmed content words of a sentence (no stop words, no numbers); ``tokens`` are
    its ``language.words`` when already known."""
    stops = language.stop_words(lang)
    stem = language.stemmer(lang)
    found = language.scored_words(language.words(sentence) if tokens is None else tokens)
    return Counter(stem(w.lower()) for w in found if w.lower() not in stops and len(w) > 1)


def feature_matrix(sentences: Sequence[str], title: str | None, lang: str) -> np.ndarray:
    """One row of FEATURES per sentence of a document, in order."""
    return analyse(sentences, title, lang)[0]


@dataclass(frozen=True)
class _Document:
    """What every row of a document's features reads: its sentences' tokens and content
    words, their similarities, and measures against the whole."""

    sentences: Sequence[str]
    tokens: list[list[str]]
    terms: list[Counter[str]]
    title_terms: Counter[str]
    similar: np.ndarray
    to_title: np.ndarray
    central: np.ndarray
    central_rank: list[int]
    title_rank: list[int]


def analyse(sentences: Sequence[str], title: str | None, lang: str,
            lexical: LexicalModel | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The feature matrix of a document's sentences, and the cosine similarity of their
    stemmed content words (the measure ``similarity`` gives), computed together."""
    if not sentences:
        return np.zeros((0, len(FEATURES))), np.zeros((0, 0))
    tokens = [language.words(s) for s in sentences]
    terms = [content_terms(s, lang, t) for s, t in zip(sentences, tokens, strict=True)]
    title_terms = content_terms(title, lang) if title else Counter()
    weighted, plain, title_vector = _vectors(terms, title_terms)
    unit = _unit(weighted)
    similar = unit @ unit.T
    to_title = unit @ (title_vector / (np.linalg.norm(title_vector) or 1.0))
    central = (similar - np.diag(np.diag(similar))).sum(axis=1) / max(1, len(sentences) - 1)
    document = _Document(sentences, tokens, terms, title_terms, similar, to_title, central,
                         _ranks(list(central)), _ranks(list(to_title)))
    lexical = lexical or lexical_model()
    rows = [_row(document, index, lang, lexical) for index in range(len(sentences))]
    unit_counts = _unit(plain)
    return np.array(rows, dtype=float), unit_counts @ unit_counts.T


def _vectors(terms: list[Counter[str]], title_terms: Counter[str]
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sentence vectors weighted by inverse sentence frequency, plain counts, and the
    title's weighted vector, over the document's vocabulary."""
    vocabulary = {term: n for n, term in enumerate({t for counter in terms for t in counter})}
    weights = _isf(terms)
    weighted = np.zeros((len(terms), max(1, len(vocabulary))))
    counts = np.zeros_like(weighted)
    for row, counter in enumerate(terms):
        for term, n in counter.items():
            weighted[row, vocabulary[term]] = n * weights[term]
            counts[row, vocabulary[term]] = n
    title_vector = np.zeros(weighted.shape[1])
    for term, n in title_terms.items():
        if term in vocabulary:
            title_vector[vocabulary[term]] = n * weights[term]
    return weighted, counts, title_vector


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    return matrix / norms[:, None]


def _row(document: _Document, index: int, lang: str, lexical: LexicalModel) -> list[Any]:
    """One sentence's FEATURES, in their order."""
    sentence, tokens = document.sentences[index], document.tokens[index]
    count = len(document.sentences)
    capitalised = sum(1 for t in tokens[1:] if t[:1].isupper())
    title_terms, similar = document.title_terms, document.similar
    return [
        index == 0, index == 1, index == 2, index == 3, index >= 4,
        index / max(1, count - 1),
        math.log1p(len(tokens)), len(tokens) < 10, len(tokens) > 45,
        document.central[index], document.to_title[index],
        similar[index, 0] if index else 1.0,
        sentence[:1] in _QUOTES,
        any(mark in sentence for mark in _QUOTES),
        bool(re.search(r"\d", sentence)),
        capitalised / max(1, len(tokens) - 1),
        sentence.rstrip().endswith(":"),
        sentence.rstrip().endswith("?"),
        capitalised,
        sum(1 for t in tokens if t[:1].isdigit()),
        _has_date(tokens),
        _has_reporting_verb(tokens, lang),
        _first_person(sentence, lang),
        _quoted_share(sentence),
        (sum(1 for t in title_terms if t in document.terms[index]) / len(title_terms)
         if title_terms else 0.0),
        document.central_rank[index] / max(1, count - 1),
        document.title_rank[index] / max(1, count - 1),
        1.0 - (similar[index, :index].max() if index else 0.0),
        math.log(count),
        index == count - 1,
        "(" in sentence,
        lexical.score(sentence),
    ]


def _ranks(values: Sequence[float]) -> list[int]:
    """Each value's rank, the largest first (ties by order)."""
    order = sorted(range(len(values)), key=lambda i: (-values[i], i))
    ranks = [0] * len(values)
    for rank, index in enumerate(order):
        ranks[index] = rank
    return ranks


@functools.cache
def _calendar_words() -> frozenset[str]:
    return frozenset(fold(w) for w in (*lexicon.table("calendar", "months"),
                                       *lexicon.table("calendar", "weekdays"),
                                       *lexicon.table("calendar", "day_offsets")))


def _has_date(tokens: Sequence[str]) -> bool:
    words = _calendar_words()
    return any(fold(t) in words for t in tokens)


def _has_reporting_verb(tokens: Sequence[str], lang: str) -> bool:
    verbs = lexicon.reporting_verbs(lang)
    return any(t.lower() in verbs for t in tokens)


@functools.cache
def _first_person_words(lang: str) -> frozenset[str]:
    return lexicon.words("language", "first_person", lang)


def _first_person(sentence: str, lang: str) -> bool:
    """The writer speaking ("je", "nous", "we"), outside any quotation: opinion."""
    outside = re.sub(r"«[^»]*»|“[^”]*”|\"[^\"]*\"", " ", sentence)
    words = _first_person_words(language.supported(lang))
    return any(t.lower() in words for t in re.findall(r"\w+", outside))


def _quoted_share(sentence: str) -> float:
    quoted = sum(len(m.group()) for m in re.finditer(r"«[^»]*»|“[^”]*”|\"[^\"]*\"", sentence))
    return quoted / max(1, len(sentence))


def centrality(sentences: Sequence[str], lang: str) -> list[float]:
    """Each sentence's mean similarity to the others (a degree form of LexRank)."""
    terms = [content_terms(s, lang) for s in sentences]
    weights = _isf(terms)
    vectors = [_weighted(t, weights) for t in terms]
    return [_mean_similarity(index, vectors) for index in range(len(vectors))]


def _mean_similarity(index: int, vectors: list[dict[str, float]]) -> float:
    others = [cosine(vectors[index], other) for j, other in enumerate(vectors) if j != index]
    return sum(others) / len(others) if others else 0.0


def _isf(terms: list[Counter[str]]) -> dict[str, float]:
    documents = Counter(term for counter in terms for term in counter)
    total = len(terms)
    return {term: math.log((1 + total) / (1 + seen)) + 1 for term, seen in documents.items()}


def _weighted(terms: Counter[str], weights: dict[str, float]) -> dict[str, float]:
    return {term: count * weights.get(term, 1.0) for term, count in terms.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two sparse vectors."""
    if not a or not b:
        return 0.0
    dot = sum(value * b.get(term, 0.0) for term, value in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def similarity(a: str, b: str, lang: str) -> float:
    """Cosine similarity of two sentences' stemmed content words."""
    return cosine(dict(content_terms(a, lang)), dict(content_terms(b, lang)))


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
