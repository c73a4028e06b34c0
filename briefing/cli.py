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


def _budget_options(command: Callable[..., Any]) -> Callable[..., Any]:
    @click.option("--sentences", type=click.IntRange(1, 20), default=None,
                  help="Most sentences per summary (default 3; short articles get fewer).")
    @click.option("--words", type=click.IntRange(1), default=None,
                  help="Most words per summary, instead of sentences.")
    @click.option("--ratio", type=click.FloatRange(0, 1, min_open=True), default=None,
                  help="Share of the article's sentences, instead of a count.")
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        given = [k for k in ("sentences", "words", "ratio") if kwargs.get(k) is not None]
        if len(given) > 1:
            raise click.UsageError("give one of --sentences, --words, --ratio")
        kwargs["budget"] = summarise.Budget(
            sentences=kwargs.pop("sentences") or (None if given else 3),
            words=kwargs.pop("words"), ratio=kwargs.pop("ratio"))
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
@_budget_options
@click.option("--quotes", "quote_count", type=click.IntRange(0, 50), default=8,
              show_default=True, help="Key quotes in the edition.")
@click.option("--events", "event_count", type=click.IntRange(0, 100), default=12,
              show_default=True, help="Most chronology entries (the most cited win).")
@click.option("--max-bytes", type=click.IntRange(1), default=read.DEFAULT_MAX_BYTES,
              show_default=True, help="Inputs larger than this are skipped.")
@_common
def build(inputs: Path, out: Path, date: Any, title: str | None, lang: str | None,
          budget: summarise.Budget, quote_count: int, event_count: int, max_bytes: int,
          strict: bool, debug: bool) -> None:
    """Build reports/briefing-DATE.pdf (and .html, .json) from the inputs folder."""
    options = pipeline.BuildOptions(
        inputs=inputs, out=out,
        edition=EditionOptions(date=date or clock.today(), title=title, language=lang,
                               key_quotes=quote_count, chronology=event_count),
        summary=summarise.SummaryOptions(budget=budget),
        read=read.ReadOptions(max_bytes=max_bytes))
    result = _run(strict, debug, lambda: pipeline.build(options))
    click.echo(result.summary_line)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of articles.")
@_budget_options
@click.option("--max-bytes", type=click.IntRange(1), default=read.DEFAULT_MAX_BYTES,
              show_default=True, help="Inputs larger than this are skipped.")
@_common
def extract(files: tuple[Path, ...], as_json: bool, budget: summarise.Budget, max_bytes: int,
            strict: bool, debug: bool) -> None:
    """Read and analyse articles; print them (as article.schema.json with --json)."""
    def action() -> Any:
        digests, _skipped = pipeline.extract(list(files), read.ReadOptions(max_bytes=max_bytes),
                                             summarise.SummaryOptions(budget=budget))
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


@main.group(name="eval")
def eval_group() -> None:
    """Measure summaries, quotes and the chronology against references."""


