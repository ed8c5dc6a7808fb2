"""Driving a run: ingest inputs into the store, extract pending articles, merge.

Every write is its own transaction (one article, one article's reports, the merged event
set), so a run killed at any point is finished by running it again: ingestion skips ids
already stored, extraction picks up articles not yet coded by this pipeline version, and
merging is recomputed from all reports.

The driver (this module) reads inputs, decides near-duplicates in input order, writes to
the store and merges; an engine (``polemos.engine``: ``local`` processes or ``ray``) turns
batches of articles into reports.  Ingestion and extraction overlap: each new article is
handed to the engine as soon as it is stored.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from polemos.engine import (
    BatchResult,
    Engine,
    EngineOptions,
    engine_name,
    engine_options,
    open_engine,
)
from polemos.engine.inputs import Skipped, iter_items, stored_ids
from polemos.engine.local import LocalEngine
from polemos.graph import prepare_actors, record_claims
from polemos.ingest import DuplicateIndex
from polemos.models import Article, Rejection
from polemos.pipeline import PIPELINE_VERSION, Extractor
from polemos.store.base import Store

Progress = Callable[[str, int, int | None], None]


def _no_progress(stage: str, done: int, total: int | None) -> None:
    return None


@dataclass
class RunSummary:
    """What a run did; printed by the CLI."""

    articles_new: int = 0
    articles_known: int = 0
    duplicates: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    extracted: int = 0
    reports: int = 0
    events: int = 0
    seconds: float = 0.0
    engine: str = "local"
    workers: int = 1

    @property
    def articles_per_second(self) -> float:
        """Articles extracted per second of the whole run (0 when nothing was extracted)."""
        return self.extracted / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles_new": self.articles_new,
            "articles_known": self.articles_known,
            "duplicates": self.duplicates,
            "rejected": len(self.rejections),
            "rejections": [r.model_dump(mode="json", exclude={"at"}) for r in self.rejections],
            "extracted": self.extracted,
            "reports": self.reports,
            "events": self.events,
            "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.articles_per_second, 2),
            "engine": self.engine,
            "workers": self.workers,
        }


@dataclass
class _Ingestion:
    """Ingestion state of one run: the near-duplicate index and, with resume, known ids."""

    store: Store
    index: DuplicateIndex
    summary: RunSummary
    known: set[str] | None = None


def ingest_paths(
    store: Store,
    paths: Sequence[Path | str],
    config: dict[str, Any],
    published: date | None = None,
    summary: RunSummary | None = None,
    progress: Progress = _no_progress,
    *,
    resume: bool = False,
) -> RunSummary:
    """Read ``paths`` into the store; near-duplicates are linked to their original.

    With ``resume``, records already stored are skipped before cleaning where possible.
    """
    summary = summary or RunSummary()
    for _ in _ingest(store, paths, config, published, summary, progress, resume):
        pass
    return summary


def _ingest(
    store: Store, paths: Sequence[Path | str], config: dict[str, Any], published: date | None,
    summary: RunSummary, progress: Progress, resume: bool,
) -> Iterator[str]:  # fmt: skip
    """Store every input in order; yield the id of each new article that needs extracting."""
    state = _Ingestion(store, DuplicateIndex.from_config(config), summary)
    for article_id, signature in store.iter_signatures():
        state.index.load(article_id, signature)
    skipped = Skipped()
    if resume:
        state.known = stored_ids(store)
    items = iter_items(paths, config, published, state.known, skipped)
    for count, item in enumerate(items, 1):
        if isinstance(item, Rejection):
            store.add_rejection(item)
            summary.rejections.append(item)
        else:
            new_id = _store_article(state, item)
            if new_id is not None:
                yield new_id
        progress("ingest", count + skipped.count, None)
    summary.articles_known += skipped.count


def _store_article(state: _Ingestion, article: Article) -> str | None:
    """Store ``article``; its id when it is new and not a near-duplicate, else None."""
    store, summary, index = state.store, state.summary, state.index
    if state.known is None and store.has_article(article.id):
        _check_same_content(store, article, summary)
        return None
    signature = index.signature(article.clean_text)
    original = index.find_duplicate(article.clean_text, store.get_text)
    if original is not None and original != article.id:
        article = article.model_copy(update={"duplicate_of": original})
        summary.duplicates += 1
    else:
        index.add(article.id, article.clean_text, signature)
    if not store.add_article(article, signature):
        summary.articles_known += 1
        return None
    summary.articles_new += 1
    if state.known is not None:
        state.known.add(article.id)
    return article.id if article.duplicate_of is None else None


def _check_same_content(store: Store, article: Article, summary: RunSummary) -> None:
    """A known id is fine for the same text; different text under that id is rejected."""
    stored = store.get_article(article.id)
    if stored is None or stored.content_hash == article.content_hash:
        summary.articles_known += 1
        return
    rejection = Rejection(
        origin=article.origin,
        code="conflict",
        reason=f"article id {article.id!r} is already stored with different text "
        f"(from {stored.origin}); the stored article is kept",
    )
    store.add_rejection(rejection)
    summary.rejections.append(rejection)


class _Pending:
    """Ids to extract: those pending before the run, those ingested by it, then any left."""

    def __init__(
        self, store: Store, version: str, new_ids: Iterable[str], reprocess: bool = False
    ) -> None:
        self.store, self.version, self.new_ids = store, version, new_ids
        self.reprocess = reprocess
        self.submitted: set[str] = set()

    def __iter__(self) -> Iterator[str]:
        earlier = self.store.pending_articles(self.version, self.reprocess)
        for article_id in _chain(earlier, self.new_ids, self._left_over):
            if article_id not in self.submitted:
                self.submitted.add(article_id)
                yield article_id

    def _left_over(self) -> Iterable[str]:
        return self.store.pending_articles(self.version, self.reprocess)


def _chain(
    earlier: list[str], new_ids: Iterable[str], later: Callable[[], Iterable[str]]
) -> Iterator[str]:
    yield from earlier
    yield from new_ids
    yield from later()


def _batches(store: Store, ids: Iterable[str], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article_id in ids:
        article = store.get_article(article_id)
        if article is not None:
            chunk.append(article)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_results(
    store: Store, results: Iterable[BatchResult], version: str,
    summary: RunSummary, progress: Progress = _no_progress, total: Callable[[], int] = lambda: 0,
) -> RunSummary:  # fmt: skip
    """Store each article's reports and relation claims (idempotent per article).

    The claims are written first: an article is marked extracted with its reports, so a
    run killed in between re-extracts it and replaces its claims.
    """
    for batch in results:
        claims = [relation for _, _, relations in batch for relation in relations]
        record_claims(store, [article_id for article_id, _, _ in batch], claims)
        for article_id, reports, _ in batch:
            store.replace_reports(article_id, reports, version)
            summary.extracted += 1
            summary.reports += len(reports)
        progress("extract", summary.extracted, max(total(), summary.extracted))
    return summary


def _extract(
    store: Store, engine: Engine, ids: Iterable[str], batch_size: int, summary: RunSummary,
    progress: Progress, reprocess: bool = False,
) -> RunSummary:  # fmt: skip
    pending = _Pending(store, PIPELINE_VERSION, ids, reprocess)
    results = engine.extract(_batches(store, pending, batch_size))
    summary.engine, summary.workers = engine.name, engine.options.workers
    return write_results(
        store, results, PIPELINE_VERSION, summary, progress, lambda: len(pending.submitted)
    )


def extract_pending(
    store: Store,
    extractor: Extractor,
    workers: int = 1,
    summary: RunSummary | None = None,
    progress: Progress = _no_progress,
    *,
    engine: str = "local",
    address: str | None = None,
    reprocess: bool = False,
) -> RunSummary:
    """Code every article never coded, on the named engine; with ``reprocess`` also those
    coded by an older pipeline version (their events keep their ids where unchanged)."""
    summary = summary or RunSummary()
    started = time.perf_counter()
    options = EngineOptions(workers=workers, address=address)
    extractor.use_config(prepare_actors(store, extractor.config))
    batch_size = int(extractor.config["pipeline"]["batch_size"])
    if engine == "local":
        local = LocalEngine(extractor.config, options, extractor)
        try:
            _extract(store, local, (), batch_size, summary, progress, reprocess)
        finally:
            local.close()
    else:
        with open_engine(engine, extractor.config, options) as active:
            _extract(store, active, (), batch_size, summary, progress, reprocess)
    summary.seconds += time.perf_counter() - started
    return summary


def merge_store(
    store: Store, config: dict[str, Any], summary: RunSummary | None = None
) -> RunSummary:
    """Recompute merged events from all reports (``polemos.review.merge_into_store``):
    stable ids, analyst overrides, change feed; unchanged events keep their timestamp."""
    from polemos.review import merge_into_store

    summary = summary or RunSummary()
    summary.events = len(merge_into_store(store, config).events)
    return summary


def run(
    store: Store,
    paths: Sequence[Path | str],
    config: dict[str, Any],
    published: date | None = None,
    progress: Progress = _no_progress,
    *,
    engine: str | None = None,
    options: EngineOptions | None = None,
    resume: bool = False,
    reprocess: bool = False,
) -> RunSummary:
    """Ingest, extract and merge: the whole pipeline, on the named engine.

    ``engine`` defaults to ``[engine] name`` (``local``); ``options`` to ``[pipeline]
    workers`` and ``[engine] address``.  With ``resume``, inputs already stored are skipped
    cheaply and only what an interrupted run left is ingested and extracted.  With
    ``reprocess``, articles coded by an older pipeline version are coded again too.
    """
    started = time.perf_counter()
    summary = RunSummary()
    batch_size = int(config["pipeline"]["batch_size"])
    options = options or engine_options(config)
    config = prepare_actors(store, config)
    with open_engine(engine_name(config, engine), config, options) as active:
        new_ids = _ingest(store, paths, config, published, summary, progress, resume)
        _extract(store, active, new_ids, batch_size, summary, progress, reprocess)
    merge_store(store, config, summary)
    summary.seconds = time.perf_counter() - started
    return summary
