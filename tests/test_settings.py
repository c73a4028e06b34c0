"""briefing.toml: defaults, paths relative to the file, loud validation; week selection."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing import clock, settings
from briefing.build import select_week
from briefing.cli import main
from briefing.errors import ConfigError
from briefing.models import Article, Block
from conftest import ENGLISH_ARTICLE, FRENCH_ARTICLE, write


def test_without_a_file_the_defaults_sit_in_the_current_folder(tmp_path: Path) -> None:
    loaded = settings.load(None, tmp_path)
    assert (loaded.inputs, loaded.reports) == (Path("inputs"), Path("reports"))
    assert loaded.mail.security == "starttls" and loaded.edition.language == "auto"


def test_paths_are_relative_to_the_settings_file(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    write(folder, "briefing.toml", '[paths]\ninputs = "articles"\n[edition]\ntitle = "T"\n'
                                   '[mail]\nrecipients = ["a@example.org"]\n')
    monkeypatch.chdir(tmp_path)
    loaded = settings.load(folder / "briefing.toml", tmp_path)
    assert loaded.inputs == Path("project/articles") and loaded.reports == Path("project/reports")
    assert loaded.edition.title == "T" and loaded.mail.recipients == ("a@example.org",)


def test_every_bad_value_is_listed_at_once_and_unknown_keys_reported(tmp_path: Path,
                                                                     caplog) -> None:
    path = write(tmp_path, "briefing.toml", '[edition]\nlanguage = "de"\ncolour = "red"\n'
                                            '[mail]\nport = "587"\nsecurity = "tls"\n'
                                            '[extras]\nx = 1\n')
    with caplog.at_level(logging.WARNING), pytest.raises(ConfigError) as caught:
        settings.load(path, tmp_path)
    message = str(caught.value)
    for part in ("edition.language = 'de'", "mail.port = '587'", "mail.security = 'tls'"):
        assert part in message
    warnings = " ".join(r.getMessage() for r in caplog.records)
    assert "edition.colour" in warnings and "'extras'" in warnings


def test_cli_values_win_over_the_file(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "inputs").mkdir()
    write(tmp_path / "inputs", "a.txt", FRENCH_ARTICLE)
    write(tmp_path, "briefing.toml", '[edition]\ntitle = "Titre du fichier"\n')
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--date", "2025-03-13"]).exit_code == 0
    assert "Titre du fichier" in (tmp_path / "reports" / "briefing-2025-03-13.json").read_text()
    assert runner.invoke(main, ["build", "--date", "2025-03-13", "--title", "Autre"]).exit_code == 0
    assert '"Autre"' in (tmp_path / "reports" / "briefing-2025-03-13.json").read_text()


def _article(source: str, published: dt.date | None) -> Article:
    return Article(source=source, id=source, title="t", author=None, outlet=None, url=None,
                   published=published, language="fr",
                   blocks=(Block("paragraph", "Un paragraphe."),))


def test_week_selection_leaves_out_other_weeks_and_undated(caplog) -> None:
    digests = [_article("in.txt", dt.date(2025, 2, 18)),
               _article("out.txt", dt.date(2025, 2, 25)), _article("undated.txt", None)]
    with caplog.at_level(logging.WARNING):
        kept, left = select_week(digests, clock.parse_week("2025-W08"), include_undated=False)
    assert [d.id for d in kept] == ["in.txt"]
    assert [(s.source, s.reason) for s in left] == [
        ("out.txt", "published 2025-02-25, outside 2025-W08"),
        ("undated.txt", "undated, left out of 2025-W08")]
    assert any("undated.txt" in r.getMessage() for r in caplog.records)
    kept, _ = select_week(digests, (2025, 8), include_undated=True)
    assert [d.id for d in kept] == ["in.txt", "undated.txt"]


def test_bad_week_is_a_usage_error() -> None:
    assert CliRunner().invoke(main, ["draft", "--week", "2025-W60"]).exit_code == 2
    with pytest.raises(ConfigError):
        clock.parse_week("week 8")


def test_draft_with_week_through_the_cli(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "inputs").mkdir()
    write(tmp_path / "inputs", "fr.txt", FRENCH_ARTICLE)  # 12 March 2025: week 11
    write(tmp_path / "inputs", "en.txt", ENGLISH_ARTICLE)  # 14 March 2025: week 11
    write(tmp_path / "inputs", "old.txt", "Les pêcheurs bretons manifestent contre les quotas\n\n"
          "Le Télégramme, 3 mars 2025\n\nPlusieurs centaines de pêcheurs ont manifesté lundi à "
          "Brest contre les nouveaux quotas de pêche fixés par la Commission européenne pour "
          "la saison, qu'ils jugent impossibles à respecter sans licenciements.\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["draft", "--date", "2025-03-16", "--week", "2025-W11"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("2 articles drafted, 1 left out")
    draft = (tmp_path / "reports" / "briefing-2025-03-16.draft.json").read_text("utf-8")
    assert "published 2025-03-03, outside 2025-W11" in draft


def test_readme_settings_example_matches_the_options_table() -> None:
    import re
    import tomllib

    from briefing import options
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Settings\n.*?```toml\n(.*?)```", readme, re.S)
    assert block, "README has no settings example"
    example = tomllib.loads(block.group(1))
    shown = {f"{table}.{key}": value for table, keys in example.items()
             for key, value in keys.items()}
    assert set(shown) == {option.key for option in options.OPTIONS}
    for option in options.OPTIONS:  # numbers in the example are the defaults
        if option.kind in (int, float):
            assert shown[option.key] == option.default, option.key
        assert option.accepts(shown[option.key]), option.key
