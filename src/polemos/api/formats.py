"""An event page as JSON, GeoJSON or CSV (the next cursor travels in ``X-Next-Cursor``)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from fastapi.responses import JSONResponse, Response

from polemos.api.query import LIST_COLUMNS, Page
from polemos.errors import UsageError

FORMATS = ("json", "geojson", "csv")
CSV_COLUMNS = tuple(c for c in LIST_COLUMNS if c != "article_ids")


def _headers(page: Page) -> dict[str, str]:
    headers = {"X-Page-Limit": str(page.limit)}
    if page.next_cursor:
        headers["X-Next-Cursor"] = page.next_cursor
    if page.total is not None:
        headers["X-Total-Count"] = str(page.total)
    return headers


def _meta(page: Page) -> dict[str, Any]:
    return {"next_cursor": page.next_cursor, "limit": page.limit, "sort": page.sort,
            "total": page.total}  # fmt: skip


def _feature(row: dict[str, Any]) -> dict[str, Any]:
    geometry = None
    if row["latitude"] is not None and row["longitude"] is not None:
        geometry = {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]}
    properties = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
    return {"type": "Feature", "id": row["event_id_cnty"], "geometry": geometry,
            "properties": properties}  # fmt: skip


def _csv_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas (untrusted text) the way OWASP advises."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def _csv(page: Page) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in page.rows:
        writer.writerow([_csv_cell(row[c]) for c in CSV_COLUMNS])
    return buffer.getvalue()


def render_page(page: Page, fmt: str) -> Response:
    """The page in ``fmt`` with paging headers."""
    headers = _headers(page)
    if fmt == "json":
        return JSONResponse({"events": page.rows, **_meta(page)}, headers=headers)
    if fmt == "geojson":
        body = {"type": "FeatureCollection", "features": [_feature(r) for r in page.rows],
                **_meta(page)}  # fmt: skip
        return Response(
            json.dumps(body, ensure_ascii=False),
            media_type="application/geo+json",
            headers=headers,
        )
    if fmt == "csv":
        headers["Content-Disposition"] = 'attachment; filename="events.csv"'
        return Response(_csv(page), media_type="text/csv; charset=utf-8", headers=headers)
    raise UsageError(f"format: expected one of {', '.join(FORMATS)}, got {fmt!r}")
