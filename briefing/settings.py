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

from briefing import options
from briefing.errors import ConfigError

log = logging.getLogger(__name__)

FILE_NAME = "briefing.toml"


@dataclass(frozen=True)
class EditionSettings:
    """What an edition holds and how it is titled."""

    title: str | None = options.default("edition.title")
    language: str = options.default("edition.language")  # fr | en | auto
    sentences: int = options.default("edition.sentences")
    quotes: int = options.default("edition.quotes")
    events: int = options.default("edition.events")
    overview: int = options.default("edition.overview")


@dataclass(frozen=True)
class MailSettings:
    """How the approved briefing is sent."""

    host: str | None = options.default("mail.host")
    port: int = options.default("mail.port")
    security: str = options.default("mail.security")  # starttls | ssl | none
    username: str | None = options.default("mail.username")
    password_env: str | None = options.default("mail.password_env")  # never the password
    sender: str | None = options.default("mail.sender")
    recipients: tuple[str, ...] = options.default("mail.recipients")
    subject: str = options.default("mail.subject")
    timeout: float = options.default("mail.timeout")
    retries: int = options.default("mail.retries")
    retry_delay: float = options.default("mail.retry_delay")  # doubled after each retry


@dataclass(frozen=True)
class RunSettings:
    """How a build runs: its processes, its executor and its cache."""

    workers: int = options.default("run.workers")
    executor: str = options.default("run.executor")
    cache: bool = options.default("run.cache")


@dataclass(frozen=True)
class Settings:
    """Everything a command can be told by briefing.toml."""

    inputs: Path
    reports: Path
    max_bytes: int = options.default("paths.max_bytes")
    edition: EditionSettings = field(default_factory=EditionSettings)
    mail: MailSettings = field(default_factory=MailSettings)
    run: RunSettings = field(default_factory=RunSettings)
    source: Path | None = None  # the file read, if any


def load(config: Path | None, cwd: Path) -> Settings:
    """Read briefing.toml (or ``config``); without a file, the defaults beside ``cwd``."""
    path = config or cwd / FILE_NAME
    if config is None and not path.exists():
        return Settings(inputs=Path(options.default("paths.inputs")),
                        reports=Path(options.default("paths.reports")))
    return parse(read_toml(path), path)


MAX_TOML_BYTES = 2_000_000  # settings and review files are written by hand: far below this


def read_toml(path: Path) -> dict[str, Any]:
    """Read a TOML file, or raise ConfigError naming the file and the reason."""
    try:
        if path.stat().st_size > MAX_TOML_BYTES:
            raise ConfigError(f"{path}: larger than {MAX_TOML_BYTES} bytes; not read")
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 (byte {exc.start}); save it as UTF-8") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc


def parse(data: dict[str, Any], path: Path) -> Settings:
    """Validate settings data read from ``path``; list every error at once."""
    errors: list[str] = []
    tables = options.sections()
    for key in sorted(set(data) - set(tables)):
        log.warning("%s: unknown key %r (known: %s)", path, key, ", ".join(tables))
    values: dict[str, dict[str, Any]] = {}
    for table in tables:
        section = data.get(table, {})
        if not isinstance(section, dict):
            errors.append(f"[{table}] must be a table")
            continue
        known = [option.name for option in options.section(table)]
        for key in sorted(set(section) - set(known)):
            log.warning("%s: unknown key %s.%s (known: %s)", path, table, key, ", ".join(known))
        values[table] = {}
        for option in options.section(table):
            if option.name not in section:
                continue
            value = section[option.name]
            if option.accepts(value):
                values[table][option.name] = tuple(value) if option.kind is list else value
            else:
                errors.append(f"{option.key} = {value!r}: expected {option.wanted()}")
    if errors:
        raise ConfigError(f"{path}: " + "; ".join(errors))
    base = path.parent
    paths = values.get("paths", {})
    return Settings(inputs=_shown(base / paths.get("inputs", options.default("paths.inputs"))),
                    reports=_shown(base / paths.get("reports", options.default("paths.reports"))),
                    max_bytes=paths.get("max_bytes", options.default("paths.max_bytes")),
                    edition=EditionSettings(**values.get("edition", {})),
                    mail=MailSettings(**values.get("mail", {})),
                    run=RunSettings(**values.get("run", {})), source=path)


def _shown(path: Path) -> Path:
    """A path as users see it: relative to the current folder when inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve())
    except ValueError:
        return resolved


def with_overrides(settings: Settings, **given: Any) -> Settings:
    """Apply the command-line values the user actually gave (None means not given), each
    named as its option in briefing.toml."""
    given = {k: v for k, v in given.items() if v is not None}
    top = {k: given[k] for k in ("inputs", "reports", "max_bytes") if k in given}
    edition = {o.name: given[o.name] for o in options.section("edition") if o.name in given}
    run = {o.name: given[o.name] for o in options.section("run") if o.name in given}
    return replace(settings, **top, edition=replace(settings.edition, **edition),
                   run=replace(settings.run, **run))
