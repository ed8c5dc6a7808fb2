"""Reading events for the API: filters, sorting, keyset pages and aggregates in portable SQL.

Every value reaches the database as a ``?`` parameter; column names come only from the
allow-lists below, never from the request.  Cursors are opaque (base64url JSON of the last
row's sort key and id, tied to the sort they were made for).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from polemos.errors import StoreError, UsageError
from polemos.store.base import Store
from polemos.store.sql import box_clauses

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500

#: Columns a list row carries (``article_ids`` is decoded from JSON).
LIST_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp", "article_ids",
)  # fmt: skip

#: Sortable keys and the SQL expression each sorts by (NULL-free, so keysets compare).
SORT_KEYS: dict[str, str] = {
    "event_date": "COALESCE(event_date, '')",
    "fatalities": "fatalities",
    "country": "country",
    "admin1": "admin1",
    "event_type": "event_type",
    "sub_event_type": "sub_event_type",
    "actor1": "actor1",
    "actor2": "actor2",
    "location": "location",
    "source": "source",
    "timestamp": "timestamp",
}
DEFAULT_SORT = "-event_date"
_ACTOR_COLUMNS = ("actor1", "actor2")
_ASSOC_COLUMNS = ("assoc_actor_1", "assoc_actor_2")


@dataclass(frozen=True)
class EventQuery:
    """The filters shared by the event list, the timeline and the map."""

    since: date | None = None
    until: date | None = None
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    countries: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    actor_names: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    min_fatalities: int | None = None
    text: str | None = None


@dataclass
class Page:
    rows: list[dict[str, Any]]
    next_cursor: str | None
    limit: int
    sort: str
    total: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def parse_bbox(raw: str | None) -> tuple[float, float, float, float] | None:
    """``min_lon,min_lat,max_lon,max_lat`` as floats, checked."""
    if raw is None or raw == "":
        return None
    parts = raw.split(",")
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        values = ()
    if len(values) != 4 or any(v != v for v in values):
        raise UsageError(f"bbox: expected min_lon,min_lat,max_lon,max_lat numbers, got {raw!r}")
    min_lon, min_lat, max_lon, max_lat = values
    if not (-90 <= min_lat <= max_lat <= 90 and -180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise UsageError(f"bbox: out of range or min > max: {raw!r}")
    return min_lon, min_lat, max_lon, max_lat


def like_pattern(text: str) -> str:
    """``%text%`` for ``LIKE ... ESCAPE '\\'`` with the wildcards in ``text`` escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def _in_list(column: str, values: Sequence[str], params: list[Any]) -> str:
    params.extend(v.lower() for v in values)
    return f"LOWER({column}) IN ({', '.join('?' for _ in values)})"


def _bbox_clause(bbox: tuple[float, float, float, float], params: list[Any]) -> str:
    clauses, box_params = box_clauses(bbox)  # the store's, antimeridian included
    params.extend(box_params)
    return " AND ".join(clauses)


def _actor_clause(names: Sequence[str], params: list[Any]) -> str:
    parts = [_in_list(column, names, params) for column in _ACTOR_COLUMNS]
    for column in _ASSOC_COLUMNS:
        for name in names:
            parts.append(f"LOWER({column}) LIKE ? ESCAPE '\\'")
            params.append(like_pattern(name))
    return "(" + " OR ".join(parts) + ")"


def _source_clause(sources: Sequence[str], params: list[Any]) -> str:
    """``source`` holds ``"A; B"`` for merged events: match whole list items."""
    parts = []
    for source in sources:
        parts.append("LOWER('; ' || source || '; ') LIKE ? ESCAPE '\\'")
        params.append(like_pattern(f"; {source}; "))
    return "(" + " OR ".join(parts) + ")"


