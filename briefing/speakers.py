"""Words of speech and speakers: reporting verbs, subjects, pronouns, name phrases.

The small, stateless readings the quote stage shares: whether a word is a reporting
verb (and not the noun it may also be), where a clause's subject ends, whether a name is
a complement ("du Kremlin") or a possessor ("Clinton's aide"), the gender a word shows.
``discourse.Discourse`` builds on them to say who a phrase stands for.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from briefing import lexicon
from briefing.names import Name, find_names, fold

WORD = re.compile(r"\b(?:[ldjmnstc]|qu|lorsqu|puisqu)'|[\w\-]+(?:'[\w\-]+)*", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:.!?()«»\"“”]|\s[—–]\s")
_AND = re.compile(r"\s*(?:,|\bet\b|\band\b|&)\s*", re.IGNORECASE)
_MAX_SUBJECT_WORDS = 14


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker and how the phrase was read."""

    name: str
    how: str  # name, group, title, pronoun, institution, described


def tokens(text: str) -> list[str]:
    """Lowercased word tokens, apostrophes unified, French elisions apart ("l'", "élu")."""
    return [t.lower() for t in WORD.findall(text.replace("’", "'"))]


@functools.cache
def reporting_verbs() -> frozenset[str]:
    """Every reporting-verb form of every language."""
    return lexicon.reporting_verbs()


@functools.cache
def auxiliaries() -> frozenset[str]:
    """Auxiliaries and modals between a subject and its verb, every language."""
    return lexicon.words("speech", "auxiliaries")


def speech_words(name: str) -> frozenset[str]:
    return lexicon.words("speech", name)


@functools.cache
def _gender_table() -> dict[str, str]:
    return {fold(k): v for k, v in lexicon.table("speech", "gender").items()}


def gender_of_word(word: str) -> str:
    """The gender a pronoun, honorific or title shows ("elle" f, "M." m), or ""."""
    return _gender_table().get(fold(word).rstrip("."), "")


def is_reporting(word: str, previous: str = "", lang: str | None = None) -> bool:
    """Whether a token is a reporting verb, not the noun it may also be after a
    determiner of the text's language ("le juge", "a report"; French "a" is a verb)."""
    return word in reporting_verbs() and previous not in lexicon.words("speech",
                                                                       "determiners", lang)


def has_speech_marker(text: str, lang: str | None = None) -> bool:
    """Whether a stretch of text reports speech: a reporting verb (one word or a phrase
    such as "a fait savoir") or a speech noun."""
    words = tokens(text)
    if any(is_reporting(w, words[i - 1] if i else "", lang) for i, w in enumerate(words)):
        return True
    folded = " " + " ".join(words) + " "
    return any(f" {phrase} " in folded for phrase in _speech_phrases())


@functools.cache
def _speech_phrases() -> tuple[str, ...]:
    """Speech nouns and reporting phrases of several words, folded like ``tokens``."""
    phrases = [p for p in lexicon.reporting_verbs() if " " in p]
    phrases += list(lexicon.entries("speech", "speech_nouns"))
    return tuple(" ".join(tokens(p)) for p in phrases)




def without_addressee(phrase: str) -> str:
    """A speaker phrase without the addressee or place after it ("la mère de famille au
    quotidien", "a source close to the case in Paris")."""
    cut = _addressee().search(phrase)
    return phrase[: cut.start()] if cut and cut.start() > 0 else phrase


@functools.cache
def _addressee() -> re.Pattern[str]:
    words = lexicon.alternation(lexicon.entries("speech", "addressee_prepositions"))
    return re.compile(r"\s(?:" + words + r")\s", re.IGNORECASE)


def without_determiner(phrase: str) -> str:
    lowered = phrase.lower()
    for determiner in lexicon.entries("speech", "determiners"):
        opening = determiner if determiner.endswith("'") else determiner + " "
        if lowered.startswith(opening):
            return phrase[len(opening):]
    return phrase


def blank_quoted(text: str, offset: int, spans: list[tuple[int, int]]) -> str:
    """The sentence with quoted words blanked (offsets kept): what the reporter says."""
    chars = list(text)
    for start, end in spans:
        if end <= offset or start >= offset + len(text):
            continue
        for position in range(max(start, offset), min(end, offset + len(text))):
            chars[position - offset] = " "
    return "".join(chars)


def clause_subject(clause: str, lang: str | None = None) -> tuple[int, str] | None:
    """The subject phrase of a clause and its offset: leading adverbial clauses skipped
    ("Interrogé sur ce point, il a dit"), the words before its first verb."""
    text, offset = skip_leading_clauses(clause, 0)
    words = list(re.finditer(r"[\w'’\-]+", text))
    end = None
    for index, word in enumerate(words[:_MAX_SUBJECT_WORDS]):
        lowered = word.group().lower().replace("’", "'")
        previous = words[index - 1].group().lower() if index else ""
        if word.group()[:1].isupper():
            continue  # "Secretary of State": a capitalised word is no verb
        if index and (lowered in auxiliaries() or is_reporting(lowered, previous, lang)
                      or lowered.startswith(("s'", "n'")) or lowered in ("se", "ne")):
            end = word.start()
            break
    if end is None:  # a long relative clause after the subject: "Le tribunal, qui …, a dit"
        relative = re.search(r",\s+(?:qui|dont|who|which)\b", text)
        end = relative.start() if relative else _before_apposition(text, words, lang)
        if end is None:
            return None
    head = text[:end].strip(" ,")
    return (offset, head) if head else None


