"""One implementation of the typed ``Store`` methods for every SQL backend.

``SQLStore`` holds the SQL of articles, rejections, reports, events and claims, written
once with ``?`` placeholders.  A backend (``SQLiteStore``, ``PostgresStore``) supplies the
plumbing (``transaction``, ``query``, ``scalar``, ``close``) and a ``Dialect`` for the few
spots where SQLite and PostgreSQL differ: ``IS NOT`` versus ``IS DISTINCT FROM``,
case-insensitive equality (``COLLATE NOCASE`` versus ``lower()``), Unicode case folding for
the actor filter, and row locks that serialise concurrent writers of the same article or
of the merged event set.  Upserts are ``INSERT ... ON CONFLICT ... DO NOTHING/UPDATE``,
which both understand; ``LIMIT ?`` and blobs (Python ``bytes``) need no translation.

Writes go through ``_write``: one transaction, retried (with backoff) when the backend
reports a transient conflict such as a PostgreSQL serialization failure or deadlock.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from polemos.errors import StoreError
from polemos.models import Article, Claim, DateSource, Event, Evidence, OffsetMap, Rejection
from polemos.store.base import EventFilter, StoreStats
from polemos.store.migrations import EVENT_COLUMNS

T = TypeVar("T")

WRITE_ATTEMPTS = 5
RETRY_BASE_SECONDS = 0.05

ARTICLE_COLUMNS = (
    "id", "url", "source", "title", "published", "published_from", "language", "text",
    "clean_text", "offsets", "content_hash", "origin", "format", "duplicate_of", "flags",
    "signature", "extracted_version", "ingested_at",
)  # fmt: skip
EVENT_NAMES = tuple(name for name, _ in EVENT_COLUMNS)
_REPORT_INSERT_COLUMNS = (*EVENT_NAMES, "article_id", "position", "record")
_EVENT_INSERT_COLUMNS = (*EVENT_NAMES, "article_ids", "position", "record")
_ACTOR_COLUMNS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")


def insert_sql(table: str, columns: Sequence[str], conflict: str = "") -> str:
    """``INSERT INTO table (...) VALUES (?, ...)`` plus an optional ``ON CONFLICT`` clause."""
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({marks}){conflict}"


INSERT_ARTICLE = insert_sql("articles", ARTICLE_COLUMNS, " ON CONFLICT DO NOTHING")
INSERT_REPORT = insert_sql("reports", _REPORT_INSERT_COLUMNS)
INSERT_EVENT = insert_sql("events", _EVENT_INSERT_COLUMNS)
INSERT_EVIDENCE = insert_sql(
    "evidence", ("owner_kind", "owner_id", "article_id", "field", "start", "end", "text")
)
INSERT_CLAIM = insert_sql(
    "claims", ("event_id", "report_id", "article_id", "source", "field", "value", "evidence")
)
UPSERT_REJECTION = (
    "INSERT INTO rejections (origin, code, reason, at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (origin, code) DO UPDATE SET reason = excluded.reason, at = excluded.at"
)


class Dialect:
    """What differs between SQL backends; the defaults are SQLite's."""

    name = "sqlite"
    #: operator that is true when two values differ, NULLs included
    distinct = "IS NOT"

    def equals_nocase(self, column: str) -> str:
        """SQL true when ``column`` equals the next ``?`` ignoring ASCII case."""
        return f"{column} = ? COLLATE NOCASE"

    def contains_folded(self, column: str) -> str:
        """SQL true when case-folded ``column`` contains the next ``?`` (already folded)."""
        return f"instr(polemos_fold({column}), ?) > 0"

    def fold(self, value: str) -> str:
        """Case-fold a parameter the way ``contains_folded`` folds the column."""
        return value.casefold()

    def lock(self, conn: Any, key: str) -> None:
        """Serialise writers of ``key`` until the transaction ends (SQLite: no-op, as
        ``BEGIN IMMEDIATE`` already serialises every writer)."""
        return None

    def retryable(self, error: BaseException | None) -> bool:
        """True when a failed write transaction may succeed if simply run again."""
        return False