def where_sql(q: EventQuery) -> tuple[str, list[Any]]:
    """``WHERE ...`` (or empty) for ``q`` and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    if q.since is not None:
        clauses.append("event_date >= ?")
        params.append(q.since.isoformat())
    if q.until is not None:
        clauses.append("event_date <= ?")
        params.append(q.until.isoformat())
    if q.bbox is not None:
        clauses.append(_bbox_clause(q.bbox, params))
    for column, values in (
        ("country", q.countries),
        ("admin1", q.admin1),
        ("event_type", q.event_types),
        ("sub_event_type", q.sub_event_types),
    ):
        if values:
            clauses.append(_in_list(column, values, params))
    if q.actor_names:
        clauses.append(_actor_clause(q.actor_names, params))
    if q.sources:
        clauses.append(_source_clause(q.sources, params))
    if q.min_fatalities is not None:
        clauses.append("fatalities >= ?")
        params.append(q.min_fatalities)
    if q.text:
        clauses.append("LOWER(notes) LIKE ? ESCAPE '\\'")
        params.append(like_pattern(q.text))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


# -- sorting and cursors --------------------------------------------------------------


def parse_sort(raw: str | None) -> tuple[str, bool]:
    """``(key, descending)`` from ``key`` or ``-key``; only allow-listed keys."""
    text = raw or DEFAULT_SORT
    descending = text.startswith("-")
    key = text[1:] if descending else text
    if key not in SORT_KEYS:
        allowed = ", ".join(sorted(SORT_KEYS))
        raise UsageError(f"sort: unknown key {key!r}; use one of {allowed} (prefix - for desc)")
    return key, descending


def encode_cursor(sort: str, value: Any, event_id: str) -> str:
    raw = json.dumps([sort, value, event_id], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    """The ``(sort value, event id)`` a cursor made for ``sort`` points after."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        made_for, value, event_id = json.loads(raw.decode("utf-8"))
    except (ValueError, binascii.Error, UnicodeDecodeError, TypeError):
        raise UsageError("cursor: not a cursor this API issued") from None
    valid_value = isinstance(value, str | int) and not isinstance(value, bool)
    if made_for != sort or not valid_value or not isinstance(event_id, str):
        raise UsageError("cursor: it belongs to another sort order or is damaged")
    return value, event_id


def _page_size(limit: int | None) -> int:
    size = DEFAULT_PAGE_SIZE if limit is None else limit
    if size < 1:
        raise UsageError(f"limit: must be at least 1, got {size}")
    return min(size, MAX_PAGE_SIZE)


def _row_dict(row: Any) -> dict[str, Any]:
    data = {name: row[name] for name in LIST_COLUMNS}
    data["article_ids"] = json.loads(data["article_ids"] or "[]")
    return data


def count_events(store: Store, q: EventQuery) -> int:
    where, params = where_sql(q)
    return int(store.scalar(f"SELECT COUNT(*) FROM events{where}", params) or 0)


def list_events(
    store: Store,
    q: EventQuery,
    sort: str | None = None,
    cursor: str | None = None,
    limit: int | None = None,
    with_total: bool = True,
) -> Page:
    """One page of events matching ``q``; ``next_cursor`` is None on the last page."""
    key, descending = parse_sort(sort)
    sort_text = f"-{key}" if descending else key
    size = _page_size(limit)
    expr = SORT_KEYS[key]
    where, params = where_sql(q)
    page_where, page_params = where, list(params)
    if cursor:
        value, last_id = decode_cursor(cursor, sort_text)
        op = "<" if descending else ">"
        joiner = " AND " if page_where else " WHERE "
        # (key, id) after the cursor, written so that an index on (key, id) is searched
        page_where += f"{joiner}{expr} {op}= ? AND ({expr} {op} ? OR event_id_cnty {op} ?)"
        page_params.extend([value, value, last_id])
    direction = "DESC" if descending else "ASC"
    columns = ", ".join(f'"{c}"' for c in LIST_COLUMNS)
    sql = (
        f"SELECT {columns}, {expr} AS sort_value FROM events{page_where} "
        f"ORDER BY {expr} {direction}, event_id_cnty {direction} LIMIT ?"
    )
    fetched = list(store.query(sql, [*page_params, size + 1]))
    rows = [_row_dict(r) for r in fetched[:size]]
    next_cursor = None
    if len(fetched) > size:
        last = fetched[size - 1]
        next_cursor = encode_cursor(sort_text, last["sort_value"], last["event_id_cnty"])
    total = count_events(store, q) if with_total and not cursor else None
    return Page(rows=rows, next_cursor=next_cursor, limit=size, sort=sort_text, total=total)


# -- aggregates -----------------------------------------------------------------------

INTERVALS = ("day", "week", "month")


def bucket_start(day: str, interval: str) -> str:
    """The first day (ISO) of the ``interval`` bucket holding ``day``; weeks start on Monday."""
    if interval == "day":
        return day
    if interval == "month":
        return day[:8] + "01"
    parsed = date.fromisoformat(day)
    return date.fromordinal(parsed.toordinal() - parsed.weekday()).isoformat()


def _bucket(start: str) -> dict[str, Any]:
    return {"start": start, "total": 0, "fatalities": 0, "by_type": {}}


