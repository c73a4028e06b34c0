"""Find quotations and who said them.

Two sources of quotes: statements set off as their own block after an
introducing colon (marked by the cleaner), and words between quotation marks
inside running text (« », “ ”, " ", ‹ ›, nested or not). A quote split by an
incise ("«…, a-t-il dit, …»", "“…,” he said, “…”") is joined. A speaker is
named only when the text says who spoke: a reporting verb or source phrase
next to a name or a noun phrase, a dash attribution, the subject of the
sentence introducing a statement or a list. Pronouns and titles ("il", "le
ministre", "the Secretary of State") resolve to the person the article
introduced; otherwise the speaker is None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing import lexicon
from briefing.models import Article, Block, Quote, QuoteKind
from briefing.names import Name, find_names, fold
from briefing.speakers import (SpeakerContext, attribution, auxiliaries, inverted_pronoun,
                               has_speech_marker, reporting_verbs, role, speech_near,
                               subject_of, tokens)

_PAIRS = {"«": "»", "“": "”", "‹": "›", '"': '"', "„": "“"}
_LOOKBACK_BLOCKS = 8
_MIN_WORDS_FULL = 4
_INCISE_WORDS = 8
_TERM_WORDS = 3
_DASH_ATTRIBUTION = re.compile(r"^\s*[,.]?\s*[—–]\s*(?P<who>[^,.;()«»\"“”]{2,60})")


@dataclass(frozen=True)
class _Span:
    text: str
    start: int
    end: int


def find_quotes(article: Article) -> tuple[Quote, ...]:
    """Return the article's quotes in reading order, each with its speaker or None."""
    context = SpeakerContext(article)
    folded_text = fold(article.text)  # once: terms are looked up in the whole article
    found: list[Quote] = []
    for position, block in enumerate(article.blocks):
        offset = article.block_starts[position]
        if block.kind == "quotation":
            quote = _block_quote(article, position, context, offset)
            if quote:
                found.append(quote)
                if quote.speaker:
                    context.note_speaker(offset, quote.speaker)
        elif block.kind in ("paragraph", "bullet"):
            found.extend(_inline_quotes(article, position, context, folded_text))
    return tuple(_unique(found))


# ── statements set off as their own block ──────────────────────────────────

def _block_quote(article: Article, position: int, context: SpeakerContext,
                 offset: int) -> Quote | None:
    blocks = article.blocks
    text = blocks[position].text.strip()
    dash = None
    spans = quote_spans(text)
    if spans and spans[0].start == 0:
        dash = _DASH_ATTRIBUTION.match(text[spans[0].end:])
        text = spans[0].text if dash or spans[0].end >= len(text.rstrip(". ")) else text
    text = _strip_marks(text)
    if len(text.split()) < 2:
        return None
    speaker = context.resolve(dash.group("who"), offset) if dash else None
    if speaker is None and position > 0 and blocks[position - 1].text.rstrip().endswith(":"):
        speaker = _intro_speaker(_last_sentence(article, position - 1), blocks[position - 1].text,
                                 context, offset)
    if speaker is None:
        speaker = _recent_speaker(article, range(max(0, position - _LOOKBACK_BLOCKS), position),
                                  context)
    return Quote(text=text, speaker=speaker, kind="full", start=offset,
                 end=offset + len(blocks[position].text))


def _intro_speaker(last: str, intro: str, context: SpeakerContext, offset: int) -> str | None:
    """Who the colon-ended sentence introducing a statement says will speak."""
    names = [n for n in find_names(last) if n.kind != "place"]
    for name in names:
        if speech_near(last, name.start, name.end):
            return context.accept(name.text)
    institutions = [n for n in names if n.kind == "institution"] or [
        n for n in find_names(intro) if n.kind == "institution"]
    if institutions:
        return context.index.resolve(institutions[0].text)
    if has_speech_marker(last):
        subject = subject_of(last)
        if subject:
            return context.resolve(subject, offset)
    return None


def _recent_speaker(article: Article, previous: range, context: SpeakerContext) -> str | None:
    """The last person the preceding blocks show speaking."""
    for index in reversed(previous):
        for sentence in reversed(article.sentences_by_block[index]):
            for name in reversed(find_names(sentence.text)):
                if name.kind == "person" and speech_near(sentence.text, name.start, name.end):
                    return context.accept(name.text)
    return None


# ── quotation marks inside running text ─────────────────────────────────────

def _inline_quotes(article: Article, position: int, context: SpeakerContext,
                   folded_text: str) -> list[Quote]:
    block = article.blocks[position]
    quotes: list[Quote] = []
    for sentence in article.sentences_by_block[position]:
        at = sentence.start
        for span, incise in _joined_spans(sentence.text):
            words = span.text.split()
            if len(words) < 2 or _is_title(sentence.text, span):
                continue  # a single word in quotes is a term; a title is no statement
            kind = _kind(sentence.text, span)
            if kind == "partial" and _is_term(sentence.text, span, block, folded_text):
                continue  # "le mouvement des « gilets jaunes »": a term, not words said
            speaker = _speaker(sentence.text, span, incise, context, at)
            if speaker is None and block.kind == "bullet":
                speaker = _list_speaker(article, position, context)
            if speaker is None and kind == "partial":
                continue  # scare quotes: nobody is quoted
            if speaker:
                context.note_speaker(at, speaker)
            quotes.append(Quote(text=span.text, speaker=speaker, kind=kind,
                                start=at + span.start, end=at + span.end))
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
    if opener == closer:
        end = text.find(closer, start + 1)
        return end if end > start else None
    depth = 0
    for position in range(start, len(text)):
        if text[position] == opener:
            depth += 1
        elif text[position] == closer:
            depth -= 1
            if depth == 0:
                return position
    return None


