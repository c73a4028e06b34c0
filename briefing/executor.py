"""Where the per-article analysis runs: in this process, a pool of processes on this
machine's cores, or an existing Dask cluster.

Every executor maps the same module-level function over the articles and returns the
results in the articles' order, so the edition is the same whatever runs it. A pool
is started only when there is enough work to repay its start-up.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from briefing import options
from briefing.errors import ConfigError

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

LOCAL = "local"
DASK = re.compile(r"dask://(?P<address>[\w.\-]+:\d{1,5})")
PER_WORKER = 8  # fewer articles a worker than this, and one process does it faster


@dataclass(frozen=True)
class RunOptions:
    """How the per-article stage runs."""

    workers: int = options.default("run.workers")  # 0: one per core
    executor: str = options.default("run.executor")  # local | dask://host:port

    def __post_init__(self) -> None:
        if self.executor != LOCAL and not DASK.fullmatch(self.executor):
            raise ConfigError(f"run.executor = {self.executor!r}: expected local or "
                              "dask://HOST:PORT")

    @property
    def processes(self) -> int:
        """How many local processes: the setting, else one per core this process may use."""
        if self.workers:
            return self.workers
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
            os.cpu_count() or 1)


def run_map(function: Callable[[T], R], items: Sequence[T], run: RunOptions,
            label: str = "analysing") -> list[R]:
    """``[function(item) for item in items]``, in order, on the chosen executor."""
    if not items:
        return []
    with _executor(run, len(items)) as executor:
        if executor is None:
            return list(_progress((function(item) for item in items), len(items), label))
        chunk = max(1, len(items) // (4 * max(1, run.processes)))
        return list(_progress(executor.map(function, items, chunksize=chunk), len(items),
                              label))


def _progress(results: Iterator[R], total: int, label: str) -> Iterator[R]:
    """A progress bar on a terminal (tqdm, on stderr); nothing when not a terminal."""
    if total < PER_WORKER or not sys.stderr.isatty():
        return results
    from tqdm import tqdm

    return iter(tqdm(results, total=total, desc=label, unit=" articles", leave=False))


@contextlib.contextmanager
def _executor(run: RunOptions, count: int) -> Iterator[Executor | None]:
    match = DASK.fullmatch(run.executor)
    if match:
        with _dask(match.group("address")) as executor:
            yield executor
        return
    processes = min(run.processes, count // PER_WORKER)
    if processes <= 1:
        yield None
        return
    import multiprocessing

    # fork: the workers start with the models, lexicons and stemmers already loaded
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
        log.debug("analysing %d articles in %d processes", count, processes)
        yield pool


@contextlib.contextmanager
def _dask(address: str) -> Iterator[Executor]:
    try:
        from distributed import Client
    except ImportError as exc:
        raise ConfigError("run.executor names a Dask scheduler, but Dask is not installed: "
                          "pip install 'briefing[dask]'") from exc
    try:
        client = Client(address, timeout=10, set_as_default=False)
    except OSError as exc:
        raise ConfigError(f"no Dask scheduler answers at {address} ({exc})") from exc
    try:
        yield _DaskExecutor(client)
    finally:
        client.close()


class _DaskExecutor(Executor):
    """A Dask client as an executor whose ``map`` keeps the items' order."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def map(self, fn: Callable[..., R], *iterables: Iterable[Any], timeout: float | None = None,
            chunksize: int = 1) -> Iterator[R]:
        futures = self.client.map(fn, *[list(i) for i in iterables], pure=False)
        return iter(self.client.gather(futures))
