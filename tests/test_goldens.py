"""The golden outputs of tests/data/expected/ still hold (regenerate: tests/goldens.py)."""

from __future__ import annotations

import difflib

import pytest

import goldens

REGENERATE = "run `.venv/bin/python tests/goldens.py` if the change is meant"


def _diff(name: str, expected: str, actual: str) -> str:
    lines = difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                 f"expected/{name}", f"now/{name}", lineterm="", n=2)
    return "\n".join(list(lines)[:80])


@pytest.mark.parametrize("path", goldens.article_inputs(), ids=lambda p: p.name)
def test_extract_matches_golden(path) -> None:
    name = f"articles/{path.name}.json"
    expected = (goldens.EXPECTED / name).read_text(encoding="utf-8")
    actual = goldens.extract_json(path)
    assert actual == expected, f"{name} changed; {REGENERATE}\n{_diff(name, expected, actual)}"


def test_editions_match_their_goldens() -> None:
    for name, actual in goldens.edition_outputs().items():
        expected = (goldens.EXPECTED / name).read_text(encoding="utf-8")
        assert actual == expected, f"{name} changed; {REGENERATE}\n{_diff(name, expected, actual)}"


def test_every_golden_file_has_a_case() -> None:
    names = {f"articles/{p.name}.json" for p in goldens.article_inputs()}
    names |= {"edition-samples.json", "edition-samples.html", "edition-samples.pdf.txt",
              "edition-week.json", "edition-week.pdf.txt"}
    on_disk = {p.relative_to(goldens.EXPECTED).as_posix()
               for p in goldens.EXPECTED.rglob("*") if p.is_file()}
    assert on_disk == names
