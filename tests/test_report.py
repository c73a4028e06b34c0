"""The report a reader trusts: stories grouped, clean sentences, one language, nothing
local. Articles written for the tests, in French and English; the week edition's golden."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefing import breaks, language, summarise
from briefing.clean import clean
from briefing.cli import main
from briefing.edition import EditionOptions, assemble
from briefing.models import Digest, RawDocument
from conftest import TESTS, write


def _pieces(line: str) -> list[tuple[str, bool]]:
    return [(p.text, p.prose) for p in breaks.restore(line)]


# ── clean sentences ─────────────────────────────────────────────────────────

@pytest.mark.parametrize("line, pieces", [
    ("a précisé la gendarmerie.Samedi, l'homme serait parti pêcher.",
     [("a précisé la gendarmerie. Samedi, l'homme serait parti pêcher.", True)]),
    ('a-t-il dit, âgé de 57 ans."La chance nous a souri", ajoute-t-il.',
     [('a-t-il dit, âgé de 57 ans. "La chance nous a souri", ajoute-t-il.', True)]),
    ('que la nôtre."Pas une preuve robuste de vie"Mais les chercheurs restent prudents.',
     [("que la nôtre.", True), ('"Pas une preuve robuste de vie"', False),
      ("Mais les chercheurs restent prudents.", True)]),
    ("Il manque des assistants de justice.10 000 policiers supplémentaires Dans "
     "l'émission, le ministre l'a promis.",
     [("Il manque des assistants de justice.", True),
      ("10 000 policiers supplémentaires", False),
      ("Dans l'émission, le ministre l'a promis.", True)]),
    ('La campagne commence. Vaccin contre la grippe : qui est prioritaire ?par Top Santé'
     '"Nous devons faire attention", dit le ministre.',
     [("La campagne commence.", True), ('"Nous devons faire attention", dit le ministre.',
                                        True)]),
    ("Faut-il imposer le masque sur les plateaux de télévision ?Jeudi, l'équipe est isolée.",
     [("Faut-il imposer le masque sur les plateaux de télévision ? Jeudi, l'équipe est isolée.",
       True)]),
    ("The talks resumed.According to officials, the envoys met twice.",
     [("The talks resumed. According to officials, the envoys met twice.", True)]),
    ('the envoy said."We will be back", he added.',
     [('the envoy said. "We will be back", he added.', True)]),
    ("He has a LinkedIn profile and a YouTube channel. The company said so.",
     [("He has a LinkedIn profile and a YouTube channel. The company said so.", True)]),
    ("Le parti dirigé par Marine Le Pen a qualifié la mesure de \"nouveau recul\".",
     [("Le parti dirigé par Marine Le Pen a qualifié la mesure de \"nouveau recul\".", True)]),
])
def test_lost_paragraph_breaks_are_restored(line: str, pieces: list[tuple[str, bool]]) -> None:
    assert [p for p in _pieces(line) if not p[0].startswith(("par ", "Vaccin"))] == pieces


def test_a_teaser_and_its_credit_never_reach_the_text() -> None:
    text = ("La grippe arrive tôt cette année\n\nLa campagne de vaccination commence lundi "
            "dans toutes les pharmacies du pays. Vaccin contre la grippe : qui est "
            "prioritaire ?par Top Santé\"Nous devons faire extrêmement attention aux publics "
            "vulnérables\", a déclaré le ministre de la Santé devant les députés.\n")
    article = clean(RawDocument(source="t.txt", text=text, format="text", content_id="t"))
    assert "Top Santé" not in article.text and "prioritaire ?" not in article.text
    assert "commence lundi dans toutes les pharmacies du pays." in article.text


@pytest.mark.parametrize("sentences, units", [
    (['Il a dit : "Nous partons.', 'Nous reviendrons demain", a-t-il ajouté.',
      "Une phrase simple sur le sujet du jour."],
     ['Il a dit : "Nous partons. Nous reviendrons demain", a-t-il ajouté.',
      "Une phrase simple sur le sujet du jour."]),
    (['La préfecture est exemplaire", a conclu le premier adjoint.',
      "Une phrase simple sur le sujet du jour."],
     ["Une phrase simple sur le sujet du jour."]),
    (["« Je suis là.", "Je reste », dit-il.", "“We stay.", "We fight,” she said."],
     ["« Je suis là. Je reste », dit-il.", "“We stay. We fight,” she said."]),
])
def test_summary_units_balance_their_quotation_marks(sentences: list[str],
                                                     units: list[str]) -> None:
    assert summarise.quote_units(sentences) == units


@pytest.mark.parametrize("sentence, lang, leans", [
    ("Il a également indiqué que les vols reprendraient.", "fr", True),
    ("Cette décision a surpris les diplomates.", "fr", True),
    ("Le ministre a indiqué que les vols reprendraient.", "fr", False),
    ("He also said flights would resume in March.", "en", True),
    ("This decision surprised the diplomats.", "en", True),
    ("The minister said flights would resume in March.", "en", False),
])
def test_sentences_that_lean_on_the_one_before(sentence: str, lang: str, leans: bool) -> None:
    assert language.leans_back(sentence, lang) is leans


def test_a_summary_line_that_leans_back_comes_after_its_antecedent() -> None:
    sentences = ["Le ministre des Affaires étrangères a annoncé la reprise des vols directs.",
                 "Il a également indiqué que les ambassades rouvriraient en mars prochain.",
                 "La météo était clémente sur la capitale ce jour-là pour les journalistes."]
    for budget in (1, 2, 3):
        chosen = summarise.select(sentences, "Reprise des vols", "fr",
                                  summarise.Budget(sentences=budget), "learned")
        assert 1 not in chosen or 0 in chosen


def _scan(lines: list[str]) -> list[str]:
    """Lines with an unbalanced quotation mark or glued clutter."""
    glue = re.compile(r'[a-zà-ÿ]{2} ?[.!?…][A-ZÀ-Ý"«“]|[?!]par\s|[a-zà-ÿ]"[A-ZÀ-Ý]')
    return [line for line in lines
            if summarise.quote_balance(line) != 0 or line.count('"') % 2 or glue.search(line)
            or line.endswith(' "')]


def test_the_week_edition_has_clean_summary_and_overview_lines() -> None:
    edition = json.loads((TESTS / "data" / "expected" / "edition-week.json").read_text("utf-8"))
    lines = edition["overview"] + [s for a in edition["articles"] for s in a["summary"]]
    assert len(lines) > 40 and _scan(lines) == []
    assert not any(language.leans_back(line, "fr") for line in edition["overview"])


# ── stories ─────────────────────────────────────────────────────────────────

GENEVA_FR = """Genève : Russes et Américains s'accordent sur la réouverture des ambassades

