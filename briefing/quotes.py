"""Find quotations and who said them.

Two sources of quotes: statements set off as their own block after an
introducing colon (marked by the cleaner), and words between quotation marks
inside running text. A speaker is named only when the text says who spoke
(a reporting verb, a source phrase, a speech noun); otherwise it is None.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from briefing import language
from briefing.lexicon import speech
from briefing.models import Article, Block, Quote
from briefing.names import Name, NameIndex, find_names, fold

_PAIRS = {"«": "»", "“": "”", "‹": "›", '"': '"', "„": "“"}
_LOOKBACK_BLOCKS = 8
_MIN_WORDS_FULL = 4
_VERB_HEADS = frozenset("""a ont avait avaient est sont était étaient sera va vont aurait
has have had is was were will would""".split())
_LEADING_CLAUSE = re.compile(r"^(?:[^,]{0,60}),\s+")


@dataclass(frozen=True)
class _Span:
    text: str
    start: int
    end: int


@functools.cache
def _verbs() -> frozenset[str]:
    return speech.reporting_verbs()


def find_quotes(article: Article) -> tuple[Quote, ...]:
    """Return the article's quotes in reading order, each with its speaker or None."""
    index = NameIndex(article.text)
    found: list[Quote] = []
    blocks = article.blocks
    for position, block in enumerate(blocks):
        if block.kind == "quotation":
            quote = _block_quote(blocks, position, index)
            if quote:
                found.append(quote)
        elif block.kind in ("paragraph", "bullet"):
            found.extend(_inline_quotes(blocks, position, index, article.language))
    return tuple(_unique(found))


# ── statements set off as their own block ──────────────────────────────────

def _block_quote(blocks: tuple[Block, ...], position: int, index: NameIndex) -> Quote | None:
    text = _strip_marks(blocks[position].text)
    if len(text.split()) < 2:
        return None
    speaker = None
    if position > 0 and blocks[position - 1].text.rstrip().endswith(":"):
        speaker = _intro_speaker(blocks[position - 1].text, index)
    if speaker is None:
        speaker = _recent_speaker(blocks[max(0, position - _LOOKBACK_BLOCKS): position], index)
    return Quote(text=text, speaker=speaker, kind="full")


def _intro_speaker(intro: str, index: NameIndex) -> str | None:
    """Who the colon-ended sentence introducing a statement says will speak."""
    last = _last_sentence(intro)
    names = [n for n in find_names(last) if n.kind != "place"]
    context = [n for n in find_names(intro) if n.kind == "institution"]
    for name in names:
        if _speech_near(last, name):
            return index.resolve(name.text)
    institutions = [n for n in names if n.kind == "institution"] or context
    if institutions:
        return index.resolve(institutions[0].text)
    if _has_speech_marker(last):
        subject = _subject(last, index)
        if subject:
            return subject
    return None


def _recent_speaker(previous: tuple[Block, ...], index: NameIndex) -> str | None:
    """The last person the preceding blocks show speaking."""
    for block in reversed(previous):
        for sentence in reversed(language.split_sentences(block.text, "fr")):
            for name in reversed(find_names(sentence)):
                if name.kind == "person" and _speech_near(sentence, name):
                    return index.resolve(name.text)
    return None


# ── quotation marks inside running text ─────────────────────────────────────

def _inline_quotes(blocks: tuple[Block, ...], position: int, index: NameIndex,
                   lang: str) -> list[Quote]:
    block = blocks[position]
    quotes: list[Quote] = []
    for sentence in language.split_sentences(block.text, lang):
        for span in quote_spans(sentence):
            words = span.text.split()
            if len(words) < 2:
                continue  # a single word in quotes is a term, not a statement
            kind = _kind(sentence, span)
            speaker = _sentence_speaker(sentence, span, index)
            if speaker is None and block.kind == "bullet":
                speaker = _list_speaker(blocks, position, index)
            if speaker is None and kind == "partial":
                continue  # scare quotes or a title: nobody is quoted
            quotes.append(Quote(text=span.text, speaker=speaker, kind=kind))
    return quotes


def quote_spans(text: str) -> list[_Span]:
    """Return the outermost quoted spans of a text; unbalanced marks quote nothing."""
    spans: list[_Span] = []
    position = 0
    while position < len(text):
        opener = text[position]
        closer = _PAIRS.get(opener)
        if closer is None or (opener == '"' and position > 0 and text[position - 1].isalnum()):
            position += 1
            continue
        end = _matching(text, position, opener, closer)
        if end is None:
            position += 1
            continue
        inner = text[position + 1: end].strip(" \u00a0\u202f")
        if inner:
            spans.append(_Span(inner, position, end + 1))
        position = end + 1
    return spans


