"""Golden outputs: what briefing makes of the sample and test inputs, kept under
tests/data/expected/ so that every change of behaviour is a reviewable diff.

    .venv/bin/python tests/goldens.py          # rewrite tests/data/expected/ after a change
    .venv/bin/python -m pytest tests/test_goldens.py   # compare (part of the test suite)

Two families:
- ``articles/NAME.json``: ``briefing extract --json NAME`` for each sample in inputs/, each
  test page and feed, and 30 OrangeSum articles (tests/data/orangesum/);
- ``edition-samples.*``: ``briefing build`` on inputs/ at a fixed date: the edition's JSON,
  its HTML and the text of its PDF (whitespace folded, so only words and their order count);
- ``edition-week.*``: the edition of a real week, the 20 OrangeSum articles of 2020-W39
  (tests/data/orangesum/ with front matter) and the two samples: its JSON and PDF text.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "data" / "expected"
EDITION_DATE = "2025-02-21"
WEEK_DATE = "2020-09-27"


def week_inputs() -> list[Path]:
    """The 22 articles of the week edition, relative to the repository root."""
    dated = [p for p in sorted(Path("tests/data/orangesum").glob("*.txt"))
             if (ROOT / p).read_text(encoding="utf-8").startswith("---")]
    return dated + sorted(Path("inputs").iterdir())


@contextmanager
def _in_root() -> Iterator[None]:
    """Run from the repository root, so sources print as relative paths."""
    before = Path.cwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(before)


def article_inputs() -> list[Path]:
    """The inputs whose extraction is kept, relative to the repository root."""
    data = Path("tests/data")
    pages = sorted(data.glob("page-*.html")) + [data / "feed.rss", data / "feed.atom"]
    return sorted(Path("inputs").iterdir()) + pages + sorted((data / "orangesum").glob("*.txt"))


def extract_json(path: Path) -> str:
    """What ``briefing extract --json PATH`` prints."""
    from briefing.cli import main

    with _in_root():
        result = CliRunner().invoke(main, ["extract", "--json", str(path)])
    if result.exit_code != 0:
        raise RuntimeError(f"extract {path} failed: {result.output}")
    return result.stdout


def _build(inputs: str, date: str, cwd: Path) -> tuple[str, str, str]:
    """Build an edition from ``inputs`` (relative to ``cwd``): its JSON, HTML, PDF text."""
    from pypdf import PdfReader

    from briefing.cli import main

    before = Path.cwd()
    os.chdir(cwd)
    try:
        with tempfile.TemporaryDirectory() as out:
            result = CliRunner().invoke(main, ["build", "--inputs", inputs, "--out", out,
                                               "--date", date])
            if result.exit_code != 0:
                raise RuntimeError(f"build failed: {result.output}")
            stem = Path(out) / f"briefing-{date}"
            pdf = PdfReader(stem.with_suffix(".pdf"))
            text = " ".join(page.extract_text() for page in pdf.pages)
            return (stem.with_suffix(".json").read_text(encoding="utf-8"),
                    stem.with_suffix(".html").read_text(encoding="utf-8"), fold_text(text))
    finally:
        os.chdir(before)


def edition_outputs() -> dict[str, str]:
    """The sample edition's JSON, HTML and folded PDF text; the week edition's JSON and
    folded PDF text."""
    data, html, text = _build("inputs", EDITION_DATE, ROOT)
    files = {"edition-samples.json": data, "edition-samples.html": html,
             "edition-samples.pdf.txt": text}
    with tempfile.TemporaryDirectory() as folder:
        week = Path(folder) / "week"
        week.mkdir()
        for path in week_inputs():
            shutil.copyfile(ROOT / path, week / path.name)
        data, _, text = _build("week", WEEK_DATE, Path(folder))
    files.update({"edition-week.json": data, "edition-week.pdf.txt": text})
    return files


def fold_text(text: str) -> str:
    """Whitespace folded, then one sentence-ish chunk a line for readable diffs."""
    flat = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?<=[.!?»”]) (?=[A-ZÀ-Ý«“0-9])", "\n", flat) + "\n"


def golden_files() -> dict[str, str]:
    """Every golden file's name (under tests/data/expected/) and current content."""
    files = {f"articles/{path.name}.json": extract_json(path) for path in article_inputs()}
    files.update(edition_outputs())
    return files


def update() -> None:
    """Rewrite tests/data/expected/ from the current code."""
    files = golden_files()
    for name, content in files.items():
        target = EXPECTED / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    kept = {EXPECTED / name for name in files}
    for stale in EXPECTED.rglob("*"):
        if stale.is_file() and stale not in kept:
            stale.unlink()
    print(f"{len(files)} golden files written to {EXPECTED.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    update()
