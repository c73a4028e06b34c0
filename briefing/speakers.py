"""Who said it: names, titles, pronouns and reporting verbs around a quote.

A speaker is named only when the text says who spoke: a reporting verb or a
source phrase next to a name or a noun phrase, the subject of the sentence
that introduces a statement. Pronouns and titles ("il", "le ministre", "the
Secretary of State") resolve to the person the article introduced; a lone
surname needs the article's full form or to stand right by the verb.
"""

from __future__ import annotations

import functools
import re

from briefing import lexicon
from briefing.models import Article
from briefing.names import NameIndex, find_names, fold

_LEADING_CLAUSE = re.compile(r"^(?:[^,]{0,100}),\s+")


@functools.cache
def auxiliaries() -> frozenset[str]:
    """Auxiliaries and modals between a subject and its verb, every language."""
    return lexicon.words("speech", "auxiliaries")


@functools.cache
def singular_pronouns() -> frozenset[str]:
    """Pronouns standing for one person ("il", "he")."""
    return lexicon.words("speech", "pronouns")


@functools.cache
def inverted_pronoun() -> re.Pattern[str]:
    """An inverted subject pronoun after a verb: "a-t-il dit", "estime-t-elle"."""
    words = lexicon.alternation(lexicon.entries("speech", "inverted_pronouns"))
    return re.compile(r"-(?:t-)?(" + words + r")\b", re.IGNORECASE)


@functools.cache
def _phrase_patterns() -> dict[str, re.Pattern[str]]:
    entries = functools.partial(lexicon.entries, "speech")
    return {
        "lead_ins": re.compile(r"^(?:(?:" + lexicon.alternation(entries("speaker_lead_ins"),
                                                               escape=False) + r")\s+)+"),
        "addressee": re.compile(r"\s+(?:" + lexicon.alternation(
            entries("addressee_prepositions")) + r")\s"),
        "perfect": re.compile(r"\s+(?:" + lexicon.alternation(entries("perfect_auxiliaries"))
                              + r")$"),
    }


@functools.cache
def reporting_verbs() -> frozenset[str]:
    """Every reporting-verb form of every language."""
    return lexicon.reporting_verbs()


class SpeakerContext:
    """What an article says about its people: full names, titles, mentions in order."""

    def __init__(self, article: Article) -> None:
        self.index = NameIndex(article.text)
        self.titles: dict[str, list[tuple[int, str]]] = {}
        self.mentions: list[tuple[int, str]] = []
        self.subjects: list[tuple[int, str | None]] = []
        for block, offset in zip(article.blocks, article.block_starts, strict=True):
            for name in find_names(block.text):
                if name.kind == "person" and not after_preposition(block.text, name.start):
                    person = self.index.resolve(name.text)
                    self.mentions.append((offset + name.start, person))
                    self._learn_title(block.text, name.start, name.end, person, offset)
        for sentence in article.sentences:
            self.subjects.append((sentence.start,
                                  self._subject_person(sentence.text, sentence.start)))
        self.speakers: list[tuple[int, str]] = []

    def _subject_person(self, sentence: str, offset: int) -> str | None:
        """The person a sentence is about as its subject; a pronoun subject carries on the
        previous sentence's person."""
        subject = subject_of(sentence)
        if not subject:
            return None
        if fold(subject) in singular_pronouns():
            return self.subjects[-1][1] if self.subjects else None
        return self._person(subject, offset + len(sentence))

    def _learn_title(self, text: str, start: int, end: int, person: str, offset: int) -> None:
        """Remember titles borne in apposition: "le ministre des Affaires étrangères, Sergueï
        Lavrov", "Secretary of State Marco Rubio", "Marc Lacey, le rédacteur en chef"."""
        before = re.split(r"[.;:!?«»\"“”()]", text[max(0, start - 80): start])[-1]
        window = tokens(before)[-8:]
        for index in range(len(window) - 1, -1, -1):
            if window[index] in reporting_verbs() or window[index] in auxiliaries():
                window = window[index + 1:]
                break
        after = text[end: end + 70]
        if after.startswith(","):
            apposition = re.split(r"[,.;:!?«»\"“”()]", after[1:])[0]
            if not set(tokens(apposition)) & (reporting_verbs() | auxiliaries()):
                window += tokens(apposition)
        for word in window:
            if word in lexicon.words("speech", "titles") and len(word) > 2:
                self.titles.setdefault(word, []).append((offset + start, person))

    def titled(self, phrase: str, offset: int) -> str | None:
        """The person who last bore a title of the phrase before this offset."""
        for word in tokens(phrase):
            holders = [who for at, who in self.titles.get(word, []) if at < offset]
            if holders:
                return holders[-1]
        return None

    def _person(self, phrase: str, offset: int) -> str | None:
        """The person a sentence's subject names (by name or title), if any."""
        if fold(phrase) in singular_pronouns():
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
        if not phrase or folded in singular_pronouns():
            return self.last_person(offset) if phrase else None
        named = [n for n in find_names(phrase) if n.kind != "place"
                 and role(phrase, n.start, n.end) >= 0 and not after_preposition(phrase, n.start)]
        people = [n for n in named if n.kind == "person"] or [
            n for n in named if n.kind == "institution"]
        if people:
            alone = fold(people[0].text) == fold(descriptive(phrase) or phrase)
            return self.accept(people[0].text, alone=alone)
        return self.titled(phrase, offset) or descriptive(phrase)

    def accept(self, name: str, alone: bool = True) -> str | None:
        """The fullest form of a speaker's name; a lone surname the article never gives in
        full is accepted only when it stands alone next to the reporting verb."""
        full = self.index.resolve(name)
        if " " in full or name.isupper() or alone:
            return full
        return None


