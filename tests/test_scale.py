"""Scale: the same edition whatever runs the analysis (one process, a pool, a Dask
cluster on 127.0.0.1), a cache that spares unchanged articles and never serves a
stale analysis, and no pairwise step that grows with the edition's square."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing import build, cache, executor
from briefing.cli import main
from briefing.errors import ConfigError
from conftest import ENGLISH_ARTICLE, FRENCH_ARTICLE, INPUTS, write

DATE = "2025-04-20"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The samples and enough variants of two articles to start a pool of workers."""
    inputs = tmp_path_factory.mktemp("scale") / "inputs"
    shutil.copytree(INPUTS, inputs)
    for n in range(18):
        text = (FRENCH_ARTICLE if n % 2 else ENGLISH_ARTICLE).replace(
            "six", f"{n + 7}").replace("Geneva", f"Geneva {n}").replace("Genève", f"Genève {n}")
        write(inputs, f"variant-{n:02d}.txt", text)
    return inputs


def _build(inputs: Path, out: Path, *extra: str) -> dict:
    result = CliRunner().invoke(main, ["build", "--inputs", str(inputs), "--out", str(out),
                                       "--date", DATE, *extra])
    assert result.exit_code == 0, result.output
    return json.loads((out / f"briefing-{DATE}.json").read_text(encoding="utf-8"))


def test_one_or_two_workers_and_the_cache_give_the_same_edition(folder, tmp_path) -> None:
    alone = _build(folder, tmp_path / "one", "--workers", "1", "--no-cache")
    pooled = _build(folder, tmp_path / "two", "--workers", "2", "--no-cache")
    assert pooled == alone and len(alone["articles"]) >= 18
    first = _build(folder, tmp_path / "cached", "--workers", "2")
    entries = list((tmp_path / "cached" / ".cache").rglob("*.json"))
    assert len(entries) == len(alone["articles"])
    again = _build(folder, tmp_path / "cached", "--workers", "2")
    assert first == again == alone


def test_a_rebuild_analyses_only_the_changed_article(folder, tmp_path, monkeypatch) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(folder, inputs)
    _build(inputs, tmp_path / "out", "--workers", "1")
    analysed: list[str] = []
    real = build.analyse

    def counting(article, options):
        analysed.append(article.source)
        return real(article, options)

    monkeypatch.setattr(build, "analyse", counting)
    text = (inputs / "variant-03.txt").read_text(encoding="utf-8")
    (inputs / "variant-03.txt").write_text(text.replace("huit heures", "neuf heures"),
                                           encoding="utf-8")
    edition = _build(inputs, tmp_path / "out", "--workers", "1")
    assert [Path(source).name for source in analysed] == ["variant-03.txt"]
    assert any("neuf heures" in a["text"] for a in edition["articles"])
    analysed.clear()
    _build(inputs, tmp_path / "out", "--workers", "1", "--no-cache")
    assert len(analysed) == len(edition["articles"])


def test_a_damaged_cache_entry_is_recomputed(folder, tmp_path) -> None:
    first = _build(folder, tmp_path / "out", "--workers", "1")
    for entry in (tmp_path / "out" / ".cache").rglob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert _build(folder, tmp_path / "out", "--workers", "1") == first


def test_the_cache_key_follows_the_text_the_options_and_the_package(folder) -> None:
    from briefing import clean, read, summarise

    [document] = read.read_path(folder / "variant-01.txt", read.ReadOptions()).documents
    article = clean.clean(document)
    two, three = (summarise.SummaryOptions(budget=summarise.Budget(sentences=n))
                  for n in (2, 3))
    assert cache.key(article, two) == cache.key(article, two)
    assert cache.key(article, two) != cache.key(article, three)
    assert len(cache.package_fingerprint()) == 64


def test_an_executor_that_is_neither_local_nor_dask_is_refused() -> None:
    with pytest.raises(ConfigError, match="expected local or dask://HOST:PORT"):
        executor.RunOptions(executor="ssh://elsewhere")


def test_a_dask_cluster_on_loopback_gives_the_same_edition(folder, tmp_path) -> None:
    distributed = pytest.importorskip("distributed")
    alone = _build(folder, tmp_path / "one", "--workers", "1", "--no-cache")
    with distributed.LocalCluster(host="127.0.0.1", n_workers=1, threads_per_worker=1,
                                  processes=False, protocol="tcp",
                                  dashboard_address=None) as cluster:
        address = cluster.scheduler_address.removeprefix("tcp://")
        (tmp_path / "briefing.toml").write_text(
            f'[run]\nexecutor = "dask://{address}"\ncache = false\n', encoding="utf-8")
        result = CliRunner().invoke(main, ["build", "--config", str(tmp_path / "briefing.toml"),
                                           "--inputs", str(folder), "--out",
                                           str(tmp_path / "dask"), "--date", DATE])
    assert result.exit_code == 0, result.output
    dask = json.loads((tmp_path / "dask" / f"briefing-{DATE}.json").read_text("utf-8"))
    assert dask == alone


def test_many_warnings_are_counted_by_kind_and_kept_in_a_log_file(tmp_path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    body = FRENCH_ARTICLE.split("\n\n", 4)[4]  # no byline, no dateline: undated
    for n in range(20):
        write(inputs, f"undated-{n:02d}.txt", f"Réunion numéro {n} à Genève\n\n{body}")
    result = CliRunner().invoke(main, ["build", "--inputs", str(inputs), "--out",
                                       str(tmp_path / "out"), "--date", DATE, "--no-cache"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) <= 13
    log_file = tmp_path / "out" / f"briefing-{DATE}.log"
    assert "× no publication date found in the article" in lines[-1]
    assert str(log_file) in lines[-1]
    logged = log_file.read_text(encoding="utf-8").splitlines()
    assert sum("no publication date" in line for line in logged) == 20
