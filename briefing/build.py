"""The pipeline, stage by stage: read → clean → dedupe → select → analyse → assemble → render."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefing import (cache, chronology, clean, dedupe, edition, executor, quotes, read,
                      render, summarise)
from briefing.errors import InputError, NoArticlesError
from briefing.models import Article, Digest, Edition, RawDocument, Skipped
from briefing.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build needs to know."""

    inputs: Path
    out: Path
    edition: edition.EditionOptions
    summary: summarise.SummaryOptions = field(default_factory=summarise.SummaryOptions)
    read: read.ReadOptions = field(default_factory=read.ReadOptions)
    week: tuple[int, int] | None = None  # ISO (year, week): only articles published then
    include_undated: bool = False
    run: executor.RunOptions = field(default_factory=executor.RunOptions)
    cache: bool = False  # keep each article's analysis beside the reports

    @classmethod
    def from_settings(cls, settings: Settings, date: dt.date,
                      budget: summarise.Budget | None = None,
                      week: tuple[int, int] | None = None,
                      include_undated: bool = False) -> BuildOptions:
        """The build that settings (with the command line applied) describe."""
        chosen = settings.edition
        return cls(
            inputs=settings.inputs, out=settings.reports,
            edition=edition.EditionOptions(
                date=date, title=chosen.title,
                language=None if chosen.language == "auto" else chosen.language,
                key_quotes=chosen.quotes, chronology=chosen.events, overview=chosen.overview),
            summary=summarise.SummaryOptions(
                budget=budget or summarise.Budget(sentences=chosen.sentences)),
            read=read.ReadOptions(max_bytes=settings.max_bytes), week=week,
            include_undated=include_undated,
            run=executor.RunOptions(workers=settings.run.workers,
                                    executor=settings.run.executor),
            cache=settings.run.cache)


@dataclass(frozen=True)
class BuildResult:
    """What a build made and what it left out."""

    edition: Edition
    outputs: render.Outputs

    @property
    def log_file(self) -> Path:
        """Where the run's warnings are written when there are many."""
        return self.outputs.pdf.with_suffix(".log")

    @property
    def summary_line(self) -> str:
        """One line for the user: articles read, skipped, where the PDF went."""
        made = self.edition
        return f"{len(made.digests)} articles read, {len(made.skipped)} skipped: {self.outputs.pdf}"


def build(options: BuildOptions) -> BuildResult:
    """Build the edition from a folder of inputs and write its PDF, HTML and JSON."""
    made = make_edition(options)
    outputs = render.write_edition(made, options.out)
    return BuildResult(edition=made, outputs=outputs)


def make_edition(options: BuildOptions) -> Edition:
    """Every stage but rendering, in order: the edition, nothing written."""
    paths = read.list_inputs(options.inputs)
    documents, unread = read_all(paths, replace(options.read, root=options.inputs))
    articles, unclean = clean_all(documents)
    articles, duplicates = dedupe.drop_duplicates(articles)
    articles, left_out = select_week(articles, options.week, options.include_undated)
    digests, failed = analyse_all(articles, options.summary, options.run,
                                  cache.Cache.beside(options.out) if options.cache else None)
    skipped = unread + unclean + tuple(duplicates) + left_out + failed
    if not digests:
        raise NoArticlesError(f"no readable article in {options.inputs} "
                              f"({len(skipped)} files skipped); no PDF written")
    return edition.assemble(digests, skipped, options.edition)


def extract(paths: list[Path], read_options: read.ReadOptions,
            summary_options: summarise.SummaryOptions) -> tuple[tuple[Digest, ...],
                                                                tuple[Skipped, ...]]:
    """Read, clean and analyse the given files (no week, no edition)."""
    documents, unread = read_all(paths, read_options)
    articles, unclean = clean_all(documents)
    articles, duplicates = dedupe.drop_duplicates(articles)
    digests, failed = analyse_all(articles, summary_options)
    return digests, unread + unclean + tuple(duplicates) + failed


def read_all(paths: list[Path], options: read.ReadOptions) -> tuple[list[RawDocument],
                                                                   tuple[Skipped, ...]]:
    """Read every input; a bad input (or a bad part of one) is skipped with a warning."""
    documents: list[RawDocument] = []
    skipped: list[Skipped] = []
    for path in paths:
        try:
            batch = read.read_path(path, options)
        except InputError as exc:
            skipped.append(_skip(exc))
            continue
        skipped.extend(_skip(failure) for failure in batch.failures)
        documents.extend(batch.documents)
    return documents, tuple(skipped)


