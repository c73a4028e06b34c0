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
from briefing.names import Name, NameIndex, find_names, fold

_PAIRS = {"«": "»", "“": "”", "‹": "›", '"': '"', "„": "“"}
_LOOKBACK_BLOCKS = 8
_MIN_WORDS_FULL = 4
_INCISE_WORDS = 8
_TERM_WORDS = 3
_VERB_HEADS = frozenset("""a ont avait avaient est sont était étaient sera va vont aurait
doit doivent devra devront devrait devraient peut peuvent pourra pourrait veut veulent voudrait
compte comptent entend entendent has have had is was were will would can could should must may
might""".split())
_DETERMINERS = ("le ", "la ", "les ", "l'", "un ", "une ", "des ", "the ", "a ", "an ", "one ")
_ADVERBS = frozenset("""aussi également encore ensuite alors déjà notamment pourtant cependant
lui-même elle-même de d' also then later again already however""".split())
_CLAUSE_OPENERS = frozenset("""à au aux après avant lors pendant durant dans en par pour sur selon
depuis dès malgré face suite outre sans cependant pourtant ensuite enfin puis alors ainsi
parallèlement toutefois néanmoins désormais aujourd'hui hier mardi lundi mercredi jeudi vendredi
samedi dimanche mais et or donc d'abord plus interrogé interrogée évoquant after before during
in on at for despite following however meanwhile then also moreover today yesterday asked
speaking interviewed but and""".split())
_LEADING_CLAUSE = re.compile(r"^(?:[^,]{0,100}),\s+")
_DASH_ATTRIBUTION = re.compile(r"^\s*[,.]?\s*[—–]\s*(?P<who>[^,.;()«»\"“”]{2,60})")
_SINGULAR_PRONOUNS = frozenset({"il", "elle", "he", "she"})
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
        self.titles: dict[str, list[tuple[int, str]]] = {}
        self.mentions: list[tuple[int, str]] = []
        self.subjects: list[tuple[int, str]] = []
        offset = 0
        for block in article.blocks:
            offset = article.text.find(block.text, offset)
            for name in find_names(block.text):
                if name.kind == "person" and not _after_preposition(block.text, name.start):
                    person = self.index.resolve(name.text)
                    self.mentions.append((offset + name.start, person))
                    self._learn_title(block.text, name.start, name.end, person, offset)
        offset = 0
        for block in article.blocks:
            offset = article.text.find(block.text, offset)
            cursor = 0
            for sentence in language.split_sentences(block.text, article.language):
                cursor = block.text.find(sentence, cursor)
                at = offset + max(cursor, 0)
                self.subjects.append((at, self._subject_person(sentence, at)))
        self.speakers: list[tuple[int, str]] = []

    def _subject_person(self, sentence: str, offset: int) -> str | None:
        """The person a sentence is about as its subject; a pronoun subject carries on the
        previous sentence's person."""
        subject = _subject(sentence)
        if not subject:
            return None
        if fold(subject) in _SINGULAR_PRONOUNS:
            return self.subjects[-1][1] if self.subjects else None
        return self._person(subject, offset + len(sentence))

    def _learn_title(self, text: str, start: int, end: int, person: str, offset: int) -> None:
        """Remember titles borne in apposition: "le ministre des Affaires étrangères, Sergueï
        Lavrov", "Secretary of State Marco Rubio", "Marc Lacey, le rédacteur en chef"."""
        before = re.split(r"[.;:!?«»\"“”()]", text[max(0, start - 80): start])[-1]
        window = _tokens(before)[-8:]
        for index in range(len(window) - 1, -1, -1):
            if window[index] in _verbs() or window[index] in _VERB_HEADS:
                window = window[index + 1:]
                break
        after = text[end: end + 70]
        if after.startswith(","):
            apposition = re.split(r"[,.;:!?«»\"“”()]", after[1:])[0]
            if not set(_tokens(apposition)) & (_verbs() | _VERB_HEADS):
                window += _tokens(apposition)
        for word in window:
            if word in speech.TITLES and len(word) > 2:
                self.titles.setdefault(word, []).append((offset + start, person))

    def titled(self, phrase: str, offset: int) -> str | None:
        """The person who last bore a title of the phrase before this offset."""
        for word in _tokens(phrase):
            holders = [who for at, who in self.titles.get(word, []) if at < offset]
            if holders:
                return holders[-1]
        return None

    def _person(self, phrase: str, offset: int) -> str | None:
        """The person a sentence's subject names (by name or title), if any."""
        if fold(phrase) in speech.PRONOUNS:
            return None
        for name in find_names(phrase):
            if name.kind == "person":
                return self.index.resolve(name.text)
        return self.titled(phrase, offset)

    def note_speaker(self, offset: int, speaker: str) -> None:
        """Remember who spoke at an offset, for "…, a-t-il ajouté" after it."""
        self.speakers.append((offset, speaker))

    def last_person(self, offset: int) -> str | None:
        """Who "il"/"elle" at this offset stands for: the speaker of a quote in the two
        previous sentences, else the previous sentence's subject when it is a person.
        None when neither says: a pronoun is never matched to any name in sight."""
        previous = [position for position, _ in self.subjects if position < offset]
        window = previous[-2] if len(previous) >= 2 else (previous[0] if previous else offset)
        spoken = [who for position, who in self.speakers if window <= position < offset]
        if spoken:
            return spoken[-1]
        earlier = [who for position, who in self.subjects if position < offset]
        current = [who for position, who in self.subjects if position <= offset]
        if current and len(current) > len(earlier) and current[-1]:
            return current[-1]  # the pronoun's own sentence opens with a named subject
        return earlier[-1] if earlier else None

    def resolve(self, phrase: str, offset: int) -> str | None:
        """Who a noun phrase, pronoun or title names; None when it names nobody."""
        phrase = phrase.strip(" ,;:.")
        folded = fold(phrase)
        if not phrase or folded in speech.PRONOUNS:
            return self.last_person(offset) if phrase else None
        named = [n for n in find_names(phrase) if n.kind != "place"
                 and _role(phrase, n.start, n.end) >= 0 and not _after_preposition(phrase, n.start)]
        people = [n for n in named if n.kind == "person"] or [
            n for n in named if n.kind == "institution"]
        if people:
            alone = fold(people[0].text) == fold(_descriptive(phrase) or phrase)
            return self.accept(people[0].text, alone=alone)
        return self.titled(phrase, offset) or _descriptive(phrase)

    def accept(self, name: str, alone: bool = True) -> str | None:
        """The fullest form of a speaker's name; a lone surname the article never gives in
        full is accepted only when it stands alone next to the reporting verb."""
        full = self.index.resolve(name)
        if " " in full or name.isupper() or alone:
            return full
        return None


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
                if quote.speaker:
                    context.note_speaker(offset, quote.speaker)
        elif block.kind in ("paragraph", "bullet"):
            found.extend(_inline_quotes(blocks, position, context, offset, article.language,
                                        article.text))
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
            return context.accept(name.text)
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
                    return context.accept(name.text)
    return None


