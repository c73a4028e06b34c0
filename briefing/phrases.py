"""Noun phrases of attributions: who a clause, a subject or an apposition names.

The attribution rules (``attribution.py``) find where a speaker phrase stands; these
functions read it: a clause's subject past its leading adverbial clauses, the inverted
subject after a reporting verb past time words and prepositional phrases, a name in
apposition to a title, a source after "selon" or "according to".
"""

from __future__ import annotations

import functools
import re

from briefing import lexicon
from briefing.discourse import Discourse
from briefing.names import find_names
from briefing.quotations import Quotation
from briefing.speakers import (Speaker, after_preposition, auxiliaries, clause_subject,
                               has_speech_marker, is_reporting, possessive,
                               skip_leading_clauses, tokens)

CLAUSE_STOP = re.compile(r"(?<!\b[A-Z])(?<!\bMM)(?<!\bMme)(?<!\bMr)(?<!\bMrs)(?<!\bMs)"
                          r"(?<!\bDr)(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bGen)(?<!\bSt)"
                          r"(?<!\bJan)(?<!\bFeb)(?<!\bMar)(?<!\bApr)(?<!\bAug)(?<!\bSept)"
                          r"(?<!\bSep)(?<!\bOct)(?<!\bNov)(?<!\bDec)"  # "a Feb. 1 letter"
                          r"(?:[.;!?]\s|[.;!?]$|\.(?=[A-ZÀ-Ý]))|,\s+(?:qui|que|dont|où|who|which|whose|mais|but|"
                          r"alors que|while|et\s+(?=\w+\s+(?:a|ont)\b))\b|\s[—–]\s|[«“\"]")


_MAX_VERB_AT = 4  # the verb of an attribution comes within its first words


MAX_SUBJECT_WORDS = 14


def introducer(clause: str, start: int, discourse: Discourse) -> Speaker | None:
    """Who a clause introducing a quotation names: "Selon X", a bare name ("Carmen
    Costa"), else the clause's subject."""
    source = source_pattern("before").search(clause + ",")
    if source:
        return noun_phrase(source.group("who"), start + source.start("who"), discourse)
    last = re.split(r"(?<=[.!?;])\s+", clause)[-1]  # "… engagé; Le maire a témoigné :"
    offset = start + len(clause) - len(last)
    if len(last.split()) <= 6 and not has_speech_marker(last, discourse.lang):
        named = discourse.resolve(last, offset)
        if named is not None:
            return named
    found = subject(last, offset, discourse)
    if found is not None:
        return found
    names = [n for n in find_names(last, initial=True) if n.kind != "place"
             and not after_preposition(last, n.start) and not possessive(last, n)
             and (n.kind != "person" or discourse.person(n))]
    # "The timing doesn't surprise pollster Daron Shaw:": the person nearest the colon
    return discourse.resolve(names[-1].text, offset + names[-1].start, fragment=True) \
        if names else None


def subject(clause: str, start: int, discourse: Discourse) -> Speaker | None:
    """The subject of a clause: a name there, else a pronoun, title or described speaker.
    A relative clause right after a leading one ("Pour Downing Street, qui a assuré")
    speaks for the noun phrase it follows."""
    text, offset = skip_leading_clauses(clause, start)
    relative = re.match(r"^\s*(?:qui|who|which)\b", text, re.IGNORECASE)
    if relative and offset > start:
        lead = clause[: offset - start].rstrip(" ,")
        source = source_pattern("before").search(lead + ",")
        phrase = source.group("who") if source else lead
        return noun_phrase(phrase, start + clause.find(phrase), discourse)
    found = clause_subject(text, discourse.lang)
    if found is None:
        return None
    return noun_phrase(found[1], offset + found[0], discourse)


