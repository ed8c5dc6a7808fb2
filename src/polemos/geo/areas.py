"""Area centres of admin1 units: the middle of the land each unit covers, not of its towns.

GeoNames places a province's point near the middle of its territory.  The towns of a
northern province cluster along its southern edge (Ontario's towns lie within 300 km of the
US border, its territory reaches 1,000 km further north), so a point computed from towns
alone lands far south of GeoNames' own.  Without boundary data in any installed package, the
land of each unit is estimated instead: a grid over the country's outline (the low-resolution
GeoJSON that ``countryinfo`` ships) is cut into cells, each land cell goes to the unit of its
nearest town, and a unit's centre is the area-weighted mean of its cells.  On the dev sets'
admin1 mentions this puts 1,125 of 1,194 within 161 km of GeoNames' point (the trimmed box
of towns: 1,097); see docs/geocoder.md.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

#: Grid cells per country at most (the cell side grows with the country's extent).
MAX_CELLS = 20_000
#: The finest cell side in degrees (small countries).
MIN_STEP = 0.05

#: One town: latitude, longitude and the id of the unit it lies in.
Member = tuple[float, float, int]
Ring = np.ndarray  # (n, 2) array of longitude, latitude


def country_outlines() -> dict[str, list[Ring]]:
    """ISO2 -> the outer rings of the country's polygons, from ``countryinfo``'s GeoJSON."""
    from countryinfo import all_countries

    outlines: dict[str, list[Ring]] = {}
    for country in all_countries():
        code = country.iso(2)
        rings = _rings(country.info().get("geoJSON") or {})
        if code and rings:
            outlines[str(code)] = rings
    return outlines


def _rings(geojson: dict[str, object]) -> list[Ring]:
    rings: list[Ring] = []
    features = geojson.get("features")
    for feature in features if isinstance(features, list) else []:
        geometry = feature.get("geometry") or {}
        coordinates = geometry.get("coordinates") or []
        polygons = coordinates if geometry.get("type") == "MultiPolygon" else [coordinates]
        for polygon in polygons:
            if polygon and len(polygon[0]) >= 3:
                rings.append(np.asarray(polygon[0], dtype=float)[:, :2])
    return rings


def inside(lon: np.ndarray, lat: np.ndarray, ring: Ring) -> np.ndarray:
    """Which points lie inside ``ring`` (even-odd rule, one pass per edge)."""
    result = np.zeros(lon.shape, dtype=bool)
    x1, y1 = ring[:, 0], ring[:, 1]
    x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
    for ax, ay, bx, by in zip(x1, y1, x2, y2, strict=True):
        if ay == by:
            continue  # a horizontal edge never crosses a horizontal ray
        crosses = (ay > lat) != (by > lat)
        result ^= crosses & (lon < (bx - ax) * (lat - ay) / (by - ay) + ax)
    return result


def land_cells(rings: Sequence[Ring]) -> tuple[np.ndarray, np.ndarray]:
    """Latitudes and longitudes of the grid cells whose centre lies on the country's land."""
    points = np.vstack(rings)
    lon0, lat0 = points.min(axis=0)
    lon1, lat1 = points.max(axis=0)
    step = max(MIN_STEP, math.sqrt((lon1 - lon0) * (lat1 - lat0) / MAX_CELLS))
    grid_lon, grid_lat = np.meshgrid(
        np.arange(lon0 + step / 2, lon1, step), np.arange(lat0 + step / 2, lat1, step)
    )
    lon, lat = grid_lon.ravel(), grid_lat.ravel()
    on_land = np.zeros(lon.shape, dtype=bool)
    for ring in rings:
        on_land |= inside(lon, lat, ring)
    return lat[on_land], lon[on_land]


def _flat(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Equirectangular coordinates: good enough to find the nearest town."""
    return np.column_stack([lat, lon * np.cos(np.radians(lat))])


def area_centres(
    members: Sequence[Member], rings: Sequence[Ring]
) -> dict[int, tuple[float, float]]:
    """Unit id -> the area-weighted centre of the land cells nearest to the unit's towns."""
    from scipy.spatial import cKDTree

    if len(members) < 2 or not rings:
        return {}
    lat, lon = land_cells(rings)
    if not len(lat):
        return {}
    towns = np.array([(m[0], m[1]) for m in members], dtype=float)
    _dist, nearest = cKDTree(_flat(towns[:, 0], towns[:, 1])).query(_flat(lat, lon))
    units = np.array([m[2] for m in members])[nearest]
    weight = np.cos(np.radians(lat))  # a cell's area shrinks towards the poles
    centres: dict[int, tuple[float, float]] = {}
    for unit in np.unique(units):
        mine = units == unit
        total = weight[mine].sum()
        centres[int(unit)] = (
            float((lat[mine] * weight[mine]).sum() / total),
            float((lon[mine] * weight[mine]).sum() / total),
        )
    return centres


def admin1_area_centres(members: Sequence[tuple[str, Member]]) -> dict[int, tuple[float, float]]:
    """Area centres of every country's admin1 units, from ``(ISO2, member)`` pairs."""
    by_country: dict[str, list[Member]] = defaultdict(list)
    for code, member in members:
        by_country[code].append(member)
    outlines = country_outlines()
    centres: dict[int, tuple[float, float]] = {}
    for code, towns in by_country.items():
        centres.update(area_centres(towns, outlines.get(code, [])))
    return centres