{outlet}, 18 février 2025

Les délégations russe et américaine se sont réunies mardi à Genève pendant six heures pour
préparer la réouverture des ambassades fermées depuis 2022. Sergueï Lavrov et Marco Rubio ont
convenu de nommer des équipes de haut niveau chargées de régler les questions consulaires.
Les deux ministres ont aussi discuté d'une coopération économique future, a indiqué le
Kremlin. Kirill Dmitriev, directeur du fonds souverain russe, estime que les entreprises
américaines ont perdu 300 milliards de dollars en quittant la Russie.
"""

GENEVA_EN = """Russia and the US agree in Geneva to reopen embassies

The Ledger, February 18, 2025

The Russian and American delegations met on Tuesday in Geneva for six hours to prepare the
reopening of the embassies closed since 2022. Sergei Lavrov and Marco Rubio agreed to appoint
high-level teams to settle consular questions. The two ministers also discussed future
economic cooperation, the Kremlin said. Kirill Dmitriev, head of the Russian sovereign wealth
fund, said American companies had lost 300 billion dollars by leaving Russia.
"""

LISBON = """À Lisbonne, les pêcheurs de sardines manifestent contre les quotas

Le Courrier, 18 février 2025

Plusieurs centaines de pêcheurs ont défilé mardi dans le port de Lisbonne pour protester
contre les quotas de sardines fixés par la Commission pour la saison qui commence. Les
syndicats demandent une révision des chiffres avant l'été et menacent de bloquer le port.
"""


def _digest(text: str, source: str) -> Digest:
    from briefing import build, summarise as summary_stage
    article = clean(RawDocument(source=source, text=text, format="text", content_id=source))
    return build.analyse(article, summary_stage.SummaryOptions())


def test_versions_and_translations_of_one_story_are_one_entry() -> None:
    digests = (_digest(LISBON, "lisbon.txt"),
               _digest(GENEVA_FR.format(outlet="Le Relais"), "geneva-fr.txt"),
               _digest(GENEVA_FR.format(outlet="La Gazette").replace("six heures",
                                                                     "plus de six heures"),
                       "geneva-fr-2.txt"),
               _digest(GENEVA_EN, "geneva-en.txt"))
    edition = assemble(digests, (), EditionOptions(date=dt.date(2025, 2, 20)))
    groups = [[d.article.source for d in story] for story in edition.story_digests()]
    assert sorted(groups[0]) == ["geneva-en.txt", "geneva-fr-2.txt", "geneva-fr.txt"]
    assert groups[1:] == [["lisbon.txt"]]  # the biggest story first
    assert [line.article for line in edition.overview] == [
        edition.stories[0][0], edition.stories[1][0]]
    from briefing.render import render_html
    html = render_html(edition)
    assert html.count('<article id="article-') == 2 and "Aussi rapporté par" in html
    assert "The Ledger" in html and "La Gazette" in html


def test_two_different_stories_of_one_day_stay_apart() -> None:
    digests = (_digest(GENEVA_FR.format(outlet="Le Relais"), "geneva.txt"),
               _digest(LISBON, "lisbon.txt"))
    edition = assemble(digests, (), EditionOptions(date=dt.date(2025, 2, 20)))
    assert len(edition.story_digests()) == 2


# ── one language, nothing local ─────────────────────────────────────────────

UNDATED = """Les pêcheurs de sardines reçus au ministère de la Mer

