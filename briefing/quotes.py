"""Quotes and who said them: the quote stage of the pipeline.

Quotations come from ``quotations`` (words between marks, over sentences and
paragraphs) and from statements the cleaner set off after an introducing colon. Two
quotations around an attribution ("“A,” he said, “B”") are one quote; an attribution
inside guillemets ("« A, a-t-il dit, B »") is taken out. Each quote is named by the
first rule of ``attribution.RULES`` that finds a speaker; a quotation no rule names that
follows an attributed one (the next sentence, or the next paragraph of the same
statement) continues it. ``kind`` is ``full`` for a statement, ``partial`` for a fragment
built into the reporter's sentence; titles, single words and fragments nobody is said to
have spoken are no quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from briefing import lexicon
from briefing.attribution import FALLBACK_RULES, Setting, attribute, setting_of
from briefing.discourse import Discourse
from briefing.models import Article, Quote, QuoteKind
from briefing.names import fold
from briefing.phrases import verb_at
from briefing.quotations import Quotation, find_quotations
from briefing.speakers import Speaker, is_reporting, tokens

_FULL_WORDS = 6  # a quoted stretch this long is a statement whatever its place
_SET_OFF_WORDS = 3  # a capitalised quotation set off by its sentence is one from here
_TERM_WORDS = 3
_TITLE_WORDS = 8
_JOIN_WORDS = 12  # the most words between two parts of one quote
_INTRO_WORDS = 4  # a statement set off after fewer words than this follows a mere label
_TIMESTAMP = re.compile(r"^\d{1,2}[:h.]\d{2}\s*(?:[ap]\.?m\.?)?\.?$", re.IGNORECASE)
# ", a-t-il dit, " inside a quotation; or ", s'est insurgé X mardi. " when the quotation
# goes on with a new sentence and the writer left its marks out around the incise.
_INCISE = re.compile(r",\s+([^,«»\"“”]{3,80}?)\s*,\s+|,\s+(?P<long>[^,.;«»\"“”]{3,90}?)"
                     r"(?P<stop>\.)\s+(?=[A-ZÀ-Ý])")
_INCISE_WORDS = (8, 12)  # at most, in a comma-bound incise and in one ending a sentence


@dataclass(frozen=True)
class _Found:
    """A quotation on its way to becoming a quote."""

    quotation: Quotation
    text: str
    speaker: Speaker | None
    rule: str  # how it was found: marks, set-off, joined, incise
    speaker_rule: str


def find_quotes(article: Article) -> tuple[Quote, ...]:
    """Return the article's quotes in reading order, each with its speaker or None."""
    quotations = sorted(find_quotations(article) + _set_off(article), key=lambda q: q.start)
    discourse = Discourse(article, [(q.start, q.end) for q in quotations])
    found: list[_Found] = []
    skip: set[int] = set()
    for index, quotation in enumerate(quotations):
        if index in skip:
            continue
        joined = _join_next(article, quotations, index, discourse)
        if joined is not None:
            skip.add(index + 1)
            candidate = joined
        else:
            candidate = _attributed(article, quotation, quotations, discourse)
        candidate = _continued(candidate, found, discourse)
        if candidate.speaker is None and candidate.rule != "joined":
            candidate = _fallback(article, candidate, quotations, discourse)
        if candidate.speaker is not None:  # noted where the attribution stands
            discourse.note_speaker(candidate.quotation.end - 1, candidate.speaker.name)
        found.append(candidate)
    found = _named_by_next(article, found)
    quotes = [_quote(article, f, quotations, discourse) for f in found]
    return tuple(_unique([q for q in quotes if q is not None]))


def _named_by_next(article: Article, found: list[_Found]) -> list[_Found]:
    """A paragraph that is one quotation and names nobody, right before a paragraph whose
    quotation is attributed ("¶“Not only can Cruz win …”¶“He may be the only one …,”
    Viguerie notes."): the statement runs over both, one speaker."""
    result = list(found)
    for index in range(len(result) - 2, -1, -1):
        current, following = result[index], result[index + 1]
        if current.speaker is not None or following.speaker is None or \
                following.speaker_rule in ("", "continuation", "participle", "following") or \
                following.quotation.block != current.quotation.block + 1:
            continue
        block = article.blocks[current.quotation.block]
        start = article.block_starts[current.quotation.block]
        if article.text[start: current.quotation.start].strip() or \
                article.text[current.quotation.end: start + len(block.text)].strip(" .\u00a0"):
            continue  # the quotation is not the whole paragraph
        result[index] = replace(current, speaker=following.speaker, speaker_rule="following")
    return result


