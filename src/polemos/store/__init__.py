"""Storage: the ``Store`` interface and its backends (SQLite registers as ``sqlite``)."""

from polemos.store.base import STORES, EventFilter, Store, StoreStats, open_store
from polemos.store.sqlite import SQLiteStore

__all__ = ["STORES", "EventFilter", "SQLiteStore", "Store", "StoreStats", "open_store"]
