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
    ("En avril 2025, Kirill Dmitriev s'est rendu à Washington.", "2025-04"),
    ("Fin février, un nouveau sommet a réuni les deux délégations.", "2025-02"),
    ("Les envoyés se sont revus le 12 février dans la capitale saoudienne.", "2025-02-12"),
])
def test_full_and_partial_dates(body: str, expected: str) -> None:
    assert _dates(body) == [expected]


# Each family of date writing, in both languages, for an article published on
# Thursday 20 February 2025.
@pytest.mark.parametrize("body, expected", [
    # AP-style abbreviated months, with and without their period
    ("The envoys met on Feb. 12 in Riyadh to prepare the talks.", "2025-02-12"),
    ("The two delegations met in Riyadh on Sept. 30 to prepare the talks.", "2024-09-30"),
    ("The first round of talks took place on Jan 5 in Geneva.", "2025-01-05"),
    ("Les négociateurs se sont retrouvés le 5 févr. à Genève.", "2025-02-05"),
    # the publication date
    ("Foreign ministers met today in Riyadh to prepare the summit.", "2025-02-20"),
    ("The two presidents will speak on the phone tonight about the talks.", "2025-02-20"),
    ("Le ministre a annoncé aujourd'hui la reprise des vols entre les deux pays.",
     "2025-02-20"),
    ("Les deux présidents se parleront ce soir au téléphone, selon le Kremlin.", "2025-02-20"),
    # months counted from the publication date
    ("The embassies resumed their work last month after a long pause.", "2025-01"),
    ("Les ambassades ont repris leur travail le mois dernier après une longue pause.",
     "2025-01"),
    ("The envoys are expected to meet again next month in Istanbul.", "2025-03"),
    ("In June last year, the embassies stopped issuing visas.", "2024-06"),
    ("En juin de l'année dernière, les ambassades ont cessé de délivrer des visas.", "2024-06"),
    ("The delegations met in Geneva last February to prepare the talks.", "2024-02"),
    ("Les délégations se sont réunies en janvier dernier à Genève.", "2025-01"),
    ("The summit will take place this September in Helsinki, officials said.", "2025-09"),
    ("Early December, the envoys met for the first time in Vienna.", "2024-12"),
    ("Début décembre, les émissaires se sont vus pour la première fois à Vienne.", "2024-12"),
    ("The talks stalled in the middle of October after a dispute on visas.", "2024-10"),
    # days counted back from the publication date
    ("The ambassador was recalled three days ago for consultations.", "2025-02-17"),
    ("L'ambassadeur a été rappelé il y a deux semaines pour consultations.", "2025-02-06"),
    ("The envoys met in Geneva five months ago to prepare the talks.", "2024-09"),
    # the tense of the clause decides which side of the publication date
    ("The delegations met in Geneva in October to prepare the talks.", "2024-10"),
    ("The delegations will meet in Geneva in October to prepare a summit.", "2025-10"),
    ("Les délégations se sont réunies en octobre à Genève pour préparer le sommet.",
     "2024-10"),
    ("Les délégations se réuniront en octobre à Genève pour préparer le sommet.", "2025-10"),
    ("Les syndicats ont appelé à de nouveaux rassemblements le 24 février à Paris.",
     "2025-02-24"),
    ("L'affaire du 1er mai a secoué la présidence pendant tout l'été.", "2024-05-01"),
    # spelled out, as broadcast transcripts write them
    ("This coming Sunday, March eighth, voters will elect a new parliament.", "2025-03-08"),
    ("In January nineteen ninety-seven, the two countries signed a treaty.", "1997-01"),
    # ranges keep their first day
    ("Le festival, qui devait avoir lieu du 15 au 20 juin, se tiendra en ligne cette année.",
     "2025-06-15"),
])
def test_date_families(body: str, expected: str) -> None:
    assert _dates(body) == [expected]


