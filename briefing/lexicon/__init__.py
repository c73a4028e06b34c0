"""Language data, kept apart from logic: one folder per language, one TOML file per domain.

    briefing/lexicon/fr/speech.toml     reporting verbs, source phrases, titles, ...
    briefing/lexicon/en/speech.toml     the same names, in English
    briefing/lexicon/common/*.toml      language-neutral data (places, outlets)

Every list has a name; logic modules ask for it by name, for one language or for all of
them (``lang=None``: the union, for text whose language is mixed or unknown), and build
their patterns from it. Adding a language is adding a folder with the same files.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable
from importlib import resources
from typing import Any

COMMON = "common"


@functools.cache
def languages() -> tuple[str, ...]:
    """The languages that have a folder of data, in name order."""
    root = resources.files(__name__)
    return tuple(sorted(entry.name for entry in root.iterdir()
                        if entry.is_dir() and not entry.name.startswith(("_", COMMON))))


@functools.cache
def load(lang: str, domain: str) -> dict[str, Any]:
    """The data of one domain file of one language (or of ``common``); {} when absent."""
    entry = resources.files(__name__).joinpath(lang, f"{domain}.toml")
    if not entry.is_file():
        return {}
    return tomllib.loads(entry.read_text(encoding="utf-8"))


def _value(data: dict[str, Any], name: str) -> Any:
    """A value by dotted name ("relative.last_after")."""
    for part in name.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _languages(lang: str | None) -> tuple[str, ...]:
    return languages() if lang is None else (lang,)


@functools.cache
def entries(domain: str, name: str, lang: str | None = None) -> tuple[str, ...]:
    """A named list, in file order, for one language or all of them (duplicates once)."""
    found: dict[str, None] = {}
    for code in _languages(lang):
        found.update(dict.fromkeys(_value(load(code, domain), name) or ()))
    return tuple(found)


@functools.cache
def words(domain: str, name: str, lang: str | None = None) -> frozenset[str]:
    """A named list as a set of lowercased words, for membership tests."""
    return frozenset(word.lower() for word in entries(domain, name, lang))


@functools.cache
def table(domain: str, name: str, lang: str | None = None) -> dict[str, Any]:
    """A named table (key = value), merged over the languages asked for."""
    merged: dict[str, Any] = {}
    for code in _languages(lang) if lang != COMMON else (COMMON,):
        merged.update(_value(load(code, domain), name) or {})
    return merged


def alternation(items: Iterable[str], escape: bool = True) -> str:
    """A regex alternation of words (escaped) or of patterns, longest first."""
    parts = sorted(set(items), key=lambda item: (-len(item), item))
    return "|".join(re.escape(part) if escape else part for part in parts)


@functools.cache
def reporting_verbs(lang: str | None = None) -> frozenset[str]:
    """Every form of the reporting verbs: generated from each language's lemmas by its
    conjugation data, plus the forms written out. Reflexive forms ("s'insurge") too."""
    forms: set[str] = set()
    for code in _languages(lang):
        speech = load(code, "speech")
        rules = speech.get("conjugation", {})
        forms.update(speech.get("verb_forms", ()))
        for group in ("er", "ir"):
            for lemma in speech.get(f"verbs_{group}", ()):
                forms.update(_romance_forms(lemma, group, rules))
        for lemma in speech.get("verbs", ()):
            forms.update(_english_forms(lemma, rules))
    elided = {f"s'{form}" for form in forms if form[:1] in "aeiouéèêhâî"}
    return frozenset(form.lower() for form in forms | elided)


def _romance_forms(lemma: str, group: str, rules: dict[str, Any]) -> set[str]:
    """The forms of a French verb of the first (-er) or second (-ir) group."""
    if " " in lemma or not lemma.endswith(group):
        return {lemma}
    stem = lemma[: -len(group)]
    soft, soft_before = rules.get("soft", {}), tuple(rules.get("soft_before", ()))
    forms = {lemma}
    for ending in rules.get(group, ()):
        forms.add(stem + ending)
        if stem[-1:] in soft and ending.startswith(soft_before):
            forms.add(stem[:-1] + soft[stem[-1]] + ending)
        if group == "er" and ending in ("e", "es", "ent", "era", "eront", "erait"):
            grave = re.sub(r"[ée]([^aeiouyéèêë]+)$", r"è\1", stem)  # répète, considère
            forms.add(grave + ending)
            if stem.endswith(("el", "et")):
                forms.add(stem + stem[-1] + ending)  # rappelle, jette
    return forms


def _english_forms(lemma: str, rules: dict[str, Any]) -> set[str]:
    """-s, -ed and -ing forms of an English verb."""
    doubled = lemma + lemma[-1] if lemma in rules.get("double_final", ()) else lemma
    if re.search(r"[^aeiou]y$", lemma):
        return {lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z", "o")) else "s")
    if lemma.endswith("e"):
        return {lemma, third, lemma + "d", (lemma if lemma.endswith("ee") else lemma[:-1])
                + "ing"}
    return {lemma, third, doubled + "ed", doubled + "ing"}
