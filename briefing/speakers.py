"""Who said it: the people an article names, and what a speaker phrase stands for.

``Discourse`` reads an article once: the fullest form of every name, the titles people
bear ("le ministre des Affaires étrangères, Sergueï Lavrov"), the gender honorifics,
titles and pronouns show, and, sentence by sentence, the people in subject position.
``Discourse.resolve`` turns a phrase found by an attribution rule into a speaker:
a name (its fullest form), several names (a group), a title (the person who bore it
last), a pronoun (the subject it refers to, agreeing in gender), an institution, or a
described source kept as written ("une responsable syndicale"). It records how.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass

from briefing import lexicon
from briefing.models import Article
from briefing.names import Name, NameIndex, find_names, fold

_WORD = re.compile(r"\b(?:[ldjmnstc]|qu|lorsqu|puisqu)'|[\w\-]+(?:'[\w\-]+)*", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:.!?()«»\"“”]|\s[—–]\s")
_AND = re.compile(r"\s*(?:,|\bet\b|\band\b|&)\s*", re.IGNORECASE)
_MAX_DESCRIBED = 9  # words of a described source ("un membre de la délégation américaine")
_LOOKBACK = 4  # sentences a pronoun looks back for its antecedent
_MAX_SUBJECT_WORDS = 14
_ROLE_LOOKBACK = 10  # sentences a role description ("la mère de famille") looks back


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker and how the phrase was read."""

    name: str
    how: str  # name, group, title, pronoun, institution, described


def tokens(text: str) -> list[str]:
    """Lowercased word tokens, apostrophes unified, French elisions apart ("l'", "élu")."""
    return [t.lower() for t in _WORD.findall(text.replace("’", "'"))]


@functools.cache
def reporting_verbs() -> frozenset[str]:
    """Every reporting-verb form of every language."""
    return lexicon.reporting_verbs()


@functools.cache
def auxiliaries() -> frozenset[str]:
    """Auxiliaries and modals between a subject and its verb, every language."""
    return lexicon.words("speech", "auxiliaries")


def _speech(name: str) -> frozenset[str]:
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


