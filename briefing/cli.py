"""The command line: parse options, load settings, call one library function, report.

Options come from the table in ``options.py``; what a command does lives in the
library (``build``, ``workflow``, ``evaluate``, ``gold``). Errors of the
``BriefingError`` family become one ``error: ...`` line (exit 1); ``--debug`` shows
the traceback.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from briefing import __version__, clock, options
from briefing.errors import BriefingError

log = logging.getLogger("briefing")


SHOWN_WARNINGS = 12  # beyond, warnings are counted by kind and written to a log file


class _CountingHandler(logging.Handler):
    """Prints library log records as one-line messages and counts warnings; past
    SHOWN_WARNINGS (unless --debug) it keeps them for the run's summary."""

    def __init__(self, debug: bool) -> None:
        super().__init__(logging.DEBUG if debug else logging.INFO)
        self.debug = debug
        self.lines: list[str] = []

    @property
    def warnings(self) -> int:
        return len(self.lines)

    def emit(self, record: logging.LogRecord) -> None:
        line = f"{record.levelname.lower()}: {record.getMessage()}"
        if record.levelno >= logging.WARNING:
            self.lines.append(line)
            if self.debug or len(self.lines) <= SHOWN_WARNINGS:
                click.echo(line, err=True)
        elif self.level <= logging.DEBUG:
            click.echo(line, err=True)

    def summary(self, log_file: Path | None) -> None:
        """The warnings not shown, counted by kind; all of them in ``log_file``."""
        if self.debug or len(self.lines) <= SHOWN_WARNINGS:
            return
        kinds = Counter(_kind(line) for line in self.lines[SHOWN_WARNINGS:])
        listed = "; ".join(f"{n} × {kind}" for kind, n in kinds.most_common(6))
        where = ""
        if log_file is not None:
            try:
                log_file.write_text("\n".join(self.lines) + "\n", encoding="utf-8")
                where = f"; all {len(self.lines)} in {log_file}"
            except OSError:
                pass
        click.echo(f"warning: {len(self.lines) - SHOWN_WARNINGS} more warnings: {listed}"
                   f"{'; …' if len(kinds) > 6 else ''}{where}", err=True)


def _kind(line: str) -> str:
    """What a warning says, without the file it names: "no publication date found"."""
    text = line.split(": ", 1)[-1]
    if text.startswith("skipped "):
        return "skipped: " + text.split(": ", 2)[-1]
    return re.sub(r"\d+", "N", text.split(": ", 1)[-1])[:80]


class Failure(click.ClickException):
    """A failed command: shown as one "error: ..." line, exit status 1."""

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def _run(strict: bool, debug: bool, action: Callable[[], Any]) -> Any:
    """Run a library call, turning its errors into one line and counting its warnings."""
    handler = _CountingHandler(debug)
    log.addHandler(handler)
    log.setLevel(logging.DEBUG if debug else logging.INFO)
    result: Any = None
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
        handler.summary(getattr(result, "log_file", None))
    if strict and handler.warnings:
        raise Failure(f"{handler.warnings} warnings, and --strict is on")
    return result


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


