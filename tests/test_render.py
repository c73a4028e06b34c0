"""Rendering: untrusted article text stays text, assets come only from templates/."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefing import render
from briefing.cli import main
from briefing.edition import EditionOptions, assemble
from briefing.models import Article, Block, Digest, Sentence
from conftest import squash, write

HOSTILE = """Alerte <script>alert("x")</script> et calcul {{ 7*7 }} dans un titre piégé

Par Jean Test

Le Journal de l'Essai, 3 mars 2025

Le texte de cet article contient une image <img src="file:///etc/passwd"> et un lien <link rel="attachment" href="file:///etc/hostname"> qui ne doivent jamais être suivis par le moteur de rendu du rapport.
"""


def test_hostile_article_stays_plain_text_in_pdf(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    write(inputs, "hostile.txt", HOSTILE)
    result = CliRunner().invoke(main, ["build", "--inputs", str(inputs), "--out", str(tmp_path),
                                       "--date", "2025-03-04", "--sentences", "3"])
    assert result.exit_code == 0, result.output
    pdf = PdfReader(tmp_path / "briefing-2025-03-04.pdf")
    text = "\n".join(page.extract_text() for page in pdf.pages)
    flat = squash(text)
    assert squash('<img src="file:///etc/passwd">') in flat
    assert "{{ 7*7 }}" in text and squash("<script>alert") in flat
    assert "49" not in text.replace("2025", "")
    passwd = Path("/etc/passwd").read_text(encoding="utf-8", errors="replace")
    assert "root:x:0:0" not in text and passwd.splitlines()[0] not in text
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    if len(hostname) >= 6:
        assert hostname not in text
    assert "/EmbeddedFiles" not in str(pdf.trailer["/Root"].get("/Names", {}))
    html = (tmp_path / "briefing-2025-03-04.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_fetcher_serves_templates_and_refuses_the_rest(caplog: pytest.LogCaptureFixture) -> None:
    folder = render.templates_dir()
    fetcher = render.safe_fetcher(folder)
    font = folder / "fonts" / "DejaVuSerif.ttf"
    assert fetcher.fetch(font.as_uri()).read(4) == font.read_bytes()[:4]
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    with caplog.at_level(logging.WARNING):
        for url in ("file:///etc/passwd", (folder / ".." / "pyproject.toml").as_uri(),
                    "http://127.0.0.1:9/x.png", "data:text/plain," + "a" * 70000):
            with pytest.raises(ValueError):
                fetcher.fetch(url)
    assert sum("refused to fetch" in r.message for r in caplog.records) == 4


def test_french_typography_and_labels() -> None:
    edition = _edition("fr", "Le ministre a dit : « non » ! Pourquoi ?")
    html = render.render_html(edition)
    assert "dit\u202f: «\u202fnon\u202f»\u202f! Pourquoi\u202f?" in html
    assert "Citations clés" in html and "samedi 1er mars 2025" in html
    assert 'lang="fr"' in html


def test_english_labels_and_no_french_spacing() -> None:
    html = render.render_html(_edition("en", "The minister said: no! Why?"))
    assert "The minister said: no! Why?" in html
    assert "Key quotes" in html and "Saturday 1 March 2025" in html


def test_atomic_write_leaves_old_file_on_failure(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "briefing.pdf"
    target.write_bytes(b"old")

    def explode(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(render.os, "replace", explode)
    with pytest.raises(OSError):
        render.write_atomic(target, b"new content")
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def _edition(language: str, sentence: str):
    article = Article(source="x.txt", id="abc", title="Titre", author=None, outlet="Outlet",
                      url=None, published=dt.date(2025, 3, 1), language=language,
                      blocks=(Block("paragraph", sentence),))
    line = Sentence(sentence, 0, len(sentence), 0, "paragraph")
    digest = Digest(article=article, summary=(line,), quotes=(), events=())
    return assemble((digest,), (), EditionOptions(date=dt.date(2025, 3, 1)))


def test_missing_pango_is_one_line_saying_what_to_install(tmp_path: Path, monkeypatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pango(name: str, *args: object, **kwargs: object):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open "
                          "shared object file: No such file or directory")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    inputs = tmp_path / "in"
    inputs.mkdir()
    write(inputs, "a.txt", HOSTILE)
    result = CliRunner().invoke(main, ["build", "--inputs", str(inputs), "--out", str(tmp_path),
                                       "--date", "2025-03-04"])
    assert result.exit_code == 1
    message = result.output.strip().splitlines()[-1]
    assert message.startswith("error: WeasyPrint cannot load the Pango library")
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in message
    assert "internal error" not in result.output
    assert not list(tmp_path.glob("briefing-*")), "a failed build wrote part of an edition"
