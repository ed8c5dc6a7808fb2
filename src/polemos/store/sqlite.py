"""The SQLite store: one database file, readable as it is by ``sqlite3`` or Datasette.

Every write is one committed transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``), so a
process killed between writes loses nothing already committed and never leaves half an
article's reports.  The database runs in WAL mode with ``synchronous=NORMAL``: committed
transactions survive a crash of the process (a power loss may drop the last few).

Tables (see ``migrations.py``): ``articles``, ``rejections``, ``reports`` (one row per
article's event report), ``events`` (merged events), ``evidence`` (one row per evidence
span of a report or event), ``claims`` and ``schema_migrations``.  Reports and events
keep every ACLED column as a real column plus the full ``Event`` JSON in ``record``,
which is what they are rebuilt from, so they round-trip exactly.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from polemos.errors import StoreError
from polemos.models import Article, Claim, DateSource, Event, Evidence, OffsetMap, Rejection
from polemos.store.base import STORES, EventFilter, StoreStats
from polemos.store.migrations import EVENT_COLUMNS, apply_migrations, current_version

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000
_FETCH = 500

_ARTICLE_COLUMNS = (
    "id", "url", "source", "title", "published", "published_from", "language", "text",
    "clean_text", "offsets", "content_hash", "origin", "format", "duplicate_of", "flags",
    "signature", "extracted_version", "ingested_at",
)  # fmt: skip
_EVENT_NAMES = tuple(name for name, _ in EVENT_COLUMNS)
_REPORT_INSERT_COLUMNS = (*_EVENT_NAMES, "article_id", "position", "record")
_EVENT_INSERT_COLUMNS = (*_EVENT_NAMES, "article_ids", "position", "record")


def _insert_sql(table: str, columns: Sequence[str], verb: str = "INSERT") -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    return f"{verb} INTO {table} ({names}) VALUES ({marks})"


_INSERT_ARTICLE = _insert_sql("articles", _ARTICLE_COLUMNS, "INSERT OR IGNORE")
_INSERT_REPORT = _insert_sql("reports", _REPORT_INSERT_COLUMNS)
_INSERT_EVENT = _insert_sql("events", _EVENT_INSERT_COLUMNS)
_INSERT_EVIDENCE = _insert_sql(
    "evidence", ("owner_kind", "owner_id", "article_id", "field", "start", "end", "text")
)
_INSERT_CLAIM = _insert_sql(
    "claims", ("event_id", "report_id", "article_id", "source", "field", "value", "evidence")
)


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


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.create_function("polemos_fold", 1, _casefold, deterministic=True)
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(f"cannot open database '{path}': {exc}") from exc
    return conn


# -- rows <-> records ------------------------------------------------------------------


def _article_row(article: Article, signature: bytes | None) -> tuple[Any, ...]:
    return (
        article.id, article.url, article.source, article.title,
        article.published.isoformat() if article.published else None,
        article.published_from.value, article.language, article.text, article.clean_text,
        article.offsets.model_dump_json(), article.content_hash, article.origin,
        article.format, article.duplicate_of, json.dumps(article.flags, ensure_ascii=False),
        signature, None, datetime.now(UTC).isoformat(),
    )  # fmt: skip


def _article_from(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        url=row["url"],
        source=row["source"],
        title=row["title"],
        published=date.fromisoformat(row["published"]) if row["published"] else None,
        published_from=DateSource(row["published_from"]),
        language=row["language"],
        text=row["text"],
        clean_text=row["clean_text"],
        offsets=OffsetMap.model_validate_json(row["offsets"]),
        content_hash=row["content_hash"],
        origin=row["origin"],
        format=row["format"],
        duplicate_of=row["duplicate_of"],
        flags=json.loads(row["flags"]),
    )


def _event_values(event: Event) -> list[Any]:
    """The ``EVENT_COLUMNS`` values of ``event``, in order."""
    row = event.acled_row()
    row["date_basis"] = event.date_basis
    row["pipeline_version"] = event.pipeline_version
    return [row[name] for name in _EVENT_NAMES]


def _report_row(event: Event, article_id: str, position: int) -> tuple[Any, ...]:
    return (*_event_values(event), article_id, position, event.model_dump_json())


def _event_row(event: Event, position: int) -> tuple[Any, ...]:
    article_ids = json.dumps(event.article_ids, ensure_ascii=False)
    return (*_event_values(event), article_ids, position, event.model_dump_json())


def _evidence_rows(kind: str, event: Event) -> list[tuple[Any, ...]]:
    return [
        (kind, event.event_id_cnty, ev.article_id, ev.field, ev.start, ev.end, ev.text)
        for ev in event.evidence
    ]


def _claim_row(claim: Claim) -> tuple[Any, ...]:
    data = claim.model_dump(mode="json")
    return (
        claim.event_id, claim.report_id, claim.article_id, claim.source, claim.field,
        json.dumps(data["value"], ensure_ascii=False),
        json.dumps(data["evidence"], ensure_ascii=False),
    )  # fmt: skip


def _claim_from(row: sqlite3.Row) -> Claim:
    return Claim(
        event_id=row["event_id"],
        report_id=row["report_id"],
        article_id=row["article_id"],
        source=row["source"],
        field=row["field"],
        value=json.loads(row["value"]),
        evidence=[Evidence.model_validate(e) for e in json.loads(row["evidence"])],
    )


def _filter_sql(filters: EventFilter) -> tuple[str, list[Any]]:
    """``WHERE ... ORDER BY ... LIMIT`` for ``filters``, with its parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    if filters.since is not None:
        clauses.append("event_date >= ?")
        params.append(filters.since.isoformat())
    if filters.until is not None:
        clauses.append("event_date <= ?")
        params.append(filters.until.isoformat())
    if filters.country:
        clauses.append("country = ? COLLATE NOCASE")
        params.append(filters.country)
    if filters.event_type:
        clauses.append("event_type = ? COLLATE NOCASE")
        params.append(filters.event_type)
    if filters.actor:
        actor_columns = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
        clauses.append(
            "(" + " OR ".join(f"instr(polemos_fold({c}), ?) > 0" for c in actor_columns) + ")"
        )
        params.extend([filters.actor.casefold()] * len(actor_columns))
    sql = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    sql += " ORDER BY event_date, event_id_cnty"
    if filters.limit is not None:
        if filters.limit < 0:
            raise StoreError(f"event limit must be >= 0, not {filters.limit}")
        sql += " LIMIT ?"
        params.append(filters.limit)
    return sql, params