def auto_interval(store: Store, q: EventQuery) -> str:
    """``day`` for spans up to 92 days, ``week`` up to 3 years, else ``month``."""
    where, params = where_sql(q)
    rows = list(store.query(f"SELECT MIN(event_date) AS a, MAX(event_date) AS b FROM events{where}",
                            params))  # fmt: skip
    first, last = (rows[0]["a"], rows[0]["b"]) if rows else (None, None)
    if not first or not last:
        return "day"
    days = (date.fromisoformat(last) - date.fromisoformat(first)).days
    return "day" if days <= 92 else "week" if days <= 3 * 366 else "month"


def timeline(store: Store, q: EventQuery, interval: str = "day") -> dict[str, Any]:
    """Event counts (and fatalities) per ``interval`` bucket and event type, dated events.

    ``interval`` is ``day``, ``week`` (buckets start on Mondays), ``month`` or ``auto``.
    """
    if interval == "auto":
        interval = auto_interval(store, q)
    if interval not in INTERVALS:
        raise UsageError(f"interval: expected day, week, month or auto, got {interval!r}")
    base, params = where_sql(q)
    joiner = " AND " if base else " WHERE "
    # Days and months group in SQL (portable substr); weeks fold from days here, which
    # keeps the SQL the same on every backend.  An index on (event_date, event_type,
    # fatalities) covers both.
    day = "substr(event_date, 1, 7) || '-01'" if interval == "month" else "event_date"
    sql = (
        f"SELECT {day} AS day, event_type, COUNT(*) AS n, SUM(fatalities) AS deaths "
        f"FROM events{base}{joiner}event_date IS NOT NULL "
        "GROUP BY 1, 2 ORDER BY 1, 2"
    )
    buckets: dict[str, dict[str, Any]] = {}
    types: set[str] = set()
    for row in store.query(sql, params):
        start = bucket_start(row["day"], interval)
        entry = buckets.setdefault(start, _bucket(start))
        kind = row["event_type"]
        entry["by_type"][kind] = entry["by_type"].get(kind, 0) + int(row["n"])
        entry["total"] += int(row["n"])
        entry["fatalities"] += int(row["deaths"] or 0)
        types.add(kind)
    undated = store.scalar(f"SELECT COUNT(*) FROM events{base}{joiner}event_date IS NULL", params)
    return {
        "interval": interval,
        "types": sorted(types),
        "buckets": list(buckets.values()),
        "undated": int(undated or 0),
    }


def sources(store: Store) -> list[dict[str, Any]]:
    """Every source named by events or articles, with event and article counts."""
    counts: dict[str, dict[str, Any]] = {}

    def entry(name: str) -> dict[str, Any]:
        return counts.setdefault(name, {"source": name, "events": 0, "articles": 0})

    for row in store.query("SELECT source, COUNT(*) AS n FROM events GROUP BY source"):
        for name in {s.strip() for s in (row["source"] or "").split(";") if s.strip()}:
            entry(name)["events"] += int(row["n"])
    sql = "SELECT source, COUNT(*) AS n FROM articles WHERE source IS NOT NULL GROUP BY source"
    for row in store.query(sql):
        if row["source"]:
            entry(row["source"])["articles"] += int(row["n"])
    for name, meta in _registry(store).items():
        entry(name).update(meta)
    return sorted(counts.values(), key=lambda s: (-s["events"], s["source"].lower()))


REGISTRY_FIELDS = ("domain", "source_scale", "type", "affiliation", "reliability", "origin")


def _registry(store: Store) -> dict[str, dict[str, Any]]:
    """The source registry's metadata by name (``polemos.sources``; empty before it syncs)."""
    sql = f"SELECT name, {', '.join(REGISTRY_FIELDS)} FROM sources"
    try:
        return {r["name"]: {k: r[k] for k in REGISTRY_FIELDS} for r in store.query(sql)}
    except StoreError:
        return {}  # a database from before the registry (migration 4)


def facets(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Distinct values (with counts) of the columns the filter bar offers."""
    out: dict[str, list[dict[str, Any]]] = {}
    for column in ("event_type", "sub_event_type", "country", "admin1"):
        sql = (
            f"SELECT {column} AS value, COUNT(*) AS n FROM events WHERE {column} <> '' "
            f"GROUP BY {column} ORDER BY n DESC, {column}"
        )
        out[column] = [{"value": r["value"], "count": int(r["n"])} for r in store.query(sql)]
    return out
