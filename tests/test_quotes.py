"""Quotes and speakers: one short article per pattern, in French and English."""

from __future__ import annotations

from briefing.clean import clean
from briefing.quotes import find_quotes
from test_clean import _raw

HEADER_FR = "Les négociations reprennent entre les deux pays voisins\n\nPar Anne Rivière\n\n"
HEADER_EN = "Talks resume between the two neighbouring countries\n\nBy Tom Hale\n\n"


def _quotes(body: str, header: str = HEADER_FR):
    return find_quotes(clean(_raw(header + body)))


def _only(body: str, header: str = HEADER_FR):
    quotes = _quotes(body, header)
    assert len(quotes) == 1, quotes
    return quotes[0]


def test_guillemets_with_and_without_inner_spaces() -> None:
    quotes = _quotes("Le ministre des Affaires étrangères, Paul Lenoir, a déclaré mardi : "
                     "« Nous ne signerons rien sans garanties solides. » Plus tard, la "
                     "porte-parole Claire Morin a ajouté :«Le calendrier reste ouvert à discussion.»"
                     " La séance a été levée vers midi, selon les organisateurs.")
    assert [(q.text, q.speaker, q.kind) for q in quotes] == [
        ("Nous ne signerons rien sans garanties solides.", "Paul Lenoir", "full"),
        ("Le calendrier reste ouvert à discussion.", "Claire Morin", "full")]


def test_single_guillemets_and_according_to() -> None:
    french = _only("Le porte-parole Marc Aubert a répondu : ‹ Nous étudierons cette proposition "
                   "avec attention. › Aucune date n'a été fixée pour la suite.")
    assert (french.text, french.speaker, french.kind) == (
        "Nous étudierons cette proposition avec attention.", "Marc Aubert", "full")
    english = _only("According to Reuters, the envoys described the meeting as \"a first step "
                    "toward normal relations\". No date was set.", HEADER_EN)
    assert (english.speaker, english.kind) == ("Reuters", "partial")


def test_nested_guillemets_are_one_quote() -> None:
    quote = _only("« Ils parlent d'une « paix juste », mais rien ne change sur le terrain », "
                  "a estimé Jean Dufour, député de la majorité, lors d'un point presse.")
    assert quote.text == "Ils parlent d'une « paix juste », mais rien ne change sur le terrain"
    assert quote.speaker == "Jean Dufour" and quote.kind == "full"


def test_curly_and_straight_quotes_in_english() -> None:
    quotes = _quotes("“We are not there yet,” said Secretary of State Marco Rubio on Tuesday. "
                     'Later, Senator Ann Blake told reporters: "This is a long process that will '
                     'take months of work." The meeting ended at noon.', HEADER_EN)
    assert [(q.text, q.speaker, q.kind) for q in quotes] == [
        ("We are not there yet", "Marco Rubio", "full"),
        ("This is a long process that will take months of work.", "Ann Blake", "full")]


def test_statement_after_an_introducing_colon() -> None:
    body = ("Le chef de la diplomatie, Sergueï Lavrov, a donné une conférence de presse à Riyad. "
            "Et Lavrov de préciser :\n\nNous avons convenu de nommer rapidement de nouveaux "
            "ambassadeurs dans les deux capitales.\n\nLa suite des discussions reste incertaine, "
            "estiment les observateurs présents sur place.\n")
    quote = _quotes(body)[0]
    assert quote.text.startswith("Nous avons convenu de nommer")
    assert (quote.speaker, quote.kind) == ("Sergueï Lavrov", "full")


def test_dash_attribution() -> None:
    quote = _only("« C'est inacceptable pour nous » — Sergueï Lavrov, devant la presse réunie "
                  "à Moscou dans la soirée.")
    assert (quote.text, quote.speaker) == ("C'est inacceptable pour nous", "Sergueï Lavrov")


def test_split_quote_is_joined_with_one_speaker() -> None:
    french = _only("Le négociateur en chef, Marc Olivier, est resté prudent. « Nous avons avancé, "
                   "a-t-il dit, mais rien n'est encore signé. »")
    assert french.text == "Nous avons avancé, mais rien n'est encore signé."
    assert french.speaker == "Marc Olivier"
    english = _only("The chief negotiator, Helen Park, was cautious. “We made progress,” she "
                    "said, “but nothing has been signed yet.”", HEADER_EN)
    assert english.text == "We made progress, but nothing has been signed yet."
    assert english.speaker == "Helen Park" and english.kind == "full"


