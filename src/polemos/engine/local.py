"""The ``local`` engine: extraction in this process, or in worker processes forked from it.

The heavy resources (spaCy, actor graph, gazetteer) are loaded once in the parent before
the workers are forked, so the children share those pages.  Batches are handed out a few
at a time, so the driver can keep ingesting while the workers extract.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import islice
from typing import Any

from polemos.engine.base import ENGINES, Batch, BatchResult, EngineOptions
from polemos.pipeline import Extractor

AHEAD_PER_WORKER = 2
"""Batches queued per worker beyond the one it is working on."""

_WORKER: Extractor | None = None


def extract_batch(extractor: Extractor, batch: Batch) -> BatchResult:
    """``(article_id, reports, relation claims)`` of every article in ``batch``."""
    return [(d.article.id, d.reports, d.relations) for d in extractor.process(batch)]


def _extract_in_worker(batch: Batch) -> BatchResult:
    if _WORKER is None:  # pragma: no cover - set before the pool forks
        raise RuntimeError("worker extractor not initialised")
    return extract_batch(_WORKER, batch)


class LocalEngine:
    """Extraction on this machine: in-process for one worker, a fork pool for more."""

    name = "local"

    def __init__(
        self, config: dict[str, Any], options: EngineOptions, extractor: Extractor | None = None
    ) -> None:
        self.options = options
        self.extractor = extractor or Extractor(config)
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        """Nothing to start: models are loaded on the first batch (none if nothing is pending)."""

    def extract(self, batches: Iterable[Batch]) -> Iterator[BatchResult]:
        source = iter(batches)
        first = next(source, None)
        if first is None:
            return
        self.extractor.warm_up()
        if self.options.workers <= 1:
            yield extract_batch(self.extractor, first)
            yield from (extract_batch(self.extractor, batch) for batch in source)
            return
        yield from self._extract_forked(first, source)

    def _extract_forked(self, first: Batch, source: Iterator[Batch]) -> Iterator[BatchResult]:
        global _WORKER
        _WORKER = self.extractor
        context = multiprocessing.get_context("fork")
        self._pool = ProcessPoolExecutor(max_workers=self.options.workers, mp_context=context)
        ahead = self.options.workers * (1 + AHEAD_PER_WORKER)
        running: set[Future[BatchResult]] = {self._pool.submit(_extract_in_worker, first)}
        running |= {self._pool.submit(_extract_in_worker, b) for b in islice(source, ahead - 1)}
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
            for batch in islice(source, len(done)):
                running.add(self._pool.submit(_extract_in_worker, batch))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


@ENGINES.register("local")
def local_engine(config: dict[str, Any], options: EngineOptions) -> LocalEngine:
    return LocalEngine(config, options)
