"""Every option briefing takes, declared once.

Each row gives an option's settings key (``section.name`` in briefing.toml), its type,
range or choices, default and help, and the command-line flag that sets it, if any.
From this table come the checks of ``settings.py``, the click options and help text of
``cli.py`` and the defaults of the stages' option objects; the README's settings example
is checked against it by the tests.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class Option:
    """One option: where it lives, what it accepts, its default and its help."""

    key: str  # "section.name", as in briefing.toml
    kind: type  # int, float, str, bool or list (of strings)
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    flag: str | None = None  # the command-line flag, when there is one
    nonempty: bool = False  # a string that must say something
    identifier: bool = False  # a name such as an environment variable's

    @property
    def section(self) -> str:
        """The settings table the option sits in."""
        return self.key.split(".")[0]

    @property
    def name(self) -> str:
        """The option's name inside its table."""
        return self.key.split(".", 1)[1]

    def accepts(self, value: Any) -> bool:
        """Whether a value read from briefing.toml is valid for this option."""
        if self.kind is float:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        elif self.kind is list:
            ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        else:
            ok = isinstance(value, self.kind) and not (
                self.kind is int and isinstance(value, bool))
        if not ok:
            return False
        if self.choices and value not in self.choices:
            return False
        if self.nonempty and not str(value).strip():
            return False
        if self.identifier and not str(value).isidentifier():
            return False
        if self.minimum is not None and value < self.minimum:
            return False
        return self.maximum is None or value <= self.maximum

    def wanted(self) -> str:
        """What the option accepts, in words, for error messages."""
        if self.choices:
            return "one of " + ", ".join(self.choices)
        noun = {int: "an integer", float: "a number", str: "a string", bool: "true or false",
                list: "a list of strings"}[self.kind]
        if self.minimum is not None and self.maximum is not None:
            return f"{noun} from {self.minimum:g} to {self.maximum:g}"
        if self.minimum is not None:
            return f"{noun} of at least {self.minimum:g}"
        if self.identifier:
            return "the name of an environment variable"
        return ("a non-empty " + noun.split(" ", 1)[1]) if self.nonempty else noun

    def help_text(self) -> str:
        """The help line, with the default when there is one worth saying."""
        if self.default in (None, "", ()):
            return self.help
        shown = self.default
        if self.key == "paths.max_bytes":
            shown = f"{self.default // MEGABYTE} MB"
        return f"{self.help} (default {shown})"


OPTIONS: tuple[Option, ...] = (
    Option("paths.inputs", str, "inputs", "Folder of input articles", flag="--inputs"),
    Option("paths.reports", str, "reports", "Folder the editions are written to", flag="--out"),
    Option("paths.max_bytes", int, 5 * MEGABYTE, "Inputs larger than this are skipped",
           minimum=1, flag="--max-bytes"),
    Option("edition.title", str, None, "Edition title (default: a title in the report's "
           "language)", nonempty=True, flag="--title"),
    Option("edition.language", str, "auto", "Report language; auto: the majority language "
           "of the articles", choices=("fr", "en", "auto"), flag="--lang"),
    Option("edition.sentences", int, 2, "Most sentences per summary; short articles get "
           "fewer", minimum=1, maximum=20, flag="--sentences"),
    Option("edition.quotes", int, 8, "Key quotes in the edition", minimum=0, maximum=50,
           flag="--quotes"),
    Option("edition.events", int, 12, "Most chronology entries, the most cited winning",
           minimum=0, maximum=100, flag="--events"),
    Option("edition.overview", int, 5, "Most lines in the overview", minimum=0, maximum=20),
    Option("run.workers", int, 0, "Processes analysing articles; 0: one per core",
           minimum=0, maximum=256, flag="--workers"),
    Option("run.executor", str, "local", "Where articles are analysed: local, or "
           "dask://HOST:PORT for a running Dask scheduler", nonempty=True),
    Option("run.cache", bool, True, "Keep each article's analysis in reports/.cache, so "
           "a rebuild analyses only what changed"),
    Option("mail.host", str, None, "SMTP server", nonempty=True),
    Option("mail.port", int, 587, "SMTP port", minimum=1, maximum=65535),
    Option("mail.security", str, "starttls", "Connection security",
           choices=("starttls", "ssl", "none")),
    Option("mail.username", str, None, "Login name (optional)"),
    Option("mail.password_env", str, None, "Environment variable holding the password",
           identifier=True),
    Option("mail.sender", str, None, "From address"),
    Option("mail.recipients", list, (), "Recipient addresses"),
    Option("mail.subject", str, "Briefing — {date}", "Subject; {date} is the edition date"),
    Option("mail.timeout", float, 30.0, "Seconds before a network exchange is abandoned",
           minimum=0.001),
    Option("mail.retries", int, 3, "Retries of a temporary failure", minimum=0, maximum=10),
    Option("mail.retry_delay", float, 2.0, "Seconds before the first retry, doubled each "
           "time", minimum=0),
)


@functools.cache
def by_key() -> dict[str, Option]:
    """The options by settings key."""
    return {option.key: option for option in OPTIONS}


def default(key: str) -> Any:
    """An option's default value."""
    return by_key()[key].default


def section(name: str) -> tuple[Option, ...]:
    """The options of one settings table, in table order."""
    return tuple(option for option in OPTIONS if option.section == name)


def sections() -> tuple[str, ...]:
    """The settings tables, in table order."""
    return tuple(dict.fromkeys(option.section for option in OPTIONS))


def click_option(key: str, **overrides: Any) -> Callable[[Any], Any]:
    """The click option of a settings key: its flag, type, range and help; unset is None,
    so that only what the user gave overrides briefing.toml."""
    import click

    option = by_key()[key]
    kind: Any = option.kind
    if option.choices:
        kind = click.Choice([c for c in option.choices if c != "auto"])
    elif option.kind is int and (option.minimum is not None or option.maximum is not None):
        kind = click.IntRange(None if option.minimum is None else int(option.minimum),
                              None if option.maximum is None else int(option.maximum))
    elif option.kind is float and option.minimum is not None:
        kind = click.FloatRange(option.minimum)
    settings = {"type": kind, "default": None, "help": option.help_text() + "."}
    settings.update(overrides)
    assert option.flag, key
    return click.option(option.flag, option.name, **settings)
