"""Extractive summaries: whole sentences of the article, in the article's order.

The default method scores sentences with a learned model (``scoring``) and
picks the best ones with redundancy control (MMR); every vanilla sumy method
stays available by name and is measured against it by ``briefing eval
summaries``. Only body sentences are candidates: headings, captions, bylines,
quotations set off as their own block and sentences that introduce a list or a
quotation are left out; bullet items are used only when prose runs short.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from collections.abc import Callable, Mapping, Sequence

import numpy as np
from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from briefing import language, options, scoring
from briefing.errors import ConfigError
from briefing.models import Article, Sentence

log = logging.getLogger(__name__)

DEFAULT_METHOD = "learned"
DEFAULT_SENTENCES: int = options.default("edition.sentences")
MIN_WORDS = 6
MAX_CANDIDATES = 400
REDUNDANT = 0.5  # cosine of stemmed content words above which two sentences repeat
# Under a sentence budget, a sentence beyond the first is added only while the summary
# stays within this many words a sentence (measured on OrangeSum valid: README).
WORDS_PER_SENTENCE = 35


def sumy_methods() -> Mapping[str, Callable[..., Any]]:
    """Return sumy's summarisers by name."""
    return {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer,
            "lsa": LsaSummarizer, "luhn": LuhnSummarizer, "sumbasic": SumBasicSummarizer,
            "kl": KLSummarizer}


@dataclass(frozen=True)
class Budget:
    """How long a summary is: a number of sentences, a number of words, or a ratio."""

    sentences: int | None = DEFAULT_SENTENCES
    words: int | None = None
    ratio: float | None = None

    @classmethod
    def given(cls, sentences: int | None, words: int | None, ratio: float | None,
              default_sentences: int) -> Budget:
        """The budget a user asked for (at most one of the three), else ``default_sentences``."""
        if sum(value is not None for value in (sentences, words, ratio)) > 1:
            raise ConfigError("give one of --sentences, --words, --ratio")
        if words is None and ratio is None:
            return cls(sentences=sentences or default_sentences)
        return cls(sentences=None, words=words, ratio=ratio)

    def count(self, candidates: Sequence[str]) -> int:
        """How many sentences a sentence or ratio budget allows (words: all, trimmed later)."""
        if self.words is not None:
            return len(candidates)
        if self.ratio is not None:
            return max(1, round(self.ratio * len(candidates)))
        return max(1, self.sentences or 1)


@dataclass(frozen=True)
class SummaryOptions:
    """How long briefing summaries are and which method picks their sentences."""

    budget: Budget = Budget()
    method: str = DEFAULT_METHOD


@dataclass(frozen=True)
class Summary:
    """The sentences chosen for an article and what a reviewer should know about them."""

    sentences: tuple[Sentence, ...]
    warnings: tuple[str, ...] = ()


def summarise(article: Article, options: SummaryOptions) -> Summary:
    """Summarise an article's body for the briefing."""
    lang = language.supported(article.language)
    prose, bullets = candidate_sentences(article)
    if not prose and not bullets:
        return Summary((), ("no sentence to summarise: the article has no running text",))
    warnings: list[str] = []
    candidates = prose if len(prose) >= 2 else prose + bullets
    if len(candidates) > MAX_CANDIDATES:
        warnings.append(f"summary chosen among the first {MAX_CANDIDATES} of "
                        f"{len(candidates)} sentences")
        candidates = candidates[:MAX_CANDIDATES]
    budget = options.budget
    if budget.words is None and budget.ratio is None:
        wanted = budget.sentences or DEFAULT_SENTENCES
        budget = Budget(sentences=briefing_length(len(candidates), wanted))
    chosen = select([s.text for s in candidates], article.title, lang, budget, options.method)
    if len(candidates) == 1:
        warnings.append("the article has a single sentence to summarise")
    return Summary(tuple(sorted((candidates[i] for i in chosen), key=lambda s: s.start)),
                   tuple(warnings))


def ranked_candidates(article: Article, limit: int = 12) -> list[Sentence]:
    """The article's summary candidates the scorer likes best, best first: what a
    reviewer may swap a summary line for."""
    prose, bullets = candidate_sentences(article)
    candidates = (prose if len(prose) >= 2 else prose + bullets)[:MAX_CANDIDATES]
    if not candidates:
        return []
    texts = [s.text for s in candidates]
    features, _ = scoring.analyse(texts, article.title, language.supported(article.language))
    scores = scoring.default_scorer().scores(features)
    order = sorted(range(len(candidates)), key=lambda i: (-scores[i], i))
    return [candidates[i] for i in order[:limit]]


def summarise_text(text: str, title: str | None, lang: str, budget: Budget,
                   method: str = DEFAULT_METHOD) -> list[str]:
    """Summarise running text (no structure known), as the evaluation does."""
    units = quote_units(language.split_sentences(text, lang))
    sentences = [s for s in units if is_candidate(s)][:MAX_CANDIDATES]
    return [sentences[i] for i in select(sentences, title, lang, budget, method)]


def similar(a: str, b: str, lang: str = "fr") -> bool:
    """Whether two lines say the same (stemmed content words, or word stems across
    languages)."""
    return (scoring.similarity(a, b, lang) >= REDUNDANT
            or scoring.cognates(a, b) >= COGNATE_REPEAT)


COGNATE_REPEAT = 0.6
_MARK_PAIRS = (("«", "»"), ("“", "”"))


