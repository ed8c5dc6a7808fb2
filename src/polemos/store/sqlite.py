"""The SQLite store: one database file, readable as it is by ``sqlite3`` or Datasette.

Every write is one committed transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``), so a
process killed between writes loses nothing already committed and never leaves half an
article's reports.  The database runs in WAL mode with ``synchronous=NORMAL``: committed
transactions survive a crash of the process (a power loss may drop the last few).

Tables (see ``migrations.py``): ``articles``, ``rejections``, ``reports`` (one row per
article's event report), ``events`` (merged events), ``evidence`` (one row per evidence
span of a report or event), ``claims`` and ``schema_migrations``.  Reports and events
keep every ACLED column as a real column plus the full ``Event`` JSON in ``record``,
which is what they are rebuilt from, so they round-trip exactly.  The typed methods are
shared with PostgreSQL (``polemos.store.sql``); this module supplies the connection.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from polemos.errors import StoreError
from polemos.store.base import STORES
from polemos.store.migrations import apply_migrations, current_version
from polemos.store.sql import Dialect, SQLStore

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000
_FETCH = 500
SQLITE = Dialect()

# Math functions the geographic event filters use, for SQLite builds without them.
_MATH: dict[str, tuple[int, Callable[..., Any]]] = {
    "sin": (1, math.sin), "cos": (1, math.cos), "asin": (1, math.asin),
    "sqrt": (1, math.sqrt), "radians": (1, math.radians), "power": (2, math.pow),
}  # fmt: skip


def db_path_from_url(url: str) -> str:
    """The file path in ``url``: a plain path, ``sqlite:///relative.db`` or
    ``sqlite:////absolute.db`` (as SQLAlchemy writes them); ``:memory:`` is kept."""
    if url.startswith("sqlite://"):
        rest = url[len("sqlite://") :]
        if not rest:
            return ":memory:"
        if not rest.startswith("/"):
            raise StoreError(f"bad SQLite URL '{url}'", hint="use sqlite:///path/to/file.db")
        return rest[1:]
    return url


def _check_file(path: str) -> None:
    """Refuse a missing directory or a file that is not a SQLite database (untouched)."""
    if path == ":memory:":
        return
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise StoreError(
            f"cannot open database '{path}': directory '{parent}' does not exist",
            hint="create the directory first or choose another --db path",
        )
    if target.is_dir():
        raise StoreError(f"cannot open database '{path}': it is a directory")
    if not target.exists():
        return
    try:
        with target.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"cannot read database '{path}': {exc}") from exc
    if header and header != SQLITE_HEADER:
        raise StoreError(
            f"'{path}' is not a SQLite database",
            hint="it was left untouched; choose another --db path",
        )


def _casefold(value: object) -> str | None:
    return value.casefold() if isinstance(value, str) else None


def _null_safe(function: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any) -> Any:
        return None if any(a is None for a in args) else function(*args)

    return call


def _add_functions(conn: sqlite3.Connection) -> None:
    conn.create_function("polemos_fold", 1, _casefold, deterministic=True)
    try:
        conn.execute("SELECT sin(1), power(2, 2), radians(1)")
    except sqlite3.OperationalError:
        for name, (arity, function) in _MATH.items():
            conn.create_function(name, arity, _null_safe(function), deterministic=True)


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        _add_functions(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(f"cannot open database '{path}': {exc}") from exc
    return conn


class SQLiteStore(SQLStore):
    """``polemos.store.base.Store`` on one SQLite file (or ``:memory:``)."""

    dialect = "sqlite"
    sql_dialect = SQLITE

    def __init__(self, path: str | Path) -> None:
        self.path = db_path_from_url(str(path))
        self.label = self.path
        _check_file(self.path)
        self._conn = _connect(self.path)
        self._conn.row_factory = sqlite3.Row
        try:
            apply_migrations(self._conn, self.path)
        except BaseException:
            self._conn.close()
            raise

    def __enter__(self) -> SQLiteStore:
        return self

    def close(self) -> None:
        self._conn.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """The underlying connection (autocommit mode), for read-only inspection."""
        return self._conn

    @property
    def in_transaction(self) -> bool:
        return self._conn.in_transaction

    @property
    def schema_version(self) -> int:
        return current_version(self._conn)

    @contextmanager
    def transaction(self, what: str) -> Iterator[sqlite3.Connection]:
        """One committed write transaction; rolled back whole on any error.

        The yielded connection takes ``execute(sql, params)`` with ``?`` placeholders.
        """
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot {what}: {exc}") from exc
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error | OverflowError):
                raise StoreError(f"{self.path}: cannot {what}: {exc}") from exc
            raise

    def query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[sqlite3.Row]:
        """Stream the rows of ``sql`` in batches."""
        try:
            cursor = self._conn.execute(sql, params)
        except (sqlite3.Error, OverflowError) as exc:
            raise StoreError(f"{self.path}: query failed: {exc}") from exc
        try:
            while batch := cursor.fetchmany(_FETCH):
                yield from batch
        finally:
            cursor.close()

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            row = self._conn.execute(sql, params).fetchone()
        except (sqlite3.Error, OverflowError) as exc:
            raise StoreError(f"{self.path}: query failed: {exc}") from exc
        return row[0] if row else None


@STORES.register("sqlite")
def open_sqlite(url: str) -> SQLiteStore:
    """Factory for ``STORES``: a path, ``sqlite:///path`` or ``:memory:``."""
    return SQLiteStore(url)