def noun_phrase(phrase: str, start: int, discourse: Discourse) -> Speaker | None:
    """A speaker in a noun phrase: a document's author, its first person (or
    institution) not after a preposition, else the phrase read as a pronoun, title or
    description."""
    cut = CLAUSE_STOP.search(phrase)
    head = phrase[: cut.start()] if cut and cut.start() > 0 else phrase
    named = [n for n in find_names(head, initial=True)
             if n.kind != "place" and not after_preposition(head, n.start)
             and not possessive(head, n)]
    for index, name in enumerate(named):
        later = named[index + 1] if index + 1 < len(named) else None
        if later is not None and _compound(head[name.end: later.start]):
            continue  # "Sanders campaign manager Jeff Weaver": the last name is the head
        if name.kind == "person" and discourse.person(name):
            return discourse.resolve(head[name.start:], start + name.start, fragment=True) or \
                discourse.resolve(name.text, start + name.start, fragment=True)
    return discourse.resolve(head, start)


def subject_after(rest: str, start: int, discourse: Discourse) -> Speaker | None:
    """The inverted subject after a verb: the first noun phrase that is no complement,
    time words and prepositional phrases passed ("tôt vendredi à la presse le conseiller
    diplomatique du Kremlin, Iouri Ouchakov"). An apposition's name wins over a title."""
    candidates: list[tuple[int, bool]] = []  # (position, is a determiner phrase)
    for name in find_names(rest, initial=True):
        if name.kind != "place" and not after_preposition(rest, name.start) and (
                name.kind != "person" or discourse.person(name)):
            candidates.append((name.start, False))
    for chunk in re.finditer(r"(?:^|(?<=\s))(?:" + _determiners() + r")(?:\s+|(?<='))(?=\w)",
                             rest, re.IGNORECASE):
        if not after_preposition(rest, chunk.start()) and not _time_phrase(rest[chunk.end():]):
            candidates.append((chunk.start(), True))
    pronoun = re.match(r"^\s*(\w+)\b", rest)
    if pronoun and fold_word(pronoun.group(1)) in _pronouns():
        candidates.append((pronoun.start(1), False))
    for position, is_phrase in sorted(candidates):
        phrase = _noun_phrase_text(rest[position:])
        apposed = _apposed_name(rest[position + len(phrase):], start + position + len(phrase),
                                discourse) if is_phrase else None
        found = apposed or discourse.resolve(phrase, start + position, fragment=True)
        if found is None and is_phrase:
            found = inverted_description(phrase)
        if found is not None:
            return found
    return None


def _noun_phrase_text(text: str) -> str:
    """A noun phrase from the start of ``text`` to its first comma or clause boundary."""
    cut = re.search(r",|" + CLAUSE_STOP.pattern, text)
    return text[: cut.start()] if cut else text


def _apposed_name(after: str, start: int, discourse: Discourse) -> Speaker | None:
    """Names in apposition right after a title or description: ", Iouri Ouchakov";
    "les dirigeants français, allemand et britannique, Emmanuel Macron, Angela Merkel et
    Boris Johnson" (a group)."""
    if not after.startswith(","):
        return None
    clause = after[: m.start()] if (m := CLAUSE_STOP.search(after)) else after
    names = [n for n in find_names(clause, initial=True, fragment=True)
             if n.kind == "person" and not after_preposition(clause, n.start)]
    if not names or names[0].start > 60 or has_speech_marker(clause[: names[0].start]):
        return None
    found = discourse.resolve(clause[names[0].start:], start + names[0].start)
    return found if found is not None and found.how in ("name", "group") else None


def inverted_description(phrase: str) -> Speaker | None:
    """A noun phrase standing where an attribution puts its subject ("a déclaré le
    pompier") is the speaker, described, even without a speaker noun."""
    text = re.sub(r"^(?:" + _determiners() + r")(?:\s+|(?<='))", "", phrase.strip(),
                  flags=re.IGNORECASE)
    words = text.split()
    if not words or len(words) > 6 or not words[0][:1].isalpha():
        return None
    head = fold_word(words[0])
    if head.endswith(lexicon.entries("speech", "abstract_endings")) and head not in (
            lexicon.words("speech", "speaker_nouns") | lexicon.words("speech",
                                                                    "organisation_nouns")):
        return None  # "a demandé la délocalisation de l'affaire": an object, no speaker
    return Speaker(text, "described")


