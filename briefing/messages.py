"""Messages in the report's language.

The library writes its warnings and reasons in English (they go to logs and to the
JSON, which other tools read). The preview and the review show them to a person in the
report's language: ``say`` matches a message against the English templates of the
``[messages]`` table of ``lexicon/<lang>/messages.toml`` and writes it with the
language's template, the values carried over; an unknown message stays as it is.
Paths inside a message are shortened to their file name: nothing local is shown.
"""

from __future__ import annotations

import functools
import re

from briefing import lexicon

_PATH = re.compile(r"(?<![\w.])(?:[A-Za-z]:)?(?:[\\/][^\s\\/'\"(),;:]+)+[\\/]"
                   r"(?P<name>[^\s\\/'\"(),;:]+)")


@functools.cache
def _templates(language: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    table: dict[str, str] = lexicon.table("messages", "messages", language)
    compiled = []
    for english, translated in table.items():
        pattern = re.escape(english)
        pattern = re.sub(r"\\\{(\w+)\\\}", lambda m: f"(?P<{m.group(1)}>.+?)", pattern)
        compiled.append((re.compile(f"^{pattern}$"), translated))
    return tuple(compiled)


def say(message: str, language: str) -> str:
    """A message in ``language``, file paths shortened to their name."""
    message = shorten_paths(message)
    if language not in lexicon.languages():
        return message
    for pattern, template in _templates(language):
        found = pattern.match(message)
        if found:
            return template.format(**found.groupdict())
    return message


def shorten_paths(text: str) -> str:
    """A text with every file path written as its file name."""
    return _PATH.sub(lambda m: m.group("name"), text)


def plural(count: int, forms: str, language: str) -> str:
    """"1 article", "2 articles": ``forms`` is "singular|plural". French writes 0 and 1
    in the singular, English only 1."""
    singular, _, several = forms.partition("|")
    one = count in (0, 1) if language == "fr" else count == 1
    return f"{count} {singular if one else several or singular}"