# ── quotation marks inside running text ─────────────────────────────────────

def _inline_quotes(blocks: tuple[Block, ...], position: int, context: _Context, offset: int,
                   lang: str, article_text: str) -> list[Quote]:
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
            if kind == "partial" and _is_term(sentence, span, block, article_text):
                continue  # "le mouvement des « gilets jaunes »": a term, not words said
            speaker = _speaker(sentence, span, incise, context, at)
            if speaker is None and block.kind == "bullet":
                speaker = _list_speaker(blocks, position, context, offset)
            if speaker is None and kind == "partial":
                continue  # scare quotes: nobody is quoted
            if speaker:
                context.note_speaker(at, speaker)
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


def _is_term(sentence: str, span: _Span, block: Block, article_text: str) -> bool:
    """A short quoted phrase that names something rather than reports words: not
    introduced by speech, or used again elsewhere in the article."""
    words = len(span.text.split())
    if words <= _TERM_WORDS + 1 and fold(article_text).count(fold(span.text)) >= 2:
        return True
    return words <= _TERM_WORDS and block.kind != "bullet" and not _reported(sentence, span)


def _reported(sentence: str, span: _Span) -> bool:
    """Whether the sentence reports speech before the span or attributes it right after."""
    after = sentence[span.end: span.end + 40]
    return _has_speech_marker(sentence[: span.start]) or bool(
        re.match(r"^\s*,\s*\S+", after) and set(_tokens(after)[:3]) & _verbs())


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
    introduced = re.search(r"([^,.;:!?«»\"“”]{2,60}):\s*$", sentence[: span.start])
    if introduced and not set(_tokens(introduced.group(1))) & (_verbs() | _VERB_HEADS):
        named = context.resolve(introduced.group(1), offset)  # "…, Carmen Costa : « … »"
        if named:
            return named
    following = re.match(r"^\s*,?\s*([^.;!?«»\"“”]{2,80})", after)
    if following:
        found = _attribution(following.group(1), context, offset)
        if found:
            return found
    low, high = _segment(sentence, span)
    outside = (" " * low + sentence[low: span.start] + " " * (span.end - span.start)
               + sentence[span.end: high])
    candidates = [(_role(outside, n.start, n.end), -_distance(n, span), n)
                  for n in find_names(outside) if n.kind != "place"]
    best = max(candidates, key=lambda c: (c[0], c[1]), default=None)
    if best and best[0] > 0:
        return context.accept(best[2].text)
    if _has_speech_marker(sentence[: span.start]):
        subject = _subject(sentence[: span.start])
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