@eval_group.command(name="summaries")
@click.argument("data", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--sentences", type=click.IntRange(1, 20), help="Sentences per summary (default 2).")
@click.option("--words", type=click.IntRange(1), help="Words per summary instead of sentences.")
@click.option("--limit", type=click.IntRange(1), help="Only the first N articles.")
@click.option("--dump", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the default summariser's summaries as JSONL.")
@click.option("--system", "names", multiple=True,
              help="Only this system (repeatable), e.g. 'lead-2' or 'sumy lexrank'.")
@_common
def eval_summaries(data: Path, sentences: int | None, words: int | None, limit: int | None,
                   dump: Path | None, names: tuple[str, ...], strict: bool, debug: bool) -> None:
    """ROUGE-1/2/L F1 of the default summariser, vanilla sumy and Lead-1/2/3."""
    from briefing import evaluate

    if sentences and words:
        raise click.UsageError("give --sentences or --words, not both")
    budget = summarise.Budget(sentences=None, words=words) if words else summarise.Budget(
        sentences=sentences or 2)

    def action() -> Any:
        examples = evaluate.load_examples(data, limit)
        scores = []
        for score, summaries in evaluate.evaluate(examples, budget, list(names) or None):
            scores.append(score)
            if dump and score.name == "briefing (default)":
                lines = [json.dumps({"id": key, "summary": value}, ensure_ascii=False)
                         for key, value in summaries.items()]
                from briefing.render import write_atomic
                write_atomic(dump, ("\n".join(lines) + "\n").encode("utf-8"))
        return len(examples), scores

    count, scores = _run(strict, debug, action)
    budget_text = f"{words} words" if words else f"{budget.sentences} sentences"
    click.echo(f"{count} articles of {data.name}, {budget_text} per summary, ROUGE F1 x 100\n")
    click.echo(evaluate.table(scores))


def _gold_run(gold_path: Path, articles: tuple[Path, ...]) -> tuple[Any, tuple[Any, ...]]:
    from briefing import gold

    reference = gold.load_gold(gold_path)
    digests, _skipped = pipeline.extract(list(articles), read.ReadOptions(),
                                         summarise.SummaryOptions())
    if not digests:
        raise BriefingError("no readable article among the files given")
    return reference, digests


@eval_group.command(name="quotes")
@click.argument("gold_file", metavar="GOLD.json",
                type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.argument("articles", metavar="ARTICLE...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@_common
def eval_quotes(gold_file: Path, articles: tuple[Path, ...], strict: bool, debug: bool) -> None:
    """Quote recall, precision and speaker accuracy against a gold file."""
    from briefing import gold

    def action() -> Any:
        reference, digests = _gold_run(gold_file, articles)
        rows = []
        for digest in digests:
            entry = gold.gold_for(reference, digest.article.source)
            if entry is not None:
                rows.append((digest.article.source,
                             gold.score_quotes(digest.quotes, entry.get("quotes", []))))
        if not rows:
            raise BriefingError(f"none of the articles is in {gold_file.name}")
        return rows

    rows = _run(strict, debug, action)
    click.echo("| article | recall | precision | speaker accuracy | gold full | returned full |")
    click.echo("|---|---|---|---|---|---|")
    total = gold.QuoteScore()
    for source, score in rows:
        total = total + score
        click.echo(_quote_row(Path(source).name, score))
    click.echo(_quote_row("all", total))


def _quote_row(name: str, score: Any) -> str:
    return (f"| {name} | {score.recall:.3f} | {score.precision:.3f} | "
            f"{score.speaker_accuracy:.3f} | {score.gold_full} | {score.returned_full} |")


@eval_group.command(name="chronology")
@click.argument("gold_file", metavar="GOLD.json",
                type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.argument("articles", metavar="ARTICLE...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@_common
def eval_chronology(gold_file: Path, articles: tuple[Path, ...], strict: bool,
                    debug: bool) -> None:
    """Event date precision, recall and F1 per article, overall and merged."""
    from briefing import chronology, gold

    def action() -> Any:
        reference, digests = _gold_run(gold_file, articles)
        rows = [(d.article.source, gold.score_events(d, entry)) for d in digests
                if (entry := gold.gold_for(reference, d.article.source)) is not None]
        if not rows:
            raise BriefingError(f"none of the articles is in {gold_file.name}")
        merged = None
        if reference.get("chronology_across_both"):
            entries = chronology.merge(digests, limit=1000)
            merged = (gold.score_chronology(entries, reference["chronology_across_both"]),
                      len(entries) - len({e.date.iso() for e in entries}))
        return rows, merged

    rows, merged = _run(strict, debug, action)
    click.echo("| articles | precision | recall | F1 | matched | extracted | gold |")
    click.echo("|---|---|---|---|---|---|---|")
    total = gold.DateScore()
    for source, score in rows:
        total = total + score
        click.echo(_date_row(Path(source).name, score))
    click.echo(_date_row("all", total))
    if merged:
        click.echo(_date_row("merged chronology", merged[0]))
        click.echo(f"\nmerged chronology: {merged[1]} date(s) listed more than once")


def _date_row(name: str, score: Any) -> str:
    return (f"| {name} | {score.precision:.3f} | {score.recall:.3f} | {score.f1:.3f} | "
            f"{score.matched} | {score.extracted} | {score.gold} |")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
