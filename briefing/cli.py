"""The command line: load options, call one library function per command, report."""

from __future__ import annotations

import functools
import json
import logging
import sys
from pathlib import Path
from typing import Any, Callable

import click

from briefing import __version__, build as pipeline, clock, read, summarise
from briefing.edition import EditionOptions
from briefing.errors import BriefingError

log = logging.getLogger("briefing")


class _CountingHandler(logging.Handler):
    """Prints library log records as one-line messages and counts warnings."""

    def __init__(self, debug: bool) -> None:
        super().__init__(logging.DEBUG if debug else logging.INFO)
        self.warnings = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.warnings += 1
        if record.levelno >= logging.WARNING or self.level <= logging.DEBUG:
            click.echo(f"{record.levelname.lower()}: {record.getMessage()}", err=True)


class Failure(click.ClickException):
    """A failed command: shown as one "error: ..." line, exit status 1."""

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def _run(strict: bool, debug: bool, action: Callable[[], Any]) -> Any:
    handler = _CountingHandler(debug)
    log.addHandler(handler)
    log.setLevel(logging.DEBUG if debug else logging.INFO)
    try:
        result = action()
    except BriefingError as exc:
        if debug:
            raise
        raise Failure(str(exc)) from exc
    except Exception as exc:
        if debug:
            raise
        raise Failure(f"internal error: {type(exc).__name__}: {exc} "
                                   "(run again with --debug for the traceback)") from exc
    finally:
        log.removeHandler(handler)
    if strict and handler.warnings:
        raise Failure(f"{handler.warnings} warnings, and --strict is on")
    return result


def _common(command: Callable[..., Any]) -> Callable[..., Any]:
    @click.option("--strict", is_flag=True, help="Fail (exit 1) when there is any warning.")
    @click.option("--debug", is_flag=True, help="Show tracebacks and debug messages.")
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return command(*args, **kwargs)
    return wrapper


def _date(_ctx: Any, _param: Any, value: str | None) -> Any:
    if value is None:
        return None
    try:
        return clock.parse_date(value)
    except BriefingError as exc:
        raise click.BadParameter(str(exc)) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
def main() -> None:
    """Turn a week's news articles into a dated PDF briefing."""


@main.command()
@click.option("--inputs", type=click.Path(path_type=Path), default=Path("inputs"),
              show_default=True, help="Folder of input articles.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("reports"),
              show_default=True, help="Folder the edition is written to.")
@click.option("--date", "date", callback=_date, metavar="YYYY-MM-DD",
              help="Edition date (default: today, or SOURCE_DATE_EPOCH).")
@click.option("--title", help="Edition title (default: a title in the report's language).")
@click.option("--lang", type=click.Choice(["fr", "en"]),
              help="Report language (default: the majority language of the articles).")
@click.option("--sentences", type=click.IntRange(1, 20), default=3, show_default=True,
              help="Most sentences per article summary.")
@click.option("--max-bytes", type=click.IntRange(1), default=read.DEFAULT_MAX_BYTES,
              show_default=True, help="Inputs larger than this are skipped.")
@_common
def build(inputs: Path, out: Path, date: Any, title: str | None, lang: str | None,
          sentences: int, max_bytes: int, strict: bool, debug: bool) -> None:
    """Build reports/briefing-DATE.pdf (and .html, .json) from the inputs folder."""
    options = pipeline.BuildOptions(
        inputs=inputs, out=out,
        edition=EditionOptions(date=date or clock.today(), title=title, language=lang),
        summary=summarise.SummaryOptions(sentences=sentences),
        read=read.ReadOptions(max_bytes=max_bytes))
    result = _run(strict, debug, lambda: pipeline.build(options))
    click.echo(result.summary_line)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of articles.")
@click.option("--sentences", type=click.IntRange(1, 20), default=3, show_default=True,
              help="Most sentences per article summary.")
@click.option("--max-bytes", type=click.IntRange(1), default=read.DEFAULT_MAX_BYTES,
              show_default=True, help="Inputs larger than this are skipped.")
@_common
def extract(files: tuple[Path, ...], as_json: bool, sentences: int, max_bytes: int,
            strict: bool, debug: bool) -> None:
    """Read and analyse articles; print them (as article.schema.json with --json)."""
    def action() -> Any:
        digests, _skipped = pipeline.extract(list(files), read.ReadOptions(max_bytes=max_bytes),
                                             summarise.SummaryOptions(sentences=sentences))
        if not digests:
            raise BriefingError("no readable article among the files given")
        return digests

    digests = _run(strict, debug, action)
    if as_json:
        click.echo(json.dumps([d.as_dict() for d in digests], ensure_ascii=False, indent=2))
        return
    for digest in digests:
        article = digest.article
        click.echo(f"{article.source}: {article.title or '(no title)'}")
        click.echo(f"  {article.outlet or '?'} · {article.author or '?'} · "
                   f"{article.published or 'undated'} · {article.language}")
        for sentence in digest.summary:
            click.echo(f"  - {sentence}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
