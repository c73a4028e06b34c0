"""The people an article names, read once: what a speaker phrase stands for.

``Discourse`` reads an article once: the fullest form of every name, the titles people
bear ("le ministre des Affaires étrangères, Sergueï Lavrov"), the gender honorifics,
titles and first names show, and, sentence by sentence, the people in subject position
(quoted words left out). ``Discourse.resolve`` turns a phrase an attribution rule found
into a speaker: a name (its fullest form), several names (a group), a title (who bore
it), a pronoun (the subject it refers to, agreeing in gender), a role description ("la
mère de famille": the person in view), an organisation, or a described source kept as
written ("une responsable syndicale"). It records how.
"""

from __future__ import annotations

import bisect
import itertools
import re

from briefing import lexicon
from briefing.models import Article
from briefing.names import Name, NameIndex, find_names, fold, is_outlet
from briefing.speakers import (Speaker, after_preposition, auxiliaries, blank_quoted,
                               clause_subject, gender_of_word, is_group, join_speakers,
                               joined_names, possessive, reporting_verbs, speech_words,
                               WORD, strip_lead_ins, subject_position, tokens, without_addressee,
                               without_determiner)

_MAX_DESCRIBED = 9  # words of a described source ("un membre de la délégation américaine")
_LOOKBACK = 4  # sentences a pronoun looks back for its antecedent
_ROLE_LOOKBACK = 10  # sentences a role description ("la mère de famille") looks back


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
        self.organisations: list[list[tuple[int, str]]] = [[] for _ in range(count)]
        self.named_subjects: list[list[tuple[int, str]]] = [[] for _ in range(count)]
        self.spoken: list[list[tuple[int, str]]] = [[] for _ in range(count)]
        self.subject_phrases: list[tuple[int, str] | None] = [None] * count
        self._subjects: dict[int, Speaker | None] = {}
        self._resolving: set[int] = set()
        spans = sorted(quoted or [])
        self.reported: list[bool] = []  # whether the reporter says anything in a sentence
        for number, sentence in enumerate(article.sentences):
            text = blank_quoted(sentence.text, sentence.start, spans)
            self.reported.append(any(ch.isalpha() for ch in text))
            self._read_sentence(number, text, sentence.start)

    # ── reading the article ─────────────────────────────────────────────────

    def _read_sentence(self, number: int, text: str, offset: int) -> None:
        for name in find_names(text, initial=True):
            if name.kind == "institution" or (name.kind == "person" and " " not in name.text
                                               and not name.initial
                                               and " " not in self.index.resolve(name.text)):
                self.organisations[number].append((offset + name.start,
                                                   self.index.resolve(name.text)))
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
        if " " in full:  # a person in full: what a role description may stand for
            self.people.add(full)
        return full

    def _learn_gender(self, person: str, name: Name, text: str) -> None:
        before = tokens(text[max(0, name.start - 60): name.start])[-8:]
        verbs = [i for i, word in enumerate(before) if word in auxiliaries()
                 or word in reporting_verbs()]
        before = before[verbs[-1] + 1:] if verbs else before  # "la ministre a reçu X"
        shown = gender_of_word(name.honorific) if name.honorific else ""
        nouns = speech_words("titles") | speech_words("person_nouns")
        heads = [i for i, word in enumerate(before) if word in nouns]
        if heads:  # "le chef de la diplomatie américaine X", "le premier adjoint à la maire
            head = heads[0]  # de Paris, X": the head title and its article
            shown = shown or gender_of_word(before[head]) or (
                gender_of_word(before[head - 1]) if head else "")
        else:
            for word in reversed(before[-3:]):
                shown = shown or gender_of_word(word)
        if not shown:
            shown = self.index.first_name_gender(person)
        if shown and person not in self.genders:
            self.genders[person] = shown

    def _learn_title(self, text: str, name: Name, person: str, offset: int) -> None:
        """Titles borne in apposition: "le ministre des Affaires étrangères, Sergueï
        Lavrov", "Secretary of State Marco Rubio", "Marc Lacey, le rédacteur en chef"."""
        before = re.split(r"[.;:!?«»\"“”()]", text[max(0, name.start - 80): name.start])[-1]
        raw = WORD.findall(before.replace("’", "'"))[-8:]
        window = [w.lower() for w in raw]
        for index in range(len(window) - 1, -1, -1):  # a capitalised word is no verb
            if raw[index][:1].islower() and (window[index] in reporting_verbs()
                                             or window[index] in auxiliaries()):
                window = window[index + 1:]
                break
        determiners = speech_words("determiners") | speech_words("possessives")
        heads = [w for w in window[-2:] if w not in determiners][-1:]  # "Sa mère, X"
        after = text[name.end: name.end + 70]
        if after.startswith(","):
            apposition = re.split(r"[,.;:!?«»\"“”()]", after[1:])[0]
            if not set(tokens(apposition)) & (reporting_verbs() | auxiliaries()):
                window += tokens(apposition)
                heads += [w for w in tokens(apposition) if w not in determiners][:1]
        for word in (w.removeprefix("ex-") for w in window):
            if len(word) > 2 and (word in speech_words("titles") or (
                    word in heads and word in speech_words("person_nouns"))):
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
                          if at < offset and self._agrees(who, gender) and not is_group(who)
                          and (not people_only or who in self.people)]
            if not candidates and back < number and self._main_subject(back) is None:
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
                  if at < offset and is_group(who)]
        return groups[-1] if groups else None

    def _agrees(self, person: str, gender: str) -> bool:
        known = self.genders.get(person, "")
        return not gender or not known or known == gender

    # ── what a phrase stands for ────────────────────────────────────────────

    def resolve(self, phrase: str, offset: int, fragment: bool = False) -> Speaker | None:
        """Who a speaker phrase names, or None when it names nobody. A ``fragment`` is cut
        from inside a sentence, so its first word is a name when capitalised."""
        phrase = without_addressee(strip_lead_ins(phrase.strip(" ,;:.—–")))
        if not phrase:
            return None
        folded = fold(phrase)
        if folded in speech_words("pronouns"):
            person = self.antecedent(offset, gender_of_word(folded))
            return Speaker(person, "pronoun") if person else None
        latter = re.match(r"^(\S+(?: \S+)?)\s+(?:qui|who)\b", folded)  # "celui qui …"
        if folded in speech_words("latter") or (latter and latter.group(1) in
                                                speech_words("latter")):
            person = self.last_named(offset, gender_of_word(folded.split()[0]))
            return Speaker(person, "pronoun") if person else None
        if folded in speech_words("plural_pronouns"):
            group = self.last_group(offset)
            return Speaker(group, "pronoun") if group else None
        found = (self._possessor(phrase, offset) or self._named(phrase, offset, fragment)
                 or self._titled(phrase, offset) or self._role(phrase, offset)
                 or self._described(phrase))
        if found is not None and fold(found.name) in speech_words("determiners") | speech_words(
                "possessives") | speech_words("pronouns"):
            return None  # "pour son « incapacité »": a determiner names no one
        return found

    def _role(self, phrase: str, offset: int) -> Speaker | None:
        """A definite description of a person by role or relation ("le chef de la
        diplomatie française", "la mère de famille", "l'édile", "the gambling tycoon")
        refers back to the nearest person of the right gender."""
        words = tokens(phrase)
        if len(words) < 2 or words[0] not in speech_words("definite_articles") | speech_words(
                "possessives") | speech_words("demonstratives"):
            return None
        head = words[1].removeprefix("ex-")
        complement = any(w in ("de", "du", "des", "d'", "of") for w in words[2:]) and \
            " ".join(words[1:3]) not in speech_words("compound_roles")
        if head in speech_words("organisation_nouns"):
            found = None if complement or len(words) > 3 else self.last_organisation(
                offset, media=head in speech_words("media_nouns"))
            return Speaker(found, "role") if found else None
        people = speech_words("person_nouns")
        if head not in people and words[1] not in people:
            return None
        gender = gender_of_word(words[0]) or gender_of_word(head)
        if complement:  # "le chef de la diplomatie française": the person just in view
            person = self.antecedent(offset, gender, people_only=True, reach=2)
        elif head in speech_words("titles"):  # "le président": the subject just before,
            person = self.antecedent(offset, gender, people_only=True, reach=2,  # else the
                                     before_sentence=True) or self.prominent(offset, gender)
        else:  # "la mère de famille", "l'élu": the person last in view
            person = self.antecedent(offset, gender, people_only=True, reach=_ROLE_LOOKBACK)
        return Speaker(person, "role") if person else None

    def prominent(self, offset: int, gender: str) -> str | None:
        """The person named most often before ``offset`` among those of the last
        sentences, whose gender does not contradict ``gender`` (ties: the latest)."""
        number = self.sentence_at(offset)
        recent = {who for back in range(max(0, number - _ROLE_LOOKBACK), number + 1)
                  for at, who in self.mentions[back] + self.subjects(back)
                  if at < offset and who in self.people and not is_group(who)
                  and self._agrees(who, gender)}
        if not recent:
            return None
        counts = {who: 0 for who in recent}
        latest = dict.fromkeys(recent, -1)
        for back in range(0, number + 1):
            for at, who in self.mentions[back]:
                if who in counts and at < offset:
                    counts[who] += 1
                    latest[who] = at
        return max(recent, key=lambda who: (counts[who], latest[who]))

    def last_organisation(self, offset: int, media: bool = True) -> str | None:
        """Which organisation "l'entreprise", "the company" stands for: the last one
        named (a one-word name the article does not give as a person's); a news outlet
        only when ``media`` ("le quotidien", not "le collectif" after "à Ouest-France")."""
        number = self.sentence_at(offset)
        for back in range(number, max(-1, number - _ROLE_LOOKBACK), -1):
            found = [who for at, who in self.organisations[back] if at < offset
                     and (media or not is_outlet(who))]
            if found:
                return found[-1]
        return None

    def _possessor(self, phrase: str, offset: int) -> Speaker | None:
        """"le communiqué de l'Élysée", "la légende de l'internaute": a document speaks
        for its author."""
        words = [w for w in tokens(phrase)[:5] if w not in speech_words("determiners")]
        head = next((i for i, w in enumerate(words[:3]) if w in speech_words("document_nouns")),
                    None)  # "this new headline from", "a Feb. 1 letter from": past modifiers
        if head is None or any(w in reporting_verbs() for w in words[:head]):
            return None
        joiner = re.search(r"\b(?:de|du|des|d'|of|from|by)\s*(?:l'|la|le|les|the)?\s*",
                           phrase, re.IGNORECASE)
        if not joiner:
            return None
        rest = phrase[joiner.end():]
        names = [n for n in find_names(rest, initial=True, fragment=True)
                 if n.kind != "place" and not possessive(rest, n)]
        if names:  # "la synthèse du rapport de l'IGPN": past nested complements
            return self._named(rest[names[0].start:], offset, fragment=True)
        return self._described(rest)

    def _named(self, phrase: str, offset: int, fragment: bool = False) -> Speaker | None:
        found = [self._trailing_person(n) if after_preposition(phrase, n.start) else n
                 for n in find_names(phrase, initial=True, fragment=fragment)
                 if n.kind != "place" and not possessive(phrase, n)]
        names = [n for n in found if n is not None]
        people = [p for n in names if n.kind == "person" and (p := self.person(n))]
        if len(people) >= 2 and all(joined_names(phrase[a.end:b.start])
                                    for a, b in itertools.pairwise(names)):
            return Speaker(join_speakers(people, self.article.language), "group")
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
        head = [w for w in words[:4] if w not in speech_words("determiners")]
        for word in head[:2]:
            holders = [who for at, who in self.titles.get(word, []) if at < offset]
            if holders:
                return Speaker(holders[-1], "title")
        return None

    def _described(self, phrase: str) -> Speaker | None:
        """A speaker described, not named: a short noun phrase headed by a speaker noun."""
        text = without_determiner(phrase)
        words = text.split()
        if not words or len(words) > _MAX_DESCRIBED:
            return None
        if not any(w.lower().strip(",") in speech_words("speaker_nouns") for w in words[:3]):
            return None
        return Speaker(text.strip(" ,"), "described")
