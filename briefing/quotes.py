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

import functools
import re
from dataclasses import dataclass

from briefing import language
from briefing.lexicon import speech
from briefing.models import Article, Block, Quote
from briefing.names import NameIndex, find_names, fold

_PAIRS = {"«": "»", "“": "”", "‹": "›", '"': '"', "„": "“"}
_LOOKBACK_BLOCKS = 8
_MIN_WORDS_FULL = 4
_INCISE_WORDS = 8
_VERB_HEADS = frozenset("""a ont avait avaient est sont était étaient sera va vont aurait
has have had is was were will would""".split())
_DETERMINERS = ("le ", "la ", "les ", "l'", "un ", "une ", "des ", "the ", "a ", "an ", "one ")
_CLAUSE_OPENERS = frozenset({"lors", "à", "a", "en", "au", "pendant", "durant", "dans", "after",
                             "during", "asked", "speaking", "interviewed"})
_LEADING_CLAUSE = re.compile(r"^(?:[^,]{0,60}),\s+")
_DASH_ATTRIBUTION = re.compile(r"^\s*[,.]?\s*[—–]\s*(?P<who>[^,.;()«»\"“”]{2,60})")
_INVERTED_PRONOUN = re.compile(r"-t-(il|elle|on)\b|-(il|elle|ils|elles)\b", re.IGNORECASE)
_TITLE_CUES = frozenset("""intitulé intitulée intitulés titre émission livre film série journal
rapport ouvrage chanson slogan hashtag opération programme plan titled called named show
book film series report song slogan operation programme program""".split())


@dataclass(frozen=True)
class _Span:
    text: str
    start: int
    end: int


@functools.cache
def _verbs() -> frozenset[str]:
    return speech.reporting_verbs()


class _Context:
    """What an article says about its people: full names, titles, mentions in order."""

    def __init__(self, article: Article) -> None:
        self.index = NameIndex(article.text)
        self.titles: dict[str, str] = {}
        self.mentions: list[tuple[int, str]] = []
        offset = 0
        for block in article.blocks:
            offset = article.text.find(block.text, offset)
            for name in find_names(block.text):
                if name.kind == "person":
                    person = self.index.resolve(name.text)
                    self.mentions.append((offset + name.start, person))
                    self._learn_title(block.text, name.start, name.end, person)

    def _learn_title(self, text: str, start: int, end: int, person: str) -> None:
        """Remember "le ministre …, Sergueï Lavrov" and "Secretary of State Marco Rubio"."""
        before = text[max(0, start - 80): start]
        after = text[end: end + 80]
        context = before.rsplit(".", 1)[-1] + " " + (after.split(",")[1] if after.startswith(",")
                                                     and "," in after[1:] else "")
        for word in re.findall(r"[\w'\-]+", fold(context)):
            if word in speech.TITLES and len(word) > 2:
                self.titles[word] = person

    def last_person(self, offset: int) -> str | None:
        """The person named last before an offset of the article text."""
        found = [person for position, person in self.mentions if position < offset]
        return found[-1] if found else None

    def resolve(self, phrase: str, offset: int) -> str | None:
        """Who a noun phrase, pronoun or title names; None when it names nobody."""
        phrase = phrase.strip(" ,;:.")
        folded = fold(phrase)
        if not phrase or folded in speech.PRONOUNS:
            return self.last_person(offset) if phrase else None
        named = find_names(phrase)
        people = [n for n in named if n.kind == "person"] or [
            n for n in named if n.kind == "institution"]
        if people:
            return self.index.resolve(people[0].text)
        for word in re.findall(r"[\w'\-]+", folded):
            if word in self.titles:
                return self.titles[word]
        return _descriptive(phrase)


def find_quotes(article: Article) -> tuple[Quote, ...]:
    """Return the article's quotes in reading order, each with its speaker or None."""
    context = _Context(article)
    found: list[Quote] = []
    offset = 0
    blocks = article.blocks
    for position, block in enumerate(blocks):
        offset = article.text.find(block.text, offset)
        if block.kind == "quotation":
            quote = _block_quote(blocks, position, context, offset)
            if quote:
                found.append(quote)
        elif block.kind in ("paragraph", "bullet"):
            found.extend(_inline_quotes(blocks, position, context, offset, article.language))
    return tuple(_unique(found))


# ── statements set off as their own block ──────────────────────────────────