def test_pronoun_and_title_resolve_to_the_person_introduced() -> None:
    quotes = _quotes("Le ministre russe des Affaires étrangères, Sergueï Lavrov, est arrivé lundi. "
                     "Interrogé sur les sanctions, il a déclaré : « Nous n'attendons rien de "
                     "Bruxelles sur ce dossier. » Le lendemain, le ministre a affirmé que les "
                     "discussions étaient « difficiles mais utiles ».")
    assert [(q.speaker, q.kind) for q in quotes] == [("Sergueï Lavrov", "full"),
                                                     ("Sergueï Lavrov", "partial")]
    english = _quotes("Secretary of State Marco Rubio met his counterpart in Riyadh. Asked about "
                      "sanctions, the Secretary of State said the talks had been "
                      '"frank and useful". The delegations will meet again in May.', HEADER_EN)
    assert [(q.text, q.speaker) for q in english] == [("frank and useful", "Marco Rubio")]


def test_institution_is_the_speaker_when_it_is_the_source() -> None:
    quotes = _quotes('The US State Department said in a statement: "The embassy will resume '
                     'normal operations next month." According to the New York Times, the '
                     'move was "a surprise to European allies".', HEADER_EN)
    assert [(q.speaker, q.kind) for q in quotes] == [("US State Department", "full"),
                                                     ("New York Times", "partial")]


def test_scare_quotes_titles_and_terms_are_not_quotes() -> None:
    quotes = _quotes("La question est désormais de savoir « quand » et non « si » l'accord sera "
                     "conclu. Les délégués se sont réunis dans la salle des « pourparlers sur les "
                     "pourparlers ». L'ancien ambassadeur Pierre Vidal a présenté son livre "
                     "« Le Dernier Télégramme » à la presse jeudi.")
    assert quotes == ()


def test_unbalanced_quote_marks_neither_crash_nor_swallow_the_text() -> None:
    article = clean(_raw(HEADER_FR + "Le député Luc Martin a lancé : « Nous voterons contre ce "
                         "texte sans hésiter.\n\nLa séance a repris dans l'après-midi, selon "
                         "le compte rendu officiel. « Le débat continue », a déclaré le président "
                         "de séance, Henri Blanc.\n"))
    quotes = find_quotes(article)
    assert [(q.text, q.speaker) for q in quotes] == [("Le débat continue", "Henri Blanc")]
    assert "La séance a repris" in article.text


def test_unknown_speaker_is_none_never_a_guess() -> None:
    quote = _only("Sur une banderole déployée devant l'ambassade, on pouvait lire : « Paix et "
                  "justice pour tous les peuples de la région. »")
    assert quote.speaker is None and quote.kind == "full"


# ── key quotes across the edition, and the eval command ────────────────────

def test_key_quotes_merge_two_reports_and_translations_of_one_statement() -> None:
    import datetime as dt
    from briefing.edition import EditionOptions, assemble
    from briefing.models import Digest

    reports = {
        "a": "Le ministre Paul Lenoir a déclaré : « Nous ne signerons rien sans garanties "
             "solides de la part de nos partenaires. »",
        "b": "« Nous ne signerons rien sans des garanties solides de nos partenaires », a "
             "affirmé mardi Paul Lenoir devant les députés.",
        "c": "Paul Lenoir a prévenu : « Aucune signature sans garanties solides de nos "
             "partenaires, jamais. » Le député Jean Dufour a répondu : « Le gouvernement "
             "joue la montre depuis des mois. »",
    }
    digests = []
    for key, body in reports.items():
        article = clean(_raw(HEADER_FR + body + "\n", source=f"{key}.txt"))
        from dataclasses import replace
        article = replace(article, id=key)
        digests.append(Digest(article=article, summary=(), quotes=find_quotes(article),
                              events=()))
    edition = assemble(tuple(digests), (), EditionOptions(date=dt.date(2025, 3, 1),
                                                          key_quotes=8))
    lenoir = [q for q in edition.key_quotes if q.speaker == "Paul Lenoir"]
    assert len(lenoir) == 1 and sorted(lenoir[0].sources) == ["a", "b", "c"]
    assert [q.speaker for q in edition.key_quotes] == ["Paul Lenoir", "Jean Dufour"]
    one = assemble(tuple(digests), (), EditionOptions(date=dt.date(2025, 3, 1), key_quotes=1))
    assert len(one.key_quotes) == 1


