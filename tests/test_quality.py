"""Quality gates on the development sets of ../shared/dev (real articles, human gold).

The floors are pinned in tests/quality/baseline.json; lowering one is a visible change.
The texts stay in ../shared: when that folder is absent, these tests are skipped.
"""

from __future__ import annotations

import json

import pytest

from briefing import gold
from conftest import ROOT, TESTS

DEV = ROOT.parent / "shared" / "dev"
BASELINE = json.loads((TESTS / "quality" / "baseline.json").read_text(encoding="utf-8"))
needs_dev = pytest.mark.skipif(not DEV.is_dir(), reason="../shared/dev is absent: "
                               "the development sets are not in this checkout")


def _figures(rows: list[str], folder: str) -> list[float]:
    """The three figures of a gold set's row of a report table."""
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        if cells[0] == folder:
            return [float(c) for c in cells[1:4]]
    raise AssertionError(f"no row for {folder} in {rows}")


@needs_dev
@pytest.mark.parametrize("name", sorted(BASELINE["dev"]["quotes"]))
def test_quotes_stay_above_their_floors(name: str) -> None:
    floors = BASELINE["dev"]["quotes"][name]["floors"]
    folder = BASELINE["dev"]["folders"][name]
    recall, precision, speaker = _figures(gold.quote_report([DEV / folder]), folder)
    assert recall >= floors["recall"], (name, recall)
    assert precision >= floors["precision"], (name, precision)
    assert speaker >= floors["speaker"], (name, speaker)


@needs_dev
@pytest.mark.parametrize("name", sorted(BASELINE["dev"]["dates"]))
def test_dates_stay_above_their_floors(name: str) -> None:
    floors = BASELINE["dev"]["dates"][name]["floors"]
    folder = BASELINE["dev"]["folders"][name]
    precision, recall, f1 = _figures(gold.chronology_report([DEV / folder]), folder)
    assert f1 >= floors["f1"], (name, precision, recall, f1)