def _block_quote(blocks: tuple[Block, ...], position: int, context: _Context,
                 offset: int) -> Quote | None:
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
        speaker = _intro_speaker(blocks[position - 1].text, context, offset)
    if speaker is None:
        speaker = _recent_speaker(blocks[max(0, position - _LOOKBACK_BLOCKS): position], context)
    return Quote(text=text, speaker=speaker, kind="full")


def _intro_speaker(intro: str, context: _Context, offset: int) -> str | None:
    """Who the colon-ended sentence introducing a statement says will speak."""
    last = _last_sentence(intro)
    names = [n for n in find_names(last) if n.kind != "place"]
    for name in names:
        if _speech_near(last, name.start, name.end):
            return context.index.resolve(name.text)
    institutions = [n for n in names if n.kind == "institution"] or [
        n for n in find_names(intro) if n.kind == "institution"]
    if institutions:
        return context.index.resolve(institutions[0].text)
    if _has_speech_marker(last):
        subject = _subject(last)
        if subject:
            return context.resolve(subject, offset)
    return None


def _recent_speaker(previous: tuple[Block, ...], context: _Context) -> str | None:
    """The last person the preceding blocks show speaking."""
    for block in reversed(previous):
        for sentence in reversed(language.split_sentences(block.text, "fr")):
            for name in reversed(find_names(sentence)):
                if name.kind == "person" and _speech_near(sentence, name.start, name.end):
                    return context.index.resolve(name.text)
    return None


# ── quotation marks inside running text ─────────────────────────────────────

def _inline_quotes(blocks: tuple[Block, ...], position: int, context: _Context, offset: int,
                   lang: str) -> list[Quote]:
    block = blocks[position]
    quotes: list[Quote] = []
    cursor = 0
    for sentence in language.split_sentences(block.text, lang):
        cursor = block.text.find(sentence, cursor)
        at = offset + max(0, cursor)
        for span, incise in _joined_spans(sentence):
            words = span.text.split()
            if len(words) < 2 or _is_title(sentence, span):
                continue  # a single word in quotes is a term; a title is no statement
            kind = _kind(sentence, span)
            speaker = _speaker(sentence, span, incise, context, at)
            if speaker is None and block.kind == "bullet":
                speaker = _list_speaker(blocks, position, context, offset)
            if speaker is None and kind == "partial":
                continue  # scare quotes: nobody is quoted
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
    words = _tokens(text)
    return 0 < len(words) <= _INCISE_WORDS and (
        bool(set(words) & _verbs()) or bool(_INVERTED_PRONOUN.search(text))) and (
        "." not in text.strip(" ,"))


def _is_title(sentence: str, span: _Span) -> bool:
    """A quoted title of a book, show or document ("son livre « Le Fil »")."""
    before = _tokens(sentence[max(0, span.start - 30): span.start])[-2:]
    return bool(set(before) & _TITLE_CUES) and len(span.text.split()) <= 8 and not (
        span.text.rstrip()[-1:] in ".!?")


def _kind(sentence: str, span: _Span) -> str:
    before = sentence[: span.start].rstrip()
    complete = (span.text[:1].isupper() and len(span.text.split()) >= _MIN_WORDS_FULL)
    introduced = not before or before.endswith((":", ",", "—", "–")) or bool(
        _INVERTED_PRONOUN.search(before[-20:]))
    return "full" if complete and introduced else "partial"


def _speaker(sentence: str, span: _Span, incise: str, context: _Context,
             offset: int) -> str | None:
    """Who speaks a quoted span: incise, dash, then the sentence around it."""
    if incise:
        return _attribution(incise, context, offset)
    after = sentence[span.end:]
    dash = _DASH_ATTRIBUTION.match(after)
    if dash:
        return context.resolve(dash.group("who"), offset)
    following = re.match(r"^\s*,?\s*([^.;!?«»\"“”]{2,80})", after)
    if following:
        found = _attribution(following.group(1), context, offset)
        if found:
            return found
    outside = sentence[: span.start] + " " * (span.end - span.start) + after
    for name in find_names(outside):
        if name.kind != "place" and (_speech_near(outside, name.start, name.end)
                                     or _source_phrase_before(outside, name.start)):
            return context.index.resolve(name.text)
    if _has_speech_marker(sentence[: span.start]):
        subject = _subject(sentence[: span.start])
        return context.resolve(subject, offset) if subject else None
    return None


