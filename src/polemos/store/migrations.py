"""Schema migrations of the SQLite store.

``MIGRATIONS`` lists every schema change as ``(version, name, apply)``; ``apply`` is SQL
text (one or more statements) or a callable taking the connection.  ``apply_migrations``
runs the missing ones in version order, each in its own ``BEGIN IMMEDIATE`` transaction
together with its row in ``schema_migrations``, so a crash never leaves half a migration.
A database carrying a version newer than the code knows is refused.

To change the schema, append a ``Migration`` with the next version; never edit one that
has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import NamedTuple

from polemos.errors import StoreError

MigrationStep = str | Callable[[sqlite3.Connection], None]


class Migration(NamedTuple):
    version: int
    name: str
    apply: MigrationStep


# Columns of ``reports`` and ``events``: the ACLED columns (same names, same order) with
# their SQLite types, then Polemos' own.
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id_cnty", "TEXT NOT NULL PRIMARY KEY"),
    ("event_date", "TEXT"),
    ("year", "INTEGER"),
    ("time_precision", "INTEGER NOT NULL"),
    ("disorder_type", "TEXT NOT NULL"),
    ("event_type", "TEXT NOT NULL"),
    ("sub_event_type", "TEXT NOT NULL"),
    ("actor1", "TEXT NOT NULL"),
    ("assoc_actor_1", "TEXT NOT NULL"),
    ("inter1", "INTEGER"),
    ("actor2", "TEXT NOT NULL"),
    ("assoc_actor_2", "TEXT NOT NULL"),
    ("inter2", "INTEGER"),
    ("interaction", "INTEGER"),
    ("civilian_targeting", "TEXT NOT NULL"),
    ("iso", "INTEGER"),
    ("region", "TEXT NOT NULL"),
    ("country", "TEXT NOT NULL"),
    ("admin1", "TEXT NOT NULL"),
    ("admin2", "TEXT NOT NULL"),
    ("admin3", "TEXT NOT NULL"),
    ("location", "TEXT NOT NULL"),
    ("latitude", "REAL"),
    ("longitude", "REAL"),
    ("geo_precision", "INTEGER"),
    ("source", "TEXT NOT NULL"),
    ("source_scale", "TEXT NOT NULL"),
    ("notes", "TEXT NOT NULL"),
    ("fatalities", "INTEGER NOT NULL"),
    ("tags", "TEXT NOT NULL"),
    ("timestamp", "INTEGER NOT NULL"),
    ("date_basis", "TEXT NOT NULL"),
    ("pipeline_version", "TEXT NOT NULL"),
)


def _column_sql(extra: Sequence[tuple[str, str]] = ()) -> str:
    columns = [*EVENT_COLUMNS[:1], *extra, *EVENT_COLUMNS[1:]]
    return ",\n    ".join(f'"{name}" {kind}' for name, kind in columns)


_REPORT_EXTRA = (
    ("article_id", "TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE"),
    ("position", "INTEGER NOT NULL"),
)
_EVENT_EXTRA = (("article_ids", "TEXT NOT NULL"), ("position", "INTEGER NOT NULL"))

SCHEMA_V1 = f"""
CREATE TABLE articles (
    id TEXT NOT NULL PRIMARY KEY,
    url TEXT,
    source TEXT,
    title TEXT,
    published TEXT,
    published_from TEXT NOT NULL,
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    clean_text TEXT NOT NULL,
    offsets TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    origin TEXT NOT NULL,
    format TEXT NOT NULL,
    duplicate_of TEXT,
    flags TEXT NOT NULL,
    signature BLOB,
    extracted_version TEXT,
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_content_hash ON articles (content_hash);
CREATE INDEX articles_pending ON articles (duplicate_of, extracted_version);

CREATE TABLE rejections (
    origin TEXT NOT NULL,
    code TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT,
    UNIQUE (origin, code)
);

CREATE TABLE reports (
    {_column_sql(_REPORT_EXTRA)},
    record TEXT NOT NULL
);
CREATE INDEX reports_article_id ON reports (article_id, position);
CREATE INDEX reports_event_date ON reports (event_date);
CREATE INDEX reports_country ON reports (country);
CREATE INDEX reports_event_type ON reports (event_type);

CREATE TABLE events (
    {_column_sql(_EVENT_EXTRA)},
    record TEXT NOT NULL
);
CREATE INDEX events_event_date ON events (event_date, event_id_cnty);
CREATE INDEX events_country ON events (country COLLATE NOCASE);
CREATE INDEX events_event_type ON events (event_type COLLATE NOCASE);

CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('report', 'event')),
    owner_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    field TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX evidence_owner ON evidence (owner_kind, owner_id);