def test_eval_quotes_command_scores_the_samples() -> None:
    from click.testing import CliRunner
    from briefing.cli import main
    from conftest import INPUTS, TESTS

    files = sorted(str(p) for p in INPUTS.iterdir())
    result = CliRunner().invoke(main, ["eval", "quotes", str(TESTS / "data" / "gold-seeds.json"),
                                       *files, "--by-rule", "--per-article"])
    assert result.exit_code == 0, result.output
    assert "| **gold-seeds** | 1.000 | 1.000 | 1.000 | 7 | 7 |" in result.stdout
    assert "| 004_38ad2cc56b79bc96.txt |" in result.stdout
    rules = [line for line in result.stdout.splitlines() if line.startswith("| speaker:")]
    assert rules and all(line.split("|")[3].strip() == "0" for line in rules), rules


def test_gold_scoring_follows_its_definitions() -> None:
    from briefing.gold import names_speaker, quote_matches, score_quotes
    from briefing.models import Quote

    assert quote_matches("« Quand les Intérêts nationaux coïncident, il faut »",
                         "Quand les interets nationaux")
    assert names_speaker("Sergueï Lavrov", "Sergueï Lavrov") and names_speaker("Lavrov",
                                                                            "Sergueï Lavrov")
    assert names_speaker("New York Times", "New York Times")
    assert not names_speaker("NYT", "New York Times") and not names_speaker(None, "X Y")
    gold = [{"speaker": "Ann Blake", "starts": "We will", "kind": "full"},
            {"speaker": "Tom Hale", "starts": "a long road", "kind": "partial"}]
    found = [Quote("We will sign", "Blake", "full"), Quote("Nobody knows", "X", "full"),
             Quote("a long road ahead", "Ann Blake", "partial"), Quote("odd", None, "partial")]
    score = score_quotes(found, gold)
    assert (score.recall, score.precision, score.speaker_accuracy) == (1.0, 0.5, 0.5)


# ── families of real news (issue: quotes on real news) ─────────────────────────

def _said(quotes, start: str):
    """The quote that begins with ``start``, as (text, speaker, kind)."""
    found = [q for q in quotes if q.text.startswith(start)]
    assert found, [q.text for q in quotes]
    return found[0]


def test_straight_quotes_glued_to_the_sentence_before_and_after_qu() -> None:
    quotes = _quotes("Le ministre Paul Lenoir a posé le dossier sur la table."
                     "\"Nous ne céderons pas sur ce point essentiel\", a-t-il prévenu. La "
                     "négociatrice Anne Morel a répondu qu'\"aucun accord ne sera signé sans "
                     "garanties\" dans les prochains jours.")
    first = _said(quotes, "Nous ne céderons pas")
    assert (first.speaker, first.kind) == ("Paul Lenoir", "full")
    second = _said(quotes, "aucun accord ne sera signé")
    assert second.speaker == "Anne Morel"


def test_speaker_after_the_quote_past_verb_time_addressee_and_apposition() -> None:
    quotes = _quotes("Le diplomate Iouri Ouchakov suivait les débats depuis Moscou. \"Nous "
                     "attendons des propositions concrètes de Washington\", a déclaré tôt vendredi "
                     "à la presse le conseiller diplomatique du Kremlin, Iouri Ouchakov.")
    assert _said(quotes, "Nous attendons").speaker == "Iouri Ouchakov"
    english = _quotes("Donald Trump landed in Alaska on Thursday. \"We had a very productive "
                      "meeting with the Russian side,\" Trump told reporters on Friday in "
                      "Anchorage.", HEADER_EN)
    assert _said(english, "We had a very productive").speaker == "Donald Trump"


def test_honorifics_name_the_person_in_full() -> None:
    quotes = _quotes("Kirill Dmitriev dirige le fonds souverain russe depuis 2011. Le procureur "
                     "Xavier Tarabeux a ouvert une enquête. \"Le dialogue économique reprendra "
                     "vite entre nos deux pays\", a affirmé mardi M. Dmitriev. \"L'enquête dira "
                     "ce qui s'est passé ce soir-là\", a réagi lundi M. Tarabeux.")
    assert _said(quotes, "Le dialogue économique").speaker == "Kirill Dmitriev"
    assert _said(quotes, "L'enquête dira").speaker == "Xavier Tarabeux"
    english = _quotes("Senator Lindsey Graham and Representative Nancy Pelosi spoke on Monday. "
                      "\"This bill will not pass the Senate this year,\" said Sen. Graham. "
                      "\"We will bring it back in January next year,\" Rep. Pelosi said.",
                      HEADER_EN)
    assert _said(english, "This bill").speaker == "Lindsey Graham"
    assert _said(english, "We will bring").speaker == "Nancy Pelosi"