def _attribution(text: str, context: _Context, offset: int) -> str | None:
    """The speaker in text right after a quote: ", a déclaré X", ", a-t-il dit", ", X said"."""
    tokens = _tokens(text)
    inverted = _INVERTED_PRONOUN.search(text[:40])
    if inverted and set(tokens[:3]) & _verbs():
        if (inverted.group(1) or inverted.group(2) or "").lower() not in _SINGULAR_PRONOUNS:
            return None  # "ont-ils expliqué": a group, not a person to name
        return context.last_person(offset)  # ", a-t-il dit", ", estime-t-elle"
    verb_at = next((i for i, t in enumerate(tokens[:6]) if t in _verbs()), None)
    if verb_at is None:
        return None
    words = text.split()
    if verb_at == 0 or (verb_at == 1 and tokens[0] in _VERB_HEADS):
        who = " ".join(words[verb_at + 1:])  # inverted: "a déclaré Sergueï Lavrov à la presse"
        who = re.split(r"\s+(?:à|au|aux|dans|devant|lors|sur|to|in|at|on|after|before)\s",
                       who)[0]
        who = ",".join(who.split(",")[:2])  # the speaker and an apposition at most
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

def _role(text: str, start: int, end: int) -> int:
    """How surely the name at text[start:end] is who speaks: 3 a source phrase before it
    ("selon X"), 2 the subject of a reporting verb ("X, ministre, a dit"), 1 the inverted
    subject ("a déclaré X"), 0 none. A name after a preposition ("à Melun") never speaks."""
    if _source_phrase_before(text, start):
        return 3
    before = _tokens(text[max(0, start - 60): start])
    while before and (before[-1] in ("le", "la", "les", "l'", "the") or before[-1] in
                      speech.TITLES):
        before.pop()
    if before and before[-1] in speech.PREPOSITIONS:
        return 0
    if text[:start].count("(") > text[:start].count(")"):
        return 0  # "(Ille-et-Vilaine)": a name in brackets is a gloss
    rest = text[end:]
    if rest.startswith(","):
        closing = rest.find(",", 1)
        if 0 < closing < 90:
            if any(n.kind == "person" for n in find_names(rest[1:closing])):
                return 0  # "le préfet de la région X, Christophe Mirmand, a dit": not X
            rest = rest[closing + 1:]  # skip an apposition: "X, ministre de ..., a dit"
    after = _tokens(rest[:50])[:3]
    verbs = _verbs()
    heads = [t for t in after if t not in _VERB_HEADS and t not in _ADVERBS]
    if heads and heads[0] in verbs or any(fold(noun) in fold(rest[:40])
                                          for noun in speech.SPEECH_NOUNS[:3]):
        return 2
    if before and before[-1] in verbs and not text[:start].rstrip().endswith((".", ":")):
        return 1
    return 0


def _speech_near(text: str, start: int, end: int) -> bool:
    """Whether the text shows the name at text[start:end] speaking."""
    return _role(text, start, end) > 0


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
        opener = first in _CLAUSE_OPENERS or first in _verbs() or first.endswith(
            ("é", "ée", "és", "ées", "ant"))
        if not lead or not opener or set(_tokens(lead.group())) & _VERB_HEADS:
            break  # a clause with a finite verb, or one opened by a determiner, is no preamble
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
    """A speaker described, not named ("la délégation américaine", "one former ambassador"):
    a short noun phrase headed by a speaker noun."""
    text = re.sub(r"^(?:\w+ment\s+|pour sa part\s+|de son côté\s+|à son tour\s+)+", "",
                  phrase.strip(" ,;:."))
    lowered = text.lower()
    for determiner in _DETERMINERS:
        if lowered.startswith(determiner):
            text = text[len(determiner):]
            break
    words = text.split()
    if not words or len(words) > 5:
        return None
    if not any(w.lower().strip(",") in speech.SPEAKER_NOUNS for w in words[:3]):
        return None
    return text


def _after_preposition(text: str, start: int) -> bool:
    before = _tokens(text[max(0, start - 30): start])
    while before and before[-1] in ("le", "la", "les", "l'", "the"):
        before.pop()
    return bool(before) and before[-1] in speech.PREPOSITIONS


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
