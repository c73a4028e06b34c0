"""End to end through the command line, on the sample inputs and on bad ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefing.cli import main
from conftest import ENGLISH_ARTICLE, FRENCH_ARTICLE, INPUTS, squash, write

DATE = "2025-02-21"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Build the samples once: the CLI result, the outputs and the PDF's text."""
    out = tmp_path_factory.mktemp("reports")
    result = CliRunner().invoke(main, ["build", "--inputs", str(INPUTS), "--out", str(out),
                                       "--date", DATE])
    pdf = out / f"briefing-{DATE}.pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages) if pdf.exists() else ""
    edition = json.loads((out / f"briefing-{DATE}.json").read_text(encoding="utf-8"))
    return {"result": result, "out": out, "pdf": pdf, "text": text, "edition": edition}


def test_build_prints_one_line_with_counts_and_pdf_path(built: dict) -> None:
    result = built["result"]
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"2 articles read, 0 skipped: {built['pdf']}"


def test_build_writes_pdf_html_and_json(built: dict) -> None:
    out = built["out"]
    for suffix in ("pdf", "html", "json"):
        assert (out / f"briefing-{DATE}.{suffix}").stat().st_size > 0
    assert not list(out.glob(".*.tmp")), "temporary files were left behind"


def test_pdf_shows_titles_summaries_and_written_date(built: dict) -> None:
    text = squash(built["text"])
    assert len(PdfReader(built["pdf"]).pages) >= 2
    assert squash("vendredi 21 février 2025") in text
    for article in built["edition"]["articles"]:
        assert squash(article["title"]) in text
        assert article["summary"], article["source"]
        for sentence in article["summary"]:
            assert squash(sentence) in text


def test_pdf_has_page_numbers_outline_and_metadata(built: dict) -> None:
    reader = PdfReader(built["pdf"])
    pages = len(reader.pages)
    assert f"page 1 / {pages}" in reader.pages[0].extract_text()
    outline_titles = [item.title for item in _flatten(reader.outline)]
    assert "Chronologie" in outline_titles and "Citations clés" in outline_titles
    for article in built["edition"]["articles"]:
        assert any(squash(article["title"]) == squash(title) for title in outline_titles)
    assert reader.metadata.title.startswith("Briefing de la semaine")
    assert reader.metadata.creation_date.date().isoformat() == DATE
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert "/StructTreeRoot" in reader.trailer["/Root"], "the PDF is not tagged"


def test_pdf_embeds_the_shipped_fonts_only(built: dict) -> None:
    reader = PdfReader(built["pdf"])
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]).split("+", 1)[-1])
            descendant = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"], font["/BaseFont"]
    assert fonts and all(name.startswith("Briefing-") for name in fonts), fonts


def test_edition_json_follows_the_contract(built: dict, edition_validator) -> None:
    edition_validator.validate(built["edition"])
    assert built["edition"]["date"] == DATE


def test_same_inputs_and_date_give_the_same_json(built: dict, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--inputs", str(INPUTS), "--out", str(tmp_path),
                                       "--date", DATE])
    assert result.exit_code == 0
    again = json.loads((tmp_path / f"briefing-{DATE}.json").read_text(encoding="utf-8"))
    assert again == built["edition"]


def test_date_defaults_to_source_date_epoch(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1740096000")  # 2025-02-21 00:00 UTC
    inputs = tmp_path / "in"
    inputs.mkdir()
    write(inputs, "a.txt", ENGLISH_ARTICLE)
    result = CliRunner().invoke(main, ["build", "--inputs", str(inputs), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "briefing-2025-02-21.pdf").exists()


def test_bad_inputs_are_skipped_with_one_line_each(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    write(inputs, "good.txt", FRENCH_ARTICLE)
    write(inputs, "empty.txt", "")
    write(inputs, "picture.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    write(inputs, "scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    write(inputs, "nul.txt", b"text\x00with\x00nul")
    write(inputs, "legacy.txt", ENGLISH_ARTICLE.replace("Geneva", "Genève").encode("cp1252"))
    before = {p.name: p.read_bytes() for p in inputs.iterdir()}
    result = CliRunner().invoke(main, ["build", "--inputs", str(inputs), "--out",
                                       str(tmp_path / "out"), "--date", DATE])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("2 articles read, 4 skipped:")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    for name, reason in (("empty.txt", "empty"), ("picture.txt", "PNG"), ("scan.txt", "PDF"),
                         ("nul.txt", "NUL")):
        assert sum(name in line and reason in line for line in warnings) == 1, warnings
    assert any("legacy.txt" in line and "cp1252" in line for line in warnings)
    assert {p.name: p.read_bytes() for p in inputs.iterdir()} == before, "inputs were modified"


def test_no_readable_article_is_an_error_and_no_pdf(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    write(inputs, "empty.txt", "  \n")
    result = CliRunner().invoke(main, ["build", "--inputs", str(inputs), "--out",
                                       str(tmp_path / "out"), "--date", DATE])
    assert result.exit_code == 1
    assert "error: no readable article" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2  # the skip warning and the error
    assert not list((tmp_path / "out").glob("*.pdf")) if (tmp_path / "out").exists() else True


def test_strict_turns_warnings_into_failure(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(INPUTS, inputs)  # article 004 has no publication date: a warning
    result = CliRunner().invoke(main, ["build", "--strict", "--inputs", str(inputs), "--out",
                                       str(tmp_path / "out"), "--date", DATE])
    assert result.exit_code == 1
    assert "--strict" in result.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--date", "21/02/2025"]).exit_code == 2
    assert runner.invoke(main, ["build", "--lang", "de"]).exit_code == 2
    assert runner.invoke(main, ["extract"]).exit_code == 2
    assert runner.invoke(main, ["frobnicate"]).exit_code == 2


def test_every_command_has_help() -> None:
    runner = CliRunner()
    for args in ([], ["build"], ["extract"], ["draft"], ["approve"], ["status"], ["send"],
                 ["eval"], ["eval", "summaries"], ["eval", "quotes"], ["eval", "chronology"]):
        result = runner.invoke(main, [*args, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def test_errors_are_one_line_unless_debug(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--inputs", str(tmp_path / "missing"),
                                       "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "is not a folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_extract_json_follows_the_contract_and_the_gold(article_validator, gold) -> None:
    files = sorted(str(p) for p in INPUTS.iterdir())
    result = CliRunner().invoke(main, ["extract", "--json", *files])
    assert result.exit_code == 0, result.output
    articles = json.loads(result.stdout)
    assert [a["source"] for a in articles] == files
    for article in articles:
        article_validator.validate(article)
        expected = gold["articles"][Path(article["source"]).name]
        for key in ("title", "author", "outlet", "published", "language"):
            assert article[key] == expected[key], key
        for phrase in expected["boilerplate_must_not_appear"]:
            assert phrase not in article["text"]
            assert all(phrase not in sentence for sentence in article["summary"])


def _flatten(outline: list) -> list:
    items = []
    for item in outline:
        items.extend(_flatten(item) if isinstance(item, list) else [item])
    return items
