"""The command line: load options, call one library function per command, report."""

from __future__ import annotations

import functools
import json
import logging
import sys
from pathlib import Path
from typing import Any
from collections.abc import Callable

import click

from briefing import __version__, build as pipeline, clock, read, summarise, workflow
from briefing import settings as settings_module
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
        kwargs["budget"] = summarise.Budget(sentences=kwargs.pop("sentences"),
                                            words=kwargs.pop("words"), ratio=kwargs.pop("ratio"))
        return command(*args, **kwargs)
    return wrapper


def _parsed(parse: Callable[[str], Any]) -> Callable[[Any, Any, str | None], Any]:
    """A click callback that parses a value with ``parse``; its errors are usage errors."""
    def callback(_ctx: Any, _param: Any, value: str | None) -> Any:
        if value is None:
            return None
        try:
            return parse(value)
        except BriefingError as exc:
            raise click.BadParameter(str(exc)) from exc
    return callback


_date = _parsed(clock.parse_date)
_week = _parsed(clock.parse_week)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
def main() -> None:
    """Turn a week's news articles into a dated PDF briefing."""


def _settings(config: Path | None, **given: Any) -> settings_module.Settings:
    loaded = settings_module.load(config, Path.cwd())
    return settings_module.with_overrides(loaded, **given)


def _build_options(config: Path | None, inputs: Path | None, out: Path | None, date: Any,
                   title: str | None, lang: str | None, budget: summarise.Budget,
                   quote_count: int | None, event_count: int | None, max_bytes: int | None,
                   week: tuple[int, int] | None = None,
                   include_undated: bool = False) -> pipeline.BuildOptions:
    settings = _settings(config, inputs=inputs, reports=out, max_bytes=max_bytes, title=title,
                         language=lang, quotes=quote_count, events=event_count)
    edition = settings.edition
    if budget.sentences is None and budget.words is None and budget.ratio is None:
        budget = summarise.Budget(sentences=edition.sentences)
    return pipeline.BuildOptions(
        inputs=settings.inputs, out=settings.reports,
        edition=EditionOptions(date=date or clock.today(), title=edition.title,
                               language=None if edition.language == "auto" else edition.language,
                               key_quotes=edition.quotes, chronology=edition.events),
        summary=summarise.SummaryOptions(budget=budget),
        read=read.ReadOptions(max_bytes=settings.max_bytes), week=week,
        include_undated=include_undated)


def _edition_options(command: Callable[..., Any]) -> Callable[..., Any]:
    @click.option("--config", type=click.Path(path_type=Path, dir_okay=False),
                  help="Settings file (default: briefing.toml in the current folder).")
    @click.option("--inputs", type=click.Path(path_type=Path), default=None,
                  help="Folder of input articles (default: inputs/ beside the settings).")
    @click.option("--out", type=click.Path(path_type=Path), default=None,
                  help="Folder the edition is written to (default: reports/).")
    @click.option("--date", "date", callback=_date, metavar="YYYY-MM-DD",
                  help="Edition date (default: today, or SOURCE_DATE_EPOCH).")
    @click.option("--title", help="Edition title (default: a title in the report's language).")
    @click.option("--lang", type=click.Choice(["fr", "en"]),
                  help="Report language (default: the majority language of the articles).")
    @_budget_options
    @click.option("--quotes", "quote_count", type=click.IntRange(0, 50), default=None,
                  help="Key quotes in the edition (default 8).")
    @click.option("--events", "event_count", type=click.IntRange(0, 100), default=None,
                  help="Most chronology entries, the most cited winning (default 12).")
    @click.option("--max-bytes", type=click.IntRange(1), default=None,
                  help="Inputs larger than this are skipped (default 5 MB).")
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return command(*args, **kwargs)
    return wrapper


@main.command()
@_edition_options
@click.option("--final", is_flag=True,
              help="Render the reviewed draft of --date (after briefing draft and review).")
@_common
def build(config: Path | None, inputs: Path | None, out: Path | None, date: Any,
          title: str | None, lang: str | None, budget: summarise.Budget,
          quote_count: int | None, event_count: int | None, max_bytes: int | None,
          final: bool, strict: bool, debug: bool) -> None:
    """Build reports/briefing-DATE.pdf (and .html, .json) from the inputs folder."""
    if final:
        def action() -> Any:
            settings = _settings(config, reports=out)
            files = workflow.EditionFiles(settings.reports, (date or clock.today()).isoformat())
            return workflow.final(files)

        outputs = _run(strict, debug, action)
        click.echo(f"final edition: {outputs.pdf}")
        return
    options = _run(strict, debug, lambda: _build_options(
        config, inputs, out, date, title, lang, budget, quote_count, event_count, max_bytes))
    result = _run(strict, debug, lambda: pipeline.build(options))
    click.echo(result.summary_line)