def _stack(*decorators: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Apply click decorators in the order written (the first is the first in --help)."""
    def apply(command: Any) -> Any:
        for decorator in reversed(decorators):
            command = decorator(command)
        return command
    return apply


_common = _stack(
    click.option("--strict", is_flag=True, help="Fail (exit 1) when there is any warning."),
    click.option("--debug", is_flag=True, help="Show tracebacks and debug messages."))
_config = click.option("--config", type=click.Path(path_type=Path, dir_okay=False),
                       help="Settings file (default: briefing.toml in the current folder).")
_date = click.option("--date", "date", callback=_parsed(clock.parse_date),
                     metavar="YYYY-MM-DD", help="Edition date (default: today, or "
                     "SOURCE_DATE_EPOCH).")
_budget = _stack(
    options.click_option("edition.sentences"),
    click.option("--words", type=click.IntRange(1), default=None,
                 help="Most words per summary, instead of sentences."),
    click.option("--ratio", type=click.FloatRange(0, 1, min_open=True), default=None,
                 help="Share of the article's sentences, instead of a count."))
_edition_options = _stack(
    _config, options.click_option("paths.inputs", type=click.Path(path_type=Path)),
    options.click_option("paths.reports", type=click.Path(path_type=Path)), _date,
    options.click_option("edition.title"), options.click_option("edition.language"), _budget,
    options.click_option("edition.quotes"), options.click_option("edition.events"),
    options.click_option("paths.max_bytes"), options.click_option("run.workers"),
    click.option("--cache/--no-cache", "cache", default=None,
                 help="Reuse each unchanged article's analysis from reports/.cache "
                      "(default: on)."))
_edition_folder = _stack(
    _config, options.click_option("paths.reports", type=click.Path(path_type=Path),
                                  help="Folder of the edition (default reports)."))


def _settings(config: Path | None, **given: Any) -> Any:
    from briefing import settings

    return settings.with_overrides(settings.load(config, Path.cwd()), **given)


def _build_options(config: Path | None, date: Any, sentences: int | None,
                   words: int | None, ratio: float | None, week: Any = None,
                   include_undated: bool = False, **given: Any) -> Any:
    from briefing import build as pipeline, summarise

    chosen = _settings(config, sentences=sentences, **given)
    budget = summarise.Budget.given(sentences, words, ratio, chosen.edition.sentences)
    return pipeline.BuildOptions.from_settings(chosen, date or clock.today(), budget, week,
                                               include_undated)


def _files(config: Path | None, reports: Path | None, date: Any) -> Any:
    from briefing import workflow

    chosen = _settings(config, reports=reports)
    return chosen, workflow.EditionFiles(chosen.reports, (date or clock.today()).isoformat())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
def main() -> None:
    """Turn a week's news articles into a dated PDF briefing."""


@main.command()
@_edition_options
@click.option("--final", is_flag=True,
              help="Render the reviewed draft of --date (after briefing draft and review).")
@_common
def build(config: Path | None, date: Any, final: bool, strict: bool, debug: bool,
          **given: Any) -> None:
    """Build reports/briefing-DATE.pdf (and .html, .json) from the inputs folder."""
    from briefing import build as pipeline, workflow

    if final:
        outputs = _run(strict, debug, lambda: workflow.final(
            _files(config, given["reports"], date)[1]))
        click.echo(f"final edition: {outputs.pdf}")
        return
    result = _run(strict, debug, lambda: pipeline.build(_build_options(config, date, **given)))
    click.echo(result.summary_line)


@main.command()
@_edition_options
@click.option("--week", callback=_parsed(clock.parse_week), metavar="YYYY-Www",
              help="Only articles published in this ISO week.")
@click.option("--include-undated", is_flag=True, help="With --week, keep undated articles.")
@_common
def draft(config: Path | None, date: Any, strict: bool, debug: bool, **given: Any) -> None:
    """Draft the edition and write (or update) its review file and preview."""
    from briefing import build as pipeline, workflow

    def action() -> Any:
        chosen = _build_options(config, date, **given)
        return workflow.draft(pipeline.make_edition(chosen), chosen.out)

    result = _run(strict, debug, action)
    click.echo(f"{len(result.edition.digests)} articles drafted, "
               f"{len(result.edition.skipped)} left out; review {result.files.review} "
               f"(new: {result.new}, gone: {result.gone}); preview {result.files.preview}")


@main.command()
@_edition_folder
@click.option("--date", "date", callback=_parsed(clock.parse_date), metavar="YYYY-MM-DD",
              required=True, help="The edition to approve.")
@click.option("--by", "approver", required=True, help="Who approves it.")
@_common
def approve(config: Path | None, reports: Path | None, date: Any, approver: str, strict: bool,
            debug: bool) -> None:
    """Approve the final edition and its recipient list for sending."""
    from briefing import workflow

    def action() -> Any:
        chosen, files = _files(config, reports, date)
        return workflow.approve(files, approver, chosen.mail.recipients)

    record = _run(strict, debug, action)
    click.echo(f"edition {record['edition']} approved by {record['approved_by']} for "
               f"{record['recipients']} recipients")
    if record["history"]:
        last = record["history"][-1]
        click.echo(f"(it replaces the approval by {last['approved_by']} of "
                   f"{last['approved_at']}; {len(record['history'])} earlier approvals are "
                   "kept in the approval file)")


@main.command()
@_edition_folder
@click.option("--date", "date", callback=_parsed(clock.parse_date), metavar="YYYY-MM-DD",
              help="The edition (default: today).")
@_common
def status(config: Path | None, reports: Path | None, date: Any, strict: bool,
           debug: bool) -> None:
    """Show an edition's state: drafted, edited, approved, sent to n of m."""
    from briefing import workflow

    def action() -> Any:
        chosen, files = _files(config, reports, date)
        return files, workflow.status(files, chosen.mail.recipients)

    files, state = _run(strict, debug, action)
    for line in state.lines(files.date):
        click.echo(line)


@main.command()
@_edition_folder
@click.option("--date", "date", callback=_parsed(clock.parse_date), metavar="YYYY-MM-DD",
              help="The edition to review (default: today).")
@click.option("--port", type=click.IntRange(0, 65535), default=0,
              help="Port on 127.0.0.1 (default: a free one).")
@click.option("--no-browser", is_flag=True, help="Print the address; do not open a browser.")
@_common
def review(config: Path | None, reports: Path | None, date: Any, port: int, no_browser: bool,
           strict: bool, debug: bool) -> None:
    """Review the draft in a browser: trace each line to its article, edit, save."""
    from briefing import server

    def action() -> Any:
        chosen, files = _files(config, reports, date)
        return server.ReviewServer(files, port, chosen.mail.recipients)

    served = _run(strict, debug, action)
    click.echo(f"reviewing at {served.url}  (Ctrl-C to stop)")
    if not no_browser:
        import webbrowser

        webbrowser.open(served.url)
    try:
        served.serve()
    except KeyboardInterrupt:
        pass
    finally:
        served.stop()


@main.command()
@_edition_folder
@click.option("--date", "date", callback=_parsed(clock.parse_date), metavar="YYYY-MM-DD",
              required=True, help="The edition to send.")
@click.option("--dry-run", is_flag=True, help="Write the .eml files instead of sending.")
@click.option("--resend-unknown", is_flag=True,
              help="Send again to recipients whose delivery is unknown.")
@click.option("--mark-sent", "mark_sent", multiple=True, metavar="ADDRESS",
              help="Record an unknown delivery as arrived (checked with the recipient); "
                   "nothing is sent. Repeatable.")
@_common
def send(config: Path | None, reports: Path | None, date: Any, dry_run: bool,
         resend_unknown: bool, mark_sent: tuple[str, ...], strict: bool, debug: bool) -> None:
    """E-mail the approved edition, once per recipient."""
    from briefing import workflow

    def action() -> Any:
        chosen, files = _files(config, reports, date)
        if mark_sent:
            return workflow.mark_sent(files, chosen.mail, mark_sent)
        return workflow.send(files, chosen.mail, dry_run, resend_unknown)

    result = _run(strict, debug, action)
    if mark_sent:
        click.echo(f"marked sent: {', '.join(result)}")
        return
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
@_budget
@options.click_option("paths.max_bytes")
@_common
def extract(files: tuple[Path, ...], as_json: bool, sentences: int | None, words: int | None,
            ratio: float | None, max_bytes: int | None, strict: bool, debug: bool) -> None:
    """Read and analyse articles; print them (as article.schema.json with --json)."""
    from briefing import build as pipeline, read, summarise

    def action() -> Any:
        budget = summarise.Budget.given(sentences, words, ratio,
                                        options.default("edition.sentences"))
        digests, _skipped = pipeline.extract(
            list(files), read.ReadOptions(max_bytes=max_bytes or read.DEFAULT_MAX_BYTES),
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
    """ROUGE-1/2/L F1 of the default summariser, vanilla sumy and Lead-k."""
    from briefing import evaluate, summarise

    if sentences and words:
        raise click.UsageError("give --sentences or --words, not both")
    budget = summarise.Budget(sentences=None, words=words) if words else summarise.Budget(
        sentences=sentences or 2)
    count, scores = _run(strict, debug, lambda: evaluate.run(data, budget, limit, names, dump))
    budget_text = f"{words} words" if words else f"{budget.sentences} sentences"
    click.echo(f"{count} articles of {data.name}, {budget_text} per summary, ROUGE F1 x 100\n")
    click.echo(evaluate.table(scores))


_gold_arguments = click.argument("arguments", metavar="GOLD.json ARTICLE... | DEVSET...",
                                 nargs=-1, required=True,
                                 type=click.Path(path_type=Path, exists=True))


@eval_group.command(name="quotes")
@_gold_arguments
@click.option("--by-rule", is_flag=True, help="Also a row per finder and attribution rule.")
@click.option("--per-article", is_flag=True, help="Also a row per article.")
@_common
def eval_quotes(arguments: tuple[Path, ...], by_rule: bool, per_article: bool, strict: bool,
                debug: bool) -> None:
    """Quote recall, precision and speaker accuracy against gold (a gold file and its
    articles, or dev-set folders holding gold.json)."""
    from briefing import gold

    for line in _run(strict, debug, lambda: gold.quote_report(arguments, by_rule,
                                                               per_article)):
        click.echo(line)


@eval_group.command(name="chronology")
@_gold_arguments
@click.option("--per-article", is_flag=True, help="Also a row per article.")
@_common
def eval_chronology(arguments: tuple[Path, ...], per_article: bool, strict: bool,
                    debug: bool) -> None:
    """Event-date precision, recall and F1 against gold, overall and merged."""
    from briefing import gold

    for line in _run(strict, debug, lambda: gold.chronology_report(arguments, per_article)):
        click.echo(line)
