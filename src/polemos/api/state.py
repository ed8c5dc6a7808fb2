"""What the app shares between requests: one store per worker thread, config, write lock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import Request

from polemos.api.cache import TTLCache
from polemos.store import open_store
from polemos.store.base import Store

#: Per-connection read tuning for SQLite: memory-mapped reads share the OS page cache
#: between the worker threads' connections instead of copying pages into each one.
SQLITE_READ_PRAGMAS = ("PRAGMA mmap_size = 1073741824", "PRAGMA cache_size = -16000")


def tune_for_reads(store: Store) -> None:
    """Dialect-specific read settings (none needed on PostgreSQL)."""
    if store.dialect == "sqlite":
        for pragma in SQLITE_READ_PRAGMAS:
            list(store.query(pragma))


class StoreProvider:
    """A pool of open stores: each request leases one for itself (SQLite connections must
    not be used by two threads at once; a request may hop threads between its steps)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._idle: list[Store] = []
        self._lock = threading.Lock()
        self._opened: list[Store] = []
        self.write_lock = threading.Lock()
        open_store(url).close()  # fail fast on a bad path; applies migrations once

    def _take(self) -> Store:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        store = open_store(self.url)
        tune_for_reads(store)
        with self._lock:
            self._opened.append(store)
        return store

    @contextmanager
    def lease(self) -> Iterator[Store]:
        """A store used by nobody else until the block ends."""
        store = self._take()
        try:
            yield store
        finally:
            with self._lock:
                self._idle.append(store)

    def close_all(self) -> None:
        with self._lock:
            opened, self._opened, self._idle = self._opened, [], []
        for store in opened:
            store.close()


class AppState:
    """``app.state.polemos``: the store provider, the configuration and lazy resources."""

    def __init__(self, store_url: str, config: dict[str, Any]) -> None:
        self.stores = StoreProvider(store_url)
        self.config = config
        self.cache = TTLCache(float(config.get("web", {}).get("cache_seconds", 5.0)))
        self._extractor: Any = None

    def extractor(self) -> Any:
        """The pipeline's ``Extractor``, loaded on the first ingest (spaCy is slow to load)."""
        if self._extractor is None:
            from polemos.pipeline import Extractor

            self._extractor = Extractor(self.config)
        return self._extractor

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """A leased store, with writes serialised; cached aggregates are dropped after."""
        with self.stores.write_lock, self.stores.lease() as store:
            try:
                yield store
            finally:
                self.cache.clear()


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.polemos
    return state


def get_store(request: Request) -> Iterator[Store]:
    """FastAPI dependency: a store leased for this request."""
    with app_state(request).stores.lease() as store:
        yield store
