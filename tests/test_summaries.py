"""The summariser: measured quality gate, briefing rules, robustness, the eval command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing import evaluate, summarise
from briefing.cli import main
from briefing.clean import clean
from briefing.models import Article, Block
from briefing.summarise import Budget, SummaryOptions
from conftest import FRENCH_ARTICLE, TESTS
from test_clean import _raw

BASELINE = json.loads((TESTS / "quality" / "baseline.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gate_scores() -> dict[str, evaluate.SystemScore]:
    config = BASELINE["summaries"]
    examples = evaluate.load_examples(TESTS.parent / config["data"])
    budget = Budget(sentences=config["sentences"])
    wanted = ["briefing (default)", "lead-2", "sumy lexrank"]
    return {score.name: score for score, _ in evaluate.evaluate(examples, budget, wanted)}


def test_quality_gate_default_stays_above_pinned_floors(gate_scores) -> None:
    floors = BASELINE["summaries"]["floors"]
    default = gate_scores["briefing (default)"]
    assert default.rouge1 >= floors["rouge1"], default
    assert default.rouge2 >= floors["rouge2"], default
    assert default.rougeL >= floors["rougeL"], default


def test_default_beats_lead_2_and_lexrank_on_the_gate_subset(gate_scores) -> None:
    default, lead, lexrank = (gate_scores[n] for n in ("briefing (default)", "lead-2",
                                                       "sumy lexrank"))
    assert (default.rouge1, default.rouge2, default.rougeL) > (lead.rouge1, 0, 0)
    assert default.rouge2 > lead.rouge2 and default.rougeL > lead.rougeL
    assert default.rouge1 >= lexrank.rouge1 + 2


def test_accent_tokenizer_keeps_accented_letters() -> None:
    assert evaluate.AccentTokenizer().tokenize("Préoccupations d'été, 2025 !") == [
        "préoccupations", "d", "été", "2025"]


def _article(*blocks: Block, title: str | None = "Titre") -> Article:
    return Article(source="t.txt", id="t", title=title, author=None, outlet=None, url=None,
                   published=None, language="fr", blocks=blocks)


def test_headings_and_quotations_are_never_summary_sentences() -> None:
    text = FRENCH_ARTICLE + ("\n# Les ministres des Affaires étrangères se sont réunis à Genève\n\n"
                             "Le ministre a déclaré :\n\nLes ministres des Affaires étrangères "
                             "de six pays ont eu raison de se réunir mardi à Genève.\n")
    article = clean(_raw(text))
    excluded = {b.text for b in article.blocks if b.kind in ("heading", "quotation")}
    summary = summarise.summarise(article, SummaryOptions(Budget(sentences=5))).sentences
    assert summary and not excluded & {sentence.text for sentence in summary}


def test_bullet_fragments_are_used_only_when_prose_runs_short() -> None:
    prose = ("Les négociateurs se sont réunis à Genève pendant deux jours entiers. "
             "Ils ont adopté un calendrier commun pour les prochaines semaines.")
    with_prose = _article(Block("paragraph", prose),
                          Block("bullet", "Une réunion technique se tiendra à Vienne en avril"))
    summary = summarise.summarise(with_prose, SummaryOptions(Budget(sentences=3))).sentences
    assert all(sentence.text in prose for sentence in summary)


def test_no_two_summary_sentences_say_the_same_thing() -> None:
    repeated = ("Les ministres des Affaires étrangères de six pays se sont réunis mardi à Genève "
                "pour discuter de la reprise des négociations commerciales.")
    text = FRENCH_ARTICLE.replace("Ils ont adopté", repeated + " Ils ont adopté")
    summary = summarise.summarise(clean(_raw(text)), SummaryOptions(Budget(sentences=4)))
    assert sum("six pays se sont réunis mardi" in s.text for s in summary.sentences) <= 1


@pytest.mark.parametrize("body", ["", "?!… ; —", "12 345 678 90.", "Un seul énoncé suffit ici."])
def test_degenerate_articles_give_no_crash_and_a_warning(body: str) -> None:
    article = _article(Block("paragraph", body)) if body else _article()
    summary = summarise.summarise(article, SummaryOptions())
    assert summary.warnings
    assert len(summary.sentences) <= 1


def test_very_long_article_is_capped_with_a_warning() -> None:
    people = ["Le négociateur", "La ministre", "Le porte-parole", "L'ambassadrice", "Le délégué"]
    verbs = ["a présenté", "a contesté", "a défendu", "a résumé", "a critiqué", "a salué", "a lu"]
    topics = ["le calendrier des travaux", "les sanctions bancaires", "la reprise des vols",
              "le statut des diplomates", "les échanges de prisonniers", "la sécurité nucléaire",
              "les exportations agricoles", "le contrôle des armements", "la question énergétique",
              "les visas étudiants", "le sort des ambassades"]
    sentences = [f"{people[i % 5]} {verbs[i % 7]} {topics[i % 11]} devant la commission {i}."
                 for i in range(2000)]
    blocks = tuple(Block("paragraph", " ".join(sentences[i:i + 10])) for i in range(0, 2000, 10))
    summary = summarise.summarise(_article(*blocks), SummaryOptions())
    assert len(summary.sentences) == 2  # the default budget
    assert any("first 400 of 2000 sentences" in w for w in summary.warnings)


def test_word_and_ratio_budgets() -> None:
    article = clean(_raw(FRENCH_ARTICLE))
    by_words = summarise.summarise(article, SummaryOptions(Budget(sentences=None, words=40)))
    assert sum(len(s.text.split()) for s in by_words.sentences) <= 40 or len(by_words.sentences) == 1
    by_ratio = summarise.summarise(article, SummaryOptions(Budget(sentences=None, ratio=0.5)))
    assert len(by_ratio.sentences) == 4


def test_same_input_same_summary() -> None:
    article = clean(_raw(FRENCH_ARTICLE))
    first = summarise.summarise(article, SummaryOptions())
    assert all(summarise.summarise(article, SummaryOptions()) == first for _ in range(3))


def test_eval_command_prints_the_table_and_dumps(tmp_path: Path) -> None:
    data = tmp_path / "three.jsonl"
    lines = [json.dumps({"id": str(i), "title": "Genève", "text": FRENCH_ARTICLE.split("\n\n", 3)[3],
                         "summary": "Les ministres se sont réunis à Genève."}) for i in range(3)]
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dump = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(main, ["eval", "summaries", str(data), "--sentences", "2",
                                       "--dump", str(dump)])
    assert result.exit_code == 0, result.output
    for name in ("briefing (default)", "sumy lexrank", "sumy lsa", "sumy luhn",
                 "sumy textrank", "lead-2"):
        assert f"| {name} |" in result.stdout
    assert "| lead-1 |" not in result.stdout and "oracle" not in result.stdout
    rows = [json.loads(line) for line in dump.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["0", "1", "2"]
    assert all(1 <= len(row["summary"]) <= 2 for row in rows)


def _three(tmp_path: Path) -> Path:
    data = tmp_path / "three.jsonl"
    body = FRENCH_ARTICLE.split("\n\n", 3)[3]
    lines = [json.dumps({"id": str(i), "title": "Genève", "text": body,
                         "summary": "Les ministres se sont réunis à Genève."}) for i in range(3)]
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data


def _rows(output: str) -> dict[str, list[str]]:
    return {cells[1].strip(): [c.strip() for c in cells[2:-1]]
            for cells in (line.split("|") for line in output.splitlines())
            if len(cells) > 3 and cells[1].strip() not in ("system", "---")}


def test_eval_word_budget_applies_to_every_system_and_names_limit_the_table(tmp_path) -> None:
    result = CliRunner().invoke(main, ["eval", "summaries", str(_three(tmp_path)), "--words",
                                       "12", "--system", "lead", "--system", "briefing",
                                       "--system", "oracle"])
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    assert set(rows) == {"briefing (default)", "lead (12 words)",
                         "oracle (knowing the reference)"}
    longer = _rows(CliRunner().invoke(main, ["eval", "summaries", str(_three(tmp_path)),
                                             "--words", "60", "--system", "lead", "--system",
                                             "briefing", "--system", "oracle"]).stdout)
    for name in ("briefing (default)", "lead (12 words)"):  # whole sentences, fewer of them
        assert int(rows[name][3]) < int(longer[name.replace("12", "60")][3]), name
    assert float(rows["oracle (knowing the reference)"][0]) >= float(
        rows["lead (12 words)"][0])


def test_eval_lead_follows_the_sentence_budget_and_unknown_names_are_refused(tmp_path) -> None:
    data = _three(tmp_path)
    one = CliRunner().invoke(main, ["eval", "summaries", str(data), "--sentences", "1",
                                    "--system", "lead"])
    assert set(_rows(one.stdout)) == {"lead-1"}
    unknown = CliRunner().invoke(main, ["eval", "summaries", str(data), "--system", "bart"])
    assert unknown.exit_code == 1 and "no system named 'bart'" in unknown.stderr


def test_eval_rejects_both_budgets(tmp_path: Path) -> None:
    data = tmp_path / "x.jsonl"
    data.write_text("{}\n")
    result = CliRunner().invoke(main, ["eval", "summaries", str(data), "--sentences", "2",
                                       "--words", "50"])
    assert result.exit_code == 2


def test_overview_is_one_line_per_story_never_a_summary_line() -> None:
    import datetime as dt
    from dataclasses import replace as replace_
    from briefing.edition import EditionOptions, assemble
    from briefing.models import Digest

    digests = []
    for key, title in (("a", "Sommet de Genève : les ministres s'accordent sur un calendrier"),
                       ("b", "Que va dire le président dimanche soir ?")):
        body = FRENCH_ARTICLE if key == "a" else (
            "Titre\n\nLe président s'exprimera dimanche soir à la télévision sur la crise "
            "sanitaire. Les restaurants pourraient rouvrir à la mi-juin selon ses proches. Les "
            "syndicats de l'hôtellerie attendent des annonces sur les aides de l'État. Les "
            "maires demandent plus de souplesse pour les terrasses cet été dans les villes.\n")
        article = replace_(clean(_raw(body)), id=key, title=title)
        summary = summarise.summarise(article, SummaryOptions()).sentences
        digests.append(Digest(article=article, summary=summary, quotes=(), events=()))
    edition = assemble(tuple(digests), (), EditionOptions(date=dt.date(2025, 3, 14)))
    summaries = {s.text for d in edition.digests for s in d.summary}
    lines = [line.text for line in edition.overview]
    assert lines[0] == "Sommet de Genève : les ministres s'accordent sur un calendrier"
    assert not set(lines) & summaries  # a question as title: a sentence the summary lacks
    assert len(lines) == len(set(lines)) <= 2
