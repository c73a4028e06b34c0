"""One settings schema for briefing.toml, validated loudly.

``briefing.toml`` in the current folder, or the file ``--config`` names. Paths
in it are relative to the file; ``inputs/`` and ``reports/`` beside it are the
defaults. Unknown keys are reported as warnings; every invalid value is
listed in one error.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from collections.abc import Callable

from briefing.errors import ConfigError

log = logging.getLogger(__name__)

FILE_NAME = "briefing.toml"
SECURITY_MODES = ("starttls", "ssl", "none")


@dataclass(frozen=True)
class EditionSettings:
    """What an edition holds and how it is titled."""

    title: str | None = None
    language: str = "auto"  # fr | en | auto
    sentences: int = 3
    quotes: int = 8
    events: int = 12


@dataclass(frozen=True)
class MailSettings:
    """How the approved briefing is sent."""

    host: str | None = None
    port: int = 587
    security: str = "starttls"  # starttls | ssl | none
    username: str | None = None
    password_env: str | None = None  # the password itself is never in the file
    sender: str | None = None
    recipients: tuple[str, ...] = ()
    subject: str = "Briefing — {date}"
    timeout: float = 30.0
    retries: int = 3
    retry_delay: float = 2.0  # seconds before the first retry; doubled each time


@dataclass(frozen=True)
class Settings:
    """Everything a command can be told by briefing.toml."""

    inputs: Path
    reports: Path
    max_bytes: int = 5 * 1024 * 1024
    edition: EditionSettings = field(default_factory=EditionSettings)
    mail: MailSettings = field(default_factory=MailSettings)
    source: Path | None = None  # the file read, if any


_Check = Callable[[Any], bool]
_EDITION: dict[str, tuple[_Check, str]] = {
    "title": (lambda v: isinstance(v, str) and bool(v.strip()), "a non-empty string"),
    "language": (lambda v: v in ("fr", "en", "auto"), "one of fr, en, auto"),
    "sentences": (lambda v: isinstance(v, int) and 1 <= v <= 20, "an integer from 1 to 20"),
    "quotes": (lambda v: isinstance(v, int) and 0 <= v <= 50, "an integer from 0 to 50"),
    "events": (lambda v: isinstance(v, int) and 0 <= v <= 100, "an integer from 0 to 100"),
}
_MAIL: dict[str, tuple[_Check, str]] = {
    "host": (lambda v: isinstance(v, str) and bool(v.strip()), "a host name"),
    "port": (lambda v: isinstance(v, int) and 0 < v < 65536, "a port number"),
    "security": (lambda v: v in SECURITY_MODES, "one of starttls, ssl, none"),
    "username": (lambda v: isinstance(v, str), "a string"),
    "password_env": (lambda v: isinstance(v, str) and v.isidentifier(),
                     "the name of an environment variable"),
    "sender": (lambda v: isinstance(v, str), "an address"),
    "recipients": (lambda v: isinstance(v, list) and all(isinstance(a, str) for a in v),
                   "a list of addresses"),
    "subject": (lambda v: isinstance(v, str), "a string"),
    "timeout": (lambda v: isinstance(v, (int, float)) and v > 0, "a number of seconds"),
    "retries": (lambda v: isinstance(v, int) and 0 <= v <= 10, "an integer from 0 to 10"),
    "retry_delay": (lambda v: isinstance(v, (int, float)) and v >= 0, "a number of seconds"),
}
_PATHS: dict[str, tuple[_Check, str]] = {
    "inputs": (lambda v: isinstance(v, str), "a folder path"),
    "reports": (lambda v: isinstance(v, str), "a folder path"),
    "max_bytes": (lambda v: isinstance(v, int) and v > 0, "a positive integer"),
}
_TABLES = {"edition": _EDITION, "mail": _MAIL, "paths": _PATHS}


def load(config: Path | None, cwd: Path) -> Settings:
    """Read briefing.toml (or ``config``); without a file, the defaults beside ``cwd``."""
    path = config or cwd / FILE_NAME
    if config is None and not path.exists():
        return Settings(inputs=Path("inputs"), reports=Path("reports"))
    return parse(read_toml(path), path)


def read_toml(path: Path) -> dict[str, Any]:
    """Read a TOML file, or raise ConfigError naming the file and the reason."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc


def parse(data: dict[str, Any], path: Path) -> Settings:
    """Validate settings data read from ``path``; list every error at once."""
    errors: list[str] = []
    for key in sorted(set(data) - set(_TABLES)):
        log.warning("%s: unknown key %r (known: %s)", path, key, ", ".join(_TABLES))
    values: dict[str, dict[str, Any]] = {}
    for table, schema in _TABLES.items():
        section = data.get(table, {})
        if not isinstance(section, dict):
            errors.append(f"[{table}] must be a table")
            continue
        for key in sorted(set(section) - set(schema)):
            log.warning("%s: unknown key %s.%s (known: %s)", path, table, key,
                        ", ".join(schema))
        values[table] = {}
        for key, (check, wanted) in schema.items():
            if key in section:
                if check(section[key]):
                    values[table][key] = section[key]
                else:
                    errors.append(f"{table}.{key} = {section[key]!r}: expected {wanted}")
    if errors:
        raise ConfigError(f"{path}: " + "; ".join(errors))
    base = path.parent
    paths = values.get("paths", {})
    mail = values.get("mail", {})
    if "recipients" in mail:
        mail["recipients"] = tuple(mail["recipients"])
    return Settings(inputs=_shown(base / paths.get("inputs", "inputs")),
                    reports=_shown(base / paths.get("reports", "reports")),
                    max_bytes=paths.get("max_bytes", 5 * 1024 * 1024),
                    edition=EditionSettings(**values.get("edition", {})),
                    mail=MailSettings(**mail), source=path)


def _shown(path: Path) -> Path:
    """A path as users see it: relative to the current folder when inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve())
    except ValueError:
        return resolved


def with_overrides(settings: Settings, **given: Any) -> Settings:
    """Apply the command-line values the user actually gave (None means not given)."""
    top = {k: v for k, v in given.items() if v is not None and k in ("inputs", "reports",
                                                                    "max_bytes")}
    edition = {k: v for k, v in given.items() if v is not None and k in (
        "title", "language", "sentences", "quotes", "events")}
    return replace(settings, **top, edition=replace(settings.edition, **edition))