def participle(word: str) -> bool:
    """A present participle or gerund ("adding", "ajoutant")."""
    return word.lower().endswith(("ing", "ant"))


def opens_with_determiner(phrase: str, discourse: Discourse) -> bool:
    """Whether a phrase opens with a determiner of the article's language and has no
    verb in it ("the gambling tycoon", not "a-t-elle")."""
    words = tokens(phrase)
    return (len(words) >= 2 and words[0] in lexicon.words("speech", "determiners",
                                                          discourse.lang)
            and not any(w in auxiliaries() or "-" in w for w in words[1:]))


def _time_phrase(text: str) -> bool:
    """Whether a determiner opens a time phrase ("ce dimanche", "la veille")."""
    first = tokens(text[:30])[:1]
    return bool(first) and (first[0] in lexicon.words("calendar", "time_nouns")
                            or first[0] in lexicon.words("calendar", "weekdays")
                            or first[0] in lexicon.words("calendar", "months")
                            or first[0][:1].isdigit())


@functools.cache
def _pronouns() -> frozenset[str]:
    return lexicon.words("speech", "pronouns") | lexicon.words("speech", "plural_pronouns")


def fold_word(word: str) -> str:
    """A word lowercased with apostrophes unified."""
    return word.lower().replace("’", "'")


def attribution_clause(text: str, start: int, keep_commas: bool = False) -> tuple[str, int]:
    """The attribution clause after a closing mark: its leading comma and spaces dropped,
    cut at the end of the sentence or at a relative clause."""
    lead = re.match(r"^[\s,.\u00a0\u202f]*", text)
    skip = lead.end() if lead else 0
    body = text[skip:]
    cut = CLAUSE_STOP.search(body)
    if cut:
        body = body[: cut.start()]
    return body, start + skip


def verb_at(words: list[re.Match[str]], leading: bool, lang: str | None) -> int | None:
    """The index of the reporting verb among an attribution's first words (after an
    auxiliary and adverbs), or None."""
    for index, word in enumerate(words[:_MAX_VERB_AT]):
        lowered = word.group().lower()
        previous = words[index - 1].group().lower() if index else ""
        if is_reporting(lowered, previous, lang):
            return index
        if leading and not (lowered in auxiliaries() or
                            lowered in lexicon.words("speech", "adverbs")):
            return None
    return None


@functools.cache
def _determiners() -> str:
    return lexicon.alternation(lexicon.entries("speech", "determiners"))


@functools.cache
def source_pattern(where: str) -> re.Pattern[str]:
    """"selon X" right after a quotation, or "Selon X," right before one."""
    phrases = lexicon.alternation(lexicon.entries("speech", "source_phrases"))
    if where == "after":
        return re.compile(r"^[\s,.]*(?:" + phrases + r")\s+(?P<who>[^.;!?«»\"“”]{2,100})",
                          re.IGNORECASE)
    return re.compile(r"(?:^|[\s,(])(?:" + phrases + r")\s+(?P<who>[^.;!?«»\"“”:]{2,100}?)"
                      r"\s*,?\s*$", re.IGNORECASE)


def blanked(text: str, offset: int, quotations: list[Quotation]) -> str:
    """A sentence with the words of its quotations blanked (offsets kept)."""
    chars = list(text)
    for other in quotations:
        for position in range(max(other.start, offset), min(other.end, offset + len(text))):
            chars[position - offset] = " "
    return "".join(chars)


def _compound(between: str) -> bool:
    """Whether the words between two names make the first a modifier of the second:
    lowercase words only, no comma, preposition or "and" ("campaign manager")."""
    words = tokens(between)
    return bool(words) and "," not in between and not any(
        w in lexicon.words("speech", "prepositions") or w in ("and", "et", "or", "ou")
        for w in words) and all(w.islower() for w in between.split())
