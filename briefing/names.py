"""Find names of people, institutions and places in text by rule.

A name is a run of capitalised words; it is a place when a gazetteer knows
it, an institution when it is an acronym or carries an institution word, and
otherwise a person. An article's ``NameIndex`` resolves a surname or short form
to the fullest form the article gives.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from briefing import lexicon

NameKind = Literal["person", "institution", "place"]

_CAP_WORD = r"(?:[A-ZÀ-ÖØ-Ý][\w'’\-]*[\w]|[A-Z]{2,}|[A-ZÀ-Ý]\.)"


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The name-finding patterns, built from the lexicon's small words."""
    names = functools.partial(lexicon.entries, "names")
    joiners = r"(?:" + "|".join(
        re.escape(j).replace(r"\ ", r"\s+") for j in sorted(names("joiners"), key=len,
                                                             reverse=True)) + r")"
    articles = lexicon.alternation(names("articles"))
    elided = "".join(sorted(names("elided_articles")))
    return {
        "run": re.compile(_CAP_WORD + r"(?:(?:\s+|\s+" + joiners + r"\s+|-)" + _CAP_WORD
                          + r")*"),
        "article_before": re.compile(r"(?:(?:^|\s)(?:" + articles + r")\s+"
                                    + (r"|\b[" + elided + r"]['’]" if elided else "") + r")$",
                                    re.IGNORECASE),
        "complement": re.compile(r"^[^\s]+\s+(?:" + lexicon.alternation(
            names("complement_joiners")) + r")\s+"),
        "honorific_before": re.compile(r"(?:^|[\s(])(" + lexicon.alternation(
            names("honorifics")) + r")\.?\s+$"),
    }


@dataclass(frozen=True)
class Name:
    """A name found in a text."""

    text: str
    start: int
    end: int
    kind: NameKind
    honorific: str = ""  # the abbreviation before it, folded ("m", "mme", "sen")
    initial: bool = False  # one word opening a sentence: a name only if known elsewhere


@functools.cache
def _folded(words: frozenset[str]) -> frozenset[str]:
    """A word list folded for accent-blind comparison."""
    return frozenset(fold(word) for word in words)


@functools.cache
def _institution_words() -> frozenset[str]:
    return _folded(lexicon.words("names", "institution_words"))


_REGION_TYPES = frozenset({"State", "Province", "Region", "Department", "Metropolitan department",
                           "Metropolitan region", "Autonomous community", "Autonomous region",
                           "Land", "Country", "Republic", "Oblast", "Canton", "Territory"})


@functools.cache
def _adjective_endings() -> tuple[str, ...]:
    """Endings of capitalised adjectives of nationality or party ("Republican")."""
    return tuple(fold(e) for e in lexicon.entries("names", "adjective_endings"))


@functools.cache
def _first_names() -> dict[str, str]:
    names = lexicon.load(lexicon.COMMON, "first_names")
    table = {fold(name): "m" for name in names.get("masculine", ())}
    table.update({fold(name): "f" for name in names.get("feminine", ())})
    return table


def abbreviations() -> dict[str, str]:
    """Short forms of outlets and institutions, with their full names ("NYT")."""
    return lexicon.table("outlets", "abbreviations", lexicon.COMMON)


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lowercase and strip accents, for comparing names across spellings (remembered:
    the same words are folded again and again)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().strip()


@functools.cache
def place_table() -> dict[str, str]:
    """Map every known variant of a place name (folded) to its canonical form."""
    import gettext

    import pycountry

    table: dict[str, str] = {}
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"],
                                 fallback=True)
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        canonical = french.gettext(country.name).split(",")[0].strip()
        for variant in (country.name, name, canonical):
            table.setdefault(fold(variant), canonical)
    for region in pycountry.subdivisions:  # states, provinces, régions, départements
        if region.type in _REGION_TYPES and len(region.name) > 3 and fold(
                region.name) not in _first_names():
            table.setdefault(fold(region.name), region.name)
    places = {**lexicon.table("places", "countries", lexicon.COMMON),
              **lexicon.table("places", "cities", lexicon.COMMON)}
    for canonical, variants in places.items():
        for variant in variants:
            table[fold(variant)] = canonical
    return table


def canonical_place(text: str) -> str | None:
    """Return the canonical form of a place name, or None when it is not a known place."""
    return place_table().get(fold(text))