def clean_all(documents: list[RawDocument]) -> tuple[list[Article], tuple[Skipped, ...]]:
    """Clean every document into an article; one with no text left is skipped."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for document in documents:
        try:
            article = clean.clean(document)
        except InputError as exc:
            skipped.append(_skip(exc))
            continue
        for warning in article.warnings:
            log.warning("%s: %s", article.source, warning)
        articles.append(article)
    return articles, tuple(skipped)


def select_week(articles: list[Article], week: tuple[int, int] | None,
                include_undated: bool) -> tuple[list[Article], tuple[Skipped, ...]]:
    """Keep the articles published in an ISO week (all of them without a week);
    undated ones only when asked."""
    if week is None:
        return articles, ()
    label = f"{week[0]}-W{week[1]:02d}"
    kept: list[Article] = []
    left_out: list[Skipped] = []
    for article in articles:
        published = article.published
        if published is None and include_undated:
            kept.append(article)
        elif published is None:
            log.warning("%s: undated, left out of week %s (--include-undated keeps it)",
                        article.source, label)
            left_out.append(Skipped(article.source, f"undated, left out of {label}"))
        elif tuple(published.isocalendar())[:2] == week:
            kept.append(article)
        else:
            left_out.append(Skipped(article.source,
                                    f"published {published.isoformat()}, outside {label}"))
    return kept, tuple(left_out)


def _skip(error: InputError) -> Skipped:
    log.warning("skipped %s: %s", error.source, error.reason)
    return Skipped(source=error.source, reason=error.reason)


def analyse_all(articles: list[Article], summary_options: summarise.SummaryOptions,
                run: executor.RunOptions | None = None, store: cache.Cache | None = None,
                ) -> tuple[tuple[Digest, ...], tuple[Skipped, ...]]:
    """Analyse every article: from the cache when it holds the article's analysis, the
    rest mapped over the executor (in order, so the result is the same whatever runs
    it). An article that breaks an analysis stage (a fault of briefing, met on text
    nobody foresaw) is skipped with a warning: one input never stops the edition."""
    keys = [cache.key(article, summary_options) for article in articles] if store else []
    found: dict[int, Digest | Skipped] = {}
    if store:
        for index, article in enumerate(articles):
            hit = store.get(keys[index], article)
            if hit is not None:
                found[index] = hit
    todo = [i for i in range(len(articles)) if i not in found]
    log.debug("%d articles from the cache, %d to analyse", len(found), len(todo))
    results = executor.run_map(_analyse_safely, [(articles[i], summary_options) for i in todo],
                               run or executor.RunOptions(workers=1))
    for index, result in zip(todo, results, strict=True):
        found[index] = result
        if store and isinstance(result, Digest):
            store.put(keys[index], result)
    digests: list[Digest] = []
    failed: list[Skipped] = []
    for index in range(len(articles)):
        result = found[index]
        if isinstance(result, Skipped):
            log.warning("skipped %s: %s", result.source, result.reason)
            failed.append(result)
            continue
        for warning in result.warnings:
            log.warning("%s: %s", result.article.source, warning)
        digests.append(result)
    return tuple(digests), tuple(failed)


def _analyse_safely(item: tuple[Article, summarise.SummaryOptions]) -> Digest | Skipped:
    article, summary_options = item
    try:
        return analyse(article, summary_options)
    except (ArithmeticError, LookupError, ValueError, TypeError, RecursionError,
            MemoryError) as exc:
        log.debug("analysis of %s failed", article.source, exc_info=True)
        return Skipped(article.source, f"could not be analysed (internal error "
                                       f"{type(exc).__name__}: please report it)")


def analyse(article: Article, summary_options: summarise.SummaryOptions) -> Digest:
    """Run the analysis stages on one article: summary, quotes, dated events."""
    summary = summarise.summarise(article, summary_options)
    chronicle = chronology.find_events(article)
    return Digest(article=article, summary=summary.sentences,
                  quotes=quotes.find_quotes(article), events=chronicle.events,
                  warnings=summary.warnings + chronicle.warnings)