def _matching(text: str, start: int, opener: str, closer: str) -> int | None:
    depth = 0
    for position in range(start, len(text)):
        char = text[position]
        if char == closer and (depth == 1 or opener == closer):
            return position if opener != closer or position != start else None
        if char == opener and opener != closer:
            depth += 1
        elif char == closer:
            depth -= 1
    return None


def _kind(sentence: str, span: _Span) -> str:
    before = sentence[: span.start].rstrip()
    complete = (span.text[:1].isupper() and len(span.text.split()) >= _MIN_WORDS_FULL)
    introduced = not before or before.endswith((":", ",", "—", "–"))
    return "full" if complete and introduced else "partial"


def _sentence_speaker(sentence: str, span: _Span, index: NameIndex) -> str | None:
    outside = sentence[: span.start] + " " * (span.end - span.start) + sentence[span.end:]
    names = [n for n in find_names(outside) if n.kind != "place"]
    for name in names:
        if _speech_near(outside, name) or _source_phrase_before(outside, name):
            return index.resolve(name.text)
    if _has_speech_marker(outside):
        return _subject(outside[: span.start], index)
    return None


def _list_speaker(blocks: tuple[Block, ...], position: int, index: NameIndex) -> str | None:
    """The speaker of a bulleted list: the subject of the sentence that introduces it."""
    for back in range(position - 1, -1, -1):
        block = blocks[back]
        if block.kind == "bullet":
            continue
        intro = _last_sentence(block.text)
        if intro.rstrip().endswith(":") and _has_speech_marker(intro):
            return _subject(intro, index)
        return None
    return None


# ── helpers ─────────────────────────────────────────────────────────────────

def _speech_near(text: str, name: Name) -> bool:
    """Whether a reporting verb or source phrase sits right next to a name."""
    rest = text[name.end:]
    if rest.startswith(","):
        closing = rest.find(",", 1)
        if 0 < closing < 90:
            rest = rest[closing + 1:]  # skip an apposition: "X, ministre de ..., a dit"
    after = _tokens(rest[:60])[:4]
    before = _tokens(text[max(0, name.start - 40): name.start])[-3:]
    verbs = _verbs()
    if any(token in verbs for token in after):
        return True
    if any(token in verbs for token in before) and not text[:name.start].rstrip().endswith("."):
        return True
    return _source_phrase_before(text, name) or any(
        fold(noun) in fold(rest[:60]) for noun in speech.SPEECH_NOUNS[:3])


def _source_phrase_before(text: str, name: Name) -> bool:
    before = fold(text[max(0, name.start - 25): name.start])
    return any(before.rstrip().endswith(fold(p)) or before.endswith(fold(p) + " le ")
               or before.endswith(fold(p) + " la ") for p in speech.SOURCE_PHRASES[:5])


def _has_speech_marker(text: str) -> bool:
    folded = fold(text)
    tokens = set(_tokens(text))
    return bool(tokens & _verbs()) or any(fold(noun) in folded for noun in speech.SPEECH_NOUNS)


def _subject(sentence: str, index: NameIndex) -> str | None:
    """The noun phrase before the first verb of a sentence, or a person named in it."""
    text = sentence.strip()
    while True:
        lead = _LEADING_CLAUSE.match(text)
        if not lead or lead.group().split()[0].lower() not in speech.NON_NAME_WORDS | {
                "lors", "à", "a", "en", "au", "pendant", "durant", "dans", "after", "during"}:
            break
        text = text[lead.end():]
    tokens = text.split()
    head: list[str] = []
    for token in tokens[:10]:
        bare = token.strip(",;:").lower()
        if bare in _VERB_HEADS or bare in _verbs():
            break
        head.append(token)
    phrase = " ".join(head).strip(" ,")
    named = find_names(phrase)
    people = [n for n in named if n.kind == "person"] or [
        n for n in named if n.kind == "institution"]
    if people:
        return index.resolve(people[0].text)
    words = phrase.split()
    while words and fold(words[0]).rstrip("'") in speech.NON_NAME_WORDS:
        words.pop(0)
    phrase = re.sub(r"^(?:l'|d')", "", " ".join(words))
    if not phrase or len(phrase.split()) > 5 or fold(phrase) in speech.PRONOUNS:
        return None
    return phrase


def _last_sentence(text: str) -> str:
    sentences = language.split_sentences(text, "fr")
    return sentences[-1] if sentences else text


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in re.findall(r"[\w'’\-]+", text.replace("’", "'"))]


def _strip_marks(text: str) -> str:
    text = text.strip()
    if text[:1] in _PAIRS and text.rstrip(".").endswith(_PAIRS[text[0]]):
        text = text[1:].rstrip(".")[:-1]
    return text.strip(" \u00a0\u202f")


def _unique(quotes: list[Quote]) -> list[Quote]:
    seen: set[str] = set()
    kept: list[Quote] = []
    for quote in quotes:
        key = fold(quote.text)
        if key not in seen:
            seen.add(key)
            kept.append(quote)
    return kept