def find_names(text: str, initial: bool = False, fragment: bool = False) -> list[Name]:
    """Return the capitalised names of a text, classified as person, institution or place.

    A name after an honorific ("M. Dmitriev", "Sen. Graham") keeps it. One word opening a
    sentence ("Trump said", "Yesterday") is a name only if the article names that person
    elsewhere: with ``initial``, such words are returned marked ``initial`` for the caller
    to check; without, they are left out. A ``fragment`` is a phrase cut from inside a
    sentence: its first word opens no sentence. Month and weekday names, and party labels
    ("D-Calif."), are never names.
    """
    names: list[Name] = []
    for match in _patterns()["run"].finditer(text):
        outlet = _outlet(text, match)
        if outlet is not None:
            names.append(outlet)
            continue
        start, value = _trim(match.start(), re.sub(r"['’]s?$", "", match.group()))
        if len(value) < 2 or _not_a_name(value):
            continue
        if " " not in value and not value.isupper() and _patterns()["article_before"].search(
                text[max(0, start - 5):start]):
            continue  # "des Affaires étrangères", "the Kremlin's": a common noun, not a name
        honorific = _honorific_before(text, start)
        first = False
        if not honorific and ((start == 0 and not fragment) or re.search(r"[.!?:«»\"“”]\s*$",
                                                      text[max(0, start - 8):start])):
            if " " not in value and not canonical_place(value) and not value.isupper():
                if _adverb(value) or fold(value) in lexicon.reporting_verbs():
                    continue  # "Concrètement", "Asked": an adverb or verb opens the sentence
                first = True  # a capitalised word opening a sentence: maybe a surname
            head = _patterns()["complement"].match(value)
            if head and not value.split()[0].isupper() and fold(
                    value.split()[0]) not in _first_names():
                # "Membre de Paris en commun": a capitalised common noun opens the sentence
                start, value = start + head.end(), value[head.end():]
        if text[start + len(value): start + len(value) + 1] == "+":
            value += "+"  # "Canal+", "Disney+": the sign is part of the name
        kind = "person" if honorific and " " not in value else classify(value)
        names.append(Name(value, start, start + len(value), kind, honorific, first))
    return [name for name in names if initial or not name.initial]


@functools.cache
def _outlets() -> dict[str, str]:
    """Known news outlets and seats of power, folded and without their article, with
    their written form."""
    table = lexicon.table("outlets", "names", lexicon.COMMON)
    written = table.get("outlets", []) + table.get("seats", [])
    return {_without_article(fold(name)): name for name in written}


def is_outlet(name: str) -> bool:
    """Whether a name is a known news outlet or seat of power."""
    return _without_article(fold(name)) in _outlets()


def _without_article(folded: str) -> str:
    return re.sub(r"^(?:le|la|les|l'|the)\s*", "", folded)


def _outlet(text: str, match: re.Match[str]) -> Name | None:
    """A known news outlet ("Le Parisien", "Politico"): an institution, never a person nor
    a common noun; an article written before it is part of its name."""
    value = re.sub(r"['’]s$", "", match.group())
    if text[match.start() + len(value): match.start() + len(value) + 1] == "+":
        value += "+"  # "Canal+"
    start, end = match.start(), match.start() + len(value)
    words = list(re.finditer(r"\S+", value))
    for word in words[:3]:  # the run, or its tail after openers: "Selon Le Parisien"
        tail = re.match(r"(?:(?:the|le|la|les)\s+|l['’])?", value[word.start():])
        offset = word.start() + (tail.end() if tail else 0)  # "Saturday the White House"
        written = _outlets().get(_without_article(fold(value[offset:])))
        if written is not None:
            start, value = start + offset, value[offset:]
            break
    else:
        return None
    if _without_article(fold(written)) != fold(written) and fold(value) == _without_article(
            fold(value)):
        article = re.search(r"\b(?:Le|La|Les|The)\s+$|\bL['’]$", text[max(0, start - 5):start])
        start -= len(article.group()) if article else 0  # "Le Parisien", not "le Kremlin"
    return Name(text[start:end], start, end, "institution")


def _adverb(word: str) -> bool:
    """A word with an adverb's ending ("Concrètement", "Finally")."""
    return len(word) > 6 and fold(word).endswith(tuple(lexicon.entries("names",
                                                                       "adverb_endings")))


def _not_a_name(value: str) -> bool:
    """Calendar words, honorifics alone, party labels ("D-Calif.", "Republican", "South
    Carolina Republican") and words that open sentences are not names."""
    folded = fold(value).rstrip(".")
    if fold(value.split()[-1]) in _folded(lexicon.words("names", "party_words")):
        return True
    if folded in _calendar_words() or folded in _folded(lexicon.words("names", "honorifics")):
        return True
    return bool(re.fullmatch(r"[RDI]-[A-Z][A-Za-z.]{1,6}", value))