def _attributed(article: Article, quotation: Quotation, quotations: list[Quotation],
                discourse: Discourse) -> _Found:
    """A quotation named by the attribution rules (or by an incise inside it)."""
    text = quotation.text(article)
    incise = _inner_incise(text, quotation, discourse)
    if incise is not None:
        return incise
    setting = setting_of(article, quotation, quotations, discourse)
    if not _closes_clause(text, setting):
        setting = replace(setting, after="")  # embedded mid-sentence: read what comes before
    kind = "set-off" if article.blocks[quotation.block].kind == "quotation" and \
        quotation.inner_start == article.block_starts[quotation.block] else "marks"
    if kind == "set-off":
        setting = replace(setting, inner=text)
    speaker, rule = attribute(setting, discourse)
    return _Found(quotation, text, speaker, kind, rule)


def _closes_clause(text: str, setting: Setting) -> bool:
    """Whether what follows the quotation may attribute it: a comma after it ("« … »,
    a-t-il dit"; "…," he said), a dash, or a lowercase reporting verb right after it
    ("« … » poursuit Mediapart", "… !" a lancé X)."""
    after = setting.after.lstrip(" \u00a0\u202f")
    ending = text.rstrip()[-1:]
    if not after or after[0] in ",—–" or ending == ",":
        return True
    first = tokens(after[:40])[:2]
    if after[:1].islower() and bool(set(first) & lexicon.reporting_verbs()):
        return True
    clause = re.split(r"(?<=[.!?;])\s", after, maxsplit=1)[0]  # "… ." Trump said.
    words = tokens(clause)
    return len(words) <= 6 and bool(set(words[1:4]) & lexicon.reporting_verbs())


def _inner_incise(text: str, quotation: Quotation, discourse: Discourse) -> _Found | None:
    """« Nous avons avancé, a-t-il dit, mais rien n'est signé » : the incise names the
    speaker and leaves the quote."""
    from briefing.attribution import RULES

    for match in _INCISE.finditer(text):
        incise = match.group(1) or match.group("long")
        if len(incise.split()) > _INCISE_WORDS[bool(match.group("stop"))] or not set(
                tokens(incise)) & lexicon.reporting_verbs():
            continue
        if match.group("stop") and not _incise_opening(incise, discourse):
            continue  # ", a sentence of the statement." is no incise
        offset = quotation.inner_start + match.start(1)
        setting = Setting(quotation, "", offset, ", " + incise, offset - 2, "", 0)
        for name, rule in RULES[:4]:
            speaker = rule(setting, discourse)
            if speaker is not None:
                joint = ". " if match.group("stop") else ", "
                kept = f"{text[: match.start()]}{joint}{text[match.end():]}"
                return _Found(quotation, kept, speaker, "incise", name)
    return None


def _incise_opening(incise: str, discourse: Discourse) -> bool:
    """Whether words after a comma open an attribution: a reporting verb first, after an
    auxiliary or adverbs ("s'est insurgé X", "a ajouté X", "explique-t-il")."""
    words = list(re.finditer(r"[\w'’\-]+", incise))
    if verb_at(words, leading=True, lang=discourse.lang) is not None:
        return True  # "s'est insurgé X", "a ajouté X"
    return bool(words) and words[0].group()[:1].isupper() and any(  # "Ann Blake insisted"
        is_reporting(w.group().lower(), words[i].group().lower(), discourse.lang)
        for i, w in enumerate(words[1:5]))


