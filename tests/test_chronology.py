"""Chronology: every date form in French and English, relative dates, merging."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from briefing import chronology
from briefing.clean import clean
from briefing.edition import EditionOptions, assemble
from briefing.models import Digest, EventDate, RawDocument
from briefing.render import render_html

TITLE = "Les négociations reprennent entre les deux capitales voisines\n\n"


def _article(body: str, published: str | None = "2025-02-20", source: str = "t.txt"):
    metadata = {"published": published} if published else {}
    return clean(RawDocument(source=source, text=TITLE + body + "\n", format="text",
                             content_id=source, metadata=metadata))


def _dates(body: str, published: str | None = "2025-02-20") -> list[str]:
    return [e.date.iso() for e in chronology.find_events(_article(body, published)).events]


@pytest.mark.parametrize("body, expected", [
    ("Les délégations se sont réunies le 18 février 2025 à Riyad.", "2025-02-18"),
    ("The delegations met on February 18, 2025 in Riyadh.", "2025-02-18"),
    ("Les délégations se sont réunies le 18/02/2025 à Riyad.", "2025-02-18"),
    ("The delegations met on 2025-02-18 in Riyadh.", "2025-02-18"),
    ("Le 1er mars 2025, les ministres ont signé un accord.", "2025-03-01"),
    ("Le 10 avril, la deuxième série de négociations s'est tenue à Istanbul.", "2025-04-10"),
    ("En avril 2025, Kirill Dmitriev s'est rendu à Washington.", "2025-04"),
    ("Fin février, un nouveau sommet a réuni les deux délégations.", "2025-02"),
    ("Mid-April, the envoys met again in Istanbul.", "2025-04"),
    ("En mai, les experts se sont retrouvés à Vienne.", "2025-05"),
])
def test_full_and_partial_dates(body: str, expected: str) -> None:
    assert _dates(body) == [expected]


@pytest.mark.parametrize("body, expected", [
    ("Les délégations se sont réunies mardi à Riyad.", "2025-02-18"),
    ("Ce mardi, les délégations se sont réunies à Riyad.", "2025-02-18"),
    ("Les délégations se sont réunies hier à Riyad.", "2025-02-19"),
    ("Jeudi dernier, les délégations se sont réunies à Riyad.", "2025-02-13"),
    ("The delegations met on Tuesday in Riyadh.", "2025-02-18"),
    ("Les ministres se retrouveront vendredi à Genève.", "2025-02-21"),
    ("The envoys will meet again next Tuesday in Geneva.", "2025-02-25"),
])
def test_relative_dates_anchor_to_the_publication_date(body: str, expected: str) -> None:
    assert _dates(body) == [expected]  # published Thursday 20 February 2025


def test_the_eve_is_the_day_before_the_last_stated_day() -> None:
    body = ("Les délégations se sont réunies le 18 février 2025 à Riyad. La veille, le "
            "ministre était arrivé dans la capitale saoudienne.")
    assert _dates(body) == ["2025-02-18", "2025-02-17"]


def test_without_publication_date_weekdays_are_left_out_and_years_come_from_the_text() -> None:
    body = ("Les pourparlers ont commencé le 18 février 2025 à Riyad. Mardi, les délégations "
            "se sont revues. Le 10 avril, une deuxième série s'est tenue à Istanbul.")
    assert _dates(body, published=None) == ["2025-02-18", "2025-04-10"]


def test_not_events() -> None:
    body = ("Référence du document : 249-18-02-2025. La paix pourrait revenir dans 2-3 ans, "
            "selon les experts. Un accord est espéré d'ici fin février. En 2024, rien n'avait "
            "bougé entre les deux pays.")
    assert _dates(body) == []


def test_a_weekday_that_contradicts_its_date_is_a_warning() -> None:
    chronicle = chronology.find_events(_article(
        "Les délégations se sont réunies lundi 18 février 2025 à Riyad."))
    assert [e.date.iso() for e in chronicle.events] == ["2025-02-18"]
    assert chronicle.warnings == (
        "'lundi 18 février 2025' does not match: 2025-02-18 is a mardi",)


def test_places_are_normalised_across_languages() -> None:
    french = chronology.find_events(_article("Le 18 février 2025, les délégations se sont "
                                             "réunies à Riyad.")).events[0]
    english = chronology.find_events(_article("On February 18, 2025 the delegations met in "
                                              "Riyadh.")).events[0]
    assert french.place == english.place == "Riyad"
    assert english.evidence == "On February 18, 2025 the delegations met in Riyadh."


def _digest(body: str, key: str, published: str | None = "2025-02-20") -> Digest:
    article = replace(_article(body, published, source=f"{key}.txt"), id=key)
    return Digest(article=article, summary=(), quotes=(),
                  events=chronology.find_events(article).events)


def test_merge_across_three_articles() -> None:
    digests = (
        _digest("Les délégations russe et américaine se sont réunies le 18 février 2025 à "
                "Riyad. Le 10 avril, une deuxième série s'est tenue à Istanbul.", "a"),
        _digest("The first round of talks took place on February 18, 2025 in Riyadh.", "b"),
        _digest("Mardi, à Riyad, les négociateurs ont trouvé un consensus en quatre points. "
                "En avril 2025, Kirill Dmitriev s'est rendu à Washington.", "c"),
    )
    merged = chronology.merge(digests, limit=10)
    assert [(e.date.iso(), e.place, e.sources) for e in merged] == [
        ("2025-02-18", "Riyad", ("a", "b", "c")),
        ("2025-04", "Washington", ("c",)),
        ("2025-04-10", "Istanbul", ("a",)),
    ]


def test_a_month_joins_a_day_of_that_month_at_the_same_place() -> None:
    digests = (_digest("Le 10 avril 2025, une série de négociations s'est tenue à Istanbul.", "a"),
               _digest("En avril 2025, les négociateurs se sont retrouvés à Istanbul.", "b"))
    merged = chronology.merge(digests, limit=10)
    assert [(e.date.iso(), e.sources) for e in merged] == [("2025-04-10", ("a", "b"))]


def test_cap_keeps_the_most_cited_events() -> None:
    digests = (_digest("Le 18 février 2025, réunion à Riyad. Le 3 mars 2025, réunion à Genève.",
                       "a"),
               _digest("On February 18, 2025 the envoys met in Riyadh.", "b"))
    merged = chronology.merge(digests, limit=1)
    assert [(e.date.iso(), e.sources) for e in merged] == [("2025-02-18", ("a", "b"))]


def test_report_draws_the_timeline_as_svg() -> None:
    digests = (_digest("Le 18 février 2025, réunion à Riyad. Le 10 avril, réunion à Istanbul.",
                       "a"),)
    edition = assemble(digests, (), EditionOptions(date=dt.date(2025, 4, 20)))
    html = render_html(edition)
    svg = html[html.index("<svg"): html.index("</svg>")]
    assert svg.count("<circle") == 2 and "18 février 2025" in svg and "10 avril 2025" in svg
    assert "<img" not in html


def test_event_date_helpers() -> None:
    assert EventDate(2025, 4).covers(EventDate(2025, 4, 10))
    assert not EventDate(2025, 4, 10).covers(EventDate(2025, 4))
    assert EventDate(2025).iso() == "2025" and EventDate(2025, 4, 1).iso() == "2025-04-01"


def test_a_weekday_picks_the_year_of_an_undated_day_and_month() -> None:
    body = ("En 2020, le dossier a été rouvert. Les délégués se sont réunis mardi 23 juillet "
            "à Genève pour relancer les discussions.")  # 23 July 2020 is a Thursday
    chronicle = chronology.find_events(_article(body, published=None))
    assert [e.date.iso() for e in chronicle.events] == ["2019-07-23"]  # a Tuesday
    assert chronicle.warnings == ()
