"""Reading inputs: encodings, bad input, front matter, and a property over any bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from briefing.errors import InputError
from briefing.read import ReadOptions, decode, list_inputs, read_path, read_text
from conftest import write

OPTIONS = ReadOptions()


def test_utf8_with_bom_crlf_and_nfd_is_normalised(tmp_path: Path) -> None:
    raw = "\ufeffLigne un\r\nLigne deux\rEte\u0301".encode("utf-8")
    [doc] = read_path(write(tmp_path, "a.txt", raw), OPTIONS).documents
    assert doc.text == "Ligne un\nLigne deux\nEt\u00e9"
    assert "\r" not in doc.text and "\ufeff" not in doc.text and doc.warnings == ()


def test_cp1252_falls_back_with_a_warning() -> None:
    text, warnings = decode("x.txt", "Œuvre « déjà » vue – 5 €".encode("cp1252"))
    assert text == "Œuvre « déjà » vue – 5 €"
    assert warnings == ["not valid UTF-8: decoded as Windows-1252 (cp1252)"]


def test_latin1_is_the_last_resort() -> None:
    text, warnings = decode("x.txt", b"caf\xe9 \x81 ok")
    assert text.startswith("café") and "Latin-1" in warnings[0]


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"   \n\t\n", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
    (b"%PDF-1.4\n", "PDF"),
    (b"PK\x03\x04\x14\x00", "ZIP"),
    (b"abc\x00def", "NUL"),
])
def test_bad_input_raises_input_error_naming_file(tmp_path: Path, content: bytes,
                                                  reason: str) -> None:
    path = write(tmp_path, "bad.txt", content)
    with pytest.raises(InputError) as caught:
        read_path(path, OPTIONS)
    assert reason in str(caught.value) and str(path) in str(caught.value)


def test_size_cap_is_configurable(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", "Un texte. " * 200)
    with pytest.raises(InputError, match="over the 100-byte limit"):
        read_path(path, ReadOptions(max_bytes=100))
    assert read_path(path, ReadOptions(max_bytes=10_000))


def test_unknown_extension_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"unsupported format '\.docx'"):
        read_path(write(tmp_path, "a.docx", "text"), OPTIONS)


def test_hidden_files_are_not_inputs(tmp_path: Path) -> None:
    write(tmp_path, ".gitkeep", "")
    write(tmp_path, "b.txt", "x")
    write(tmp_path, "a.md", "x")
    assert [p.name for p in list_inputs(tmp_path)] == ["a.md", "b.txt"]


def test_front_matter_is_metadata_not_text() -> None:
    raw = b"---\ntitle: Un titre\npublished: 2025-02-18\nsource_rank: 3\n---\nLe corps.\n"
    [doc] = read_text("a.md", raw, OPTIONS).documents
    assert doc.text == "Le corps.\n"
    assert doc.metadata == {"title": "Un titre", "published": "2025-02-18"}
    assert "source_rank" in doc.warnings[0]


def test_broken_front_matter_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="front matter is not valid YAML"):
        read_text("a.md", b"---\ntitle: [unclosed\n---\nBody\n", OPTIONS)


def test_reading_never_modifies_the_input(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "\ufeffTitre\r\n\r\nCorps du texte.\r\n".encode("utf-8"))
    before = path.read_bytes()
    read_path(path, OPTIONS)
    assert path.read_bytes() == before


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_document_or_an_input_error(data: bytes) -> None:
    try:
        batch = read_text("any.txt", data, OPTIONS)
    except InputError:
        return
    assert batch.documents and all(d.text.strip() for d in batch.documents)
