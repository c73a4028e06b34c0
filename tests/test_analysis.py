"""Summaries, quotes and events on the samples (gold) and on articles written for the tests."""

from __future__ import annotations

import datetime as dt

from briefing import chronology
from briefing.clean import clean
from briefing.language import split_sentences
from briefing.models import Article, Block, Digest, EventDate
from briefing.quotes import find_quotes
from briefing.read import ReadOptions, read_path
from briefing.summarise import Budget, SummaryOptions, summarise
from conftest import ENGLISH_ARTICLE, FRENCH_ARTICLE, INPUTS
from test_clean import _raw


def _sample(name: str) -> Article:
    [document] = read_path(INPUTS / name, ReadOptions()).documents
    return clean(document)


def _fold(text: str) -> str:
    import unicodedata
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def test_summary_sentences_are_body_sentences_in_article_order() -> None:
    for name in ("000_2e701b5953163519.txt", "004_38ad2cc56b79bc96.txt"):
        article = _sample(name)
        body = [s for b in article.blocks if b.is_body
                for s in split_sentences(b.text, article.language)]
        summary = summarise(article, SummaryOptions(budget=Budget(sentences=3))).sentences
        words = sum(len(sentence.text.split()) for sentence in summary)
        # three sentences, or fewer when they would pass 35 words a sentence
        assert len(summary) == 3 or words > 35 * (len(summary) - 1)
        positions = [body.index(sentence.text) for sentence in summary]
        assert positions == sorted(positions)
        for sentence in summary:  # each line traces back to its exact place in the article
            assert article.text[sentence.start:sentence.end] == sentence.text
            assert article.blocks[sentence.block].is_body


def test_every_sentence_is_an_exact_slice_of_the_cleaned_text() -> None:
    for name in ("000_2e701b5953163519.txt", "004_38ad2cc56b79bc96.txt"):
        article = _sample(name)
        assert article.sentences
        for sentence in article.sentences:
            assert article.text[sentence.start:sentence.end] == sentence.text
        starts = [s.start for s in article.sentences]
        assert starts == sorted(starts) and len(set(starts)) == len(starts)


def test_short_articles_get_short_summaries() -> None:
    article = clean(_raw(ENGLISH_ARTICLE))
    assert 1 <= len(summarise(article, SummaryOptions(budget=Budget(sentences=5))).sentences) <= 2


def test_article_without_prose_gives_an_empty_summary_and_a_warning() -> None:
    article = Article(source="x", id="x", title=None, author=None, outlet=None, url=None,
                      published=None, language="fr", blocks=(Block("heading", "Titre seul"),))
    summary = summarise(article, SummaryOptions())
    assert summary.sentences == () and summary.warnings


def test_sample_quotes_match_the_gold_speakers(gold: dict) -> None:
    for name, expected in gold["articles"].items():
        found = find_quotes(_sample(name))
        for entry in expected["quotes"]:
            matches = [q for q in found if _fold(entry["starts"]) in _fold(q.text)]
            assert matches, entry["starts"]
            quote = matches[0]
            assert quote.kind == entry["kind"], entry["starts"]
            surname = _fold(entry["speaker"]).split()[-1]
            assert quote.speaker and surname in _fold(quote.speaker), (entry, quote)


def test_sample_events_have_the_gold_dates(gold: dict) -> None:
    for name, expected in gold["articles"].items():
        events = chronology.find_events(_sample(name)).events
        assert sorted(e.date.iso() for e in events) == sorted(e["date"] for e in expected["events"])


def test_no_event_from_reference_codes_or_bare_years() -> None:
    text = FRENCH_ARTICLE + "\nDocument 249-18-02-2025.\n\nEn 2024, le projet avait échoué.\n"
    dates = {e.date.iso() for e in chronology.find_events(clean(_raw(text))).events}
    assert "2025-04-02" in dates
    assert not dates & {"2025-02-18", "2025-02", "2024"}


def test_day_and_month_take_the_publication_year() -> None:
    text = FRENCH_ARTICLE.replace("2 avril 2025", "2 avril")
    article = clean(_raw(text))
    assert article.published == dt.date(2025, 3, 12)
    assert "2025-04-02" in {e.date.iso() for e in chronology.find_events(article).events}


def test_merge_cites_every_source_once_oldest_first() -> None:
    digests = tuple(
        Digest(article=clean(_raw(text, source=name)), summary=(), quotes=(),
               events=chronology.find_events(clean(_raw(text, source=name))).events)
        for name, text in (("fr.txt", FRENCH_ARTICLE), ("en.txt", ENGLISH_ARTICLE)))
    digests = tuple(Digest(article=_with_id(d.article, d.article.source), summary=(), quotes=(),
                           events=d.events) for d in digests)
    merged = chronology.merge(digests, limit=10)
    vienna = [e for e in merged if e.date == EventDate(2025, 4, 2)]
    assert len(vienna) == 1 and vienna[0].sources == ("fr.txt", "en.txt")
    assert vienna[0].place == "Vienne"
    keys = [e.date.sort_key() for e in merged]
    assert keys == sorted(keys)


def _with_id(article: Article, new_id: str) -> Article:
    from dataclasses import replace
    return replace(article, id=new_id)


def test_samples_merge_into_the_gold_chronology(gold: dict) -> None:
    digests = tuple(Digest(article=_with_id(_sample(name), name), summary=(), quotes=(),
                           events=chronology.find_events(_sample(name)).events)
                    for name in gold["articles"])
    merged = chronology.merge(digests, limit=10)
    assert [(e.date.iso(), e.place, len(e.sources)) for e in merged] == [
        (g["date"], g["place"], g["sources"]) for g in gold["chronology_across_both"]]