def test_one_statement_over_sentences_paragraphs_and_after_an_incise() -> None:
    body = ("Iouri Ouchakov est le conseiller diplomatique du Kremlin. « Les discussions ont "
            "été utiles. Elles ont duré quatre heures », a déclaré Iouri Ouchakov. « Nous "
            "nous reverrons bientôt à Riyad pour la suite. »\n\n« Le calendrier sera fixé "
            "par les ministres\n\n« Rien n'est encore décidé sur le fond », a-t-il conclu.\n")
    quotes = _quotes(body)
    assert _said(quotes, "Les discussions ont été utiles").speaker == "Iouri Ouchakov"
    assert _said(quotes, "Nous nous reverrons bientôt").speaker == "Iouri Ouchakov"
    carried = _said(quotes, "Le calendrier sera fixé")  # a paragraph left open, continued
    assert (carried.speaker, carried.kind) == ("Iouri Ouchakov", "full")
    english = _quotes("Helen Park leads the delegation. “We made real progress,” Park wrote. "
                      "“The next round is set for March in Geneva.”", HEADER_EN)
    assert _said(english, "The next round").speaker == "Helen Park"
    assert _said(english, "The next round").speaker_rule == "continuation"


def test_reporting_verbs_are_an_open_class_and_sources_are_named() -> None:
    quotes = _quotes("La ministre Claire Vautrin a réuni les syndicats. \"Cette réforme est "
                     "injuste pour les retraités\", s'insurge le syndicaliste Marc Dorval. Selon "
                     "Claire Vautrin, \"le texte sera amendé avant l'été prochain\". D'après le "
                     "député Hugo Lenfant, \"rien ne changera vraiment\". Marc Dorval a déploré "
                     "sur France Inter : \"Le gouvernement ne nous écoute plus depuis des mois\".")
    assert _said(quotes, "Cette réforme").speaker == "Marc Dorval"
    assert _said(quotes, "le texte sera amendé").speaker == "Claire Vautrin"
    assert _said(quotes, "rien ne changera").speaker == "Hugo Lenfant"
    assert _said(quotes, "Le gouvernement ne nous").speaker == "Marc Dorval"
    english = _quotes("Senator Ann Blake met the envoy. \"The deal is bad for our farmers,\" "
                      "Blake complained. \"We need a vote before the recess,\" she insisted. "
                      "According to Tom Hale, \"the talks are over for this year\".", HEADER_EN)
    assert [_said(english, s).speaker for s in ("The deal", "We need", "the talks")] == [
        "Ann Blake", "Ann Blake", "Tom Hale"]


def test_pronouns_follow_the_subject_of_the_previous_clause_and_its_gender() -> None:
    quotes = _quotes("Marie Dubois a rencontré Paul Leroy jeudi à Genève. Elle a ensuite "
                     "répondu aux journalistes. \"Nous avons avancé sur tous les dossiers\", "
                     "a-t-elle déclaré. Paul Leroy est resté plus prudent. \"Il reste beaucoup "
                     "de travail avant un accord\", a-t-il estimé.")
    assert _said(quotes, "Nous avons avancé").speaker == "Marie Dubois"
    assert _said(quotes, "Il reste beaucoup").speaker == "Paul Leroy"
    english = _quotes("Ann Blake met Tom Hale in Vienna. She later spoke to the press. \"We "
                      "agreed on a timetable for the next talks,\" she said.", HEADER_EN)
    assert _said(english, "We agreed").speaker == "Ann Blake"


def test_the_outlet_is_the_addressee_and_a_described_source_stays_as_written() -> None:
    quotes = _quotes("Les négociations ont repris à Riyad. \"Les Américains veulent aller "
                     "très vite sur ce dossier\", a dit à l'AFP un membre de la délégation "
                     "russe.")
    quote = _said(quotes, "Les Américains veulent")
    assert quote.speaker == "membre de la délégation russe"
    english = _quotes("Talks resumed in Riyadh. \"The Americans want to move very fast on "
                      "this,\" a senior official told Reuters.", HEADER_EN)
    assert _said(english, "The Americans want").speaker == "senior official"


