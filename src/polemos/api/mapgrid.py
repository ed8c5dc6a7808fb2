"""Map data: individual points when few events match, grid cells binned in SQL otherwise.

The grid keeps the map responsive with 100k events: the browser draws at most a few
thousand markers whatever the database holds.  Cells are ``360 / 2**zoom / 4`` degrees
wide (about 64 screen pixels at that web-map zoom).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from polemos.api.query import EventQuery, where_sql
from polemos.errors import UsageError
from polemos.store.base import Store

POINT_LIMIT = 2000
MAX_ZOOM = 18

_CELL_INDEX = {
    "sqlite": "CAST(({column} + {offset}) / ? AS INTEGER)",
    "postgresql": "CAST(FLOOR(({column} + {offset}) / ?) AS INTEGER)",
}


def cell_degrees(zoom: int) -> float:
    if not 0 <= zoom <= MAX_ZOOM:
        raise UsageError(f"zoom: expected 0..{MAX_ZOOM}, got {zoom}")
    return 360.0 / (2**zoom) / 4


def _cell_expr(dialect: str, column: str, offset: int) -> str:
    template = _CELL_INDEX.get(dialect)
    if template is None:
        raise UsageError(f"the map grid is not available on a {dialect} store")
    return template.format(column=column, offset=offset)


def _located(q: EventQuery) -> tuple[str, list[Any]]:
    where, params = where_sql(q)
    joiner = " AND " if where else " WHERE "
    return f"{where}{joiner}latitude IS NOT NULL AND longitude IS NOT NULL", params


def _points(store: Store, where: str, params: list[Any]) -> list[dict[str, Any]]:
    sql = (
        "SELECT event_id_cnty, latitude, longitude, event_type, sub_event_type, event_date, "
        f"fatalities, location FROM events{where} ORDER BY event_id_cnty"
    )
    return [
        {
            "id": r["event_id_cnty"],
            "lat": r["latitude"],
            "lon": r["longitude"],
            "event_type": r["event_type"],
            "sub_event_type": r["sub_event_type"],
            "event_date": r["event_date"],
            "fatalities": r["fatalities"],
            "location": r["location"],
        }  # fmt: skip
        for r in store.query(sql, params)
    ]


def _cells(store: Store, where: str, params: list[Any], size: float) -> list[dict[str, Any]]:
    gy = _cell_expr(store.dialect, "latitude", 90)
    gx = _cell_expr(store.dialect, "longitude", 180)
    sql = (
        f"SELECT {gy} AS gy, {gx} AS gx, event_type, COUNT(*) AS n, AVG(latitude) AS lat, "
        f"AVG(longitude) AS lon, SUM(fatalities) AS deaths FROM events{where} "
        "GROUP BY 1, 2, 3"
    )
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for row in store.query(sql, [size, size, *params]):
        key = (int(row["gy"]), int(row["gx"]))
        cell = cells.setdefault(key, {"lat": 0.0, "lon": 0.0, "count": 0, "fatalities": 0,
                                      "by_type": {}})  # fmt: skip
        n = int(row["n"])
        total = cell["count"] + n
        cell["lat"] = (cell["lat"] * cell["count"] + float(row["lat"]) * n) / total
        cell["lon"] = (cell["lon"] * cell["count"] + float(row["lon"]) * n) / total
        cell["count"] = total
        cell["fatalities"] += int(row["deaths"] or 0)
        cell["by_type"][row["event_type"]] = n
    return sorted(cells.values(), key=lambda c: -c["count"])


def map_data(store: Store, q: EventQuery, zoom: int, bbox_only: bool = True) -> dict[str, Any]:
    """Points (at most ``POINT_LIMIT``) or grid cells for the events matching ``q``."""
    size = cell_degrees(zoom)
    where, params = _located(q if bbox_only else replace(q, bbox=None))
    count = int(store.scalar(f"SELECT COUNT(*) FROM events{where}", params) or 0)
    if count <= POINT_LIMIT:
        return {"mode": "points", "count": count, "points": _points(store, where, params)}
    return {
        "mode": "cells",
        "count": count,
        "cell_degrees": size,
        "cells": _cells(store, where, params, size),
    }
