"""Hostile and clumsy inputs: each one is skipped (or read) with a clear reason, and the
rest of the week is built. Times are not asserted here (see benchmarks/); what is
asserted is that a run over each input ends, with the article's text bounded."""

from __future__ import annotations

import datetime as dt
import http.server
import os
import threading
import time
from pathlib import Path
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from briefing import build, clean, language, summarise
from briefing.cli import main
from briefing.errors import InputError
from briefing.read import ReadOptions, read_feed, read_html, read_path, read_text
from conftest import ENGLISH_ARTICLE, FRENCH_ARTICLE, write

OPTIONS = ReadOptions()
BODY = FRENCH_ARTICLE.split("\n\n", 3)[3]  # the paragraphs, without title and byline


def _feed(items: bytes, declaration: bytes = b'<?xml version="1.0"?>') -> bytes:
    return (declaration + b"<rss version='2.0'><channel><title>Le Courrier</title>"
            + items + b"</channel></rss>")


def _item(title: bytes, body: bytes) -> bytes:
    return (b"<item><title>" + title + b"</title><pubDate>Wed, 12 Mar 2025 08:00:00 GMT"
            b"</pubDate><description><![CDATA[" + body + b"]]></description></item>")


def _page(charset: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n") if p.strip())
    return (f'<html><head><meta charset="{charset}"><title>Sommet</title></head>'
            f"<body><article><h1>Sommet de Genève</h1>{paragraphs}</article></body></html>"
            ).encode()


def _build(folder: Path, tmp_path: Path, *extra: str) -> object:
    return CliRunner().invoke(main, ["build", "--inputs", str(folder), "--out",
                                     str(tmp_path / "out"), "--date", "2025-03-14", *extra])


# ── one bad input never stops the build ──────────────────────────────────────

def test_a_feed_declaring_an_encoding_in_bytes_that_are_not_ascii_is_still_read() -> None:
    data = _feed(_item(b"Sommet", BODY.encode()), b'<?xml version="1.0" encoding="\xe9\xff"?>')
    [document] = read_feed("feed.xml", data, OPTIONS).documents
    assert "calendrier de travail" in document.text


def test_a_surrogate_character_reference_in_a_feed_becomes_a_replacement_character() -> None:
    data = _feed(_item(b"Sommet &#xD800; &#55296;", BODY.encode() + b" &#xDFFF;"))
    [document] = read_feed("feed.xml", data, OPTIONS).documents
    assert "\ufffd" in document.metadata["title"]
    document.text.encode("utf-8")  # no lone surrogate left: it can be written anywhere


@pytest.mark.parametrize("charset", ["rot13", "base64", "hex", "zlib", "bz2", "uu", "quopri"])
def test_a_page_declaring_a_codec_that_is_no_text_encoding_is_read_as_text(charset) -> None:
    [document] = read_html("page.html", _page(charset, BODY), OPTIONS).documents
    assert "calendrier de travail" in document.text


def test_a_file_name_that_is_not_utf8_is_read_and_named_printably(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / os.fsdecode(b"note-\xff.txt")).write_text(FRENCH_ARTICLE, encoding="utf-8")
    write(inputs, "other.txt", ENGLISH_ARTICLE)
    result = _build(inputs, tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("2 articles read, 0 skipped")
    edition = (tmp_path / "out" / "briefing-2025-03-14.json").read_text(encoding="utf-8")
    assert "note-\\\\xff.txt" in edition


@pytest.mark.parametrize("stamp, word", [("9999-12-31", "demain"), ("0001-01-01", "hier"),
                                         ("9999-12-31", "tomorrow")])
def test_an_absurd_publication_date_is_ignored_with_a_warning(stamp: str, word: str) -> None:
    text = f"---\npublished: {stamp}\n---\n{FRENCH_ARTICLE}\nLe sommet reprendra {word}.\n"
    [document] = read_text("a.txt", text.encode(), OPTIONS).documents
    article = clean.clean(document)
    assert article.published is None
    assert any("not plausible" in w for w in article.warnings)
    digest = build.analyse(article, summarise.SummaryOptions())
    assert digest.summary


def test_a_front_matter_alias_bomb_is_refused_without_expanding(tmp_path: Path) -> None:
    bomb = "".join(f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n"
                   for p, c in zip("abcdefgh", "bcdefghi", strict=False))
    text = "---\na: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + bomb + "title: *i\n---\n"
    with pytest.raises(InputError, match="aliases"):
        read_text("bomb.md", (text + FRENCH_ARTICLE).encode(), OPTIONS)


def test_a_link_to_a_file_outside_the_inputs_folder_is_not_read(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", ENGLISH_ARTICLE.replace("Geneva", "Zanzibar"))
    inputs = tmp_path / "in"
    inputs.mkdir()
    write(inputs, "a.txt", FRENCH_ARTICLE)
    (inputs / "link.txt").symlink_to(secret)
    (inputs / "inside.txt").symlink_to(inputs / "a.txt")  # a link within the folder is fine
    result = _build(inputs, tmp_path)
    assert result.exit_code == 0, result.output
    assert "link.txt: a link to" in result.stderr and "outside" in result.stderr
    out = tmp_path / "out"
    assert not any("Zanzibar" in p.read_text(encoding="utf-8", errors="replace")
                   for p in out.glob("*.json"))


def test_one_stray_cp1252_byte_keeps_the_utf8_text() -> None:
    data = FRENCH_ARTICLE.encode("utf-8") + "Il a parlé d’un \x93progrès\x94.".encode(
        "latin-1", "ignore") + b" \x93ok\x94\n"
    [document] = read_text("a.txt", data, OPTIONS).documents
    assert "Sommet de Genève" in document.text and "“ok”" in document.text
    assert any("not valid UTF-8 throughout" in w for w in document.warnings)


def test_a_half_utf8_half_latin1_file_keeps_both_halves() -> None:
    data = FRENCH_ARTICLE.encode("utf-8") + "\nDeuxième moitié : été à Genève.\n".encode(
        "latin-1")
    [document] = read_text("a.txt", data, OPTIONS).documents
    assert "Sommet de Genève" in document.text and "Deuxième moitié : été à Genève." in (
        document.text)


def test_a_bad_input_among_good_ones_is_counted_and_the_edition_built(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    write(inputs, "good.txt", FRENCH_ARTICLE)
    write(inputs, "bomb.md", "---\na: &a [x]\nb: *a\n---\n" + ENGLISH_ARTICLE)
    write(inputs, "feed.xml", b"<?xml version='1.0' encoding='\xff'?><rss><chan")
    result = _build(inputs, tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1 articles read, 2 skipped")


# ── bounded time ─────────────────────────────────────────────────────────────

def test_a_megabyte_without_punctuation_is_cut_into_bounded_sentences() -> None:
    text = "Titre\n\n" + " ".join(["le ministre viendra mardi à Genève"] * 30_000) + "\n"
    [document] = read_text("a.txt", text.encode(), OPTIONS).documents
    article = clean.clean(document)
    assert len(article.text) <= clean.MAX_ARTICLE_CHARS
    assert any("more than an article holds" in w for w in article.warnings)
    assert max(len(s.text) for s in article.sentences) <= language.MAX_SENTENCE_CHARS
    digest = build.analyse(article, summarise.SummaryOptions())
    assert digest.summary


def test_many_weekdays_in_one_sentence_are_each_read_once() -> None:
    sentence = "Le ministre viendra " + " puis ".join(["mardi"] * 2_000) + "."
    [document] = read_text("a.txt", (FRENCH_ARTICLE + "\n" + sentence + "\n").encode(),
                           OPTIONS).documents
    digest = build.analyse(clean.clean(document), summarise.SummaryOptions())
    assert len(digest.events) < 10  # not one per mention


class _Trickle(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.end_headers()
        try:
            for _ in range(100):  # one byte every 0.2 s: each read is quick, the whole never
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def trickle() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/slow"
    httpd.shutdown()


def test_a_trickling_server_is_given_up_at_the_total_deadline(trickle: str,
                                                             tmp_path: Path) -> None:
    urls = write(tmp_path, "week.urls", trickle + "\n")
    started = time.monotonic()
    batch = read_path(urls, ReadOptions(timeout=1.0))
    assert time.monotonic() - started < 10  # not 20 s of trickle: bounded by the deadline
    [failure] = batch.failures
    assert "within 1 s" in failure.reason


def test_a_codec_page_in_a_url_list_keeps_the_good_addresses(tmp_path: Path) -> None:
    class Pages(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = _page("rot13" if self.path == "/rot" else "utf-8", BODY)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        urls = write(tmp_path, "week.urls", f"{base}/rot\n{base}/good\n")
        batch = read_path(urls, OPTIONS)
    finally:
        httpd.shutdown()
    assert len(batch.documents) == 2 and not batch.failures


def test_publication_years_outside_the_plausible_range_never_reach_date_arithmetic() -> None:
    low, high = clean.PLAUSIBLE_YEARS
    assert dt.date(low, 1, 1) - dt.timedelta(days=400) >= dt.date.min
    assert dt.date(high, 12, 31) + dt.timedelta(days=400) <= dt.date.max
