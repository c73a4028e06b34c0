"""The pipeline, stage by stage: read → clean → summarise → quotes → chronology → render."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from briefing import chronology, clean, dedupe, quotes, read, render, summarise
from briefing.edition import EditionOptions, assemble
from briefing.errors import InputError, NoArticlesError
from briefing.models import Article, Digest, Edition, Skipped

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build needs to know."""

    inputs: Path
    out: Path
    edition: EditionOptions
    summary: summarise.SummaryOptions = field(default_factory=summarise.SummaryOptions)
    read: read.ReadOptions = field(default_factory=read.ReadOptions)
    week: tuple[int, int] | None = None  # ISO (year, week): only articles published then
    include_undated: bool = False


@dataclass(frozen=True)
class BuildResult:
    """What a build made and what it left out."""

    edition: Edition
    outputs: render.Outputs

    @property
    def summary_line(self) -> str:
        """One line for the user: articles read, skipped, where the PDF went."""
        edition = self.edition
        return (f"{len(edition.digests)} articles read, {len(edition.skipped)} skipped: "
                f"{self.outputs.pdf}")


def build(options: BuildOptions) -> BuildResult:
    """Build the edition from a folder of inputs and write its PDF, HTML and JSON."""
    edition = make_edition(options)
    outputs = render.write_edition(edition, options.out)
    return BuildResult(edition=edition, outputs=outputs)


def make_edition(options: BuildOptions) -> Edition:
    """Read, clean and analyse the inputs and assemble the edition (nothing written)."""
    paths = read.list_inputs(options.inputs)
    digests, skipped = extract(paths, options.read, options.summary)
    if options.week:
        digests, left_out = select_week(digests, options.week, options.include_undated)
        skipped += left_out
    if not digests:
        raise NoArticlesError(f"no readable article in {options.inputs} "
                              f"({len(skipped)} files skipped); no PDF written")
    return assemble(digests, skipped, options.edition)


def select_week(digests: tuple[Digest, ...], week: tuple[int, int],
                include_undated: bool) -> tuple[tuple[Digest, ...], tuple[Skipped, ...]]:
    """Keep the articles published in an ISO week; undated ones only when asked."""
    label = f"{week[0]}-W{week[1]:02d}"
    kept: list[Digest] = []
    left_out: list[Skipped] = []
    for digest in digests:
        published = digest.article.published
        if published is None:
            if include_undated:
                kept.append(digest)
                continue
            log.warning("%s: undated, left out of week %s (--include-undated keeps it)",
                        digest.article.source, label)
            left_out.append(Skipped(digest.article.source, f"undated, left out of {label}"))
        elif tuple(published.isocalendar())[:2] == week:
            kept.append(digest)
        else:
            left_out.append(Skipped(digest.article.source,
                                    f"published {published.isoformat()}, outside {label}"))
    return tuple(kept), tuple(left_out)


def extract(paths: list[Path], read_options: read.ReadOptions,
            summary_options: summarise.SummaryOptions) -> tuple[tuple[Digest, ...],
                                                                 tuple[Skipped, ...]]:
    """Read, clean and analyse each input; a bad input is skipped with a warning."""
    articles, skipped = load_articles(paths, read_options)
    return tuple(analyse(article, summary_options) for article in articles), skipped


def load_articles(paths: list[Path], options: read.ReadOptions) -> tuple[list[Article],
                                                                        tuple[Skipped, ...]]:
    """Read and clean every input, isolating failures per input."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for path in paths:
        try:
            batch = read.read_path(path, options)
        except InputError as exc:
            skipped.append(_skip(exc))
            continue
        skipped.extend(_skip(failure) for failure in batch.failures)
        for document in batch.documents:
            try:
                articles.append(clean.clean(document))
            except InputError as exc:
                skipped.append(_skip(exc))
    articles, duplicates = dedupe.drop_duplicates(articles)
    skipped.extend(duplicates)
    for article in articles:
        for warning in article.warnings:
            log.warning("%s: %s", article.source, warning)
    return articles, tuple(skipped)


def _skip(error: InputError) -> Skipped:
    log.warning("skipped %s: %s", error.source, error.reason)
    return Skipped(source=error.source, reason=error.reason)


def analyse(article: Article, summary_options: summarise.SummaryOptions) -> Digest:
    """Run the analysis stages on one article."""
    summary = summarise.summarise(article, summary_options)
    for warning in summary.warnings:
        log.warning("%s: %s", article.source, warning)
    chronicle = chronology.find_events(article)
    for warning in chronicle.warnings:
        log.warning("%s: %s", article.source, warning)
    return Digest(article=article, summary=summary.sentences,
                  quotes=quotes.find_quotes(article), events=chronicle.events,
                  warnings=summary.warnings + chronicle.warnings)