def _isoformat(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


# -- rows <-> records ------------------------------------------------------------------


def article_row(article: Article, signature: bytes | None) -> tuple[Any, ...]:
    return (
        article.id, article.url, article.source, article.title, _isoformat(article.published),
        article.published_from.value, article.language, article.text, article.clean_text,
        article.offsets.model_dump_json(), article.content_hash, article.origin,
        article.format, article.duplicate_of, json.dumps(article.flags, ensure_ascii=False),
        signature, None, datetime.now(UTC).isoformat(),
    )  # fmt: skip


def article_from(row: Any) -> Article:
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


def event_values(event: Event) -> list[Any]:
    """The ``EVENT_COLUMNS`` values of ``event``, in order."""
    row = event.acled_row()
    row["date_basis"] = event.date_basis
    row["pipeline_version"] = event.pipeline_version
    return [row[name] for name in EVENT_NAMES]


def report_row(event: Event, article_id: str, position: int) -> tuple[Any, ...]:
    return (*event_values(event), article_id, position, event.model_dump_json())


def event_row(event: Event, position: int) -> tuple[Any, ...]:
    article_ids = json.dumps(event.article_ids, ensure_ascii=False)
    return (*event_values(event), article_ids, position, event.model_dump_json())


def evidence_rows(kind: str, event: Event) -> list[tuple[Any, ...]]:
    return [
        (kind, event.event_id_cnty, ev.article_id, ev.field, ev.start, ev.end, ev.text)
        for ev in event.evidence
    ]


def claim_row(claim: Claim) -> tuple[Any, ...]:
    data = claim.model_dump(mode="json")
    return (
        claim.event_id, claim.report_id, claim.article_id, claim.source, claim.field,
        json.dumps(data["value"], ensure_ascii=False),
        json.dumps(data["evidence"], ensure_ascii=False),
    )  # fmt: skip


def claim_from(row: Any) -> Claim:
    return Claim(
        event_id=row["event_id"],
        report_id=row["report_id"],
        article_id=row["article_id"],
        source=row["source"],
        field=row["field"],
        value=json.loads(row["value"]),
        evidence=[Evidence.model_validate(e) for e in json.loads(row["evidence"])],
    )


# -- event filters ---------------------------------------------------------------------

KM_PER_DEGREE_LAT = 111.2
EARTH_RADIUS_KM = 6371.0088


def box_clauses(box: tuple[float, float, float, float]) -> tuple[list[str], list[Any]]:
    """Clauses for ``(min_lon, min_lat, max_lon, max_lat)``; a box whose min_lon is
    greater than its max_lon crosses the antimeridian."""
    min_lon, min_lat, max_lon, max_lat = box
    clauses = ["latitude BETWEEN ? AND ?"]
    params: list[Any] = [min_lat, max_lat]
    if min_lon <= max_lon:
        clauses.append("longitude BETWEEN ? AND ?")
        params += [min_lon, max_lon]
    else:
        clauses.append("(longitude >= ? OR longitude <= ?)")
        params += [min_lon, max_lon]
    return clauses, params


def near_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """A lat/lon box holding every point within ``km`` of ``(lat, lon)`` (index prefilter)."""
    dlat = km / KM_PER_DEGREE_LAT
    cos_lat = math.cos(math.radians(lat))
    if abs(lat) + dlat >= 90 or cos_lat * 180 * KM_PER_DEGREE_LAT <= km:
        return (-180.0, max(-90.0, lat - dlat), 180.0, min(90.0, lat + dlat))
    dlon = dlat / cos_lat
    west, east = lon - dlon, lon + dlon
    west = west + 360 if west < -180 else west
    east = east - 360 if east > 180 else east
    return (west, lat - dlat, east, lat + dlat)


# Great-circle distance in km (haversine) between (latitude, longitude) and (?, ?): plain
# SQL math functions that PostgreSQL has built in and SQLite gets from ``_connect``.
DISTANCE_KM_SQL = (
    f"2 * {EARTH_RADIUS_KM} * asin(sqrt("
    "power(sin(radians(latitude - ?) / 2), 2) + "
    "cos(radians(?)) * cos(radians(latitude)) * power(sin(radians(longitude - ?) / 2), 2)))"
)


def _geo_clauses(filters: EventFilter) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if filters.bbox is not None:
        clauses, params = box_clauses(filters.bbox)
    if filters.near is not None:
        lat, lon, km = filters.near
        if km < 0:
            raise StoreError(f"radius must be >= 0 km, not {km}")
        more, more_params = box_clauses(near_box(lat, lon, km))
        clauses += [*more, f"{DISTANCE_KM_SQL} <= ?"]
        params += [*more_params, lat, lat, lon, km]
    return clauses, params


def filter_sql(filters: EventFilter, dialect: Dialect) -> tuple[str, list[Any]]:
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
        clauses.append(dialect.equals_nocase("country"))
        params.append(filters.country)
    if filters.event_type:
        clauses.append(dialect.equals_nocase("event_type"))
        params.append(filters.event_type)
    if filters.actor:
        ors = " OR ".join(dialect.contains_folded(c) for c in _ACTOR_COLUMNS)
        clauses.append(f"({ors})")
        params.extend([dialect.fold(filters.actor)] * len(_ACTOR_COLUMNS))
    geo, geo_params = _geo_clauses(filters)
    clauses += geo
    params += geo_params
    sql = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    sql += " ORDER BY event_date NULLS FIRST, event_id_cnty"
    if filters.limit is not None:
        if filters.limit < 0:
            raise StoreError(f"event limit must be >= 0, not {filters.limit}")
        sql += " LIMIT ?"
        params.append(filters.limit)
    return sql, params


# -- the store -------------------------------------------------------------------------


class SQLStore:
    """The typed ``Store`` methods over ``transaction``/``query``/``scalar``.

    Subclasses set ``dialect`` (the name), ``sql_dialect`` (a ``Dialect``) and ``label``
    (how messages name the database), and implement the plumbing.
    """

    dialect: str
    sql_dialect: Dialect
    label: str

    # -- plumbing supplied by the backend ----------------------------------------------

    def transaction(self, what: str) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Any]:
        raise NotImplementedError

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    @property
    def schema_version(self) -> int:
        raise NotImplementedError

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _write(self, what: str, body: Callable[[Any], T]) -> T:
        """Run ``body(connection)`` in one transaction, retrying transient conflicts."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self.transaction(what) as conn:
                    return body(conn)
            except StoreError as exc:
                if attempt == WRITE_ATTEMPTS or not self.sql_dialect.retryable(exc.__cause__):
                    raise
            time.sleep(RETRY_BASE_SECONDS * 2 ** (attempt - 1))
        raise StoreError(f"{self.label}: cannot {what}")  # pragma: no cover - loop returns

    # -- articles ----------------------------------------------------------------------

    def add_article(self, article: Article, signature: bytes | None) -> bool:
        """Store ``article``; False (and nothing changed) if its id is present."""
        row = article_row(article, signature)

        def insert(conn: Any) -> bool:
            return bool(conn.execute(INSERT_ARTICLE, row).rowcount == 1)

        return self._write(f"add article {article.id}", insert)

    def has_article(self, article_id: str) -> bool:
        return self.scalar("SELECT 1 FROM articles WHERE id = ?", (article_id,)) is not None

    def get_article(self, article_id: str) -> Article | None:
        rows = list(self.query("SELECT * FROM articles WHERE id = ?", (article_id,)))
        return article_from(rows[0]) if rows else None

    def get_text(self, article_id: str) -> str | None:
        """The ``clean_text`` of an article, or None when absent."""
        value = self.scalar("SELECT clean_text FROM articles WHERE id = ?", (article_id,))
        return str(value) if value is not None else None

    def iter_articles(self) -> Iterator[Article]:
        """Every article (duplicates included), by id."""
        for row in self.query("SELECT * FROM articles ORDER BY id"):
            yield article_from(row)

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
        row = (rejection.origin, rejection.code, rejection.reason, _isoformat(rejection.at))
        self._write(
            f"record rejection of {rejection.origin}",
            lambda conn: conn.execute(UPSERT_REJECTION, row),
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

    def pending_articles(self, pipeline_version: str, include_stale: bool = True) -> list[str]:
        if not include_stale:
            sql = "SELECT id FROM articles WHERE duplicate_of IS NULL AND extracted_version IS NULL"
            return [row["id"] for row in self.query(sql + " ORDER BY id")]
        rows = self.query(
            "SELECT id FROM articles WHERE duplicate_of IS NULL "
            f"AND extracted_version {self.sql_dialect.distinct} ? ORDER BY id",
            (pipeline_version,),
        )
        return [row["id"] for row in rows]

    def replace_reports(
        self, article_id: str, reports: Sequence[Event], pipeline_version: str
    ) -> None:
        """In one transaction: drop the article's reports, store ``reports``, mark it."""
        rows = [report_row(r, article_id, n) for n, r in enumerate(reports)]
        evidence = [row for r in reports for row in evidence_rows("report", r)]

        def replace(conn: Any) -> None:
            self.sql_dialect.lock(conn, f"reports:{article_id}")
            conn.execute(
                "DELETE FROM evidence WHERE owner_kind = 'report' AND owner_id IN "
                "(SELECT event_id_cnty FROM reports WHERE article_id = ?)",
                (article_id,),
            )
            conn.execute("DELETE FROM reports WHERE article_id = ?", (article_id,))
            if rows:
                conn.executemany(INSERT_REPORT, rows)
            if evidence:
                conn.executemany(INSERT_EVIDENCE, evidence)
            marked = conn.execute(
                "UPDATE articles SET extracted_version = ? WHERE id = ?",
                (pipeline_version, article_id),
            )
            if marked.rowcount != 1:
                raise StoreError(f"{self.label}: no article '{article_id}' to store reports for")

        self._write(f"store reports of article {article_id}", replace)

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
        rows = [event_row(event, position) for position, event in enumerate(events)]
        evidence = [row for event in events for row in evidence_rows("event", event)]
        claim_rows = [claim_row(claim) for claim in claims]

        def replace(conn: Any) -> None:
            self.sql_dialect.lock(conn, "events")
            conn.execute("DELETE FROM claims")
            conn.execute("DELETE FROM evidence WHERE owner_kind = 'event'")
            conn.execute("DELETE FROM events")
            for table_rows, sql in ((rows, INSERT_EVENT), (evidence, INSERT_EVIDENCE),
                                    (claim_rows, INSERT_CLAIM)):  # fmt: skip
                if table_rows:
                    conn.executemany(sql, table_rows)

        self._write("store merged events", replace)

    def iter_events(self, filters: EventFilter | None = None) -> Iterator[Event]:
        """Merged events matching ``filters``, by event date (undated first) then id."""
        where, params = filter_sql(filters or EventFilter(), self.sql_dialect)
        for row in self.query("SELECT record FROM events" + where, params):
            yield Event.model_validate_json(row["record"])

    def get_event(self, event_id: str) -> Event | None:
        """One merged event by ``event_id_cnty``."""
        record = self.scalar("SELECT record FROM events WHERE event_id_cnty = ?", (event_id,))
        return Event.model_validate_json(record) if record is not None else None

    def claims_for(self, event_id: str) -> list[Claim]:
        rows = self.query("SELECT * FROM claims WHERE event_id = ? ORDER BY id", (event_id,))
        return [claim_from(row) for row in rows]

    # -- statistics --------------------------------------------------------------------

    def stats(self, pipeline_version: str | None = None) -> StoreStats:
        """Row counts; ``pending`` counts articles not extracted by ``pipeline_version``
        (when None: never extracted at all)."""
        count = self.scalar
        pending_sql = "SELECT count(*) FROM articles WHERE duplicate_of IS NULL AND "
        if pipeline_version is None:
            pending = count(pending_sql + "extracted_version IS NULL")
        else:
            distinct = self.sql_dialect.distinct
            pending = count(pending_sql + f"extracted_version {distinct} ?", (pipeline_version,))
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