def attribution(text: str, context: SpeakerContext, offset: int) -> str | None:
    """The speaker in text right after a quote: ", a déclaré X", ", a-t-il dit", ", X said"."""
    lowered = tokens(text)
    inverted = inverted_pronoun().search(text[:40])
    if inverted and set(lowered[:3]) & reporting_verbs():
        if (inverted.group(1) or inverted.group(2) or "").lower() not in singular_pronouns():
            return None  # "ont-ils expliqué": a group, not a person to name
        return context.last_person(offset)  # ", a-t-il dit", ", estime-t-elle"
    verb_at = next((i for i, t in enumerate(lowered[:6]) if t in reporting_verbs()), None)
    if verb_at is None:
        return None
    words = text.split()
    if verb_at == 0 or (verb_at == 1 and lowered[0] in auxiliaries()):
        who = " ".join(words[verb_at + 1:])  # inverted: "a déclaré Sergueï Lavrov à la presse"
        who = _phrase_patterns()["addressee"].split(who)[0]
        who = ",".join(who.split(",")[:2])  # the speaker and an apposition at most
    else:
        who = " ".join(words[:verb_at])  # "one former ambassador said"
        who = _phrase_patterns()["perfect"].sub("", who)
    return context.resolve(who, offset) if who.strip(" ,") else None


def role(text: str, start: int, end: int) -> int:
    """How surely the name at text[start:end] is who speaks: 3 a source phrase before it
    ("selon X"), 2 the subject of a reporting verb ("X, ministre, a dit"), 1 the inverted
    subject ("a déclaré X"), 0 none. A name after a preposition ("à Melun") never speaks."""
    if source_phrase_before(text, start):
        return 3
    before = tokens(text[max(0, start - 60): start])
    articles = lexicon.words("speech", "definite_articles")
    while before and (before[-1] in articles or before[-1] in lexicon.words("speech", "titles")):
        before.pop()
    if before and before[-1] in lexicon.words("speech", "prepositions"):
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
    after = tokens(rest[:50])[:3]
    verbs = reporting_verbs()
    heads = [t for t in after if t not in auxiliaries()
             and t not in lexicon.words("speech", "adverbs")]
    if (heads and heads[0] in verbs) or any(fold(noun) in fold(rest[:40]) for noun in
                                          lexicon.entries("speech", "statement_nouns")):
        return 2
    if before and before[-1] in verbs and not text[:start].rstrip().endswith((".", ":")):
        return 1
    return 0


def speech_near(text: str, start: int, end: int) -> bool:
    """Whether the text shows the name at text[start:end] speaking."""
    return role(text, start, end) > 0


def source_phrase_before(text: str, start: int) -> bool:
    before = fold(text[max(0, start - 25): start]).rstrip()
    articles = lexicon.alternation(lexicon.entries("speech", "definite_articles"))
    before = re.sub(r"\s(" + articles + r")$", "", before)
    return any(before.endswith(fold(phrase)) for phrase in lexicon.entries("speech",
                                                                          "source_phrases"))


def has_speech_marker(text: str) -> bool:
    folded = fold(text)
    return bool(set(tokens(text)) & reporting_verbs()) or any(
        fold(noun) in folded for noun in lexicon.entries("speech", "speech_nouns"))


def subject_of(sentence: str) -> str | None:
    """The noun phrase before the first verb of a sentence, leading clauses skipped."""
    text = sentence.strip()
    while True:
        lead = _LEADING_CLAUSE.match(text)
        first = lead.group().split()[0].lower() if lead else ""
        opener = (first in lexicon.words("speech", "clause_openers")
                  or first in reporting_verbs()
                  or first.endswith(lexicon.entries("speech", "participle_endings")))
        if not lead or not opener:
            break  # a clause opened by a determiner or a noun is the subject, not a preamble
        text = text[lead.end():]
    head: list[str] = []
    for token in text.split()[:12]:
        bare = token.strip(",;:").lower()
        if bare in auxiliaries() or bare in reporting_verbs():
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


def descriptive(phrase: str) -> str | None:
    """A speaker described, not named ("la délégation américaine", "one former ambassador"):
    a short noun phrase headed by a speaker noun."""
    text = _phrase_patterns()["lead_ins"].sub("", phrase.strip(" ,;:."))
    lowered = text.lower()
    for determiner in lexicon.entries("speech", "determiners"):
        opening = determiner if determiner.endswith("'") else determiner + " "
        if lowered.startswith(opening):
            text = text[len(opening):]
            break
    words = text.split()
    if not words or len(words) > 5:
        return None
    if not any(w.lower().strip(",") in lexicon.words("speech", "speaker_nouns")
               for w in words[:3]):
        return None
    return text


def after_preposition(text: str, start: int) -> bool:
    before = tokens(text[max(0, start - 30): start])
    while before and before[-1] in lexicon.words("speech", "definite_articles"):
        before.pop()
    return bool(before) and before[-1] in lexicon.words("speech", "prepositions")


def tokens(text: str) -> list[str]:
    return [t.lower() for t in re.findall(r"[\w'’\-]+", text.replace("’", "'"))]
