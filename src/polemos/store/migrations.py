"""Schema migrations of the SQL stores (SQLite and PostgreSQL).

``MIGRATIONS`` lists every schema change as ``(version, name, apply)``.  ``apply`` is

- portable SQL text (one or more ``;``-terminated statements), run as it is on every
  backend: use TEXT, INTEGER, BIGINT, DOUBLE PRECISION (PostgreSQL's REAL is 4-byte),
  no AUTOINCREMENT, no WITHOUT ROWID, ``CREATE INDEX IF NOT EXISTS``;
- a callable taking the connection (SQLite: the ``sqlite3.Connection``; PostgreSQL: a
  connection whose ``execute(sql, params)`` takes ``?`` placeholders); or
- a mapping from dialect name (``"sqlite"``, ``"postgresql"``) to one of the above, for
  the rare change that cannot be written portably (version 1 is one: its SQLite text is
  translated for PostgreSQL by ``postgres_schema``).

``apply_migrations`` runs the missing ones in version order, each in its own exclusive
transaction (SQLite ``BEGIN IMMEDIATE``; PostgreSQL ``BEGIN`` plus an advisory lock, so
concurrent processes opening a fresh database migrate it once) together with its row in
``schema_migrations``, so a crash never leaves half a migration.  A database carrying a
version newer than the code knows is refused.

To change the schema, APPEND a ``Migration`` at the end of ``MIGRATIONS`` (below) with the
next version; never edit one that has shipped.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple, Protocol

from polemos.errors import StoreError

StepBody = str | Callable[[Any], None]
MigrationStep = StepBody | Mapping[str, StepBody]


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


# PostgreSQL spelling of SCHEMA_V1 (which is frozen, so this fixed rewrite is exact):
# 8-byte integers and floats, identity keys for SQLite's rowid aliases, BYTEA for BLOB,
# byte-order ("C") text so that ORDER BY and comparisons match SQLite's, lower() for
# COLLATE NOCASE, and undated events first like SQLite's NULL ordering.
_POSTGRES_REWRITES: tuple[tuple[str, str], ...] = (
    (r"\bINTEGER PRIMARY KEY\b", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (r"\bINTEGER\b", "BIGINT"),
    (r"\bREAL\b", "DOUBLE PRECISION"),
    (r"\bBLOB\b", "BYTEA"),
    (r"\bTEXT\b", 'TEXT COLLATE "C"'),
    (r"\((\w+) COLLATE NOCASE\)", r"(lower(\1))"),
    (r"\(event_date, event_id_cnty\)", "(event_date NULLS FIRST, event_id_cnty)"),
)


def postgres_schema(sql: str) -> str:
    """``sql`` written for SQLite's version 1 schema, rewritten for PostgreSQL."""
    for pattern, replacement in _POSTGRES_REWRITES:
        sql = re.sub(pattern, replacement, sql)
    return sql


SCHEMA_V1_POSTGRESQL = postgres_schema(SCHEMA_V1)

# Version 3: the actor graph (actors, time-bounded aliases, relation claims with evidence).
SCHEMA_V3_ACTOR_GRAPH = """
CREATE TABLE actors (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    inter INTEGER NOT NULL,
    country TEXT,
    kind TEXT NOT NULL,
    description TEXT,
    origin TEXT NOT NULL,
    source TEXT,
    updated_at TEXT NOT NULL
);
CREATE TABLE actor_aliases (
    actor_id TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    acronym INTEGER NOT NULL,
    official INTEGER NOT NULL,
    script TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT,
    origin TEXT NOT NULL,
    source TEXT,
    PRIMARY KEY (actor_id, name, origin)
);
CREATE INDEX IF NOT EXISTS actor_aliases_key ON actor_aliases (name_key);
CREATE TABLE actor_relations (
    id TEXT NOT NULL PRIMARY KEY,
    type TEXT NOT NULL,
    head TEXT NOT NULL,
    tail TEXT NOT NULL,
    tail_name TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT,
    date_precision INTEGER,
    origin TEXT NOT NULL,
    source TEXT,
    article_id TEXT,
    evidence TEXT NOT NULL,
    confidence DOUBLE PRECISION,
    recorded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS actor_relations_head ON actor_relations (head);
CREATE INDEX IF NOT EXISTS actor_relations_tail ON actor_relations (tail);
CREATE INDEX IF NOT EXISTS actor_relations_article ON actor_relations (article_id);
CREATE TABLE actor_files (
    origin TEXT NOT NULL PRIMARY KEY,
    content TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
"""