class Discourse:
    """What an article says about its people, read once, in reading order.

    Per sentence (quoted words left out): the people named, those in subject position,
    and the phrase of the main clause's subject, resolved on demand so that a pronoun
    subject carries the person it refers to on to the next sentence ("Le député lance
    son parti. … , explique-t-il").
    """

    def __init__(self, article: Article, quoted: list[tuple[int, int]] | None = None) -> None:
        self.article = article
        self.lang = article.language if article.language in lexicon.languages() else None
        self.index = NameIndex(article.text)
        self.genders: dict[str, str] = {}
        self.people: set[str] = set()  # every full name of a person the article gives
        self.titles: dict[str, list[tuple[int, str]]] = {}
        self.sentence_starts = [s.start for s in article.sentences]
        count = len(article.sentences)
        self.mentions: list[list[tuple[int, str]]] = [[] for _ in range(count)]
        self.named_subjects: list[list[tuple[int, str]]] = [[] for _ in range(count)]
        self.spoken: list[list[tuple[int, str]]] = [[] for _ in range(count)]
        self.subject_phrases: list[tuple[int, str] | None] = [None] * count
        self._subjects: dict[int, Speaker | None] = {}
        self._resolving: set[int] = set()
        spans = sorted(quoted or [])
        self.reported: list[bool] = []  # whether the reporter says anything in a sentence
        for number, sentence in enumerate(article.sentences):
            text = _blank(sentence.text, sentence.start, spans)
            self.reported.append(any(ch.isalpha() for ch in text))
            self._read_sentence(number, text, sentence.start)

    # ── reading the article ─────────────────────────────────────────────────

    def _read_sentence(self, number: int, text: str, offset: int) -> None:
        for name in find_names(text, initial=True):
            if name.kind != "person" or after_preposition(text, name.start):
                continue
            person = self.person(name)
            if person is None:
                continue
            self._learn_gender(person, name, text)
            self._learn_title(text, name, person, offset)
            self.mentions[number].append((offset + name.start, person))
            if subject_position(text, name):
                self.named_subjects[number].append((offset + name.start, person))
        phrase = clause_subject(text, self.lang)
        if phrase is not None:
            self.subject_phrases[number] = (offset + phrase[0], phrase[1])

    def person(self, name: Name) -> str | None:
        """The fullest form of a person's name; a sentence-opening word only when the
        article names that person elsewhere."""
        full = self.index.resolve(name.text)
        if name.initial and full == name.text and not self.index.knows(name.text):
            return None
        self.people.add(full)
        return full

    def _learn_gender(self, person: str, name: Name, text: str) -> None:
        before = tokens(text[max(0, name.start - 40): name.start])[-3:]
        shown = gender_of_word(name.honorific) if name.honorific else ""
        for word in reversed(before):
            shown = shown or gender_of_word(word)
        if not shown:
            shown = self.index.first_name_gender(person)
        if shown and person not in self.genders:
            self.genders[person] = shown

    def _learn_title(self, text: str, name: Name, person: str, offset: int) -> None:
        """Titles borne in apposition: "le ministre des Affaires étrangères, Sergueï
        Lavrov", "Secretary of State Marco Rubio", "Marc Lacey, le rédacteur en chef"."""
        before = re.split(r"[.;:!?«»\"“”()]", text[max(0, name.start - 80): name.start])[-1]
        raw = _WORD.findall(before.replace("’", "'"))[-8:]
        window = [w.lower() for w in raw]
        for index in range(len(window) - 1, -1, -1):  # a capitalised word is no verb
            if raw[index][:1].islower() and (window[index] in reporting_verbs()
                                             or window[index] in auxiliaries()):
                window = window[index + 1:]
                break
        after = text[name.end: name.end + 70]
        if after.startswith(","):
            apposition = re.split(r"[,.;:!?«»\"“”()]", after[1:])[0]
            if not set(tokens(apposition)) & (reporting_verbs() | auxiliaries()):
                window += tokens(apposition)
        for word in (w.removeprefix("ex-") for w in window):
            if word in _speech("titles") and len(word) > 2:
                self.titles.setdefault(word, []).append((offset + name.start, person))

    # ── who is where ────────────────────────────────────────────────────────

    def note_speaker(self, offset: int, speaker: str) -> None:
        """Remember who spoke at an offset: the subject of its attribution."""
        self.spoken[self.sentence_at(offset)].append((offset, speaker))

    def sentence_at(self, offset: int) -> int:
        """The number of the sentence holding an offset."""
        return max(0, bisect.bisect_right(self.sentence_starts, offset) - 1)

    def subjects(self, number: int) -> list[tuple[int, str]]:
        """The people in subject position in a sentence, in order: named subjects, the
        main clause's subject (a title or pronoun resolved) and those who spoke there."""
        found = list(self.named_subjects[number]) + list(self.spoken[number])
        main = self._main_subject(number)
        if main is not None:
            found.append(main)
        return sorted(set(found))

    def _main_subject(self, number: int) -> tuple[int, str] | None:
        if number not in self._subjects:
            self._subjects[number] = None
            self._resolving.add(number)  # a pronoun subject looks only further back
            phrase = self.subject_phrases[number]
            if phrase is not None:
                self._subjects[number] = self.resolve(phrase[1], phrase[0])
            self._resolving.discard(number)
        speaker = self._subjects[number]
        phrase = self.subject_phrases[number]
        return (phrase[0], speaker.name) if speaker and phrase else None

    def antecedent(self, offset: int, gender: str, people_only: bool = False,
                   reach: int = 0, before_sentence: bool = False) -> str | None:
        """Who "il", "elle", "he" or "she" at ``offset`` stands for: the nearest subject
        before it whose gender does not contradict the pronoun's, this sentence first,
        then back sentence by sentence (where a sentence has none, the people it names)."""
        number = self.sentence_at(offset)
        looked = 0
        for back in range(number, -1, -1):
            if looked >= (reach or _LOOKBACK):
                break
            looked += self.reported[back]  # sentences all in quotes do not count
            if back in self._resolving or (before_sentence and back == number):
                continue  # resolving this sentence's own subject
            candidates = [who for at, who in self.subjects(back)
                          if at < offset and self._agrees(who, gender) and not _group(who)
                          and (not people_only or who in self.people)]
            if not candidates and back < number and self.subject_phrases[back] is None:
                candidates = [who for at, who in self.mentions[back] if self._agrees(who, gender)]
            if candidates:
                return candidates[-1]
        return None

    def last_named(self, offset: int, gender: str) -> str | None:
        """Who "ce dernier", "cette dernière" stands for: the last person named before."""
        number = self.sentence_at(offset)
        for back in range(number, max(-1, number - _LOOKBACK), -1):
            named = [who for at, who in self.mentions[back] if at < offset
                     and self._agrees(who, gender)]
            if named:
                return named[-1]
        return None

    def last_group(self, offset: int) -> str | None:
        """Who "ils", "they" stand for: the last group that spoke, if any."""
        groups = [who for entries in self.spoken for at, who in entries
                  if at < offset and _group(who)]
        return groups[-1] if groups else None

    def _agrees(self, person: str, gender: str) -> bool:
        known = self.genders.get(person, "")
        return not gender or not known or known == gender

    # ── what a phrase stands for ────────────────────────────────────────────

    def resolve(self, phrase: str, offset: int, fragment: bool = False) -> Speaker | None:
        """Who a speaker phrase names, or None when it names nobody. A ``fragment`` is cut
        from inside a sentence, so its first word is a name when capitalised."""
        phrase = _strip_lead_ins(phrase.strip(" ,;:.—–"))
        if not phrase:
            return None
        folded = fold(phrase)
        if folded in _speech("pronouns"):
            person = self.antecedent(offset, gender_of_word(folded))
            return Speaker(person, "pronoun") if person else None
        if folded in _speech("latter"):
            person = self.last_named(offset, gender_of_word(folded.split()[0]))
            return Speaker(person, "pronoun") if person else None
        if folded in _speech("plural_pronouns"):
            group = self.last_group(offset)
            return Speaker(group, "pronoun") if group else None
        return (self._possessor(phrase, offset) or self._named(phrase, offset, fragment)
                or self._titled(phrase, offset) or self._role(phrase, offset)
                or self._described(phrase))

    def _role(self, phrase: str, offset: int) -> Speaker | None:
        """A definite description of a person by role or relation ("le chef de la
        diplomatie française", "la mère de famille", "l'édile", "the gambling tycoon")
        refers back to the nearest person of the right gender."""
        words = tokens(phrase)
        if len(words) < 2 or words[0] not in _speech("definite_articles") | _speech(
                "possessives"):
            return None
        head = words[1].removeprefix("ex-")
        if head not in _speech("person_nouns") and words[1] not in _speech("person_nouns"):
            return None
        gender = gender_of_word(words[0]) or gender_of_word(head)
        person = self.antecedent(offset, gender, people_only=True, reach=_ROLE_LOOKBACK)
        return Speaker(person, "role") if person else None

    def _possessor(self, phrase: str, offset: int) -> Speaker | None:
        """"le communiqué de l'Élysée", "la légende de l'internaute": a document speaks
        for its author."""
        words = [w for w in tokens(phrase)[:3] if w not in _speech("determiners")]
        if not words or words[0] not in _speech("document_nouns"):
            return None
        joiner = re.search(r"\b(?:de|du|des|d'|of|from|by)\s*(?:l'|la|le|les|the)?\s*",
                           phrase, re.IGNORECASE)
        if not joiner:
            return None
        rest = phrase[joiner.end():]
        return self._named(rest, offset) or self._described(rest)

    def _named(self, phrase: str, offset: int, fragment: bool = False) -> Speaker | None:
        found = [self._trailing_person(n) if after_preposition(phrase, n.start) else n
                 for n in find_names(phrase, initial=True, fragment=fragment)
                 if n.kind != "place" and not possessive(phrase, n)]
        names = [n for n in found if n is not None]
        people = [p for n in names if n.kind == "person" and (p := self.person(n))]
        if len(people) >= 2 and all(_joined(phrase[a.end:b.start])
                                    for a, b in itertools.pairwise(names)):
            return Speaker(_join(people, self.article.language), "group")
        if people:
            return Speaker(people[0], "name")
        institutions = [n for n in names if n.kind == "institution"]
        if institutions:
            return Speaker(self.index.resolve(institutions[0].text), "institution")
        return None

    def _trailing_person(self, name: Name) -> Name | None:
        """A capitalised run after a preposition that ends with a person the article
        names ("aux Transports Jean-Baptiste Djebbari"): that person, not a complement."""
        words = name.text.split()
        if len(words) < 3 or name.kind != "person":
            return None
        tail = " ".join(words[-2:])
        if not self.index.knows(tail) and tail not in self.people:
            return None
        start = name.end - len(tail)
        return Name(tail, start, name.end, "person")

    def _titled(self, phrase: str, offset: int) -> Speaker | None:
        words = tokens(phrase)
        head = [w for w in words[:4] if w not in _speech("determiners")]
        for word in head[:2]:
            holders = [who for at, who in self.titles.get(word, []) if at < offset]
            if holders:
                return Speaker(holders[-1], "title")
        return None

    def _described(self, phrase: str) -> Speaker | None:
        """A speaker described, not named: a short noun phrase headed by a speaker noun."""
        text = _without_determiner(phrase)
        words = text.split()
        if not words or len(words) > _MAX_DESCRIBED:
            return None
        if not any(w.lower().strip(",") in _speech("speaker_nouns") for w in words[:3]):
            return None
        return Speaker(text.strip(" ,"), "described")