def _join_next(article: Article, quotations: list[Quotation], index: int,
               discourse: Discourse) -> _Found | None:
    """“A,” he said, “B”: two quotations of one sentence around an attribution."""
    if index + 1 >= len(quotations):
        return None
    first, second = quotations[index], quotations[index + 1]
    between = article.text[first.end: second.start]
    incise = first.text(article).rstrip().endswith(",") or between.lstrip().startswith(",")
    if (not incise or first.block != second.block or len(between.split()) > _JOIN_WORDS
            or re.search(r"[.!?;](?:\s|(?=[A-ZÀ-Ý]))", between) or not between.strip(" ,")):
        return None
    setting = Setting(first, "", first.start, between, first.end, "", 0)
    from briefing.attribution import RULES

    for name, rule in RULES[:5]:
        speaker = rule(setting, discourse)
        if speaker is not None:
            merged = Quotation(first.start, second.end, first.inner_start, second.inner_end,
                               first.block, second.closed, first.continues)
            text = f"{first.text(article).rstrip(' ,')}, {second.text(article)}"
            return _Found(merged, text, speaker, "joined", name)
    return None


def _continued(found: _Found, earlier: list[_Found], discourse: Discourse) -> _Found:
    """A quotation no rule names that goes on from an attributed one: the next paragraph
    of the same statement, or a quotation opening the sentence after it."""
    if found.speaker is not None or not earlier or earlier[-1].speaker is None:
        return found
    previous = earlier[-1]
    quotation = found.quotation
    near = discourse.sentence_at(quotation.start) - discourse.sentence_at(
        max(previous.quotation.start, previous.quotation.end - 1)) <= 1
    adjacent_block = quotation.block - previous.quotation.block <= 1
    if quotation.continues or (near and adjacent_block and _opens_sentence(quotation,
                                                                          discourse)):
        return replace(found, speaker=previous.speaker, speaker_rule="continuation")
    between = discourse.article.text[previous.quotation.end: quotation.start]
    if discourse.sentence_at(quotation.start) == discourse.sentence_at(
            previous.quotation.end - 1):
        if _participle_clause(between):
            return replace(found, speaker=previous.speaker, speaker_rule="participle")
        if _joined_by_few_words(between):  # « … », car « … »; "…" and "…"
            return replace(found, speaker=previous.speaker, speaker_rule="participle")
    return found


def _joined_by_few_words(between: str) -> bool:
    """Whether two quotations of one sentence are joined by a few words that bring in no
    one else: no name, no verb of saying ("« totalement contre », car « … »")."""
    words = re.findall(r"[\w'’\-]+", between)
    return 0 < len(words) <= 4 and not any(w[:1].isupper() for w in words) and not set(
        w.lower() for w in words) & lexicon.reporting_verbs()


def _participle_clause(between: str) -> bool:
    """Whether the words between two quotations of one sentence open a participle clause
    that goes on with the same speaker (« … », ajoutant que « … »; "…," adding "…")."""
    found = re.search(r",\s+(?:en\s+)?([^\W\d_]+)\b[^.;!?]*$", between)
    if not found:
        return False
    word = found.group(1).lower()
    return len(word) > 4 and word.endswith(("ant", "ing")) and word not in lexicon.words(
        "speech", "not_participles")


def _fallback(article: Article, found: _Found, quotations: list[Quotation],
              discourse: Discourse) -> _Found:
    """The last rules, tried when neither the table nor continuation named anyone."""
    setting = setting_of(article, found.quotation, quotations, discourse)
    if found.rule == "set-off":
        setting = replace(setting, inner=found.text)
    speaker, rule = attribute(setting, discourse, FALLBACK_RULES)
    return replace(found, speaker=speaker, speaker_rule=rule) if speaker else found


def _opens_sentence(quotation: Quotation, discourse: Discourse) -> bool:
    """Whether a quotation opens its sentence (a conjunction may stand before it)."""
    sentence = discourse.article.sentences[discourse.sentence_at(quotation.start)]
    before = tokens(discourse.article.text[sentence.start: quotation.start])
    return not before or (len(before) == 1 and before[0] in lexicon.words("speech",
                                                                          "conjunctions"))


