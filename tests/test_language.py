"""Offline sentence splitting and word tokenising for French and English."""

from __future__ import annotations

from briefing.language import SumyTokenizer, detect_language, split_sentences, words


def test_french_abbreviations_do_not_split() -> None:
    assert split_sentences("M. Dupont est arrivé à 18 h. Il a parlé.", "fr") == [
        "M. Dupont est arrivé à 18 h.", "Il a parlé."]


def test_closing_quote_stays_with_its_sentence() -> None:
    text = 'Il a dit : "Bien sûr que non !", s\'est exclamé Hans Kluge. Puis il est parti.'
    assert split_sentences(text, "fr") == [
        'Il a dit : "Bien sûr que non !", s\'est exclamé Hans Kluge.', "Puis il est parti."]
    assert split_sentences("« C'est fini. » Il est parti.", "fr")[0].endswith("»")


def test_a_straight_mark_after_a_sentence_end_and_a_space_opens_the_next_quote() -> None:
    text = ('"Ca a toujours existé. Il faut une tenue correcte", a relevé le ministre, sur RTL. '
            '"C\'est le règlement. Ca relève du bon sens." Puis « Nous irons. » Et "oui." fin.')
    assert split_sentences(text, "fr") == [
        '"Ca a toujours existé.',
        'Il faut une tenue correcte", a relevé le ministre, sur RTL.',
        '"C\'est le règlement.', 'Ca relève du bon sens."', "Puis « Nous irons. »",
        'Et "oui." fin.']


def test_glued_paragraphs_are_split() -> None:
    assert split_sentences("un faux prétexte\".Le secrétaire général a parlé.", "fr") == [
        "un faux prétexte\".", "Le secrétaire général a parlé."]


def test_english_titles_do_not_split() -> None:
    assert split_sentences("Mr. Smith met Sen. Rubio on Feb. 18. They talked.", "en") == [
        "Mr. Smith met Sen. Rubio on Feb. 18.", "They talked."]


def test_french_elisions_are_split_from_words() -> None:
    assert words("L'ambiance qu'il aimait aujourd'hui") == [
        "L'", "ambiance", "qu'", "il", "aimait", "aujourd'hui"]
    assert SumyTokenizer("fr").to_words("L'ambiance à 20 %") == ("ambiance", "à")


def test_language_detection_offline() -> None:
    assert detect_language("Les ministres se sont réunis mardi à Genève pour discuter.") == "fr"
    assert detect_language("The ministers met in Geneva on Tuesday to discuss trade.") == "en"
    assert detect_language("42 !") is None
