"""Storage: the ``Store`` interface and its backends.

Registered in ``STORES``: ``sqlite`` (a file path, ``sqlite:///path``, ``:memory:``) and
``postgresql``/``postgres`` (``postgresql://user@host:port/dbname``; needs the ``postgres``
extra, psycopg 3, which is imported only when such a URL is opened).
"""

from __future__ import annotations

from polemos.errors import StoreError
from polemos.store.base import STORES, EventFilter, Store, StoreStats, open_store
from polemos.store.sqlite import SQLiteStore


def _open_postgresql(url: str) -> Store:
    try:
        from polemos.store.postgres import PostgresStore
    except ImportError as exc:
        raise StoreError(
            f"cannot open {url.split('://', 1)[0]}:// database: {exc}",
            hint="install the PostgreSQL extra: pip install 'polemos[postgres]'",
        ) from exc
    return PostgresStore(url)


STORES.register("postgresql")(_open_postgresql)
STORES.register("postgres")(_open_postgresql)

__all__ = ["STORES", "EventFilter", "SQLiteStore", "Store", "StoreStats", "open_store"]
