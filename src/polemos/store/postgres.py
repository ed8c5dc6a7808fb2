"""The PostgreSQL store: ``--db postgresql://user@host:port/dbname`` (psycopg 3).

Same tables, same migrations and the same typed methods as SQLite (``polemos.store.sql``);
this module supplies the connection, the ``?`` -> ``%s`` translation of portable SQL and
what makes many concurrent writers safe:

- every write is one transaction at READ COMMITTED; articles are inserted with
  ``ON CONFLICT DO NOTHING`` on their content-hash id, so two processes ingesting the same
  article store it once;
- writers of one article's reports, and of the merged event set, are serialised by
  transaction-scoped advisory locks (a retried or duplicated task simply replaces what
  the first one wrote);
- a write failing with a serialization failure or deadlock is retried with backoff.

PostgreSQL text cannot hold NUL characters: NULs in parameters are stored as U+FFFD.
Reports and events are rebuilt from their JSON ``record`` (which escapes NUL), so they
still round-trip exactly; ingestion never produces articles with NULs.

Result rows are ``Row`` objects readable by index and by column name, like
``sqlite3.Row``.  ``query`` streams through a server-side cursor, so large tables are
never held whole in client memory and other queries may run while one is iterated.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg.pq import TransactionStatus

from polemos.errors import StoreError
from polemos.store.migrations import apply_migrations, current_version
from polemos.store.sql import Dialect, SQLStore

CONNECT_TIMEOUT_S = 10
MIGRATION_LOCK = 0x706F6C656D6F73  # "polemos": serialises migrating processes
_FETCH = 500
_RETRYABLE = (pg_errors.SerializationFailure, pg_errors.DeadlockDetected)
_cursor_names = itertools.count()


def redact_url(url: str) -> str:
    """``url`` with any password replaced by ``***`` (for messages and logs)."""
    url = re.sub(r"(://[^/@:]*):[^/@]*@", r"\1:***@", url)
    return re.sub(r"(?i)([?&]password=)[^&]*", r"\1***", url)


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """Portable SQL (``?`` placeholders) as psycopg takes it (``%s``, ``%`` doubled).

    ``?`` inside string literals, quoted identifiers and comments is left alone; every
    literal ``%`` is doubled, as psycopg reads ``%`` anywhere in a query with parameters.
    """
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        char = sql[i]
        end = _skip_quoted(sql, i)
        if end > i:
            out.append(sql[i:end].replace("%", "%%"))
            i = end
            continue
        out.append("%s" if char == "?" else "%%" if char == "%" else char)
        i += 1
    return "".join(out)


def _skip_quoted(sql: str, i: int) -> int:
    """End of the literal, quoted identifier or comment starting at ``i`` (else ``i``)."""
    char, rest = sql[i], sql[i : i + 2]
    if char in "'\"":
        end = i + 1
        while True:
            end = sql.find(char, end)
            if end < 0:
                return len(sql)
            if sql[end + 1 : end + 2] != char:
                return end + 1
            end += 2
    if rest == "--":
        end = sql.find("\n", i)
        return len(sql) if end < 0 else end
    if rest == "/*":
        end = sql.find("*/", i + 2)
        return len(sql) if end < 0 else end + 2
    return i


def _params(params: Sequence[Any] | None) -> tuple[Any, ...]:
    """Parameters as a tuple, NUL characters of strings replaced (PostgreSQL refuses them)."""
    return tuple(
        p.replace("\x00", "\ufffd") if isinstance(p, str) and "\x00" in p else p
        for p in (params or ())
    )


class Row:
    """One result row, readable as ``row[0]`` and ``row["column"]`` (like sqlite3.Row)."""

    __slots__ = ("_names", "_values")

    def __init__(self, names: dict[str, int], values: Sequence[Any]) -> None:
        self._names = names
        self._values = tuple(values)

    def __getitem__(self, key: int | str | slice) -> Any:
        if isinstance(key, str):
            try:
                return self._values[self._names[key]]
            except KeyError:
                raise IndexError(f"no column named {key!r}") from None
        return self._values[key]

    def keys(self) -> list[str]:
        return list(self._names)

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Row):
            return self._values == other._values and self._names == other._names
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values)

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._names, self._values, strict=True))!r})"


def row_factory(cursor: Any) -> Any:
    """psycopg row factory building ``Row`` objects."""
    description = cursor.description or []
    names = {column.name: index for index, column in enumerate(description)}

    def make(values: Sequence[Any]) -> Row:
        return Row(names, values)

    return make


class PgSession:
    """What ``transaction`` yields: ``execute``/``executemany`` with ``?`` placeholders."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.raw = conn

    def execute(self, sql: str, params: Sequence[Any] | None = ()) -> psycopg.Cursor[Any]:
        return self.raw.execute(translate(sql), _params(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> psycopg.Cursor[Any]:
        cursor = self.raw.cursor()
        cursor.executemany(translate(sql), [_params(row) for row in rows])
        return cursor


class PostgresDialect(Dialect):
    """PostgreSQL's spelling of what differs from SQLite."""

    name = "postgresql"
    distinct = "IS DISTINCT FROM"

    def __init__(self, fold_collation: str) -> None:
        self.fold_collation = fold_collation

    def equals_nocase(self, column: str) -> str:
        return f"lower({column}) = lower(?)"

    def contains_folded(self, column: str) -> str:
        return f"strpos(lower({column} COLLATE {self.fold_collation}), ?) > 0"

    def fold(self, value: str) -> str:
        return value.lower()

    def lock(self, conn: Any, key: str) -> None:
        conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", (key,))

    def retryable(self, error: BaseException | None) -> bool:
        return isinstance(error, _RETRYABLE)


class PgMigrationTarget:
    """``polemos.store.migrations.MigrationTarget`` over a psycopg autocommit connection."""

    dialect = "postgresql"
    driver_errors: tuple[type[Exception], ...] = (psycopg.Error,)

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.session = PgSession(conn)

    def begin_exclusive(self) -> None:
        self.session.execute("BEGIN")
        self.session.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))

    def commit(self) -> None:
        self.session.execute("COMMIT")

    def rollback(self) -> None:
        status = self.session.raw.info.transaction_status
        if status in (TransactionStatus.INTRANS, TransactionStatus.INERROR):
            self.session.execute("ROLLBACK")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.session.execute(sql, params)

    def table_exists(self, name: str) -> bool:
        found = self.session.execute("SELECT to_regclass(?::text)", (name,)).fetchone()
        return found is not None and found[0] is not None

    def step_connection(self) -> PgSession:
        return self.session