# Version 4: review of merging (audit log, analyst overrides, corrections), the change
# feed of merged events and the source registry.
SCHEMA_V4_REVIEW = """
CREATE TABLE merge_log (
    event_id TEXT NOT NULL,
    at BIGINT NOT NULL,
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    score DOUBLE PRECISION,
    reasons TEXT NOT NULL,
    report_ids TEXT NOT NULL,
    article_ids TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS merge_log_event ON merge_log (event_id, at);
CREATE TABLE merge_overrides (
    id TEXT NOT NULL PRIMARY KEY,
    action TEXT NOT NULL,
    event_id TEXT NOT NULL,
    other_id TEXT NOT NULL,
    report_ids TEXT NOT NULL,
    other_report_ids TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE field_corrections (
    event_id TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, field)
);
CREATE TABLE event_changes (
    event_id TEXT NOT NULL,
    at BIGINT NOT NULL,
    change TEXT NOT NULL,
    fields TEXT NOT NULL,
    PRIMARY KEY (event_id, at, change)
);
CREATE INDEX IF NOT EXISTS event_changes_at ON event_changes (at);
CREATE TABLE sources (
    name TEXT NOT NULL PRIMARY KEY,
    domain TEXT,
    source_scale TEXT,
    type TEXT,
    affiliation TEXT,
    reliability TEXT,
    origin TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""

# Version 5: bounding-box and radius filters (EventFilter.bbox/near) on plain columns.
SCHEMA_V5_COORDINATES = """
CREATE INDEX IF NOT EXISTS events_latitude_longitude ON events (latitude, longitude);
"""

# Append new migrations at the END of this tuple with the next version number; never edit
# one that has shipped.  (Version 2 is reserved for the HTTP API's indexes.)
# Version 2 (the HTTP API, polemos.api): indexes for its sort orders, keyset pages,
# case-insensitive filters, the timeline and the map grid (covering where it matters).
SCHEMA_V2_API_INDEXES = """
CREATE INDEX IF NOT EXISTS events_api_date ON events ((COALESCE(event_date, '')), event_id_cnty);
CREATE INDEX IF NOT EXISTS events_api_fatalities ON events (fatalities, event_id_cnty);
CREATE INDEX IF NOT EXISTS events_api_timeline
    ON events (event_date, event_type, fatalities, latitude, longitude);
CREATE INDEX IF NOT EXISTS events_api_type
    ON events ((LOWER(event_type)), (COALESCE(event_date, '')), event_id_cnty);
CREATE INDEX IF NOT EXISTS events_api_country
    ON events ((LOWER(country)), (COALESCE(event_date, '')), event_id_cnty);
CREATE INDEX IF NOT EXISTS events_api_map ON events (latitude, longitude, event_type, fatalities);
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", {"sqlite": SCHEMA_V1, "postgresql": SCHEMA_V1_POSTGRESQL}),
    Migration(2, "indexes for the HTTP API", SCHEMA_V2_API_INDEXES),
    Migration(3, "actor graph", SCHEMA_V3_ACTOR_GRAPH),
    Migration(4, "merge review, change feed, sources", SCHEMA_V4_REVIEW),
    Migration(5, "event coordinates index", SCHEMA_V5_COORDINATES),
)

_BOOTSTRAP = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""