def test_headings_timestamps_and_slogans_are_not_quotes() -> None:
    article = ("Les manifestants ont défilé dans le calme samedi à Paris.\n\n"
               "# « La rue ne lâchera rien »\n\n"
               "Ils scandaient « Retrait, retrait ! » devant la préfecture.\n\n"
               "12:50 p.m.: la préfecture a compté 12 000 personnes.\n")
    assert _quotes(article) == ()


def test_each_quote_records_the_rules_that_found_and_named_it() -> None:
    quote = _only("« Nous signerons demain matin à Vienne », a déclaré le ministre Paul Lenoir "
                  "devant la presse.")
    assert (quote.rule, quote.speaker_rule, quote.speaker_how) == (
        "marks", "after-verb-speaker", "name")
    assert {"rule", "speaker_rule", "speaker_how", "start", "end"} <= set(quote.as_dict())


def test_a_subject_past_a_long_apposition_or_a_leading_time_clause_speaks() -> None:
    quotes = _quotes("Jean Dupont, 54 ans, maire de la commune depuis 2008 et président de "
                     "l'association des maires ruraux du département, a déclaré mardi, lors "
                     "d'une réunion publique, \"Nous ne fermerons pas l'école du village\".")
    assert _said(quotes, "Nous ne fermerons").speaker == "Jean Dupont"
    english = _quotes("Chelsea Clinton, 35, the daughter of former President Bill Clinton and "
                      "of the former secretary of state, said on Twitter on Monday, in "
                      "reference to her first child, \"Next summer, Charlotte is going to be "
                      "a big sister!\" Tuesday at Baldwin Wallace University in Berea, after "
                      "winning the primary, Gov. John Kasich said, \"I am getting ready to "
                      "rent a covered wagon.\"", HEADER_EN)
    assert _said(english, "Next summer").speaker == "Chelsea Clinton"
    assert _said(english, "I am getting ready").speaker == "John Kasich"


def test_a_known_outlet_is_a_source_and_as_it_reported_names_it() -> None:
    quotes = _quotes("Le maire a réuni son conseil lundi. Selon Le Parisien, \"le maire ne se "
                     "représentera pas aux prochaines élections\". Comme l'a rapporté Le Monde, "
                     "\"la décision a été prise il y a plusieurs semaines déjà\".")
    assert _said(quotes, "le maire ne se").speaker == "Le Parisien"
    assert _said(quotes, "la décision a été").speaker == "Le Monde"
    english = _quotes("The county held its dinner on Friday. As Politico reported, \"if the "
                      "primary were held on this evening, the mayor would win, and handily.\"",
                      HEADER_EN)
    assert _said(english, "if the primary").speaker == "Politico"


def test_a_verbs_object_after_a_quotation_is_no_speaker() -> None:
    quotes = _quotes("L'avocat Yves Morel, qui met en cause \"l'impartialité de la "
                     "juridiction\", a également demandé la délocalisation de l'affaire. \"Si "
                     "elle a été conduite aux urgences, c'est bien en raison du projectile\", "
                     "a-t-il insisté.")
    assert all(q.speaker != "délocalisation de l'affaire" for q in quotes)
    assert _said(quotes, "Si elle a été").speaker == "Yves Morel"


def test_a_relative_or_an_occupation_in_apposition_names_who_it_describes() -> None:
    quotes = _quotes("Sa mère, Gaëlle Vendrot, a lancé un appel sur Twitter en mai. Le chanteur "
                     "Amir lui a envoyé une carte. \"Les internautes sont devenus presque une "
                     "deuxième famille pour nous\", espère sa mère. Le producteur Jean-Marc "
                     "Dumontet rouvrait lundi cinq salles parisiennes. \"Cet échange avec vous "
                     "nous a beaucoup manqué\", conclut le producteur.")
    assert _said(quotes, "Les internautes").speaker == "Gaëlle Vendrot"
    assert _said(quotes, "Cet échange").speaker == "Jean-Marc Dumontet"
    english = _quotes("His wife, Jane Porter, wrote to the governor in May. The singer Amir "
                      "sent a card. \"The letters became a second family for us,\" his wife "
                      "said.", HEADER_EN)
    assert _said(english, "The letters").speaker == "Jane Porter"