def _fold_collation(conn: psycopg.Connection[Any]) -> str:
    """A collation whose lower() folds all of Unicode: ICU's if the server has it, else
    the database default (the v1 text columns use byte-order "C", ASCII-only)."""
    found = conn.execute("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'").fetchone()
    return '"und-x-icu"' if found else '"default"'


class PostgresStore(SQLStore):
    """``polemos.store.base.Store`` on a PostgreSQL database."""

    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        self.url = url
        self.label = redact_url(url)
        try:
            self._conn = psycopg.connect(
                url, autocommit=True, row_factory=row_factory, connect_timeout=CONNECT_TIMEOUT_S
            )
        except psycopg.Error as exc:
            reason = " ".join(str(exc).split())  # libpq messages span several lines
            raise StoreError(
                f"cannot open database {self.label}: {reason}",
                hint="check that the server runs and the URL names an existing database",
            ) from exc
        try:
            self.sql_dialect = PostgresDialect(_fold_collation(self._conn))
            apply_migrations(PgMigrationTarget(self._conn), self.label)
            self.postgis = self._has_postgis()
        except BaseException:
            self._conn.close()
            raise

    def _has_postgis(self) -> bool:
        """Whether the PostGIS extension is installed in this database (informational:
        the geographic filters use the plain latitude/longitude columns either way)."""
        return self.scalar("SELECT 1 FROM pg_extension WHERE extname = 'postgis'") is not None

    def __enter__(self) -> PostgresStore:
        return self

    def close(self) -> None:
        self._conn.close()

    @property
    def connection(self) -> psycopg.Connection[Any]:
        """The underlying psycopg connection (autocommit mode)."""
        return self._conn

    @property
    def in_transaction(self) -> bool:
        return self._conn.info.transaction_status != TransactionStatus.IDLE

    @property
    def schema_version(self) -> int:
        return current_version(PgMigrationTarget(self._conn))

    @contextmanager
    def transaction(self, what: str) -> Iterator[PgSession]:
        """One committed write transaction; rolled back whole on any error.

        The yielded session takes ``execute(sql, params)`` with ``?`` placeholders.
        """
        try:
            with self._conn.transaction():
                yield PgSession(self._conn)
        except (psycopg.Error, OverflowError) as exc:
            raise StoreError(f"{self.label}: cannot {what}: {exc}") from exc

    def query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        """Stream the rows of ``sql`` through a server-side cursor."""
        name = f"polemos_{next(_cursor_names)}"
        try:
            cursor = self._conn.cursor(name=name, withhold=True)
            cursor.execute(translate(sql), _params(params))
        except (psycopg.Error, OverflowError) as exc:
            raise StoreError(f"{self.label}: query failed: {exc}") from exc
        try:
            while batch := self._fetch(cursor):
                yield from batch
        finally:
            if not self._conn.closed:
                cursor.close()

    def _fetch(self, cursor: psycopg.ServerCursor[Row]) -> list[Row]:
        try:
            return cursor.fetchmany(_FETCH)
        except psycopg.Error as exc:
            raise StoreError(f"{self.label}: query failed: {exc}") from exc

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            row = self._conn.execute(translate(sql), _params(params)).fetchone()
        except (psycopg.Error, OverflowError) as exc:
            raise StoreError(f"{self.label}: query failed: {exc}") from exc
        return row[0] if row else None