@pytest.mark.parametrize("body, expected", [
    ("Les délégations se sont réunies mardi à Riyad.", "2025-02-18"),
    ("Ce mardi, les délégations se sont réunies à Riyad.", "2025-02-18"),
    ("Les délégations se sont réunies hier à Riyad.", "2025-02-19"),
    ("Jeudi dernier, les délégations se sont réunies à Riyad.", "2025-02-13"),
    ("The delegations met on Tuesday in Riyadh.", "2025-02-18"),
    ("Les ministres se retrouveront vendredi à Genève.", "2025-02-21"),
    ("The envoys will meet again next Tuesday in Geneva.", "2025-02-25"),
    # the weekday's own clause decides, not a future verb elsewhere in the sentence
    ("A Pentagon spokesman said Tuesday that the troops will remain in the Gulf.",
     "2025-02-18"),
    ("Le porte-parole a déclaré mardi que les troupes resteront dans la région.", "2025-02-18"),
    ("The monarch will meet the president on Saturday in Washington.", "2025-02-22"),
    ("Les syndicats ont déposé un préavis de grève pour lundi dans les hôpitaux.",
     "2025-02-24"),
    # "set to" looks ahead; what went "as planned" or "comme prévu" has happened
    ("The talks, set to resume Monday in Geneva, were postponed by a strike.", "2025-02-24"),
    ("The president let the offensive begin as previously planned Saturday night.",
     "2025-02-15"),
    ("Le président a laissé l'offensive commencer comme prévu samedi soir.", "2025-02-15"),
])
def test_relative_dates_anchor_to_the_publication_date(body: str, expected: str) -> None:
    assert _dates(body) == [expected]  # published Thursday 20 February 2025


@pytest.mark.parametrize("body", [
    # recurring days and periods
    "Le marché se tient chaque 14 juillet sur la place du village depuis des décennies.",
    "La chasse est fermée entre le 15 juillet et le 15 août, chaque année, dans la région.",
    "The museum is open every Monday and on Sundays during the summer season.",
    "L'émission sera diffusée du lundi au vendredi de 18 heures à 19 heures sur la chaîne.",
    "The ceremony marks the anniversary of May 9 with a parade through the capital.",
    # "tomorrow" and "today" that are no days
    "If I were choosing the people of tomorrow, I would choose the same board.",
    "La France d'aujourd'hui ne ressemble plus à celle des années soixante, dit-il.",
    "Aujourd'hui, les deux pays ne se parlent plus que par intermédiaires.",
    # notices, captions and fragments
    "This article was updated on February 11 to correct the name of the envoy.",
    "Cet article a été mis à jour le 11 février pour corriger le nom de l'envoyé.",
    "Le sommet s'est achevé sans accord.\n\nLes deux ministres à Riyad le 18 février "
    "(Photo : AFP)",
    "The summit ended without a deal, officials said.\n\nThe two ministers in Riyadh on "
    "Feb. 18. © Reuters",
    # a horizon, not a dated deadline; comparisons with a year before
    "Un accord est espéré d'ici fin février entre les deux délégations.",
    "The envoys hope for a deal by late March, a diplomat said.",
    "A year ago, net income was $4.5 million, or 51 cents a share.",
])
def test_not_events(body: str) -> None:
    assert _dates(body) == []


@pytest.mark.parametrize("body, expected", [
    # a deadline on a day is a dated event: the analyst wants it on the timeline
    ("The deal must be signed by March 3, the envoy said in a statement.", ["2025-03-03"]),
    ("Elle doit quitter son logement avant le 12 mars, selon le jugement.", ["2025-03-12"]),
    # a month after a preposition other than "en" / "in"
    ("Le prochain numéro est prévu pour novembre et accueillera trois candidats.",
     ["2025-11"]),
    ("À partir de septembre, le théâtre reprendra la pièce avec la même troupe.", ["2025-09"]),
    ("The theatre will stage the play again from September with the same cast.", ["2025-09"]),
    ("Les fonds seront versés la première semaine de mars aux huit services.", ["2025-03"]),
    ("The funds will be paid in the first week of March to the eight services.", ["2025-03"]),
    # two written days of one clause are two dated events
    ("Les époux ont reçu deux appels anonymes le 11 et le 15 février à leur domicile.",
     ["2025-02-11", "2025-02-15"]),
    ("The dividend is payable March 2 to stock of record Feb. 15, the company said.",
     ["2025-03-02", "2025-02-15"]),
    ("The couple received two anonymous calls on 11 and 15 February at their home.",
     ["2025-02-11", "2025-02-15"]),
    ("Les élections auront lieu les 15 et 22 mars dans toutes les communes.",
     ["2025-03-15", "2025-03-22"]),
    # a day after a word that points ahead; a bound in a past clause looks back
    ("Two new flights will leave Bombay each week, the third one from August 6.",
     ["2025-08-06"]),
    ("Thirty-two members had filed compliance reports by Monday, officials said.",
     ["2025-02-17"]),
])
def test_more_date_families(body: str, expected: list[str]) -> None:
    assert sorted(_dates(body)) == sorted(expected)  # published Thursday 20 February 2025


def test_a_line_with_two_dates_is_one_chronology_row() -> None:
    digest = _digest("The dividend is payable March 2 to stock of record Feb. 15, the "
                     "company said in a statement on its results.", "a")
    assert len(digest.events) == 2
    rows = chronology.merge((digest,), limit=12)
    assert [(r.date.iso(), r.text) for r in rows] == [("2025-03-02", digest.events[0].text)]