CREATE INDEX evidence_article_id ON evidence (article_id);
CREATE INDEX evidence_field ON evidence (field);

CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(event_id_cnty) ON DELETE CASCADE,
    report_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    source TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    evidence TEXT NOT NULL
);
CREATE INDEX claims_event_id ON claims (event_id);
CREATE INDEX claims_article_id ON claims (article_id);
"""

MIGRATIONS: tuple[Migration, ...] = (Migration(1, "initial schema", SCHEMA_V1),)

_BOOTSTRAP = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""


def latest_version(migrations: Sequence[Migration] = MIGRATIONS) -> int:
    return max((m.version for m in migrations), default=0)


def split_statements(sql: str) -> Iterator[str]:
    """The complete SQL statements in ``sql`` (``;``-terminated, comments allowed)."""
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()


def applied_versions(conn: sqlite3.Connection) -> list[int]:
    """Versions recorded in ``schema_migrations`` (empty for a new database)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute("SELECT version FROM schema_migrations ORDER BY version")
    return [int(row[0]) for row in rows]


def current_version(conn: sqlite3.Connection) -> int:
    return max(applied_versions(conn), default=0)


def check_not_newer(
    conn: sqlite3.Connection, where: str, migrations: Sequence[Migration] = MIGRATIONS
) -> None:
    """Raise ``StoreError`` when the database has a schema newer than ``migrations``."""
    found, known = current_version(conn), latest_version(migrations)
    if found > known:
        raise StoreError(
            f"{where}: database schema version {found} is newer than this Polemos "
            f"supports (version {known})",
            hint="upgrade Polemos, or use another database file",
        )


def _run_step(conn: sqlite3.Connection, step: MigrationStep) -> None:
    if callable(step):
        step(conn)
        return
    for statement in split_statements(step):
        conn.execute(statement)


def _apply_one(conn: sqlite3.Connection, migration: Migration) -> bool:
    """Apply ``migration`` in its own transaction unless present; True when applied."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(_BOOTSTRAP)
        if migration.version in applied_versions(conn):
            conn.execute("COMMIT")
            return False
        _run_step(conn, migration.apply)
        conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (migration.version, migration.name, datetime.now(UTC).isoformat()),
        )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return True


def apply_migrations(
    conn: sqlite3.Connection, where: str, migrations: Sequence[Migration] = MIGRATIONS
) -> list[int]:
    """Apply the missing ``migrations`` in order; the versions applied now.

    ``conn`` must be in autocommit mode (``isolation_level=None``).  ``where`` names the
    database in error messages.
    """
    check_not_newer(conn, where, migrations)
    versions = [m.version for m in migrations]
    if len(set(versions)) != len(versions):
        raise StoreError(f"duplicate schema migration versions: {sorted(versions)}")
    done = set(applied_versions(conn))
    applied: list[int] = []
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version in done:
            continue
        try:
            if _apply_one(conn, migration):
                applied.append(migration.version)
        except sqlite3.Error as exc:
            raise StoreError(
                f"{where}: schema migration {migration.version} ({migration.name}) failed: {exc}"
            ) from exc
    return applied