def _without_determiner(phrase: str) -> str:
    lowered = phrase.lower()
    for determiner in lexicon.entries("speech", "determiners"):
        opening = determiner if determiner.endswith("'") else determiner + " "
        if lowered.startswith(opening):
            return phrase[len(opening):]
    return phrase


def _blank(text: str, offset: int, spans: list[tuple[int, int]]) -> str:
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
    if end is None:
        return None
    head = text[:end].strip(" ,")
    return (offset, head) if head else None


def skip_leading_clauses(text: str, start: int) -> tuple[str, int]:
    """Drop adverbial clauses before a subject: one opened by a preposition, a
    participle or an adverb ("Interrogé sur ce point, ", "Sur Twitter, "), or a short
    one holding no name and no determiner ("Hours later, ")."""
    while True:
        lead = re.match(r"^\s*[^,]{0,120},\s+", text)
        if not lead:
            return text, start
        words = tokens(lead.group())
        first = words[0] if words else ""
        short = (len(words) <= 4 and not any(w in auxiliaries() or w in reporting_verbs()
                                             for w in words)
                 and first not in _speech("determiners")
                 and not any(n.kind == "person" for n in find_names(lead.group(), initial=True)))
        opener = (first in _speech("clause_openers") or first in _speech("prepositions")
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
            or first.startswith(("s'", "n'")) or (first in _speech("adverbs") and
                                                  len(after) > 1 and after[1] in
                                                  auxiliaries() | reporting_verbs()))