def _attribution(text: str, context: _Context, offset: int) -> str | None:
    """The speaker in text right after a quote: ", a déclaré X", ", a-t-il dit", ", X said"."""
    tokens = _tokens(text)
    if not tokens or not set(tokens[:6]) & _verbs() and not _INVERTED_PRONOUN.search(text):
        return None
    pronoun = _INVERTED_PRONOUN.search(text[:40])
    if pronoun:
        return context.last_person(offset)
    verb_at = next(i for i, t in enumerate(tokens) if t in _verbs())
    words = text.split()
    if verb_at == 0 or (verb_at == 1 and tokens[0] in _VERB_HEADS):
        who = " ".join(words[verb_at + 1:])  # inverted: "a déclaré Sergueï Lavrov à la presse"
        who = re.split(r"\s+(?:à|au|aux|dans|devant|lors|sur|to|in|at|on|after|before)\s", who)[0]
    else:
        who = " ".join(words[:verb_at])  # "one former ambassador said"
        who = re.sub(r"\s+(?:a|ont|avait|has|had|have)$", "", who)
    return context.resolve(who, offset) if who.strip(" ,") else None


def _list_speaker(blocks: tuple[Block, ...], position: int, context: _Context,
                  offset: int) -> str | None:
    """The speaker of a bulleted list: the subject of the sentence that introduces it."""
    for back in range(position - 1, -1, -1):
        block = blocks[back]
        if block.kind == "bullet":
            continue
        intro = _last_sentence(block.text)
        if intro.rstrip().endswith(":") and _has_speech_marker(intro):
            subject = _subject(intro)
            return context.resolve(subject, offset) if subject else None
        return None
    return None


# ── helpers ─────────────────────────────────────────────────────────────────

def _speech_near(text: str, start: int, end: int) -> bool:
    """Whether a reporting verb or source phrase sits right next to a name."""
    rest = text[end:]
    if rest.startswith(","):
        closing = rest.find(",", 1)
        if 0 < closing < 90:
            rest = rest[closing + 1:]  # skip an apposition: "X, ministre de ..., a dit"
    after = _tokens(rest[:60])[:4]
    before = _tokens(text[max(0, start - 40): start])[-3:]
    verbs = _verbs()
    if any(token in verbs for token in after):
        return True
    if any(token in verbs for token in before) and not text[:start].rstrip().endswith("."):
        return True
    return _source_phrase_before(text, start) or any(
        fold(noun) in fold(rest[:60]) for noun in speech.SPEECH_NOUNS[:3])


def _source_phrase_before(text: str, start: int) -> bool:
    before = fold(text[max(0, start - 25): start]).rstrip()
    before = re.sub(r"\s(le|la|les|l'|the)$", "", before)
    return any(before.endswith(fold(phrase)) for phrase in speech.SOURCE_PHRASES[:5])


def _has_speech_marker(text: str) -> bool:
    folded = fold(text)
    return bool(set(_tokens(text)) & _verbs()) or any(
        fold(noun) in folded for noun in speech.SPEECH_NOUNS)


def _subject(sentence: str) -> str | None:
    """The noun phrase before the first verb of a sentence, leading clauses skipped."""
    text = sentence.strip()
    while True:
        lead = _LEADING_CLAUSE.match(text)
        first = lead.group().split()[0].lower() if lead else ""
        if not lead or not (first in speech.NON_NAME_WORDS | _CLAUSE_OPENERS
                            or first in _verbs() or first.endswith(("é", "ée", "ant"))):
            break
        text = text[lead.end():]
    head: list[str] = []
    for token in text.split()[:12]:
        bare = token.strip(",;:").lower()
        if bare in _VERB_HEADS or bare in _verbs():
            break
        head.append(token)
    phrase = " ".join(head).strip(" ,")
    named = find_names(phrase)
    people = [n for n in named if n.kind == "person"] or [
        n for n in named if n.kind == "institution"]
    if people:
        return people[0].text
    last = phrase.rsplit(",", 1)[-1].strip()  # "Interrogé sur ce point, il" → "il"
    return last or None


def _descriptive(phrase: str) -> str | None:
    """A speaker described, not named ("la délégation américaine", "one former ambassador")."""
    text = phrase.strip(" ,;:.")
    lowered = text.lower()
    for determiner in _DETERMINERS:
        if lowered.startswith(determiner):
            text = text[len(determiner):]
            break
    words = text.split()
    if not words or len(words) > 5 or fold(words[0]) in speech.NON_NAME_WORDS:
        return None
    return text


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