class SQLiteStore:
    """``polemos.store.base.Store`` on one SQLite file (or ``:memory:``)."""

    def __init__(self, path: str | Path) -> None:
        self.path = db_path_from_url(str(path))
        _check_file(self.path)
        self._conn = _connect(self.path)
        self._conn.row_factory = sqlite3.Row
        try:
            apply_migrations(self._conn, self.path)
        except BaseException:
            self._conn.close()
            raise

    # -- plumbing ----------------------------------------------------------------------

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """The underlying connection (autocommit mode), for read-only inspection."""
        return self._conn

    @property
    def schema_version(self) -> int:
        return current_version(self._conn)

    dialect = "sqlite"

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
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: query failed: {exc}") from exc
        try:
            while batch := cursor.fetchmany(_FETCH):
                yield from batch
        finally:
            cursor.close()

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self._conn.execute(sql, params).fetchone()
        return row[0] if row else None

    # -- articles ----------------------------------------------------------------------

    def add_article(self, article: Article, signature: bytes | None) -> bool:
        """Store ``article``; False (and nothing changed) if its id is present."""
        with self.transaction(f"add article {article.id}") as conn:
            cursor = conn.execute(_INSERT_ARTICLE, _article_row(article, signature))
            return cursor.rowcount == 1

    def has_article(self, article_id: str) -> bool:
        return self.scalar("SELECT 1 FROM articles WHERE id = ?", (article_id,)) is not None

    def get_article(self, article_id: str) -> Article | None:
        row = self._conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _article_from(row) if row else None

    def get_text(self, article_id: str) -> str | None:
        """The ``clean_text`` of an article, or None when absent."""
        value = self.scalar("SELECT clean_text FROM articles WHERE id = ?", (article_id,))
        return str(value) if value is not None else None

    def iter_articles(self) -> Iterator[Article]:
        """Every article (duplicates included), by id."""
        for row in self.query("SELECT * FROM articles ORDER BY id"):
            yield _article_from(row)

    def iter_signatures(self) -> Iterator[tuple[str, bytes]]:
        sql = (
            "SELECT id, signature FROM articles WHERE duplicate_of IS NULL "
            "AND signature IS NOT NULL ORDER BY id"
        )
        for row in self.query(sql):
            yield row["id"], bytes(row["signature"])

    def extracted_version(self, article_id: str) -> str | None:
        """The pipeline version that last extracted ``article_id`` (None if never)."""
        value = self.scalar("SELECT extracted_version FROM articles WHERE id = ?", (article_id,))
        return str(value) if value is not None else None

    # -- rejections --------------------------------------------------------------------

    def add_rejection(self, rejection: Rejection) -> None:
        """Record a rejection; a second one for the same origin + code updates it."""
        at = rejection.at.isoformat() if rejection.at else None
        with self.transaction(f"record rejection of {rejection.origin}") as conn:
            conn.execute(
                "INSERT INTO rejections (origin, code, reason, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (origin, code) DO UPDATE SET reason = excluded.reason, "
                "at = excluded.at",
                (rejection.origin, rejection.code, rejection.reason, at),
            )

    def rejections(self) -> list[Rejection]:
        rows = self.query("SELECT * FROM rejections ORDER BY origin, code")
        return [
            Rejection(
                origin=row["origin"],
                code=row["code"],
                reason=row["reason"],
                at=datetime.fromisoformat(row["at"]) if row["at"] else None,
            )
            for row in rows
        ]

    # -- reports -----------------------------------------------------------------------

    def pending_articles(self, pipeline_version: str) -> list[str]:
        rows = self.query(
            "SELECT id FROM articles WHERE duplicate_of IS NULL "
            "AND extracted_version IS NOT ? ORDER BY id",
            (pipeline_version,),
        )
        return [row["id"] for row in rows]

    def replace_reports(
        self, article_id: str, reports: Sequence[Event], pipeline_version: str
    ) -> None:
        """In one transaction: drop the article's reports, store ``reports``, mark it."""
        with self.transaction(f"store reports of article {article_id}") as conn:
            conn.execute(
                "DELETE FROM evidence WHERE owner_kind = 'report' AND owner_id IN "
                "(SELECT event_id_cnty FROM reports WHERE article_id = ?)",
                (article_id,),
            )
            conn.execute("DELETE FROM reports WHERE article_id = ?", (article_id,))
            for position, report in enumerate(reports):
                conn.execute(_INSERT_REPORT, _report_row(report, article_id, position))
                conn.executemany(_INSERT_EVIDENCE, _evidence_rows("report", report))
            marked = conn.execute(
                "UPDATE articles SET extracted_version = ? WHERE id = ?",
                (pipeline_version, article_id),
            )
            if marked.rowcount != 1:
                raise StoreError(f"{self.path}: no article '{article_id}' to store reports for")

    def iter_reports(self) -> Iterator[Event]:
        """Every report, by article id then the order they were given in."""
        for row in self.query("SELECT record FROM reports ORDER BY article_id, position"):
            yield Event.model_validate_json(row["record"])

    def reports_for(self, article_id: str) -> list[Event]:
        """One article's reports, in the order they were given."""
        rows = self.query(
            "SELECT record FROM reports WHERE article_id = ? ORDER BY position", (article_id,)
        )
        return [Event.model_validate_json(row["record"]) for row in rows]

    # -- events and claims -------------------------------------------------------------

    def replace_events(self, events: Sequence[Event], claims: Sequence[Claim]) -> None:
        """In one transaction: replace every merged event, its evidence and claims."""
        with self.transaction("store merged events") as conn:
            conn.execute("DELETE FROM claims")
            conn.execute("DELETE FROM evidence WHERE owner_kind = 'event'")
            conn.execute("DELETE FROM events")
            for position, event in enumerate(events):
                conn.execute(_INSERT_EVENT, _event_row(event, position))
                conn.executemany(_INSERT_EVIDENCE, _evidence_rows("event", event))
            conn.executemany(_INSERT_CLAIM, [_claim_row(claim) for claim in claims])

    def iter_events(self, filters: EventFilter | None = None) -> Iterator[Event]:
        """Merged events matching ``filters``, by event date (undated first) then id."""
        where, params = _filter_sql(filters or EventFilter())
        for row in self.query("SELECT record FROM events" + where, params):
            yield Event.model_validate_json(row["record"])

    def get_event(self, event_id: str) -> Event | None:
        """One merged event by ``event_id_cnty``."""
        record = self.scalar("SELECT record FROM events WHERE event_id_cnty = ?", (event_id,))
        return Event.model_validate_json(record) if record is not None else None

    def claims_for(self, event_id: str) -> list[Claim]:
        rows = self.query("SELECT * FROM claims WHERE event_id = ? ORDER BY id", (event_id,))
        return [_claim_from(row) for row in rows]

    # -- statistics --------------------------------------------------------------------

    def stats(self, pipeline_version: str | None = None) -> StoreStats:
        """Row counts; ``pending`` counts articles not extracted by ``pipeline_version``
        (when None: never extracted at all)."""
        count = self.scalar
        pending_sql = "SELECT count(*) FROM articles WHERE duplicate_of IS NULL AND "
        if pipeline_version is None:
            pending = count(pending_sql + "extracted_version IS NULL")
        else:
            pending = count(pending_sql + "extracted_version IS NOT ?", (pipeline_version,))
        return StoreStats(
            articles=count("SELECT count(*) FROM articles"),
            duplicates=count("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
            rejections=count("SELECT count(*) FROM rejections"),
            reports=count("SELECT count(*) FROM reports"),
            events=count("SELECT count(*) FROM events"),
            claims=count("SELECT count(*) FROM claims"),
            pending=pending,
            schema_version=self.schema_version,
            extra={
                "evidence": count("SELECT count(*) FROM evidence"),
                "signatures": count("SELECT count(*) FROM articles WHERE signature IS NOT NULL"),
            },
        )


@STORES.register("sqlite")
def open_sqlite(url: str) -> SQLiteStore:
    """Factory for ``STORES``: a path, ``sqlite:///path`` or ``:memory:``."""
    return SQLiteStore(url)