Les représentants des pêcheurs de sardines ont été reçus au ministère de la Mer pour
discuter des quotas de la saison. Aucun accord n'a été trouvé à l'issue de la réunion.
"""


def _build(tmp_path: Path, files: dict[str, str], *args: str) -> tuple[str, str, str]:
    inputs = tmp_path / "mes articles"
    inputs.mkdir()
    for name, text in files.items():
        write(inputs, name, text)
    result = CliRunner().invoke(main, ["build", "--inputs", str(inputs), "--out",
                                       str(tmp_path / "out"), "--date", "2025-02-21", *args])
    assert result.exit_code == 0, result.output
    stem = tmp_path / "out" / "briefing-2025-02-21"
    pdf = " ".join(p.extract_text() for p in PdfReader(stem.with_suffix(".pdf")).pages)
    return pdf, stem.with_suffix(".html").read_text(encoding="utf-8"), str(inputs)


def test_the_sent_report_is_in_one_language_and_shows_nothing_local(tmp_path: Path) -> None:
    pdf, html, folder = _build(tmp_path, {
        "geneva.txt": GENEVA_FR.format(outlet="Le Relais"), "sardines.txt": UNDATED,
        "broken.txt": "\x00\x01binary"})
    flat = re.sub(r"\s+", " ", pdf)
    for english in ("no publication date", "binary file", "undated", "left out", "Skipped"):
        assert english not in flat
    for local in (folder, "geneva.txt", "sardines.txt", "broken.txt", "mes articles"):
        assert local not in flat and local not in html
    assert "Fichiers écartés" not in flat  # the reviewer's preview lists them, not the PDF
    assert "2 articles" in flat and "Période couverte : 18 février 2025" in flat


def test_the_preview_says_what_to_check_in_the_report_language(tmp_path: Path) -> None:
    from briefing.messages import say
    assert say("no publication date found in the article", "fr") == \
        "aucune date de publication trouvée dans l'article"
    assert say("same page as /home/ana/inputs/a.txt", "fr") == "même page que a.txt"
    assert say("binary file (contains NUL bytes)", "en") == "binary file (contains NUL bytes)"
    assert say("undated, left out of 2025-W08", "fr") == \
        "non daté, écarté de la semaine 2025-W08"


def test_english_report_typography_and_plurals(tmp_path: Path) -> None:
    pdf, _, _ = _build(tmp_path, {"geneva.txt": GENEVA_EN}, "--lang", "en")
    flat = re.sub(r"\s+", " ", pdf)
    assert "1 article ·" in flat and "Period covered: 18 February 2025" in flat
    assert " :" not in flat


def test_an_unknown_outlet_is_the_address_site_or_nothing(tmp_path: Path) -> None:
    page = ("---\nurl: https://www.example-news.org/2025/02/18/geneva\n---\n"
            + GENEVA_FR.format(outlet="").replace("\n, 18 février 2025\n", "\n18 février 2025\n"))
    pdf, _, _ = _build(tmp_path, {"geneva.txt": page, "sardines.txt": UNDATED})
    flat = re.sub(r"\s+", " ", pdf)
    assert "example-news.org" in flat and "source inconnue" not in flat


def test_no_period_without_a_dated_article(tmp_path: Path) -> None:
    pdf, _, _ = _build(tmp_path, {"sardines.txt": UNDATED})
    assert "Période couverte" not in pdf
