"""Extractive summaries with sumy: whole sentences of the article, in the article's order.

Only body sentences are candidates: headings, captions, quotations set off as
their own block and sentences that introduce a list or a quotation are left out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from briefing import language
from briefing.models import Article

log = logging.getLogger(__name__)

MIN_WORDS = 6
MAX_CANDIDATES = 400


def sumy_methods() -> Mapping[str, Callable[..., Any]]:
    """Return sumy's summarisers by name."""
    return {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer,
            "lsa": LsaSummarizer, "luhn": LuhnSummarizer, "sumbasic": SumBasicSummarizer,
            "kl": KLSummarizer}


@dataclass(frozen=True)
class SummaryOptions:
    """How long summaries are and which method picks their sentences."""

    sentences: int = 3
    method: str = "lexrank"


@dataclass(frozen=True)
class Summary:
    """The sentences chosen for an article and what a reviewer should know about them."""

    sentences: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def summarise(article: Article, options: SummaryOptions) -> Summary:
    """Pick the article's most central body sentences with sumy."""
    lang = language.supported(article.language)
    paragraphs = candidate_paragraphs(article)
    candidates = [s for paragraph in paragraphs for s in paragraph]
    if not candidates:
        return Summary((), ("no sentence to summarise: the article has no running text",))
    warnings: list[str] = []
    if len(candidates) > MAX_CANDIDATES:
        warnings.append(f"summary chosen among the first {MAX_CANDIDATES} of "
                        f"{len(candidates)} sentences")
        paragraphs = _truncate(paragraphs, MAX_CANDIDATES)
    count = summary_length(len(candidates), options.sentences)
    chosen = pick_sentences(paragraphs, lang, count, options.method)
    return Summary(tuple(chosen), tuple(warnings))


def summary_length(candidates: int, wanted: int) -> int:
    """Shorter summaries for short articles: about one sentence in four, at most ``wanted``."""
    return max(1, min(wanted, (candidates + 3) // 4))


def candidate_paragraphs(article: Article) -> list[list[str]]:
    """Return the article's body sentences that may stand in a summary, by paragraph."""
    paragraphs: list[list[str]] = []
    for block in article.blocks:
        if not block.is_body:
            continue
        sentences = [s for s in language.split_sentences(block.text, article.language)
                     if _is_candidate(s)]
        if sentences:
            paragraphs.append(sentences)
    return paragraphs


def _is_candidate(sentence: str) -> bool:
    if sentence.rstrip().endswith(":"):
        return False  # it introduces a list or a quotation and means little alone
    return len(language.words(sentence)) >= MIN_WORDS and any(c.isalpha() for c in sentence)


def _truncate(paragraphs: list[list[str]], limit: int) -> list[list[str]]:
    kept: list[list[str]] = []
    total = 0
    for paragraph in paragraphs:
        if total >= limit:
            break
        kept.append(paragraph[: limit - total])
        total += len(kept[-1])
    return kept


def pick_sentences(paragraphs: Sequence[Sequence[str]], lang: str, count: int,
                   method: str) -> list[str]:
    """Run a sumy method over the paragraphs and return its sentences in article order."""
    tokenizer = language.SumyTokenizer(lang)
    document = ObjectDocumentModel(tuple(
        Paragraph(tuple(Sentence(text, tokenizer) for text in paragraph))
        for paragraph in paragraphs))
    summarizer = sumy_methods()[method](language.stemmer(lang))
    summarizer.stop_words = language.stop_words(lang)
    return [str(sentence) for sentence in summarizer(document, count)]