def after_preposition(text: str, start: int) -> bool:
    """Whether the word before ``start`` is a preposition ("à Melun", "du Kremlin")."""
    before = tokens(text[max(0, start - 30): start])
    while before and before[-1] in _speech("definite_articles"):
        before.pop()
    return bool(before) and before[-1] in _speech("prepositions")


@functools.cache
def _lead_ins() -> re.Pattern[str]:
    words = lexicon.alternation(lexicon.entries("speech", "speaker_lead_ins"), escape=False)
    adverbs = lexicon.alternation(lexicon.entries("speech", "adverbs"))
    return re.compile(r"^(?:(?:" + words + "|" + adverbs + r")\s+)+", re.IGNORECASE)


def _strip_lead_ins(phrase: str) -> str:
    return _lead_ins().sub("", phrase) if phrase else phrase


def _group(speaker: str) -> bool:
    """Whether a speaker is several people ("A, B et C")."""
    return "," in speaker or " et " in speaker or " and " in speaker


def _joined(between: str) -> bool:
    """Whether the words between two names join them ("et", "and", ",", "et Mme")."""
    honorifics = lexicon.alternation(lexicon.entries("names", "honorifics"))
    bare = re.sub(r"\b(?:" + honorifics + r")\b\.?", " ", between)
    stripped = bare.strip()
    return bool(_AND.fullmatch(f" {stripped} " if stripped else bare))


def _join(people: list[str], language: str) -> str:
    """Several speakers as one: "A, B et C" (the article's word for "and")."""
    unique = list(dict.fromkeys(people))
    if len(unique) == 1:
        return unique[0]
    word = lexicon.entries("speech", "and_word", language) or ("and",)
    return ", ".join(unique[:-1]) + f" {word[0]} " + unique[-1]
