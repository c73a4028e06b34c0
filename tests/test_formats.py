"""Each input format: saved pages, feeds and lists of addresses served on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
import time
from pathlib import Path
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from briefing import build, dedupe
from briefing.clean import clean
from briefing.cli import main
from briefing.errors import InputError
from briefing.read import ReadOptions, read_feed, read_html, read_path
from conftest import FRENCH_ARTICLE, TESTS, write

DATA = TESTS / "data"
OPTIONS = ReadOptions()


def _articles(path: Path, options: ReadOptions = OPTIONS):
    batch = read_path(path, options)
    return [clean(document) for document in batch.documents], batch.failures


def test_saved_page_gives_main_text_and_stated_metadata() -> None:
    [article], failures = _articles(DATA / "page-cluttered.html")
    assert not failures
    assert article.title == "Envoys resume talks on embassy staffing"
    assert (article.author, article.outlet) == ("Nora Whitfield", "The Harbour Times")
    assert article.published == dt.date(2025, 4, 11) and article.language == "en"
    assert article.text.startswith("Diplomats from both countries met in Istanbul")
    for clutter in ("TRACKING-SCRIPT-TEXT", "STYLE-RULE-TEXT", "cookies", "Related stories",
                    "Markets rally", "newsletter", "©", "All rights reserved", "Share on",
                    "Privacy policy", "Delegates arrive", "Home", "Politics"):
        assert clutter not in article.text, clutter


def test_page_headings_and_lists_keep_their_structure() -> None:
    [article], _ = _articles(DATA / "page-geneva.html")
    kinds = [(block.kind, block.text) for block in article.blocks]
    assert ("heading", "Un calendrier serré") in kinds
    assert ("bullet", "Trois rencontres avant l'été") in kinds
    assert ("bullet", "Un projet d'accord en avril") in kinds
    assert article.url == "https://courrier.example/geneve"


def test_malformed_html_still_gives_its_text() -> None:
    page = ("<html><body><div><p>Les négociateurs se sont quittés tard dans la nuit sans "
            "parvenir à un accord, a indiqué un diplomate présent à la réunion de Genève."
            "<p>Ils doivent se retrouver <b>la semaine prochaine pour reprendre les discussions "
            "sur le calendrier des travaux techniques.<div></span></body>").encode()
    [document] = read_html("broken.html", page, OPTIONS).documents
    assert "sans parvenir à un accord" in document.text
    assert "reprendre les discussions" in document.text


def test_html_file_without_html_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not an HTML page"):
        read_html("notes.html", b"just a line of text, no markup at all", OPTIONS)


def test_rss_entries_are_articles_with_their_metadata() -> None:
    articles, failures = _articles(DATA / "feed.rss")
    assert not failures and len(articles) == 2
    first, second = articles
    assert first.source.endswith("feed.rss#1") and second.source.endswith("feed.rss#2")
    assert first.title == "Reprise des discussions sur les consulats"
    assert first.author == "Paul Marchand" and first.outlet == "Le Veilleur diplomatique"
    assert first.published == dt.date(2025, 4, 11)
    assert first.url == "https://veilleur.example/consulats"
    assert "alert" not in first.text
    assert [b.text for b in second.blocks if b.kind == "bullet"] == [
        "Un cessez-le-feu sur les infrastructures énergétiques", "Un échange de prisonniers"]


def test_atom_entry_is_an_article() -> None:
    [article], _ = _articles(DATA / "feed.atom")
    assert (article.title, article.author, article.outlet) == (
        "Kremlin says normalisation is at an early stage", "Ilse Brandt", "Northern Ledger")
    assert article.published == dt.date(2025, 4, 14) and article.language == "en"


def test_xml_that_is_not_a_feed_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        read_feed("data.xml", b"<?xml version='1.0'?><catalog><book/></catalog>", OPTIONS)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=1500))
def test_any_bytes_as_html_or_feed_give_documents_or_an_input_error(data: bytes) -> None:
    for reader in (read_html, read_feed):
        try:
            batch = reader("any", data, OPTIONS)
        except InputError:
            continue
        assert all(document.text.strip() for document in batch.documents)


# ── addresses, fetched from a server on 127.0.0.1 ──────────────────────────

class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        page = (DATA / "page-cluttered.html").read_bytes()
        routes = {
            "/page": (200, "text/html; charset=utf-8", page),
            "/note": (200, "text/plain; charset=utf-8", FRENCH_ARTICLE.encode()),
            "/feed": (200, "application/rss+xml", (DATA / "feed.rss").read_bytes()),
            "/big": (200, "text/html", b"<p>" + b"x" * 5000 + b"</p>"),
            "/image": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
        }
        if self.path == "/to-file":
            self._redirect("file:///etc/passwd")
        elif self.path == "/to-page":
            self._redirect("/page")
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send(200, "text/html", page)
        elif self.path in routes:
            self._send(*routes[self.path])
        else:
            self._send(404, "text/plain", b"not found")

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.end_headers()

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_url_list_fetches_pages_feeds_and_text(server: str, tmp_path: Path) -> None:
    urls = write(tmp_path, "week.urls", f"# this week\n{server}/page\n\n{server}/feed\n"
                                        f"{server}/note\n{server}/to-page\n")
    articles, failures = _articles(urls)
    assert not failures
    assert [a.source for a in articles] == [f"{server}/page", f"{server}/feed#1",
                                            f"{server}/feed#2", f"{server}/note",
                                            f"{server}/page"]
    assert articles[0].url == f"{server}/page" and articles[0].outlet == "The Harbour Times"
    assert articles[3].title.startswith("Sommet de Genève")


def test_url_list_refuses_what_it_must(server: str, tmp_path: Path) -> None:
    urls = write(tmp_path, "bad.urls", "\n".join([
        f"{server}/to-file", f"{server}/big", f"{server}/slow", f"{server}/missing",
        f"{server}/image", "ftp://127.0.0.1/file.txt", "file:///etc/passwd"]))
    batch = read_path(urls, ReadOptions(max_bytes=2000, timeout=0.5))
    assert batch.documents == ()
    reasons = {failure.source.rsplit("/", 1)[-1]: failure.reason for failure in batch.failures}
    assert "redirect refused" in reasons["to-file"]
    assert "2000-byte limit" in reasons["big"]
    assert "0.5 s" in reasons["slow"] or "timed out" in reasons["slow"]
    assert "404" in reasons["missing"]
    assert "image/png" in reasons["image"]
    assert "only http and https" in reasons["file.txt"]
    assert "only http and https" in reasons["passwd"]


def test_build_counts_failed_addresses_as_skipped(server: str, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    write(inputs, "week.urls", f"{server}/page\n{server}/missing\n")
    result = CliRunner().invoke(main, ["build", "--inputs", str(inputs), "--out",
                                       str(tmp_path / "out"), "--date", "2025-04-12"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1 articles read, 1 skipped:")
    assert f"skipped {server}/missing: the server answered 404" in result.stderr


# ── duplicates ──────────────────────────────────────────────────────────────

def test_the_same_page_twice_is_kept_once_with_a_warning(tmp_path: Path, caplog) -> None:
    first = write(tmp_path, "a-original.txt", FRENCH_ARTICLE)
    copy = FRENCH_ARTICLE.replace("Par Claire Dumont\n\n", "") + (
        "\nPartagez cet article :\n\nCopyright © Le Relais 2025\n")
    second = write(tmp_path, "b-copy.txt", copy)
    other = write(tmp_path, "c-other.txt", FRENCH_ARTICLE.replace(
        "Les ministres des Affaires étrangères de six pays", "Les délégués").split("\n\n", 3)[0]
        + "\n\nUne tout autre histoire se déroule à Lisbonne, où les pêcheurs protestent "
          "contre les nouveaux quotas fixés par la Commission pour la sardine cette saison.\n")
    documents, _ = build.read_all([first, second, other], OPTIONS)
    articles, _ = build.clean_all(documents)
    articles, skipped = dedupe.drop_duplicates(articles)
    assert [a.source for a in articles] == [str(first), str(other)]
    assert [(s.source, s.reason) for s in skipped] == [
        (str(second), f"same page as {first}")]
    assert any(str(first) in r.message and str(second) in r.message for r in caplog.records)
