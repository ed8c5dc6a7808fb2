"""Driving a run: ingest inputs into the store, extract pending articles, merge.

Every write is its own transaction (one article, one article's reports, the merged event
set), so a run killed at any point is finished by running it again: ingestion skips ids
already stored, extraction picks up articles not yet coded by this pipeline version, and
merging is recomputed from all reports.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from polemos.ingest import DuplicateIndex, iter_inputs
from polemos.merge import merge_reports
from polemos.models import Article, Event, Rejection
from polemos.pipeline import Extractor
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
        }


def ingest_paths(
    store: Store,
    paths: Sequence[Path],
    config: dict[str, Any],
    published: date | None = None,
    summary: RunSummary | None = None,
    progress: Progress = _no_progress,
) -> RunSummary:
    """Read ``paths`` into the store; near-duplicates are linked to their original."""
    summary = summary or RunSummary()
    index = DuplicateIndex.from_config(config)
    for article_id, signature in store.iter_signatures():
        index.load(article_id, signature)
    for count, item in enumerate(iter_inputs(paths, published=published, config=config), 1):
        if isinstance(item, Rejection):
            store.add_rejection(item)
            summary.rejections.append(item)
        else:
            _store_article(store, index, item, summary)
        progress("ingest", count, None)
    return summary


def _store_article(
    store: Store, index: DuplicateIndex, article: Article, summary: RunSummary
) -> None:
    if store.has_article(article.id):
        _check_same_content(store, article, summary)
        return
    signature = index.signature(article.clean_text)
    original = index.find_duplicate(article.clean_text, store.get_text)
    if original is not None and original != article.id:
        article = article.model_copy(update={"duplicate_of": original})
        summary.duplicates += 1
    else:
        index.add(article.id, article.clean_text, signature)
    if store.add_article(article, signature):
        summary.articles_new += 1
    else:
        summary.articles_known += 1


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


_WORKER: Extractor | None = None


def _extract_batch(articles: list[Article]) -> list[tuple[str, list[Event]]]:
    if _WORKER is None:  # pragma: no cover - set before the pool forks
        raise RuntimeError("worker extractor not initialised")
    reports = _WORKER.extract_many(articles)
    return [(article.id, found) for article, found in zip(articles, reports, strict=True)]


def _batches(store: Store, ids: list[str], size: int) -> Iterator[list[Article]]:
    for start in range(0, len(ids), size):
        chunk = [store.get_article(i) for i in ids[start : start + size]]
        yield [article for article in chunk if article is not None]


def extract_pending(
    store: Store,
    extractor: Extractor,
    workers: int = 1,
    summary: RunSummary | None = None,
    progress: Progress = _no_progress,
) -> RunSummary:
    """Code every article not yet coded by this pipeline version."""
    global _WORKER
    summary = summary or RunSummary()
    pending = store.pending_articles(extractor.version)
    if not pending:
        return summary
    extractor.warm_up()
    _WORKER = extractor
    batches = _batches(store, pending, extractor.config["pipeline"]["batch_size"])
    for results in _map(batches, workers):
        for article_id, reports in results:
            store.replace_reports(article_id, reports, extractor.version)
            summary.extracted += 1
            summary.reports += len(reports)
        progress("extract", summary.extracted, len(pending))
    return summary


def _map(batches: Iterator[list[Article]], workers: int) -> Iterator[list[tuple[str, list[Event]]]]:
    if workers <= 1:
        yield from map(_extract_batch, batches)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(_extract_batch, batches)


def merge_store(
    store: Store, config: dict[str, Any], summary: RunSummary | None = None
) -> RunSummary:
    """Recompute merged events from all reports; unchanged events keep their timestamp."""
    summary = summary or RunSummary()
    events, claims = merge_reports(store.iter_reports(), config["merge"]["max_km"])
    previous = {e.event_id_cnty: e for e in store.iter_events()}
    now = int(time.time())
    stamped = [_stamp(event, previous.get(event.event_id_cnty), now) for event in events]
    if stamped != sorted(previous.values(), key=_event_order):
        store.replace_events(stamped, claims)
    summary.events = len(stamped)
    return summary


def _event_order(event: Event) -> tuple[str, str]:
    return (event.event_date.isoformat() if event.event_date else "", event.event_id_cnty)


def _stamp(event: Event, before: Event | None, now: int) -> Event:
    if before is not None and before.model_copy(update={"timestamp": 0}) == event:
        return before
    return event.model_copy(update={"timestamp": now})


def run(
    store: Store,
    paths: Sequence[Path],
    config: dict[str, Any],
    published: date | None = None,
    progress: Progress = _no_progress,
) -> RunSummary:
    """Ingest, extract and merge: the whole pipeline."""
    started = time.perf_counter()
    summary = ingest_paths(store, paths, config, published, progress=progress)
    extractor = Extractor(config)
    extract_pending(store, extractor, config["pipeline"]["workers"], summary, progress)
    merge_store(store, config, summary)
    summary.seconds = time.perf_counter() - started
    return summary