def test_an_incise_the_writer_left_unmarked_and_a_reflexive_verb_name_the_speaker() -> None:
    quotes = _quotes("Le débat divise le parti. \"Je ferai le débat que j'ai proposé, s'est "
                     "insurgé Marc Dorval mardi dans les colonnes du Parisien. Mon adversaire "
                     "n'a cessé de se défiler depuis des semaines.\" Le parti n'a pas répondu.")
    quote = _said(quotes, "Je ferai le débat")
    assert quote.speaker == "Marc Dorval" and "s'est insurgé" not in quote.text
    assert "Mon adversaire n'a cessé" in quote.text
    english = _quotes("The party is divided. \"I will hold the debate I proposed, Ann Blake "
                      "insisted on Tuesday in the Herald. My rival has dodged it for weeks.\"",
                      HEADER_EN)
    assert _said(english, "I will hold").speaker == "Ann Blake"


def test_a_participle_clause_and_a_seat_of_power_keep_the_speaker() -> None:
    quotes = _quotes("Samedi, l'Élysée a condamné \"avec la plus grande fermeté cet acte "
                     "inqualifiable\", ajoutant que \"tout sera fait pour que les auteurs soient "
                     "traduits en justice\".")
    assert {q.speaker for q in quotes} == {"Élysée"} and len(quotes) == 2
    english = _quotes("On Saturday the White House condemned \"in the strongest terms this "
                      "vile act\", adding that \"everything will be done to bring the authors "
                      "to justice\".", HEADER_EN)
    assert {q.speaker for q in english} == {"White House"} and len(english) == 2


def test_a_demonstrative_description_points_back_to_the_person() -> None:
    quotes = _quotes("Blessé par un tir, Mark Moogalian a confié à la radio être inquiet. "
                     "\"L'accusé sera présent et c'est cela qui change tout pour nous\", a "
                     "expliqué ce professeur franco-américain.")
    assert _said(quotes, "L'accusé sera").speaker == "Mark Moogalian"
    english = _quotes("Wounded in the attack, Mark Moogalian told the radio he was nervous. "
                      "\"The accused will be there and that changes everything,\" this "
                      "teacher said.", HEADER_EN)
    assert _said(english, "The accused will").speaker == "Mark Moogalian"


def test_a_capitalised_title_word_is_no_name() -> None:
    quotes = _quotes("Le gouvernement n'a pas été formé. \"Vous vous en mordrez les doigts\", a "
                     "averti de son côté l'ancien Premier ministre Saad Hariri.")
    assert _said(quotes, "Vous vous en mordrez").speaker == "Saad Hariri"


def test_an_adjective_of_a_title_complement_gives_no_gender() -> None:
    quotes = _quotes("\"Merci à nos alliés pour leur soutien\", a réagi le chef de la diplomatie "
                     "américaine Mike Pompeo sur Twitter. \"Cela va renforcer la cause de la "
                     "paix entre nos pays\", a-t-il ajouté.")
    assert _said(quotes, "Cela va renforcer").speaker == "Mike Pompeo"
    said = _quotes("Le directeur de l'OMS Tedros Ghebreyesus a tenu une conférence. \"Continuez "
                   "quand c'est sous contrôle, c'est essentiel\", a souligné le responsable.")
    assert _said(said, "Continuez quand").speaker == "Tedros Ghebreyesus"


def test_the_head_title_gives_the_gender_not_its_complement() -> None:
    quotes = _quotes("Le premier adjoint à la maire de Paris, Emmanuel Grégoire, a tenu à "
                     "répondre. \"La police passe son temps à réévaluer les risques\", a-t-il "
                     "ajouté.")
    assert _said(quotes, "La police passe").speaker == "Emmanuel Grégoire"


def test_a_passive_question_is_the_askers_and_a_wire_dateline_is_no_subject() -> None:
    english = _quotes("Rubio was asked by moderator Gerard Baker whether his plan would risk "
                      "\"adding another expensive entitlement program to the federal budget.\" "
                      "WASHINGTON, June 10 (UPI) — Senator Ann Blake told a gathering she will "
                      "protect the program while her opponent wants to \"take America "
                      "backward.\"", HEADER_EN)
    assert _said(english, "adding another").speaker == "Gerard Baker"
    assert _said(english, "take America").speaker == "Ann Blake"
    quotes = _quotes("PARIS, 10 juin (AFP) — La ministre Claire Vautrin a promis aux syndicats "
                     "que la réforme serait \"amendée avant l'été, sans aucune exception\".")
    assert _said(quotes, "amendée avant").speaker == "Claire Vautrin"