def _joined_spans(sentence: str) -> list[tuple[_Span, str]]:
    """Quoted spans with their incise: «A, a-t-il dit, B» and “A,” he said, “B” become one."""
    joined: list[tuple[_Span, str]] = []
    for span in quote_spans(sentence):
        if joined:
            previous, _ = joined[-1]
            between = sentence[previous.end: span.start]
            if _is_incise(between):
                merged = _Span(f"{previous.text} {span.text}", previous.start, span.end)
                joined[-1] = (merged, between)
                continue
        inner = re.search(r",\s*([^,]{3,80}),\s*", span.text)
        if inner and _is_incise(inner.group(1)) and inner.start() > 0:
            text = f"{span.text[:inner.start()]}, {span.text[inner.end():]}".strip()
            joined.append((_Span(text, span.start, span.end), inner.group(1)))
        else:
            joined.append((span, ""))
    return joined


def _is_incise(text: str) -> bool:
    words = tokens(text)
    return 0 < len(words) <= _INCISE_WORDS and (
        bool(set(words) & reporting_verbs()) or bool(inverted_pronoun().search(text))) and (
        "." not in text.strip(" ,"))


def _is_term(sentence: str, span: _Span, block: Block, folded_text: str) -> bool:
    """A short quoted phrase that names something rather than reports words: not
    introduced by speech, or used again elsewhere in the article."""
    words = len(span.text.split())
    if words <= _TERM_WORDS + 1 and folded_text.count(fold(span.text)) >= 2:
        return True
    return words <= _TERM_WORDS and block.kind != "bullet" and not _reported(sentence, span)


def _reported(sentence: str, span: _Span) -> bool:
    """Whether the sentence reports speech before the span or attributes it right after."""
    after = sentence[span.end: span.end + 40]
    return has_speech_marker(sentence[: span.start]) or bool(
        re.match(r"^\s*,\s*\S+", after) and set(tokens(after)[:3]) & reporting_verbs())


def _is_title(sentence: str, span: _Span) -> bool:
    """A quoted title of a book, show or document ("son livre « Le Fil »")."""
    before = tokens(sentence[max(0, span.start - 30): span.start])[-2:]
    cued = bool(set(before) & lexicon.words("speech", "title_cues"))
    return cued and len(span.text.split()) <= 8 and span.text.rstrip()[-1:] not in ".!?"


def _kind(sentence: str, span: _Span) -> QuoteKind:
    before = sentence[: span.start].rstrip()
    complete = (span.text[:1].isupper() and len(span.text.split()) >= _MIN_WORDS_FULL)
    introduced = not before or before.endswith((":", ",", "—", "–")) or bool(
        inverted_pronoun().search(before[-20:]))
    return "full" if complete and introduced else "partial"


def _speaker(sentence: str, span: _Span, incise: str, context: SpeakerContext,
             offset: int) -> str | None:
    """Who speaks a quoted span: incise, dash, then the sentence around it."""
    if incise:
        return attribution(incise, context, offset)
    after = sentence[span.end:]
    dash = _DASH_ATTRIBUTION.match(after)
    if dash:
        return context.resolve(dash.group("who"), offset)
    introduced = re.search(r"([^,.;:!?«»\"“”]{2,60}):\s*$", sentence[: span.start])
    if introduced and not set(tokens(introduced.group(1))) & (reporting_verbs() | auxiliaries()):
        named = context.resolve(introduced.group(1), offset)  # "…, Carmen Costa : « … »"
        if named:
            return named
    following = re.match(r"^\s*,?\s*([^.;!?«»\"“”]{2,80})", after)
    if following:
        found = attribution(following.group(1), context, offset)
        if found:
            return found
    low, high = _segment(sentence, span)
    outside = (" " * low + sentence[low: span.start] + " " * (span.end - span.start)
               + sentence[span.end: high])
    candidates = [(role(outside, n.start, n.end), -_distance(n, span), n)
                  for n in find_names(outside) if n.kind != "place"]
    best = max(candidates, key=lambda c: (c[0], c[1]), default=None)
    if best and best[0] > 0:
        return context.accept(best[2].text)
    if has_speech_marker(sentence[: span.start]):
        subject = subject_of(sentence[: span.start])
        return context.resolve(subject, offset) if subject else None
    return None


def _segment(sentence: str, span: _Span) -> tuple[int, int]:
    """The part of a sentence that belongs to one quote: from the previous quote's end to
    the next one's start."""
    spans = quote_spans(sentence)
    low = max((s.end for s in spans if s.end <= span.start), default=0)
    high = min((s.start for s in spans if s.start >= span.end), default=len(sentence))
    return low, high


def _distance(name: Name, span: _Span) -> int:
    return span.start - name.end if name.end <= span.start else name.start - span.end


def _list_speaker(article: Article, position: int, context: SpeakerContext) -> str | None:
    """The speaker of a bulleted list: the subject of the sentence that introduces it."""
    for back in range(position - 1, -1, -1):
        block = article.blocks[back]
        if block.kind == "bullet":
            continue
        intro = _last_sentence(article, back)
        if intro.rstrip().endswith(":") and has_speech_marker(intro):
            subject = subject_of(intro)
            return context.resolve(subject, article.block_starts[position]) if subject else None
        return None
    return None


# ── helpers ─────────────────────────────────────────────────────────────────

def _last_sentence(article: Article, index: int) -> str:
    sentences = article.sentences_by_block[index]
    return sentences[-1].text if sentences else article.blocks[index].text


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