class MigrationTarget(Protocol):
    """A database connection migrations run on (``SQLiteTarget``, PostgreSQL's own)."""

    dialect: str
    driver_errors: tuple[type[Exception], ...]

    def begin_exclusive(self) -> None:
        """Start a transaction no other migrating process can run beside."""

    def commit(self) -> None: ...

    def rollback(self) -> None:
        """Roll back the open transaction, if any."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement (``?`` placeholders)."""

    def table_exists(self, name: str) -> bool: ...

    def step_connection(self) -> Any:
        """What a callable migration step receives."""


class SQLiteTarget:
    """``MigrationTarget`` over a ``sqlite3`` connection in autocommit mode."""

    dialect = "sqlite"
    driver_errors: tuple[type[Exception], ...] = (sqlite3.Error,)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def begin_exclusive(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(sql, params)

    def table_exists(self, name: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    def step_connection(self) -> sqlite3.Connection:
        return self.conn


Connectable = sqlite3.Connection | MigrationTarget


def _target(conn: Connectable) -> MigrationTarget:
    return SQLiteTarget(conn) if isinstance(conn, sqlite3.Connection) else conn


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


def applied_versions(conn: Connectable) -> list[int]:
    """Versions recorded in ``schema_migrations`` (empty for a new database)."""
    target = _target(conn)
    if not target.table_exists("schema_migrations"):
        return []
    rows = target.execute("SELECT version FROM schema_migrations ORDER BY version")
    return [int(row[0]) for row in rows.fetchall()]


def current_version(conn: Connectable) -> int:
    return max(applied_versions(conn), default=0)


def check_not_newer(
    conn: Connectable, where: str, migrations: Sequence[Migration] = MIGRATIONS
) -> None:
    """Raise ``StoreError`` when the database has a schema newer than ``migrations``."""
    found, known = current_version(conn), latest_version(migrations)
    if found > known:
        raise StoreError(
            f"{where}: database schema version {found} is newer than this Polemos "
            f"supports (version {known})",
            hint="upgrade Polemos, or use another database",
        )


def step_for(step: MigrationStep, dialect: str) -> StepBody:
    """The body of ``step`` for ``dialect`` (a mapping is looked up by dialect name)."""
    if isinstance(step, Mapping):
        if dialect not in step:
            raise StoreError(f"schema migration has no step for the {dialect} dialect")
        return step[dialect]
    return step


def _run_step(target: MigrationTarget, step: MigrationStep) -> None:
    body = step_for(step, target.dialect)
    if callable(body):
        body(target.step_connection())
        return
    for statement in split_statements(body):
        target.execute(statement)


def _apply_one(target: MigrationTarget, migration: Migration) -> bool:
    """Apply ``migration`` in its own transaction unless present; True when applied."""
    target.begin_exclusive()
    try:
        target.execute(_BOOTSTRAP)
        if migration.version in applied_versions(target):
            target.commit()
            return False
        _run_step(target, migration.apply)
        target.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (migration.version, migration.name, datetime.now(UTC).isoformat()),
        )
        target.commit()
    except BaseException:
        target.rollback()
        raise
    return True


def apply_migrations(
    conn: Connectable, where: str, migrations: Sequence[Migration] = MIGRATIONS
) -> list[int]:
    """Apply the missing ``migrations`` in order; the versions applied now.

    ``conn`` is a ``sqlite3`` connection in autocommit mode (``isolation_level=None``) or
    a ``MigrationTarget``.  ``where`` names the database in error messages.
    """
    target = _target(conn)
    check_not_newer(target, where, migrations)
    versions = [m.version for m in migrations]
    if len(set(versions)) != len(versions):
        raise StoreError(f"duplicate schema migration versions: {sorted(versions)}")
    done = set(applied_versions(target))
    applied: list[int] = []
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version in done:
            continue
        try:
            if _apply_one(target, migration):
                applied.append(migration.version)
        except target.driver_errors as exc:
            raise StoreError(
                f"{where}: schema migration {migration.version} ({migration.name}) failed: {exc}"
            ) from exc
    return applied