def test_a_relative_clause_between_the_speaker_and_the_verb_is_passed() -> None:
    english = _quotes("\"The position comes only by virtue of a marriage,\" Melanne Verveer, who "
                      "served as chief of staff during the administration, told CBS News.",
                      HEADER_EN)
    assert _said(english, "The position").speaker == "Melanne Verveer"
    quotes = _quotes("\"Le poste ne s'obtient que par le mariage\", Marie Dubois, qui fut "
                     "directrice de cabinet pendant dix ans, a confié à France Inter.")
    assert _said(quotes, "Le poste ne").speaker == "Marie Dubois"


def test_a_speaker_after_a_semicolon_introduces_the_quotation() -> None:
    quotes = _quotes("Un des jeunes a été transporté à l'hôpital; Le maire de la commune a "
                     "témoigné mercredi au micro de RTL : \"Il y avait à peu près vingt-cinq "
                     "jeunes sur le terrain\".")
    assert _said(quotes, "Il y avait").speaker == "maire de la commune"


def test_a_quotation_paragraph_before_an_attributed_one_has_its_speaker() -> None:
    english = _quotes("Richard Viguerie is upbeat about the senator's chances.\n\n"
                      "\"Not only can he win in November, he has the best chance of winning.\"\n\n"
                      "\"He may be the only one who unites the party,\" Viguerie notes.",
                      HEADER_EN)
    assert _said(english, "Not only can").speaker == "Richard Viguerie"
    quotes = _quotes("Marie Dubois reste confiante.\n\n\"Nous pouvons gagner en novembre, et "
                     "nous avons la meilleure chance.\"\n\n\"Nous sommes les seuls à "
                     "rassembler le parti\", note Marie Dubois.")
    assert _said(quotes, "Nous pouvons gagner").speaker == "Marie Dubois"


def test_a_plus_sign_is_part_of_a_channel_name() -> None:
    quotes = _quotes("La journaliste a été placée à l'isolement. \"Les mesures sanitaires ont "
                     "été respectées\", avait précisé Canal+ au quotidien.")
    assert _said(quotes, "Les mesures sanitaires").speaker == "Canal+"


def test_an_organisation_noun_is_no_outlet_named_as_addressee() -> None:
    quotes = _quotes("Le troupeau a été contaminé le 21 mars \"par des antibiotiques interdits "
                     "contenus dans l'aliment\", explique à Ouest-France le collectif.")
    assert _said(quotes, "par des antibiotiques").speaker == "collectif"
    paper = _quotes("Le Parisien a publié l'entretien samedi. \"Nous ne reculerons pas sur ce "
                    "point\", précise le quotidien.")
    assert _said(paper, "Nous ne reculerons").speaker == "Le Parisien"


def test_a_document_past_a_dated_modifier_speaks_for_its_author() -> None:
    english = _quotes("The veterans complained again. A Feb. 1 letter from the American Legion "
                      "obtained by a reporter warns that \"any further communication will be "
                      "through our trademark attorney.\"", HEADER_EN)
    assert _said(english, "any further").speaker == "American Legion"
    quotes = _quotes("Les anciens combattants ont protesté. Une nouvelle lettre de la FNACA "
                     "prévient que \"toute communication passera désormais par notre avocat\".")
    assert _said(quotes, "toute communication").speaker == "FNACA"


def test_two_quotations_joined_by_a_few_words_share_the_speaker() -> None:
    nobody = _quotes("Il a présenté ses excuses pour son \"incapacité\" à réaliser leurs "
                     "\"aspirations à un gouvernement réformiste\".")
    assert all(q.speaker != "son" for q in nobody)
    quotes = _quotes("Pour la ministre Claire Vautrin, cette réforme \"pousserait les "
                     "loyers encore plus haut\" et \"nuirait à des millions de locataires\".")
    assert {q.speaker for q in quotes} == {"Claire Vautrin"} and len(quotes) == 2
    english = _quotes("On Thursday, Senator Ann Blake described the bill as \"a disaster for "
                      "the farmers of the state\", because \"it cuts every subsidy they rely "
                      "on\".", HEADER_EN)
    assert {q.speaker for q in english} == {"Ann Blake"} and len(english) == 2