_MAX_APPOSITION_WORDS = 30


def _before_apposition(text: str, words: list[re.Match[str]], lang: str | None) -> int | None:
    """Where a subject ends before a long apposition set off by commas ("Clinton, 35, the
    daughter of former President Bill Clinton and …, said"): the first comma, when a
    later comma is right before the verb."""
    first = text.find(",")
    if first <= 0 or len(text[:first].split()) > 6 or not any(
            n.kind in ("person", "institution") for n in find_names(text[:first], initial=True)):
        return None  # only a name stands before an apposition
    for index, word in enumerate(words[:_MAX_APPOSITION_WORDS]):
        if word.start() <= first or not re.search(r",\s*$", text[: word.start()]):
            continue
        lowered = word.group().lower()
        following = words[index + 1].group().lower() if index + 1 < len(words) else ""
        if is_reporting(lowered, "", lang) or (lowered in auxiliaries()
                                                and is_reporting(following, lowered, lang)):
            return first
    return None


def skip_leading_clauses(text: str, start: int) -> tuple[str, int]:
    """Drop adverbial clauses before a subject: one opened by a preposition, a
    participle or an adverb ("Interrogé sur ce point, ", "Sur Twitter, "), or a short
    one holding no name and no determiner ("Hours later, ")."""
    dateline = re.match(r"^\s*[^—–()]{0,60}\([A-Z][\w.\- ]{0,20}\)\s*[—–-]\s+", text)
    if dateline:  # "WASHINGTON, June 10 (UPI) — ": the wire's dateline
        text, start = text[dateline.end():], start + dateline.end()
    while True:
        lead = re.match(r"^\s*[^,]{0,120},\s+", text)
        if not lead:
            return text, start
        words = tokens(lead.group())
        first = words[0] if words else ""
        short = (len(words) <= 4 and not any(w in auxiliaries() or w in reporting_verbs()
                                             for w in words)
                 and first not in speech_words("determiners")
                 and not any(n.kind == "person" for n in find_names(lead.group(), initial=True)))
        opener = (first in speech_words("clause_openers") or first in speech_words("prepositions")
                  or first in reporting_verbs()
                  or first.endswith(lexicon.entries("speech", "participle_endings")) or short)
        if not opener:
            return text, start
        text, start = text[lead.end():], start + lead.end()


def possessive(text: str, name: Name) -> bool:
    """Whether a name is a possessor ("Hillary Clinton’s right-hand woman"): it owns the
    speaker, it does not speak."""
    return bool(re.match(r"['’]s?\b", text[name.end: name.end + 3]))


def subject_position(text: str, name: Name) -> bool:
    """Whether a person's name stands as the subject of a clause: sentence-initial, or
    followed (an apposition skipped) by a verb, an auxiliary or a clitic."""
    rest = text[name.end:]
    if rest.startswith(","):
        closing = rest.find(",", 1)
        if 0 < closing < 100:
            rest = rest[closing + 1:]
    after = tokens(rest[:60])[:3]
    if not after:
        return False
    first = after[0]
    clitics = {"se", "s'", "ne", "n'", "y", "lui", "leur", "l'", "en", "s'est", "also",
               "then", "later", "has", "had"}
    return (first in auxiliaries() or first in reporting_verbs() or first in clitics
            or first.startswith(("s'", "n'")) or (first in speech_words("adverbs") and
                                                  len(after) > 1 and after[1] in
                                                  auxiliaries() | reporting_verbs()))


def after_preposition(text: str, start: int) -> bool:
    """Whether the word before ``start`` is a preposition ("à Melun", "du Kremlin")."""
    before = tokens(text[max(0, start - 30): start])
    while before and (before[-1] in speech_words("definite_articles") or before[-1].isdigit()):
        before.pop()  # "à 20 Minutes", "du Kremlin"
    return bool(before) and before[-1] in speech_words("prepositions")


@functools.cache
def _lead_ins() -> re.Pattern[str]:
    words = lexicon.alternation(lexicon.entries("speech", "speaker_lead_ins"), escape=False)
    adverbs = lexicon.alternation(lexicon.entries("speech", "adverbs"))
    return re.compile(r"^(?:(?:" + words + "|" + adverbs + r")\s+)+", re.IGNORECASE)


def strip_lead_ins(phrase: str) -> str:
    return _lead_ins().sub("", phrase) if phrase else phrase


def is_group(speaker: str) -> bool:
    """Whether a speaker is several people ("A, B et C")."""
    return "," in speaker or " et " in speaker or " and " in speaker


def joined_names(between: str) -> bool:
    """Whether the words between two names join them ("et", "and", ",", "et Mme")."""
    honorifics = lexicon.alternation(lexicon.entries("names", "honorifics"))
    bare = re.sub(r"\b(?:" + honorifics + r")\b\.?", " ", between)
    stripped = bare.strip()
    return bool(_AND.fullmatch(f" {stripped} " if stripped else bare))


def join_speakers(people: list[str], language: str) -> str:
    """Several speakers as one: "A, B et C" (the article's word for "and")."""
    unique = list(dict.fromkeys(people))
    if len(unique) == 1:
        return unique[0]
    word = lexicon.entries("speech", "and_word", language) or ("and",)
    return ", ".join(unique[:-1]) + f" {word[0]} " + unique[-1]