def _set_off(article: Article) -> list[Quotation]:
    """Statements the cleaner set off as their own block, without quotation marks, after
    a sentence introducing them; a block after a bare label ("12:20 p.m.:", "Update:")
    is no quotation."""
    found = []
    for index, (block, offset) in enumerate(zip(article.blocks, article.block_starts,
                                                strict=True)):
        intro = _introduction(article, index)
        if block.kind == "quotation" and block.text[:1] not in "«“\"‹„" and \
                len(re.findall(r"[^\W\d_]{2,}", intro)) >= _INTRO_WORDS:
            text = block.text.rstrip()
            found.append(Quotation(offset, offset + len(text), offset, offset + len(text),
                                   index, True))
    return found


def _introduction(article: Article, index: int) -> str:
    """The paragraph before a block, back to the last one that is not a statement."""
    while index > 0 and article.blocks[index - 1].kind == "quotation":
        index -= 1
    return article.blocks[index - 1].text if index > 0 else ""


def _quote(article: Article, found: _Found, quotations: list[Quotation],
           discourse: Discourse) -> Quote | None:
    """The quote a found quotation makes, or None when it is no quote."""
    text = found.text.strip(" \u00a0\u202f").rstrip(",;").rstrip(" \u00a0\u202f")
    words = text.split()  # "... agenda," he said: the comma is the sentence's, not the quote's
    if len(words) < 2 or _TIMESTAMP.match(text) or _is_title(article, found.quotation, text):
        return None
    kind = _kind(article, found, text)
    if kind == "partial" and (found.speaker is None or _is_term(article, text)):
        return None  # scare quotes and terms: nobody is quoted
    return Quote(text=text, speaker=found.speaker.name if found.speaker else None, kind=kind,
                 start=found.quotation.start, end=found.quotation.end, rule=found.rule,
                 speaker_rule=found.speaker_rule,
                 speaker_how=found.speaker.how if found.speaker else "")


def _kind(article: Article, found: _Found, text: str) -> QuoteKind:
    """full: a statement (long, or capitalised and set off by its sentence); partial: a
    fragment built into the reporter's sentence."""
    words = len(text.split())
    if found.rule in ("set-off", "joined", "incise"):
        return "full"
    capital = text[:1].isupper() or text[:1] in "«“(…[." or text[:1].isdigit()
    if words >= _FULL_WORDS and (capital or _clause_like(text, article.language)):
        return "full"
    quotation = found.quotation
    sentence = article.sentences[_sentence_index(article, quotation.start)]
    before = article.text[sentence.start: quotation.start].rstrip()
    set_off = not before or before.endswith((":", ",", "—", "–")) or quotation.continues
    capital = text[:1].isupper() or text[:1] in "«“(…[." or text[:1].isdigit()
    return "full" if words >= _SET_OFF_WORDS and capital and set_off else "partial"


def _clause_like(text: str, lang: str) -> bool:
    """Whether quoted words hold a clause: a subject pronoun or an auxiliary among them
    ("on connaît enfin le bas de la fourchette"), not a bare noun phrase."""
    code = lang if lang in lexicon.languages() else None
    words = set(tokens(text))
    return bool(words & (lexicon.words("speech", "subject_pronouns", code)
                         | lexicon.words("speech", "auxiliaries", code)))


def _sentence_index(article: Article, offset: int) -> int:
    import bisect

    return max(0, bisect.bisect_right([s.start for s in article.sentences], offset) - 1)


def _is_title(article: Article, quotation: Quotation, text: str) -> bool:
    """A quoted title of a book, show or document ("son livre « Le Fil »")."""
    before = tokens(article.text[max(0, quotation.start - 30): quotation.start])[-2:]
    cued = bool(set(before) & lexicon.words("speech", "title_cues"))
    return cued and len(text.split()) <= _TITLE_WORDS and text.rstrip()[-1:] not in ".!?"


def _is_term(article: Article, text: str) -> bool:
    """A short quoted phrase the article uses again: a name for something, not words said."""
    return len(text.split()) <= _TERM_WORDS and fold(article.text).count(fold(text)) >= 2


def _unique(quotes: list[Quote]) -> list[Quote]:
    seen: set[str] = set()
    kept: list[Quote] = []
    for quote in quotes:
        key = fold(quote.text)
        if key not in seen:
            seen.add(key)
            kept.append(quote)
    return kept