def test_codes_and_bare_years_are_not_events() -> None:
    body = ("Référence du document : 249-18-02-2025. La paix pourrait revenir dans 2-3 ans, "
            "selon les experts. En 2024, rien n'avait bougé entre les deux pays.")
    assert _dates(body) == []


def test_a_sentence_gives_one_event_unless_its_clauses_state_several() -> None:
    one = chronology.find_events(_article(
        "Les délégations se sont réunies mardi 18 février à Riyad, deux jours avant la "
        "publication de ce communiqué du 20 février.")).events
    assert len(one) == 1 or len({e.text for e in one}) == len(one)
    several = chronology.find_events(_article(
        "Alors que sa dernière allocution remonte au 13 janvier, pour annoncer la trêve le "
        "11 février, le président va de nouveau s'adresser aux Français dimanche 23 février.")
    ).events
    assert [e.date.iso() for e in several] == ["2025-01-13", "2025-02-11", "2025-02-23"]
    assert len({e.text for e in several}) == 3  # each line is its own clause


def test_a_guessed_year_is_marked() -> None:
    events = chronology.find_events(_article(
        "Les pourparlers ont commencé le 18 février 2025 à Riyad. Le 10 avril, une deuxième "
        "série s'est tenue à Istanbul.", published=None)).events
    assert [(e.date.iso(), e.year_inferred) for e in events] == [
        ("2025-02-18", False), ("2025-04-10", True)]
    assert events[1].as_dict()["year_inferred"] is True


def test_an_old_year_in_the_text_does_not_date_the_story() -> None:
    body = ("Le pacte de 1940 reste dans les mémoires. Les délégations se sont réunies le "
            "18 février 2025 à Riyad. Le 10 avril, une deuxième série s'est tenue à Istanbul.")
    assert _dates(body, published=None) == ["2025-02-18", "2025-04-10"]


def test_without_any_year_a_day_is_not_guessed() -> None:
    assert _dates("Le 10 avril, une deuxième série de pourparlers s'est tenue à Istanbul.",
                  published=None) == []


def test_the_eve_is_the_day_before_the_last_stated_day() -> None:
    body = ("Les délégations se sont réunies le 18 février 2025 à Riyad. La veille, le "
            "ministre était arrivé dans la capitale saoudienne.")
    assert _dates(body) == ["2025-02-18", "2025-02-17"]


def test_without_publication_date_weekdays_are_left_out_and_years_come_from_the_text() -> None:
    body = ("Les pourparlers ont commencé le 18 février 2025 à Riyad. Mardi, les délégations "
            "se sont revues. Le 10 avril, une deuxième série s'est tenue à Istanbul.")
    assert _dates(body, published=None) == ["2025-02-18", "2025-04-10"]


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
                "Riyad. Le 10 avril 2025, une deuxième série s'est tenue à Istanbul.", "a"),
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


def test_report_shows_period_background_and_places_in_its_language() -> None:
    digests = (_digest("Les délégations se sont réunies le 18 février 2025 à Riyad. En 2014, "
                       "le 18 mars 2014 précisément, la Crimée a été annexée par Moscou.", "a"),)
    french = assemble(digests, (), EditionOptions(date=dt.date(2025, 2, 21)))
    assert [(e.date.iso(), e.background) for e in french.chronology] == [
        ("2014-03-18", True), ("2025-02-18", False)]
    html = render_html(french)
    assert "Riyad</td>" in html and "Contexte" in html
    english = assemble(digests, (), EditionOptions(date=dt.date(2025, 2, 21), language="en"))
    assert "Riyadh</td>" in render_html(english)


def test_a_guessed_year_is_shown_as_uncertain() -> None:
    digests = (_digest("Les pourparlers ont commencé le 18 février 2025 à Riyad. Le 10 avril, "
                       "une deuxième série de pourparlers s'est tenue à Istanbul.", "a",
                       published=None),)
    edition = assemble(digests, (), EditionOptions(date=dt.date(2025, 4, 20)))
    assert [(e.date.iso(), e.year_inferred) for e in edition.chronology] == [
        ("2025-02-18", False), ("2025-04-10", True)]
    html = render_html(edition)
    assert html.count('class="uncertain"') == 2  # the entry's mark and the legend


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