def _edition_folder(command: Callable[..., Any]) -> Callable[..., Any]:
    """--config and --out, for the commands that work on an existing edition."""
    @click.option("--config", type=click.Path(path_type=Path, dir_okay=False),
                  help="Settings file (default: briefing.toml in the current folder).")
    @click.option("--out", type=click.Path(path_type=Path), default=None,
                  help="Folder of the edition (default: reports/).")
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return command(*args, **kwargs)
    return wrapper




@main.command()
@_edition_options
@click.option("--week", callback=_week, metavar="YYYY-Www",
              help="Only articles published in this ISO week.")
@click.option("--include-undated", is_flag=True, help="With --week, keep undated articles.")
@_common
def draft(config: Path | None, inputs: Path | None, out: Path | None, date: Any,
          title: str | None, lang: str | None, budget: summarise.Budget,
          quote_count: int | None, event_count: int | None, max_bytes: int | None,
          week: tuple[int, int] | None, include_undated: bool, strict: bool,
          debug: bool) -> None:
    """Draft the edition and write (or update) its review file and preview."""
    def action() -> Any:
        options = _build_options(config, inputs, out, date, title, lang, budget, quote_count,
                                 event_count, max_bytes, week, include_undated)
        return workflow.draft(pipeline.make_edition(options), options.out)

    result = _run(strict, debug, action)
    edition = result.edition
    click.echo(f"{len(edition.digests)} articles drafted, {len(edition.skipped)} left out; "
               f"review {result.files.review} (new: {result.new}, gone: {result.gone}); "
               f"preview {result.files.preview}")


@main.command()
@_edition_folder
@click.option("--date", "date", callback=_date, metavar="YYYY-MM-DD", required=True,
              help="The edition to approve.")
@click.option("--by", "approver", required=True, help="Who approves it.")
@_common
def approve(config: Path | None, out: Path | None, date: Any, approver: str, strict: bool,
            debug: bool) -> None:
    """Approve the final edition and its recipient list for sending."""
    def action() -> Any:
        settings = _settings(config, reports=out)
        files = workflow.EditionFiles(settings.reports, date.isoformat())
        return workflow.approve(files, approver, settings.mail.recipients)

    record = _run(strict, debug, action)
    click.echo(f"edition {record['edition']} approved by {record['approved_by']} for "
               f"{record['recipients']} recipients")


@main.command()
@_edition_folder
@click.option("--date", "date", callback=_date, metavar="YYYY-MM-DD",
              help="The edition (default: today).")
@_common
def status(config: Path | None, out: Path | None, date: Any, strict: bool, debug: bool) -> None:
    """Show an edition's state: drafted, edited, approved, sent to n of m."""
    day = (date or clock.today()).isoformat()

    def action() -> Any:
        settings = _settings(config, reports=out)
        files = workflow.EditionFiles(settings.reports, day)
        return workflow.status(files, settings.mail.recipients)

    for line in _run(strict, debug, action).lines(day):
        click.echo(line)


@main.command()
@_edition_folder
@click.option("--date", "date", callback=_date, metavar="YYYY-MM-DD", required=True,
              help="The edition to send.")
@click.option("--dry-run", is_flag=True, help="Write the .eml files instead of sending.")
@click.option("--resend-unknown", is_flag=True,
              help="Send again to recipients whose delivery is unknown.")
@_common
def send(config: Path | None, out: Path | None, date: Any, dry_run: bool,
         resend_unknown: bool, strict: bool, debug: bool) -> None:
    """E-mail the approved edition, once per recipient."""
    from briefing import mail
    from briefing.ledger import Ledger

    def action() -> Any:
        settings = _settings(config, reports=out)
        files = workflow.EditionFiles(settings.reports, date.isoformat())
        edition = workflow.reviewed_edition(files)
        mail.check_headers(settings.mail, files.date)
        if dry_run:
            return mail.write_outbox(edition, files.final.pdf, settings.mail, files.outbox)
        problem = workflow.approval_problem(files, settings.mail.recipients)
        if problem:
            raise BriefingError(f"not sent: {problem}")
        with Ledger(files.ledger) as ledger:
            return mail.send(edition, files.final.pdf, settings.mail, ledger, resend_unknown)

    result = _run(strict, debug, action)
    if dry_run:
        click.echo(f"{len(result)} messages written to {result[0].parent}" if result else
                   "no message written")
        return
    click.echo(f"sent {len(result.sent)}, already done {len(result.already)}, failed "
               f"{len(result.failed)}, unknown {len(result.unknown)} (of {result.total})")
    if result.failed or result.unknown:
        raise Failure(f"{len(result.failed) + len(result.unknown)} recipients not served; "
                      "see the warnings above and briefing status")


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
    if budget.sentences is None and budget.words is None and budget.ratio is None:
        budget = summarise.Budget()

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
            click.echo(f"  - {sentence.text}")


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