def quote_balance(text: str) -> int:
    """How many quotations a text leaves open (negative: it closes ones opened before)."""
    balance = sum(text.count(a) - text.count(b) for a, b in _MARK_PAIRS)
    if text.count('"') % 2:
        first = text.index('"')
        opens = first == 0 or text[first - 1].isspace() or text[first - 1] in "('’-"
        balance += 1 if opens and first < len(text) - 1 else -1
    return balance


MAX_UNIT_SENTENCES = 4


def quote_units(sentences: Sequence[str]) -> list[str]:
    """Sentences joined so that quotation marks balance in each unit: a statement of
    several sentences is one unit; a unit that closes a quotation opened before it (the
    quotation's tail) or never closes the one it opens is left out."""
    return [" ".join(sentences[a:b]) for a, b in _balanced_runs(
        [quote_balance(s) for s in sentences])]


def _balanced_runs(balances: Sequence[int]) -> list[tuple[int, int]]:
    """(start, end) runs of sentence indices whose quotation marks balance."""
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(balances):
        if balances[index] < 0:
            index += 1  # the tail of a quotation opened in a sentence not shown
            continue
        total, end = balances[index], index + 1
        while total > 0 and end < len(balances) and end - index < MAX_UNIT_SENTENCES:
            total += balances[end]
            end += 1
        if total == 0:
            runs.append((index, end))
        index = end if total == 0 else index + 1
    return runs


def briefing_length(candidates: int, wanted: int) -> int:
    """Shorter summaries for short articles: about one sentence in four, at most ``wanted``."""
    return max(1, min(wanted, (candidates + 3) // 4))


def candidate_sentences(article: Article) -> tuple[list[Sentence], list[Sentence]]:
    """The body units that may stand in a summary: (from paragraphs, from bullets). A unit
    is a sentence, or the sentences of one quotation within a block (``quote_units``),
    so that quotation marks balance in every summary line."""
    prose: list[Sentence] = []
    bullets: list[Sentence] = []
    for block in article.sentences_by_block:
        runs = _balanced_runs([quote_balance(s.text) for s in block])
        for start, end in runs:
            first, last = block[start], block[end - 1]
            unit = Sentence(article.text[first.start:last.end], first.start, last.end,
                            first.block, first.kind)
            if unit.is_body and is_candidate(unit.text):
                (bullets if unit.kind == "bullet" else prose).append(unit)
    return prose, bullets


def is_candidate(sentence: str) -> bool:
    if sentence.rstrip().endswith(":"):
        return False  # it introduces a list or a quotation and means little alone
    return len(language.words(sentence)) >= MIN_WORDS and any(c.isalpha() for c in sentence)


def select(sentences: Sequence[str], title: str | None, lang: str, budget: Budget,
           method: str) -> list[int]:
    """Pick sentences within the budget; return their indices in their original order."""
    if not sentences:
        return []
    if method != DEFAULT_METHOD:
        chosen_texts = sumy_within_budget(list(sentences), lang, budget, method)
        return sorted(sentences.index(text) for text in dict.fromkeys(chosen_texts))
    features, similar = scoring.analyse(sentences, title, lang)
    scores = scoring.default_scorer().scores(features)
    ranked = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
    chosen: list[int] = []
    words = 0
    limit = budget.count(sentences)
    for index in ranked:
        if len(chosen) >= limit:
            break
        group = [index]
        if language.leans_back(sentences[index], lang) and index - 1 not in chosen:
            if index == 0:
                continue
            group = [index - 1, index]  # "Il a également indiqué ...": with its antecedent
        if index in chosen or any(similar[i, j] >= REDUNDANT for i in group for j in chosen):
            continue
        length = sum(len(sentences[i].split()) for i in group)
        if len(chosen) + len(group) > limit or (
                budget.words is not None and chosen and words + length > budget.words):
            continue
        if budget.words is None and chosen and \
                words + length > WORDS_PER_SENTENCE * (len(chosen) + len(group)):
            break  # a long first sentence says enough: no second that doubles the read
        chosen.extend(group)
        words += length
    return sorted(chosen)


def sumy_within_budget(sentences: list[str], lang: str, budget: Budget,
                        method: str) -> list[str]:
    """A sumy method's choice; under a word budget, its longest choice that fits."""
    if budget.words is None:
        return pick_sentences([sentences], lang, budget.count(sentences), method)
    best = pick_sentences([sentences], lang, 1, method)
    for count in range(2, len(sentences) + 1):
        chosen = pick_sentences([sentences], lang, count, method)
        if sum(len(s.split()) for s in chosen) > budget.words:
            break
        best = chosen
    return best


def pick_sentences(paragraphs: Sequence[Sequence[str]], lang: str, count: int,
                   method: str) -> list[str]:
    """Run a sumy method over the paragraphs and return its sentences in article order."""
    tokenizer = language.SumyTokenizer(lang)
    document = ObjectDocumentModel(tuple(
        Paragraph(tuple(SumySentence(text, tokenizer) for text in paragraph))
        for paragraph in paragraphs))
    summarizer = sumy_methods()[method](language.stemmer(lang))
    summarizer.stop_words = language.stop_words(lang)
    with np.errstate(invalid="ignore", divide="ignore"):  # LexRank on identical sentences
        return [str(sentence) for sentence in summarizer(document, count)]