@pytest.mark.parametrize("body, place", [
    ("Les délégations se sont réunies le 18 février 2025 à Riyad, en Arabie saoudite.",
     "Riyad"),
    ("The delegations met on February 18, 2025 in Riyadh to discuss the war in Ukraine.",
     "Riyad"),
    ("Les délégations ont évoqué la guerre en Ukraine le 18 février 2025 à Riyad.", "Riyad"),
    ("Un échange de prisonniers a eu lieu le 18 février 2025 au Yémen, selon le Hezbollah "
     "libanais.", "Yémen"),
    ("Le 4 août 2020, une explosion a ravagé le port de Beyrouth.", "Beyrouth"),
    ("On August 4, 2020, a blast tore through the port of Beirut, officials said.", "Beyrouth"),
    ("Le 12 mars 2025, les négociateurs se sont retrouvés à Djeddah pour une journée.",
     "Djeddah"),
    ("On March 3, 2025 the envoys met in Kennebunkport with the president.", None),
    ("Le 3 mars 2025, le président a parlé de la paix en Ukraine devant les députés.", None),
])
def test_the_place_is_where_the_event_happened(body: str, place: str | None) -> None:
    [event] = chronology.find_events(_article(body)).events
    assert event.place == place


def test_two_same_day_stories_stay_two_rows_and_one_story_in_three_articles_is_one() -> None:
    digests = (
        _digest("Mardi, Sergueï Lavrov et Marco Rubio se sont rencontrés à Riyad pour relancer "
                "le dialogue entre les deux pays.", "a"),
        _digest("On Tuesday, Sergei Lavrov and Marco Rubio met in Riyadh to restart talks "
                "between the two countries.", "b"),
        _digest("Sergueï Lavrov a rencontré mardi Marco Rubio pour relancer le dialogue entre "
                "Moscou et Washington, selon le Kremlin.", "c"),
        _digest("Mardi, le tribunal de Lyon a condamné l'ancien maire Jean Dupuis à deux ans de "
                "prison pour corruption.", "d"),
        _digest("Mardi, les infirmières ont manifesté devant le ministère de la Santé pour "
                "réclamer des hausses de salaire.", "e"),
    )
    merged = chronology.merge(digests, limit=10)
    assert sorted(e.sources for e in merged) == [("a", "b", "c"), ("d",), ("e",)]
    assert {e.date.iso() for e in merged} == {"2025-02-18"}


def test_different_places_never_merge() -> None:
    digests = (_digest("Le 18 février 2025, une réunion s'est tenue à Riyad entre les deux "
                       "délégations.", "a"),
               _digest("Le 18 février 2025, une réunion s'est tenue à Genève entre les deux "
                       "délégations.", "b"))
    assert len(chronology.merge(digests, limit=10)) == 2


def test_background_gets_its_own_cap_and_never_crowds_out_the_period() -> None:
    history = " ".join(f"Le {day} mars 2014, un accord de principe a été signé à Genève."
                       for day in range(1, 20))
    digests = (_digest(history + " Les délégations se sont réunies le 18 février 2025 à Riyad.",
                       "a"),)
    merged = chronology.merge(digests, limit=4,
                              period=(dt.date(2025, 2, 20), dt.date(2025, 2, 20)))
    assert [e.date.iso() for e in merged if not e.background] == ["2025-02-18"]
    assert len([e for e in merged if e.background]) == 2


def test_the_review_file_asks_to_check_a_guessed_year(tmp_path) -> None:
    from briefing import review

    digests = (_digest("Les pourparlers ont commencé le 18 février 2025 à Riyad. Le 10 avril, "
                       "une deuxième série de pourparlers s'est tenue à Istanbul.", "a",
                       published=None),)
    edition = assemble(digests, (), EditionOptions(date=dt.date(2025, 4, 20)))
    text = review.to_toml(review.from_edition(edition))
    assert text.count("check = ") == 1 and "year inferred" in text
    path = tmp_path / "review.toml"
    path.write_text(text, encoding="utf-8")
    kept = review.apply(edition, review.load(path))
    assert [e.year_inferred for e in kept.chronology] == [False, True]
    path.write_text(text.replace('check = "', '# check = "'), encoding="utf-8")
    confirmed = review.apply(edition, review.load(path))
    assert [e.year_inferred for e in confirmed.chronology] == [False, False]
    assert 'class="uncertain"' not in render_html(confirmed)


def test_a_clause_that_only_says_who_spoke_keeps_what_was_said_in_its_line() -> None:
    events = chronology.find_events(_article(
        "La campagne débutera \"le 13 mars\", comme l'a déclaré mardi 18 février le "
        "ministre de la Santé devant les députés.")).events
    said = [e.text for e in events if e.date.iso() == "2025-02-18"]
    assert said and not said[0].lower().startswith("comme")
    assert "débutera" in said[0]