@functools.cache
def _calendar_words() -> frozenset[str]:
    return _folded(frozenset(lexicon.table("calendar", "months")) |
                   frozenset(lexicon.table("calendar", "weekdays")))


def _honorific_before(text: str, start: int) -> str:
    """The honorific abbreviation right before a name ("M.", "Mme", "Sen."), folded."""
    found = _patterns()["honorific_before"].search(text[max(0, start - 8):start])
    return fold(found.group(1)) if found else ""


def classify(name: str) -> NameKind:
    """Tell a place, an institution or a person from the name alone."""
    if canonical_place(name):
        return "place"
    words = [fold(w) for w in re.split(r"[\s\-]+", name)]
    if name.isupper() or name in abbreviations() or any(w in _institution_words()
                                                              for w in words):
        return "institution"
    return "person"


def _trim(start: int, value: str) -> tuple[int, str]:
    """Drop leading function words and titles from a capitalised run."""
    tokens = value.split(" ")
    if tokens and re.match(r"^[A-ZÀ-Ý]['’][a-zà-ÿ]", tokens[0]):
        start += len(tokens[0]) + 1  # "S'il", "Qu'elle": an elided word, not a name
        tokens.pop(0)
    after_title = False
    while tokens:
        word = fold(tokens[0]).rstrip(".")
        if word in _folded(lexicon.words("speech", "titles")):
            after_title = True
        elif after_title and word in lexicon.words("names", "title_joiners") and len(tokens) >= 2:
            # "Secretary of State Marco Rubio": the title's complement goes with it
            start += len(tokens[0]) + len(tokens[1]) + 2
            tokens = tokens[2:]
            continue
        elif word not in _folded(lexicon.words("names", "non_name_words")):
            break
        start += len(tokens[0]) + 1
        tokens.pop(0)
    honorifics = _folded(lexicon.words("names", "honorifics"))
    while tokens and (fold(tokens[-1]) in lexicon.words("names", "trailing_words")
                      or fold(tokens[-1]).rstrip(".") in honorifics
                      or fold(tokens[-1]) in _calendar_words()):
        tokens.pop()  # "Vermont Sen." before "Bernie Sanders": the rank is no part of it
    first = next((i for i, t in enumerate(tokens) if fold(t) in _first_names()), None)
    if first and len(tokens) - first >= 2 and fold(tokens[first - 1]) not in _first_names():
        # "Transports Jean-Baptiste Djebbari", "PS de Lille Martine Aubry": a first name
        # opens a person's name; the capitalised words before it are not part of it
        start += len(" ".join(tokens[:first])) + 1
        tokens = tokens[first:]
    if (len(tokens) >= 3 and tokens[0].isupper() and tokens[1][:1].isupper()
            and not tokens[1].isupper() and canonical_place(tokens[0]) is None
            and classify(" ".join(tokens[1:])) == "person"):
        start += len(tokens[0]) + 1  # "AFP Philip Stinson": an outlet before a name
        tokens.pop(0)
    return start, " ".join(tokens)


class NameIndex:
    """The people and institutions an article names, by every short form it uses."""

    def __init__(self, text: str) -> None:
        self._full: dict[str, str] = {}
        for name in find_names(text):
            if name.kind == "place":
                continue
            self._learn(name.text)

    def _learn(self, full: str) -> None:
        key = fold(full)
        current = self._full.get(key)
        if current is None or len(full) > len(current):
            self._full[key] = full
        parts = full.split()
        if len(parts) >= 2 and classify(full) == "person":
            surname = fold(parts[-1])
            known = self._full.get(surname)
            if known is None or len(full) > len(known):
                self._full[surname] = full

    def knows(self, name: str) -> bool:
        """Whether the article gives this name in full elsewhere (so a sentence-opening
        "Trump" is the Donald Trump it names; "Republican" alone is no one)."""
        full = self._full.get(fold(name))
        if full is None:
            return False
        if " " in full or full.isupper() or fold(full) in _first_names():
            return True
        return not fold(full).endswith(_adjective_endings())  # "Republican", "Américain"

    def first_name_gender(self, person: str) -> str:
        """The gender a person's first name usually shows ("m", "f"), or ""."""
        first = person.split()[0] if " " in person else ""
        return _first_names().get(fold(first), "")

    def resolve(self, name: str) -> str:
        """Return the fullest form of a name the article gives ("Lavrov" → "Sergueï Lavrov")."""
        if name in abbreviations():
            return abbreviations()[name]
        folded = fold(name)
        if folded in self._full:
            return self._full[folded]
        last = folded.split()[-1] if folded.split() else folded
        return self._full.get(last, name)
