"""Cleaning: metadata and clutter removal on the samples and on articles written for the tests."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.clean import clean
from briefing.models import RawDocument
from briefing.read import ReadOptions, read_path
from briefing.summarise import Budget, SummaryOptions, summarise
from conftest import FRENCH_ARTICLE, INPUTS


def _article(name: str):
    [document] = read_path(INPUTS / name, ReadOptions()).documents
    return clean(document)


def _raw(text: str, source: str = "t.txt") -> RawDocument:
    return RawDocument(source=source, text=text, format="text", content_id="t")


@pytest.mark.parametrize("name", ["000_2e701b5953163519.txt", "004_38ad2cc56b79bc96.txt"])
def test_samples_give_the_gold_metadata(gold: dict, name: str) -> None:
    expected = gold["articles"][name]
    article = _article(name)
    assert article.title == expected["title"]
    assert article.author == expected["author"]
    assert article.outlet == expected["outlet"]
    assert (article.published.isoformat() if article.published else None) == expected["published"]
    assert article.language == expected["language"]


@pytest.mark.parametrize("name", ["000_2e701b5953163519.txt", "004_38ad2cc56b79bc96.txt"])
def test_samples_lose_their_boilerplate(gold: dict, name: str) -> None:
    article = _article(name)
    summary = summarise(article, SummaryOptions(budget=Budget(sentences=5))).sentences
    for phrase in gold["articles"][name]["boilerplate_must_not_appear"]:
        assert phrase not in article.text
        assert not any(phrase in sentence.text for sentence in summary)


def test_missing_publication_date_is_null_with_a_warning() -> None:
    article = _article("004_38ad2cc56b79bc96.txt")
    assert article.published is None
    assert "no publication date found in the article" in article.warnings


def test_header_lines_give_metadata_and_leave_the_body() -> None:
    article = clean(_raw(FRENCH_ARTICLE))
    assert article.title.startswith("Sommet de Genève")
    assert article.author == "Claire Dumont"
    assert article.outlet == "Le Courrier du Léman"
    assert article.published == dt.date(2025, 3, 12)
    assert article.text.startswith("Les ministres des Affaires étrangères")


def test_bullets_stay_separate_units() -> None:
    text = FRENCH_ARTICLE + ("\nLe communiqué final retient trois points :\n\n"
                             "- La reprise des discussions techniques\n"
                             "- Un calendrier commun\n- Une réunion à Vienne\n")
    article = clean(_raw(text))
    bullets = [b.text for b in article.blocks if b.kind == "bullet"]
    assert bullets == ["La reprise des discussions techniques", "Un calendrier commun",
                       "Une réunion à Vienne"]


def test_statement_after_a_colon_is_a_quotation() -> None:
    text = FRENCH_ARTICLE + ("\nLe ministre a ensuite déclaré :\n\n"
                             "Nous avons fait un pas important vers un accord durable.\n\n"
                             "La séance a ensuite été levée dans le calme, vers minuit.\n")
    blocks = clean(_raw(text)).blocks
    kinds = {b.text: b.kind for b in blocks}
    assert kinds["Nous avons fait un pas important vers un accord durable."] == "quotation"
    assert kinds["La séance a ensuite été levée dans le calme, vers minuit."] == "paragraph"


@pytest.mark.parametrize("clutter", [
    "Copyright © Le Courrier du Léman 2025. Tous droits réservés.",
    "Avis de non-responsabilité : les opinions exprimées n'engagent que leurs auteurs.",
    "Partagez cet article :",
    "Share this article",
    "À lire aussi : [Les négociations reprennent](https://example.org/a)",
    "Related articles",
    "Il y a 3 heures",
    "Posted 5 days ago",
    "Thème : [Diplomatie](#), [Commerce](#)",
    "Tags: [trade](#) [geneva](#)",
    "2024-118-03-2025",
    "Photo : AFP / Jean Dupré",
    "La source originale de cet article est Le Relais diplomatique",
    "Cet article a d'abord été publié sur le site du Relais diplomatique.",
    "This article was originally published by The Harbour Times.",
    "Lire aussi : Les négociations reprennent à Vienne",
])
def test_clutter_families_never_reach_the_text(clutter: str) -> None:
    paragraphs = FRENCH_ARTICLE.split("\n\n")
    middle = "\n\n".join(paragraphs[:4] + [clutter] + paragraphs[4:])
    footer = FRENCH_ARTICLE + "\n" + clutter + "\n"
    for text in (middle, footer):
        article = clean(_raw(text))
        assert clutter.split(":")[0].split("]")[0][:12] not in article.text, text


def test_footer_after_a_marker_is_cut_whole() -> None:
    text = FRENCH_ARTICLE + ("\nPartagez cet article :\n\nSanté\nLa vaccination progresse"
                             "\n-\nÉconomie\nLes marchés reculent\n")
    article = clean(_raw(text))
    assert "vaccination" not in article.text and "marchés" not in article.text


def test_hard_wrapped_lines_and_split_sentences_are_joined() -> None:
    text = FRENCH_ARTICLE + ("\nLes experts se réuniront de nouveau pour examiner les\n"
                             "propositions des délégations et\n\nrédiger un texte commun.\n")
    paragraphs = clean(_raw(text)).text.split("\n\n")
    assert ("Les experts se réuniront de nouveau pour examiner les propositions des "
            "délégations et rédiger un texte commun.") in paragraphs


def test_signature_line_becomes_author_when_no_byline() -> None:
    body = FRENCH_ARTICLE.split("\n\n", 3)[3]
    article = clean(_raw("Un titre suffisamment long pour un article\n\n" + body
                         + "\nClaire Dumont\n"))
    assert article.author == "Claire Dumont" and "Claire Dumont" not in article.text


def test_front_matter_wins_over_inferred_metadata() -> None:
    document = RawDocument(source="t.md", text=FRENCH_ARTICLE, format="markdown", content_id="t",
                           metadata={"title": "Titre corrigé", "outlet": "Autre",
                                     "published": "2025-03-13", "language": "fr"})
    article = clean(document)
    assert (article.title, article.outlet, article.published) == (
        "Titre corrigé", "Autre", dt.date(2025, 3, 13))


def test_english_header_and_published_line() -> None:
    from conftest import ENGLISH_ARTICLE
    article = clean(_raw(ENGLISH_ARTICLE))
    assert (article.title, article.author) == ("Trade envoys agree on a timetable in Geneva",
                                               "Mark Ellison")
    assert article.outlet == "The Lakeside Review"
    assert article.published == dt.date(2025, 3, 14) and article.language == "en"


def test_wire_desk_codes_are_dropped() -> None:
    article = clean(_raw(FRENCH_ARTICLE.rstrip() + "dch/vm/map\n"))
    assert "dch/vm" not in article.text
    assert article.text.endswith("volonté politique des capitales.")


def test_paragraph_that_only_starts_with_a_quote_is_body() -> None:
    text = FRENCH_ARTICLE + ('\n"Nous avons avancé", a dit un diplomate. Les discussions '
                             'reprendront dans deux semaines, selon le calendrier adopté.\n')
    kinds = {b.text[:12]: b.kind for b in clean(_raw(text)).blocks}
    assert kinds['"Nous avons '] == "paragraph"


def test_repeated_title_line_is_dropped() -> None:
    lines = FRENCH_ARTICLE.split("\n\n")
    text = "\n\n".join(lines[:3] + [lines[0]] + lines[3:])
    article = clean(_raw(text))
    assert article.title == lines[0] and lines[0] not in article.text


def test_wire_dateline_and_credits_leave_the_text() -> None:
    from conftest import ENGLISH_ARTICLE
    head, body = ENGLISH_ARTICLE.split("Foreign ministers", 1)
    text = (head + "GENEVA, March 14 (Wire) - Foreign ministers" + body
            + "\n(Reporting by Mark Ellison; Editing by Tom Hale)\n")
    article = clean(_raw(text))
    assert article.text.startswith("Foreign ministers from six countries met in Geneva")
    assert "Reporting by" not in article.text


@pytest.mark.parametrize("header, author, outlet", [
    ("Publié le 20 février 2025 à 10h32, mis à jour le 21 février 2025 à 08h00", None, None),
    ("Le Monde avec AFP\n\nPublié le 20 février 2025 à 10h32", None, "Le Monde"),
    ("Par Jean Dupont (Moscou, correspondant) - Publié le 20/02/2025", "Jean Dupont", None),
    ("Mis à jour le 21 février 2025\n\nPublié le 20 février 2025", None, None),
    ("Updated Feb. 21, 2025 · Published Feb. 20, 2025", None, None),
    ("By Ann Blake and Tom Hale | The Ledger | Feb. 20, 2025", "Ann Blake and Tom Hale",
     "The Ledger"),
    # date stamps as pages print them, without front matter
    ("Le 20/02/2025 à 06h30", None, None),
    ("20/02/2025 06:30", None, None),
    ("Mis à jour le 21/02/2025 à 08h00 - Publié le 20/02/2025 à 06h30", None, None),
    ("Published 20 Feb 2025, 10:12", None, None),
    ("February 20, 2025 10:12 AM ET", None, None),
    ("Posted on 2025-02-20", None, None),
    ("Updated February 21, 2025 — Published February 20, 2025", None, None),
])
def test_common_header_forms(header: str, author: str | None, outlet: str | None) -> None:
    text = ("Les diplomates reprennent contact à Riyad après trois ans de silence\n\n" + header
            + "\n\nLes délégations russe et américaine se sont retrouvées mardi à Riyad pour une "
              "première série de discussions sur le fonctionnement de leurs ambassades.\n")
    article = clean(_raw(text))
    assert article.published == dt.date(2025, 2, 20)
    assert (article.author, article.outlet) == (author, outlet)
    assert article.text.startswith("Les délégations russe et américaine")


@pytest.mark.parametrize("title", [
    "VIDÉO. Municipales 2020 : vers une alliance à Marseille ?",
    "Miss France n'en revient toujours pas... sa mère non plus !",
    "Féminicide, influenceur... Les nouveaux mots du \"Petit Larousse\"",
])
def test_headlines_with_inner_stops_are_titles(title: str) -> None:
    body = FRENCH_ARTICLE.split("\n\n", 3)[3]
    article = clean(_raw(f"{title}\n\n{body}"))
    assert article.title == title and title not in article.text


def test_a_lead_asking_a_question_stays_in_the_text() -> None:
    body = FRENCH_ARTICLE.split("\n\n", 3)[3]
    lead = "Les négociations commerciales entre les six pays peuvent-elles encore aboutir cette année ?"
    article = clean(_raw(f"Un titre sans point final pour commencer\n\n{lead}\n\n{body}"))
    assert article.text.startswith(lead)
