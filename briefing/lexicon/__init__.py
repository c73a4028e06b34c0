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
    """Every form of the reporting verbs: stems with their endings, and forms written out."""
    forms: set[str] = set()
    for code in _languages(lang):
        speech = load(code, "speech")
        forms.update(stem + ending for stem in speech.get("verb_stems", ())
                     for ending in speech.get("verb_endings", ()))
        forms.update(speech.get("verb_forms", ()))
    return frozenset(form.lower() for form in forms)
